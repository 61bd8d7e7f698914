//! Hooks the components share.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use yew::prelude::*;

/// A value made from a key and kept across renders, remade when `stale`
/// says so; it can be changed in place, which re-renders the component.
pub struct Kept<T> {
    value: Rc<RefCell<T>>,
    update: UseForceUpdateHandle,
}

impl<T> Clone for Kept<T> {
    fn clone(&self) -> Self {
        Kept { value: self.value.clone(), update: self.update.clone() }
    }
}

impl<T> Kept<T> {
    pub fn borrow(&self) -> Ref<'_, T> {
        self.value.borrow()
    }

    /// Changes the value in place and re-renders.
    pub fn change(&self, f: impl FnOnce(&mut T)) {
        f(&mut self.value.borrow_mut());
        self.update.force_update();
    }

    /// Replaces the value and re-renders.
    pub fn set(&self, value: T) {
        self.change(|old| *old = value);
    }
}

/// Keeps what `make` made for a key until `stale(kept key, key, kept value)`
/// says it does not fit the key any more.
#[hook]
pub fn use_kept<K, T>(key: K, stale: impl FnOnce(&K, &K, &T) -> bool, make: impl FnOnce(&K) -> T) -> Kept<T>
where
    K: 'static,
    T: 'static,
{
    let slot = use_mut_ref(|| None::<(K, Rc<RefCell<T>>)>);
    let update = use_force_update();
    let mut slot = slot.borrow_mut();
    let kept = match &*slot {
        Some((old, value)) if !stale(old, &key, &value.borrow()) => Some(value.clone()),
        _ => None,
    };
    let value = match kept {
        Some(value) => value,
        None => {
            let value = Rc::new(RefCell::new(make(&key)));
            *slot = Some((key, value.clone()));
            value
        }
    };
    Kept { value, update }
}

/// Keeps what `make` made for `key` until the key changes.
#[hook]
pub fn use_keyed<K, T>(key: K, make: impl FnOnce(&K) -> T) -> Kept<T>
where
    K: PartialEq + 'static,
    T: 'static,
{
    use_kept(key, |old: &K, new: &K, _: &T| old != new, make)
}

//! CPython 3.11's `set` hash table (`Objects/setobject.c`), so that iterating a set gives
//! CPython's order wherever CPython's order is defined: for ints, bools, floats and tuples of
//! them, whose hashes are deterministic (strings hash randomly per process, so for them any
//! order is as right as CPython's).
//!
//! The order is the order of slots in the table, which depends on every step: the probe
//! sequence (linear probes, then perturbation), when the table grows and to what size, the
//! dummy entries removals leave behind, and how `update`/`copy` copy another table. Each of
//! those is ported here as CPython does it; the element type is generic, hashed by the caller
//! and compared through a callback, so the VM keeps its own values.

use crate::runtime::{Exception, PyResult};

/// Slots probed one after another before jumping: cheap on cache lines (setobject.c).
const LINEAR_PROBES: usize = 9;
/// How fast the unused high bits of the hash join the probe sequence (setobject.c).
const PERTURB_SHIFT: u32 = 5;
/// `PySet_MINSIZE`: a new set's table has 8 slots.
const MIN_SIZE: usize = 8;

#[derive(Clone, Debug)]
enum Slot<T> {
    Empty,
    /// Left by a removal so probe chains through it still find what lies beyond.
    Dummy,
    Active {
        hash: i64,
        key: T,
    },
}

/// A set of `T` laid out as CPython lays out a `set`.
#[derive(Clone, Debug)]
pub struct SetTable<T> {
    table: Vec<Slot<T>>,
    /// Active and dummy slots.
    fill: usize,
    /// Active slots: the set's length.
    used: usize,
    /// Where `pop` looks first: just after the last slot it emptied.
    finger: usize,
}

impl<T> Default for SetTable<T> {
    fn default() -> Self {
        SetTable::new()
    }
}

impl<T> SetTable<T> {
    pub fn new() -> SetTable<T> {
        SetTable::with_slots(MIN_SIZE)
    }

    fn with_slots(n: usize) -> SetTable<T> {
        SetTable { table: (0..n).map(|_| Slot::Empty).collect(), fill: 0, used: 0, finger: 0 }
    }

    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// The elements in CPython's iteration order: table order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.table.iter().filter_map(|slot| match slot {
            Slot::Active { key, .. } => Some(key),
            _ => None,
        })
    }

    /// The slot holding an element equal to `key`, or `None` (`set_lookkey`).
    fn find(&self, key: &T, hash: i64, eq: &impl Fn(&T, &T) -> bool) -> Option<usize> {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                match &self.table[j] {
                    Slot::Empty => return None,
                    Slot::Active { hash: h, key: k } if *h == hash && eq(k, key) => return Some(j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    pub fn contains(&self, key: &T, hash: i64, eq: impl Fn(&T, &T) -> bool) -> bool {
        self.find(key, hash, &eq).is_some()
    }

    /// `s.add(key)` (`set_add_entry`): an equal element already there stays; otherwise the key
    /// goes to the last dummy slot on its probe chain, or else to the empty slot ending it.
    /// Filling three fifths of the table grows it.
    pub fn add(&mut self, key: T, hash: i64, eq: impl Fn(&T, &T) -> bool) {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let mut free_slot = None;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                match &self.table[j] {
                    Slot::Empty => {
                        if let Some(free) = free_slot {
                            self.table[free] = Slot::Active { hash, key };
                            self.used += 1;
                            return;
                        }
                        self.table[j] = Slot::Active { hash, key };
                        self.fill += 1;
                        self.used += 1;
                        if self.fill * 5 >= mask * 3 {
                            self.resize(if self.used > 50_000 { self.used * 2 } else { self.used * 4 });
                        }
                        return;
                    }
                    Slot::Active { hash: h, key: k } if *h == hash && eq(k, &key) => return,
                    // CPython 3.11 keeps the *last* dummy of the chain (`freeslot = entry;`).
                    Slot::Dummy => free_slot = Some(j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    /// `s.discard(key)`: true if it was there. Its slot becomes a dummy.
    pub fn discard(&mut self, key: &T, hash: i64, eq: impl Fn(&T, &T) -> bool) -> bool {
        match self.find(key, hash, &eq) {
            Some(j) => {
                self.table[j] = Slot::Dummy;
                self.used -= 1;
                true
            }
            None => false,
        }
    }

    /// `s.pop()`: the first element from the finger on, wrapping around.
    pub fn pop(&mut self) -> PyResult<T> {
        if self.used == 0 {
            return Err(Exception::new("KeyError", "'pop from an empty set'"));
        }
        let mask = self.mask();
        let mut j = self.finger & mask;
        while !matches!(self.table[j], Slot::Active { .. }) {
            j = (j + 1) & mask;
        }
        let Slot::Active { key, .. } = std::mem::replace(&mut self.table[j], Slot::Dummy) else {
            return Err(Exception::new("SystemError", "set table: the slot found is active"));
        };
        self.used -= 1;
        self.finger = j + 1;
        Ok(key)
    }

    pub fn clear(&mut self) {
        *self = SetTable::new();
    }

    /// Puts `key` in the first empty slot of its probe chain: for tables with no dummies and no
    /// equal elements (`set_insert_clean`).
    fn insert_clean(table: &mut [Slot<T>], key: T, hash: i64) {
        let mask = table.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            if let Some(slot) = table[i..=i + probes].iter_mut().find(|slot| matches!(slot, Slot::Empty)) {
                *slot = Slot::Active { hash, key };
                return;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    /// `set_table_resize`: the smallest power of two above `min_used` (at least 8), refilled
    /// in old slot order, dummies dropped.
    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        if size == MIN_SIZE && self.table.len() == MIN_SIZE && self.fill == self.used {
            return; // the small table with no dummies: CPython leaves it as it is
        }
        let old = std::mem::replace(&mut self.table, (0..size).map(|_| Slot::Empty).collect());
        self.fill = self.used;
        for slot in old {
            if let Slot::Active { hash, key } = slot {
                SetTable::insert_clean(&mut self.table, key, hash);
            }
        }
    }
}

impl<T: Clone> SetTable<T> {
    /// `s.update(other)` and `s |= other` for a set or frozenset `other` (`set_merge`): one
    /// resize up front, then other's elements in its slot order, copied slot for slot when
    /// both tables are the same size and `s` is empty.
    pub fn update(&mut self, other: &SetTable<T>, eq: impl Fn(&T, &T) -> bool) {
        if other.used == 0 {
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.table.len() == other.table.len() && other.fill == other.used {
            for (mine, theirs) in self.table.iter_mut().zip(&other.table) {
                if let Slot::Active { .. } = theirs {
                    *mine = theirs.clone();
                }
            }
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for slot in &other.table {
                if let Slot::Active { hash, key } = slot {
                    SetTable::insert_clean(&mut self.table, key.clone(), *hash);
                }
            }
            return;
        }
        for slot in &other.table {
            if let Slot::Active { hash, key } = slot {
                self.add(key.clone(), *hash, &eq);
            }
        }
    }

    /// `s.copy()`, `set(s)`, `frozenset(s)`: a new set updated from this one.
    pub fn copy(&self) -> SetTable<T> {
        let mut new = SetTable::new();
        new.update(self, |_, _| false);
        new
    }

    /// `a | b` and `a.union(b)`: a copy of `a` updated from `b`. When `b` is `a` itself, CPython
    /// only copies: the VM calls [`copy`](Self::copy) then.
    pub fn union(&self, other: &SetTable<T>, eq: impl Fn(&T, &T) -> bool) -> SetTable<T> {
        let mut result = self.copy();
        result.update(other, eq);
        result
    }

    /// `a & b` (`set_intersection`): the smaller set's elements (the other one's on a tie) that
    /// the larger has, added in the smaller's slot order.
    pub fn intersection(&self, other: &SetTable<T>, eq: impl Fn(&T, &T) -> bool) -> SetTable<T> {
        let (big, small) = if other.used > self.used { (other, self) } else { (self, other) };
        let mut result = SetTable::new();
        for slot in &small.table {
            if let Slot::Active { hash, key } = slot {
                if big.find(key, *hash, &eq).is_some() {
                    result.add(key.clone(), *hash, &eq);
                }
            }
        }
        result
    }

    /// `a.intersection_update(b)`, `a &= b`: `a` becomes `a & b`.
    pub fn intersection_update(&mut self, other: &SetTable<T>, eq: impl Fn(&T, &T) -> bool) {
        *self = self.intersection(other, eq);
    }

    /// `a - b` (`set_difference`): when `a` is over four times larger, a copy of `a` with `b`'s
    /// elements discarded; otherwise `a`'s elements not in `b`, added in `a`'s slot order.
    pub fn difference(&self, other: &SetTable<T>, eq: impl Fn(&T, &T) -> bool) -> SetTable<T> {
        if (self.used >> 2) > other.used {
            let mut result = self.copy();
            result.difference_update(other, eq);
            return result;
        }
        let mut result = SetTable::new();
        for slot in &self.table {
            if let Slot::Active { hash, key } = slot {
                if other.find(key, *hash, &eq).is_none() {
                    result.add(key.clone(), *hash, &eq);
                }
            }
        }
        result
    }

    /// `a.difference_update(b)`, `a -= b`: `b`'s elements discarded from `a` (only those also in
    /// `a` when `b` is over eight times larger), then the table rebuilt if over a quarter of it
    /// is dummies. When `b` is `a` itself, CPython clears `a`: the VM calls
    /// [`clear`](Self::clear) then.
    pub fn difference_update(&mut self, other: &SetTable<T>, eq: impl Fn(&T, &T) -> bool) {
        let common;
        let other = if (other.used >> 3) > self.used {
            common = self.intersection(other, &eq);
            &common
        } else {
            other
        };
        for slot in &other.table {
            if let Slot::Active { hash, key } = slot {
                self.discard(key, *hash, &eq);
            }
        }
        if self.fill - self.used > self.mask() / 4 {
            self.resize(if self.used > 50_000 { self.used * 2 } else { self.used * 4 });
        }
    }

    /// `a ^ b` (`set_symmetric_difference`): a copy of `b`, then each element of `a` in slot
    /// order discarded from it, or added if it was not there.
    pub fn symmetric_difference(&self, other: &SetTable<T>, eq: impl Fn(&T, &T) -> bool) -> SetTable<T> {
        let mut result = other.copy();
        result.symmetric_difference_update(self, eq);
        result
    }

    /// `a.symmetric_difference_update(b)`, `a ^= b`. When `b` is `a` itself, CPython clears `a`.
    pub fn symmetric_difference_update(&mut self, other: &SetTable<T>, eq: impl Fn(&T, &T) -> bool) {
        for slot in &other.table {
            if let Slot::Active { hash, key } = slot {
                if !self.discard(key, *hash, &eq) {
                    self.add(key.clone(), *hash, &eq);
                }
            }
        }
    }

    /// `a <= b`: every element of `a` is in `b`.
    pub fn is_subset(&self, other: &SetTable<T>, eq: impl Fn(&T, &T) -> bool) -> bool {
        self.used <= other.used
            && self.table.iter().all(|slot| match slot {
                Slot::Active { hash, key } => other.find(key, *hash, &eq).is_some(),
                _ => true,
            })
    }

    /// The set a display `{a, b, c}` builds, from its elements and their hashes in source order.
    /// CPython 3.11's compiler turns a display of three or more constants into a frozenset
    /// constant (built by adding them in order) and then `BUILD_SET 0; SET_UPDATE`, which
    /// re-inserts the frozenset's slots into a fresh table: another order than adding them.
    /// With fewer elements, or any non-constant, `BUILD_SET n` adds them in order.
    pub fn from_display(items: Vec<(T, i64)>, all_constant: bool, eq: impl Fn(&T, &T) -> bool) -> SetTable<T> {
        let folded = all_constant && items.len() > 2;
        let mut set = SetTable::new();
        for (key, hash) in items {
            set.add(key, hash, &eq);
        }
        if folded {
            let mut display = SetTable::new();
            display.update(&set, &eq);
            return display;
        }
        set
    }
}

/// `hash(t)` for a tuple whose items hash to `item_hashes`: CPython 3.8+'s xxHash-based
/// `tuplehash` (XXH64's round on each item's hash).
pub fn tuple_hash(item_hashes: &[i64]) -> i64 {
    const PRIME_1: u64 = 11_400_714_785_074_694_791;
    const PRIME_2: u64 = 14_029_467_366_897_019_727;
    const PRIME_5: u64 = 2_870_177_450_012_600_261;
    let mut acc = PRIME_5;
    for &h in item_hashes {
        acc = acc.wrapping_add((h as u64).wrapping_mul(PRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME_1);
    }
    acc = acc.wrapping_add((item_hashes.len() as u64) ^ (PRIME_5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

//! The table behind `dict`: entries in insertion order (so a dict iterates in the order its keys
//! were first set, as Python's does since 3.7) and an open-addressed index of them by hash.
//!
//! Equality is the caller's: comparing two keys may run a user's `__eq__`, which may raise, so
//! every lookup takes a fallible `eq`.

/// One key and its value, with the key's hash.
#[derive(Clone, Debug)]
pub struct Entry<K, V> {
    pub hash: i64,
    pub key: K,
    pub value: V,
}

/// Below this many entries a lookup scans them: cheaper than an index for the small dicts most
/// programs build (keyword arguments, records).
const SCAN_LIMIT: usize = 8;
const EMPTY: u32 = u32::MAX;

#[derive(Clone, Debug)]
pub struct DictTable<K, V> {
    entries: Vec<Option<Entry<K, V>>>,
    /// Positions in `entries`, open-addressed by hash (linear probing); empty while scanning.
    index: Vec<u32>,
    len: usize,
}

impl<K, V> Default for DictTable<K, V> {
    fn default() -> Self {
        DictTable { entries: Vec::new(), index: Vec::new(), len: 0 }
    }
}

impl<K, V> DictTable<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_capacity(n: usize) -> Self {
        DictTable { entries: Vec::with_capacity(n), index: Vec::new(), len: 0 }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry<K, V>> {
        self.entries.iter().flatten()
    }

    /// The live entry at or after position `pos` (for iterators that keep a position), with the
    /// position after it.
    pub fn entry_from(&self, pos: usize) -> Option<(usize, &Entry<K, V>)> {
        let mut p = pos;
        while p < self.entries.len() {
            if let Some(e) = &self.entries[p] {
                return Some((p + 1, e));
            }
            p += 1;
        }
        None
    }

    /// How many positions entries occupy (live or deleted): iterators use it to notice changes.
    pub fn positions(&self) -> usize {
        self.entries.len()
    }

    pub fn clear(&mut self) {
        *self = DictTable::default();
    }

    /// The position of the entry whose key equals `key`.
    pub fn find<E>(
        &self,
        hash: i64,
        key: &K,
        eq: &mut dyn FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<Option<usize>, E> {
        if self.index.is_empty() {
            for (i, e) in self.entries.iter().enumerate() {
                if let Some(e) = e {
                    if e.hash == hash && eq(&e.key, key)? {
                        return Ok(Some(i));
                    }
                }
            }
            return Ok(None);
        }
        let mask = self.index.len() - 1;
        let mut slot = (hash as u64 as usize) & mask;
        loop {
            let pos = self.index[slot];
            if pos == EMPTY {
                return Ok(None);
            }
            if let Some(e) = &self.entries[pos as usize] {
                if e.hash == hash && eq(&e.key, key)? {
                    return Ok(Some(pos as usize));
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    pub fn get<E>(&self, hash: i64, key: &K, eq: &mut dyn FnMut(&K, &K) -> Result<bool, E>) -> Result<Option<&V>, E> {
        Ok(self.find(hash, key, eq)?.and_then(|i| self.entries[i].as_ref().map(|e| &e.value)))
    }

    pub fn entry_at(&self, pos: usize) -> Option<&Entry<K, V>> {
        self.entries.get(pos).and_then(|e| e.as_ref())
    }

    pub fn value_at_mut(&mut self, pos: usize) -> Option<&mut V> {
        self.entries.get_mut(pos).and_then(|e| e.as_mut()).map(|e| &mut e.value)
    }

    /// Sets `key` to `value`: an existing key keeps its place (and its first key object), a new
    /// one goes last. Returns the old value.
    pub fn insert<E>(
        &mut self,
        hash: i64,
        key: K,
        value: V,
        eq: &mut dyn FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<Option<V>, E> {
        if let Some(pos) = self.find(hash, &key, eq)? {
            let entry = self.entries[pos].as_mut().map(|e| &mut e.value);
            return Ok(entry.map(|slot| std::mem::replace(slot, value)));
        }
        self.push_new(hash, key, value);
        Ok(None)
    }

    /// Appends an entry whose key the caller knows is not in the table.
    pub fn push_new(&mut self, hash: i64, key: K, value: V) {
        self.entries.push(Some(Entry { hash, key, value }));
        self.len += 1;
        let pos = (self.entries.len() - 1) as u32;
        if self.index.is_empty() {
            if self.entries.len() > SCAN_LIMIT {
                self.rebuild();
            }
        } else if self.entries.len() * 3 >= self.index.len() * 2 {
            self.rebuild();
        } else {
            self.place(hash, pos);
        }
    }

    fn place(&mut self, hash: i64, pos: u32) {
        let mask = self.index.len() - 1;
        let mut slot = (hash as u64 as usize) & mask;
        while self.index[slot] != EMPTY {
            slot = (slot + 1) & mask;
        }
        self.index[slot] = pos;
    }

    /// Drops deleted entries and rebuilds the index for the live ones.
    fn rebuild(&mut self) {
        if self.len < self.entries.len() {
            self.entries.retain(|e| e.is_some());
        }
        if self.entries.len() <= SCAN_LIMIT {
            self.index = Vec::new();
            return;
        }
        let size = (self.entries.len() * 2).next_power_of_two().max(16);
        self.index = vec![EMPTY; size];
        let hashes: Vec<i64> = self.entries.iter().flatten().map(|e| e.hash).collect();
        for (pos, hash) in hashes.into_iter().enumerate() {
            self.place(hash, pos as u32);
        }
    }

    /// Removes the entry at `pos`, returning it.
    pub fn remove_at(&mut self, pos: usize) -> Option<Entry<K, V>> {
        let entry = self.entries.get_mut(pos)?.take()?;
        self.len -= 1;
        // Deleted entries stay as holes (iterators keep positions); the index is rebuilt when
        // holes are many, and never holds a hole's position once rebuilt.
        if self.entries.len() > 2 * self.len + SCAN_LIMIT || self.len == 0 {
            self.rebuild();
        } else if !self.index.is_empty() {
            // Keep probing chains intact: the hole stays in the index and is skipped by `find`.
        }
        Some(entry)
    }

    pub fn remove<E>(
        &mut self,
        hash: i64,
        key: &K,
        eq: &mut dyn FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<Option<Entry<K, V>>, E> {
        match self.find(hash, key, eq)? {
            Some(pos) => Ok(self.remove_at(pos)),
            None => Ok(None),
        }
    }

    /// `popitem()`: the last entry.
    pub fn pop_last(&mut self) -> Option<Entry<K, V>> {
        let pos = self.entries.iter().rposition(|e| e.is_some())?;
        self.remove_at(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eq(a: &i64, b: &i64) -> Result<bool, ()> {
        Ok(a == b)
    }

    #[test]
    fn keeps_insertion_order_through_updates_removals_and_growth() {
        let mut t: DictTable<i64, i64> = DictTable::new();
        for k in 0..100 {
            t.insert(k % 7, k, k * 10, &mut eq).unwrap();
        }
        t.insert(3, 3, -1, &mut eq).unwrap();
        for k in (0..100).step_by(2) {
            t.remove(k % 7, &k, &mut eq).unwrap();
        }
        let keys: Vec<i64> = t.iter().map(|e| e.key).collect();
        assert_eq!(keys, (1..100).step_by(2).collect::<Vec<_>>());
        assert_eq!(t.get(3, &3, &mut eq).unwrap(), Some(&-1));
        assert_eq!(t.get(4, &4, &mut eq).unwrap(), None);
        assert_eq!(t.len(), 50);
        t.insert(0, 0, 0, &mut eq).unwrap();
        assert_eq!(t.iter().last().map(|e| e.key), Some(0));
        assert_eq!(t.pop_last().map(|e| e.key), Some(0));
    }
}

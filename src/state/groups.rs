//! [`GroupTable`]: the typed in-memory state table of a windowed operator. Groups are found by
//! their key bytes through a hash index and kept in slots that are reused once freed, so the
//! hot path does no per-row allocation and no serialization.

use std::collections::HashMap;

/// Groups by byte key, each with a stable `u32` id while it lives.
pub struct GroupTable<V> {
    index: HashMap<Box<[u8]>, u32, ahash::RandomState>,
    slots: Vec<Option<(Box<[u8]>, V)>>,
    free: Vec<u32>,
}

impl<V> Default for GroupTable<V> {
    fn default() -> Self {
        // Fixed seeds: nothing iterates the index, and runs stay reproducible.
        let hasher = ahash::RandomState::with_seeds(0x6b64_616c, 0x6974_6521, 0x7374_6174, 0x6520_7462);
        GroupTable { index: HashMap::with_hasher(hasher), slots: Vec::new(), free: Vec::new() }
    }
}

impl<V> GroupTable<V> {
    /// The id of the group with `key`, made with `make` if there is none; `true` if it is new.
    pub fn get_or_insert_with(&mut self, key: &[u8], make: impl FnOnce() -> V) -> (u32, bool) {
        if let Some(&id) = self.index.get(key) {
            return (id, false);
        }
        let boxed: Box<[u8]> = key.into();
        let slot = Some((boxed.clone(), make()));
        let id = match self.free.pop() {
            Some(id) => {
                self.slots[id as usize] = slot;
                id
            }
            None => {
                self.slots.push(slot);
                (self.slots.len() - 1) as u32
            }
        };
        self.index.insert(boxed, id);
        (id, true)
    }

    /// The id of the group with `key`, if there is one.
    pub fn find(&self, key: &[u8]) -> Option<u32> {
        self.index.get(key).copied()
    }

    /// The group with `id`. Ids come from this table and live until removed.
    pub fn get(&self, id: u32) -> &V {
        &self.slots[id as usize].as_ref().expect("a live group id").1
    }

    /// The group with `id`, if it is live (ids kept in side indexes may have been removed).
    pub fn try_get_mut(&mut self, id: u32) -> Option<&mut V> {
        self.slots.get_mut(id as usize)?.as_mut().map(|(_, v)| v)
    }

    /// The group with `id`, to update.
    pub fn get_mut(&mut self, id: u32) -> &mut V {
        &mut self.slots[id as usize].as_mut().expect("a live group id").1
    }

    pub fn key(&self, id: u32) -> &[u8] {
        &self.slots[id as usize].as_ref().expect("a live group id").0
    }

    /// Takes the group out; its id may be reused.
    pub fn remove(&mut self, id: u32) -> (Box<[u8]>, V) {
        let (key, value) = self.slots[id as usize].take().expect("a live group id");
        self.index.remove(&key);
        self.free.push(id);
        (key, value)
    }

    /// Number of live groups.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_reused_after_removal() {
        let mut t: GroupTable<u32> = GroupTable::default();
        let (a, new_a) = t.get_or_insert_with(b"a", || 1);
        let (b, _) = t.get_or_insert_with(b"b", || 2);
        assert!(new_a);
        assert_eq!(t.get_or_insert_with(b"a", || 9), (a, false));
        *t.get_mut(b) += 10;
        assert_eq!(t.remove(b), (b"b".to_vec().into_boxed_slice(), 12));
        let (c, _) = t.get_or_insert_with(b"c", || 3);
        assert_eq!(c, b, "the freed slot is reused");
        assert_eq!(t.key(c), b"c");
        assert_eq!(t.len(), 2);
    }
}

//! A memo of work done once per string literal or call chain of a file (its text, its parse
//! as a select string or a logic filter, the calls of a chain) that forgets what the file's
//! hits stopped asking for, so that the memory a file's classification holds is bounded by
//! what its recent hits use rather than growing with every string of the file.

use std::collections::HashMap;
use std::hash::Hash;

/// What a memo holds in one generation: the sum of its entries' weights, an estimate of the
/// bytes each takes (see [`weight`]).
const GENERATION: usize = 4 << 20;

/// The estimated size of an entry made from `len` bytes of text: its value (a parse is a few
/// times its text) and the bookkeeping around it.
pub(crate) fn weight(len: usize) -> usize {
    256 + 4 * len
}

/// Two generations: an entry is made into the young one; once the young one weighs a
/// generation it becomes the old one and the old one is dropped; an old entry that is asked
/// for moves back to the young one. So an entry goes only after a whole generation unused,
/// and as hits ask for what their own chain uses, one after the other, nothing is made twice
/// unless a chain spans more than a generation's worth of other strings.
pub(crate) struct Aging<K, V> {
    young: HashMap<K, (V, usize)>,
    old: HashMap<K, (V, usize)>,
    /// The young generation's weight.
    weight: usize,
}

impl<K, V> Default for Aging<K, V> {
    fn default() -> Self {
        Aging {
            young: HashMap::new(),
            old: HashMap::new(),
            weight: 0,
        }
    }
}

impl<K: Hash + Eq + Copy, V: Clone> Aging<K, V> {
    /// The value kept for `key`, if it is still kept.
    pub(crate) fn get(&mut self, key: K) -> Option<V> {
        if let Some((v, _)) = self.young.get(&key) {
            return Some(v.clone());
        }
        let (v, w) = self.old.remove(&key)?;
        self.insert(key, v.clone(), w);
        Some(v)
    }

    /// Keeps `value` for `key`; `weight` is its estimated size.
    pub(crate) fn insert(&mut self, key: K, value: V, weight: usize) {
        if self.weight > 0 && self.weight + weight > GENERATION {
            self.old = std::mem::take(&mut self.young);
            self.weight = 0;
        }
        self.weight += weight;
        self.young.insert(key, (value, weight));
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_of_a_big_file_stays_within_two_generations() {
        let mut m: Aging<usize, usize> = Aging::default();
        let w = weight(100);
        for k in 0..1_000_000 {
            m.insert(k, k, w);
            // What a chain asks for again soon is still there.
            if k > 0 {
                assert_eq!(m.get(k - 1), Some(k - 1));
            }
        }
        assert!(m.len() * w <= 2 * GENERATION + 2 * w, "{} entries", m.len());
        assert_eq!(m.get(0), None);
    }

    #[test]
    fn an_entry_asked_for_every_generation_is_never_dropped() {
        let mut m: Aging<usize, usize> = Aging::default();
        // Bigger than a generation by itself.
        m.insert(0, 7, 2 * GENERATION);
        for k in 1..100_000 {
            m.insert(k, k, weight(1000));
            assert_eq!(m.get(0), Some(7), "{k}");
        }
    }
}

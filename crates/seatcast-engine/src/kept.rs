//! The engine's kept results: small keyed caches behind a lock, so the
//! worker's threads share them. A result is worked out outside the lock (a
//! backtest can take a second) and kept when done; the oldest goes first.

use std::sync::Mutex;

pub struct Kept<K, V> {
    items: Mutex<Vec<(K, V)>>,
    capacity: usize,
}

impl<K: PartialEq, V: Clone> Kept<K, V> {
    pub fn new(capacity: usize) -> Kept<K, V> {
        Kept {
            items: Mutex::new(Vec::new()),
            capacity: capacity.max(1),
        }
    }

    /// The value kept for the key, else `make`'s, kept from now on.
    pub fn get_or(&self, key: K, make: impl FnOnce() -> V) -> V {
        if let Ok(items) = self.items.lock()
            && let Some((_, v)) = items.iter().find(|(k, _)| *k == key)
        {
            return v.clone();
        }
        let v = make();
        if let Ok(mut items) = self.items.lock()
            && !items.iter().any(|(k, _)| *k == key)
        {
            if items.len() >= self.capacity {
                items.remove(0);
            }
            items.push((key, v.clone()));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_until_pushed_out() {
        let kept: Kept<i32, i32> = Kept::new(2);
        let made = std::cell::Cell::new(0);
        let get = |k: i32| {
            kept.get_or(k, || {
                made.set(made.get() + 1);
                k * 10
            })
        };
        assert_eq!(get(1), 10);
        assert_eq!(get(1), 10);
        assert_eq!(get(2), 20);
        assert_eq!(get(3), 30);
        assert_eq!(made.get(), 3);
        // 1 was the oldest: pushed out, made again.
        assert_eq!(get(1), 10);
        assert_eq!(made.get(), 4);
    }
}

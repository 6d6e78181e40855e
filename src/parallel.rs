//! Documents built side by side on plain OS threads.
//!
//! Not a rayon pool: Typst parallelises inside a compilation with rayon, and
//! a rayon worker waiting in such a join steals other queued jobs, so whole
//! charters would nest on one stack (dozens deep over a long batch). Plain
//! threads taking the next item from a counter keep one document per stack.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Stack of each worker: Typst's layout recursion is deep on long documents.
const STACK_SIZE: usize = 64 * 1024 * 1024;

/// The number of workers for `requested` (0: one per core).
pub fn threads(requested: Option<usize>) -> usize {
    match requested {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
    }
}

/// Applies `f` to every item on `threads` workers; results in item order.
pub fn map<'a, T: Sync, R: Send>(
    threads: usize,
    items: &'a [T],
    f: impl Fn(&'a T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let work = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(index) else {
            break;
        };
        let result = f(item);
        *slots[index].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
    };
    let workers = threads.clamp(1, items.len().max(1));
    std::thread::scope(|scope| {
        let mut spawned = 0;
        for _ in 0..workers {
            if std::thread::Builder::new()
                .stack_size(STACK_SIZE)
                .spawn_scoped(scope, work)
                .is_ok()
            {
                spawned += 1;
            }
        }
        // If no thread could be started, do the work here.
        if spawned == 0 {
            work();
        }
    });
    slots
        .into_iter()
        .filter_map(|slot| slot.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_item_order() {
        let items: Vec<u64> = (0..1000).collect();
        let out = map(4, &items, |n| n * 2);
        assert_eq!(out, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        assert!(map(3, &Vec::<u8>::new(), |n| *n).is_empty());
    }
}

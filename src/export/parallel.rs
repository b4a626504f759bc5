//! Independent pieces of an export spread over the cores: each thread takes the next piece
//! until none is left, so one expensive piece never leaves a core idle, and no more pieces
//! are in memory at once than there are threads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The threads worth starting for CPU-bound work: one per core, at most eight.
pub fn cores() -> usize {
    std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8)
}

/// `work` applied to every item on up to `threads` threads; results in the order of
/// `items`, `None` where the work panicked (the caller says what failed).
pub fn each<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = items.iter().map(|_| None).collect();
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.clamp(1, items.len().max(1)))
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            return done;
                        };
                        done.push((i, work(item)));
                    }
                })
            })
            .collect();
        // A thread that panicked loses its results: they stay `None`.
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    for (i, result) in done.into_iter().flatten() {
        results[i] = Some(result);
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..100).collect();
        let squares = each(&items, 3, |n| n * n);
        assert_eq!(
            squares,
            items.iter().map(|n| Some(n * n)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn no_items_no_threads_no_results() {
        assert!(each(&[] as &[u8], 4, |_| 1).is_empty());
    }
}

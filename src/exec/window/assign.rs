//! Which windows a row belongs to, for the window kinds that do not merge.

use crate::plan::TvfKind;

/// Appends the `(start, end)` of every window that holds a row at `time`, earliest start
/// first. Sessions merge, so they are not assigned here.
pub fn assign_windows(kind: &TvfKind, time: i64, out: &mut Vec<(i64, i64)>) {
    match *kind {
        TvfKind::Tumble { size, offset } => {
            let start = time - (time - offset).rem_euclid(size);
            out.push((start, start.saturating_add(size)));
        }
        TvfKind::Hop { slide, size, offset } => {
            let last = time - (time - offset).rem_euclid(slide);
            let first_index = out.len();
            let mut start = last;
            while start > time - size {
                out.push((start, start.saturating_add(size)));
                start -= slide;
            }
            out[first_index..].reverse();
        }
        TvfKind::Cumulate { step, size, offset } => {
            let start = time - (time - offset).rem_euclid(size);
            for k in 1..=size / step {
                let end = start + k * step;
                if end > time {
                    out.push((start, end));
                }
            }
        }
        TvfKind::Session { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn windows(kind: TvfKind, time: i64) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        assign_windows(&kind, time, &mut out);
        out.into_iter().map(|(s, e)| (s / MIN, e / MIN)).collect()
    }

    #[test]
    fn hop_and_cumulate_windows_hold_the_row() {
        assert_eq!(
            windows(TvfKind::Hop { slide: 5 * MIN, size: 10 * MIN, offset: 0 }, 11 * MIN),
            vec![(5, 15), (10, 20)]
        );
        assert_eq!(
            windows(TvfKind::Cumulate { step: 2 * MIN, size: 10 * MIN, offset: 0 }, 5 * MIN),
            vec![(0, 6), (0, 8), (0, 10)]
        );
        assert_eq!(windows(TvfKind::Tumble { size: 10 * MIN, offset: MIN }, 5 * MIN), vec![(1, 11)]);
        // Negative times and offsets floor, not truncate.
        assert_eq!(windows(TvfKind::Tumble { size: 10 * MIN, offset: -4 * MIN }, -MIN), vec![(-4, 6)]);
    }
}

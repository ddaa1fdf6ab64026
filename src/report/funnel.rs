//! The recruiting funnel of the KPI definitions (docs/DATA-MODEL.md), as pure
//! functions over application histories: what reached each stage in a
//! period (counted by activity or by cohort), pass rates, achievement
//! against targets, and the counts each stage needs to meet the hire target
//! (逆算). Nothing here touches the database; `crate::db::report` reads it.

use jiff::civil::Date;

use crate::domain::{Counting, History, Period};

/// How many applications reached each stage in `period`.
pub fn reached(
    histories: &[History],
    stages: usize,
    period: Period,
    counting: Counting,
) -> Vec<u64> {
    let mut counts = vec![0u64; stages];
    for history in histories {
        match counting {
            Counting::Activity => {
                for (stage, count) in counts.iter_mut().enumerate() {
                    if history
                        .reached_on(stage)
                        .is_some_and(|day| period.contains(day))
                    {
                        *count += 1;
                    }
                }
            }
            Counting::Cohort => {
                if !period.contains(history.opened_on) {
                    continue;
                }
                if let Some(furthest) = history.furthest() {
                    for count in counts.iter_mut().take(furthest + 1) {
                        *count += 1;
                    }
                }
            }
        }
    }
    counts
}

/// `part / whole`, or nothing when there is no whole: an empty period is a
/// blank, never a division by zero.
pub fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Pass rate from each stage to the next (歩留まり率); the last stage has none.
pub fn pass_rates(reached: &[u64]) -> Vec<Option<f64>> {
    (0..reached.len())
        .map(|i| reached.get(i + 1).and_then(|next| ratio(*next, reached[i])))
        .collect()
}

/// The count each stage needs so that the last stage meets `hire_target`
/// (逆算): required(S) = ceil(required(next) / pass rate(S→next)), with the
/// rate the user assumed where there is one, else the observed one. A stage
/// whose rate is unknown or zero needs an unknown count, and so does every
/// stage before it.
pub fn required(hire_target: Option<u64>, rates: &[Option<f64>]) -> Vec<Option<u64>> {
    let mut out = vec![None; rates.len()];
    let Some(last) = out.len().checked_sub(1) else {
        return out;
    };
    out[last] = hire_target;
    for stage in (0..last).rev() {
        out[stage] = match (out[stage + 1], rates[stage]) {
            (Some(next), Some(rate)) if rate > 0.0 => Some(round_up(next as f64 / rate)),
            _ => None,
        };
    }
    out
}

/// A quotient rounded up to a whole count, as the workbook's
/// ROUNDUP(ROUND(x, 9), 0) does: 3 / 0.6 is 5.000000000000001 in floating
/// point, and needs 5, not 6.
pub fn round_up(x: f64) -> u64 {
    ((x * 1e9).round() / 1e9).ceil().max(0.0) as u64
}

/// The median of some numbers of days (the mean of the middle two for an
/// even count); nothing for none.
pub fn median(mut values: Vec<i64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    } else {
        values[mid] as f64
    })
}

/// Days from one date to another.
pub fn days(from: Date, to: Date) -> i64 {
    (to - from).get_days() as i64
}

/// Median days spent in each stage: from entering it to entering the next
/// stage the application moved to (forward or back), for moves out of it
/// made inside the period.
pub fn time_in_stage(histories: &[History], stages: usize, period: Period) -> Vec<Option<f64>> {
    let mut spans: Vec<Vec<i64>> = vec![Vec::new(); stages];
    for history in histories {
        for pair in history.entries.windows(2) {
            let ((stage, entered), (_, left)) = (pair[0], pair[1]);
            if stage < stages && period.contains(left) {
                spans[stage].push(days(entered, left));
            }
        }
    }
    spans.into_iter().map(median).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const CONTACTED: usize = 0;
    const APPLIED: usize = 2;
    const INTERVIEW: usize = 4;
    const OFFER: usize = 5;
    const REJOINED: usize = 7;
    const STAGES: usize = 8;

    fn history(opened: Date, entries: &[(usize, Date)]) -> History {
        History {
            opened_on: opened,
            entries: entries.to_vec(),
        }
    }

    fn april() -> Period {
        Period {
            from: date(2026, 4, 1),
            to: date(2026, 4, 30),
        }
    }

    fn may() -> Period {
        Period {
            from: date(2026, 5, 1),
            to: date(2026, 5, 31),
        }
    }

    #[test]
    fn a_skipped_stage_counts_as_reached_on_the_day_it_was_skipped() {
        let h = history(
            date(2026, 4, 1),
            &[
                (CONTACTED, date(2026, 4, 1)),
                (INTERVIEW, date(2026, 4, 10)),
            ],
        );
        assert_eq!(h.reached_on(APPLIED), Some(date(2026, 4, 10)));
        assert_eq!(h.reached_on(INTERVIEW), Some(date(2026, 4, 10)));
        assert_eq!(h.reached_on(OFFER), None);
        // contacted, interested, applied, screening, interview: five stages.
        assert_eq!(
            reached(&[h], STAGES, april(), Counting::Activity),
            [1, 1, 1, 1, 1, 0, 0, 0]
        );
    }

    #[test]
    fn activity_counts_each_stage_in_the_month_it_was_reached() {
        // Contacted in April, interview in May: April counts the contact,
        // May the stages from interested to interview.
        let h = history(
            date(2026, 4, 20),
            &[
                (CONTACTED, date(2026, 4, 20)),
                (INTERVIEW, date(2026, 5, 7)),
            ],
        );
        let hs = [h];
        assert_eq!(
            reached(&hs, STAGES, april(), Counting::Activity),
            [1, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            reached(&hs, STAGES, may(), Counting::Activity),
            [0, 1, 1, 1, 1, 0, 0, 0]
        );
    }

    #[test]
    fn cohort_follows_applications_opened_in_the_period_wherever_they_got() {
        let h = history(
            date(2026, 4, 20),
            &[(CONTACTED, date(2026, 4, 20)), (OFFER, date(2026, 6, 1))],
        );
        let hs = [h];
        assert_eq!(
            reached(&hs, STAGES, april(), Counting::Cohort),
            [1, 1, 1, 1, 1, 1, 0, 0]
        );
        assert_eq!(reached(&hs, STAGES, may(), Counting::Cohort), [0; 8]);
    }

    #[test]
    fn moving_back_does_not_count_a_stage_twice() {
        let h = history(
            date(2026, 4, 1),
            &[
                (CONTACTED, date(2026, 4, 1)),
                (INTERVIEW, date(2026, 4, 5)),
                (APPLIED, date(2026, 4, 8)),
                (INTERVIEW, date(2026, 4, 12)),
            ],
        );
        assert_eq!(h.reached_on(INTERVIEW), Some(date(2026, 4, 5)));
        assert_eq!(h.furthest(), Some(INTERVIEW));
        assert_eq!(
            reached(&[h], STAGES, april(), Counting::Activity),
            [1, 1, 1, 1, 1, 0, 0, 0]
        );
    }

    #[test]
    fn a_closed_application_counts_up_to_where_it_got() {
        // Declined after the offer: no history row for the close.
        let h = history(
            date(2026, 4, 1),
            &[(CONTACTED, date(2026, 4, 1)), (OFFER, date(2026, 4, 20))],
        );
        assert_eq!(reached(&[h], STAGES, april(), Counting::Cohort)[OFFER], 1);
    }

    #[test]
    fn pass_rates_and_an_empty_stage() {
        let rates = pass_rates(&[10, 5, 0, 0]);
        assert_eq!(rates, [Some(0.5), Some(0.0), None, None]);
        assert_eq!(ratio(3, 0), None);
    }

    #[test]
    fn required_counts_are_worked_back_from_the_hire_target() {
        // 2 hires; 50% from offer to hire, 40% from interview to offer:
        // offers 4, interviews ceil(4 / 0.4) = 10, and 1/3 before that: 30.
        let rates = [Some(1.0 / 3.0), Some(0.4), Some(0.5), None];
        assert_eq!(
            required(Some(2), &rates),
            [Some(30), Some(10), Some(4), Some(2)]
        );
        // An unknown or zero rate leaves everything before it unknown.
        let rates = [Some(0.5), None, Some(0.5), None];
        assert_eq!(required(Some(2), &rates), [None, None, Some(4), Some(2)]);
        assert_eq!(required(None, &rates), [None, None, None, None]);
        assert_eq!(required(Some(3), &[Some(0.0), None]), [None, Some(3)]);
    }

    #[test]
    fn required_counts_round_up_but_not_past_exact_values() {
        // 3 / 0.6 is 5 (up to floating point), not 6.
        assert_eq!(required(Some(3), &[Some(0.6), None]), [Some(5), Some(3)]);
        assert_eq!(required(Some(3), &[Some(0.5), None]), [Some(6), Some(3)]);
        assert_eq!(required(Some(1), &[Some(0.3), None]), [Some(4), Some(1)]);
    }

    #[test]
    fn medians_of_odd_even_and_empty_lists() {
        assert_eq!(median(vec![5, 1, 3]), Some(3.0));
        assert_eq!(median(vec![4, 1, 3, 2]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }

    #[test]
    fn time_in_stage_measures_from_entering_to_the_next_move() {
        let h = history(
            date(2026, 4, 1),
            &[
                (CONTACTED, date(2026, 4, 1)),
                (APPLIED, date(2026, 4, 11)),
                (REJOINED, date(2026, 4, 30)),
            ],
        );
        let times = time_in_stage(&[h], STAGES, april());
        assert_eq!(times[CONTACTED], Some(10.0));
        assert_eq!(times[APPLIED], Some(19.0));
        assert_eq!(times[REJOINED], None);
        assert_eq!(times[INTERVIEW], None);
    }
}

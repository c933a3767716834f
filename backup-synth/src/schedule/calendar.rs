//! Gregorian calendar arithmetic and the per-month day sets of the cron engine.

use super::DaySpec;

/// A civil (wall-clock) minute. Fields may exceed their range upwards while searching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Civil {
    pub(crate) year: i64,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
}

impl Civil {
    /// Seconds since the Unix epoch, reading the civil time as UTC.
    pub(crate) fn unix_seconds(self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
    }
}

/// The smallest set bit `>= from`, if any.
#[inline]
pub(crate) fn next_bit(mask: u64, from: u32) -> Option<u32> {
    if from >= 64 {
        return None;
    }
    let rest = mask >> from;
    if rest == 0 {
        None
    } else {
        Some(from + rest.trailing_zeros())
    }
}

pub(crate) fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (days since 1970-01-01).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Day of the week in cron numbering: 1 = Sunday … 7 = Saturday.
pub(crate) fn weekday(year: i64, month: u32, day: u32) -> u32 {
    // 1970-01-01 was a Thursday (5).
    ((days_from_civil(year, month, day) + 4).rem_euclid(7) + 1) as u32
}

/// Days 1, 8, 15, 22, 29.
const EVERY_SEVENTH: u32 = 1 << 1 | 1 << 8 | 1 << 15 | 1 << 22 | 1 << 29;

/// Quartz's `W` rule: the weekday (Mon–Fri) nearest to `target` within the month.
fn nearest_weekday(target: u32, len: u32, first_weekday: u32) -> u32 {
    let wd = (first_weekday - 1 + target - 1) % 7 + 1;
    match wd {
        7 if target == 1 => 3,            // Saturday the 1st: Monday the 3rd
        7 => target - 1,                  // Saturday: Friday before
        1 if target == len => target - 2, // Sunday the last day: Friday before
        1 => target + 1,                  // Sunday: Monday after
        _ => target,
    }
}

/// The days (bits 1..=31) of `year`-`month` selected by `days`.
pub(crate) fn day_mask(days: DaySpec, year: i64, month: u32) -> u32 {
    let len = days_in_month(year, month);
    if len == 0 {
        return 0;
    }
    let valid = (u32::MAX >> (31 - len)) & !1;
    match days {
        DaySpec::MonthDays(set) => set & valid,
        DaySpec::LastDay { offset, weekday } => {
            let offset = u32::from(offset);
            if offset >= len {
                return 0;
            }
            let target = len - offset;
            let day = if weekday {
                nearest_weekday(target, len, self::weekday(year, month, 1))
            } else {
                target
            };
            1 << day
        }
        DaySpec::NearestWeekday(n) => {
            let n = u32::from(n);
            if n == 0 || n > len {
                return 0;
            }
            1 << nearest_weekday(n, len, weekday(year, month, 1))
        }
        DaySpec::WeekDays(set) => {
            let first = weekday(year, month, 1);
            let mut mask = 0;
            let mut bits = u32::from(set) & 0xFE;
            while bits != 0 {
                let w = bits.trailing_zeros();
                bits &= bits - 1;
                // first day of the month with weekday w
                let d0 = (w + 7 - first) % 7 + 1;
                mask |= EVERY_SEVENTH << (d0 - 1);
            }
            mask & valid
        }
        DaySpec::LastWeekday(w) => {
            let last = weekday(year, month, len);
            let back = (last + 7 - u32::from(w)) % 7;
            1 << (len - back)
        }
        DaySpec::NthWeekday(w, n) => {
            let first = weekday(year, month, 1);
            let d0 = (u32::from(w) + 7 - first) % 7 + 1;
            let day = d0 + 7 * (u32::from(n) - 1);
            if day > len {
                0
            } else {
                1 << day
            }
        }
    }
}

/// Whether `date` is one of the days chosen by `days`, evaluated directly with jiff's calendar
/// (independent of [`day_mask`]; used by [`super::CronSchedule::matches`]).
pub(crate) fn day_matches(days: DaySpec, date: jiff::civil::Date) -> bool {
    let day = date.day() as u32;
    let len = date.days_in_month() as u32;
    let cron_weekday = |d: jiff::civil::Date| d.weekday().to_sunday_one_offset() as u32;
    let is_workday = |d: jiff::civil::Date| (2..=6).contains(&cron_weekday(d));
    // The weekday nearest to day `target` of this month, within the month.
    let nearest = |target: u32| -> Option<u32> {
        let t = date
            .first_of_month()
            .checked_add(jiff::Span::new().days(target - 1))
            .ok()?;
        if is_workday(t) {
            return Some(target);
        }
        // Try the day before and after, then two before/after, staying in the month.
        for delta in 1..=2i64 {
            for candidate in [i64::from(target) - delta, i64::from(target) + delta] {
                if candidate >= 1 && candidate <= i64::from(len) {
                    let c = date
                        .first_of_month()
                        .checked_add(jiff::Span::new().days(candidate - 1))
                        .ok()?;
                    // Prefer the Friday before a Saturday and the Monday after a Sunday.
                    let w = cron_weekday(t);
                    let ok = match (w, delta) {
                        (7, 1) => candidate < i64::from(target),
                        (1, 1) => candidate > i64::from(target),
                        _ => true,
                    };
                    if ok && is_workday(c) {
                        return Some(candidate as u32);
                    }
                }
            }
        }
        None
    };
    match days {
        DaySpec::MonthDays(set) => set >> day & 1 == 1,
        DaySpec::LastDay { offset, weekday } => {
            let offset = u32::from(offset);
            if offset >= len {
                return false;
            }
            let target = len - offset;
            if weekday {
                nearest(target) == Some(day)
            } else {
                day == target
            }
        }
        DaySpec::NearestWeekday(n) => {
            let n = u32::from(n);
            n >= 1 && n <= len && nearest(n) == Some(day)
        }
        DaySpec::WeekDays(set) => set >> cron_weekday(date) & 1 == 1,
        DaySpec::LastWeekday(w) => cron_weekday(date) == u32::from(w) && day + 7 > len,
        DaySpec::NthWeekday(w, n) => {
            cron_weekday(date) == u32::from(w) && (day - 1) / 7 + 1 == u32::from(n)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000i64, -1, 0, 1, 59, 10_957, 47_541, 84_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(weekday(1970, 1, 1), 5);
        assert_eq!(weekday(2026, 1, 1), 5); // Thursday
        assert_eq!(weekday(2026, 3, 1), 1); // Sunday
    }

    #[test]
    fn leap_years() {
        assert!(is_leap(2000));
        assert!(!is_leap(2100));
        assert!(is_leap(2028));
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2096, 2), 29);
    }

    #[test]
    fn nearest_weekday_edges() {
        // 2026-08-01 is a Saturday: 1W is Monday the 3rd.
        assert_eq!(day_mask(DaySpec::NearestWeekday(1), 2026, 8), 1 << 3);
        // 2026-05-31 is a Sunday: LW is Friday the 29th.
        assert_eq!(
            day_mask(
                DaySpec::LastDay {
                    offset: 0,
                    weekday: true
                },
                2026,
                5
            ),
            1 << 29
        );
        // 31W in April: no run.
        assert_eq!(day_mask(DaySpec::NearestWeekday(31), 2026, 4), 0);
    }
}

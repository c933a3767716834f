//! The largest gap between consecutive runs of a schedule, in a time zone, over the schedule's
//! whole cycle: what "runs at least every N hours" means for an audit control.
//!
//! The result never depends on the date the build runs: the window is fixed. Within 1901–2099
//! the Gregorian calendar repeats every 28 years (same weekdays, same leap years), and time
//! zones apply their current rule every year after their last transition in the database, so
//! the runs in [2030-01-01, 2058-01-01) in local time, plus the first run after the window
//! (which closes the gap that wraps around the cycle), give every gap the schedule ever has.
//! A year field that stops the schedule leaves an unbounded gap after its last run.

use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::Timestamp;

use super::{calendar, CronSchedule, YEAR_MAX, YEAR_MIN};

/// First year of the fixed window.
pub const CYCLE_START_YEAR: i16 = 2030;
/// Years in the window: the Gregorian weekday and leap-year cycle within 1901–2099.
pub const CYCLE_YEARS: i16 = 28;

/// The largest gap between consecutive runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxGap {
    /// At most this many seconds between any two consecutive runs.
    Seconds(i64),
    /// The schedule stops (a year field ends it) or never fires: no bound.
    Unbounded,
}

impl MaxGap {
    /// Whether every gap is at most `seconds`.
    pub fn within(self, seconds: i64) -> bool {
        matches!(self, MaxGap::Seconds(gap) if gap <= seconds)
    }
}

impl std::fmt::Display for MaxGap {
    /// `25 hours`, `3 days`, `3 days 1 hour`, `unbounded`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let MaxGap::Seconds(seconds) = *self else {
            return f.write_str("unbounded");
        };
        let (days, hours, minutes) = (
            seconds / 86_400,
            seconds % 86_400 / 3_600,
            seconds % 3_600 / 60,
        );
        let mut parts = Vec::new();
        let mut part = |n: i64, unit: &str| {
            if n > 0 {
                parts.push(format!("{n} {unit}{}", if n == 1 { "" } else { "s" }));
            }
        };
        part(days, "day");
        part(hours, "hour");
        part(minutes, "minute");
        if parts.is_empty() {
            return f.write_str("0 minutes");
        }
        f.write_str(&parts.join(" "))
    }
}

impl CronSchedule {
    /// The largest gap between consecutive runs in time zone `zone` (DST included: a local
    /// time skipped by spring-forward has no run, a repeated one runs once, as in
    /// [`CronSchedule::next_after_in`]), over the schedule's whole cycle.
    ///
    /// ```
    /// use backup_dsl::schedule::{validate_timezone, CronSchedule, MaxGap};
    /// let utc = validate_timezone("UTC")?;
    /// let weekdays = CronSchedule::parse("cron(0 5 ? * MON-FRI *)")?;
    /// assert_eq!(weekdays.max_gap_in(&utc), MaxGap::Seconds(3 * 86_400));
    /// let until_2030 = CronSchedule::parse("cron(0 5 * * ? 2026-2030)")?;
    /// assert_eq!(until_2030.max_gap_in(&utc), MaxGap::Unbounded);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_gap_in(&self, zone: &TimeZone) -> MaxGap {
        if !self.every_year() {
            return MaxGap::Unbounded;
        }
        let from = Date::constant(CYCLE_START_YEAR, 1, 1);
        let to = Date::constant(CYCLE_START_YEAR + CYCLE_YEARS, 1, 1);
        self.max_gap_between(zone, from, to)
    }

    /// The largest gap between consecutive runs whose local date is in `[from, to)`, and the
    /// first run after `to`; [`MaxGap::Unbounded`] with fewer than two runs. The building
    /// block of [`Self::max_gap_in`], public for the tests that check it against a walk of
    /// [`Self::next_after_in`].
    #[doc(hidden)]
    pub fn max_gap_between(&self, zone: &TimeZone, from: Date, to: Date) -> MaxGap {
        let times = self.times_of_day();
        let mut previous: Option<Timestamp> = None;
        let mut largest = 0_i64;
        let mut date = from;
        while i64::from(date.year()) <= YEAR_MAX {
            if self.fires_on(date) {
                for &minute_of_day in &times {
                    let Some(run) = local_instant(zone, date, minute_of_day) else {
                        continue;
                    };
                    if let Some(before) = previous {
                        largest = largest.max(run.as_second() - before.as_second());
                    }
                    previous = Some(run);
                    if date >= to {
                        return MaxGap::Seconds(largest);
                    }
                }
            }
            date = match self.next_firing_date(date) {
                Some(next) => next,
                None => break,
            };
        }
        MaxGap::Unbounded
    }

    /// Whether the year field allows every year the engine knows (1970–2199).
    fn every_year(&self) -> bool {
        (YEAR_MIN..=YEAR_MAX).all(|year| {
            let y = (year - YEAR_MIN) as usize;
            self.years[y / 64] >> (y % 64) & 1 == 1
        })
    }

    /// The local times of day the schedule runs at, in minutes after midnight, in order.
    fn times_of_day(&self) -> Vec<u32> {
        (0..24)
            .filter(|h| self.hours >> h & 1 == 1)
            .flat_map(|h| {
                (0..60)
                    .filter(|m| self.minutes >> m & 1 == 1)
                    .map(move |m| h * 60 + m)
            })
            .collect()
    }

    /// Whether the year, month and day fields select `date`.
    fn fires_on(&self, date: Date) -> bool {
        let year = i64::from(date.year());
        let y = (year - YEAR_MIN) as usize;
        self.years[y / 64] >> (y % 64) & 1 == 1
            && self.months >> date.month() & 1 == 1
            && calendar::day_mask(self.days, year, date.month() as u32) >> date.day() & 1 == 1
    }

    /// The next date after `date` that the month and day fields can select: the next day of
    /// the month, or the first day of the next month the month field selects.
    fn next_firing_date(&self, date: Date) -> Option<Date> {
        let year = i64::from(date.year());
        let month = date.month() as u32;
        let mask = calendar::day_mask(self.days, year, month);
        let after_today = u64::from(mask) & !((2_u64 << date.day()) - 1);
        if after_today != 0 && self.months >> month & 1 == 1 {
            let day = after_today.trailing_zeros();
            return Date::new(date.year(), date.month(), day as i8).ok();
        }
        let (mut y, mut m) = (year, month);
        loop {
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            if y > YEAR_MAX {
                return None;
            }
            if self.months >> m & 1 == 1 && calendar::day_mask(self.days, y, m) != 0 {
                return Date::new(i16::try_from(y).ok()?, m as i8, 1).ok();
            }
        }
    }
}

/// The instant of local time `minute_of_day` on `date` in `zone`: `None` in a spring-forward
/// gap, the earlier instant in a fall-back fold.
fn local_instant(zone: &TimeZone, date: Date, minute_of_day: u32) -> Option<Timestamp> {
    let time = DateTime::new(
        date.year(),
        date.month(),
        date.day(),
        (minute_of_day / 60) as i8,
        (minute_of_day % 60) as i8,
        0,
        0,
    )
    .ok()?;
    match zone.to_ambiguous_timestamp(time).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(time).ok(),
        AmbiguousOffset::Gap { .. } => None,
        AmbiguousOffset::Fold { before, .. } => before.to_timestamp(time).ok(),
    }
}

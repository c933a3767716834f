//! The AWS cron dialect as AWS Backup takes it: parse, validate, explain and preview schedules.
//!
//! AWS Backup's `ScheduleExpression` is a six-field, Quartz-derived cron expression written
//! `cron(minutes hours day-of-month month day-of-week year)`. This module is the single
//! implementation of that dialect for the whole project: the `backup_plan!` macro runs it at
//! compile time, the builders at run time and the linter on templates, so all three reject the
//! same expressions with the same words.
//!
//! ```
//! use backup_dsl::schedule::CronSchedule;
//!
//! let schedule = CronSchedule::parse("cron(0 5 ? * MON-FRI *)")?;
//! assert_eq!(schedule.describe(), "at 05:00 UTC, Monday through Friday");
//! schedule.check_backup_interval()?;
//!
//! let after: jiff::Timestamp = "2026-01-01T00:00:00Z".parse()?;
//! let next: Vec<String> = schedule.upcoming(after).take(2).map(|t| t.to_string()).collect();
//! assert_eq!(next, ["2026-01-01T05:00:00Z", "2026-01-02T05:00:00Z"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The dialect
//!
//! The grammar and semantics follow `reference/cron-spec.md`. Where the sources are silent the
//! spec makes a recommendation (**REC**); this module follows **every** REC of the spec:
//!
//! * **Separators (§1):** one or more ASCII spaces between fields are accepted; tabs, line breaks
//!   and any non-ASCII character are rejected, and so are leading or trailing spaces inside (or
//!   around) `cron( … )`.
//! * **Case (§1, §8):** month and day names, `L`, `W` and `#` are accepted case-insensitively
//!   (unverified against AWS). [`Display`](std::fmt::Display) prints them in upper case.
//! * **Numbers (§2):** leading zeros (`00`, `05`) are accepted (unverified); signs, decimals, hex
//!   and non-ASCII digits are rejected.
//! * **Names (§3):** a range mixing a name and a number (`MON-5`) is rejected; a name with an
//!   increment (`MAR/4`) is accepted as start 3, increment 4 (unverified); `FRIL` and `MON#1` are
//!   accepted (unverified).
//! * **Lists (§5.1):** empty items (`1,,2`, a trailing `,`) are rejected.
//! * **Wrap-around ranges (§5.2):** accepted in minutes, hours, day-of-month, month and
//!   day-of-week with Quartz semantics (`22-2` = 22, 23, 0, 1, 2); rejected in the year field.
//! * **Increments (§5.3):** `1 ≤ n ≤ 59 / 23 / 31 / 12` in minutes / hours / day-of-month /
//!   month, `1 ≤ n ≤ 229` in the year; `n = 0` and `/5` without a start are rejected; increments
//!   are not allowed in day-of-week (§8, the conservative reading).
//! * **`L` (§5.5):** `L-n` with `0 ≤ n ≤ 30`, where a month with `last − n < 1` produces no run;
//!   `LW` and `L-nW` are accepted (unverified); every `L` form must be the only item of its field.
//! * **`W` (§5.6):** `nW` takes one day (no ranges, no lists); when `n` is past the end of the
//!   month (`31W` in April) that month produces no run.
//! * **`#` (§5.7):** `d#n` with `n` = 1–5, alone in day-of-week (no lists, no ranges).
//! * **Day fields (§6):** exactly one of day-of-month and day-of-week is `?`; `?` in both is
//!   rejected. Schedules that never fire are accepted syntactically (their next run is `None`).
//! * **Years (§2):** 1970–2199.
//! * **AWS Backup's 60-minute rule (§7.2):** [`CronSchedule::check_backup_interval`] accepts an
//!   expression iff its minutes field resolves to exactly one value.
//! * **Time zones (§7.2):** Backup's DST behaviour is undocumented; [`CronSchedule::next_after_in`]
//!   assumes EventBridge Scheduler's documented semantics (runs in a spring-forward gap are
//!   skipped, runs in a fall-back overlap happen once).
//!
//! # Next runs
//!
//! [`CronSchedule::next_after`] computes the next run by field arithmetic: it jumps to the next
//! candidate year, month, day, hour and minute using bit sets, never stepping minute by minute.
//! Days that do not exist in a month are skipped (never rolled over), leap years follow the
//! Gregorian rules (2000 is leap, 2100 is not) and the search is bounded by the year set, so a
//! schedule that never fires returns `None` quickly.

mod calendar;
mod describe;
mod gap;
mod parse;
#[cfg(test)]
mod tests;

pub use gap::{MaxGap, CYCLE_START_YEAR, CYCLE_YEARS};

use std::fmt;
use std::ops::Range;

use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::Timestamp;

/// The first year AWS cron accepts.
const YEAR_MIN: i64 = 1970;
/// The last year AWS cron accepts (AWS documents 2199; Quartz 2099).
const YEAR_MAX: i64 = 2199;

/// One of the six fields of an AWS cron expression.
///
/// Its [`Display`](fmt::Display) gives the name used in messages.
///
/// ```
/// use backup_dsl::schedule::CronField;
///
/// assert_eq!(CronField::DayOfMonth.to_string(), "day-of-month");
/// assert_eq!(CronField::ALL[4], CronField::DayOfWeek);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CronField {
    /// Field 1: minutes, 0–59.
    Minutes,
    /// Field 2: hours, 0–23 (UTC unless a time zone is set).
    Hours,
    /// Field 3: day of the month, 1–31, `?`, `L`, `L-n`, `LW`, `nW`.
    DayOfMonth,
    /// Field 4: month, 1–12 or `JAN`–`DEC`.
    Month,
    /// Field 5: day of the week, 1–7 (1 = `SUN`) or `SUN`–`SAT`, `?`, `L`, `dL`, `d#n`.
    DayOfWeek,
    /// Field 6: year, 1970–2199.
    Year,
}

impl CronField {
    /// The six fields in the order they are written.
    ///
    /// ```
    /// use backup_dsl::schedule::CronField;
    ///
    /// let names: Vec<String> = CronField::ALL.iter().map(|f| f.to_string()).collect();
    /// assert_eq!(names.join(" "), "minutes hours day-of-month month day-of-week year");
    /// ```
    pub const ALL: [CronField; 6] = [
        CronField::Minutes,
        CronField::Hours,
        CronField::DayOfMonth,
        CronField::Month,
        CronField::DayOfWeek,
        CronField::Year,
    ];

    /// The name of the field as used in messages (`"day-of-month"`).
    ///
    /// ```
    /// use backup_dsl::schedule::CronField;
    ///
    /// assert_eq!(CronField::Minutes.name(), "minutes");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            CronField::Minutes => "minutes",
            CronField::Hours => "hours",
            CronField::DayOfMonth => "day-of-month",
            CronField::Month => "month",
            CronField::DayOfWeek => "day-of-week",
            CronField::Year => "year",
        }
    }

    /// The smallest value the field accepts.
    ///
    /// ```
    /// use backup_dsl::schedule::CronField;
    ///
    /// assert_eq!(CronField::DayOfWeek.min_value(), 1);
    /// assert_eq!(CronField::Year.min_value(), 1970);
    /// ```
    pub const fn min_value(self) -> u32 {
        match self {
            CronField::Minutes | CronField::Hours => 0,
            CronField::DayOfMonth | CronField::Month | CronField::DayOfWeek => 1,
            CronField::Year => YEAR_MIN as u32,
        }
    }

    /// The largest value the field accepts.
    ///
    /// ```
    /// use backup_dsl::schedule::CronField;
    ///
    /// assert_eq!(CronField::Hours.max_value(), 23);
    /// assert_eq!(CronField::Year.max_value(), 2199);
    /// ```
    pub const fn max_value(self) -> u32 {
        match self {
            CronField::Minutes => 59,
            CronField::Hours => 23,
            CronField::DayOfMonth => 31,
            CronField::Month => 12,
            CronField::DayOfWeek => 7,
            CronField::Year => YEAR_MAX as u32,
        }
    }

    pub(crate) const fn index(self) -> usize {
        match self {
            CronField::Minutes => 0,
            CronField::Hours => 1,
            CronField::DayOfMonth => 2,
            CronField::Month => 3,
            CronField::DayOfWeek => 4,
            CronField::Year => 5,
        }
    }
}

impl fmt::Display for CronField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an expression was rejected: the field, the byte range, a message and a fix.
///
/// `span` is a byte range into the string exactly as it was given to [`CronSchedule::parse`]
/// (or [`CronSchedule::parse_fields`]); it always lies on `char` boundaries, so it can be used to
/// slice that string. Messages follow rustc's style: lower case, code in backticks, what was
/// found and what is allowed; `help` gives the fix, usually the corrected expression.
///
/// ```
/// use backup_dsl::schedule::{CronField, CronSchedule};
///
/// let expr = "cron(0 5 1 * MON *)";
/// let err = CronSchedule::parse(expr).unwrap_err();
/// assert_eq!(err.field, Some(CronField::DayOfWeek));
/// assert_eq!(&expr[err.span.clone()], "1 * MON");
/// assert_eq!(
///     err.help.as_deref(),
///     Some("use `cron(0 5 1 * ? *)` for day 1 of each month, or `cron(0 5 ? * MON *)` for Mondays")
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CronError {
    /// The field at fault, if the problem lies in one field.
    pub field: Option<CronField>,
    /// Byte range of the offending part inside the whole expression as given.
    pub span: Range<usize>,
    /// What is wrong, rustc style (lower case, code in backticks).
    pub message: String,
    /// How to fix it, usually with the corrected expression.
    pub help: Option<String>,
}

impl CronError {
    pub(crate) fn new(
        field: Option<CronField>,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> CronError {
        CronError {
            field,
            span,
            message: message.into(),
            help,
        }
    }

    /// The expression followed by a line with carets (`^`) under the offending part.
    ///
    /// Columns count characters, not bytes. The span is clamped to the expression, so this never
    /// panics even when given another string.
    ///
    /// ```
    /// use backup_dsl::schedule::CronSchedule;
    ///
    /// let expr = "cron(60 5 * * ? *)";
    /// let err = CronSchedule::parse(expr).unwrap_err();
    /// assert_eq!(err.caret_line(expr), "cron(60 5 * * ? *)\n     ^^");
    /// ```
    pub fn caret_line(&self, expression: &str) -> String {
        let len = expression.len();
        let mut start = self.span.start.min(len);
        while !expression.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = self.span.end.clamp(start, len);
        while !expression.is_char_boundary(end) {
            end += 1;
        }
        let pad = expression[..start].chars().count();
        let width = expression[start..end].chars().count().max(1);
        let mut out = String::with_capacity(len + 1 + pad + width);
        out.push_str(expression);
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', pad));
        out.extend(std::iter::repeat_n('^', width));
        out
    }
}

impl fmt::Display for CronError {
    /// The message; with `{:#}`, the message and the help on a second line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if f.alternate() {
            if let Some(help) = &self.help {
                write!(f, "\nhelp: {help}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for CronError {}

/// How the days of a run are chosen (exactly one of the two day fields is `?`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum DaySpec {
    /// Day-of-week is `?`: days of the month from a set (bits 1..=31).
    MonthDays(u32),
    /// Day-of-month `L`, `L-n`, `LW` or `L-nW`.
    LastDay {
        /// `n` in `L-n`.
        offset: u8,
        /// `W`: the weekday nearest to that day.
        weekday: bool,
    },
    /// Day-of-month `nW`: the weekday nearest to day `n`.
    NearestWeekday(u8),
    /// Day-of-month is `?`: days of the week from a set (bits 1..=7, 1 = Sunday).
    WeekDays(u8),
    /// Day-of-week `dL`: the last weekday `d` of the month.
    LastWeekday(u8),
    /// Day-of-week `d#n`: the n-th weekday `d` of the month.
    NthWeekday(u8, u8),
}

/// A parsed and validated AWS cron expression.
///
/// Build one with [`CronSchedule::parse`] (with the `cron(...)` wrapper) or
/// [`CronSchedule::parse_fields`] (just the six fields). Its [`Display`](fmt::Display) is the
/// canonical `cron(...)` text (single spaces, names and `L`/`W` in upper case, no leading zeros),
/// which parses back to an equal schedule. Equality compares the canonical expression.
///
/// ```
/// use backup_dsl::schedule::CronSchedule;
///
/// let schedule = CronSchedule::parse("cron(00 4  ? * mon-fri *)")?;
/// assert_eq!(schedule.to_string(), "cron(0 4 ? * MON-FRI *)");
/// assert_eq!(CronSchedule::parse(&schedule.to_string())?, schedule);
/// # Ok::<(), backup_dsl::schedule::CronError>(())
/// ```
#[derive(Clone, Debug)]
pub struct CronSchedule {
    /// Canonical text of the six fields, separated by single spaces.
    text: String,
    /// Minutes, bits 0..=59.
    minutes: u64,
    /// Hours, bits 0..=23.
    hours: u32,
    days: DaySpec,
    /// Months, bits 1..=12.
    months: u16,
    /// Years, bit `y - 1970`.
    years: [u64; 4],
    /// Byte range of the minutes field in the text this schedule was parsed from.
    minutes_span: Range<usize>,
}

impl PartialEq for CronSchedule {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for CronSchedule {}

impl std::hash::Hash for CronSchedule {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl std::str::FromStr for CronSchedule {
    type Err = CronError;

    /// Same as [`CronSchedule::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CronSchedule::parse(s)
    }
}

impl fmt::Display for CronSchedule {
    /// The canonical `cron(...)` text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cron({})", self.text)
    }
}

impl CronSchedule {
    /// Parses and validates an expression written `cron(...)`, exactly as it goes into
    /// `ScheduleExpression`.
    ///
    /// `rate(...)`, `at(...)`, 5-field (Unix) and 7-field (Quartz, with seconds) forms are
    /// rejected with a help that shows what to write instead. No input panics.
    ///
    /// ```
    /// use backup_dsl::schedule::CronSchedule;
    ///
    /// assert!(CronSchedule::parse("cron(0 5 ? * * *)").is_ok());
    ///
    /// let err = CronSchedule::parse("rate(12 hours)").unwrap_err();
    /// assert_eq!(err.help.as_deref(), Some("write `cron(0 */12 ? * * *)` to run every 12 hours"));
    ///
    /// let err = CronSchedule::parse("cron(0 5 * * 1-5)").unwrap_err();
    /// assert!(err.help.unwrap().contains("`cron(0 5 ? * 2-6 *)`"));
    /// ```
    pub fn parse(expression: &str) -> Result<CronSchedule, CronError> {
        parse::parse_expression(expression)
    }

    /// Parses and validates the six fields without the `cron(...)` wrapper
    /// (`"0 5 ? * * *"`). Spans in errors are byte ranges into `fields`.
    ///
    /// ```
    /// use backup_dsl::schedule::CronSchedule;
    ///
    /// let schedule = CronSchedule::parse_fields("0 5 ? * * *")?;
    /// assert_eq!(schedule.to_string(), "cron(0 5 ? * * *)");
    /// # Ok::<(), backup_dsl::schedule::CronError>(())
    /// ```
    pub fn parse_fields(fields: &str) -> Result<CronSchedule, CronError> {
        parse::parse_fields(fields, 0)
    }

    /// AWS Backup's own rule: backup jobs must be at least 60 minutes apart.
    ///
    /// AWS does not document the exact check; following the spec's REC (§7.2) an expression
    /// passes iff its minutes field resolves to exactly one value (two minute values always give
    /// two runs less than an hour apart in some hour; one value gives runs at least an hour
    /// apart). The error points at the minutes field of the text this schedule was parsed from.
    ///
    /// ```
    /// use backup_dsl::schedule::{CronField, CronSchedule};
    ///
    /// assert!(CronSchedule::parse("cron(15 * ? * * *)")?.check_backup_interval().is_ok());
    ///
    /// let expr = "cron(0/15 * * * ? *)";
    /// let err = CronSchedule::parse(expr)?.check_backup_interval().unwrap_err();
    /// assert_eq!(err.field, Some(CronField::Minutes));
    /// assert_eq!(&expr[err.span.clone()], "0/15");
    /// # Ok::<(), backup_dsl::schedule::CronError>(())
    /// ```
    pub fn check_backup_interval(&self) -> Result<(), CronError> {
        parse::check_backup_interval(self)
    }

    /// The first run strictly after `after`, in UTC; `None` if the schedule never fires again.
    ///
    /// Runs are whole minutes. The search jumps field by field and is bounded by the year set
    /// (at most 2199), so it is fast even for sparse or never-firing schedules.
    ///
    /// ```
    /// use backup_dsl::schedule::CronSchedule;
    ///
    /// let schedule = CronSchedule::parse("cron(0 0 29 2 ? *)")?;
    /// let after: jiff::Timestamp = "2026-01-01T00:00:00Z".parse()?;
    /// assert_eq!(schedule.next_after(after).unwrap().to_string(), "2028-02-29T00:00:00Z");
    ///
    /// let never = CronSchedule::parse("cron(0 0 31 4 ? *)")?;
    /// assert_eq!(never.next_after(after), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_after(&self, after: Timestamp) -> Option<Timestamp> {
        let mut second = after.as_second();
        if after.subsec_nanosecond() < 0 {
            second -= 1;
        }
        let start_minute = second.div_euclid(60) + 1;
        let day = start_minute.div_euclid(1440);
        let minute_of_day = start_minute.rem_euclid(1440) as u32;
        let (y, m, d) = calendar::civil_from_days(day);
        let found = self.next_civil(calendar::Civil {
            year: y,
            month: m,
            day: d,
            hour: minute_of_day / 60,
            minute: minute_of_day % 60,
        })?;
        Timestamp::from_second(found.unix_seconds()).ok()
    }

    /// All runs strictly after `after`, in UTC, in increasing order.
    ///
    /// The iterator ends when the schedule stops firing (at the latest after 2199).
    ///
    /// ```
    /// use backup_dsl::schedule::CronSchedule;
    ///
    /// let schedule = CronSchedule::parse("cron(0 5 * * ? 2026)")?;
    /// let after: jiff::Timestamp = "2026-12-30T12:00:00Z".parse()?;
    /// let runs: Vec<String> = schedule.upcoming(after).map(|t| t.to_string()).collect();
    /// assert_eq!(runs, ["2026-12-31T05:00:00Z"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn upcoming(&self, after: Timestamp) -> Upcoming<'_> {
        Upcoming {
            schedule: self,
            cursor: Some(after),
        }
    }

    /// The first run strictly after `after` when the expression is read in time zone `zone`
    /// (`ScheduleExpressionTimezone`).
    ///
    /// Fields are matched against the local civil time in `zone`. AWS Backup does not document
    /// its DST behaviour, so this follows the spec's REC (§7.2) and takes EventBridge Scheduler's
    /// documented semantics:
    ///
    /// * **Gap** (spring forward): a local time that does not exist is **skipped**; there is no
    ///   run for it that day.
    /// * **Overlap** (fall back): a local time that occurs twice runs **once**, at its first
    ///   occurrence (the earlier instant, still on summer time).
    ///
    /// ```
    /// use backup_dsl::schedule::{validate_timezone, CronSchedule};
    ///
    /// let zone = validate_timezone("America/New_York")?;
    /// let schedule = CronSchedule::parse("cron(30 2 * * ? *)")?;
    /// // 2026-03-08 02:30 does not exist in New York: that day is skipped.
    /// let after: jiff::Timestamp = "2026-03-07T12:00:00Z".parse()?;
    /// let next = schedule.next_after_in(after, &zone).unwrap();
    /// assert_eq!(next.to_string(), "2026-03-09T06:30:00Z"); // 02:30 EDT
    ///
    /// // 2026-11-01 01:30 happens twice: it runs once, at 01:30 EDT.
    /// let schedule = CronSchedule::parse("cron(30 1 * * ? *)")?;
    /// let after: jiff::Timestamp = "2026-11-01T00:00:00Z".parse()?;
    /// let runs: Vec<_> = std::iter::successors(schedule.next_after_in(after, &zone), |t| {
    ///     schedule.next_after_in(*t, &zone)
    /// })
    /// .take(2)
    /// .map(|t| t.to_string())
    /// .collect();
    /// assert_eq!(runs, ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_after_in(&self, after: Timestamp, zone: &TimeZone) -> Option<Timestamp> {
        let local = zone.to_datetime(after);
        let mut start = calendar::Civil {
            year: i64::from(local.year()),
            month: local.month() as u32,
            day: local.day() as u32,
            hour: local.hour() as u32,
            minute: local.minute() as u32 + 1,
        };
        loop {
            let c = self.next_civil(start)?;
            let dt = jiff::civil::DateTime::new(
                i16::try_from(c.year).ok()?,
                c.month as i8,
                c.day as i8,
                c.hour as i8,
                c.minute as i8,
                0,
                0,
            )
            .ok()?;
            let candidate = match zone.to_ambiguous_timestamp(dt).offset() {
                AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(dt).ok(),
                AmbiguousOffset::Gap { .. } => None,
                AmbiguousOffset::Fold { before, .. } => before.to_timestamp(dt).ok(),
            };
            if let Some(t) = candidate {
                if t > after {
                    return Some(t);
                }
            }
            start = calendar::Civil {
                minute: c.minute + 1,
                ..c
            };
        }
    }

    /// Whether the schedule fires at instant `at` (UTC): `at` is a whole minute and every field
    /// matches.
    ///
    /// This is a direct field-by-field check, independent of the jumping search in
    /// [`next_after`](Self::next_after); the property tests use it to cross-check that search.
    ///
    /// ```
    /// use backup_dsl::schedule::CronSchedule;
    ///
    /// let schedule = CronSchedule::parse("cron(0 5 ? * 6L *)")?; // last Friday of the month
    /// assert!(schedule.matches("2026-01-30T05:00:00Z".parse()?));
    /// assert!(!schedule.matches("2026-01-23T05:00:00Z".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn matches(&self, at: Timestamp) -> bool {
        let dt = TimeZone::UTC.to_datetime(at);
        if dt.second() != 0 || dt.subsec_nanosecond() != 0 {
            return false;
        }
        let year = i64::from(dt.year());
        if !(YEAR_MIN..=YEAR_MAX).contains(&year) {
            return false;
        }
        let y = (year - YEAR_MIN) as usize;
        self.years[y / 64] >> (y % 64) & 1 == 1
            && self.months >> dt.month() & 1 == 1
            && self.hours >> dt.hour() & 1 == 1
            && self.minutes >> dt.minute() & 1 == 1
            && calendar::day_matches(self.days, dt.date())
    }

    /// A short English description: `"at 05:00 UTC, Monday through Friday"`.
    ///
    /// ```
    /// use backup_dsl::schedule::CronSchedule;
    ///
    /// let describe = |e: &str| CronSchedule::parse(e).unwrap().describe();
    /// assert_eq!(describe("cron(0 5 ? * * *)"), "at 05:00 UTC, every day");
    /// assert_eq!(describe("cron(15 * ? * * *)"), "every hour at minute 15");
    /// assert_eq!(describe("cron(0 5 L * ? *)"), "at 05:00 UTC, on the last day of the month");
    /// assert_eq!(
    ///     describe("cron(15 10 ? * 6L 2026-2030)"),
    ///     "at 10:15 UTC, on the last Friday of the month, in 2026 through 2030"
    /// );
    /// ```
    pub fn describe(&self) -> String {
        describe::describe(self, "UTC")
    }

    /// Like [`describe`](Self::describe), naming time zone `zone` instead of UTC (for a schedule
    /// read in `ScheduleExpressionTimezone`).
    ///
    /// ```
    /// use backup_dsl::schedule::CronSchedule;
    ///
    /// let schedule = CronSchedule::parse("cron(30 1 ? * SAT,SUN *)")?;
    /// assert_eq!(
    ///     schedule.describe_in_zone("Europe/Paris"),
    ///     "at 01:30 Europe/Paris, on Saturdays and Sundays"
    /// );
    /// # Ok::<(), backup_dsl::schedule::CronError>(())
    /// ```
    pub fn describe_in_zone(&self, zone: &str) -> String {
        describe::describe(self, zone)
    }

    /// Whether the schedule has at least one run strictly after `after` (UTC).
    ///
    /// ```
    /// use backup_dsl::schedule::CronSchedule;
    ///
    /// let after: jiff::Timestamp = "2026-01-01T00:00:00Z".parse()?;
    /// assert!(!CronSchedule::parse("cron(15 10 ? * 6L 2019-2022)")?.fires_after(after));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fires_after(&self, after: Timestamp) -> bool {
        self.next_after(after).is_some()
    }

    /// Field arithmetic: the first civil minute `>= start` that matches, or `None`.
    ///
    /// `start` may be unnormalized upwards (minute 60, hour 24, day 32): overflow is carried by
    /// the search itself.
    fn next_civil(&self, start: calendar::Civil) -> Option<calendar::Civil> {
        let calendar::Civil {
            mut year,
            mut month,
            mut day,
            mut hour,
            mut minute,
        } = start;
        if year < YEAR_MIN {
            (year, month, day, hour, minute) = (YEAR_MIN, 1, 1, 0, 0);
        }
        loop {
            let y = self.next_year(year)?;
            if y != year {
                (year, month, day, hour, minute) = (y, 1, 1, 0, 0);
            }
            match calendar::next_bit(u64::from(self.months), month) {
                None => {
                    (year, month, day, hour, minute) = (year + 1, 1, 1, 0, 0);
                    continue;
                }
                Some(m) if m != month => (month, day, hour, minute) = (m, 1, 0, 0),
                Some(_) => {}
            }
            let days = calendar::day_mask(self.days, year, month);
            match calendar::next_bit(u64::from(days), day) {
                None => {
                    (month, day, hour, minute) = (month + 1, 1, 0, 0);
                    continue;
                }
                Some(d) if d != day => (day, hour, minute) = (d, 0, 0),
                Some(_) => {}
            }
            match calendar::next_bit(u64::from(self.hours), hour) {
                None => {
                    (day, hour, minute) = (day + 1, 0, 0);
                    continue;
                }
                Some(h) if h != hour => (hour, minute) = (h, 0),
                Some(_) => {}
            }
            match calendar::next_bit(self.minutes, minute) {
                None => {
                    (hour, minute) = (hour + 1, 0);
                    continue;
                }
                Some(mi) => {
                    return Some(calendar::Civil {
                        year,
                        month,
                        day,
                        hour,
                        minute: mi,
                    })
                }
            }
        }
    }

    /// The smallest year `>= year` in the year set.
    fn next_year(&self, year: i64) -> Option<i64> {
        if year > YEAR_MAX {
            return None;
        }
        let mut index = (year.max(YEAR_MIN) - YEAR_MIN) as u32;
        while index < 256 {
            let word = (index / 64) as usize;
            if let Some(bit) = calendar::next_bit(self.years[word], index % 64) {
                return Some(YEAR_MIN + i64::from(word as u32 * 64 + bit));
            }
            index = (index / 64 + 1) * 64;
        }
        None
    }
}

/// Iterator over the runs of a [`CronSchedule`], from [`CronSchedule::upcoming`].
///
/// ```
/// use backup_dsl::schedule::CronSchedule;
///
/// let schedule = CronSchedule::parse("cron(0 */12 ? * * *)")?;
/// let after: jiff::Timestamp = "2026-01-01T00:00:00Z".parse()?;
/// let mut runs = schedule.upcoming(after);
/// assert_eq!(runs.next().unwrap().to_string(), "2026-01-01T12:00:00Z");
/// assert_eq!(runs.next().unwrap().to_string(), "2026-01-02T00:00:00Z");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Upcoming<'a> {
    schedule: &'a CronSchedule,
    cursor: Option<Timestamp>,
}

impl Iterator for Upcoming<'_> {
    type Item = Timestamp;

    fn next(&mut self) -> Option<Timestamp> {
        let next = self.schedule.next_after(self.cursor?);
        self.cursor = next;
        next
    }
}

impl std::iter::FusedIterator for Upcoming<'_> {}

/// Checks an IANA time-zone name (`ScheduleExpressionTimezone`) and returns the zone.
///
/// The lookup uses jiff's bundled copy of the IANA Time Zone Database only (never the
/// filesystem), so it gives the same answer at compile time in a proc macro as at run time.
/// Names must be spelled exactly as in the database: a name that only differs in case is
/// rejected with the right spelling in the message.
///
/// ```
/// use backup_dsl::schedule::validate_timezone;
///
/// assert!(validate_timezone("Europe/London").is_ok());
/// assert!(validate_timezone("Etc/UTC").is_ok());
/// assert_eq!(
///     validate_timezone("europe/london").unwrap_err(),
///     "unknown time zone `europe/london`; did you mean `Europe/London`?"
/// );
/// assert!(validate_timezone("Mars/Olympus_Mons").is_err());
/// ```
pub fn validate_timezone(name: &str) -> Result<TimeZone, String> {
    static DB: std::sync::OnceLock<jiff::tz::TimeZoneDatabase> = std::sync::OnceLock::new();
    let db = DB.get_or_init(jiff::tz::TimeZoneDatabase::bundled);
    let shown: String = if name.chars().count() > 64 {
        name.chars().take(64).chain(['…']).collect()
    } else {
        name.to_owned()
    };
    if name.is_empty() {
        return Err(
            "empty time zone name; use an IANA name such as `Europe/London` or `UTC`".into(),
        );
    }
    let invalid = || {
        format!(
            "unknown time zone `{shown}`; use an IANA name such as `Europe/London`, \
             `America/New_York` or `UTC`"
        )
    };
    if name.len() > 256 || !name.is_ascii() {
        return Err(invalid());
    }
    match db.get(name) {
        Ok(zone) => match zone.iana_name() {
            Some(canonical) if canonical == name => Ok(zone),
            Some(canonical) if canonical.eq_ignore_ascii_case(name) => Err(format!(
                "unknown time zone `{shown}`; did you mean `{canonical}`?"
            )),
            // Aliases such as `UTC` and `Etc/UTC` resolve to one zone; any exact database name
            // is fine.
            _ => {
                if db.available().any(|n| n.as_str() == name) {
                    Ok(zone)
                } else {
                    match db
                        .available()
                        .find(|n| n.as_str().eq_ignore_ascii_case(name))
                    {
                        Some(n) => Err(format!(
                            "unknown time zone `{shown}`; did you mean `{}`?",
                            n.as_str()
                        )),
                        None => Err(invalid()),
                    }
                }
            }
        },
        Err(_) => Err(invalid()),
    }
}

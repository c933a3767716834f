//! Durations with CDK's conversion rules: whole days or whole minutes where CloudFormation
//! wants them, never negative.

use std::fmt;

use crate::problem::Violation;

/// The unit a [`Duration`] was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
}

impl TimeUnit {
    fn seconds(self) -> i64 {
        match self {
            TimeUnit::Seconds => 1,
            TimeUnit::Minutes => 60,
            TimeUnit::Hours => 3_600,
            TimeUnit::Days => 86_400,
        }
    }

    fn plural(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "seconds",
            TimeUnit::Minutes => "minutes",
            TimeUnit::Hours => "hours",
            TimeUnit::Days => "days",
        }
    }
}

/// An amount of time as the user wrote it (`36 hours` stays `36 hours` in messages).
///
/// ```
/// use backup_dsl::Duration;
/// assert_eq!(Duration::hours(48).to_days(), Ok(2));
/// assert!(Duration::hours(36).to_days().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    amount: i64,
    unit: TimeUnit,
}

impl Duration {
    /// A duration of `amount` units.
    pub const fn new(amount: i64, unit: TimeUnit) -> Self {
        Self { amount, unit }
    }

    /// `amount` seconds.
    pub const fn seconds(amount: i64) -> Self {
        Self::new(amount, TimeUnit::Seconds)
    }

    /// `amount` minutes.
    pub const fn minutes(amount: i64) -> Self {
        Self::new(amount, TimeUnit::Minutes)
    }

    /// `amount` hours.
    pub const fn hours(amount: i64) -> Self {
        Self::new(amount, TimeUnit::Hours)
    }

    /// `amount` days.
    pub const fn days(amount: i64) -> Self {
        Self::new(amount, TimeUnit::Days)
    }

    /// The amount as written.
    pub const fn amount(&self) -> i64 {
        self.amount
    }

    /// The unit as written.
    pub const fn unit(&self) -> TimeUnit {
        self.unit
    }

    /// Whole days; an error for a negative amount or a fraction of a day.
    pub fn to_days(&self) -> Result<i64, Violation> {
        self.convert(TimeUnit::Days)
    }

    /// Whole hours; an error for a negative amount or a fraction of an hour.
    ///
    /// ```
    /// use backup_dsl::Duration;
    /// assert_eq!(Duration::days(7).to_hours(), Ok(168));
    /// ```
    pub fn to_hours(&self) -> Result<i64, Violation> {
        self.convert(TimeUnit::Hours)
    }

    /// Whole minutes; an error for a negative amount or a fraction of a minute.
    pub fn to_minutes(&self) -> Result<i64, Violation> {
        self.convert(TimeUnit::Minutes)
    }

    /// Whole days of the value of `key`; an error naming `key` for a negative amount or a
    /// fraction of a day.
    ///
    /// ```
    /// use backup_dsl::Duration;
    /// let error = Duration::days(-1).to_days_of("delete_after").unwrap_err();
    /// assert_eq!(error.message, "`delete_after` is `-1 days`, a negative duration");
    /// ```
    pub fn to_days_of(&self, key: &str) -> Result<i64, Violation> {
        self.convert(TimeUnit::Days)
            .map_err(|v| v.naming(key, self))
    }

    /// Whole hours of the value of `key`; an error naming `key` as [`Duration::to_days_of`].
    pub fn to_hours_of(&self, key: &str) -> Result<i64, Violation> {
        self.convert(TimeUnit::Hours)
            .map_err(|v| v.naming(key, self))
    }

    /// Whole minutes of the value of `key`; an error naming `key` as [`Duration::to_days_of`].
    pub fn to_minutes_of(&self, key: &str) -> Result<i64, Violation> {
        self.convert(TimeUnit::Minutes)
            .map_err(|v| v.naming(key, self))
    }

    fn convert(&self, target: TimeUnit) -> Result<i64, Violation> {
        if self.amount < 0 {
            return Err(Violation::error(
                "duration-negative",
                format!("duration `{self}` is negative"),
                "durations count forward from the backup: write a positive amount",
            ));
        }
        let seconds = i128::from(self.amount) * i128::from(self.unit.seconds());
        let per = i128::from(target.seconds());
        if seconds % per != 0 {
            let whole = target.plural();
            return Err(Violation::error(
                "duration-not-whole",
                format!("`{self}` cannot be converted into a whole number of {whole}"),
                format!("CloudFormation takes whole {whole} here: write the duration in {whole}"),
            ));
        }
        i64::try_from(seconds / per).map_err(|_| {
            Violation::error(
                "duration-too-large",
                format!("duration `{self}` is too large"),
                "write at most 36500 days",
            )
        })
    }
}

/// A conversion error rewritten to name the key whose value it is about.
trait Naming {
    fn naming(self, key: &str, value: &Duration) -> Violation;
}

impl Naming for Violation {
    fn naming(mut self, key: &str, value: &Duration) -> Violation {
        let written = format!("`{value}`");
        self.message = match self.rule {
            "duration-negative" => format!("`{key}` is {written}, a negative duration"),
            _ => {
                let rest = self
                    .message
                    .strip_prefix(&format!("duration {written} "))
                    .or_else(|| self.message.strip_prefix(&format!("{written} ")))
                    .unwrap_or(&self.message)
                    .to_string();
                format!("`{key}` is {written}, which {rest}")
            }
        };
        self
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = self.unit.plural();
        let unit = if self.amount == 1 {
            &unit[..unit.len() - 1]
        } else {
            unit
        };
        write!(f, "{} {unit}", self.amount)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_like_cdk() {
        assert_eq!(Duration::hours(48).to_days(), Ok(2));
        assert_eq!(Duration::hours(2).to_minutes(), Ok(120));
        assert_eq!(
            Duration::hours(36).to_days().unwrap_err().message,
            "`36 hours` cannot be converted into a whole number of days"
        );
        assert_eq!(
            Duration::seconds(90).to_minutes().unwrap_err().message,
            "`90 seconds` cannot be converted into a whole number of minutes"
        );
        assert_eq!(
            Duration::days(-1).to_days().unwrap_err().message,
            "duration `-1 days` is negative"
        );
        assert_eq!(Duration::days(1).to_string(), "1 day");
        assert!(Duration::days(i64::MAX).to_minutes().is_err());
    }
}

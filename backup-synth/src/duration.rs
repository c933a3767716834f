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

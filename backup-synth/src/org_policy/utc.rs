//! A schedule in a time zone rewritten in UTC, for a backup policy (whose schedules are UTC
//! only): possible when the zone keeps one UTC offset and the shift keeps the cron fields
//! simple (`orgpolicy-timezone`).

use jiff::tz::TimeZone;
use jiff::Timestamp;

/// From when a zone must keep one offset for the rewrite to hold: 2026-01-01T00:00:00Z (a fixed
/// instant, so that the rewrite does not depend on the day it is computed).
const FROM_UNIX_SECONDS: i64 = 1_767_225_600;

const WEEK_DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// The UTC offset of `zone` in seconds if it has no transition (daylight saving time or other
/// change) from 2026 on.
fn fixed_offset(zone: &TimeZone) -> Option<i32> {
    let from = Timestamp::from_second(FROM_UNIX_SECONDS).ok()?;
    if zone.following(from).next().is_some() {
        return None;
    }
    Some(zone.to_offset(from).seconds())
}

/// `expression` (run in `zone`) as the same schedule in UTC, when `zone` has a fixed offset and
/// the shifted fields stay expressible: minutes and hours as numbers (or `*` hours for a whole-hour
/// offset), and, when the shift crosses midnight, days given as `*`/`?` or week days.
///
/// ```
/// use backup_dsl::org_policy::utc_rewrite;
/// assert_eq!(utc_rewrite("Asia/Tokyo", "cron(0 5 ? * * *)").as_deref(), Some("cron(0 20 ? * * *)"));
/// assert_eq!(utc_rewrite("Asia/Kolkata", "cron(30 6 ? * MON *)").as_deref(), Some("cron(0 1 ? * MON *)"));
/// assert_eq!(utc_rewrite("Europe/Paris", "cron(0 5 ? * * *)"), None);
/// ```
pub fn utc_rewrite(zone: &str, expression: &str) -> Option<String> {
    let zone = crate::schedule::validate_timezone(zone).ok()?;
    let offset_minutes = i64::from(fixed_offset(&zone)?) / 60;
    let body = expression.trim().strip_prefix("cron(")?.strip_suffix(')')?;
    let fields: Vec<&str> = body.split_whitespace().collect();
    let [minute, hour, day, month, week_day, year] = fields.as_slice() else {
        return None;
    };
    let (minute, hour, shift) = shift_time(minute, hour, offset_minutes)?;
    // A shift across midnight moves week days; at a month or year edge it would move the
    // month or year too, which the fields cannot say unless they are `*`.
    if shift != 0 && (*month != "*" || *year != "*") {
        return None;
    }
    let week_day = shift_days(day, week_day, shift)?;
    Some(format!(
        "cron({minute} {hour} {day} {month} {week_day} {year})"
    ))
}

/// The minutes and hours fields in UTC and the day shift (-1, 0 or 1).
fn shift_time(minute: &str, hour: &str, offset_minutes: i64) -> Option<(String, String, i64)> {
    let minute: i64 = minute.parse().ok().filter(|m| (0..60).contains(m))?;
    if hour == "*" {
        let shifted = (minute - offset_minutes).rem_euclid(60);
        return Some((shifted.to_string(), "*".to_string(), 0));
    }
    let mut shift = None;
    let mut hours = Vec::new();
    let mut new_minute = 0;
    for part in hour.split(',') {
        let h: i64 = part.parse().ok().filter(|h| (0..24).contains(h))?;
        let total = h * 60 + minute - offset_minutes;
        let day = total.div_euclid(1440);
        if shift.is_some_and(|s| s != day) {
            return None;
        }
        shift = Some(day);
        let in_day = total.rem_euclid(1440);
        hours.push(in_day / 60);
        new_minute = in_day % 60;
    }
    hours.sort_unstable();
    let hours: Vec<String> = hours.iter().map(ToString::to_string).collect();
    Some((new_minute.to_string(), hours.join(","), shift?))
}

/// The week-day field shifted by `shift` days; `None` when a day of the month would move.
fn shift_days(day: &str, week_day: &str, shift: i64) -> Option<String> {
    if shift == 0 {
        return Some(week_day.to_string());
    }
    if !matches!(day, "*" | "?") {
        return None;
    }
    if matches!(week_day, "*" | "?") {
        return Some(week_day.to_string());
    }
    let shifted: Option<Vec<&str>> = week_day
        .split(',')
        .map(|d| {
            let index = WEEK_DAYS
                .iter()
                .position(|w| w.eq_ignore_ascii_case(d))
                .or_else(|| {
                    d.parse::<usize>()
                        .ok()
                        .filter(|n| (1..=7).contains(n))
                        .map(|n| n - 1)
                })?;
            let moved = (index as i64 + shift).rem_euclid(7);
            WEEK_DAYS.get(usize::try_from(moved).ok()?).copied()
        })
        .collect();
    Some(shifted?.join(","))
}

#[cfg(test)]
mod tests {
    use super::utc_rewrite;

    #[test]
    fn a_shift_across_midnight_moves_the_week_days() {
        assert_eq!(
            utc_rewrite("Asia/Tokyo", "cron(0 5 ? * MON,FRI *)").as_deref(),
            Some("cron(0 20 ? * SUN,THU *)")
        );
        assert_eq!(
            utc_rewrite("America/Panama", "cron(0 22 ? * SAT *)").as_deref(),
            Some("cron(0 3 ? * SUN *)")
        );
    }

    #[test]
    fn a_shift_across_midnight_keeps_no_month_or_year() {
        // Monday 05:00 in Tokyo in February is Sunday 20:00 UTC, which may be in January.
        assert_eq!(utc_rewrite("Asia/Tokyo", "cron(0 5 ? 2 MON *)"), None);
        assert_eq!(utc_rewrite("Asia/Tokyo", "cron(0 5 ? * MON 2030)"), None);
        assert_eq!(
            utc_rewrite("Asia/Tokyo", "cron(0 12 ? 2 MON *)").as_deref(),
            Some("cron(0 3 ? 2 MON *)")
        );
    }

    #[test]
    fn several_hours_shift_together_or_not_at_all() {
        assert_eq!(
            utc_rewrite("Asia/Tokyo", "cron(0 10,12 * * ? *)").as_deref(),
            Some("cron(0 1,3 * * ? *)")
        );
        // 08:00 and 10:00 in Tokyo fall on two UTC days: no single rewrite.
        assert_eq!(utc_rewrite("Asia/Tokyo", "cron(0 8,10 1 * ? *)"), None);
    }

    #[test]
    fn days_of_the_month_do_not_move() {
        assert_eq!(utc_rewrite("Asia/Tokyo", "cron(0 5 1 * ? *)"), None);
        assert_eq!(
            utc_rewrite("Asia/Tokyo", "cron(0 12 1 * ? *)").as_deref(),
            Some("cron(0 3 1 * ? *)")
        );
    }

    #[test]
    fn ranges_steps_and_unknown_zones_get_no_rewrite() {
        assert_eq!(utc_rewrite("Asia/Tokyo", "cron(0 0/2 * * ? *)"), None);
        assert_eq!(utc_rewrite("Mars/Olympus", "cron(0 5 * * ? *)"), None);
        assert_eq!(utc_rewrite("Asia/Tokyo", "rate(1 day)"), None);
    }
}

//! The max-gap computation (`CronSchedule::max_gap_between`, behind `max_gap_in`) against a
//! brute-force walk of `next_after_in` over a year of runs, for every line of
//! `tests/fixtures/cron-corpus.txt` that AWS Backup accepts, in UTC and in two DST zones.

use backup_synth::rules::check_schedule;
use backup_synth::schedule::{validate_timezone, CronSchedule, MaxGap};
use jiff::civil::Date;
use jiff::tz::TimeZone;

const CORPUS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/cron-corpus.txt"
));

/// The corpus lines AWS Backup accepts (cron syntax and the 60-minute rule), wrapped.
fn valid_lines() -> Vec<String> {
    CORPUS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap_or(l))
        .map(|l| format!("cron({l})"))
        .filter(|l| check_schedule(l).is_ok())
        .collect()
}

/// Runs whose local date is in `[from, to)` and the first run after, walked one by one with
/// `next_after_in`; the largest difference between neighbours.
fn brute_force(schedule: &CronSchedule, zone: &TimeZone, from: Date, to: Date) -> MaxGap {
    let start = zone
        .to_ambiguous_timestamp(from.at(0, 0, 0, 0))
        .compatible()
        .unwrap();
    let mut cursor = start - jiff::SignedDuration::from_mins(1);
    let mut previous: Option<jiff::Timestamp> = None;
    let mut largest = 0;
    while let Some(run) = schedule.next_after_in(cursor, zone) {
        if let Some(before) = previous {
            largest = i64::max(largest, run.as_second() - before.as_second());
        }
        previous = Some(run);
        if zone.to_datetime(run).date() >= to {
            return MaxGap::Seconds(largest);
        }
        cursor = run;
    }
    MaxGap::Unbounded
}

#[test]
fn max_gap_agrees_with_a_walk_of_one_year_of_runs() {
    let lines = valid_lines();
    assert!(lines.len() > 100, "corpus: {} valid lines", lines.len());
    let from = Date::constant(2030, 1, 1);
    let to = Date::constant(2031, 1, 1);
    let mut disagreements = Vec::new();
    for zone_name in ["UTC", "America/New_York", "Australia/Lord_Howe"] {
        let zone = validate_timezone(zone_name).unwrap();
        for line in &lines {
            let schedule = CronSchedule::parse(line).unwrap();
            let fast = schedule.max_gap_between(&zone, from, to);
            let slow = brute_force(&schedule, &zone, from, to);
            if fast != slow {
                disagreements.push(format!("{line} in {zone_name}: {fast:?} vs walk {slow:?}"));
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn weekdays_have_a_three_day_gap_and_daily_one_day() {
    let utc = validate_timezone("UTC").unwrap();
    let gap = |e: &str| CronSchedule::parse(e).unwrap().max_gap_in(&utc);
    assert_eq!(gap("cron(0 5 ? * MON-FRI *)"), MaxGap::Seconds(3 * 86_400));
    assert_eq!(gap("cron(0 5 * * ? *)"), MaxGap::Seconds(86_400));
    assert_eq!(gap("cron(0 */12 * * ? *)"), MaxGap::Seconds(12 * 3_600));
    // February 29th only: eight years between 2096 and 2104 are outside 1901-2099; within
    // the cycle the gap is four years.
    assert_eq!(
        gap("cron(0 0 29 2 ? *)"),
        MaxGap::Seconds((4 * 365 + 1) * 86_400)
    );
    assert_eq!(gap("cron(0 5 * * ? 2026-2199)"), MaxGap::Unbounded);
    assert_eq!(gap("cron(0 0 31 4 ? *)"), MaxGap::Unbounded);
}

#[test]
fn daylight_saving_time_stretches_and_shrinks_a_daily_gap() {
    let new_york = validate_timezone("America/New_York").unwrap();
    let daily = CronSchedule::parse("cron(30 2 * * ? *)").unwrap();
    // 02:30 does not exist on the spring-forward day: that day has no run: 47 hours between the runs around it.
    assert_eq!(daily.max_gap_in(&new_york), MaxGap::Seconds(47 * 3_600));
    let daily = CronSchedule::parse("cron(0 5 * * ? *)").unwrap();
    // Fall back: 05:00 EST comes 25 hours after 05:00 EDT.
    assert_eq!(daily.max_gap_in(&new_york), MaxGap::Seconds(25 * 3_600));
}

#[test]
fn the_result_does_not_depend_on_the_build_date() {
    let zone = validate_timezone("Europe/Brussels").unwrap();
    let schedule = CronSchedule::parse("cron(0 5 ? * 6L *)").unwrap();
    assert_eq!(schedule.max_gap_in(&zone), schedule.max_gap_in(&zone));
    // Last Friday of October to last Friday of November at the latest (35 days), across the
    // fall-back night: 05:00 CET comes one hour later than 05:00 CEST would.
    assert_eq!(
        schedule.max_gap_in(&zone),
        MaxGap::Seconds(35 * 86_400 + 3_600)
    );
}

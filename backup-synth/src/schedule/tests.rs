//! Exact messages, spans and calendar edge cases of the cron engine.

use super::*;

#[track_caller]
fn error(expr: &str) -> CronError {
    match CronSchedule::parse(expr) {
        Ok(s) => match s.check_backup_interval() {
            Ok(()) => panic!("{expr} was accepted"),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

/// (expression, field, text under the span, message, help)
const MESSAGES: &[(&str, Option<CronField>, &str, &str, &str)] = &[
    (
        "cron(0 5 * * ?)",
        None,
        "0 5 * * ?",
        "found 5 fields, but AWS cron takes 6: `minutes hours day-of-month month day-of-week year`",
        "add the year field: `cron(0 5 * * ? *)`",
    ),
    (
        "cron(0 5 * * 1-5)",
        None,
        "0 5 * * 1-5",
        "found 5 fields, but AWS cron takes 6: `minutes hours day-of-month month day-of-week year`",
        "AWS cron adds a year field and needs `?` in one of the day fields: write \
         `cron(0 5 ? * 2-6 *)` (day-of-week counts 1 = `SUN` … 7 = `SAT`)",
    ),
    (
        "cron(0 0 5 * * ? *)",
        None,
        "*",
        "found 7 fields, but AWS cron takes 6: `minutes hours day-of-month month day-of-week year`",
        "AWS cron has no seconds field; remove it: `cron(0 5 * * ? *)`",
    ),
    (
        "rate(12 hours)",
        None,
        "rate(12 hours)",
        "`rate(...)` expressions are not taken by AWS Backup, only `cron(...)`",
        "write `cron(0 */12 ? * * *)` to run every 12 hours",
    ),
    (
        "at(2026-03-01T05:00:00)",
        None,
        "at(2026-03-01T05:00:00)",
        "one-time `at(...)` schedules are not taken by AWS Backup, only `cron(...)`",
        "write `cron(0 5 1 3 ? 2026)` to run once, at 2026-03-01 05:00 UTC",
    ),
    (
        "0 5 * * ? *",
        None,
        "0 5 * * ? *",
        "missing the `cron(...)` wrapper",
        "write `cron(0 5 * * ? *)`",
    ),
    (
        "cron(0 5 1 * MON *)",
        Some(CronField::DayOfWeek),
        "1 * MON",
        "day-of-month `1` and day-of-week `MON` are both set; exactly one of them must be `?`",
        "use `cron(0 5 1 * ? *)` for day 1 of each month, or `cron(0 5 ? * MON *)` for Mondays",
    ),
    (
        "cron(0 5 ? * ? *)",
        Some(CronField::DayOfMonth),
        "? * ?",
        "day-of-month and day-of-week are both `?`; exactly one of them must be `?`",
        "use `cron(0 5 * * ? *)` to run every day",
    ),
    (
        "cron(60 5 * * ? *)",
        Some(CronField::Minutes),
        "60",
        "`60` is out of range for the minutes field (0–59)",
        "minutes go from 0 to 59",
    ),
    (
        "cron(0 5 ? * 0 *)",
        Some(CronField::DayOfWeek),
        "0",
        "`0` is out of range for the day-of-week field (1–7)",
        "day-of-week counts from 1 (`SUN`) to 7 (`SAT`): Sunday is `1` or `SUN`, not `0`",
    ),
    (
        "cron(0 5 1 JANUARY ? *)",
        Some(CronField::Month),
        "JANUARY",
        "unknown month name `JANUARY`",
        "use the three-letter name `JAN`: `cron(0 5 1 JAN ? *)`",
    ),
    (
        "cron(0 5 5L * ? *)",
        Some(CronField::DayOfMonth),
        "5L",
        "`5L` is not valid in the day-of-month field",
        "write `L` for the last day of the month, or `L-5` for 5 days before it: \
         `cron(0 5 L-5 * ? *)`; `5L` (the last Thursday) only works in day-of-week",
    ),
    (
        "cron(0 5 ? * 3#1,6#3 *)",
        Some(CronField::DayOfWeek),
        "3#1,6#3",
        "only one `#` item is allowed in the day-of-week field",
        "use a separate backup rule for each `d#n`",
    ),
    (
        "cron(*/60 * * * ? *)",
        Some(CronField::Minutes),
        "60",
        "increment `60` is too large for the minutes field (1–59)",
        "an increment this large selects only the start value; write `0`: `cron(0 * * * ? *)`",
    ),
    (
        "cron(0 5 ? * MON-FRI/2 *)",
        Some(CronField::DayOfWeek),
        "MON-FRI/2",
        "increments (`/`) are not allowed in the day-of-week field",
        "list the days instead: `cron(0 5 ? * MON,WED,FRI *)`",
    ),
    (
        "cron(0,,5 5 * * ? *)",
        Some(CronField::Minutes),
        ",,",
        "empty item between two `,` in the minutes field",
        "remove the extra `,`: `cron(0,5 5 * * ? *)`",
    ),
    (
        "cron(0 5 * * ? 2030-2026)",
        Some(CronField::Year),
        "2030-2026",
        "year range `2030-2026` runs backwards",
        "write `2026-2030`: `cron(0 5 * * ? 2026-2030)`",
    ),
    (
        "cron(0 \u{FF15} * * ? *)",
        Some(CronField::Hours),
        "\u{FF15}",
        "found non-ASCII character `\u{FF15}` (U+FF15) in the hours field",
        "use the ASCII character `5`: `cron(0 5 * * ? *)`",
    ),
    (
        "cron(0\t5 * * ? *)",
        Some(CronField::Minutes),
        "\t",
        "found a tab; fields must be separated by spaces",
        "separate the fields with spaces: `cron(0 5 * * ? *)`",
    ),
    (
        "cron(0/15 * * * ? *)",
        Some(CronField::Minutes),
        "0/15",
        "backup jobs must start at least 60 minutes apart, but the minutes field `0/15` selects \
         4 minutes of each hour",
        "use a single minute, e.g. `cron(0 * * * ? *)` to run at minute 0",
    ),
];

#[test]
fn messages_are_exact() {
    for &(expr, field, under, message, help) in MESSAGES {
        let e = error(expr);
        assert_eq!(e.field, field, "{expr}");
        assert_eq!(&expr[e.span.clone()], under, "{expr}");
        assert_eq!(e.message, message, "{expr}");
        assert_eq!(e.help.as_deref(), Some(help), "{expr}");
        // The suggested expression, if any, is valid.
        if let Some(fix) = help.split('`').find(|part| part.starts_with("cron(")) {
            assert!(
                CronSchedule::parse(fix).is_ok(),
                "{expr}: fix {fix} is invalid"
            );
        }
    }
}

#[test]
fn caret_line_counts_characters() {
    let expr = "cron(0 \u{FF15} * * ? *)";
    assert_eq!(error(expr).caret_line(expr), format!("{expr}\n       ^"));
    let e = CronError::new(None, 100..200, "x", None);
    assert_eq!(e.caret_line("ab"), "ab\n  ^");
}

#[test]
fn display_and_alternate_display() {
    let e = error("cron(60 5 * * ? *)");
    assert_eq!(
        e.to_string(),
        "`60` is out of range for the minutes field (0–59)"
    );
    assert_eq!(
        format!("{e:#}"),
        "`60` is out of range for the minutes field (0–59)\nhelp: minutes go from 0 to 59"
    );
}

fn runs(expr: &str, after: &str, n: usize) -> Vec<String> {
    let s = CronSchedule::parse(expr).unwrap();
    s.upcoming(after.parse().unwrap())
        .take(n)
        .map(|t| t.to_string())
        .collect()
}

#[test]
fn calendar_edges() {
    // The last minute AWS cron can express, then nothing.
    assert_eq!(
        runs("cron(59 23 31 12 ? 2199)", "2199-12-31T23:58:00Z", 3),
        ["2199-12-31T23:59:00Z"]
    );
    assert_eq!(
        runs("cron(* * * * ? *)", "2199-12-31T23:59:00Z", 1),
        Vec::<String>::new()
    );
    // Far past and far future instants.
    assert_eq!(
        runs("cron(0 0 1 1 ? *)", "1900-06-01T00:00:00Z", 1),
        ["1970-01-01T00:00:00Z"]
    );
    assert_eq!(
        runs("cron(0 0 1 1 ? *)", "9000-01-01T00:00:00Z", 1),
        Vec::<String>::new()
    );
    // Strictly after, with sub-second and negative instants.
    assert_eq!(
        runs("cron(0 5 * * ? *)", "2026-01-01T05:00:00.5Z", 1),
        ["2026-01-02T05:00:00Z"]
    );
    assert_eq!(
        runs("cron(0 0 * * ? *)", "1969-12-31T23:59:59.5Z", 1),
        ["1970-01-01T00:00:00Z"]
    );
    // 2100 is not a leap year; 2096 and 2104 are.
    assert_eq!(
        runs("cron(0 0 29 2 ? 2096-2104)", "2026-01-01T00:00:00Z", 3),
        ["2096-02-29T00:00:00Z", "2104-02-29T00:00:00Z"]
    );
    // W at month edges: 2026-08-01 is a Saturday, 2026-05-31 a Sunday.
    assert_eq!(
        runs("cron(0 0 1W 8 ? 2026)", "2026-01-01T00:00:00Z", 1),
        ["2026-08-03T00:00:00Z"]
    );
    assert_eq!(
        runs("cron(0 0 31W 5 ? 2026)", "2026-01-01T00:00:00Z", 1),
        ["2026-05-29T00:00:00Z"]
    );
    // L-n past the start of the month: no run in February.
    assert_eq!(
        runs("cron(0 0 L-29 * ? 2026)", "2026-01-01T00:00:00Z", 3),
        [
            "2026-01-02T00:00:00Z",
            "2026-03-02T00:00:00Z",
            "2026-04-01T00:00:00Z"
        ]
    );
    // Fifth Thursday (#5) only in months that have one.
    assert_eq!(
        runs("cron(0 0 ? * 5#5 2026)", "2026-01-01T00:00:00Z", 2),
        ["2026-01-29T00:00:00Z", "2026-04-30T00:00:00Z"]
    );
    // Wrap-around day-of-month in February.
    assert_eq!(
        runs("cron(0 0 28-3 2 ? 2027)", "2027-01-01T00:00:00Z", 5),
        [
            "2027-02-01T00:00:00Z",
            "2027-02-02T00:00:00Z",
            "2027-02-03T00:00:00Z",
            "2027-02-28T00:00:00Z"
        ]
    );
    // Never fires: returns quickly.
    assert_eq!(
        runs("cron(0 0 30 2 ? *)", "1970-01-01T00:00:00Z", 1),
        Vec::<String>::new()
    );
}

#[test]
fn describe_examples() {
    let d = |e: &str| CronSchedule::parse(e).unwrap().describe();
    assert_eq!(
        d("cron(0 5 ? * MON-FRI *)"),
        "at 05:00 UTC, Monday through Friday"
    );
    assert_eq!(
        d("cron(0 5 1 * ? *)"),
        "at 05:00 UTC, on day 1 of the month"
    );
    assert_eq!(d("cron(0 5 ? * SAT *)"), "at 05:00 UTC, on Saturdays");
    assert_eq!(
        d("cron(0 */6 * * ? *)"),
        "at 00:00, 06:00, 12:00 and 18:00 UTC, every day"
    );
    assert_eq!(
        d("cron(0 20-2 ? * MON-FRI *)"),
        "every hour at minute 0, from 20:00 through 02:00 UTC, Monday through Friday"
    );
    assert_eq!(
        d("cron(0 0 LW * ? *)"),
        "at 00:00 UTC, on the last weekday of the month"
    );
    assert_eq!(
        d("cron(0 6 ? * 2#1 *)"),
        "at 06:00 UTC, on the first Monday of the month"
    );
    assert_eq!(
        d("cron(0 4 1 JAN,JUL ? 2026-2030)"),
        "at 04:00 UTC, on day 1 of the month, in January and July, in 2026 through 2030"
    );
    assert_eq!(d("cron(0/15 * * * ? *)"), "every 15 minutes");
}

#[test]
fn timezone_names() {
    assert!(validate_timezone("UTC").is_ok());
    assert!(validate_timezone("Etc/UTC").is_ok());
    assert!(validate_timezone("Asia/Kolkata").is_ok());
    assert!(validate_timezone("").is_err());
    assert!(validate_timezone("+01:00").is_err());
    assert!(validate_timezone("Europe/Lond\u{00F3}n").is_err());
    assert_eq!(
        validate_timezone("utc").unwrap_err(),
        "unknown time zone `utc`; did you mean `UTC`?"
    );
}

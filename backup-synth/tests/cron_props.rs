//! Property tests of the cron engine:
//!
//! * no input panics (cron-like token soup and arbitrary Unicode), and error spans are valid
//!   byte ranges of the input;
//! * for valid expressions, display → parse round-trips;
//! * next runs strictly increase, each one matches the expression (checked with the
//!   independent [`CronSchedule::matches`] predicate) and no matching minute is skipped.

use backup_synth::schedule::{CronError, CronSchedule};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use proptest::prelude::*;
use proptest::sample::select;

/// Exercises every entry point on `input`; panics only on a broken invariant.
fn exercise(input: &str) {
    let check_err = |e: &CronError, text: &str| {
        assert!(
            text.get(e.span.clone()).is_some(),
            "span {:?} is not a valid slice of {text:?}",
            e.span
        );
        assert!(!e.message.is_empty());
        let caret = e.caret_line(text);
        assert!(caret.starts_with(text));
        let _ = e.to_string();
    };
    let wrapped = format!("cron({input})");
    for (text, result) in [
        (input, CronSchedule::parse(input)),
        (input, CronSchedule::parse_fields(input)),
        (wrapped.as_str(), CronSchedule::parse(&wrapped)),
    ] {
        match result {
            Err(e) => check_err(&e, text),
            Ok(s) => {
                let shown = s.to_string();
                assert_eq!(CronSchedule::parse(&shown).as_ref(), Ok(&s), "{shown}");
                let _ = s.describe();
                if let Err(e) = s.check_backup_interval() {
                    check_err(&e, text);
                }
                let _ = s.next_after(Timestamp::UNIX_EPOCH);
            }
        }
    }
}

/// Cron-like token soup: fields made of the dialect's tokens, right and wrong.
fn cron_like() -> impl Strategy<Value = String> {
    let token = select(vec![
        "*",
        "?",
        "L",
        "W",
        "#",
        "/",
        "-",
        ",",
        "0",
        "00",
        "1",
        "2",
        "5",
        "7",
        "8",
        "12",
        "13",
        "15",
        "23",
        "24",
        "29",
        "30",
        "31",
        "32",
        "59",
        "60",
        "229",
        "1970",
        "2026",
        "2199",
        "2200",
        "99999999999999999999999",
        "MON",
        "fri",
        "SUN",
        "JAN",
        "dec",
        "Jun",
        "THUR",
        "JANUARY",
        "L-",
        "L-3",
        "LW",
        "L-2W",
        "3W",
        "6L",
        "5#3",
        "#6",
        "*/5",
        "1-5",
        "22-2",
        "FRI-MON",
        "MAR/4",
        "cron(",
        ")",
        "rate(",
        "at(",
        "\t",
        "\u{FF15}",
        "é",
        "\u{00A0}",
        ".",
        "+",
        "0x5",
        "\n",
    ]);
    let field = prop::collection::vec(token, 1..4).prop_map(|t| t.concat());
    let sep = select(vec![" ", " ", " ", "  ", "", "\t"]);
    prop::collection::vec((field, sep), 0..9).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(f, s)| format!("{f}{s}"))
            .collect::<String>()
    })
}

// ---------------------------------------------------------------------------------------------
// Generators of valid expressions.

fn number(min: u32, max: u32, zeros: bool) -> BoxedStrategy<String> {
    (min..=max, any::<bool>())
        .prop_map(move |(n, pad)| {
            if zeros && pad && n < 10 {
                format!("0{n}")
            } else {
                n.to_string()
            }
        })
        .boxed()
}

fn name(names: &'static [&'static str]) -> BoxedStrategy<(u32, String)> {
    (0..names.len(), any::<bool>())
        .prop_map(move |(i, lower)| {
            let n = names[i];
            (
                i as u32 + 1,
                if lower {
                    n.to_ascii_lowercase()
                } else {
                    n.to_owned()
                },
            )
        })
        .boxed()
}

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// One generic item (`*`, `v`, `a-b`, `*/n`, `a/n`, `a-b/n`) of a field with the given bounds.
fn item(
    min: u32,
    max: u32,
    max_step: u32,
    names: Option<&'static [&'static str]>,
    wrap: bool,
    steps: bool,
) -> BoxedStrategy<String> {
    let value = match names {
        Some(n) => prop_oneof![number(min, max, true), name(n).prop_map(|(_, s)| s)].boxed(),
        None => number(min, max, true),
    };
    let range = match names {
        Some(n) => prop_oneof![
            (min..=max, min..=max).prop_map(|(a, b)| format!("{a}-{b}")),
            (name(n), name(n)).prop_map(|((_, a), (_, b))| format!("{a}-{b}")),
        ]
        .boxed(),
        None => (min..=max, min..=max)
            .prop_map(|(a, b)| format!("{}-{}", a.min(b), a.max(b)))
            .boxed(),
    };
    let range = if wrap {
        range
    } else {
        range
            .prop_filter("ascending range", |r| {
                let (a, b) = r.split_once('-').unwrap();
                a.parse::<u32>().unwrap_or(0) <= b.parse::<u32>().unwrap_or(0)
            })
            .boxed()
    };
    let step = 1..=max_step;
    if steps {
        prop_oneof![
            3 => value.clone(),
            2 => range.clone(),
            1 => Just("*".to_owned()),
            1 => step.clone().prop_map(|n| format!("*/{n}")),
            1 => (value, step.clone()).prop_map(|(v, n)| format!("{v}/{n}")),
            1 => (range, step).prop_map(|(r, n)| format!("{r}/{n}")),
        ]
        .boxed()
    } else {
        prop_oneof![3 => value, 2 => range, 1 => Just("*".to_owned())].boxed()
    }
}

fn list(item: BoxedStrategy<String>) -> BoxedStrategy<String> {
    prop::collection::vec(item, 1..4)
        .prop_map(|items| items.join(","))
        .boxed()
}

fn dom_field() -> BoxedStrategy<String> {
    prop_oneof![
        6 => list(item(1, 31, 31, None, true, true)),
        1 => Just("L".to_owned()),
        1 => (0..=30u32).prop_map(|n| format!("L-{n}")),
        1 => Just("lw".to_owned()),
        1 => (0..=30u32).prop_map(|n| format!("L-{n}W")),
        2 => (1..=31u32).prop_map(|n| format!("{n}W")),
    ]
    .boxed()
}

fn dow_field() -> BoxedStrategy<String> {
    let day = prop_oneof![number(1, 7, true), name(DAYS).prop_map(|(_, s)| s)];
    prop_oneof![
        6 => list(item(1, 7, 7, Some(DAYS), true, false)),
        1 => Just("L".to_owned()),
        2 => day.clone().prop_map(|d| format!("{d}L")),
        2 => (day, 1..=5u32).prop_map(|(d, n)| format!("{d}#{n}")),
    ]
    .boxed()
}

fn year_field() -> BoxedStrategy<String> {
    prop_oneof![
        3 => Just("*".to_owned()),
        3 => list(item(1970, 2199, 229, None, false, true)),
        2 => (2020..=2060u32, 0..=10u32).prop_map(|(a, n)| format!("{a}-{}", a + n)),
    ]
    .boxed()
}

/// A valid expression by construction (without the `cron(...)` wrapper).
fn valid_fields() -> impl Strategy<Value = String> {
    let minutes = prop_oneof![
        4 => number(0, 59, true),
        1 => list(item(0, 59, 59, None, true, true)),
    ];
    let hours = list(item(0, 23, 23, None, true, true));
    let months = list(item(1, 12, 12, Some(MONTHS), true, true));
    let days = prop_oneof![
        dom_field().prop_map(|d| (d, "?".to_owned())),
        dow_field().prop_map(|d| ("?".to_owned(), d)),
    ];
    let sep = select(vec![" ", " ", "  "]);
    (minutes, hours, days, months, year_field(), sep)
        .prop_map(|(mi, h, (dom, dow), mo, y, sep)| [mi, h, dom, mo, dow, y].join(sep))
}

/// Instants from 1960 to 2210, often on minute boundaries.
fn instant() -> impl Strategy<Value = Timestamp> {
    (
        -315_619_200i64..7_605_000_000i64,
        prop_oneof![Just(0i32), 0..1_000_000_000i32],
    )
        .prop_map(|(s, ns)| Timestamp::new(s - s.rem_euclid(60) * i64::from(ns == 0), ns).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 55_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn cron_like_strings_never_panic(input in cron_like()) {
        exercise(&input);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 45_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_strings_never_panic(input in any::<String>()) {
        exercise(&input);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2_500,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn valid_expressions_round_trip(fields in valid_fields()) {
        let wrapped = format!("cron({fields})");
        let parsed = CronSchedule::parse(&wrapped);
        prop_assert!(parsed.is_ok(), "{wrapped}: {:?}", parsed.err());
        let schedule = parsed.unwrap();
        let shown = schedule.to_string();
        let again = CronSchedule::parse(&shown).expect("display output parses");
        prop_assert_eq!(&again, &schedule);
        prop_assert_eq!(again.to_string(), shown.clone());
        // The canonical form selects the same runs.
        let t = Timestamp::UNIX_EPOCH;
        prop_assert_eq!(
            schedule.upcoming(t).take(3).collect::<Vec<_>>(),
            again.upcoming(t).take(3).collect::<Vec<_>>()
        );
        prop_assert_eq!(CronSchedule::parse_fields(&fields).ok(), Some(schedule.clone()));
        prop_assert!(!schedule.describe().is_empty());
    }

    #[test]
    fn next_runs_increase_and_match(fields in valid_fields(), after in instant()) {
        let schedule = CronSchedule::parse_fields(&fields).unwrap();
        let runs: Vec<Timestamp> = schedule.upcoming(after).take(12).collect();
        let mut previous = after;
        for (i, &run) in runs.iter().enumerate() {
            prop_assert!(run > previous, "{fields}: run {run} not after {previous}");
            prop_assert!(schedule.matches(run), "{fields}: {run} does not match");
            // No matching minute is skipped in short gaps (checked minute by minute).
            let start = previous.as_second().div_euclid(60) + 1;
            let end = run.as_second() / 60;
            if end - start < 240 && i < 3 {
                for minute in start..end {
                    let t = Timestamp::from_second(minute * 60).unwrap();
                    prop_assert!(!schedule.matches(t), "{fields}: skipped {t} before {run}");
                }
            }
            previous = run;
        }
        // The zone-aware search in UTC agrees with the UTC search.
        prop_assert_eq!(
            schedule.next_after_in(after, &TimeZone::UTC),
            runs.first().copied()
        );
    }

    #[test]
    fn zoned_runs_match_local_time(fields in valid_fields(), after in instant(), zone in select(vec![
        "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia",
    ])) {
        let schedule = CronSchedule::parse_fields(&fields).unwrap();
        let tz = backup_synth::schedule::validate_timezone(zone).unwrap();
        let mut t = after;
        for _ in 0..4 {
            let Some(next) = schedule.next_after_in(t, &tz) else { break };
            prop_assert!(next > t);
            // The local wall-clock time, read as UTC, matches the expression.
            let local = tz.to_datetime(next);
            let as_utc = local.to_zoned_datetime(TimeZone::UTC).unwrap().timestamp();
            prop_assert!(schedule.matches(as_utc), "{fields} in {zone}: {next} ({local})");
            t = next;
        }
    }
}

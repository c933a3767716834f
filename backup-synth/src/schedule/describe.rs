//! English descriptions of schedules (`"at 05:00 UTC, Monday through Friday"`).

use super::{CronSchedule, DaySpec, YEAR_MIN};

const DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ORDINALS: [&str; 5] = ["first", "second", "third", "fourth", "fifth"];

/// The set bits of `mask` between `lo` and `hi`.
fn values(mask: u64, lo: u32, hi: u32) -> Vec<u32> {
    (lo..=hi)
        .filter(|&v| v < 64 && mask >> v & 1 == 1)
        .collect()
}

/// Maximal runs of consecutive values; with `cyclic`, a run through `max` joins one from `min`.
fn runs(values: &[u32], min: u32, max: u32, cyclic: bool) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &v in values {
        match out.last_mut() {
            Some((_, end)) if *end + 1 == v => *end = v,
            _ => out.push((v, v)),
        }
    }
    if cyclic && out.len() > 1 && out[0].0 == min && out[out.len() - 1].1 == max {
        let (first, last) = (out[0], out[out.len() - 1]);
        out.pop();
        out[0] = (last.0, first.1);
    }
    out
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The common difference if `values` (at least 3) form an arithmetic progression.
fn progression(values: &[u32]) -> Option<u32> {
    if values.len() < 3 {
        return None;
    }
    let step = values[1] - values[0];
    values
        .windows(2)
        .all(|w| w[1] - w[0] == step)
        .then_some(step)
        .filter(|&s| s > 1)
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `second-to-last`, `3rd-to-last` for `L-1`, `L-2`.
fn to_last(offset: u8) -> String {
    match offset {
        1 => "second-to-last".to_owned(),
        n => format!("{}-to-last", ordinal(u32::from(n) + 1)),
    }
}

fn plural_day(d: u32) -> String {
    format!("{}s", DAY_NAMES[(d - 1) as usize])
}

/// Days of the month as a noun phrase: `"day 1 of each month"`, `"the last day of each month"`.
pub(crate) fn dom_phrase(spec: DaySpec) -> String {
    dom_phrase_of(spec, "of each month")
}

fn dom_phrase_of(spec: DaySpec, of: &str) -> String {
    match spec {
        DaySpec::MonthDays(set) => {
            let days = values(u64::from(set), 1, 31);
            if days.len() == 31 {
                return "every day".to_owned();
            }
            if let (Some(step), true) = (progression(&days), days.len() > 4) {
                return format!(
                    "every {step} days from day {} through day {} {of}",
                    days[0],
                    days[days.len() - 1]
                );
            }
            let parts: Vec<String> = runs(&days, 1, 31, false)
                .into_iter()
                .map(|(a, b)| {
                    if a == b {
                        a.to_string()
                    } else {
                        format!("{a} through {b}")
                    }
                })
                .collect();
            let noun = if days.len() == 1 { "day" } else { "days" };
            format!("{noun} {} {of}", join(&parts))
        }
        DaySpec::LastDay {
            offset: 0,
            weekday: false,
        } => format!("the last day {of}"),
        DaySpec::LastDay {
            offset: 0,
            weekday: true,
        } => format!("the last weekday {of}"),
        DaySpec::LastDay {
            offset,
            weekday: false,
        } => {
            format!("the {} day {of}", to_last(offset))
        }
        DaySpec::LastDay {
            offset,
            weekday: true,
        } => {
            format!("the weekday nearest the {} day {of}", to_last(offset))
        }
        DaySpec::NearestWeekday(n) => {
            format!("the weekday nearest the {} {of}", ordinal(u32::from(n)))
        }
        DaySpec::WeekDays(_) | DaySpec::LastWeekday(_) | DaySpec::NthWeekday(..) => {
            dow_phrase_of(spec, of)
        }
    }
}

/// Days of the week as a noun phrase: `"Mondays"`, `"Monday through Friday"`.
pub(crate) fn dow_phrase(spec: DaySpec) -> String {
    dow_phrase_of(spec, "of each month")
}

fn dow_phrase_of(spec: DaySpec, of: &str) -> String {
    match spec {
        DaySpec::WeekDays(set) => {
            let days = values(u64::from(set), 1, 7);
            if days.len() == 7 {
                return "every day".to_owned();
            }
            let parts: Vec<String> = runs(&days, 1, 7, true)
                .into_iter()
                .flat_map(|(a, b)| {
                    let len = if a <= b { b - a + 1 } else { 8 - a + b };
                    match len {
                        1 => vec![plural_day(a)],
                        2 => vec![plural_day(a), plural_day(b)],
                        _ => vec![format!(
                            "{} through {}",
                            DAY_NAMES[(a - 1) as usize],
                            DAY_NAMES[(b - 1) as usize]
                        )],
                    }
                })
                .collect();
            join(&parts)
        }
        DaySpec::LastWeekday(d) => {
            format!("the last {} {of}", DAY_NAMES[(d - 1) as usize])
        }
        DaySpec::NthWeekday(d, n) => format!(
            "the {} {} {of}",
            ORDINALS[(n - 1) as usize],
            DAY_NAMES[(d - 1) as usize]
        ),
        _ => dom_phrase_of(spec, of),
    }
}

fn time_phrase(minutes: u64, hours: u32, zone: &str) -> String {
    let mins = values(minutes, 0, 59);
    let hrs = values(u64::from(hours), 0, 23);
    if let [m] = mins.as_slice() {
        let m = *m;
        if hrs.len() == 24 {
            return format!("every hour at minute {m}");
        }
        if hrs.len() <= 6 {
            let times: Vec<String> = hrs.iter().map(|h| format!("{h:02}:{m:02}")).collect();
            return format!("at {} {zone}", join(&times));
        }
        if let Some(step) = progression(&hrs) {
            return format!(
                "every {step} hours at minute {m}, from {:02}:{m:02} through {:02}:{m:02} {zone}",
                hrs[0],
                hrs[hrs.len() - 1]
            );
        }
        let parts: Vec<String> = runs(&hrs, 0, 23, true)
            .into_iter()
            .map(|(a, b)| {
                if a == b {
                    format!("{a:02}:{m:02}")
                } else {
                    format!("from {a:02}:{m:02} through {b:02}:{m:02}")
                }
            })
            .collect();
        return format!("every hour at minute {m}, {} {zone}", join(&parts));
    }
    let minute_part = if mins.len() == 60 {
        "every minute".to_owned()
    } else if let Some(step) =
        progression(&mins).filter(|&s| mins[0] < s && mins[mins.len() - 1] + s > 59)
    {
        if mins[0] == 0 {
            format!("every {step} minutes")
        } else {
            format!("every {step} minutes from minute {}", mins[0])
        }
    } else {
        let parts: Vec<String> = runs(&mins, 0, 59, false)
            .into_iter()
            .map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a} through {b}")
                }
            })
            .collect();
        format!("at minutes {} past the hour", join(&parts))
    };
    if hrs.len() == 24 {
        return minute_part;
    }
    let parts: Vec<String> = runs(&hrs, 0, 23, true)
        .into_iter()
        .map(|(a, b)| format!("{a:02}:00 through {b:02}:59"))
        .collect();
    format!("{minute_part}, from {} {zone}", join(&parts))
}

fn day_part(days: DaySpec) -> String {
    match days {
        DaySpec::WeekDays(set) => {
            let vals = values(u64::from(set), 1, 7);
            let r = runs(&vals, 1, 7, true);
            match r.as_slice() {
                _ if vals.len() == 7 => "every day".to_owned(),
                [(a, b)] if a != b && (if a <= b { b - a + 1 } else { 8 - a + b }) > 2 => {
                    dow_phrase_of(days, "of the month")
                }
                _ => format!("on {}", dow_phrase_of(days, "of the month")),
            }
        }
        DaySpec::MonthDays(set) if set.count_ones() >= 31 => "every day".to_owned(),
        _ => {
            let phrase = dom_phrase_of(days, "of the month");
            if phrase.starts_with("every ") {
                phrase
            } else {
                format!("on {phrase}")
            }
        }
    }
}

fn month_part(months: u16) -> Option<String> {
    let vals = values(u64::from(months), 1, 12);
    if vals.len() == 12 {
        return None;
    }
    let parts: Vec<String> = runs(&vals, 1, 12, true)
        .into_iter()
        .flat_map(|(a, b)| {
            let name = |m: u32| MONTH_NAMES[(m - 1) as usize].to_owned();
            let len = if a <= b { b - a + 1 } else { 13 - a + b };
            match len {
                1 => vec![name(a)],
                2 => vec![name(a), name(b)],
                _ => vec![format!("{} through {}", name(a), name(b))],
            }
        })
        .collect();
    Some(format!("in {}", join(&parts)))
}

fn year_part(years: &[u64; 4]) -> Option<String> {
    let vals: Vec<u32> = (0..230u32)
        .filter(|&i| years[(i / 64) as usize] >> (i % 64) & 1 == 1)
        .map(|i| i + YEAR_MIN as u32)
        .collect();
    if vals.len() == 230 {
        return None;
    }
    let r = runs(&vals, 0, 0, false);
    if r.len() <= 4 {
        let parts: Vec<String> = r
            .into_iter()
            .map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a} through {b}")
                }
            })
            .collect();
        return Some(format!("in {}", join(&parts)));
    }
    let (first, last) = (vals[0], vals[vals.len() - 1]);
    Some(match progression(&vals) {
        Some(step) => format!("every {step} years from {first} through {last}"),
        None => format!(
            "in {} selected years from {first} through {last}",
            vals.len()
        ),
    })
}

pub(crate) fn describe(s: &CronSchedule, zone: &str) -> String {
    let time = time_phrase(s.minutes, s.hours, zone);
    let day = day_part(s.days);
    let mut parts = vec![];
    let fixed_times = time.starts_with("at ") && !time.starts_with("at minutes");
    parts.push(time);
    if day != "every day" || fixed_times {
        parts.push(day);
    }
    parts.extend(month_part(s.months));
    parts.extend(year_part(&s.years));
    parts.join(", ")
}

//! Cron engine benchmarks over the valid lines of `reference/cron-corpus.txt`:
//!
//! * `parse`: parse + validate (`CronSchedule::parse` and `check_backup_interval`) of every
//!   valid corpus line, and of one typical expression;
//! * `next100`: the next 100 runs after 2026-01-01T00:00:00Z of every corpus line that the
//!   `croner` crate supports and agrees on, with `backup_synth` and with `croner` in the same run.
//!
//! Run with `cargo bench -p backup-synth --bench cron`.

use std::hint::black_box;
use std::time::Duration;

use backup_synth::schedule::CronSchedule;
use chrono::{DateTime, TimeZone as _, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use croner::parser::{CronParser, Seconds, Year};
use croner::Cron;

const CORPUS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/cron-corpus.txt"
));
const RUNS: usize = 100;

/// The corpus lines that are valid AWS cron (including those AWS Backup rejects as sub-hourly).
fn valid_lines() -> Vec<String> {
    CORPUS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap_or(l))
        .filter(|l| CronSchedule::parse_fields(l).is_ok())
        .map(|l| format!("cron({l})"))
        .collect()
}

fn croner_parser() -> CronParser {
    // AWS cron is Quartz-flavoured: prepend a seconds field, keep the year, count 1 = SUN.
    CronParser::builder()
        .seconds(Seconds::Required)
        .year(Year::Required)
        .alternative_weekdays(true)
        .build()
}

fn croner_expression(aws: &str) -> String {
    let fields = &aws["cron(".len()..aws.len() - 1];
    format!("0 {fields}")
}

fn start_chrono() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

fn start_jiff() -> jiff::Timestamp {
    "2026-01-01T00:00:00Z".parse().unwrap()
}

fn ours_next(schedule: &CronSchedule) -> Vec<i64> {
    schedule
        .upcoming(start_jiff())
        .take(RUNS)
        .map(|t| t.as_second())
        .collect()
}

fn croner_next(cron: &Cron) -> Vec<i64> {
    cron.iter_after(start_chrono())
        .take(RUNS)
        .map(|t| t.timestamp())
        .collect()
}

/// One expression parsed by both engines.
type Pair = (CronSchedule, Cron);

/// Splits the valid lines into those croner parses and agrees on (first 100 runs) and the
/// skipped ones, with the reason.
fn comparable(lines: &[String]) -> (Vec<Pair>, Vec<(String, &'static str)>) {
    let parser = croner_parser();
    let mut both = vec![];
    let mut skipped = vec![];
    for line in lines {
        let ours = CronSchedule::parse(line).unwrap();
        match parser.parse(&croner_expression(line)) {
            Err(_) => skipped.push((line.clone(), "croner cannot parse it")),
            Ok(cron) => {
                if croner_next(&cron) == ours_next(&ours) {
                    both.push((ours, cron));
                } else {
                    skipped.push((line.clone(), "croner's runs differ from the spec"));
                }
            }
        }
    }
    (both, skipped)
}

fn parse(c: &mut Criterion) {
    let lines = valid_lines();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("backup_synth/corpus", |b| {
        b.iter(|| {
            for line in &lines {
                let s = CronSchedule::parse(black_box(line)).unwrap();
                black_box(s.check_backup_interval().is_ok());
            }
        })
    });
    let parser = croner_parser();
    let croner_lines: Vec<String> = lines
        .iter()
        .map(|l| croner_expression(l))
        .filter(|l| parser.parse(l).is_ok())
        .collect();
    group.throughput(Throughput::Elements(croner_lines.len() as u64));
    group.bench_function("croner/corpus-supported", |b| {
        b.iter(|| {
            for line in &croner_lines {
                black_box(parser.parse(black_box(line)).unwrap());
            }
        })
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("backup_synth/single", |b| {
        b.iter(|| {
            let s = CronSchedule::parse(black_box("cron(0 5 ? * MON-FRI *)")).unwrap();
            black_box(s.check_backup_interval().is_ok());
        })
    });
    group.finish();
}

fn next100(c: &mut Criterion) {
    let lines = valid_lines();
    let (both, skipped) = comparable(&lines);
    eprintln!(
        "next100: {} of {} valid corpus lines compared; {} skipped:",
        both.len(),
        lines.len(),
        skipped.len()
    );
    for (line, why) in &skipped {
        eprintln!("  skipped {line}: {why}");
    }
    let mut group = c.benchmark_group("next100");
    group.throughput(Throughput::Elements((both.len() * RUNS) as u64));
    group.bench_function("backup_synth", |b| {
        b.iter(|| {
            for (ours, _) in &both {
                for t in ours.upcoming(black_box(start_jiff())).take(RUNS) {
                    black_box(t);
                }
            }
        })
    });
    group.bench_function("croner", |b| {
        b.iter(|| {
            for (_, cron) in &both {
                for t in cron.iter_after(black_box(start_chrono())).take(RUNS) {
                    black_box(t);
                }
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(40)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = parse, next100
}
criterion_main!(benches);

//! Cost of the max-gap computation (`CronSchedule::max_gap_in`: the largest gap between
//! consecutive runs over the schedule's 28-year cycle, in a time zone) per schedule: every
//! corpus line AWS Backup accepts, in UTC and in America/New_York (DST), and three typical
//! schedules on their own.
//!
//! Run with `cargo bench -p backup-synth --bench max_gap`.

use std::hint::black_box;
use std::time::Duration;

use backup_synth::rules::check_schedule;
use backup_synth::schedule::{validate_timezone, CronSchedule};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const CORPUS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/cron-corpus.txt"
));

fn valid_schedules() -> Vec<CronSchedule> {
    CORPUS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| format!("cron({})", l.split('\t').next().unwrap_or(l)))
        .filter(|l| check_schedule(l).is_ok())
        .filter_map(|l| CronSchedule::parse(&l).ok())
        .collect()
}

fn max_gap(c: &mut Criterion) {
    let schedules = valid_schedules();
    let mut group = c.benchmark_group("max_gap");
    group.measurement_time(Duration::from_secs(10));
    group.sample_size(20);
    for zone_name in ["UTC", "America/New_York"] {
        let zone = validate_timezone(zone_name).expect("zone");
        group.throughput(Throughput::Elements(schedules.len() as u64));
        group.bench_function(format!("corpus/{zone_name}"), |b| {
            b.iter(|| {
                for schedule in &schedules {
                    black_box(schedule.max_gap_in(black_box(&zone)));
                }
            })
        });
    }
    let zone = validate_timezone("America/New_York").expect("zone");
    group.throughput(Throughput::Elements(1));
    for (name, expression) in [
        ("daily", "cron(0 5 * * ? *)"),
        ("weekdays", "cron(0 5 ? * MON-FRI *)"),
        ("hourly", "cron(0 * * * ? *)"),
    ] {
        let schedule = CronSchedule::parse(expression).expect("schedule");
        group.bench_function(format!("{name}/America/New_York"), |b| {
            b.iter(|| black_box(schedule.max_gap_in(black_box(&zone))))
        });
    }
    group.finish();
}

criterion_group!(benches, max_gap);
criterion_main!(benches);

//! Synthesis throughput: stacks of 1 to 10,000 `daily_weekly_monthly_5_year_retention` plans,
//! each with a tag selection (4 resources per plan), against the serialization floor, side by
//! side in one criterion run.
//!
//! * `synth/<n>`: everything from a built stack to the bytes written: `Stack::synth` (every
//!   rule-book check, rendering) and the template's pretty-printed text
//!   ([`backup_synth::Template::as_pretty_str`], the bytes `synth_string` and the cloud assembly
//!   write); the result is dropped outside the timed section.
//! * `floor/<n>`: `serde_json::to_string_pretty` of an already-built `serde_json::Value` of the
//!   same template, giving the same bytes (checked before timing): what any synthesizer that
//!   produces this JSON must at least pay.
//!
//! Run: `cargo bench -p backup-synth --bench synth`. The same binary measures peak memory when
//! called with `--peak-memory` (it re-runs itself once per size, so each figure comes from a
//! fresh process): `cargo bench -p backup-synth --bench synth -- --peak-memory`.

use std::hint::black_box;
use std::process::Command;

use backup_synth::{BackupPlan, BackupResource, BackupSelection, Stack};
use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 5] = [1, 10, 100, 1000, 10_000];
const PEAK_CHILD_ENV: &str = "BACKUP_SYNTH_PEAK_PLANS";

/// `plans` ready-made plans with one tag selection each; no resource limit (4 resources per plan).
fn stack_of(plans: usize) -> Stack {
    let mut stack = Stack::new("Stack").resource_limit(0);
    for index in 0..plans {
        let selection =
            BackupSelection::new("Selection").resource(BackupResource::tag("backup", "daily"));
        stack.add(
            BackupPlan::daily_weekly_monthly_5_year_retention(format!("Plan{index}"))
                .selection(selection),
        );
    }
    stack
}

fn synth(c: &mut Criterion) {
    let mut group = c.benchmark_group("synth");
    for plans in SIZES {
        if plans >= 10_000 {
            group.sample_size(20);
        }
        let stack = stack_of(plans);
        let template = stack.synth().expect("the stack synthesizes");
        let value = template.json().clone();
        let floor_bytes = serde_json::to_string_pretty(&value).expect("a template serializes");
        assert_eq!(
            template.as_pretty_str(),
            floor_bytes,
            "synth and floor write the same bytes"
        );
        drop(template);
        group.throughput(Throughput::Elements(plans as u64));
        group.bench_with_input(BenchmarkId::new("synth", plans), &stack, |b, stack| {
            b.iter_with_large_drop(|| {
                let template = stack.synth().expect("the stack synthesizes");
                black_box(template.as_pretty_str().len());
                template
            })
        });
        group.bench_with_input(BenchmarkId::new("floor", plans), &value, |b, value| {
            b.iter_with_large_drop(|| {
                serde_json::to_string_pretty(black_box(value)).expect("a template serializes")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, synth);

/// `VmRSS`/`VmHWM` of this process, in KiB.
fn memory_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status
        .lines()
        .find(|l| l.starts_with(field))
        .unwrap_or_default();
    line.split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Resets `VmHWM` to the current RSS (Linux `clear_refs` 5).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// In a child process: peak RSS above the starting RSS while building the stack, and while
/// synthesizing it, then the serialized size.
fn report_peak(plans: usize) {
    let start = memory_kib("VmRSS:");
    if !reset_peak() {
        println!("{plans}\tunavailable");
        return;
    }
    let stack = stack_of(plans);
    let built = memory_kib("VmHWM:");
    let before_synth = memory_kib("VmRSS:");
    reset_peak();
    let template = stack.synth().expect("the stack synthesizes");
    let synth_peak = memory_kib("VmHWM:").saturating_sub(before_synth);
    let bytes = serde_json::to_string(template.json())
        .expect("a template serializes")
        .len();
    println!(
        "{plans}\t{}\t{synth_peak}\t{bytes}",
        built.saturating_sub(start)
    );
}

/// Runs this binary once per size and prints a table of peak memory.
fn peak_memory() {
    let exe = std::env::current_exe().expect("the bench binary knows its path");
    println!("plans\tbuild peak KiB\tsynth peak KiB\ttemplate bytes (compact JSON)");
    for plans in SIZES {
        let output = Command::new(&exe)
            .env(PEAK_CHILD_ENV, plans.to_string())
            .output()
            .expect("the bench re-runs itself");
        print!("{}", String::from_utf8_lossy(&output.stdout));
    }
}

fn main() {
    if let Some(plans) = std::env::var(PEAK_CHILD_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
    {
        report_peak(plans);
        return;
    }
    if std::env::args().any(|a| a == "--peak-memory") {
        peak_memory();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}

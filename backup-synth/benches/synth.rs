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
//! Both are measured in CPU time of the benchmark thread (`CLOCK_THREAD_CPUTIME_ID`, user and
//! system), not wall time: on a shared machine the waits for a core are not what is measured.
//!
//! Run: `cargo bench -p backup-synth --bench synth`. The same binary, called with
//! `--alternated`, times synth and floor in turn (31 pairs per size, CPU time, medians) and prints
//! their ratio with the load average; with `--peak-memory` it measures peak memory (it re-runs
//! itself once per size, so each figure comes from a fresh process):
//! `cargo bench -p backup-synth --bench synth -- --alternated` / `-- --peak-memory`.

use std::hint::black_box;
use std::process::Command;

use backup_synth::{BackupPlan, BackupResource, BackupSelection, Stack};
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{BenchmarkId, Criterion, Throughput};

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

/// CPU time of the calling thread, in nanoseconds.
fn thread_cpu_ns() -> u64 {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    let nanos = i128::from(now.tv_sec) * 1_000_000_000 + i128::from(now.tv_nsec);
    u64::try_from(nanos).unwrap_or(0)
}

/// Criterion measurement: CPU time of the benchmark thread, in nanoseconds.
struct ThreadCpuTime;

/// Formats nanoseconds as criterion formats wall time.
static NANOSECONDS: WallTime = WallTime;

impl Measurement for ThreadCpuTime {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        thread_cpu_ns()
    }

    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns().saturating_sub(start)
    }

    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }

    fn zero(&self) -> u64 {
        0
    }

    fn to_f64(&self, value: &u64) -> f64 {
        *value as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        NANOSECONDS.formatter()
    }
}

/// The stack, its template as a built `Value`, checked to print to the bytes synthesis writes.
fn stack_and_value(plans: usize) -> (Stack, serde_json::Value) {
    let stack = stack_of(plans);
    let template = stack.synth().expect("the stack synthesizes");
    let value = template.json().clone();
    let floor_bytes = serde_json::to_string_pretty(&value).expect("a template serializes");
    assert_eq!(
        template.as_pretty_str(),
        floor_bytes,
        "synth and floor write the same bytes"
    );
    (stack, value)
}

/// From a built stack to the bytes written.
fn synth_to_bytes(stack: &Stack) -> backup_synth::Template {
    let template = stack.synth().expect("the stack synthesizes");
    black_box(template.as_pretty_str().len());
    template
}

/// The floor: the same bytes from an already-built `Value`.
fn floor(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(black_box(value)).expect("a template serializes")
}

fn synth(c: &mut Criterion<ThreadCpuTime>) {
    let mut group = c.benchmark_group("synth");
    for plans in SIZES {
        if plans >= 10_000 {
            group.sample_size(20);
        }
        let (stack, value) = stack_and_value(plans);
        group.throughput(Throughput::Elements(plans as u64));
        group.bench_with_input(BenchmarkId::new("synth", plans), &stack, |b, stack| {
            b.iter_with_large_drop(|| synth_to_bytes(stack))
        });
        group.bench_with_input(BenchmarkId::new("floor", plans), &value, |b, value| {
            b.iter_with_large_drop(|| floor(value))
        });
    }
    group.finish();
}

/// Synth and floor in turn, 31 pairs per size (CPU time of this thread, medians), with the
/// load average before and after each size.
fn alternated() {
    let load = || {
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    println!("plans\tsynth median\tfloor median\tsynth / floor\tload before -> after");
    for plans in SIZES {
        let (stack, value) = stack_and_value(plans);
        let before = load();
        let (mut synth_ns, mut floor_ns) = (Vec::new(), Vec::new());
        for _ in 0..31 {
            let start = thread_cpu_ns();
            let template = synth_to_bytes(&stack);
            synth_ns.push(thread_cpu_ns() - start);
            drop(template);
            let start = thread_cpu_ns();
            let text = floor(&value);
            floor_ns.push(thread_cpu_ns() - start);
            drop(text);
        }
        synth_ns.sort_unstable();
        floor_ns.sort_unstable();
        let (s, f) = (synth_ns[15] as f64, floor_ns[15] as f64);
        println!(
            "{plans}\t{:.3} ms\t{:.3} ms\t{:.2}\t{before} -> {}",
            s / 1e6,
            f / 1e6,
            s / f,
            load()
        );
    }
}

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
    if std::env::args().any(|a| a == "--alternated") {
        alternated();
        return;
    }
    let mut criterion = Criterion::default()
        .with_measurement(ThreadCpuTime)
        .configure_from_args();
    synth(&mut criterion);
    criterion.final_summary();
}

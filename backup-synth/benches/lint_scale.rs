//! Lint cost against synthesis cost for large stacks, in one process and one run:
//!
//! * `plans`: N ready-made plans (`daily_weekly_monthly_5_year_retention`), each with one tag
//!   selection (default N = 5,000);
//! * `selections`: one such plan with M tag selections (default M = 50,000).
//!
//! For each stack it times `Stack::synth` and `lint::lint_template` of the synthesized template
//! (the same resources), alternately so both see the same machine load, and prints the median
//! of `--runs` runs (default 5) of each in wall time and in CPU time of the thread, their
//! ratios, and the number of findings (which must not change with the implementation).
//!
//! Run: `cargo bench -p backup-synth --bench lint_scale -- [--plans N] [--selections M]
//! [--runs R] [--write DIR]`; `--write DIR` also writes `DIR/plans.template.json` and
//! `DIR/selections.template.json` for timing the `backup-dsl lint` command on the same input
//! (`scripts/lint-scale.sh` does all of this and prints the load average).

use std::time::{Duration, Instant};

use backup_synth::lint::lint_template;
use backup_synth::{BackupPlan, BackupResource, BackupSelection, Stack};
use serde_json::Value;

fn selection(index: usize) -> BackupSelection {
    BackupSelection::new(format!("Selection{index}"))
        .resource(BackupResource::tag("backup", "daily"))
}

/// `plans` plans with one selection each.
fn plans_stack(plans: usize) -> Stack {
    let mut stack = Stack::new("Stack").resource_limit(0);
    for index in 0..plans {
        stack.add(
            BackupPlan::daily_weekly_monthly_5_year_retention(format!("Plan{index}"))
                .selection(selection(0)),
        );
    }
    stack
}

/// One plan with `selections` selections.
fn selections_stack(selections: usize) -> Stack {
    let mut plan = BackupPlan::daily_weekly_monthly_5_year_retention("Plan");
    for index in 0..selections {
        plan = plan.selection(selection(index));
    }
    Stack::new("Stack").resource_limit(0).with(plan)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// CPU time of this thread so far (`/proc/thread-self/schedstat`, Linux), which a machine
/// shared with other work disturbs far less than wall time; zero where unavailable.
fn cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

/// Wall and CPU time of one call.
fn timed<T>(f: impl FnOnce() -> T) -> (Duration, Duration, T) {
    let (wall, cpu) = (Instant::now(), cpu_time());
    let out = f();
    (wall.elapsed(), cpu_time().saturating_sub(cpu), out)
}

/// Medians (wall, CPU) of synthesis and of lint, run alternately so both see the same load.
/// Each timed call includes freeing what it produced (the template, the report): the cost of
/// the whole operation, on both sides.
struct Figures {
    synth: (Duration, Duration),
    lint: (Duration, Duration),
}

fn alternate<A, B>(
    runs: usize,
    mut a: impl FnMut() -> A,
    mut b: impl FnMut() -> B,
) -> (Figures, A, B) {
    let (mut a_wall, mut a_cpu, mut b_wall, mut b_cpu) = (vec![], vec![], vec![], vec![]);
    let mut last = None;
    for _ in 0..runs {
        let (wall, cpu, out_a) = timed(&mut a);
        a_wall.push(wall);
        a_cpu.push(cpu);
        let (wall, cpu, out_b) = timed(&mut b);
        b_wall.push(wall);
        b_cpu.push(cpu);
        last = Some((out_a, out_b));
    }
    let (out_a, out_b) = last.expect("at least one run");
    let figures = Figures {
        synth: (median(a_wall), median(a_cpu)),
        lint: (median(b_wall), median(b_cpu)),
    };
    (figures, out_a, out_b)
}

/// One scenario's figures.
fn report(name: &str, resources: usize, figures: &Figures, findings: usize) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
    let (synth, lint) = (figures.synth, figures.lint);
    println!(
        "{name}\t{resources}\t{:.1}\t{:.1}\t{:.2}\t{:.1}\t{:.1}\t{:.2}\t{findings}",
        ms(synth.0),
        ms(lint.0),
        ratio(lint.0, synth.0),
        ms(synth.1),
        ms(lint.1),
        ratio(lint.1, synth.1),
    );
}

fn write(dir: Option<&str>, name: &str, json: &Value) {
    if let Some(dir) = dir {
        let path = format!("{dir}/{name}.template.json");
        let text = serde_json::to_string_pretty(json).expect("a template serializes");
        std::fs::write(&path, text).expect("the template is written");
    }
}

/// N plans with a selection each: synthesized, and the template linted.
fn measure_plans(plans: usize, runs: usize, dir: Option<&str>) {
    let stack = plans_stack(plans);
    let json: Value = stack.synth().expect("the stack synthesizes").into_json();
    let resources = json["Resources"].as_object().map_or(0, |r| r.len());
    let (figures, _, findings) = alternate(
        runs,
        || stack.synth().is_ok(),
        || lint_template(&json).findings.len(),
    );
    report("plans", resources, &figures, findings);
    write(dir, "plans", &json);
}

/// One plan with M selections. AWS Backup allows 100 selections per plan, so synthesis runs
/// every check and rendering and then returns its error; the template to lint is the
/// synthesized one-selection template with the selection's resources repeated M times under
/// the names synthesis gives them (`Selection0` → `Selection<i>` in ids and names).
fn measure_selections(selections: usize, runs: usize, dir: Option<&str>) {
    let stack = selections_stack(selections);
    let one = selections_stack(1)
        .synth()
        .expect("the stack synthesizes")
        .into_json();
    let json = repeat_selection(&one, selections);
    let resources = json["Resources"].as_object().map_or(0, |r| r.len());
    let (figures, synthesized, findings) = alternate(
        runs,
        || stack.synth().is_ok(),
        || lint_template(&json).findings.len(),
    );
    assert_eq!(
        synthesized,
        selections <= 100,
        "more than 100 selections are refused"
    );
    report("selections", resources, &figures, findings);
    write(dir, "selections", &json);
}

fn repeat_selection(one: &Value, selections: usize) -> Value {
    let mut template = one.clone();
    let resources = template["Resources"]
        .as_object_mut()
        .expect("a template has resources");
    let per_selection: Vec<(String, Value)> = resources
        .iter()
        .filter(|(id, _)| id.contains("Selection0"))
        .map(|(id, r)| (id.clone(), r.clone()))
        .collect();
    for (id, _) in &per_selection {
        resources.remove(id);
    }
    let text = serde_json::to_string(&per_selection).expect("resources serialize");
    for index in 0..selections {
        let copy = text.replace("Selection0", &format!("Selection{index}"));
        let copies: Vec<(String, Value)> = serde_json::from_str(&copy).expect("valid JSON");
        resources.extend(copies);
    }
    template
}

fn arg(args: &[String], flag: &str) -> Option<String> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let number = |flag: &str, default: usize| {
        arg(&args, flag)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let plans = number("--plans", 5_000);
    let selections = number("--selections", 50_000);
    let runs = number("--runs", 5).max(1);
    let write = arg(&args, "--write");
    println!(
        "stack\tresources\tsynth ms\tlint ms\tlint/synth\tsynth cpu ms\tlint cpu ms\tcpu lint/synth\tfindings"
    );
    measure_plans(plans, runs, write.as_deref());
    measure_selections(selections, runs, write.as_deref());
}

//! Generated inputs, run in-process (issue 10, item 6): no input may panic the cron engine or
//! the linter, and none may take unbounded time or memory.
//!
//! * **cron**: strings built from the pieces of AWS cron (field values, ranges, steps, `L`, `W`,
//!   `#`, names, years at the edges, wrappers, whitespace, control and non-ASCII characters),
//!   parsed with and without the `cron(...)` wrapper; a parsed schedule is checked against the
//!   60-minute rule, described, and asked for its next runs in UTC and in a DST zone.
//! * **lint**: the JSON fixtures (`tests/fixtures/cdk-templates`, `tests/fixtures/cfn-probes`)
//!   with one to three mutations each at random places: wrong types, empty, huge and
//!   control-character strings, numbers at the edges, intrinsics known and unknown, deep
//!   nesting, deleted and renamed keys, copied resources, changed resource types.
//!
//! In CI a sample runs (`MUTATION_INPUTS`, default 3,000 per kind). The long run is
//! `scripts/mutation.sh` (1,000,000 per kind, release build), which reports inputs run, panics,
//! peak RSS and the slowest input of each kind. Inputs are generated from a fixed seed
//! (`MUTATION_SEED`), so a failure is reproducible.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use backup_synth::lint::lint_template;
use backup_synth::schedule::CronSchedule;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::{json, Value};

/// xorshift64*: small, deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// Peak resident memory of this process so far, in KiB (Linux; 0 elsewhere).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// What a run of one kind found.
struct Tally {
    kind: &'static str,
    inputs: u64,
    panics: Vec<String>,
    slowest: (Duration, String),
}

impl Tally {
    fn new(kind: &'static str) -> Self {
        Self {
            kind,
            inputs: 0,
            panics: Vec::new(),
            slowest: (Duration::ZERO, String::new()),
        }
    }

    /// Runs `check` on one input (described by `show`, only when needed).
    fn run(&mut self, show: impl Fn() -> String, check: impl FnOnce()) {
        self.inputs += 1;
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(check));
        let took = start.elapsed();
        if outcome.is_err() {
            self.panics.push(show());
        }
        if took > self.slowest.0 {
            self.slowest = (took, show());
        }
    }

    fn report(&self) {
        let mut slowest = self.slowest.1.clone();
        if slowest.len() > 300 {
            let cut = (0..=300)
                .rev()
                .find(|&i| slowest.is_char_boundary(i))
                .unwrap_or(0);
            slowest.truncate(cut);
            slowest.push('…');
        }
        println!(
            "{}: {} inputs, {} panics, peak RSS {} MiB, slowest {:.3} ms: {slowest:?}",
            self.kind,
            self.inputs,
            self.panics.len(),
            peak_rss_kib() / 1024,
            self.slowest.0.as_secs_f64() * 1e3,
        );
        assert!(
            self.panics.is_empty(),
            "{} panicked on {} inputs, e.g. {:?}",
            self.kind,
            self.panics.len(),
            &self.panics[..self.panics.len().min(5)]
        );
    }
}

const CRON_PIECES: &[&str] = &[
    "*",
    "?",
    "0",
    "1",
    "5",
    "7",
    "12",
    "23",
    "24",
    "28",
    "29",
    "30",
    "31",
    "32",
    "59",
    "60",
    "-1",
    "L",
    "W",
    "LW",
    "L-2",
    "L-31",
    "15W",
    "0W",
    "#",
    "3#5",
    "1#0",
    "8#1",
    "/",
    "*/0",
    "0/5",
    "5/0",
    "1-5",
    "5-1",
    "22-2",
    "0-59",
    ",",
    "1,2,3",
    "MON",
    "SUN-SAT",
    "FRI-MON",
    "JAN",
    "DEC-FEB",
    "mon",
    "JANUARY",
    "1970",
    "2026",
    "2199",
    "2200",
    "1969",
    "2026/5",
    "*/50",
    "99999999999999999999",
    "-",
    "--",
    ",,",
    "//",
    "##",
    "LL",
    "?L",
    "(",
    ")",
    "é",
    "\u{0}",
    "\u{1b}[2J",
    "\t",
    " ",
];

const WRAPPERS: &[(&str, &str)] = &[
    ("", ""),
    ("cron(", ")"),
    ("cron( ", " )"),
    ("CRON(", ")"),
    ("rate(", ")"),
    ("cron(", ""),
    ("", ")"),
    ("cron((", "))"),
];

/// Plausible values per field (minutes, hours, day of month, month, day of week, year), so
/// that many inputs parse and reach the 60-minute rule and the next-run search.
const PLAUSIBLE: [&[&str]; 6] = [
    &["0", "5", "0/15", "*/30", "0,30", "59", "0-59/20"],
    &["*", "0", "5", "23", "0/2", "22-2", "9-17", "1,13"],
    &[
        "?", "*", "1", "15", "L", "L-3", "15W", "LW", "29", "31", "1-7",
    ],
    &["*", "1", "2", "FEB", "JAN-MAR", "*/3", "12", "11-2"],
    &[
        "?", "*", "MON", "MON-FRI", "FRI-MON", "2#1", "6#5", "L", "5L", "1,7",
    ],
    &[
        "*",
        "2026",
        "2026-2030",
        "2026/5",
        "*/50",
        "2199",
        "1970-2199",
    ],
];

fn cron_input(rng: &mut Rng) -> String {
    if rng.below(2) == 0 {
        let fields: Vec<&str> = PLAUSIBLE.iter().map(|pieces| *rng.pick(pieces)).collect();
        let (open, close) = *rng.pick(WRAPPERS);
        return format!("{open}{}{close}", fields.join(" "));
    }
    let fields = rng.below(9);
    let mut parts = Vec::with_capacity(fields);
    for _ in 0..fields {
        let pieces = 1 + rng.below(3);
        let field: String = (0..pieces).map(|_| *rng.pick(CRON_PIECES)).collect();
        parts.push(field);
    }
    let separator = *rng.pick(&[" ", " ", " ", "  ", "\t"]);
    let (open, close) = *rng.pick(WRAPPERS);
    format!("{open}{}{close}", parts.join(separator))
}

fn check_cron(input: &str, zone: &TimeZone, after: Timestamp) {
    for parsed in [
        CronSchedule::parse(input),
        CronSchedule::parse_fields(input),
    ] {
        match parsed {
            Ok(schedule) => {
                let _ = schedule.check_backup_interval();
                let _ = schedule.describe();
                let _ = schedule.describe_in_zone("America/New_York");
                let mut t = after;
                for _ in 0..3 {
                    match schedule.next_after(t) {
                        Some(next) => t = next,
                        None => break,
                    }
                }
                let _ = schedule.next_after_in(after, zone);
            }
            Err(error) => {
                let _ = error.caret_line(input);
            }
        }
    }
}

#[test]
fn cron_strings_never_panic() {
    let count = env_number("MUTATION_INPUTS", 3_000);
    let mut rng = Rng(env_number("MUTATION_SEED", 0x5eed) | 1);
    let zone = TimeZone::get("America/New_York").expect("the bundled zone database");
    let after: Timestamp = "2026-03-08T06:30:00Z".parse().unwrap();
    let mut tally = Tally::new("cron");
    for _ in 0..count {
        let input = cron_input(&mut rng);
        tally.run(|| input.clone(), || check_cron(&input, &zone, after));
    }
    tally.report();
}

fn fixtures() -> Vec<Value> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");
    let mut templates = Vec::new();
    for dir in ["cdk-templates", "cfn-probes"] {
        let mut paths: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            if let Ok(value) = serde_json::from_str::<Value>(&text) {
                templates.push(value);
            }
        }
    }
    assert!(templates.len() > 10, "the fixtures are there");
    templates
}

/// Every place in `value`, as a list of steps (object key or array index).
fn places(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(path.clone());
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                path.push(Step::Key(key.clone()));
                places(item, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                places(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(key) => v.get_mut(key.as_str()),
        Step::Index(index) => v.get_mut(*index),
    })
}

fn deep(depth: usize) -> Value {
    (0..depth).fold(json!("bottom"), |inner, i| {
        if i % 2 == 0 {
            json!([inner])
        } else {
            json!({ "Fn::If": inner })
        }
    })
}

fn replacement(rng: &mut Rng, original: &Value) -> Value {
    match rng.below(22) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(1e308),
        4 => json!(u64::MAX),
        5 => json!(""),
        6 => json!("x".repeat(1 + rng.below(100_000))),
        7 => json!("a\u{1b}[2J\nforged: clean\u{0}\u{202e}"),
        8 => json!("cron(0/5 * * * ? *)"),
        9 => json!({ "Ref": "Missing" }),
        10 => json!({ "Fn::GetAtt": ["Missing", "Arn"] }),
        11 => json!({ "Fn::Bogus": [1, 2] }),
        12 => json!({ "Fn::Sub": "${AWS::Region}" }),
        13 => json!([]),
        14 => json!({}),
        15 => json!([original.clone(), original.clone()]),
        16 => deep(1 + rng.below(120)),
        17 => json!("35"),
        18 => json!(-0.5),
        19 => json!({ "Ref": "AWS::NoValue", "Extra": 1 }),
        20 => json!("arn:aws:backup:us-east-1:123456789012:backup-vault:"),
        _ => json!("日本語の名前"),
    }
}

const TYPES: &[&str] = &[
    "AWS::Backup::BackupPlan",
    "AWS::Backup::BackupSelection",
    "AWS::Backup::BackupVault",
    "AWS::Backup::LogicallyAirGappedBackupVault",
    "AWS::Backup::RestoreTestingPlan",
    "AWS::Backup::RestoreTestingSelection",
    "AWS::IAM::Role",
];

fn mutate(rng: &mut Rng, template: &mut Value) {
    let mut all = Vec::new();
    places(template, &mut Vec::new(), &mut all);
    let path = rng.pick(&all).clone();
    match rng.below(6) {
        // Replace the value.
        0..=2 => {
            if let Some(target) = at(template, &path) {
                let new = replacement(rng, target);
                *target = new;
            }
        }
        // Delete or rename the key.
        3 => {
            if let Some((Step::Key(key), parent)) = path.split_last() {
                if let Some(Value::Object(map)) = at(template, parent) {
                    if let Some(value) = map.shift_remove(key.as_str()) {
                        if rng.below(2) == 0 {
                            map.insert(key.to_lowercase() + "x", value);
                        }
                    }
                }
            }
        }
        // Copy a resource under a new logical id.
        4 => {
            if let Some(Value::Object(resources)) = template.get_mut("Resources") {
                let copied: Vec<(String, Value)> = resources
                    .iter()
                    .take(1 + rng.below(3))
                    .map(|(id, r)| (format!("{id}Copy"), r.clone()))
                    .collect();
                resources.extend(copied);
            }
        }
        // Change a resource's type.
        _ => {
            if let Some(Value::Object(resources)) = template.get_mut("Resources") {
                let kind = *rng.pick(TYPES);
                let index = rng.below(resources.len());
                if let Some((_, Value::Object(resource))) = resources.iter_mut().nth(index) {
                    resource.insert("Type".into(), json!(kind));
                }
            }
        }
    }
}

#[test]
fn mutated_templates_never_panic_the_linter() {
    let count = env_number("MUTATION_INPUTS", 3_000);
    let mut rng = Rng(env_number("MUTATION_SEED", 0x5eed) | 1);
    let templates = fixtures();
    let mut tally = Tally::new("lint");
    for _ in 0..count {
        let mut template = rng.pick(&templates).clone();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut rng, &mut template);
        }
        tally.run(
            || serde_json::to_string(&template).unwrap_or_default(),
            || {
                let report = lint_template(&template);
                let _ = (report.error_count(), report.warning_count());
            },
        );
    }
    // Non-object documents and odd `Resources` too.
    for odd in [
        json!(null),
        json!([]),
        json!("Resources"),
        json!({ "Resources": [] }),
        json!({ "Resources": { "X": null } }),
        json!({ "Resources": { "X": { "Type": 5 } } }),
        json!({ "Resources": { "": { "Type": "AWS::Backup::BackupVault", "Properties": [] } } }),
    ] {
        tally.run(|| odd.to_string(), || drop(lint_template(&odd)));
    }
    tally.report();
}

//! The cron engine against the reference corpus (`reference/cron-corpus.txt`) and its expected
//! results (`reference/cron-expected.jsonl`): validity, AWS Backup's 60-minute rule and the five
//! next runs after 2026-01-01T00:00:00Z, line by line.

use backup_synth::schedule::CronSchedule;
use serde_json::Value;

const CORPUS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/cron-corpus.txt"
));
const EXPECTED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/cron-expected.jsonl"
));

/// The expressions of the corpus in order: comment and blank lines skipped, text after a TAB
/// (the tag of an invalid line) dropped.
fn corpus_expressions() -> Vec<&'static str> {
    CORPUS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap_or(l))
        .collect()
}

#[derive(Debug, PartialEq)]
struct Outcome {
    expr: String,
    valid: bool,
    backup_ok: bool,
    next: Vec<String>,
}

fn actual(expr: &str) -> Outcome {
    let after: jiff::Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
    match CronSchedule::parse_fields(expr) {
        Ok(s) => {
            // The wrapped form must give the same schedule.
            let wrapped =
                CronSchedule::parse(&format!("cron({expr})")).expect("wrapped form parses");
            assert_eq!(wrapped, s, "{expr}");
            Outcome {
                expr: expr.to_owned(),
                valid: true,
                backup_ok: s.check_backup_interval().is_ok(),
                next: s.upcoming(after).take(5).map(|t| t.to_string()).collect(),
            }
        }
        Err(e) => {
            assert!(
                CronSchedule::parse(&format!("cron({expr})")).is_err(),
                "{expr}: wrapped form must be rejected too"
            );
            assert!(
                expr.get(e.span.clone()).is_some(),
                "{expr}: span {:?}",
                e.span
            );
            Outcome {
                expr: expr.to_owned(),
                valid: false,
                backup_ok: false,
                next: vec![],
            }
        }
    }
}

fn expected(line: &str) -> Outcome {
    let v: Value = serde_json::from_str(line).expect("expected line is JSON");
    Outcome {
        expr: v["expr"].as_str().expect("expr").to_owned(),
        valid: v["valid"].as_bool().expect("valid"),
        backup_ok: v["backup_ok"].as_bool().expect("backup_ok"),
        next: v["next"]
            .as_array()
            .expect("next")
            .iter()
            .map(|t| t.as_str().expect("time").to_owned())
            .collect(),
    }
}

#[test]
fn corpus_matches_expected_results() {
    let exprs = corpus_expressions();
    let expected: Vec<Outcome> = EXPECTED
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(expected)
        .collect();
    assert_eq!(
        exprs.len(),
        expected.len(),
        "corpus and expected results have different line counts"
    );
    let mut mismatches = Vec::new();
    for (expr, want) in exprs.iter().zip(&expected) {
        assert_eq!(
            *expr, want.expr,
            "corpus and expected results are out of step"
        );
        let got = actual(expr);
        if got != *want {
            mismatches.push(format!("  expected {want:?}\n       got {got:?}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} corpus lines differ:\n{}",
        mismatches.len(),
        exprs.len(),
        mismatches.join("\n")
    );
    let valid = expected.iter().filter(|o| o.valid).count();
    assert_eq!((exprs.len(), valid), (226, 155), "corpus size changed");
}

#[test]
fn invalid_lines_have_messages_and_help() {
    for expr in corpus_expressions() {
        let wrapped = format!("cron({expr})");
        if let Err(e) = CronSchedule::parse(&wrapped) {
            assert!(!e.message.is_empty(), "{expr}");
            assert!(e.help.is_some(), "{expr}: no help for {:?}", e.message);
            assert!(wrapped.get(e.span.clone()).is_some(), "{expr}");
            let first = e.message.chars().next().unwrap();
            assert!(
                !first.is_uppercase(),
                "{expr}: message not lower case: {}",
                e.message
            );
        }
    }
}

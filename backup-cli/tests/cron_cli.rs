//! Runs the `backup-dsl` binary: `cron --jsonl` over the reference corpus must reproduce
//! `reference/cron-expected.jsonl`, and single expressions give the documented exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const CORPUS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/cron-corpus.txt"
));
const EXPECTED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/cron-expected.jsonl"
));

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_backup-dsl"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start backup-dsl");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait for backup-dsl")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

#[test]
fn jsonl_reproduces_the_expected_corpus_results() {
    let out = run(
        &["cron", "--jsonl", "--after", "2026-01-01T00:00:00Z"],
        CORPUS,
    );
    // The corpus holds invalid lines, so the bulk check fails overall.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let got: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect();
    let want: Vec<Value> = EXPECTED
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("expected line is JSON"))
        .collect();
    assert_eq!(
        got.len(),
        want.len(),
        "one output line per corpus expression"
    );
    let mut mismatches = vec![];
    for (g, w) in got.iter().zip(&want) {
        for key in ["expr", "valid", "backup_ok", "next"] {
            if g[key] != w[key] {
                mismatches.push(format!(
                    "{}: {key}: got {} want {}",
                    w["expr"], g[key], w[key]
                ));
            }
        }
        let has_error = g.get("error").is_some();
        let ok = w["valid"] == true && w["backup_ok"] == true;
        if has_error == ok {
            mismatches.push(format!("{}: `error` present: {has_error}", w["expr"]));
        }
        let keys: Vec<&str> = g.as_object().unwrap().keys().map(String::as_str).collect();
        let shape: &[&str] = if has_error {
            &["expr", "valid", "backup_ok", "error", "next"]
        } else {
            &["expr", "valid", "backup_ok", "next"]
        };
        if keys != shape {
            mismatches.push(format!("{}: keys {keys:?}", w["expr"]));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn jsonl_accepts_the_wrapper_and_skips_comments() {
    let input = "# a comment\n\ncron(0 5 ? * * *)\n0 5 ? * * *\tignored tag\r\n";
    let out = run(
        &["cron", "--jsonl", "--after", "2026-01-01T00:00:00Z"],
        input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["expr"], "cron(0 5 ? * * *)");
    assert_eq!(lines[1]["expr"], "0 5 ? * * *");
    assert_eq!(lines[0]["next"], lines[1]["next"]);
    assert_eq!(lines[0]["next"][0], "2026-01-01T05:00:00Z");
}

#[test]
fn invalid_expression_exits_1_with_caret_line() {
    let out = run(&["cron", "cron(0 5 1 * MON *)"], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("exactly one of them must be `?`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("   | cron(0 5 1 * MON *)\n   |          ^^^^^^^\n"),
        "{stderr}"
    );
    assert!(stderr.contains("help: use `cron(0 5 1 * ? *)`"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn sub_hourly_schedule_exits_1() {
    let out = run(&["cron", "cron(0/15 * * * ? *)"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("at least 60 minutes apart"));
    assert!(text(&out.stdout).starts_with("valid cron, rejected by AWS Backup"));
}

#[test]
fn valid_expression_prints_description_and_runs() {
    let out = run(
        &[
            "cron",
            "cron(0 5 ? * MON-FRI *)",
            "--next",
            "3",
            "--after",
            "2026-01-01T00:00:00Z",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("valid: cron(0 5 ? * MON-FRI *)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("at 05:00 UTC, Monday through Friday"),
        "{stdout}"
    );
    assert!(stdout.contains("2026-01-01T05:00:00Z"), "{stdout}");
    assert!(stdout.contains("2026-01-05T05:00:00Z"), "{stdout}");
    assert!(!stdout.contains("2026-01-06T05:00:00Z"), "{stdout}");
}

#[test]
fn time_zone_runs_skip_the_dst_gap() {
    let out = run(
        &[
            "cron",
            "cron(30 2 * * ? *)",
            "--tz",
            "America/New_York",
            "--next",
            "2",
            "--after",
            "2026-03-07T12:00:00Z",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("(2026-03-09T06:30:00Z)"), "{stdout}");
    assert!(!stdout.contains("2026-03-08"), "{stdout}");
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["cron", "cron(0 5 ? * * *)", "--tz", "Mars/Base"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown time zone `Mars/Base`"));
    let out = run(&["cron", "cron(0 5 ? * * *)", "--after", "yesterday"], "");
    assert_eq!(out.status.code(), Some(2));
}

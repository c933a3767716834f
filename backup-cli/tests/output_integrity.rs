//! Output that cannot be forged or lost, and input that cannot exhaust memory (issue 10, items
//! 2 and 4), through the `backup-dsl` binary:
//!
//! * control characters from a template (a vault name, a file name) and from `--tz` are printed
//!   escaped, so they cannot retitle or clear the terminal or forge a `file: clean` line;
//! * a closed pipe ends the command quietly with the status of what was reported; a full disk
//!   (`/dev/full`) ends it with a message and exit 2; a failing standard error never panics;
//! * `cron --jsonl` answers each line as it comes, skips blank, whitespace-only and indented
//!   comment lines, and exits by the expressions' validity;
//! * `lint` refuses input over `--max-size` (exit 2) without reading past it (`/dev/zero`), and
//!   reports each template before reading the next.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_backup-dsl");
const BAD_CRON: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/cfn-probes/02-bad-cron.yaml"
);
const VALID: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/cfn-probes/01-valid.yaml"
);

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("backup-cli-output-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run backup-dsl");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A template whose vault name carries a terminal escape and a forged verdict line.
const HOSTILE: &str = r#"{"Resources": {"Vault": {"Type": "AWS::Backup::BackupVault",
  "Properties": {"BackupVaultName": "x\u001b]0;pwned\u0007\u001b[2J\nforged.json: clean"}}}}"#;

#[test]
fn control_characters_from_a_template_are_escaped_in_human_output() {
    let path = scratch("hostile.json");
    std::fs::write(&path, HOSTILE).unwrap();
    let out = run(&["lint", path.to_str().unwrap()], b"");
    let stdout = text(&out.stdout);
    assert!(!out.stdout.contains(&0x1b), "{stdout}");
    assert!(!out.stdout.contains(&0x07), "{stdout}");
    assert!(
        !stdout.lines().any(|l| l.starts_with("forged.json")),
        "{stdout}"
    );
    assert!(
        stdout.contains(r"x\u{1b}]0;pwned\u{7}\u{1b}[2J\nforged.json: clean"),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    // JSON output keeps the value, escaped the JSON way.
    let json = run(&["lint", "--format", "json", path.to_str().unwrap()], b"");
    let findings: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let messages: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("\u{1b}]0;pwned\u{7}")),
        "{messages:?}"
    );
}

#[test]
fn a_file_name_with_control_characters_is_escaped() {
    let path = scratch("name\u{1b}[31m\nother: clean.yaml");
    std::fs::copy(VALID, &path).unwrap();
    let out = run(
        &[
            "lint",
            "--allow",
            "vault-without-customer-key",
            "--allow",
            "vault-event-deprecated",
            path.to_str().unwrap(),
        ],
        b"",
    );
    let stdout = text(&out.stdout);
    assert!(!out.stdout.contains(&0x1b), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.ends_with("name\\u{1b}[31m\\nother: clean.yaml: clean\n"),
        "{stdout}"
    );
}

#[test]
fn the_time_zone_error_escapes_what_it_echoes() {
    let out = run(
        &[
            "cron",
            "--tz",
            "Europe/\u{1b}]0;x\u{7}",
            "cron(0 5 * * ? *)",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(!out.stderr.contains(&0x1b), "{stderr}");
    assert!(stderr.contains(r"Europe/\u{1b}]0;x\u{7}"), "{stderr}");
}

fn to_dev_full(args: &[&str], stdin: &[u8]) -> Option<Output> {
    let full = File::options().write(true).open("/dev/full").ok()?;
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    Some(child.wait_with_output().unwrap())
}

#[test]
fn a_full_disk_is_reported_with_exit_2() {
    let cases: [(&[&str], &[u8]); 4] = [
        (&["lint", BAD_CRON], b""),
        (&["lint", "--format", "json", BAD_CRON], b""),
        (&["cron", "cron(0 5 * * ? *)"], b""),
        (&["cron", "--jsonl"], b"cron(0 5 * * ? *)\n"),
    ];
    for (args, stdin) in cases {
        let Some(out) = to_dev_full(args, stdin) else {
            return; // no /dev/full on this system
        };
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            text(&out.stderr).lines().last(),
            Some("error: cannot write to standard output: No space left on device (os error 28)"),
            "{args:?}"
        );
    }
}

#[test]
fn a_failing_standard_error_does_not_panic() {
    let Ok(full) = File::options().write(true).open("/dev/full") else {
        return;
    };
    let out = Command::new(BIN)
        .args(["lint", "/nonexistent/template.yaml"])
        .stderr(full.try_clone().unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(BIN)
        .args(["cron", "not a cron"])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// Runs with standard output a pipe whose reader is closed at once; the output is larger than
/// a pipe buffer, so the command meets the closed pipe.
fn with_closed_stdout(args: &[&str], stdin: Vec<u8>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_verdict() {
    let many: Vec<&str> = std::iter::once("lint")
        .chain(std::iter::repeat_n(BAD_CRON, 300))
        .collect();
    let out = with_closed_stdout(&many, Vec::new());
    assert_eq!(out.status.code(), Some(1), "errors were found");
    assert_eq!(text(&out.stderr), "");
    let valid = "cron(0 5 * * ? *)\n".repeat(5_000).into_bytes();
    let out = with_closed_stdout(&["cron", "--jsonl"], valid);
    assert_eq!(
        out.status.code(),
        Some(0),
        "every expression answered was valid"
    );
    assert_eq!(text(&out.stderr), "");
    let mut invalid = b"cron(0/5 * * * ? *)\n".to_vec();
    invalid.extend("cron(0 5 * * ? *)\n".repeat(5_000).into_bytes());
    let out = with_closed_stdout(&["cron", "--jsonl"], invalid);
    assert_eq!(out.status.code(), Some(1));
}

/// Reads lines of the child's output on a thread, so a test can wait with a timeout.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn jsonl_answers_each_line_before_the_next_is_written() {
    let mut child = Command::new(BIN)
        .args(["cron", "--jsonl", "--after", "2026-01-01T00:00:00Z"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(&mut child);
    let mut stdin = child.stdin.take().unwrap();
    for expression in ["cron(0 5 * * ? *)", "0 6 ? * MON *"] {
        writeln!(stdin, "{expression}").unwrap();
        stdin.flush().unwrap();
        let answer = lines
            .recv_timeout(WAIT)
            .expect("an answer before the next line is written");
        assert!(
            answer.contains(&format!("\"expr\":\"{expression}\"")),
            "{answer}"
        );
    }
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn jsonl_skips_blank_whitespace_and_indented_comment_lines() {
    let input =
        "\t\n   \n# comment\n   # indented\n\t# after a tab\ncron(0 5 * * ? *)\t# note\n\r\n";
    let out = run(
        &["cron", "--jsonl", "--after", "2026-01-01T00:00:00Z"],
        input.as_bytes(),
    );
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("\"valid\":true"), "{stdout}");
    assert_eq!(out.status.code(), Some(0), "{stdout}");
}

#[test]
fn input_over_the_limit_is_refused_without_reading_it_all() {
    if Path::new("/dev/zero").exists() {
        let out = run(&["lint", "/dev/zero"], b"");
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).contains("the input is larger than 64 MiB"),
            "{}",
            text(&out.stderr)
        );
    }
    let out = run(&["lint", "--max-size", "100", BAD_CRON], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("larger than 100 bytes"));
    let big = format!(
        "{{\"Resources\": {{}}, \"Padding\": \"{}\"}}",
        "x".repeat(4096)
    );
    let out = run(&["lint", "--max-size", "4K", "-"], big.as_bytes());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("larger than 4 KiB"));
    // Under the limit it is read and linted (no resources: exit 1).
    let out = run(&["lint", "--max-size", "5K", "-"], big.as_bytes());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let out = run(&["lint", "--max-size", "12x", BAD_CRON], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("`12x` is not a size"));
}

#[cfg(unix)]
#[test]
fn each_template_is_reported_before_the_next_is_read() {
    let fifo = scratch("second.yaml");
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let mut child = Command::new(BIN)
        .args(["lint", BAD_CRON, fifo.to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(&mut child);
    // The first template's findings arrive while the second is still being waited for.
    let first = lines
        .recv_timeout(WAIT)
        .expect("the first template reported");
    assert!(first.starts_with("error["), "{first}");
    let mut writer = File::options().write(true).open(&fifo).unwrap();
    writer.write_all(b"Resources: {}\n").unwrap();
    drop(writer);
    let mut rest = Vec::new();
    while let Ok(line) = lines.recv_timeout(WAIT) {
        rest.push(line);
    }
    let verdict = format!("{}: 1 error(s), 0 warning(s)", fifo.display());
    assert_eq!(rest.last(), Some(&verdict), "{rest:?}");
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

//! `backup-dsl org effective` and `backup-dsl lint` on backup policies: output, exit codes
//! (0 clean, 1 findings, 2 bad input), policies by file relative to the tree, bounded reads.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

const POLICIES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/org-policies"
);

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backup-dsl"))
        .args(args)
        .output()
        .expect("run backup-dsl")
}

/// A scratch directory of this test alone.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("org-cli-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A tree root (example 2 parent, by file) → OU → account (example 2 child, inline).
fn write_tree(dir: &Path, child: Value) -> PathBuf {
    fs::copy(
        Path::new(POLICIES).join("example-2-parent.json"),
        dir.join("parent.json"),
    )
    .unwrap();
    let tree = json!({"root": {"id": "r-ab12", "policies": ["parent.json"], "children": [
        {"id": "ou-ab12-prod0001", "name": "Prod", "policies": [], "children": [
            {"id": "111111111111", "policies": [{"name": "child", "content": child}]}
        ]}
    ]}});
    let path = dir.join("tree.json");
    fs::write(&path, serde_json::to_string_pretty(&tree).unwrap()).unwrap();
    path
}

fn child_policy() -> Value {
    serde_json::from_str(
        &fs::read_to_string(Path::new(POLICIES).join("example-2-child.json")).unwrap(),
    )
    .unwrap()
}

#[test]
fn effective_prints_the_merged_policy_and_exits_0() {
    let dir = scratch("ok");
    let tree = write_tree(&dir, child_policy());
    let out = run(&["org", "effective", tree.to_str().unwrap(), "111111111111"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let effective: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let plans = effective["plans"].as_object().unwrap();
    assert_eq!(
        plans.keys().collect::<Vec<_>>(),
        ["PII_Backup_Plan", "Monthly_Backup_Plan"]
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 error(s), 0 warning(s)"));
}

#[test]
fn an_incomplete_plan_exits_1_with_the_finding() {
    let dir = scratch("incomplete");
    let tree = write_tree(
        &dir,
        json!({"plans": {"Extra": {"regions": {"@@assign": ["eu-west-1"]}}}}),
    );
    let out = run(&[
        "org",
        "effective",
        tree.to_str().unwrap(),
        "111111111111",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["rule"] == "orgpolicy-shape"
        && f["pointer"] == "/plans/Extra"
        && f["severity"] == "error"));
    assert_eq!(
        report["effective"]["plans"]["Extra"]["regions"],
        json!(["eu-west-1"])
    );
}

#[test]
fn bad_input_exits_2_naming_the_problem() {
    let dir = scratch("bad");
    let tree = write_tree(&dir, child_policy());
    let unknown = run(&["org", "effective", tree.to_str().unwrap(), "999999999999"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("not in the attachment tree"));
    let missing = dir.join("missing.json");
    fs::write(
        &missing,
        r#"{"root": {"id": "r-ab12", "policies": ["nope.json"]}}"#,
    )
    .unwrap();
    let out = run(&[
        "org",
        "effective",
        missing.to_str().unwrap(),
        "111111111111",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/root/policies/0"));
    let duplicate = dir.join("dup.json");
    fs::write(&duplicate, r#"{"root": {"id": "r-ab12", "id": "r-cd34"}}"#).unwrap();
    assert_eq!(
        run(&[
            "org",
            "effective",
            duplicate.to_str().unwrap(),
            "111111111111"
        ])
        .status
        .code(),
        Some(2)
    );
    let endless = run(&["org", "effective", "/dev/zero", "111111111111"]);
    assert_eq!(endless.status.code(), Some(2));
}

#[test]
fn lint_reads_a_standalone_policy_with_pointers_into_it() {
    let clean = run(&["lint", &format!("{POLICIES}/example-1-parent.json")]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    let out = run(&[
        "lint",
        "--format",
        "json",
        &format!("{POLICIES}/example-3-parent.json"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &findings[0];
    assert_eq!(finding["rule"], "lifecycle-cold-storage-gap");
    assert!(finding["pointer"]
        .as_str()
        .unwrap()
        .ends_with("/lifecycle/delete_after_days/@@assign"));
    assert!(finding["line"].as_u64().unwrap() > 1);
}

#[test]
fn lint_places_findings_of_a_string_content_on_the_string() {
    let dir = scratch("string");
    let content = r#"{"plans": {"P": {"regions": {"@@assign": ["eu-west-1"]}, "rules": {"R": {"schedule_expression": {"@@assign": "rate(1 day)"}, "target_backup_vault_name": {"@@assign": "v"}}}, "selections": {"tags": {"S": {"iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/B"}, "tag_key": {"@@assign": "k"}, "tag_value": {"@@assign": ["v"]}}}}}}}"#;
    let template = format!(
        "Resources:\n  Backup:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: backup\n      Type: BACKUP_POLICY\n      TargetIds: [ou-ab12-prod0001]\n      Content: '{content}'\n"
    );
    let path = dir.join("template.yaml");
    fs::write(&path, template).unwrap();
    let out = run(&["lint", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &findings[0];
    assert_eq!(finding["rule"], "schedule-syntax");
    assert_eq!(
        finding["pointer"],
        "/Resources/Backup/Properties/Content/plans/P/rules/R/schedule_expression/@@assign"
    );
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(8), Some(16))
    );
}

#[test]
fn a_pretty_policy_over_the_limit_as_written_is_a_warning() {
    let dir = scratch("written");
    let policy: Value = serde_json::from_str(
        &fs::read_to_string(Path::new(POLICIES).join("example-1-parent.json")).unwrap(),
    )
    .unwrap();
    let padded = format!(
        "{}{}",
        " ".repeat(10_000),
        serde_json::to_string(&policy).unwrap()
    );
    let path = dir.join("padded.json");
    fs::write(&path, padded).unwrap();
    let out = run(&["lint", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings[0]["rule"], "orgpolicy-size");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["pointer"], "/plans");
}

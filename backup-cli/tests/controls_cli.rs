//! `backup-dsl lint --controls=…`: an `AWS::Backup::Framework` control the template's plans
//! provably do not meet is a warning by default (the template may be part of the account) and
//! an error with `--controls=error`, with the control's `ControlName` as rule, the control's
//! pointer, and the plan at fault in `related`.

use std::process::{Command, Output};

use serde_json::{json, Value};

/// A weekday-only plan kept 35 days, and a framework requiring a daily backup kept 35 days.
fn template() -> Value {
    json!({"Resources": {
        "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
            "BackupPlanName": "weekdays",
            "BackupPlanRule": [{
                "RuleName": "Weekdays", "TargetBackupVault": "Default",
                "ScheduleExpression": "cron(0 5 ? * MON-FRI *)",
                "Lifecycle": {"DeleteAfterDays": 35}
            }]
        }}},
        "Audit": {"Type": "AWS::Backup::Framework", "Properties": {"FrameworkControls": [
            {"Fn::If": ["Never", {"ControlName": "BACKUP_RECOVERY_POINT_ENCRYPTED"}, {"Ref": "AWS::NoValue"}]},
            {"ControlName": "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
             "ControlInputParameters": [
                {"ParameterName": "requiredFrequencyUnit", "ParameterValue": "days"},
                {"ParameterName": "requiredFrequencyValue", "ParameterValue": "1"},
                {"ParameterName": "requiredRetentionDays", "ParameterValue": "35"}
             ]}
        ]}}
    }})
}

fn lint(args: &[&str]) -> (Output, Vec<Value>) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    // One file per argument list: the tests run in parallel and must not read each other's
    // half-written template.
    let name: String = args
        .concat()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let path = dir.join(format!("controls-cli{name}.json"));
    std::fs::write(&path, template().to_string()).expect("write the template");
    let out = Command::new(env!("CARGO_BIN_EXE_backup-dsl"))
        .arg("lint")
        .args(["--format", "json", "--allow", "framework-config-recording"])
        .args(args)
        .arg(&path)
        .output()
        .expect("run backup-dsl");
    let findings: Value = serde_json::from_slice(&out.stdout).expect("JSON findings");
    (out, findings.as_array().cloned().unwrap_or_default())
}

fn control_finding(findings: &[Value]) -> &Value {
    findings
        .iter()
        .find(|f| f["rule"] == "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK")
        .unwrap_or_else(|| panic!("no control finding in {findings:#?}"))
}

#[test]
fn an_unmet_control_is_a_warning_by_default() {
    let (out, findings) = lint(&[]);
    let finding = control_finding(&findings);
    assert_eq!(finding["severity"], "warning");
    // Index 1: the `Fn::If` entry before it counts.
    assert_eq!(
        finding["pointer"],
        "/Resources/Audit/Properties/FrameworkControls/1"
    );
    assert_eq!(finding["related"], json!(["/Resources/Plan"]));
    assert!(finding["message"]
        .as_str()
        .is_some_and(|m| m.contains("`Weekdays` runs at most 3 days apart")));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn controls_error_makes_it_an_error_and_exits_1() {
    let (out, findings) = lint(&["--controls=error"]);
    assert_eq!(control_finding(&findings)["severity"], "error");
    assert_eq!(out.status.code(), Some(1));
}

/// Several inputs are one account's backup set-up: a framework in one template is proven
/// against the plans of another, and the plan at fault is named `<file>#<pointer>`; alone, the
/// framework's template has no plan in scope and nothing is proven wrong.
#[test]
fn a_framework_is_proven_against_every_input() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let mut full = template();
    let resources = full["Resources"].as_object_mut().unwrap();
    let plan = resources.remove("Plan").unwrap();
    let framework_file = dir.join("controls-cli-together-framework.json");
    let plans_file = dir.join("controls-cli-together-plans.json");
    std::fs::write(&framework_file, full.to_string()).unwrap();
    std::fs::write(
        &plans_file,
        json!({"Resources": {"Plan": plan}}).to_string(),
    )
    .unwrap();
    let run = |files: &[&std::path::Path]| {
        let out = Command::new(env!("CARGO_BIN_EXE_backup-dsl"))
            .args(["lint", "--format", "json", "--controls=error"])
            .args(["--allow", "framework-config-recording"])
            .args(files)
            .output()
            .expect("run backup-dsl");
        let findings: Value = serde_json::from_slice(&out.stdout).expect("JSON findings");
        (
            out.status.code(),
            findings.as_array().cloned().unwrap_or_default(),
        )
    };
    let (code, findings) = run(&[&framework_file]);
    assert_eq!(code, Some(0), "{findings:#?}");
    let (code, findings) = run(&[&framework_file, &plans_file]);
    assert_eq!(code, Some(1), "{findings:#?}");
    let finding = control_finding(&findings);
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["file"], framework_file.display().to_string());
    assert_eq!(
        finding["related"],
        json!([format!("{}#/Resources/Plan", plans_file.display())])
    );
}

//! cfn-lint acceptance: every template the suite synthesizes passes cfn-lint 1.58.0 with no
//! finding (errors, warnings and informational findings alike).
//!
//! Templates are linted in one cfn-lint run per test (Python start-up costs about a second per
//! run). Without cfn-lint the tests print `skipped: cfn-lint not installed`, except under CI
//! (`CI` set), where they fail; `.ci/run` installs the pinned version in `.venv`.
//!
//! One known finding is asserted rather than ignored: `selection-from-construct` and
//! `selection-mixed` declare CDK's test fixture `MyCoolConstruct/Volume` verbatim (an
//! `AWS::EC2::Volume` in `us-east-1a`), which cfn-lint flags W3010 (hard-coded availability
//! zone). That resource is the user's escape-hatch input, not our output; every other finding,
//! or the absence of this one, fails the test.

use std::path::Path;
use std::process::Command;

use backup_dsl_tests::scenarios::REPRODUCED;
use backup_dsl_tests::{assert_cfn_lint_clean, assert_cfn_lint_clean_all, cfn_lint, Finding};
use serde_json::Value;

/// Every reproduced CDK scenario, synthesized by us.
fn parity_templates() -> Vec<(String, Value)> {
    REPRODUCED
        .iter()
        .map(|s| {
            let template = (s.build)()
                .synth()
                .unwrap_or_else(|e| panic!("{}: {e}", s.name));
            (format!("parity-{}", s.name), template.into_json())
        })
        .collect()
}

#[test]
fn parity_templates_pass_cfn_lint() {
    let templates = parity_templates();
    assert_eq!(templates.len(), 70);
    let Some(findings) = cfn_lint(&templates) else {
        return;
    };
    let hard_coded_az = |template: &str| Finding {
        template: template.to_string(),
        rule: "W3010".to_string(),
        message: "Avoid hardcoding availability zones 'us-east-1a'".to_string(),
    };
    let expected = [
        hard_coded_az("parity-selection-from-construct"),
        hard_coded_az("parity-selection-mixed"),
    ];
    let listed: Vec<String> = findings.iter().map(ToString::to_string).collect();
    assert_eq!(
        findings,
        expected,
        "cfn-lint findings:\n{}",
        listed.join("\n")
    );
}

/// The examples of `backup-dsl` (`cargo run --example <name>` prints a template).
#[test]
fn examples_pass_cfn_lint() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../backup-dsl/examples");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    // `cloud_assembly`, `organization` and `bench_cdk` (given a number of plans first) write a
    // directory (given as their last argument) instead of printing: their stack counts.
    let writers = [("cloud_assembly", 2), ("organization", 1), ("bench_cdk", 1)];
    let assembly_dir = |name: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../target/cfn-lint/{name}"))
    };
    let templates: Vec<(String, Value)> = names
        .iter()
        .flat_map(|name| {
            let mut command = Command::new(&cargo);
            command.args(["run", "--quiet", "-p", "backup-dsl", "--example", name]);
            let writer = writers.iter().find(|(w, _)| w == name);
            if writer.is_some() {
                command.arg("--");
                if name == "bench_cdk" {
                    command.arg("2"); // plans
                }
                command.arg(assembly_dir(name));
            }
            let output = command
                .output()
                .unwrap_or_else(|e| panic!("cannot run {cargo}: {e}"));
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "example {name} failed:\n{stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            );
            if let Some((_, stacks)) = writer {
                return assembly_templates(name, &assembly_dir(name), *stacks);
            }
            let template = serde_json::from_str(&stdout)
                .unwrap_or_else(|e| panic!("example {name} printed no template ({e}):\n{stdout}"));
            vec![(format!("example-{name}"), template)]
        })
        .collect();
    assert!(
        templates
            .iter()
            .any(|(name, _)| name == "example-quickstart"),
        "the quickstart example exists"
    );
    assert_cfn_lint_clean_all(&templates);
}

/// The templates of the cloud assembly example `name` wrote to `dir`, as
/// `example-<name>-<stack>`.
fn assembly_templates(name: &str, dir: &Path, stacks: usize) -> Vec<(String, Value)> {
    let manifest = std::fs::read_to_string(dir.join("manifest.json"))
        .unwrap_or_else(|e| panic!("example {name} wrote no manifest.json: {e}"));
    let manifest: Value = serde_json::from_str(&manifest).expect("manifest.json is JSON");
    let artifacts = manifest["artifacts"]
        .as_object()
        .expect("the manifest has artifacts");
    assert_eq!(
        artifacts.len(),
        stacks,
        "example {name} writes {stacks} stack(s)"
    );
    artifacts
        .iter()
        .map(|(id, artifact)| {
            let file = artifact["properties"]["templateFile"]
                .as_str()
                .expect("a template file");
            let text = std::fs::read_to_string(dir.join(file)).expect("the template is written");
            let template = serde_json::from_str(&text).expect("the template is JSON");
            (format!("example-{name}-{id}"), template)
        })
        .collect()
}

/// The helper itself: a template AWS refuses is reported (checks that findings are not lost).
#[test]
fn cfn_lint_reports_findings() {
    let template = serde_json::json!({
        "Resources": { "Vault": { "Type": "AWS::Backup::BackupVault", "Properties": { "BackupVaultName": "bad.name" } } }
    });
    let Some(findings) = cfn_lint(&[("helper-bad-vault-name".to_string(), template)]) else {
        return;
    };
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].rule.starts_with('E'), "{findings:?}");
    let clean = serde_json::json!({
        "Resources": { "Vault": { "Type": "AWS::Backup::BackupVault", "Properties": { "BackupVaultName": "good-name" } } }
    });
    assert_cfn_lint_clean("helper-good-vault-name", &clean);
}

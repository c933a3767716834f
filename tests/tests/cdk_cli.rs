//! The AWS CDK CLI reads our cloud assembly as a pre-synthesized app: `cdk ls --app DIR` lists
//! our stacks (names, display names, environments) and `cdk synth --app DIR <Stack>` prints our
//! templates.
//!
//! The CLI is `.ci/node/node_modules/.bin/cdk` at the workspace root (`.ci/run` installs the
//! pinned [`CDK_CLI_VERSION`] there), else `cdk` on `PATH`. Without it the test prints
//! `skipped: cdk CLI not installed`, except under CI (`CI` set), where it fails.
//!
//! The CLI runs with telemetry, notices and the version check off, so it reaches no network,
//! and with `TESTING_CDK=1`, which makes it validate `manifest.json` against its schema.

use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};

use backup_dsl::{
    App, BackupPlan, BackupResource, BackupSelection, BackupVault, CloudAssembly, Duration,
    Environment, LockConfiguration, Stack,
};
use backup_dsl_tests::{cdk_cli_command, cdk_cli_or_skip};
use serde_json::Value;

/// The CDK CLI version `.ci/run` installs.
const CDK_CLI_VERSION: &str = "2.1148.1";

/// The workspace root.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Starts `cdk <args> --app <dir> --no-notices`.
fn spawn(program: &Path, dir: &Path, args: &[&str]) -> (String, Child) {
    let mut command = cdk_cli_command(program);
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    command.args(args).arg("--app").arg(dir).arg("--no-notices");
    // Run from the assembly's parent: no `cdk.json` of ours or of the caller is picked up.
    command.current_dir(dir.parent().expect("the assembly has a parent"));
    let child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    (format!("cdk {}", args.join(" ")), child)
}

/// Waits for a `cdk` run and returns its standard output; panics on failure with its output.
fn finish((what, child): (String, Child)) -> String {
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("cdk runs to completion");
    let stdout = String::from_utf8_lossy(&stdout).into_owned();
    let stderr = String::from_utf8_lossy(&stderr);
    assert!(
        status.success(),
        "`{what}` failed ({status}):\n{stdout}{stderr}"
    );
    stdout
}

fn parse_json(what: &str, text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("`{what}` printed no JSON ({e}):\n{text}"))
}

/// The app: an environment-agnostic stack, a stack with a concrete environment, and a stack in
/// a stage (named `Dr-Backups`, listed as `Dr/Backups`).
fn app() -> App {
    let backups = Stack::new("Backups").with(BackupPlan::daily_35_day_retention("Plan").selection(
        BackupSelection::new("Tables").resources([
            BackupResource::dynamodb_table("orders"),
            BackupResource::tag("stage", "prod"),
        ]),
    ));
    let lock = LockConfiguration::new(Duration::days(7)).max_retention(Duration::days(3650));
    let production = Stack::new("BackupsProduction")
        .environment(Environment::new("123456789012", "eu-west-1"))
        .tag("team", "storage")
        .with(BackupVault::new("Primary").lock_configuration(lock))
        .with(
            BackupPlan::daily_weekly_monthly_7_year_retention("Plan")
                .vault(backup_dsl::VaultRef::in_stack("Primary"))
                .selection(
                    BackupSelection::new("Instances")
                        .resources([BackupResource::ec2_instance("i-1234567890abcdef0")]),
                ),
        );
    let recovery = Stack::new("Backups")
        .in_stage("Dr")
        .environment(Environment::new("123456789012", "us-west-2"))
        .with(BackupPlan::daily_monthly_1_year_retention("Plan"));
    App::new()
        .with_stack(backups)
        .with_stack(production)
        .with_stack(recovery)
}

#[test]
fn cdk_cli_lists_and_synthesizes_our_assembly() {
    let Some(program) = cdk_cli_or_skip() else {
        return;
    };
    let version = cdk_cli_command(&program)
        .arg("--version")
        .output()
        .expect("cdk --version runs");
    let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
    if !version.starts_with(CDK_CLI_VERSION) {
        eprintln!(
            "note: using cdk {version} ({}); the suite is pinned to {CDK_CLI_VERSION}",
            program.display()
        );
    }

    let dir = workspace().join("target/cdk-cli/cdk.out");
    let assembly: CloudAssembly = app().synth_to(&dir).unwrap_or_else(|e| panic!("{e}"));
    let stacks = assembly.stacks();
    assert_eq!(stacks.len(), 3);

    // Every run at once: the CLI takes about two seconds to start.
    let list = spawn(&program, &dir, &["ls"]);
    let long = spawn(&program, &dir, &["ls", "--long", "--json"]);
    let synths: Vec<_> = stacks
        .iter()
        .map(|s| spawn(&program, &dir, &["synth", "--json", s.display_name()]))
        .collect();

    let listed: Vec<String> = finish(list).lines().map(str::to_string).collect();
    let ours: Vec<&str> = stacks.iter().map(|s| s.display_name()).collect();
    assert_eq!(listed, ours, "`cdk ls` lists our stacks");
    assert_eq!(ours, ["Backups", "BackupsProduction", "Dr/Backups"]);

    let long = parse_json("cdk ls --long --json", &finish(long));
    let described: Vec<(&str, &str, &str)> = long
        .as_array()
        .expect("`cdk ls --long --json` prints an array")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap_or_default(),
                s["name"].as_str().unwrap_or_default(),
                s["environment"]["name"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    let expected: Vec<(&str, &str, &str)> = stacks
        .iter()
        .map(|s| (s.display_name(), s.stack_name(), s.environment()))
        .collect();
    assert_eq!(described, expected);
    assert_eq!(
        described,
        [
            ("Backups", "Backups", "aws://unknown-account/unknown-region"),
            (
                "BackupsProduction",
                "BackupsProduction",
                "aws://123456789012/eu-west-1"
            ),
            ("Dr/Backups", "Dr-Backups", "aws://123456789012/us-west-2"),
        ]
    );
    assert_eq!(long[1]["environment"]["account"], "123456789012");
    assert_eq!(long[1]["environment"]["region"], "eu-west-1");

    for (stack, run) in stacks.iter().zip(synths) {
        let what = format!("cdk synth --json {}", stack.display_name());
        let printed = parse_json(&what, &finish(run));
        assert_eq!(
            &printed,
            stack.template().json(),
            "`{what}` prints our template"
        );
        let on_disk = std::fs::read_to_string(dir.join(stack.template_file())).unwrap();
        assert_eq!(on_disk, stack.template().to_pretty_string());
    }
    assert!(
        stacks[1].template().json()["Resources"]
            .as_object()
            .is_some_and(|r| r.len() > 3),
        "the production template is not trivial"
    );
}

//! Runs `backup-dsl lint` on the reference templates.
//!
//! * Every probe in `tests/fixtures/cfn-probes/`: the exact findings (rule id and JSON
//!   pointer, in order) and the exit code. That covers everything cfn-lint 1.58.0 reports that
//!   is an AWS Backup rule (E3504 cold-storage gap on rules and copy actions, E3031 vault names
//!   including the logically air-gapped vault, E3031 selection names, E3002 the 129-character tag
//!   key, E3012 `"ten"`/`"sixty"`/`"yes"`, E3030 `STRINGLIKE`, E3019 duplicate vault names) and
//!   the AWS Backup rules cfn-lint misses (cron syntax, `rate()`, 5 fields, sub-hourly, hour 25,
//!   time zone, start window 30, continuous retention 36 days, continuous + cold storage, plan,
//!   rule and selection names, duplicate rule names, target vault names, empty rule lists, empty
//!   selections, vault lock ranges, negative and numeric-string lifecycles).
//! * Every template in `tests/fixtures/cdk-templates/`: clean, except the 8 that CDK
//!   synthesizes and AWS refuses (the same 8 `tests/tests/cdk_parity.rs` lists as rejected):
//!   `rule-cold-to-delete-gap-under-90`, `rule-delete-equals-cold`
//!   (`lifecycle-cold-storage-gap`), `rule-cron-all-defaults`, `rule-cron-day-only`
//!   (`schedule-interval`), `rule-index-actions`, `rule-index-actions-not-validated`
//!   (`index-actions`), `selection-from-tag-dummy` (`selection-tag-operation`),
//!   `vault-removal-snapshot` (`vault-removal-snapshot`, on `DeletionPolicy` and
//!   `UpdateReplacePolicy`).
//! * One test per exit code (0, 1, 2), warnings and `--deny-warnings`, the human layout.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use backup_synth::lint::lint_template;
use serde_json::Value;

const PROBES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/cfn-probes");
const CDK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/cdk-templates"
);

/// The advisories added beyond CDK and cfn-lint (issue 6); the probes and CDK templates predate
/// them, so most tests silence them and `advisories_are_reported_and_silenced_by_name` covers them.
const ADVISORIES: [&str; 2] = ["vault-without-customer-key", "vault-event-deprecated"];

fn lint(args: &[&str]) -> Output {
    lint_with_advisories(&[&["--allow", ADVISORIES[0], "--allow", ADVISORIES[1]], args].concat())
}

fn lint_with_advisories(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backup-dsl"))
        .arg("lint")
        .args(args)
        .output()
        .expect("run backup-dsl")
}

#[test]
fn advisories_are_reported_and_silenced_by_name() {
    let probe = format!("{PROBES}/01-valid.yaml");
    let out = lint_with_advisories(&["--format", "json", &probe]);
    let findings: Value = serde_json::from_slice(&out.stdout).expect("JSON findings");
    let rules: Vec<&str> = findings
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        rules.contains(&"vault-without-customer-key") || rules.contains(&"vault-event-deprecated"),
        "{rules:?}"
    );
    assert_eq!(out.status.code(), Some(0), "warnings alone do not fail");
    let denied = lint_with_advisories(&["--deny-warnings", &probe]);
    assert_eq!(denied.status.code(), Some(1));
    let silenced = lint(&["--deny-warnings", &probe]);
    assert_eq!(
        silenced.status.code(),
        Some(0),
        "{}",
        text(&silenced.stdout)
    );
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `(rule, pointer)` of each finding of `file` (JSON output), and the exit code.
fn findings(file: &Path) -> (Vec<(String, String)>, Option<i32>) {
    let out = lint(&["--format", "json", file.to_str().expect("UTF-8 path")]);
    let list: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: JSON output: {e}\n{}",
            file.display(),
            text(&out.stdout)
        )
    });
    let found = list
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            for key in ["file", "pointer", "rule", "severity", "message", "help"] {
                assert!(f[key].is_string(), "{key} missing in {f}");
            }
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["pointer"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    (found, out.status.code())
}

/// Asserts the exact findings of a probe; pointers are written below `/Resources/`.
fn assert_probe(name: &str, expected: &[(&str, &str)]) {
    let (found, code) = findings(&Path::new(PROBES).join(name));
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(rule, at)| (rule.to_string(), format!("/Resources/{at}")))
        .collect();
    assert_eq!(found, expected, "{name}");
    assert_eq!(
        code,
        Some(i32::from(!expected.is_empty())),
        "{name}: exit code"
    );
}

const RULES: &str = "Plan/Properties/BackupPlan/BackupPlanRule";

fn rule(index: usize, property: &str) -> String {
    format!("{RULES}/{index}/{property}")
}

#[test]
fn probe_01_valid_is_clean() {
    assert_probe("01-valid.yaml", &[]);
    assert_probe("01-valid.json", &[]);
}

#[test]
fn probe_02_every_bad_schedule_is_found() {
    let at: Vec<String> = (0..6).map(|i| rule(i, "ScheduleExpression")).collect();
    let zone = rule(6, "ScheduleExpressionTimezone");
    assert_probe(
        "02-bad-cron.yaml",
        &[
            ("schedule-syntax", &at[0]),   // `*` in both day fields
            ("schedule-syntax", &at[1]),   // 5 fields
            ("schedule-syntax", &at[2]),   // no `cron( )`
            ("schedule-interval", &at[3]), // every 10 minutes
            ("schedule-syntax", &at[4]),   // hour 25
            ("schedule-syntax", &at[5]),   // rate(1 day)
            ("schedule-timezone", &zone),  // Mars/Olympus_Mons
        ],
    );
}

fn lifecycle_findings() -> Vec<(&'static str, String)> {
    vec![
        (
            "lifecycle-cold-storage-gap",
            rule(0, "Lifecycle/DeleteAfterDays"),
        ),
        (
            "lifecycle-cold-storage-gap",
            rule(0, "CopyActions/0/Lifecycle/DeleteAfterDays"),
        ),
        (
            "duration-negative",
            rule(2, "Lifecycle/MoveToColdStorageAfterDays"),
        ),
        ("property-type", rule(2, "Lifecycle/DeleteAfterDays")),
        (
            "continuous-backup-retention",
            rule(3, "Lifecycle/DeleteAfterDays"),
        ),
        ("start-window-range", rule(4, "StartWindowMinutes")),
    ]
}

#[test]
fn probe_03_lifecycles_yaml_and_json_agree() {
    let expected = lifecycle_findings();
    let expected: Vec<(&str, &str)> = expected.iter().map(|(r, p)| (*r, p.as_str())).collect();
    assert_probe("03-lifecycle.yaml", &expected);
    assert_probe("03-lifecycle.json", &expected);
}

#[test]
fn probe_04_missing_properties() {
    assert_probe(
        "04-missing-required.yaml",
        &[
            // The schema's required properties (cfn-lint E3003 on each of them), at the
            // pointer the property would have; one finding where the rule book has its own.
            ("cfn-required", "VaultNoName/Properties/BackupVaultName"),
            (
                "plan-without-rules",
                "PlanNoRules/Properties/BackupPlan/BackupPlanRule",
            ),
            (
                "cfn-required",
                "PlanRuleNoVault/Properties/BackupPlan/BackupPlanRule/0/TargetBackupVault",
            ),
            ("plan-without-rules", "PlanEmpty"),
            ("cfn-required", "PlanEmpty/Properties/BackupPlan"),
            (
                "selection-empty",
                "SelectionNoRole/Properties/BackupSelection",
            ),
            (
                "cfn-required",
                "SelectionNoRole/Properties/BackupSelection/IamRoleArn",
            ),
            ("selection-without-plan", "SelectionNoPlan/Properties"),
            ("cfn-required", "SelectionNoPlan/Properties/BackupPlanId"),
            (
                "selection-empty",
                "SelectionNoPlan/Properties/BackupSelection",
            ),
            (
                "cfn-required",
                "CopyNoDest/Properties/BackupPlan/BackupPlanRule/0/CopyActions/0/DestinationBackupVaultArn",
            ),
            (
                "cfn-required",
                "VaultLockNoMin/Properties/LockConfiguration/MinRetentionDays",
            ),
            (
                "cfn-required",
                "VaultNotifNoEvents/Properties/Notifications/BackupVaultEvents",
            ),
            ("cfn-required", "RoleNoTrust/Properties/AssumeRolePolicyDocument"),
            (
                "cfn-required",
                "TagsNoType/Properties/BackupSelection/ListOfTags/0/ConditionType",
            ),
        ],
    );
}

#[test]
fn probe_05_names() {
    assert_probe(
        "05-bad-names.yaml",
        &[
            ("vault-name", "VaultSpace/Properties/BackupVaultName"),
            ("vault-name", "VaultShort/Properties/BackupVaultName"),
            ("vault-name", "VaultLong/Properties/BackupVaultName"),
            ("vault-name", "VaultDot/Properties/BackupVaultName"),
            ("vault-name", "AirGapBadName/Properties/BackupVaultName"),
            ("plan-name", "Plan/Properties/BackupPlan/BackupPlanName"),
            ("rule-name", &rule(0, "RuleName")),
            ("vault-name", &rule(0, "TargetBackupVault")),
            ("tag-key-length", "Plan/Properties/BackupPlanTags/k0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"),
            ("selection-empty", "Selection/Properties/BackupSelection"),
            ("selection-name", "Selection/Properties/BackupSelection/SelectionName"),
            ("selection-empty", "SelectionLong/Properties/BackupSelection"),
            ("selection-name", "SelectionLong/Properties/BackupSelection/SelectionName"),
        ],
    );
}

#[test]
fn probe_06_iam_roles_by_their_schema_and_selection_role_arns() {
    // The role's registry schema: policy ARN pattern and unique items, session duration range,
    // role name pattern (cfn-lint E3031, E3037, E3034 on the same values). cfn-lint E1156/E3511
    // report the same two selection role ARNs; `!Ref Role` (E1041) is an intrinsic.
    let role = "Properties/BackupSelection/IamRoleArn";
    assert_probe(
        "06-iam-role.yaml",
        &[
            ("cfn-pattern", "RoleBareName/Properties/ManagedPolicyArns/0"),
            (
                "cfn-unique-items",
                "RoleBareName/Properties/ManagedPolicyArns/3",
            ),
            ("cfn-pattern", "RoleBadTrust/Properties/ManagedPolicyArns/0"),
            ("cfn-range", "RoleBadTrust/Properties/MaxSessionDuration"),
            ("cfn-pattern", "RoleBadTrust/Properties/RoleName"),
            ("selection-empty", "SelBadArn/Properties/BackupSelection"),
            ("iam-role-arn", &format!("SelBadArn/{role}")),
            ("selection-empty", "SelRefRole/Properties/BackupSelection"),
            ("selection-empty", "SelPolicyArn/Properties/BackupSelection"),
            ("iam-role-arn", &format!("SelPolicyArn/{role}")),
        ],
    );
}

#[test]
fn probe_07_types_conditions_and_locks() {
    assert_probe(
        "07-conditions-and-types.yaml",
        &[
            ("property-type", &rule(0, "StartWindowMinutes")),
            ("property-type", &rule(0, "EnableContinuousBackup")),
            ("cfn-unknown-property", &rule(0, "UnknownProp")),
            (
                "cfn-pattern",
                "Plan/Properties/BackupPlan/AdvancedBackupSettings/1/ResourceType",
            ),
            (
                "selection-tag-operation",
                "Sel/Properties/BackupSelection/ListOfTags/0/ConditionType",
            ),
            (
                "cfn-unknown-property",
                "Sel/Properties/BackupSelection/Conditions/StringGreaterThan",
            ),
            // `alias/aws/backup`: a KMS alias (cfn-lint is silent; CloudFormation's docs say
            // "its ARN, not its alias").
            ("kms-key-arn", "Vault/Properties/EncryptionKeyArn"),
            (
                "vault-lock-min-retention",
                "Vault/Properties/LockConfiguration/MinRetentionDays",
            ),
            (
                "vault-lock-max-retention",
                "Vault/Properties/LockConfiguration/MaxRetentionDays",
            ),
            (
                "vault-lock-changeable-for",
                "Vault/Properties/LockConfiguration/ChangeableForDays",
            ),
            // cfn-lint E1158 reports the topic; `BACKUP_JOB_DONE` only we do (row 35).
            (
                "sns-topic-arn",
                "Vault/Properties/Notifications/SNSTopicArn",
            ),
            (
                "vault-event-name",
                "Vault/Properties/Notifications/BackupVaultEvents/0",
            ),
            // Row 33: a logically air-gapped vault keeps recovery points at least 7 days.
            (
                "air-gapped-min-retention",
                "AirGap/Properties/MinRetentionDays",
            ),
            (
                "air-gapped-retention-order",
                "AirGap/Properties/MaxRetentionDays",
            ),
        ],
    );
}

#[test]
fn probe_08_read_only_and_duplicate_vault_names() {
    assert_probe(
        "08-readonly-and-misc.yaml",
        &[
            // cfn-lint E3040: accepted, but not sent to the resource provider.
            ("cfn-read-only", "Plan/Properties/BackupPlanArn"),
            ("vault-name-unique", "V2/Properties/BackupVaultName"),
        ],
    );
}

#[test]
fn probe_09_checkov_targets_break_no_backup_rule() {
    assert_probe("09-checkov-targets.yaml", &[]);
}

#[test]
fn probe_11_what_only_the_registry_schemas_say() {
    // cfn-lint 1.58.0 reports each of these too (cfn-lint-output.txt); the empty tag key of the
    // restore testing plan is the rule book's `tag-key-length` (same pointer, one finding).
    assert_probe(
        "11-schema.yaml",
        &[
            (
                "cfn-unknown-property",
                "RestoreTests/Properties/ScheduleStatus",
            ),
            ("tag-key-length", "RestoreTests/Properties/Tags/0/Key"),
            ("cfn-read-only", "Vault/Properties/BackupVaultArn"),
            (
                "cfn-enum",
                "Plan/Properties/BackupPlan/BackupPlanRule/0/ScanActions/0/MalwareScanner",
            ),
            (
                "cfn-unique-items",
                "Plan/Properties/BackupPlan/ScanSettings/0/ResourceTypes/1",
            ),
            // The framework rules of the rule book (issue 14): the name in its words, the
            // scope AWS does not allow for this control, the AWS Config reminder, and the
            // control's proof (a tag scope is not decidable before deploy: a warning).
            ("framework-config-recording", "Framework"),
            ("framework-name", "Framework/Properties/FrameworkName"),
            (
                "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                "Framework/Properties/FrameworkControls/0",
            ),
            (
                "framework-control-scope",
                "Framework/Properties/FrameworkControls/0/ControlScope/ComplianceResourceTypes",
            ),
            (
                "cfn-length",
                "Framework/Properties/FrameworkControls/0/ControlScope/Tags/0/Key",
            ),
            (
                "cfn-required",
                "Report/Properties/ReportSetting/ReportTemplate",
            ),
            (
                "cfn-required",
                "Hold/Properties/RecoveryPointSelection/DateRange/ToDate",
            ),
            (
                "property-type",
                "Tiering/Properties/ResourceSelection/0/TieringDownSettingsInDays",
            ),
            ("cfn-one-of", "StackSet/Properties"),
            (
                "stackset-permission-model",
                "StackSet/Properties/PermissionModel",
            ),
        ],
    );
}

#[test]
fn probe_10_edge_cases_cfn_lint_misses() {
    let rules = "PlanStringNumbers/Properties/BackupPlan/BackupPlanRule";
    assert_probe(
        "10-edge-cases.yaml",
        &[
            (
                "plan-without-rules",
                "PlanEmptyRules/Properties/BackupPlan/BackupPlanRule",
            ),
            (
                "lifecycle-cold-storage-gap",
                &format!("{rules}/0/Lifecycle/DeleteAfterDays"),
            ),
            ("rule-name-unique", &format!("{rules}/1/RuleName")),
            (
                "continuous-backup-cold-storage",
                &format!("{rules}/1/Lifecycle/MoveToColdStorageAfterDays"),
            ),
            (
                "continuous-backup-retention",
                &format!("{rules}/1/Lifecycle/DeleteAfterDays"),
            ),
            ("selection-empty", "SelNothing/Properties/BackupSelection"),
            (
                "selection-arn-wildcard",
                "SelBadWildcard/Properties/BackupSelection/Resources/0",
            ),
            (
                "vault-lock-retention-order",
                "VaultLockShort/Properties/LockConfiguration/MaxRetentionDays",
            ),
            (
                "vault-lock-changeable-for",
                "VaultLockShort/Properties/LockConfiguration/ChangeableForDays",
            ),
        ],
    );
}

#[test]
fn every_probe_is_tested() {
    let tested = [
        "01-valid.json",
        "01-valid.yaml",
        "02-bad-cron.yaml",
        "03-lifecycle.json",
        "03-lifecycle.yaml",
        "04-missing-required.yaml",
        "05-bad-names.yaml",
        "06-iam-role.yaml",
        "07-conditions-and-types.yaml",
        "08-readonly-and-misc.yaml",
        "09-checkov-targets.yaml",
        "10-edge-cases.yaml",
        "11-schema.yaml",
    ];
    for entry in std::fs::read_dir(PROBES).expect("probe directory") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".yaml") || name.ends_with(".json") {
            assert!(tested.contains(&name.as_str()), "{name} has no test");
        }
    }
}

/// The CDK templates AWS refuses, with the finding each gets.
const FLAGGED: &[(&str, &[(&str, &str)])] = &[
    ("rule-cold-to-delete-gap-under-90", &[("lifecycle-cold-storage-gap", "/Resources/PlanDAF4E53A/Properties/BackupPlan/BackupPlanRule/0/Lifecycle/DeleteAfterDays")]),
    ("rule-delete-equals-cold", &[("lifecycle-cold-storage-gap", "/Resources/PlanDAF4E53A/Properties/BackupPlan/BackupPlanRule/0/Lifecycle/DeleteAfterDays")]),
    ("rule-cron-all-defaults", &[("schedule-interval", "/Resources/PlanDAF4E53A/Properties/BackupPlan/BackupPlanRule/0/ScheduleExpression")]),
    ("rule-cron-day-only", &[("schedule-interval", "/Resources/PlanDAF4E53A/Properties/BackupPlan/BackupPlanRule/0/ScheduleExpression")]),
    ("rule-index-actions", &[("index-actions", "/Resources/PlanDAF4E53A/Properties/BackupPlan/BackupPlanRule/0/IndexActions")]),
    ("rule-index-actions-not-validated", &[("index-actions", "/Resources/PlanDAF4E53A/Properties/BackupPlan/BackupPlanRule/0/IndexActions")]),
    ("selection-from-tag-dummy", &[("selection-tag-operation", "/Resources/PlanSelectionF88CBC04/Properties/BackupSelection/ListOfTags/0/ConditionType")]),
    ("vault-removal-snapshot", &[
        ("vault-removal-snapshot", "/Resources/Vault23237E5B/UpdateReplacePolicy"),
        ("vault-removal-snapshot", "/Resources/Vault23237E5B/DeletionPolicy"),
    ]),
];

fn cdk_templates() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(CDK)
        .expect("cdk-templates directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn cdk_templates_are_clean_except_those_aws_refuses() {
    let paths = cdk_templates();
    assert_eq!(paths.len(), 78);
    let mut clean = 0;
    for path in &paths {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let template: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON");
        let mut report = lint_template(&template);
        report.allow(&ADVISORIES);
        let found: Vec<(&str, &str)> = report
            .findings
            .iter()
            .map(|f| (f.rule, f.pointer.as_str()))
            .collect();
        let expected: &[(&str, &str)] = FLAGGED
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[], |(_, f)| f);
        assert_eq!(found, expected, "{name}");
        clean += usize::from(found.is_empty());
    }
    assert_eq!(clean, 78 - FLAGGED.len());
}

#[test]
fn cdk_templates_through_the_binary() {
    let paths = cdk_templates();
    let args: Vec<&str> = paths.iter().map(|p| p.to_str().expect("UTF-8")).collect();
    let out = lint(&args);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.matches(": clean\n").count(), 70, "{stdout}");
    assert_eq!(stdout.matches("error[").count(), 9, "{stdout}");
}

// --- exit codes and output ---------------------------------------------------------------------

fn scratch(name: &str, content: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, content).expect("write scratch template");
    path
}

#[test]
fn exit_0_when_clean() {
    let out = lint(&[
        &format!("{PROBES}/01-valid.yaml"),
        &format!("{PROBES}/01-valid.json"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).ends_with("01-valid.json: clean\n"));
    assert!(out.stderr.is_empty());
}

#[test]
fn exit_1_on_findings_with_the_human_layout() {
    let file = format!("{PROBES}/02-bad-cron.yaml");
    let out = lint(&[&file]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let expected = format!(
        "error[schedule-syntax]: `25` is out of range for the hours field (0–23)
  --> {file}:24:33: /Resources/Plan/Properties/BackupPlan/BackupPlanRule/4/ScheduleExpression
   |
   | cron(0 25 ? * * *)
   |        ^^
   |
   = help: hours go from 0 to 23; midnight is `0`
"
    );
    assert!(stdout.contains(&expected), "{stdout}");
    assert!(
        stdout.ends_with("02-bad-cron.yaml: 7 error(s), 0 warning(s)\n"),
        "{stdout}"
    );
}

#[test]
fn exit_2_on_unreadable_or_unparsable_input() {
    let broken = scratch("broken.yaml", "Resources:\n  Plan: [1, 2\n");
    let not_a_map = scratch("list.json", "[1, 2]");
    let bad_json = scratch("bad.json", "{\"Resources\": ");
    let binary = Path::new(env!("CARGO_TARGET_TMPDIR")).join("binary.yaml");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x80]).expect("write");
    let missing = Path::new(env!("CARGO_TARGET_TMPDIR")).join("does-not-exist.yaml");
    for (path, message) in [
        (&broken, "invalid YAML"),
        (&not_a_map, "not a CloudFormation template"),
        (&bad_json, "invalid JSON"),
        (&binary, "not UTF-8"),
        (&missing, "cannot read the file"),
    ] {
        let out = lint(&[path.to_str().expect("UTF-8")]);
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        let stderr = text(&out.stderr);
        assert!(
            stderr.starts_with("error: ") && stderr.contains(message),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A bad file fails the run even beside findings; the other files are still linted.
    let out = lint(&[
        "--format",
        "json",
        broken.to_str().unwrap_or_default(),
        &format!("{PROBES}/02-bad-cron.yaml"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let list: Value = serde_json::from_slice(&out.stdout).expect("JSON array");
    assert_eq!(list.as_array().map(Vec::len), Some(7));
}

#[test]
fn warnings_pass_unless_denied() {
    let long = "p".repeat(60);
    let template = scratch(
        "warning.yaml",
        &format!("Resources:\n  Plan:\n    Type: AWS::Backup::BackupPlan\n    Properties:\n      BackupPlan:\n        BackupPlanName: {long}\n        BackupPlanRule:\n          - RuleName: r\n            TargetBackupVault: !Ref Vault\n"),
    );
    let path = template.to_str().expect("UTF-8");
    let out = lint(&[path]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("warning[plan-name-console-length]: plan name"));
    assert_eq!(lint(&["--deny-warnings", path]).status.code(), Some(1));
}

#[test]
fn verbose_lists_skipped_intrinsics() {
    let out = lint(&[
        "--verbose",
        &format!("{PROBES}/07-conditions-and-types.yaml"),
    ]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("skipped: ")
            && stdout.contains(
                "/Resources/Sel/Properties/BackupPlanId: `Fn::GetAtt` is resolved at deploy time"
            ),
        "{stdout}"
    );
    assert!(
        !text(&lint(&[&format!("{PROBES}/07-conditions-and-types.yaml")]).stdout)
            .contains("skipped")
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_backup-dsl"))
        .args(["lint", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let yaml = std::fs::read(format!("{PROBES}/03-lifecycle.yaml")).expect("read");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&yaml)
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).ends_with("-: 6 error(s), 0 warning(s)\n"));
}

/// Logically air-gapped vaults and restore testing (issue 6) go through the same model as the
/// builder: a YAML template with one mistake per new resource type.
#[test]
fn air_gapped_vaults_and_restore_testing() {
    let file = scratch(
        "beyond-cdk.yaml",
        "Resources:
  Lag:
    Type: AWS::Backup::LogicallyAirGappedBackupVault
    Properties:
      BackupVaultName: lag
      MinRetentionDays: 7
      MaxRetentionDays: 30
  Plan:
    Type: AWS::Backup::BackupPlan
    Properties:
      BackupPlan:
        BackupPlanName: p
        BackupPlanRule:
          - RuleName: r
            TargetBackupVault: Default
            TargetLogicallyAirGappedBackupVaultArn: !GetAtt Lag.BackupVaultArn
            Lifecycle:
              DeleteAfterDays: 60
  Tests:
    Type: AWS::Backup::RestoreTestingPlan
    Properties:
      RestoreTestingPlanName: weekly_restores
      ScheduleExpression: cron(0/30 * ? * * *)
      StartWindowHours: 200
      RecoveryPointSelection:
        Algorithm: LATEST_WITHIN_WINDOW
        RecoveryPointTypes: [SNAPSHOT]
        IncludeVaults: [!GetAtt Lag.BackupVaultArn]
  Sel:
    Type: AWS::Backup::RestoreTestingSelection
    Properties:
      IamRoleArn: arn:aws:iam::123456789012:role/r
      ProtectedResourceType: EBS
      ProtectedResourceArns: ['*']
      RestoreTestingPlanName: !Ref Tests
      RestoreTestingSelectionName: ebs
      ValidationWindowHours: 169
",
    );
    let (found, code) = findings(&file);
    let found: Vec<(&str, &str)> = found
        .iter()
        .map(|(rule, pointer)| (rule.as_str(), pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "retention-outside-air-gapped-range",
                "/Resources/Plan/Properties/BackupPlan/BackupPlanRule/0/Lifecycle/DeleteAfterDays"
            ),
            (
                "restore-testing-start-window",
                "/Resources/Tests/Properties/StartWindowHours"
            ),
            (
                "restore-testing-validation-window",
                "/Resources/Sel/Properties/ValidationWindowHours"
            ),
        ]
    );
    assert_eq!(code, Some(1));
}

/// The format rules of issue 11 in a template (`tests/fixtures/lint/formats.yaml`): each
/// finding at its property, with its severity, in the rule book's words; AWS's own wildcard
/// selections and vaults with a key (literal or `!GetAtt`) give no finding.
#[test]
fn format_rules_and_vault_advisories() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/lint/formats.yaml"
    );
    let out = lint_with_advisories(&["--format", "json", file]);
    let list: Value = serde_json::from_slice(&out.stdout).expect("JSON findings");
    let found: Vec<(String, String, String)> = list
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            let field = |key: &str| f[key].as_str().unwrap_or_default().to_string();
            (field("severity"), field("rule"), field("pointer"))
        })
        .collect();
    let at = |severity: &str, rule: &str, pointer: &str| {
        (
            severity.to_string(),
            rule.to_string(),
            format!("/Resources/{pointer}"),
        )
    };
    assert_eq!(
        found,
        [
            at(
                "warning",
                "vault-event-deprecated",
                "LiteralKeyVault/Properties/Notifications/BackupVaultEvents/1"
            ),
            at(
                "error",
                "kms-key-arn",
                "AliasVault/Properties/EncryptionKeyArn"
            ),
            at(
                "error",
                "sns-topic-arn",
                "AliasVault/Properties/Notifications/SNSTopicArn"
            ),
            at(
                "error",
                "vault-event-name",
                "AliasVault/Properties/Notifications/BackupVaultEvents/0"
            ),
            at(
                "error",
                "vault-name-unique",
                "SameName/Properties/BackupVaultName"
            ),
            at(
                "error",
                "vault-name",
                "Plan/Properties/BackupPlan/BackupPlanRule/0/TargetBackupVault"
            ),
            at(
                "error",
                "iam-role-arn",
                "InnerWildcard/Properties/BackupSelection/IamRoleArn"
            ),
            at(
                "warning",
                "selection-arn-wildcard",
                "InnerWildcard/Properties/BackupSelection/Resources/0"
            ),
            at(
                "error",
                "restore-testing-vault-selector",
                "Tests/Properties/RecoveryPointSelection/IncludeVaults/0"
            ),
            at(
                "error",
                "iam-role-arn",
                "TestsSelection/Properties/IamRoleArn"
            ),
        ]
    );
    assert_eq!(out.status.code(), Some(1));
    let messages: Vec<&str> = list
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    use backup_synth::rules;
    for expected in [
        rules::check_kms_key_arn("alias/aws/backup"),
        rules::check_sns_topic_arn("arn:aws:sns:eu-west-1:111122223333:events.fifo"),
        rules::check_vault_event("BACKUP_JOB_DONE"),
        rules::check_iam_role_arn("backup-role"),
        rules::check_resource_arn("arn:aws:s3:::*-logs"),
        rules::check_restore_testing_vault_selector("include_vaults", "prod"),
    ] {
        let expected = expected.expect_err("a finding");
        assert!(
            messages.contains(&expected.message.as_str()),
            "{}",
            expected.message
        );
    }
}

#[test]
fn lint_help_lists_every_resource_type_the_linter_checks() {
    let output = Command::new(env!("CARGO_BIN_EXE_backup-dsl"))
        .args(["lint", "--help"])
        .output()
        .expect("the binary runs");
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).expect("UTF-8 help");
    let checked = backup_synth::lint::BACKUP_TYPES
        .iter()
        .copied()
        .chain(backup_synth::cfn::SCHEMAS.iter().map(|s| s.type_name));
    for kind in checked {
        assert!(
            help.contains(&format!("  {kind}\n")),
            "`lint --help` does not list {kind}:\n{help}"
        );
    }
}

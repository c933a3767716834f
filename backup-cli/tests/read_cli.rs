//! `backup-dsl lint` reads templates as CloudFormation reads them (issues 10 and 11), through
//! the binary: what CloudFormation refuses to read ends with exit 2 and a message on stderr
//! naming the feature and its line; what it reads (YAML 1.1 booleans, flow mappings closed at
//! the parent key's indentation, JSON with surrogate-pair escapes) is linted, with the right
//! positions.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

/// The advisories beside the point here.
const QUIET: [&str; 4] = [
    "--allow",
    "vault-without-customer-key",
    "--allow",
    "vault-event-deprecated",
];

fn scratch(name: &str, content: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("read-cli-{name}"));
    std::fs::write(&path, content).expect("write a scratch template");
    path
}

fn lint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backup-dsl"))
        .arg("lint")
        .args(QUIET)
        .args(args)
        .output()
        .expect("run backup-dsl")
}

/// Lints `content` written to `name`; asserts exit 2 and returns stderr.
fn unreadable(name: &str, content: &str) -> String {
    let path = scratch(name, content);
    let out = lint(&[path.to_str().expect("UTF-8 path")]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty(), "{name}: nothing linted");
    let prefix = format!("error: {}: ", path.display());
    stderr
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{name}: {stderr}"))
        .trim_end()
        .to_string()
}

/// `(rule, pointer, line, column)` of a finding.
type Found = (String, String, u64, u64);

/// Each finding of `content` written to `name`, and the exit code.
fn findings(name: &str, content: &str) -> (Vec<Found>, Option<i32>) {
    let path = scratch(name, content);
    let out = lint(&["--format", "json", path.to_str().expect("UTF-8 path")]);
    let list: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{name}: {e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    let found = list
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["pointer"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    (found, out.status.code())
}

const PLAN: &str = "\
Resources:
  Plan:
    Type: AWS::Backup::BackupPlan
    Properties:
      BackupPlan:
        BackupPlanName: plan
        BackupPlanRule:
          - RuleName: daily
            TargetBackupVault: vault
";

#[test]
fn duplicate_keys_name_both_places() {
    let yaml = format!("{PLAN}            ScheduleExpression: cron(0/15 * * * ? *)\n            ScheduleExpression: cron(0 5 * * ? *)\n");
    assert_eq!(
        unreadable("duplicate.yaml", &yaml),
        "duplicate key `ScheduleExpression` at line 11 column 13: the same mapping already has \
         it at line 10 column 13; CloudFormation refuses a template with duplicate keys: keep \
         one of them"
    );
    let json = "{\"Resources\": {\n  \"Plan\": {\"Type\": \"AWS::Backup::BackupPlan\"},\n  \"Plan\": {\"Type\": \"AWS::Backup::BackupVault\"}\n}}";
    assert_eq!(
        unreadable("duplicate.json", json),
        "duplicate key `Plan` at line 3 column 3: the same object already has it at line 2 \
         column 3; CloudFormation refuses a template with duplicate keys: keep one of them"
    );
}

#[test]
fn anchors_aliases_and_merges_are_refused() {
    let anchored = "Defaults: &defaults\n  DeleteAfterDays: 35\nResources:\n  Plan:\n    Lifecycle: *defaults\n";
    assert!(unreadable("anchor.yaml", anchored).starts_with(
        "line 1 column 11: a YAML anchor `&defaults`: CloudFormation does not support anchors \
         and aliases; write the value out at each place it is used"
    ));
    let merged = "Resources:\n  Plan:\n    <<: {Type: AWS::Backup::BackupPlan}\n";
    assert!(unreadable("merge.yaml", merged).starts_with(
        "line 3 column 5: a `<<` merge key: CloudFormation does not support hash merges"
    ));
    // The alias bomb of issue 10 ends at its first anchor, before anything expands.
    let mut bomb =
        String::from("a: &a [\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]\n");
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 9].join(", ")
        ));
    }
    assert!(unreadable("bomb.yaml", &bomb).starts_with("line 1 column 4: a YAML anchor `&a`"));
}

#[test]
fn each_unsupported_tag_is_refused() {
    for tag in ["binary", "omap", "pairs", "set", "timestamp"] {
        let message = unreadable(&format!("{tag}.yaml"), &format!("Description: !!{tag} x\n"));
        assert!(
            message.starts_with(&format!(
                "line 1 column 14: the YAML tag `!!{tag}`: CloudFormation does not support the \
                 binary, omap, pairs, set and timestamp tags"
            )),
            "{message}"
        );
    }
}

#[test]
fn one_document_per_template() {
    let second = format!("{PLAN}---\nResources: {{}}\n");
    assert!(unreadable("two-docs.yaml", &second).starts_with(
        "line 10 column 1: a second YAML document: CloudFormation reads a template from a single \
         document"
    ));
    let trailing = format!("{PLAN}...\nnot: [closed\n");
    assert!(unreadable("trailing.yaml", &trailing).starts_with("invalid YAML at line 11"));
    let json = "{\"Resources\": {}}\n{\"Resources\": {}}";
    assert_eq!(
        unreadable("two.json", json),
        "invalid JSON at line 2 column 1: text after the end of the JSON value"
    );
}

#[test]
fn unknown_intrinsics_and_language_extensions() {
    let bogus = format!("{PLAN}            ScheduleExpression:\n              Fn::Bogus: x\n");
    assert!(unreadable("bogus.yaml", &bogus)
        .starts_with("line 11 column 15: unknown intrinsic function `Fn::Bogus`; CloudFormation's functions are `Ref`"));
    let length = format!("{PLAN}            StartWindowMinutes: !Length [a, b]\n");
    assert!(unreadable("length.yaml", &length).starts_with(
        "line 10 column 33: `Fn::Length` is a function of the `AWS::LanguageExtensions` \
         transform, which this template does not declare"
    ));
    let declared = format!("Transform: AWS::LanguageExtensions\n{length}");
    let (_, code) = findings("length-declared.yaml", &declared);
    assert_eq!(code, Some(0));
}

#[test]
fn yaml_1_1_booleans_are_booleans() {
    // `yes` is `true` as CloudFormation reads it: the continuous-backup rules apply.
    let yaml = format!("{PLAN}            EnableContinuousBackup: yes\n            Lifecycle:\n              DeleteAfterDays: 36\n");
    let (found, code) = findings("continuous-yes.yaml", &yaml);
    let rules: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(rules, ["continuous-backup-retention"], "{found:?}");
    assert_eq!((found[0].2, found[0].3), (12, 32));
    assert_eq!(code, Some(1));
    let off = format!("{PLAN}            EnableContinuousBackup: Off\n            Lifecycle:\n              DeleteAfterDays: 36\n");
    assert_eq!(findings("continuous-off.yaml", &off), (vec![], Some(0)));
}

#[test]
fn flow_mappings_closed_at_the_parent_indentation_are_read() {
    let yaml = "\
Resources:
  Plan:
    Type: AWS::Backup::BackupPlan
    Properties:
      BackupPlan: {
        \"BackupPlanName\": \"plan\",
        \"BackupPlanRule\": [{
          \"RuleName\": \"daily\", \"TargetBackupVault\": \"vault\",
          \"ScheduleExpression\": \"cron(0/15 * * * ? *)\"
        }]
      }
      BackupPlanTags: {
        \"team\": \"storage\"
      }
";
    let (found, code) = findings("flow.yaml", yaml);
    assert_eq!(
        found,
        [(
            "schedule-interval".to_string(),
            "/Resources/Plan/Properties/BackupPlan/BackupPlanRule/0/ScheduleExpression".to_string(),
            9,
            33
        )]
    );
    assert_eq!(code, Some(1));
}

#[test]
fn json_positions_survive_surrogate_pairs() {
    let json = "{\"Description\": \"\\ud83d\\ude00 backups\",\n \"Resources\": {\"Plan\": {\"Type\": \"AWS::Backup::BackupPlan\", \"Properties\": {\"BackupPlan\": {\n  \"BackupPlanName\": \"plan\", \"BackupPlanRule\": [{\"RuleName\": \"daily\", \"TargetBackupVault\": \"vault\",\n  \"ScheduleExpression\": \"cron(0/15 * * * ? *)\"}]}}}}}";
    let (found, code) = findings("surrogates.json", json);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].2, found[0].3), (4, 25), "{found:?}");
    assert_eq!(code, Some(1));
}

#[test]
fn what_the_yaml_library_cannot_read_is_an_error_not_a_panic() {
    // libyaml-safer 0.3.0 panics on a tag directly followed by `,` in a flow collection.
    let message = unreadable("tag-comma.yaml", "Resources: {A: [!Ref, x]}\n");
    assert!(
        message.starts_with("invalid YAML after line 1 column ")
            && message.contains("the YAML parser cannot read what follows"),
        "{message}"
    );
    // ... and on a block scalar ending the file without a line break, which reads here.
    let yaml =
        format!("{PLAN}            ScheduleExpression: |-\n              cron(0/15 * * * ? *)");
    let (found, code) = findings("no-final-break.yaml", &yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "schedule-interval");
    assert_eq!(code, Some(1));
}

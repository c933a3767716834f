//! Every writable property of the `AWS::Backup::*` registry schemas is reachable from the
//! builder: a maximal model, built with the public API only, renders a template in which every
//! writable property path of every type appears (`cfn::SCHEMAS` walks the schemas). A property
//! a future schema adds, or one the model cannot write, fails this test with its path.
//!
//! The same template lints clean with cfn-lint 1.58.0 and with the rule book's linter.

use std::collections::BTreeSet;

use backup_dsl::cfn::{Kind, ObjectShape, SCHEMAS};
use backup_dsl::lint::lint_template;
use backup_dsl::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection, BackupVault,
    BackupVaultEvent, Duration, IndexActionResourceType, LegalHold, LockConfiguration,
    LogicallyAirGappedBackupVault, ResourceConditionOperator, RestoreTestingPlan,
    RestoreTestingSelection, S3BackupOptions, ScanMode, ScanSetting, Stack, TagCondition,
    TieringConfiguration, TieringSelection, VaultRef,
};
use backup_dsl_tests::assert_cfn_lint_clean;
use serde_json::Value;

/// Types whose builder front door belongs to other work, each with the issue that owns it.
/// Keep this list short and explicit: an entry leaves when that work lands.
const OWNED_ELSEWHERE: &[(&str, &str)] = &[
    ("AWS::Backup::Framework", "issue 14 (compliance)"),
    ("AWS::Backup::ReportPlan", "issue 14 (compliance)"),
];

const ROLE: &str = "arn:aws:iam::123456789012:role/backup";
const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:backup-events";

/// A stack using every type and property the builder can write.
fn maximal_stack() -> Stack {
    let vault = BackupVault::new("Vault")
        .name("maximal-vault")
        .encryption_key(KEY)
        .notification_topic(TOPIC)
        .notification_events([BackupVaultEvent::BackupJobCompleted])
        .block_recovery_point_deletion(true)
        .lock_configuration(
            LockConfiguration::new(Duration::days(7))
                .max_retention(Duration::days(3650))
                .changeable_for(Duration::days(3)),
        );
    let air_gapped =
        LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(3650))
            .name("maximal-air-gapped")
            .encryption_key(KEY)
            .mpa_approval_team("arn:aws:mpa:us-east-1:123456789012:approval-team/team")
            .add_to_access_policy(serde_json::json!({
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": "backup:DeleteRecoveryPoint",
                "Resource": "*"
            }))
            .notifications(TOPIC, [BackupVaultEvent::CopyJobFailed]);
    let rule = BackupPlanRule::new()
        .name("Maximal")
        .schedule("cron(0 5 ? * * *)")
        .schedule_timezone("Europe/Paris")
        .start_window(Duration::hours(1))
        .completion_window(Duration::hours(3))
        .move_to_cold_storage_after(Duration::days(30))
        .delete_after(Duration::days(365))
        .opt_in_to_archive(true)
        .recovery_point_tag("team", "storage")
        .index_action([IndexActionResourceType::Ebs])
        .scan_action(ScanMode::Incremental)
        .vault(&vault)
        .logically_air_gapped_vault(&air_gapped)
        .copy_action(
            BackupPlanCopyAction::new(&air_gapped)
                .move_to_cold_storage_after(Duration::days(30))
                .delete_after(Duration::days(365))
                .opt_in_to_archive(true),
        );
    let continuous = BackupPlanRule::new()
        .name("Continuous")
        .enable_continuous_backup(true)
        .delete_after(Duration::days(35));
    let plan = BackupPlan::new("Plan")
        .name("maximal-plan")
        .vault(&vault)
        .windows_vss(true)
        .s3_backup_options(S3BackupOptions {
            backup_acls: true,
            backup_object_tags: true,
        })
        .scan_setting(ScanSetting::new(ROLE, ["EBS"]))
        .rule(rule)
        .rule(continuous)
        .selection(
            BackupSelection::new("Selection")
                .name("maximal-selection")
                .role_arn(ROLE)
                .resource(BackupResource::arn(
                    "arn:aws:ec2:us-east-1:123456789012:volume/vol-0fedcba9876543210",
                ))
                .resource(BackupResource::tag("backup", "daily"))
                .all_of([
                    TagCondition::equals("a", "1"),
                    TagCondition::like("b", "2*"),
                    TagCondition::not_equals("c", "3"),
                    TagCondition::not_like("d", "4*"),
                ])
                .exclude("arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0"),
        );
    let restore_plan = RestoreTestingPlan::new("RestoreTests", "cron(0 1 ? * SUN *)")
        .name("maximal_restore_tests")
        .schedule_timezone("Europe/Paris")
        .start_window(Duration::hours(2))
        .include_vault(VaultRef::in_stack("Vault"))
        .exclude_vault(VaultRef::from_name("excluded-vault"))
        .selection_window(Duration::days(30))
        .selection(
            RestoreTestingSelection::new("Volumes", "EBS")
                .name("maximal_volumes")
                .all_protected_resources()
                .condition(ResourceConditionOperator::StringEquals, "backup", "daily")
                .condition(ResourceConditionOperator::StringNotEquals, "env", "dev")
                .validation_window(Duration::hours(24))
                .restore_metadata_override("availabilityZone", "us-east-1a")
                .role_arn(ROLE),
        );
    let tiering = TieringConfiguration::new("Tiering", &vault)
        .name("maximal_tiering")
        .selection(TieringSelection::all_buckets(Duration::days(60)));
    let hold = LegalHold::new("Hold", "case-42", "litigation hold for case 42")
        .vault(VaultRef::in_stack("Vault"))
        .resource("arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0")
        .date_range("2026-01-01T00:00:00Z", "2026-06-30T23:59:59Z");
    Stack::new("Maximal")
        .tag("project", "maximal")
        .with(vault)
        .with(air_gapped)
        .with(plan)
        .with(restore_plan)
        .with(tiering)
        .with(hold)
}

/// Every property path below `shape`, as `Parent/Child`, lists as `[]`; JSON documents and
/// maps end the walk (their keys are the user's).
fn schema_paths(prefix: &str, shape: &ObjectShape, out: &mut BTreeSet<String>) {
    for (name, property) in shape.properties {
        let mut path = format!("{prefix}/{name}");
        out.insert(path.clone());
        let mut kind = &property.kind;
        while let Kind::Array(item) = kind {
            path.push_str("/[]");
            kind = &item.kind;
        }
        if let Kind::Object(object) = kind {
            schema_paths(&path, object, out);
        }
    }
}

/// Every property path present in a rendered `value`, in the same notation.
fn rendered_paths(prefix: &str, value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) if !map.keys().any(|k| k == "Ref" || k.starts_with("Fn::")) => {
            for (key, child) in map {
                let path = format!("{prefix}/{key}");
                out.insert(path.clone());
                rendered_paths(&path, child, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                rendered_paths(&format!("{prefix}/[]"), item, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_writable_property_is_reachable_from_the_builder() {
    let template = maximal_stack()
        .synth()
        .unwrap_or_else(|e| panic!("the maximal stack must synthesize: {e}"))
        .into_json();
    let resources = template["Resources"].as_object().expect("resources");
    let mut missing = Vec::new();
    for schema in SCHEMAS
        .iter()
        .filter(|s| s.type_name.starts_with("AWS::Backup::"))
    {
        if OWNED_ELSEWHERE.iter().any(|(t, _)| *t == schema.type_name) {
            continue;
        }
        let mut wanted = BTreeSet::new();
        schema_paths("", schema.properties, &mut wanted);
        let mut found = BTreeSet::new();
        for resource in resources.values() {
            if resource["Type"] == schema.type_name {
                rendered_paths("", &resource["Properties"], &mut found);
            }
        }
        missing.extend(
            wanted
                .difference(&found)
                .map(|path| format!("{}{path}", schema.type_name)),
        );
    }
    assert!(
        missing.is_empty(),
        "writable properties the builder cannot reach:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn the_exception_list_names_only_schemas_that_exist() {
    for (type_name, _) in OWNED_ELSEWHERE {
        assert!(
            SCHEMAS.iter().any(|s| s.type_name == *type_name),
            "{type_name}"
        );
    }
}

#[test]
fn the_maximal_template_lints_clean() {
    let template = maximal_stack().synth().expect("synthesizes").into_json();
    let report = lint_template(&template);
    assert!(
        report.findings.is_empty(),
        "backup-dsl lint findings: {:#?}",
        report.findings
    );
    assert_cfn_lint_clean("maximal", &template);
}

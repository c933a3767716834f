//! Beyond CDK: logically air-gapped vaults and restore testing (issue 6).
//!
//! * One stack using every new feature, synthesized, its resources pinned, and passed through
//!   cfn-lint with no finding.
//! * One test per new rule at synthesis: the rule id, the field path and the exact message.

use backup_dsl::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupVault, BackupVaultEvent, CfnResource,
    Duration, Environment, LogicallyAirGappedBackupVault, NotificationTopic, RecoveryPointType,
    RestoreTestingAlgorithm, RestoreTestingPlan, RestoreTestingPlanRef, RestoreTestingSelection,
    Severity, Stack, VaultRef,
};
use backup_dsl_tests::{assert_cfn_lint_clean_all, synth_err};
use serde_json::{json, Value};

const ACCOUNT: &str = "123456789012";
const REGION: &str = "eu-west-1";

fn lag(min: i64, max: i64) -> LogicallyAirGappedBackupVault {
    LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(min), Duration::days(max))
}

/// Every new feature in one stack.
fn everything() -> Stack {
    let topic = CfnResource::l2("Topic", "AWS::SNS::Topic");
    let air_gapped = lag(7, 365)
        .name("air-gapped")
        .encryption_key(
            "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        )
        .access_policy(json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "CopyFromOrg", "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "backup:CopyIntoBackupVault", "Resource": "*"}]}))
        .notifications(
            NotificationTopic::InStack("Topic".into()),
            [
                BackupVaultEvent::CopyJobFailed,
                BackupVaultEvent::CopyJobSuccessful,
            ],
        );
    let generated = LogicallyAirGappedBackupVault::new(
        "Isolated/Vault",
        Duration::days(30),
        Duration::days(30),
    );
    let vault = BackupVault::new("Vault")
        .name("primary")
        .encryption_key(
            "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        )
        .tag("cost-center", "backup-ops");
    let plan = BackupPlan::new("Plan").vault(&vault).rule(
        BackupPlanRule::new()
            .name("Daily")
            .schedule("cron(0 5 ? * * *)")
            .delete_after(Duration::days(35))
            .logically_air_gapped_vault(&air_gapped)
            .copy_action(BackupPlanCopyAction::new(&generated).delete_after(Duration::days(30)))
            .copy_action(
                BackupPlanCopyAction::new(VaultRef::from_arn(
                    "arn:aws:backup:eu-central-1:123456789012:backup-vault:other-lag",
                ))
                .delete_after(Duration::days(90)),
            ),
    );
    let restore_tests = RestoreTestingPlan::new("RestoreTests", "cron(0 3 ? * SUN *)")
        .name("weekly_restores")
        .schedule_timezone("Europe/Brussels")
        .start_window(Duration::hours(12))
        .algorithm(RestoreTestingAlgorithm::RandomWithinWindow)
        .recovery_point_types([RecoveryPointType::Snapshot, RecoveryPointType::Continuous])
        .include_vault(&vault)
        .include_vault(&air_gapped)
        .include_vault("arn:aws:backup:eu-west-1:123456789012:backup-vault:prod-*")
        .exclude_vault(VaultRef::from_name("scratch"))
        .selection_window(Duration::days(14))
        .selection(
            RestoreTestingSelection::new("Volumes", "EBS")
                .name("ebs_volumes")
                .string_equals("backup", "daily")
                .string_not_equals("aws:ResourceTag/stage", "dev")
                .validation_window(Duration::hours(4))
                .restore_metadata_override("availabilityZone", "eu-west-1a"),
        )
        .selection(RestoreTestingSelection::new("Tables", "DynamoDB").all_protected_resources());
    let hourly = RestoreTestingPlan::new("Hourly", "cron(0/30 * ? * * *)").include_all_vaults();
    let standalone = RestoreTestingSelection::new("Orders", "DynamoDB")
        .protected_resource_arns(["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"])
        .role_arn("arn:aws:iam::123456789012:role/restore-testing")
        .plan(&hourly);
    let existing_plan = RestoreTestingSelection::new("Files", "EFS")
        .all_protected_resources()
        .plan(RestoreTestingPlanRef::from_name("existing_plan"));
    Stack::new("Stack")
        .environment(Environment::new(ACCOUNT, REGION))
        .tag("team", "storage")
        .with(topic)
        .with(air_gapped)
        .with(generated)
        .with(vault)
        .with(plan)
        .with(restore_tests)
        .with(hourly)
        .with(standalone)
        .with(existing_plan)
}

fn resources(template: &Value) -> &serde_json::Map<String, Value> {
    template["Resources"].as_object().expect("resources")
}

#[test]
fn every_new_feature_synthesizes_as_pinned() {
    let template = everything().synth().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(template.warnings(), []);
    let json = template.json();
    let ids: Vec<&str> = resources(json).keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        [
            "TopicBFC7AF6E",
            "TopicPolicyA1747468",
            "AirGappedB22F77BE",
            "IsolatedVault94EDAEFC",
            "Vault23237E5B",
            "PlanDAF4E53A",
            "RestoreTests1246CFA1",
            "RestoreTestsVolumesRoleF3947E79",
            "RestoreTestsVolumes3AD8F540",
            "RestoreTestsTablesRole24306574",
            "RestoreTestsTables33C28195",
            "HourlyF36A3822",
            "OrdersA9B65338",
            "FilesRoleE6C0D184",
            "Files8E6940B8",
        ]
    );
    assert_eq!(
        json["Resources"]["AirGappedB22F77BE"],
        json!({
            "Type": "AWS::Backup::LogicallyAirGappedBackupVault",
            "Properties": {
                "AccessPolicy": {"Statement": [{
                    "Sid": "CopyFromOrg", "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                    "Action": "backup:CopyIntoBackupVault", "Resource": "*"}],
                    "Version": "2012-10-17"},
                "BackupVaultName": "air-gapped",
                "BackupVaultTags": {"team": "storage"},
                "EncryptionKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "MaxRetentionDays": 365,
                "MinRetentionDays": 7,
                "Notifications": {
                    "BackupVaultEvents": ["COPY_JOB_FAILED", "COPY_JOB_SUCCESSFUL"],
                    "SNSTopicArn": {"Ref": "TopicBFC7AF6E"}
                }
            },
            "UpdateReplacePolicy": "Retain",
            "DeletionPolicy": "Retain"
        })
    );
    // A vault's own tags beside the stack's.
    assert_eq!(
        json["Resources"]["Vault23237E5B"]["Properties"]["BackupVaultTags"],
        json!({"team": "storage", "cost-center": "backup-ops"})
    );
    // A name is required: generated as CDK generates a vault's.
    assert_eq!(
        json["Resources"]["IsolatedVault94EDAEFC"]["Properties"]["BackupVaultName"],
        "StackIsolatedVault973A5DB9"
    );
    let rule = &json["Resources"]["PlanDAF4E53A"]["Properties"]["BackupPlan"]["BackupPlanRule"][0];
    assert_eq!(
        rule["TargetLogicallyAirGappedBackupVaultArn"],
        json!({"Fn::GetAtt": ["AirGappedB22F77BE", "BackupVaultArn"]})
    );
    assert_eq!(
        rule["CopyActions"][0]["DestinationBackupVaultArn"],
        json!({"Fn::GetAtt": ["IsolatedVault94EDAEFC", "BackupVaultArn"]})
    );
    let plan = &json["Resources"]["RestoreTests1246CFA1"]["Properties"];
    assert_eq!(
        plan["RecoveryPointSelection"]["IncludeVaults"][1],
        json!({"Fn::GetAtt": ["AirGappedB22F77BE", "BackupVaultArn"]})
    );
    assert_eq!(plan["StartWindowHours"], 12);
    let volumes = &json["Resources"]["RestoreTestsVolumes3AD8F540"]["Properties"];
    assert_eq!(
        volumes["RestoreTestingPlanName"],
        json!({"Ref": "RestoreTests1246CFA1"})
    );
    assert_eq!(volumes["ProtectedResourceArns"], json!(["*"]));
    assert_eq!(
        volumes["ProtectedResourceConditions"],
        json!({
            "StringEquals": [{"Key": "aws:ResourceTag/backup", "Value": "daily"}],
            "StringNotEquals": [{"Key": "aws:ResourceTag/stage", "Value": "dev"}]
        })
    );
    let role = &json["Resources"]["RestoreTestsVolumesRoleF3947E79"]["Properties"];
    assert_eq!(
        role["ManagedPolicyArns"],
        json!([{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"},
            ":iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"]]}])
    );
    assert_eq!(
        role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
        json!({"Service": "backup.amazonaws.com"})
    );
    // Generated selection names: letters and digits only, at most 50.
    let tables = &json["Resources"]["RestoreTestsTables33C28195"]["Properties"];
    let name = tables["RestoreTestingSelectionName"].as_str().unwrap();
    assert!(name.len() <= 50 && name.chars().all(|c| c.is_ascii_alphanumeric()));
    let orders = &json["Resources"]["OrdersA9B65338"]["Properties"];
    assert_eq!(
        orders["IamRoleArn"],
        "arn:aws:iam::123456789012:role/restore-testing"
    );
    assert_eq!(
        orders["RestoreTestingPlanName"],
        json!({"Ref": "HourlyF36A3822"})
    );
    let files = &json["Resources"]["Files8E6940B8"]["Properties"];
    assert_eq!(files["RestoreTestingPlanName"], "existing_plan");
}

#[test]
fn every_new_feature_passes_cfn_lint() {
    let template = everything().synth().unwrap_or_else(|e| panic!("{e}"));
    let minimal = Stack::new("Minimal")
        .with(lag(7, 7))
        .with(
            RestoreTestingPlan::new("Tests", "cron(0 5 ? * * *)")
                .include_all_vaults()
                .selection(RestoreTestingSelection::new("Volumes", "EBS").string_equals("k", "v")),
        )
        .synth()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_cfn_lint_clean_all(&[
        ("beyond-cdk-everything".to_string(), template.into_json()),
        ("beyond-cdk-minimal".to_string(), minimal.into_json()),
    ]);
}

/// `(rule, path, message)` of each problem, errors and warnings.
fn problems(stack: &Stack) -> Vec<(&'static str, String, String)> {
    stack
        .validate()
        .into_iter()
        .map(|p| (p.violation.rule, p.path, p.violation.message))
        .collect()
}

fn one(stack: &Stack) -> (&'static str, String, String) {
    let found = problems(stack);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.into_iter().next().unwrap()
}

fn restore_plan() -> RestoreTestingPlan {
    RestoreTestingPlan::new("Tests", "cron(0 5 ? * * *)").include_all_vaults()
}

fn selection() -> RestoreTestingSelection {
    RestoreTestingSelection::new("Sel", "EBS").all_protected_resources()
}

#[test]
fn air_gapped_min_retention() {
    let stack = Stack::new("S").with(lag(6, 30));
    assert_eq!(
        one(&stack),
        (
            "air-gapped-min-retention",
            "air_gapped_vaults[AirGapped].min_retention".into(),
            "`min_retention` is 6 days; a logically air-gapped vault keeps recovery points at least 7 days".into()
        )
    );
}

#[test]
fn air_gapped_max_retention() {
    let stack = Stack::new("S").with(lag(7, 36_501));
    assert_eq!(
        one(&stack),
        (
            "air-gapped-max-retention",
            "air_gapped_vaults[AirGapped].max_retention".into(),
            "`max_retention` is 36501 days; the longest retention AWS Backup accepts is 36500 days"
                .into()
        )
    );
}

#[test]
fn air_gapped_retention_order() {
    let stack = Stack::new("S").with(lag(30, 7));
    assert_eq!(
        one(&stack),
        (
            "air-gapped-retention-order",
            "air_gapped_vaults[AirGapped].max_retention".into(),
            "`max_retention` (7 days) is less than `min_retention` (30 days)".into()
        )
    );
    assert!(problems(&Stack::new("S").with(lag(30, 30))).is_empty());
}

#[test]
fn air_gapped_vault_name() {
    let stack = Stack::new("S").with(lag(7, 30).name("lag vault"));
    let (rule, path, _) = one(&stack);
    assert_eq!(
        (rule, path.as_str()),
        ("vault-name", "air_gapped_vaults[AirGapped].name")
    );
}

#[test]
fn air_gapped_removal_snapshot() {
    let stack =
        Stack::new("S").with(lag(7, 30).removal_policy(backup_dsl::RemovalPolicy::Snapshot));
    assert_eq!(
        one(&stack),
        (
            "vault-removal-snapshot",
            "air_gapped_vaults[AirGapped].removal_policy".into(),
            "`removal_policy` is `Snapshot`; `AWS::Backup::LogicallyAirGappedBackupVault` does not support snapshot removal".into()
        )
    );
}

fn plan_with(rule: BackupPlanRule) -> BackupPlan {
    BackupPlan::new("Plan")
        .vault(VaultRef::from_name("primary"))
        .rule(rule)
}

#[test]
fn retention_into_an_air_gapped_vault_fits_its_range() {
    let vault = lag(7, 30);
    let rule = BackupPlanRule::daily()
        .delete_after(Duration::days(35))
        .logically_air_gapped_vault(&vault)
        .copy_action(BackupPlanCopyAction::new(&vault).delete_after(Duration::days(5)));
    let stack = Stack::new("S").with(vault).with(plan_with(rule));
    let error = synth_err(&stack);
    let found: Vec<(&str, &str, &str)> = error
        .problems
        .iter()
        .map(|p| (p.violation.rule, p.path.as_str(), p.message()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "retention-outside-air-gapped-range",
                "plans[Plan].rules[0].logically_air_gapped_vault",
                "recovery points are kept 35 days but the target logically air-gapped vault keeps recovery points 7 to 30 days (its `min_retention` to `max_retention`); AWS Backup fails such jobs"
            ),
            (
                "retention-outside-air-gapped-range",
                "plans[Plan].rules[0].copy_actions[0].destination",
                "recovery points are kept 5 days but the target logically air-gapped vault keeps recovery points 7 to 30 days (its `min_retention` to `max_retention`); AWS Backup fails such jobs"
            ),
        ]
    );
}

#[test]
fn air_gapped_target_in_another_region_or_account() {
    let rule = BackupPlanRule::daily().logically_air_gapped_vault(VaultRef::from_arn(
        "arn:aws:backup:us-east-1:123456789012:backup-vault:lag",
    ));
    let stack = Stack::new("S")
        .environment(Environment::new(ACCOUNT, REGION))
        .with(plan_with(rule.clone()));
    assert_eq!(
        one(&stack),
        (
            "air-gapped-target-region",
            "plans[Plan].rules[0].logically_air_gapped_vault".into(),
            "the logically air-gapped vault `arn:aws:backup:us-east-1:123456789012:backup-vault:lag` is in Region us-east-1, not the plan's; AWS Backup takes a target in the plan's own account and Region".into()
        )
    );
    // Unknown environment: nothing to compare.
    assert!(problems(&Stack::new("S").with(plan_with(rule))).is_empty());
}

#[test]
fn air_gapped_target_that_is_a_backup_vault() {
    let vault =
        BackupVault::new("Vault").encryption_key("arn:aws:kms:eu-west-1:123456789012:key/k");
    let rule = BackupPlanRule::daily().logically_air_gapped_vault(&vault);
    let stack = Stack::new("S").with(vault).with(plan_with(rule));
    assert_eq!(
        one(&stack),
        (
            "air-gapped-target-kind",
            "plans[Plan].rules[0].logically_air_gapped_vault".into(),
            "`logically_air_gapped_vault` is `Vault`, a backup vault; `TargetLogicallyAirGappedBackupVaultArn` takes a logically air-gapped vault".into()
        )
    );
}

#[test]
fn air_gapped_vault_as_the_backup_vault_is_a_warning() {
    let vault = lag(7, 60);
    let plan = BackupPlan::new("Plan")
        .vault(&vault)
        .rule(BackupPlanRule::daily());
    let stack = Stack::new("S").with(vault).with(plan);
    let template = stack.synth().unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<(&str, &str, Severity)> = template
        .warnings()
        .iter()
        .map(|p| (p.violation.rule, p.path.as_str(), p.severity()))
        .collect();
    assert_eq!(
        warnings,
        [(
            "air-gapped-as-backup-vault",
            "plans[Plan].rules[0].vault",
            Severity::Warning
        )]
    );
}

#[test]
fn air_gapped_vault_not_in_stack() {
    let rule = BackupPlanRule::daily().copy_action(BackupPlanCopyAction::new(&lag(7, 60)));
    let (rule_id, path, _) = one(&Stack::new("S").with(plan_with(rule)));
    assert_eq!(
        (rule_id, path.as_str()),
        (
            "vault-not-in-stack",
            "plans[Plan].rules[0].copy_actions[0].destination"
        )
    );
}

#[test]
fn restore_testing_plan_name() {
    let stack = Stack::new("S").with(restore_plan().name("weekly-restores"));
    assert_eq!(
        one(&stack),
        (
            "restore-testing-plan-name",
            "restore_testing_plans[Tests].name".into(),
            "restore testing plan name `weekly-restores` contains `-`; AWS Backup allows letters, digits and `_`".into()
        )
    );
}

#[test]
fn restore_testing_schedule_syntax_without_the_backup_interval() {
    let stack =
        Stack::new("S").with(RestoreTestingPlan::new("Tests", "rate(7 days)").include_all_vaults());
    let (rule, path, _) = one(&stack);
    assert_eq!(
        (rule, path.as_str()),
        ("schedule-syntax", "restore_testing_plans[Tests].schedule")
    );
    // Backup rules' 60-minute rule is not AWS's for restore testing: no false error.
    let half_hourly = RestoreTestingPlan::new("Tests", "cron(0/30 * ? * * *)").include_all_vaults();
    assert!(problems(&Stack::new("S").with(half_hourly)).is_empty());
}

#[test]
fn restore_testing_schedule_timezone() {
    let stack = Stack::new("S").with(restore_plan().schedule_timezone("Mars/Olympus_Mons"));
    let (rule, path, _) = one(&stack);
    assert_eq!(
        (rule, path.as_str()),
        (
            "schedule-timezone",
            "restore_testing_plans[Tests].schedule_timezone"
        )
    );
}

#[test]
fn restore_testing_start_window() {
    let stack = Stack::new("S").with(restore_plan().start_window(Duration::hours(169)));
    assert_eq!(
        one(&stack),
        (
            "restore-testing-start-window",
            "restore_testing_plans[Tests].start_window".into(),
            "`start_window` is 169 hours; a restore testing plan's start window is at most 168 hours (7 days)".into()
        )
    );
    let zero = Stack::new("S").with(restore_plan().start_window(Duration::hours(0)));
    let template = zero.synth().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        template.warnings()[0].violation.rule,
        "restore-testing-start-window"
    );
    assert_eq!(template.warnings()[0].severity(), Severity::Warning);
    let week = Stack::new("S").with(restore_plan().start_window(Duration::days(7)));
    assert!(problems(&week).is_empty());
}

#[test]
fn restore_testing_selection_window() {
    let stack = Stack::new("S").with(restore_plan().selection_window(Duration::days(366)));
    assert_eq!(
        one(&stack),
        (
            "restore-testing-selection-window",
            "restore_testing_plans[Tests].selection_window".into(),
            "`selection_window` is 366 days; restore testing picks recovery points from the last 1 to 365 days".into()
        )
    );
}

#[test]
fn restore_testing_recovery_point_types() {
    let stack = Stack::new("S").with(restore_plan().recovery_point_types([]));
    assert_eq!(
        one(&stack),
        (
            "restore-testing-recovery-point-types",
            "restore_testing_plans[Tests].recovery_point_types".into(),
            "this restore testing plan lists no recovery point type; AWS Backup needs `SNAPSHOT`, `CONTINUOUS` or both".into()
        )
    );
}

#[test]
fn restore_testing_include_vaults() {
    let stack = Stack::new("S").with(RestoreTestingPlan::new("Tests", "cron(0 5 ? * * *)"));
    assert_eq!(
        one(&stack),
        (
            "restore-testing-include-vaults",
            "restore_testing_plans[Tests].include_vaults".into(),
            "this restore testing plan includes no vault; AWS Backup needs one or more (`*` for every vault)".into()
        )
    );
}

#[test]
fn restore_testing_vault_selector_is_a_warning() {
    let stack = Stack::new("S").with(restore_plan().exclude_vault("scratch"));
    let found = stack.validate();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].violation.rule, "restore-testing-vault-selector");
    assert_eq!(
        found[0].path,
        "restore_testing_plans[Tests].exclude_vaults[0]"
    );
    assert_eq!(found[0].severity(), Severity::Warning);
}

#[test]
fn restore_testing_vault_not_in_stack() {
    let stack = Stack::new("S").with(restore_plan().include_vault(&lag(7, 30)));
    let (rule, path, _) = one(&stack);
    assert_eq!(
        (rule, path.as_str()),
        (
            "vault-not-in-stack",
            "restore_testing_plans[Tests].include_vaults[1]"
        )
    );
}

#[test]
fn restore_testing_selection_name() {
    let stack = Stack::new("S").with(restore_plan().selection(selection().name("s".repeat(51))));
    assert_eq!(
        one(&stack),
        (
            "restore-testing-selection-name",
            "restore_testing_plans[Tests].selections[Sel].name".into(),
            format!("restore testing selection name `{}` has 51 characters; AWS Backup allows 1 to 50 characters from letters, digits and `_`", "s".repeat(51))
        )
    );
}

#[test]
fn restore_testing_selection_name_unique() {
    let plan = restore_plan()
        .selection(selection().name("same"))
        .selection(
            RestoreTestingSelection::new("Other", "EBS")
                .all_protected_resources()
                .name("same"),
        );
    assert_eq!(
        one(&Stack::new("S").with(plan)),
        (
            "restore-testing-selection-name-unique",
            "restore_testing_plans[Tests].selections[Other].name".into(),
            "restore testing selection name `same` is used twice in this plan; AWS Backup identifies a plan's selections by name".into()
        )
    );
}

#[test]
fn restore_testing_resource_type() {
    let empty = Stack::new("S").with(
        restore_plan().selection(RestoreTestingSelection::new("Sel", "").all_protected_resources()),
    );
    assert_eq!(
        one(&empty),
        (
            "restore-testing-resource-type",
            "restore_testing_plans[Tests].selections[Sel].protected_resource_type".into(),
            "the protected resource type is empty; a restore testing selection tests one resource type".into()
        )
    );
    let unknown = Stack::new("S").with(
        restore_plan()
            .selection(RestoreTestingSelection::new("Sel", "Ebs").all_protected_resources()),
    );
    let template = unknown.synth().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        template.warnings()[0].message(),
        "protected resource type `Ebs` is not one AWS documents for restore testing"
    );
}

#[test]
fn restore_testing_protected_resource_arns() {
    let sel = selection().protected_resource_arn("arn:aws:ec2:eu-west-1:123456789012:volume/vol-1");
    assert_eq!(
        one(&Stack::new("S").with(restore_plan().selection(sel))),
        (
            "restore-testing-protected-resource-arns",
            "restore_testing_plans[Tests].selections[Sel].protected_resource_arns".into(),
            "`protected_resource_arns` lists `*` beside 1 specific ARN(s); AWS Backup takes specific ARNs or `[\"*\"]`, not both".into()
        )
    );
}

#[test]
fn restore_testing_conditions_without_wildcard() {
    let sel = RestoreTestingSelection::new("Sel", "EBS")
        .protected_resource_arn("arn:aws:ec2:eu-west-1:123456789012:volume/vol-1")
        .string_equals("backup", "daily");
    assert_eq!(
        one(&Stack::new("S").with(restore_plan().selection(sel))),
        (
            "restore-testing-conditions-without-wildcard",
            "restore_testing_plans[Tests].selections[Sel].conditions".into(),
            "this restore testing selection has resource conditions and specific ARNs; AWS Backup takes conditions only with `protected_resource_arns: [\"*\"]`".into()
        )
    );
}

#[test]
fn restore_testing_selection_empty_is_a_warning() {
    let stack =
        Stack::new("S").with(restore_plan().selection(RestoreTestingSelection::new("Sel", "EBS")));
    let found = stack.validate();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].violation.rule, "restore-testing-selection-empty");
    assert_eq!(found[0].severity(), Severity::Warning);
}

#[test]
fn restore_testing_validation_window() {
    let sel = selection().validation_window(Duration::hours(169));
    assert_eq!(
        one(&Stack::new("S").with(restore_plan().selection(sel))),
        (
            "restore-testing-validation-window",
            "restore_testing_plans[Tests].selections[Sel].validation_window".into(),
            "`validation_window` is 169 hours; AWS Backup keeps restored data for validation 0 to 168 hours".into()
        )
    );
}

#[test]
fn restore_testing_selection_plans() {
    let orphan = Stack::new("S").with(lag(7, 30)).with(selection());
    assert_eq!(
        one(&orphan),
        (
            "restore-testing-selection-without-plan",
            "restore_testing_selections[Sel].plan".into(),
            "restore testing selection `Sel` belongs to no plan".into()
        )
    );
    let missing = Stack::new("S").with(selection().plan(RestoreTestingPlanRef::in_stack("Nope")));
    assert_eq!(
        one(&missing),
        (
            "restore-testing-plan-not-in-stack",
            "restore_testing_selections[Sel].plan".into(),
            "restore testing plan `Nope` is referenced but not added to the stack".into()
        )
    );
}

#[test]
fn a_vault_tag_is_checked_as_every_tag() {
    let tag_problems = |vault: BackupVault| {
        let found = problems(&Stack::new("Stack").with(vault));
        found
            .into_iter()
            .filter(|(rule, ..)| rule.starts_with("tag-"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        tag_problems(BackupVault::new("Vault").tag("", "x")),
        [(
            "tag-key-length",
            "vaults[Vault].tags[]".to_string(),
            "tag key `` has 0 characters; AWS takes 1 to 128".to_string()
        )]
    );
    let long = "v".repeat(257);
    let found = tag_problems(BackupVault::new("Vault").tag("team", long));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "tag-value-length");
    assert_eq!(tag_problems(BackupVault::new("Vault").tag("team", "")), []);
}

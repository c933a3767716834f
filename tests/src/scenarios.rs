//! The CDK reference scenarios (`tests/fixtures/cdk-scenarios.json`), each built through
//! the public `backup_dsl` API with `Stack::new("Stack")`.
//!
//! [`REPRODUCED`] synthesize to the CDK template of the same name; [`REJECTED`] are scenarios
//! CDK synthesizes but AWS or CloudFormation refuses, which our rule book rejects instead (the
//! expected problems are asserted in `tests/cdk_parity.rs`).

use backup_dsl::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection, BackupVault,
    BackupVaultEvent, CfnResource, CfnValue, CronOptions, DeletionProtection, Duration,
    Environment, IndexActionResourceType, Key, LockConfiguration, ManagedPolicy, NotificationTopic,
    Principal, RemovalPolicy, Role, RolePolicies, Schedule, Stack, TagOperation, Topic, VaultRef,
};
use serde_json::json;

/// A named scenario: the CDK template's file stem and the builder that reproduces it.
#[derive(Clone, Copy, Debug)]
pub struct Scenario {
    /// File stem in `reference/cdk-templates/`.
    pub name: &'static str,
    /// Builds the stack.
    pub build: fn() -> Stack,
}

macro_rules! scenarios {
    ($($name:literal => $build:ident,)*) => {
        &[$(Scenario { name: $name, build: $build },)*]
    };
}

/// Scenarios reproduced byte-for-value.
pub const REPRODUCED: &[Scenario] = scenarios! {
    "default-synthesizer" => default_synthesizer,
    "env-concrete" => env_concrete,
    "plan-custom-name" => plan_custom_name,
    "plan-daily35DayRetention" => plan_daily_35_day_retention,
    "plan-dailyMonthly1YearRetention" => plan_daily_monthly_1_year_retention,
    "plan-dailyWeeklyMonthly7YearRetention" => plan_daily_weekly_monthly_7_year_retention,
    "plan-empty-name-falls-back" => plan_empty_name_falls_back,
    "plan-imported-id-selection" => plan_imported_id_selection,
    "plan-ready-made-with-vault-arg" => plan_ready_made_with_vault_arg,
    "plan-vault-explicit-new" => plan_vault_explicit_new,
    "plan-vault-imported-by-name" => plan_vault_imported_by_name,
    "plan-vault-l1" => plan_vault_l1,
    "plan-vault-lazy-creation" => plan_vault_lazy_creation,
    "plan-vault-plan-and-rule-level" => plan_vault_plan_and_rule_level,
    "plan-vault-rule-level-only" => plan_vault_rule_level_only,
    "plan-windows-vss-false" => plan_windows_vss_false,
    "plan-windows-vss" => plan_windows_vss,
    "readme-selection-example" => readme_selection_example,
    "role-full" => role_full,
    "rule-all-ready-made" => rule_all_ready_made,
    "rule-continuous-14d" => rule_continuous_14d,
    "rule-continuous-default" => rule_continuous_default,
    "rule-continuous-false-explicit" => rule_continuous_false_explicit,
    "rule-copy-action-boundary" => rule_copy_action_boundary,
    "rule-copy-actions" => rule_copy_actions,
    "rule-cron-weekday-month-year" => rule_cron_weekday_month_year,
    "rule-custom-full" => rule_custom_full,
    "rule-minimal-unnamed" => rule_minimal_unnamed,
    "rule-monthly1Year" => rule_monthly_1_year,
    "rule-monthly5Year" => rule_monthly_5_year,
    "rule-monthly7Year" => rule_monthly_7_year,
    "rule-recovery-point-tags" => rule_recovery_point_tags,
    "rule-schedule-literal-cron" => rule_schedule_literal_cron,
    "rule-timezone-utc" => rule_timezone_utc,
    "rule-weekly" => rule_weekly,
    "selection-allow-restores" => selection_allow_restores,
    "selection-disable-default-policy-allow-restores" => selection_disable_default_policy_allow_restores,
    "selection-from-arn" => selection_from_arn,
    "selection-from-construct" => selection_from_construct,
    "selection-from-dynamodb-table-new" => selection_from_dynamodb_table_new,
    "selection-from-efs" => selection_from_efs,
    "selection-from-l1-refs" => selection_from_l1_refs,
    "selection-from-rds-cluster" => selection_from_rds_cluster,
    "selection-from-rds-serverless" => selection_from_rds_serverless,
    "selection-from-tag-multiple" => selection_from_tag_multiple,
    "selection-grant-principal" => selection_grant_principal,
    "selection-imported-role" => selection_imported_role,
    "selection-mixed" => selection_mixed,
    "selection-named" => selection_named,
    "selection-role-in-stack" => selection_role_in_stack,
    "selection-role-shared" => selection_role_shared,
    "selection-two-on-plan" => selection_two_on_plan,
    "stage-nested" => stage_nested,
    "tags-propagation" => tags_propagation,
    "vault-access-policy" => vault_access_policy,
    "vault-all-props" => vault_all_props,
    "vault-block-method-only" => vault_block_method_only,
    "vault-block-recovery-point-deletion" => vault_block_recovery_point_deletion,
    "vault-default" => vault_default,
    "vault-empty-name" => vault_empty_name,
    "vault-encryption-key-new" => vault_encryption_key_new,
    "vault-generated-name-truncation" => vault_generated_name_truncation,
    "vault-grant-new-vault" => vault_grant_new_vault,
    "vault-lock-full" => vault_lock_full,
    "vault-lock-min-only" => vault_lock_min_only,
    "vault-name-token-not-validated" => vault_name_token_not_validated,
    "vault-named" => vault_named,
    "vault-notification-empty-events" => vault_notification_empty_events,
    "vault-notification-explicit-events" => vault_notification_explicit_events,
    "vault-notification-new-topic" => vault_notification_new_topic,
};

/// Scenarios CDK synthesizes but AWS refuses: synthesis must fail.
pub const REJECTED: &[Scenario] = scenarios! {
    "rule-cold-to-delete-gap-under-90" => rule_cold_to_delete_gap_under_90,
    "rule-cron-all-defaults" => rule_cron_all_defaults,
    "rule-cron-day-only" => rule_cron_day_only,
    "rule-delete-equals-cold" => rule_delete_equals_cold,
    "rule-index-actions" => rule_index_actions,
    "rule-index-actions-not-validated" => rule_index_actions_not_validated,
    "selection-from-tag-dummy" => selection_from_tag_dummy,
    "vault-removal-snapshot" => vault_removal_snapshot,
};

/// A stack as CDK builds it: generated roles get CDK's managed policies only (CDK never
/// attaches the S3 policies a tag selection needs; see [`RolePolicies`]).
pub fn cdk_stack() -> Stack {
    Stack::new("Stack").role_policies(RolePolicies::AsCdk)
}

const TOPIC_ARN: &str = "arn:aws:sns:us-east-1:123456789012:backup-notifications";

fn stack_with(items: impl IntoIterator<Item = backup_dsl::StackItem>) -> Stack {
    let mut stack = cdk_stack();
    for item in items {
        stack.add(item);
    }
    stack
}

fn plan_with_rule(rule: BackupPlanRule) -> Stack {
    stack_with([BackupPlan::new("Plan").rule(rule).into()])
}

/// `daily_35_day_retention("Plan")` with one selection.
fn daily_plan_with(selection: BackupSelection) -> Stack {
    stack_with([BackupPlan::daily_35_day_retention("Plan")
        .selection(selection)
        .into()])
}

fn tagged_selection() -> BackupSelection {
    BackupSelection::new("Selection").resource(BackupResource::tag("stage", "prod"))
}

/// The backupable and non-backupable L1s of CDK's `MyCoolConstruct` test construct.
fn my_cool_construct() -> Vec<CfnResource> {
    let table = |path: &str, key: &str| {
        CfnResource::new(path, "AWS::DynamoDB::Table").properties(json!({
            "AttributeDefinitions": [{ "AttributeName": key, "AttributeType": "S" }],
            "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{ "AttributeName": key, "KeyType": "HASH" }]
        }))
    };
    let cluster = CfnResource::new("MyCoolConstruct/Cluster", "AWS::RDS::DBCluster")
        .properties(json!({ "Engine": "aurora-mysql" }));
    let member = CfnResource::new("MyCoolConstruct/ClusterMemberDb", "AWS::RDS::DBInstance")
        .properties(json!({
            "DBClusterIdentifier": cluster.reference().to_json(),
            "DBInstanceClass": "db.r5.large",
            "Engine": "aurora-mysql"
        }));
    vec![
        table("MyCoolConstruct/Table", "id"),
        CfnResource::new("MyCoolConstruct/FileSystem", "AWS::EFS::FileSystem"),
        CfnResource::new("MyCoolConstruct/Instance", "AWS::EC2::Instance")
            .properties(json!({ "ImageId": "ami-12345678", "InstanceType": "t3.micro" })),
        CfnResource::new("MyCoolConstruct/Volume", "AWS::EC2::Volume")
            .properties(json!({ "AvailabilityZone": "us-east-1a", "Size": 10 })),
        CfnResource::new("MyCoolConstruct/StandaloneDb", "AWS::RDS::DBInstance").properties(
            json!({
                "AllocatedStorage": "20",
                "DBInstanceClass": "db.t3.micro",
                "Engine": "mysql"
            }),
        ),
        cluster,
        member,
        table("MyCoolConstruct/Nested/NestedTable", "pk"),
        CfnResource::new("MyCoolConstruct/Nested/NotBackupable", "AWS::IAM::Role").properties(
            json!({ "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [] } }),
        ),
    ]
}

// --- plans -----------------------------------------------------------------------------------

/// `default-synthesizer`: the stock synthesizer's bootstrap parameter and rule.
pub fn default_synthesizer() -> Stack {
    cdk_stack()
        .bootstrap_version_rule(true)
        .with(BackupPlan::daily_35_day_retention("Plan"))
}

/// `env-concrete`: a concrete account and region become literals in formatted ARNs.
pub fn env_concrete() -> Stack {
    let selection = BackupSelection::new("Selection").resources([
        BackupResource::dynamodb_table("myTableName"),
        BackupResource::ec2_instance("i-1234567890abcdef0"),
        BackupResource::rds_cluster("my-cluster"),
        BackupResource::efs_file_system("fs-12345678"),
    ]);
    cdk_stack()
        .environment(Environment::new("123456789012", "eu-west-1"))
        .with(
            BackupPlan::daily_35_day_retention("Plan")
                .vault(VaultRef::from_name("myVault"))
                .selection(selection),
        )
        .with(BackupVault::new("OwnVault"))
}

/// `plan-custom-name`.
pub fn plan_custom_name() -> Stack {
    stack_with([BackupPlan::new("Plan")
        .name("my-backup-plan")
        .rule(BackupPlanRule::daily())
        .into()])
}

/// `plan-daily35DayRetention`.
pub fn plan_daily_35_day_retention() -> Stack {
    stack_with([BackupPlan::daily_35_day_retention("Plan").into()])
}

/// `plan-dailyMonthly1YearRetention`.
pub fn plan_daily_monthly_1_year_retention() -> Stack {
    stack_with([BackupPlan::daily_monthly_1_year_retention("Plan").into()])
}

/// `plan-dailyWeeklyMonthly7YearRetention`.
pub fn plan_daily_weekly_monthly_7_year_retention() -> Stack {
    stack_with([BackupPlan::daily_weekly_monthly_7_year_retention("Plan").into()])
}

/// `plan-empty-name-falls-back`: empty plan and selection names fall back to the ids.
pub fn plan_empty_name_falls_back() -> Stack {
    let selection = BackupSelection::new("Selection")
        .name("")
        .resource(BackupResource::tag("a", "b"));
    stack_with([BackupPlan::new("Plan")
        .name("")
        .rule(BackupPlanRule::daily())
        .selection(selection)
        .into()])
}

/// `plan-imported-id-selection`: a selection on an existing plan, outside any plan.
pub fn plan_imported_id_selection() -> Stack {
    stack_with([tagged_selection()
        .plan(BackupPlan::from_id("plan-1234"))
        .into()])
}

/// `plan-ready-made-with-vault-arg`.
pub fn plan_ready_made_with_vault_arg() -> Stack {
    let vault = BackupVault::new("Vault");
    let plan = BackupPlan::daily_weekly_monthly_5_year_retention("Plan").vault(&vault);
    stack_with([vault.into(), plan.into()])
}

/// `plan-vault-explicit-new`.
pub fn plan_vault_explicit_new() -> Stack {
    let vault = BackupVault::new("MyVault").name("my-vault");
    let plan = BackupPlan::daily_35_day_retention("Plan").vault(&vault);
    stack_with([vault.into(), plan.into()])
}

/// `plan-vault-imported-by-name`.
pub fn plan_vault_imported_by_name() -> Stack {
    stack_with([BackupPlan::daily_35_day_retention("Plan")
        .vault(VaultRef::from_name("myVault"))
        .into()])
}

/// `plan-vault-l1`: a raw `AWS::Backup::BackupVault` as the plan vault.
pub fn plan_vault_l1() -> Stack {
    let vault = CfnResource::new("L1Vault", "AWS::Backup::BackupVault")
        .properties(json!({ "BackupVaultName": "l1-vault" }));
    let plan = BackupPlan::daily_35_day_retention("Plan").vault(&vault);
    stack_with([vault.into(), plan.into()])
}

/// `plan-vault-lazy-creation`: the automatic vault serves only the rule without a vault.
pub fn plan_vault_lazy_creation() -> Stack {
    let plan = BackupPlan::new("Plan")
        .rule(BackupPlanRule::daily().vault(VaultRef::from_name("ruleVault")))
        .rule(BackupPlanRule::weekly());
    stack_with([plan.into()])
}

/// `plan-vault-plan-and-rule-level`.
pub fn plan_vault_plan_and_rule_level() -> Stack {
    let plan = BackupPlan::daily_35_day_retention("Plan")
        .vault(VaultRef::from_name("myVault"))
        .rule(BackupPlanRule::monthly_1_year().vault(VaultRef::from_name("otherVault")));
    stack_with([plan.into()])
}

/// `plan-vault-rule-level-only`: no automatic vault at all.
pub fn plan_vault_rule_level_only() -> Stack {
    plan_with_rule(BackupPlanRule::daily().vault(VaultRef::from_name("ruleVault")))
}

/// `plan-windows-vss-false`.
pub fn plan_windows_vss_false() -> Stack {
    stack_with([BackupPlan::new("Plan")
        .windows_vss(false)
        .rule(BackupPlanRule::daily())
        .into()])
}

/// `plan-windows-vss`.
pub fn plan_windows_vss() -> Stack {
    stack_with([BackupPlan::new("Plan")
        .windows_vss(true)
        .rule(BackupPlanRule::daily())
        .into()])
}

/// `readme-selection-example` (RDS constructs replaced by an import, as in the CDK run).
pub fn readme_selection_example() -> Stack {
    let selection = BackupSelection::new("Selection").resources([
        BackupResource::dynamodb_table("myTableName"),
        BackupResource::tag("stage", "prod"),
        BackupResource::rds_cluster("my-cluster"),
    ]);
    stack_with([BackupPlan::daily_weekly_monthly_5_year_retention("Plan")
        .selection(selection)
        .into()])
}

// --- rules -----------------------------------------------------------------------------------

/// `rule-all-ready-made`.
pub fn rule_all_ready_made() -> Stack {
    let plan = BackupPlan::new("Plan")
        .rule(BackupPlanRule::daily())
        .rule(BackupPlanRule::weekly())
        .rule(BackupPlanRule::monthly_1_year())
        .rule(BackupPlanRule::monthly_5_year())
        .rule(BackupPlanRule::monthly_7_year());
    stack_with([plan.into()])
}

/// `rule-continuous-14d`.
pub fn rule_continuous_14d() -> Stack {
    plan_with_rule(
        BackupPlanRule::new()
            .enable_continuous_backup(true)
            .delete_after(Duration::days(14)),
    )
}

/// `rule-continuous-default`: retention defaults to 35 days.
pub fn rule_continuous_default() -> Stack {
    plan_with_rule(BackupPlanRule::new().enable_continuous_backup(true))
}

/// `rule-continuous-false-explicit`.
pub fn rule_continuous_false_explicit() -> Stack {
    plan_with_rule(BackupPlanRule::new().enable_continuous_backup(false))
}

/// `rule-copy-action-boundary`: a copy kept exactly 90 days in cold storage.
pub fn rule_copy_action_boundary() -> Stack {
    let copy = BackupPlanCopyAction::new(VaultRef::from_name("other"))
        .move_to_cold_storage_after(Duration::days(30))
        .delete_after(Duration::days(120));
    plan_with_rule(BackupPlanRule::new().copy_action(copy))
}

/// `rule-copy-actions`: copies to a vault in the stack, by ARN and by name.
pub fn rule_copy_actions() -> Stack {
    let secondary = BackupVault::new("Secondary");
    let rule = BackupPlanRule::new()
        .name("DailyWithCopies")
        .schedule("cron(0 5 * * ? *)")
        .delete_after(Duration::days(35))
        .copy_action(
            BackupPlanCopyAction::new(&secondary)
                .move_to_cold_storage_after(Duration::days(30))
                .delete_after(Duration::days(120)),
        )
        .copy_action(
            BackupPlanCopyAction::new(VaultRef::from_arn(
                "arn:aws:backup:us-west-2:123456789012:backup-vault:dr-vault",
            ))
            .delete_after(Duration::days(365)),
        )
        .copy_action(BackupPlanCopyAction::new(VaultRef::from_name("other")));
    stack_with([BackupPlan::new("Plan").rule(rule).into(), secondary.into()])
}

/// `rule-cron-weekday-month-year`: CDK's `Schedule.cron` options.
pub fn rule_cron_weekday_month_year() -> Stack {
    let cron = CronOptions {
        minute: Some("0".into()),
        hour: Some("22".into()),
        week_day: Some("MON-FRI".into()),
        month: Some("JAN-JUN".into()),
        year: Some("2030".into()),
        ..CronOptions::default()
    };
    plan_with_rule(BackupPlanRule::new().schedule(Schedule::Cron(cron)))
}

/// `rule-custom-full`.
pub fn rule_custom_full() -> Stack {
    let cron = CronOptions {
        minute: Some("30".into()),
        hour: Some("3".into()),
        day: Some("15".into()),
        ..CronOptions::default()
    };
    let rule = BackupPlanRule::new()
        .name("Custom")
        .schedule(Schedule::Cron(cron))
        .start_window(Duration::hours(1))
        .completion_window(Duration::hours(2))
        .move_to_cold_storage_after(Duration::days(30))
        .delete_after(Duration::days(120))
        .schedule_timezone("America/New_York")
        .recovery_point_tag("key", "value")
        .recovery_point_tag("env", "prod");
    plan_with_rule(rule)
}

/// `rule-minimal-unnamed`: only the default name and the automatic vault.
pub fn rule_minimal_unnamed() -> Stack {
    plan_with_rule(BackupPlanRule::new())
}

/// `rule-monthly1Year`.
pub fn rule_monthly_1_year() -> Stack {
    plan_with_rule(BackupPlanRule::monthly_1_year())
}

/// `rule-monthly5Year`.
pub fn rule_monthly_5_year() -> Stack {
    plan_with_rule(BackupPlanRule::monthly_5_year())
}

/// `rule-monthly7Year`.
pub fn rule_monthly_7_year() -> Stack {
    plan_with_rule(BackupPlanRule::monthly_7_year())
}

/// `rule-recovery-point-tags`.
pub fn rule_recovery_point_tags() -> Stack {
    plan_with_rule(
        BackupPlanRule::new()
            .recovery_point_tag("key", "value")
            .recovery_point_tag("cost-center", "42"),
    )
}

/// `rule-schedule-literal-cron`.
pub fn rule_schedule_literal_cron() -> Stack {
    plan_with_rule(BackupPlanRule::new().schedule("cron(0 12 ? * SUN *)"))
}

/// `rule-timezone-utc`.
pub fn rule_timezone_utc() -> Stack {
    let cron = CronOptions {
        minute: Some("0".into()),
        hour: Some("5".into()),
        ..CronOptions::default()
    };
    plan_with_rule(
        BackupPlanRule::new()
            .schedule(Schedule::Cron(cron))
            .schedule_timezone("Etc/UTC"),
    )
}

/// `rule-weekly`.
pub fn rule_weekly() -> Stack {
    plan_with_rule(BackupPlanRule::weekly())
}

// --- selections ------------------------------------------------------------------------------

/// `selection-allow-restores`.
pub fn selection_allow_restores() -> Stack {
    daily_plan_with(tagged_selection().allow_restores(true))
}

/// `selection-disable-default-policy-allow-restores`.
pub fn selection_disable_default_policy_allow_restores() -> Stack {
    daily_plan_with(
        tagged_selection()
            .disable_default_backup_policy(true)
            .allow_restores(true),
    )
}

/// `selection-from-arn`.
pub fn selection_from_arn() -> Stack {
    daily_plan_with(BackupSelection::new("Selection").resources([
        BackupResource::arn("arn:aws:ec2:us-east-1:123456789012:volume/*"),
        BackupResource::arn("arn:aws:s3:::my-bucket"),
    ]))
}

/// `selection-from-construct`: everything backupable below a construct.
pub fn selection_from_construct() -> Stack {
    let mut stack = cdk_stack();
    for resource in my_cool_construct() {
        stack.add(resource);
    }
    let selection =
        BackupSelection::new("Selection").resource(BackupResource::construct("MyCoolConstruct"));
    stack.with(BackupPlan::daily_35_day_retention("Plan").selection(selection))
}

/// `selection-from-dynamodb-table-new`: a table declared in the stack (an L2 `Table`).
pub fn selection_from_dynamodb_table_new() -> Stack {
    let table = CfnResource::l2("Table", "AWS::DynamoDB::Table")
        .properties(json!({
            "AttributeDefinitions": [{ "AttributeName": "id", "AttributeType": "S" }],
            "KeySchema": [{ "AttributeName": "id", "KeyType": "HASH" }],
            "ProvisionedThroughput": { "ReadCapacityUnits": 5, "WriteCapacityUnits": 5 }
        }))
        .retain();
    let selection =
        BackupSelection::new("Selection").resource(BackupResource::dynamodb_table_resource(&table));
    stack_with([
        table.into(),
        BackupPlan::daily_35_day_retention("Plan")
            .selection(selection)
            .into(),
    ])
}

/// `selection-from-efs`.
pub fn selection_from_efs() -> Stack {
    daily_plan_with(
        BackupSelection::new("Selection").resource(BackupResource::efs_file_system("fs-12345678")),
    )
}

/// `selection-from-l1-refs`: L1 resources selected by `Ref` and `Fn::GetAtt`.
pub fn selection_from_l1_refs() -> Stack {
    let instance = CfnResource::new("Instance", "AWS::EC2::Instance")
        .properties(json!({ "ImageId": "ami-12345678", "InstanceType": "t3.micro" }));
    let file_system = CfnResource::new("FileSystem", "AWS::EFS::FileSystem");
    let db = CfnResource::new("DbInstance", "AWS::RDS::DBInstance").properties(json!({
        "AllocatedStorage": "20",
        "DBInstanceClass": "db.t3.micro",
        "Engine": "mysql"
    }));
    let cluster = CfnResource::new("DbCluster", "AWS::RDS::DBCluster")
        .properties(json!({ "Engine": "aurora-mysql" }));
    let selection = BackupSelection::new("Selection").resources([
        BackupResource::ec2_instance(instance.reference()),
        BackupResource::efs_file_system(file_system.reference()),
        BackupResource::rds_instance_resource(&db),
        BackupResource::rds_cluster(cluster.reference()),
        BackupResource::rds_serverless_cluster_resource(&cluster),
    ]);
    stack_with([
        instance.into(),
        file_system.into(),
        db.into(),
        cluster.into(),
        BackupPlan::daily_35_day_retention("Plan")
            .selection(selection)
            .into(),
    ])
}

/// `selection-from-rds-cluster`.
pub fn selection_from_rds_cluster() -> Stack {
    daily_plan_with(
        BackupSelection::new("Selection").resource(BackupResource::rds_cluster("my-cluster")),
    )
}

/// `selection-from-rds-serverless`.
pub fn selection_from_rds_serverless() -> Stack {
    daily_plan_with(
        BackupSelection::new("Selection")
            .resource(BackupResource::rds_serverless_cluster("my-serverless")),
    )
}

/// `selection-from-tag-multiple`.
pub fn selection_from_tag_multiple() -> Stack {
    daily_plan_with(BackupSelection::new("Selection").resources([
        BackupResource::tag("stage", "prod"),
        BackupResource::tag("backup", "true"),
    ]))
}

/// `selection-imported-role`: an existing role gets no managed policies.
pub fn selection_imported_role() -> Stack {
    daily_plan_with(
        tagged_selection()
            .role_arn("arn:aws:iam::123456789012:role/backup-role")
            .allow_restores(true),
    )
}

/// `selection-mixed`: explicit ARNs first, then the ARNs collected from a construct.
pub fn selection_mixed() -> Stack {
    let mut stack = cdk_stack();
    for resource in my_cool_construct() {
        stack.add(resource);
    }
    let selection = BackupSelection::new("Selection").resources([
        BackupResource::construct("MyCoolConstruct"),
        BackupResource::arn("arn:aws:ec2:us-east-1:123456789012:volume/vol-1"),
        BackupResource::tag("stage", "prod"),
        BackupResource::dynamodb_table("myTableName"),
    ]);
    stack.with(BackupPlan::daily_35_day_retention("Plan").selection(selection))
}

/// `selection-named`.
pub fn selection_named() -> Stack {
    daily_plan_with(tagged_selection().name("my-selection"))
}

/// `selection-two-on-plan`.
pub fn selection_two_on_plan() -> Stack {
    let plan = BackupPlan::daily_35_day_retention("Plan")
        .selection(BackupSelection::new("ByTag").resource(BackupResource::tag("stage", "prod")))
        .selection(BackupSelection::new("ByArn").resource(BackupResource::arn(
            "arn:aws:dynamodb:us-east-1:123456789012:table/t",
        )));
    stack_with([plan.into()])
}

// --- stacks ----------------------------------------------------------------------------------

/// `stage-nested`: the stage id enters the generated vault name.
pub fn stage_nested() -> Stack {
    cdk_stack()
        .in_stage("Prod")
        .with(BackupPlan::daily_35_day_retention("Plan"))
}

/// `tags-propagation`: stack tags on plans, vaults and generated roles.
pub fn tags_propagation() -> Stack {
    cdk_stack()
        .tag("team", "storage")
        .with(BackupPlan::daily_35_day_retention("Plan").selection(tagged_selection()))
}

// --- vaults ----------------------------------------------------------------------------------

/// `vault-access-policy` (the CDK README example).
pub fn vault_access_policy() -> Stack {
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Action": "backup:DeleteRecoveryPoint",
            "Condition": { "StringNotLike": { "aws:userId": ["user1", "user2"] } },
            "Effect": "Deny",
            "Principal": { "AWS": "*" },
            "Resource": "*"
        }]
    });
    stack_with([BackupVault::new("Vault").access_policy(policy).into()])
}

/// `vault-all-props`.
pub fn vault_all_props() -> Stack {
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [{ "Action": "backup:DeleteBackupVault", "Effect": "Deny", "Principal": { "AWS": "*" }, "Resource": "*" }]
    });
    let vault = BackupVault::new("Vault")
        .name("all-props")
        .encryption_key(
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        )
        .notification_topic(NotificationTopic::Arn(TOPIC_ARN.into()))
        .notification_events([BackupVaultEvent::BackupJobCompleted])
        .access_policy(policy)
        .block_recovery_point_deletion_with(DeletionProtection::AsCdk)
        .lock_configuration(
            LockConfiguration::new(Duration::days(1))
                .max_retention(Duration::days(10))
                .changeable_for(Duration::days(5)),
        )
        .removal_policy(RemovalPolicy::Destroy);
    stack_with([vault.into()])
}

/// `vault-block-method-only`: the block statement added after construction.
pub fn vault_block_method_only() -> Stack {
    let vault = BackupVault::new("Vault");
    stack_with([vault
        .block_recovery_point_deletion_with(DeletionProtection::AsCdk)
        .into()])
}

/// `vault-block-recovery-point-deletion`.
pub fn vault_block_recovery_point_deletion() -> Stack {
    stack_with([BackupVault::new("Vault")
        .block_recovery_point_deletion_with(DeletionProtection::AsCdk)
        .into()])
}

/// `vault-default`.
pub fn vault_default() -> Stack {
    stack_with([BackupVault::new("Vault").into()])
}

/// `vault-empty-name`: an empty vault name falls back to the generated one, as in CDK.
pub fn vault_empty_name() -> Stack {
    stack_with([BackupVault::new("Vault").name("").into()])
}

/// `vault-encryption-key-new`: a KMS key declared in the stack (an L2 `Key`).
pub fn vault_encryption_key_new() -> Stack {
    let key = Key::new("Key");
    let vault = BackupVault::new("Vault").encryption_key(&key);
    stack_with([key.into(), vault.into()])
}

/// `vault-generated-name-truncation`: the generated name keeps the last 50 characters.
pub fn vault_generated_name_truncation() -> Stack {
    let path = "SomeVeryLongParentConstructIdentifier/AnotherRatherLongChildConstructIdentifier/AnExtremelyLongVaultConstructIdToForceTruncation";
    stack_with([BackupVault::new(path).into()])
}

/// `vault-grant-new-vault`: `vault.grant(role, actions)` on a role declared in the stack.
pub fn vault_grant_new_vault() -> Stack {
    let vault = BackupVault::new("Vault");
    let role = CfnResource::l2("Role", "AWS::IAM::Role").properties(json!({
        "AssumeRolePolicyDocument": {
            "Statement": [{ "Action": "sts:AssumeRole", "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" } }],
            "Version": "2012-10-17"
        }
    }));
    let mut stack = cdk_stack();
    stack.grant(
        &vault,
        &role,
        [
            "backup:StartBackupJob",
            "backup:ListRecoveryPointsByBackupVault",
        ],
    );
    stack.add(vault).add(role);
    stack
}

/// `vault-lock-full`.
pub fn vault_lock_full() -> Stack {
    let lock = LockConfiguration::new(Duration::days(7))
        .max_retention(Duration::days(365))
        .changeable_for(Duration::days(3));
    stack_with([BackupVault::new("Vault").lock_configuration(lock).into()])
}

/// `vault-lock-min-only`.
pub fn vault_lock_min_only() -> Stack {
    stack_with([BackupVault::new("Vault")
        .lock_configuration(LockConfiguration::new(Duration::days(30)))
        .into()])
}

/// `vault-name-token-not-validated`: a name from a template parameter.
pub fn vault_name_token_not_validated() -> Stack {
    cdk_stack()
        .parameter("VaultName", json!({ "Type": "String" }))
        .with(BackupVault::new("Vault").name(CfnValue::reference("VaultName")))
}

/// `vault-named`.
pub fn vault_named() -> Stack {
    stack_with([BackupVault::new("Vault").name("my-vault_01").into()])
}

/// `vault-notification-empty-events`: an empty event list is emitted as given.
pub fn vault_notification_empty_events() -> Stack {
    let vault = BackupVault::new("Vault")
        .notification_topic(NotificationTopic::Arn(TOPIC_ARN.into()))
        .notification_events([]);
    stack_with([vault.into()])
}

/// `vault-notification-explicit-events`.
pub fn vault_notification_explicit_events() -> Stack {
    let vault = BackupVault::new("Vault")
        .notification_topic(NotificationTopic::Arn(TOPIC_ARN.into()))
        .notification_events([
            BackupVaultEvent::BackupJobFailed,
            BackupVaultEvent::RestoreJobCompleted,
            BackupVaultEvent::CopyJobFailed,
        ]);
    stack_with([vault.into()])
}

/// `vault-notification-new-topic`: a topic in the stack gets a publish policy for AWS Backup.
pub fn vault_notification_new_topic() -> Stack {
    let topic = Topic::new("Topic");
    let vault = BackupVault::new("Vault").notification_topic(&topic);
    stack_with([topic.into(), vault.into()])
}

// --- rejected --------------------------------------------------------------------------------

/// `rule-cold-to-delete-gap-under-90`: 1 day in cold storage.
pub fn rule_cold_to_delete_gap_under_90() -> Stack {
    plan_with_rule(
        BackupPlanRule::new()
            .move_to_cold_storage_after(Duration::days(30))
            .delete_after(Duration::days(31)),
    )
}

/// `rule-cron-all-defaults`: `cron(* * * * ? *)` runs every minute.
pub fn rule_cron_all_defaults() -> Stack {
    plan_with_rule(BackupPlanRule::new().schedule(Schedule::Cron(CronOptions::default())))
}

/// `rule-cron-day-only`: `cron(* * 1 * ? *)` runs every minute of the 1st.
pub fn rule_cron_day_only() -> Stack {
    let cron = CronOptions {
        day: Some("1".into()),
        ..CronOptions::default()
    };
    plan_with_rule(BackupPlanRule::new().schedule(Schedule::Cron(cron)))
}

/// `rule-delete-equals-cold`: deleted the day it reaches cold storage.
pub fn rule_delete_equals_cold() -> Stack {
    plan_with_rule(
        BackupPlanRule::new()
            .move_to_cold_storage_after(Duration::days(30))
            .delete_after(Duration::days(30)),
    )
}

/// `rule-index-actions`: one index action with three resource types.
pub fn rule_index_actions() -> Stack {
    plan_with_rule(BackupPlanRule::new().index_action([
        IndexActionResourceType::S3,
        IndexActionResourceType::Ebs,
        IndexActionResourceType::Other("EFS".into()),
    ]))
}

/// `rule-index-actions-not-validated`: three index actions, one of them empty.
pub fn rule_index_actions_not_validated() -> Stack {
    plan_with_rule(
        BackupPlanRule::new()
            .index_action([IndexActionResourceType::S3])
            .index_action([IndexActionResourceType::Ebs])
            .index_action([]),
    )
}

/// `selection-from-tag-dummy`: CDK's placeholder tag operation.
pub fn selection_from_tag_dummy() -> Stack {
    daily_plan_with(
        BackupSelection::new("Selection").resource(BackupResource::tag_with(
            "stage",
            "prod",
            TagOperation::Dummy,
        )),
    )
}

/// `vault-removal-snapshot`: vaults have no snapshot.
pub fn vault_removal_snapshot() -> Stack {
    stack_with([BackupVault::new("Vault")
        .removal_policy(RemovalPolicy::Snapshot)
        .into()])
}

// --- issue 13: roles and grants (`tests/fixtures/cdk-programs/neighbours.js`) ---------------

/// `selection-role-in-stack`: a role of the stack given to a selection receives the backup
/// and (with `allow_restores`) restores managed policies, as in CDK.
pub fn selection_role_in_stack() -> Stack {
    let role = Role::backup_service("BackupRole");
    let selection = BackupSelection::new("Selection")
        .resource(BackupResource::tag("stage", "prod"))
        .role(&role)
        .allow_restores(true);
    let plan = BackupPlan::daily_35_day_retention("Plan").selection(selection);
    stack_with([plan.into(), role.into()])
}

/// `selection-role-shared`: one role, two selections of two plans; each policy once.
pub fn selection_role_shared() -> Stack {
    let role = Role::backup_service("BackupRole");
    let tag = || BackupResource::tag("stage", "prod");
    let daily = BackupPlan::daily_35_day_retention("Daily").selection(
        BackupSelection::new("Selection")
            .resource(tag())
            .role(&role),
    );
    let weekly = BackupPlan::daily_monthly_1_year_retention("Weekly").selection(
        BackupSelection::new("Selection")
            .resource(tag())
            .role(&role)
            .allow_restores(true),
    );
    let mut stack = cdk_stack().tag("team", "platform");
    stack.add(role).add(daily).add(weekly);
    stack
}

/// `selection-grant-principal`: `vault.grant(selection.grantPrincipal, 'backup:StartCopyJob')`
/// lands in the default policy of the selection's generated role.
pub fn selection_grant_principal() -> Stack {
    let plan = BackupPlan::daily_35_day_retention("Plan").selection(
        BackupSelection::new("Selection").resource(BackupResource::tag("stage", "prod")),
    );
    let vault = BackupVault::new("CopyVault");
    let mut stack = cdk_stack();
    if let Some(principal) = plan.grant_principal("Selection") {
        stack.grant(&vault, principal, ["backup:StartCopyJob"]);
    }
    stack.add(plan).add(vault);
    stack
}

/// `role-full`: two trust principals, a name, a description, a managed policy, an inline
/// policy, and two grants accumulating in its default policy.
pub fn role_full() -> Stack {
    let role = Role::backup_service("Role")
        .assumed_by(Principal::service("restore-testing.backup.amazonaws.com"))
        .name("backup-operator")
        .description("Backup and restore testing")
        .managed_policy(ManagedPolicy::aws_managed(
            "service-role/AWSBackupServiceRolePolicyForBackup",
        ))
        .inline_policy(
            "Tagging",
            [json!({ "Action": "tag:GetResources", "Effect": "Allow", "Resource": "*" })],
        );
    let vault = BackupVault::new("Vault");
    let mut stack = cdk_stack();
    stack.grant(&vault, &role, ["backup:StartBackupJob"]);
    stack.grant(
        &vault,
        &role,
        [
            "backup:StartCopyJob",
            "backup:ListRecoveryPointsByBackupVault",
        ],
    );
    stack.add(role).add(vault);
    stack
}

//! The neighbours of a plan (issue 13): a stack [`Role`] given to selections, grants to a
//! selection's role, the errors when a role is missing, KMS keys shared with another account
//! and SNS topics. The CDK templates these reproduce are in `cdk_parity.rs` (`role-full`,
//! `selection-role-*`, `selection-grant-principal`, `vault-encryption-key-new`,
//! `vault-notification-new-topic`).

use backup_dsl::{
    backup_plan, BackupPlan, BackupResource, BackupSelection, BackupVault, BackupVaultEvent,
    Duration, Key, LogicallyAirGappedBackupVault, Role, Stack, Topic, VaultRef,
};
use backup_dsl_tests::{assert_cfn_lint_clean, error_ids, synth_err};
use serde_json::json;

fn tagged(id: &str) -> BackupSelection {
    BackupSelection::new(id).resource(BackupResource::tag("stage", "prod"))
}

#[test]
fn a_selection_role_not_added_to_the_stack_is_an_error() {
    let role = Role::backup_service("BackupRole");
    let mut stack = Stack::new("Stack");
    stack
        .add(BackupPlan::daily_35_day_retention("Plan").selection(tagged("Selection").role(&role)));
    let error = synth_err(&stack);
    assert_eq!(
        error_ids(&error),
        [(
            "role-not-in-stack",
            "plans[Plan].selections[Selection].role".to_string()
        )]
    );
    let message = error.to_string();
    assert!(message.contains("role `BackupRole`"), "{message}");
    assert!(message.contains("stack.add(role)"), "{message}");
}

#[test]
fn a_grant_to_a_role_not_in_the_stack_is_an_error() {
    let vault = BackupVault::new("Vault");
    let role = Role::backup_service("Role");
    let mut stack = Stack::new("Stack");
    stack.grant(&vault, &role, ["backup:StartCopyJob"]);
    stack.add(vault);
    let error = synth_err(&stack);
    assert_eq!(
        error_ids(&error),
        [("grant-role-not-in-stack", "grants[0].role".to_string())]
    );
    assert!(error.to_string().contains("grant_principal"));
}

#[test]
fn an_imported_role_has_no_grant_principal() {
    let plan = BackupPlan::daily_35_day_retention("Plan")
        .selection(tagged("Selection").role_arn("arn:aws:iam::123456789012:role/backup"));
    assert!(plan.grant_principal("Selection").is_none());
    assert!(plan.grant_principal("Missing").is_none());
}

#[test]
fn a_standalone_selection_grants_to_its_own_generated_role() {
    let selection = tagged("Selection").plan(BackupPlan::from_id("plan-1234"));
    let principal = selection.grant_principal().expect("a generated role");
    let vault = BackupVault::new("Vault");
    let mut stack = Stack::new("Stack");
    stack.grant(&vault, principal, ["backup:StartCopyJob"]);
    stack.add(selection).add(vault);
    let template = stack.synth().expect("synthesizes");
    let resources = template.json()["Resources"].as_object().expect("resources");
    let ids: Vec<&str> = resources.keys().map(String::as_str).collect();
    let role = ids
        .iter()
        .position(|id| id.starts_with("SelectionRole") && !id.contains("DefaultPolicy"));
    let policy = ids
        .iter()
        .position(|id| id.starts_with("SelectionRoleDefaultPolicy"));
    // The policy follows its role, as CDK orders a role's `DefaultPolicy` child.
    assert_eq!(policy, role.map(|r| r + 1), "{ids:?}");
}

#[test]
fn a_role_shared_by_selections_gets_each_policy_once() {
    let role = Role::backup_service("BackupRole");
    let mut stack = Stack::new("Stack");
    stack.add(role.clone());
    stack.add(BackupPlan::daily_35_day_retention("A").selection(tagged("S").role(&role)));
    stack.add(
        BackupPlan::daily_35_day_retention("B")
            .selection(tagged("S").role(&role).allow_restores(true)),
    );
    let template = stack.synth().expect("synthesizes");
    let arns = &template.json()["Resources"][role.logical_id()]["Properties"]["ManagedPolicyArns"];
    let text = arns.to_string();
    // Backup and S3 backup (a tag may cover buckets), then restores and S3 restore.
    assert_eq!(arns.as_array().map(Vec::len), Some(4), "{text}");
    assert_eq!(
        text.matches("AWSBackupServiceRolePolicyForBackup\"")
            .count(),
        1,
        "{text}"
    );
}

#[test]
fn a_shared_key_lets_the_other_account_use_it_and_make_grants_for_aws_resources() {
    let key = Key::new("Key")
        .description("backup vault key")
        .enable_key_rotation(true)
        .share_with_account("222222222222");
    let vault = BackupVault::new("Vault").encryption_key(&key);
    let topic = Topic::new("Topic").display_name("backup");
    let vault = vault.notification_topic(&topic);
    let mut stack = Stack::new("Stack").tag("team", "platform");
    stack.add(key.clone()).add(topic).add(vault);
    let template = stack.synth().expect("synthesizes");
    let resources = &template.json()["Resources"];
    let properties = &resources[key.logical_id()]["Properties"];
    let statements = properties["KeyPolicy"]["Statement"]
        .as_array()
        .expect("statements");
    assert_eq!(statements.len(), 3);
    let principal = json!({ "AWS": { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::222222222222:root"]] } });
    assert_eq!(statements[1]["Principal"], principal);
    assert_eq!(statements[2]["Action"], "kms:CreateGrant");
    assert_eq!(
        statements[2]["Condition"],
        json!({ "Bool": { "kms:GrantIsForAWSResource": true } })
    );
    assert_eq!(properties["EnableKeyRotation"], true);
    assert_eq!(properties["Tags"][0]["Key"], "team");
    assert_eq!(resources[key.logical_id()]["DeletionPolicy"], "Retain");
    let topic = &resources["TopicBFC7AF6E"]["Properties"];
    assert_eq!(topic["DisplayName"], "backup");
    assert_eq!(topic["Tags"][0]["Value"], "platform");
    assert_cfn_lint_clean("neighbours-key-topic", template.json());
}

#[test]
fn a_template_over_the_inline_limit_warns_with_each_deploy_path() {
    let arn = |i: usize| format!("arn:aws:ec2:us-east-1:123456789012:volume/vol-{i:017x}");
    let selection = |id: &str, from: usize| {
        BackupSelection::new(id).resources((from..from + 500).map(|i| BackupResource::arn(arn(i))))
    };
    let plan = BackupPlan::daily_35_day_retention("Plan")
        .selection(selection("A", 0))
        .selection(selection("B", 500));
    let mut stack = Stack::new("Stack");
    stack.add(plan);
    let template = stack.synth().expect("a warning, not an error");
    assert!(template.to_pretty_string().len() > 51_200);
    let warning = template
        .warnings()
        .iter()
        .find(|w| w.violation.rule == "template-inline-limit")
        .expect("the inline-limit warning");
    assert!(warning.violation.help.contains("--s3-bucket"));
    assert!(warning.violation.help.contains("cdk bootstrap"));

    let mut small = Stack::new("Stack");
    small.add(BackupPlan::daily_35_day_retention("Plan"));
    let small = small.synth().expect("synthesizes");
    assert!(small
        .warnings()
        .iter()
        .all(|w| w.violation.rule != "template-inline-limit"));
}

/// The "Roles, keys and topics" example of the README.
#[test]
fn the_readme_roles_keys_and_topics_example_synthesizes() {
    let role = Role::backup_service("BackupRole");
    let key = Key::new("Key").enable_key_rotation(true);
    let topic = Topic::new("Alerts");
    let vault = BackupVault::new("Vault")
        .encryption_key(&key)
        .notification_topic(&topic);
    let plan = BackupPlan::daily_35_day_retention("Plan")
        .vault(vault.reference())
        .selection(
            BackupSelection::new("Tagged")
                .resource(BackupResource::tag("backup", "daily"))
                .role(&role),
        );
    let mut stack = Stack::new("Backups");
    stack.grant(
        &vault,
        plan.grant_principal("Tagged").expect("the role"),
        ["backup:StartCopyJob"],
    );
    stack.add(role).add(key).add(topic).add(vault).add(plan);
    let template = stack.synth().unwrap_or_else(|e| panic!("{e}"));
    let resources = template.json()["Resources"].as_object().expect("resources");
    let ids: Vec<&str> = resources.keys().map(String::as_str).collect();
    assert_eq!(ids[0], "BackupRoleF43CFD90");
    assert!(ids[1].starts_with("BackupRoleDefaultPolicy"), "{ids:?}");
    assert_cfn_lint_clean("readme-roles-keys-topics", template.json());
}

/// The macro's `key` and `topic` declarations, referenced by id from vaults, give the builder's
/// stack byte for byte (also those created inline with `new`): the keys and topics first,
/// then the vaults that use them.
#[test]
fn keys_and_topics_declared_in_the_macro_match_the_builder() {
    let mut from_macro = Stack::new("Stack");
    backup_plan! {
        in from_macro;
        key VaultKey {
            description: "Backup vault key",
            enable_key_rotation: true,
            share_with_accounts: ["222222222222", "333333333333"],
        }
        topic Alerts { name: "backup-alerts", display_name: "Backups" }
        topic Quiet {}
        vault Main {
            encryption_key: VaultKey,
            notification_topic: Alerts,
            notification_events: [BACKUP_JOB_COMPLETED],
        }
        air_gapped_vault AirGapped {
            min_retention: 7 days,
            max_retention: 30 days,
            encryption_key: VaultKey,
            notification_topic: Quiet,
            notification_events: [COPY_JOB_FAILED],
        }
        plan Plan {
            vault: new Copies {
                encryption_key: new CopyKey { description: "Copies" },
                notification_topic: new CopyAlerts { display_name: "Copies" },
            },
            rule daily(Main);
        }
    }

    let key = Key::new("VaultKey")
        .description("Backup vault key")
        .enable_key_rotation(true)
        .share_with_account("222222222222")
        .share_with_account("333333333333");
    let alerts = Topic::new("Alerts")
        .name("backup-alerts")
        .display_name("Backups");
    let quiet = Topic::new("Quiet");
    let main = BackupVault::new("Main")
        .encryption_key(&key)
        .notification_topic(&alerts)
        .notification_events([BackupVaultEvent::BackupJobCompleted]);
    let air_gapped =
        LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30))
            .encryption_key(&key)
            .notifications(&quiet, [BackupVaultEvent::CopyJobFailed]);
    let copy_key = Key::new("CopyKey").description("Copies");
    let copy_alerts = Topic::new("CopyAlerts").display_name("Copies");
    let copies = BackupVault::new("Copies")
        .encryption_key(&copy_key)
        .notification_topic(&copy_alerts);
    let plan = BackupPlan::new("Plan")
        .vault(VaultRef::in_stack("Copies"))
        .rule(backup_dsl::BackupPlanRule::daily().vault(VaultRef::in_stack("Main")));
    let mut by_hand = Stack::new("Stack");
    by_hand
        .add(key)
        .add(copy_key)
        .add(alerts)
        .add(quiet)
        .add(copy_alerts)
        .add(main)
        .add(air_gapped)
        .add(copies)
        .add(plan);

    let macro_template = from_macro.synth().expect("the macro's stack synthesizes");
    let builder_template = by_hand.synth().expect("the builder's stack synthesizes");
    assert_eq!(
        macro_template.to_pretty_string(),
        builder_template.to_pretty_string()
    );
    let resources = macro_template.json()["Resources"]
        .as_object()
        .expect("resources");
    let types: Vec<&str> = resources
        .values()
        .filter_map(|r| r["Type"].as_str())
        .collect();
    assert_eq!(types.iter().filter(|t| **t == "AWS::KMS::Key").count(), 2);
    assert_eq!(types.iter().filter(|t| **t == "AWS::SNS::Topic").count(), 3);
    assert_cfn_lint_clean("macro-keys-and-topics", macro_template.json());
}

/// Two vaults (a backup vault and an air-gapped vault) notifying one topic of the stack: one
/// topic policy, as CDK's topic keeps one policy document (the second vault's statement is the
/// same and is dropped), not a `duplicate-logical-id` error.
#[test]
fn vaults_sharing_a_topic_get_one_topic_policy() {
    let topic = Topic::new("Alerts");
    let primary = BackupVault::new("Primary")
        .notification_topic(&topic)
        .notification_events([BackupVaultEvent::BackupJobCompleted]);
    let secondary = BackupVault::new("Secondary")
        .notification_topic(&topic)
        .notification_events([BackupVaultEvent::CopyJobFailed]);
    let air_gapped =
        LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30))
            .notifications(&topic, [BackupVaultEvent::CopyJobFailed]);
    let stack = Stack::new("Backups")
        .with(topic)
        .with(primary)
        .with(secondary)
        .with(air_gapped);
    let template = stack.synth().unwrap_or_else(|e| panic!("{e}"));
    let policies = template.json()["Resources"]
        .as_object()
        .expect("resources")
        .values()
        .filter(|r| r["Type"] == "AWS::SNS::TopicPolicy")
        .count();
    assert_eq!(policies, 1);
    assert_cfn_lint_clean("vaults-sharing-a-topic", template.json());
}

/// A raw resource that takes the logical id of a grant's policy is the grant's clash, at
/// `grants`, whether it is added before or after the role (synthesis writes the policy right
/// after its role); validation (the JSON path) reports the same.
#[test]
fn a_resource_taking_a_grant_policys_id_clashes_at_grants() {
    for clash_first in [true, false] {
        let vault = BackupVault::new("Vault");
        let role = backup_dsl::CfnResource::l2("Role", "AWS::IAM::Role");
        let clash = backup_dsl::CfnResource::new("RoleDefaultPolicy5FFB7DAB", "AWS::SNS::Topic");
        let mut stack = Stack::new("Stack");
        stack.grant(&vault, &role, ["backup:StartBackupJob"]);
        if clash_first {
            stack.add(clash.clone());
        }
        stack.add(vault).add(role);
        if !clash_first {
            stack.add(clash);
        }
        let clashes = |ids: Vec<(&'static str, String)>| -> Vec<String> {
            ids.into_iter()
                .filter(|(rule, _)| *rule == "duplicate-logical-id")
                .map(|(_, path)| path)
                .collect()
        };
        let error = synth_err(&stack);
        assert_eq!(
            clashes(error_ids(&error)),
            ["grants"],
            "clash first: {clash_first}"
        );
        let validated = stack
            .validate()
            .into_iter()
            .map(|p| (p.violation.rule, p.path))
            .collect();
        assert_eq!(clashes(validated), ["grants"], "clash first: {clash_first}");
    }
}

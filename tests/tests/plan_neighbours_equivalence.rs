//! The macro adds checking, never behaviour, for the keys of issues 12 and 13 it gained last:
//! a plan's S3 backup options, tiering configurations with several selections, a key's
//! removal policy, a copy to a vault given as a splice (another stack's vault), and a restore
//! testing selection's role given as a `&Role`. Each `backup_plan!` gives the same bytes as the
//! hand-written builder, and what the builder checks at synthesis is checked for the splices.

use backup_dsl::{
    backup_plan, App, BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource,
    BackupSelection, BackupVault, Duration, Key, LockConfiguration, RemovalPolicy,
    RestoreTestingPlan, RestoreTestingSelection, RestoreTestingVault, Role, S3BackupOptions, Stack,
    TieringConfiguration, TieringSelection, VaultRef,
};

#[test]
fn s3_options_tiering_selections_and_a_key_removal_policy_match_the_builder() {
    let mut from_macro = Stack::new("Stack");
    backup_plan! {
        in from_macro;
        key VaultKey { removal_policy: destroy }
        vault Main { name: "main", encryption_key: VaultKey }
        plan Plan {
            vault: Main,
            s3_backup_options: { backup_acls: true, backup_object_tags: { 1 > 0 } },
            rule daily();
        }
        tiering_configuration Warm {
            vault: Main,
            selection { resources: ["arn:aws:s3:::logs"], tier_down_after: 90 days }
            selection { tier_down_after: 365 days }
        }
    }

    let key = Key::new("VaultKey").removal_policy(RemovalPolicy::Destroy);
    let main = BackupVault::new("Main").name("main").encryption_key(&key);
    let plan = BackupPlan::new("Plan")
        .vault(VaultRef::in_stack("Main"))
        .s3_backup_options(S3BackupOptions {
            backup_acls: true,
            backup_object_tags: true,
        })
        .rule(BackupPlanRule::daily());
    let tiering = TieringConfiguration::new("Warm", VaultRef::in_stack("Main"))
        .selection(TieringSelection::buckets(
            ["arn:aws:s3:::logs"],
            Duration::days(90),
        ))
        .selection(TieringSelection::all_buckets(Duration::days(365)));
    let mut from_builder = Stack::new("Stack");
    from_builder.add(key).add(main).add(plan).add(tiering);

    let expected = from_builder.synth_string().unwrap();
    assert_eq!(from_macro.synth_string().unwrap(), expected);
    let json: serde_json::Value = serde_json::from_str(&expected).unwrap();
    let resources = json["Resources"].as_object().unwrap();
    let of_type = |kind: &str| {
        resources
            .values()
            .find(|r| r["Type"] == kind)
            .unwrap_or_else(|| panic!("no {kind}"))
    };
    assert_eq!(of_type("AWS::KMS::Key")["DeletionPolicy"], "Delete");
    let settings =
        &of_type("AWS::Backup::BackupPlan")["Properties"]["BackupPlan"]["AdvancedBackupSettings"];
    assert_eq!(settings[0]["ResourceType"], "S3");
    assert_eq!(settings[0]["BackupOptions"]["BackupACLs"], "enabled");
    let selections =
        &of_type("AWS::Backup::TieringConfiguration")["Properties"]["ResourceSelection"];
    assert_eq!(selections.as_array().unwrap().len(), 2);
    assert_eq!(selections[1]["TieringDownSettingsInDays"], 365);
}

/// The stack of the DR vault, with a lock allowing at most `max_days`.
fn dr_stack(max_days: i64) -> Stack {
    let lock = LockConfiguration::new(Duration::days(1)).max_retention(Duration::days(max_days));
    Stack::new("Dr").with(BackupVault::new("DrVault").lock_configuration(lock))
}

/// The production stack written with the macro: a copy to the DR stack's vault (a splice) and
/// a backup selection and a restore testing selection whose role is a `Role` of the stack (a
/// splice).
fn prod_from_macro(copy_days: i64) -> Stack {
    let role = Role::backup_service("Restores");
    let mut prod = Stack::new("Prod");
    prod.add(role.clone());
    backup_plan! {
        in prod;
        plan Plan {
            vault: new Local {},
            rule Daily {
                schedule: "cron(0 5 * * ? *)",
                delete_after: 35 days,
                copy_to { VaultRef::other_stack("Dr", "DrVault") } {
                    delete_after: { Duration::days(copy_days) },
                }
            }
            selection Tagged { resources: [tag("backup" == "daily")], role: { &role } }
        }
        restore_testing_plan Weekly {
            schedule: "cron(0 1 ? * SUN *)",
            include_vaults: ["*"],
            selection Volumes {
                protected_resource_type: "EBS",
                protected_resource_arns: ["*"],
                role: { &role },
            }
        }
    }
    prod
}

#[test]
fn a_copy_to_another_stacks_vault_and_a_restore_role_match_the_builder() {
    let role = Role::backup_service("Restores");
    let plan = BackupPlan::new("Plan")
        .vault(VaultRef::in_stack("Local"))
        .rule(
            BackupPlanRule::new()
                .name("Daily")
                .schedule("cron(0 5 * * ? *)")
                .delete_after(Duration::days(35))
                .copy_action(
                    BackupPlanCopyAction::new(VaultRef::other_stack("Dr", "DrVault"))
                        .delete_after(Duration::days(90)),
                ),
        )
        .selection(
            BackupSelection::new("Tagged")
                .resource(BackupResource::tag("backup", "daily"))
                .role(&role),
        );
    let restores = RestoreTestingPlan::new("Weekly", "cron(0 1 ? * SUN *)")
        .include_vault(RestoreTestingVault::from("*"))
        .selection(
            RestoreTestingSelection::new("Volumes", "EBS")
                .all_protected_resources()
                .role(&role),
        );
    let mut from_builder = Stack::new("Prod");
    from_builder
        .add(role)
        .add(BackupVault::new("Local"))
        .add(plan)
        .add(restores);

    let synth = |prod: Stack| {
        let assembly = App::new()
            .with_stack(dr_stack(400))
            .with_stack(prod)
            .synth()
            .unwrap();
        assembly
            .stack("Prod")
            .unwrap()
            .template()
            .to_pretty_string()
    };
    let expected = synth(from_builder);
    assert_eq!(synth(prod_from_macro(90)), expected);
    let json: serde_json::Value = serde_json::from_str(&expected).unwrap();
    let resources = json["Resources"].as_object().unwrap();
    let role = resources
        .values()
        .find(|r| r["Type"] == "AWS::IAM::Role")
        .unwrap();
    // The backup selection's policies (as CDK attaches them), then the restore testing
    // selection's.
    let policies = role["Properties"]["ManagedPolicyArns"].to_string();
    for policy in [
        "service-role/AWSBackupServiceRolePolicyForBackup",
        "AWSBackupServiceRolePolicyForS3Backup",
        "service-role/AWSBackupServiceRolePolicyForRestores",
    ] {
        assert!(policies.contains(policy), "{policy} in {policies}");
    }
    let selection = resources
        .values()
        .find(|r| r["Type"] == "AWS::Backup::RestoreTestingSelection")
        .unwrap();
    assert!(selection["Properties"]["IamRoleArn"]["Fn::GetAtt"].is_array());
}

#[test]
fn a_spliced_copy_destination_is_checked_against_its_lock_at_synthesis() {
    let problems = App::new()
        .with_stack(dr_stack(60))
        .with_stack(prod_from_macro(90))
        .synth()
        .expect_err("a 90-day copy into a vault locked to at most 60 days")
        .problems;
    assert!(
        problems
            .iter()
            .any(|p| p.violation.rule == "retention-outside-vault-lock"
                && p.path.contains("copy_actions[0]")),
        "{problems:#?}"
    );
}

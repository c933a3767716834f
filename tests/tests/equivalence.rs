//! The macro adds checking, never behaviour: for each ready-made plan and for a plan that uses
//! every key, the template `backup_plan!` gives equals the hand-written builder's template.

use backup_dsl::{
    backup_plan, BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection,
    BackupVault, BackupVaultEvent, Duration, IndexActionResourceType, LockConfiguration,
    LogicallyAirGappedBackupVault, RecoveryPointType, RemovalPolicy, RestoreTestingAlgorithm,
    RestoreTestingPlan, RestoreTestingSelection, Stack, VaultRef,
};
use serde_json::{json, Value};

fn template(stack: &Stack) -> Value {
    stack.synth().expect("the plan is valid").into_json()
}

fn builder_stack(plan: BackupPlan) -> Value {
    let mut stack = Stack::new("Stack");
    stack.add(plan);
    template(&stack)
}

#[test]
fn ready_made_plans_match_the_builder() {
    let mut stack = Stack::new("Stack");
    backup_plan! { in stack; plan Plan = daily_35_day_retention; }
    assert_eq!(
        template(&stack),
        builder_stack(BackupPlan::daily_35_day_retention("Plan"))
    );

    let mut stack = Stack::new("Stack");
    backup_plan! { in stack; plan Plan = daily_monthly_1_year_retention; }
    assert_eq!(
        template(&stack),
        builder_stack(BackupPlan::daily_monthly_1_year_retention("Plan"))
    );

    let mut stack = Stack::new("Stack");
    backup_plan! { in stack; plan Plan = daily_weekly_monthly_5_year_retention; }
    assert_eq!(
        template(&stack),
        builder_stack(BackupPlan::daily_weekly_monthly_5_year_retention("Plan"))
    );

    let mut stack = Stack::new("Stack");
    backup_plan! { in stack; plan Plan = daily_weekly_monthly_7_year_retention; }
    assert_eq!(
        template(&stack),
        builder_stack(BackupPlan::daily_weekly_monthly_7_year_retention("Plan"))
    );
}

#[test]
fn ready_made_rules_match_the_builder() {
    let plan = backup_plan! {
        plan Plan {
            rule daily();
            rule weekly(from_name("weekly-vault"));
            rule monthly_1_year();
            rule monthly_5_year();
            rule monthly_7_year();
        }
    };
    let by_hand = BackupPlan::new("Plan")
        .rule(BackupPlanRule::daily())
        .rule(BackupPlanRule::weekly().vault(VaultRef::from_name("weekly-vault")))
        .rule(BackupPlanRule::monthly_1_year())
        .rule(BackupPlanRule::monthly_5_year())
        .rule(BackupPlanRule::monthly_7_year());
    assert_eq!(plan, by_hand);
}

fn policy() -> Value {
    json!({ "Statement": [{ "Action": "backup:DeleteBackupVault", "Effect": "Deny", "Principal": { "AWS": "*" }, "Resource": "*" }] })
}

#[test]
fn a_plan_with_every_key_matches_the_builder() {
    let mut from_macro = Stack::new("Stack");
    backup_plan! {
        in from_macro;
        vault Secondary {
            name: "secondary",
            encryption_key: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            notification_topic: "arn:aws:sns:us-east-1:123456789012:backups",
            notification_events: [BACKUP_JOB_COMPLETED, COPY_JOB_FAILED],
            access_policy: { policy() },
            block_recovery_point_deletion: true,
            lock_configuration: { min_retention: 7 days, max_retention: 3650 days, changeable_for: 3 days },
            removal_policy: destroy,
        }
        plan Production {
            name: "production",
            vault: new Primary { name: "primary" },
            windows_vss: true,
            rule Daily {
                schedule: "cron(0 5 ? * * *)",
                schedule_timezone: "Europe/Brussels",
                start_window: 1 hour,
                completion_window: 2 hours,
                move_to_cold_storage_after: 30 days,
                delete_after: 365 days,
                recovery_point_tags: { "team": "storage", "env": "prod" },
                index_actions: [S3],
                vault: Secondary,
                copy_to from_arn("arn:aws:backup:us-west-2:123456789012:backup-vault:dr") {
                    move_to_cold_storage_after: 30 days,
                    delete_after: 365 days,
                }
                copy_to from_name("other") {}
            }
            rule {
                enable_continuous_backup: true,
                delete_after: 14 days,
            }
            rule monthly_7_year();
            selection Everything {
                name: "everything",
                resources: [
                    tag("stage" == "prod"),
                    arn("arn:aws:s3:::my-bucket"),
                    dynamodb_table("orders"),
                    ec2_instance("i-1234567890abcdef0"),
                    efs_file_system("fs-12345678"),
                    rds_instance("db"),
                    rds_cluster("cluster"),
                    rds_serverless_cluster("serverless"),
                ],
                allow_restores: true,
                disable_default_backup_policy: true,
            }
            selection WithRole {
                resources: [tag("backup" == "true")],
                role: "arn:aws:iam::123456789012:role/backup-role",
            }
        }
    }

    let mut by_hand = Stack::new("Stack");
    by_hand.add(
        BackupVault::new("Secondary")
            .name("secondary")
            .encryption_key(
                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            )
            .notification_topic("arn:aws:sns:us-east-1:123456789012:backups")
            .notification_events([
                BackupVaultEvent::BackupJobCompleted,
                BackupVaultEvent::CopyJobFailed,
            ])
            .access_policy(policy())
            .block_recovery_point_deletion(true)
            .lock_configuration(
                LockConfiguration::new(Duration::days(7))
                    .max_retention(Duration::days(3650))
                    .changeable_for(Duration::days(3)),
            )
            .removal_policy(RemovalPolicy::Destroy),
    );
    by_hand.add(BackupVault::new("Primary").name("primary"));
    by_hand.add(
        BackupPlan::new("Production")
            .name("production")
            .vault(VaultRef::in_stack("Primary"))
            .windows_vss(true)
            .rule(
                BackupPlanRule::new()
                    .name("Daily")
                    .schedule("cron(0 5 ? * * *)")
                    .schedule_timezone("Europe/Brussels")
                    .start_window(Duration::hours(1))
                    .completion_window(Duration::hours(2))
                    .move_to_cold_storage_after(Duration::days(30))
                    .delete_after(Duration::days(365))
                    .recovery_point_tag("team", "storage")
                    .recovery_point_tag("env", "prod")
                    .index_action([IndexActionResourceType::S3])
                    .vault(VaultRef::in_stack("Secondary"))
                    .copy_action(
                        BackupPlanCopyAction::new(VaultRef::from_arn(
                            "arn:aws:backup:us-west-2:123456789012:backup-vault:dr",
                        ))
                        .move_to_cold_storage_after(Duration::days(30))
                        .delete_after(Duration::days(365)),
                    )
                    .copy_action(BackupPlanCopyAction::new(VaultRef::from_name("other"))),
            )
            .rule(
                BackupPlanRule::new()
                    .enable_continuous_backup(true)
                    .delete_after(Duration::days(14)),
            )
            .rule(BackupPlanRule::monthly_7_year())
            .selection(
                BackupSelection::new("Everything")
                    .name("everything")
                    .resource(BackupResource::tag("stage", "prod"))
                    .resource(BackupResource::arn("arn:aws:s3:::my-bucket"))
                    .resource(BackupResource::dynamodb_table("orders"))
                    .resource(BackupResource::ec2_instance("i-1234567890abcdef0"))
                    .resource(BackupResource::efs_file_system("fs-12345678"))
                    .resource(BackupResource::rds_instance("db"))
                    .resource(BackupResource::rds_cluster("cluster"))
                    .resource(BackupResource::rds_serverless_cluster("serverless"))
                    .allow_restores(true)
                    .disable_default_backup_policy(true),
            )
            .selection(
                BackupSelection::new("WithRole")
                    .resource(BackupResource::tag("backup", "true"))
                    .role_arn("arn:aws:iam::123456789012:role/backup-role"),
            ),
    );

    assert_eq!(from_macro, by_hand, "the macro builds the same model");
    let json = template(&from_macro);
    assert_eq!(json, template(&by_hand));
    assert_eq!(
        serde_json::to_string(&json).unwrap(),
        serde_json::to_string(&template(&by_hand)).unwrap(),
        "same bytes"
    );
}

#[test]
fn air_gapped_vaults_and_restore_testing_match_the_builder() {
    let window = Duration::hours(48);
    let volume = "arn:aws:ec2:us-east-1:123456789012:volume/vol-2";
    let mut from_macro = Stack::new("Stack");
    backup_plan! {
        in from_macro;
        vault Primary {}
        air_gapped_vault AirGapped {
            name: "air-gapped",
            min_retention: 7 days,
            max_retention: 365 days,
            encryption_key: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            mpa_approval_team: "arn:aws:mpa:us-east-1:123456789012:approval-team/team",
            notification_topic: "arn:aws:sns:us-east-1:123456789012:backup-events",
            notification_events: [COPY_JOB_FAILED, COPY_JOB_SUCCESSFUL],
            access_policy: { policy() },
            removal_policy: destroy,
        }
        plan Plan {
            vault: Primary,
            rule Daily {
                delete_after: 35 days,
                logically_air_gapped_vault: AirGapped,
                copy_to AirGapped { delete_after: 90 days }
            }
            rule weekly(AirGapped);
        }
        restore_testing_plan RestoreTests {
            name: "weekly_restores",
            schedule: "cron(0 3 ? * SUN *)",
            schedule_timezone: "Europe/Brussels",
            start_window: 12 hours,
            algorithm: random_within_window,
            recovery_point_types: [SNAPSHOT, CONTINUOUS],
            include_vaults: [Primary, AirGapped, "arn:aws:backup:us-east-1:123456789012:backup-vault:prod-*"],
            exclude_vaults: [
                from_arn("arn:aws:backup:us-east-1:123456789012:backup-vault:scratch"),
                { VaultRef::from_name("other") },
            ],
            selection_window: 7 days,
            selection Volumes {
                name: "ebs_volumes",
                protected_resource_type: "EBS",
                protected_resource_arns: ["*"],
                conditions: [tag("backup" == "daily"), tag("stage" != "dev")],
                validation_window: 4 hours,
                restore_metadata_overrides: { "availabilityZone": "us-east-1a" },
            }
            selection Volume {
                protected_resource_type: "EBS",
                protected_resource_arns: [arn("arn:aws:ec2:us-east-1:123456789012:volume/vol-1"), { volume }],
                validation_window: { window },
                role: "arn:aws:iam::123456789012:role/restore-testing",
            }
        }
    }

    let air_gapped =
        LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(365))
            .name("air-gapped")
            .encryption_key(
                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            )
            .mpa_approval_team("arn:aws:mpa:us-east-1:123456789012:approval-team/team")
            .access_policy(policy())
            .notifications(
                "arn:aws:sns:us-east-1:123456789012:backup-events",
                [
                    BackupVaultEvent::CopyJobFailed,
                    BackupVaultEvent::CopyJobSuccessful,
                ],
            )
            .removal_policy(RemovalPolicy::Destroy);
    let mut by_hand = Stack::new("Stack");
    by_hand.add(BackupVault::new("Primary"));
    by_hand.add(air_gapped.clone());
    by_hand.add(
        BackupPlan::new("Plan")
            .vault(VaultRef::in_stack("Primary"))
            .rule(
                BackupPlanRule::new()
                    .name("Daily")
                    .delete_after(Duration::days(35))
                    .logically_air_gapped_vault(&air_gapped)
                    .copy_action(
                        BackupPlanCopyAction::new(&air_gapped).delete_after(Duration::days(90)),
                    ),
            )
            .rule(BackupPlanRule::weekly().vault(&air_gapped)),
    );
    by_hand.add(
        RestoreTestingPlan::new("RestoreTests", "cron(0 3 ? * SUN *)")
            .name("weekly_restores")
            .schedule_timezone("Europe/Brussels")
            .start_window(Duration::hours(12))
            .algorithm(RestoreTestingAlgorithm::RandomWithinWindow)
            .recovery_point_types([RecoveryPointType::Snapshot, RecoveryPointType::Continuous])
            .include_vault(VaultRef::in_stack("Primary"))
            .include_vault(&air_gapped)
            .include_vault("arn:aws:backup:us-east-1:123456789012:backup-vault:prod-*")
            .exclude_vault(VaultRef::from_arn(
                "arn:aws:backup:us-east-1:123456789012:backup-vault:scratch",
            ))
            .exclude_vault(VaultRef::from_name("other"))
            .selection_window(Duration::days(7))
            .selection(
                RestoreTestingSelection::new("Volumes", "EBS")
                    .name("ebs_volumes")
                    .all_protected_resources()
                    .string_equals("backup", "daily")
                    .string_not_equals("stage", "dev")
                    .validation_window(Duration::hours(4))
                    .restore_metadata_override("availabilityZone", "us-east-1a"),
            )
            .selection(
                RestoreTestingSelection::new("Volume", "EBS")
                    .protected_resource_arn("arn:aws:ec2:us-east-1:123456789012:volume/vol-1")
                    .protected_resource_arn(volume)
                    .validation_window(Duration::hours(48))
                    .role_arn("arn:aws:iam::123456789012:role/restore-testing"),
            ),
    );
    assert_eq!(from_macro, by_hand, "the macro builds the same model");
    let json = template(&from_macro);
    assert_eq!(json, template(&by_hand));
    assert!(json["Resources"]["AirGappedB22F77BE"].is_object());
}

fn extra_tags() -> Vec<(&'static str, &'static str)> {
    vec![("stage", "prod")]
}

/// A vault's own tags (`tags:`, a key-table row: one entry in the macro) give the builder's
/// `.tag(…)` / `.tags(…)` template; they reach `BackupVaultTags` beside the stack's tags and win
/// over them on the same key, as CDK's `Tags.of(vault)` wins over `Tags.of(stack)`.
#[test]
fn vault_tags_match_the_builder() {
    let mut from_macro = Stack::new("Stack").tag("team", "platform");
    backup_plan! {
        in from_macro;
        vault Tagged { tags: { "team": "storage", "cost-center": "ops" } }
        vault Spliced { tags: { extra_tags() } }
        plan Plan { vault: Tagged, rule daily(); }
    }
    let mut by_hand = Stack::new("Stack").tag("team", "platform");
    by_hand.add(
        BackupVault::new("Tagged")
            .tag("team", "storage")
            .tag("cost-center", "ops"),
    );
    by_hand.add(BackupVault::new("Spliced").tags(extra_tags()));
    by_hand.add(
        BackupPlan::new("Plan")
            .vault(VaultRef::in_stack("Tagged"))
            .rule(BackupPlanRule::daily()),
    );
    let json = template(&from_macro);
    assert_eq!(json, template(&by_hand));
    let properties = |prefix: &str| {
        let resources = json["Resources"].as_object().unwrap();
        let (_, resource) = resources
            .iter()
            .find(|(id, _)| id.starts_with(prefix))
            .unwrap();
        resource["Properties"].clone()
    };
    assert_eq!(
        properties("Tagged")["BackupVaultTags"],
        json!({ "team": "storage", "cost-center": "ops" })
    );
    assert_eq!(
        properties("Spliced")["BackupVaultTags"],
        json!({ "team": "platform", "stage": "prod" })
    );
    assert_eq!(
        properties("Plan")["BackupPlanTags"],
        json!({ "team": "platform" })
    );
}

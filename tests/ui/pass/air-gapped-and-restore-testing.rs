//! Logically air-gapped vaults and restore testing, every key.
use backup_dsl::{backup_plan, Duration, Stack, VaultRef};

fn main() {
    let policy = serde_json::json!({
        "Statement": [{ "Action": "backup:CopyIntoBackupVault", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Resource": "*" }]
    });
    let window = Duration::hours(48);
    let volume = "arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0";
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Primary {}
        air_gapped_vault AirGapped {
            name: "air-gapped",
            min_retention: 7 days,
            max_retention: 365 days,
            encryption_key: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            mpa_approval_team: "arn:aws:mpa:us-east-1:123456789012:approval-team/team",
            notification_topic: "arn:aws:sns:us-east-1:123456789012:backup-events",
            notification_events: [COPY_JOB_FAILED, COPY_JOB_SUCCESSFUL],
            access_policy: { policy },
            removal_policy: destroy,
        }
        plan Plan {
            vault: Primary,
            rule Daily {
                delete_after: 35 days,
                logically_air_gapped_vault: AirGapped,
                copy_to AirGapped { delete_after: 90 days }
            }
        }
        restore_testing_plan RestoreTests {
            name: "weekly_restores",
            schedule: "cron(0 3 ? * SUN *)",
            schedule_timezone: "Europe/Brussels",
            start_window: 12 hours,
            algorithm: random_within_window,
            recovery_point_types: [SNAPSHOT, CONTINUOUS],
            include_vaults: [Primary, AirGapped, "arn:aws:backup:us-east-1:123456789012:backup-vault:prod-*"],
            exclude_vaults: [from_arn("arn:aws:backup:us-east-1:123456789012:backup-vault:scratch"), { VaultRef::from_name("other") }],
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
    let template = stack.synth().unwrap();
    let resources = template.json()["Resources"].as_object().unwrap();
    let rule = &resources
        .values()
        .find(|r| r["Type"] == "AWS::Backup::BackupPlan")
        .unwrap()["Properties"]["BackupPlan"]["BackupPlanRule"][0];
    assert_eq!(
        rule["TargetLogicallyAirGappedBackupVaultArn"],
        serde_json::json!({ "Fn::GetAtt": ["AirGappedB22F77BE", "BackupVaultArn"] })
    );
    assert_eq!(
        resources
            .values()
            .filter(|r| r["Type"] == "AWS::Backup::RestoreTestingSelection")
            .count(),
        2
    );
}

//! A vault using every key, as a top-level declaration and as `new` inside a plan.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let policy = serde_json::json!({
        "Statement": [{ "Action": "backup:DeleteBackupVault", "Effect": "Deny", "Principal": { "AWS": "*" }, "Resource": "*" }]
    });
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Vault {
            name: "all-props",
            encryption_key: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            notification_topic: "arn:aws:sns:us-east-1:123456789012:backup-notifications",
            notification_events: [BACKUP_JOB_COMPLETED, S3_BACKUP_OBJECT_FAILED],
            access_policy: { policy },
            block_recovery_point_deletion: true,
            lock_configuration: { min_retention: 1 day, max_retention: 10 days, changeable_for: 5 days },
            removal_policy: destroy,
        }
        plan Plan {
            vault: new Inner { removal_policy: retain_on_update_or_delete },
            rule Daily { schedule: "cron(0 5 * * ? *)", delete_after: 7 days }
        }
    }
    let template = stack.synth().unwrap();
    let vault = &template.json()["Resources"]["Vault23237E5B"];
    assert_eq!(vault["DeletionPolicy"], "Delete");
    assert_eq!(
        vault["Properties"]["AccessPolicy"]["Statement"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

//! Controls proven at compile time against the invocation's own plans and vaults: every
//! provable control met by the smallest margin compiles; a value given as `{ expr }` is left
//! to synthesis (no compile-time verdict from a placeholder).
use backup_dsl::{backup_plan, Duration, Stack};

fn main() {
    let mut stack = Stack::new("Stack").allow("framework-config-recording");
    let kept = Duration::days(35);
    backup_plan! {
        in stack;
        vault Main {
            block_recovery_point_deletion: true,
            lock_configuration: { min_retention: 8 days, max_retention: 365 days, changeable_for: 3 days },
        }
        air_gapped_vault Isolated {
            min_retention: 7 days,
            max_retention: 365 days,
        }
        plan Daily {
            vault: Main,
            rule Nightly {
                schedule: "cron(0 5 * * ? *)",
                delete_after: 35 days,
                copy_to from_arn("arn:aws:backup:eu-west-2:222233334444:backup-vault:dr") { delete_after: 35 days }
                copy_to Isolated { delete_after: 35 days }
            }
        }
        plan Spliced {
            vault: Main,
            rule Weekly {
                schedule: "cron(0 5 ? * SUN *)",
                delete_after: { kept },
                copy_to from_arn("arn:aws:backup:eu-west-2:222233334444:backup-vault:dr") { delete_after: 35 days }
                copy_to Isolated { delete_after: 35 days }
                logically_air_gapped_vault: Isolated,
            }
            rule Daily {
                schedule: { String::from("cron(0 5 * * ? *)") },
                delete_after: 35 days,
            }
        }
        framework Audit {
            control BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK {
                requiredFrequencyUnit: "hours",
                requiredFrequencyValue: 24,
                requiredRetentionDays: 35,
            }
            control BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK { requiredRetentionDays: 35 }
            control BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED;
            control BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION { crossRegionList: "eu-west-2" }
            control BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT { crossAccountList: "222233334444" }
            control BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK { minRetentionDays: 8 }
        }
    }
    let problems = stack.validate();
    let errors: Vec<_> = problems
        .iter()
        .filter(|p| p.severity() == backup_dsl::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

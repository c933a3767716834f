//! Compile-time proof: a lock keeping at least 7 days fails a control that requires at least 8.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Locked {
            lock_configuration: { min_retention: 7 days, max_retention: 365 days },
        }
        plan Daily {
            vault: Locked,
            rule Nightly {
                schedule: "cron(0 5 * * ? *)",
                delete_after: 35 days,
            }
        }
        framework Audit {
            control BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK {
                minRetentionDays: 8,
            }
        }
    }
}

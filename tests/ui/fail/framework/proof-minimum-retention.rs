//! Compile-time proof: a rule keeping 34 days fails a 35-day minimum retention control.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Daily {
            rule Nightly {
                schedule: "cron(0 5 * * ? *)",
                delete_after: 34 days,
            }
        }
        framework Audit {
            control BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK {
                requiredRetentionDays: 35,
            }
        }
    }
}

//! Compile-time proof: a weekly rule leaves recovery points older than the 1 day the control allows.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Weekly {
            rule Sunday {
                schedule: "cron(0 5 ? * SUN *)",
                delete_after: 35 days,
            }
        }
        framework Audit {
            control BACKUP_LAST_RECOVERY_POINT_CREATED {
                recoveryPointAgeUnit: "days",
                recoveryPointAgeValue: 1,
            }
        }
    }
}

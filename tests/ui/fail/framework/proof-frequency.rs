//! Compile-time proof: a weekday schedule leaves 3 days between Friday and Monday, so it fails a daily control; the error is on the plan at fault.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Weekdays {
            rule Nightly {
                schedule: "cron(0 5 ? * MON-FRI *)",
                delete_after: 35 days,
            }
        }
        framework Audit {
            control BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK {
                requiredFrequencyUnit: "days",
                requiredFrequencyValue: 1,
                requiredRetentionDays: 35,
            }
        }
    }
}

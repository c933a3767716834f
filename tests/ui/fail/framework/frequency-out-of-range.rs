use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        framework Audit {
            control BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK {
                requiredFrequencyUnit: "hours",
                requiredFrequencyValue: 48,
                requiredRetentionDays: 35,
            }
        }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        framework Audit {
            control BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK {
                requiredRetentionDays: 35 days,
            }
        }
    }
    let _ = stack;
}

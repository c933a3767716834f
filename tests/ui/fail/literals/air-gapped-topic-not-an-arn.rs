use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        air_gapped_vault Lag {
            min_retention: 7 days,
            max_retention: 30 days,
            notification_topic: "backup-events",
            notification_events: [BACKUP_JOB_COMPLETED],
        }
    }
    let _ = stack;
}

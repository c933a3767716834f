use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        key VaultKey {}
        air_gapped_vault AirGapped {
            min_retention: 7 days,
            max_retention: 30 days,
            notification_topic: VaultKey,
            notification_events: [COPY_JOB_FAILED],
        }
    }
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main {
            notification_topic: "arn:aws:sns:eu-west-1:111122223333:backup-events.fifo",
            notification_events: [BACKUP_JOB_COMPLETED],
        }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main {
            notification_topic: "arn:aws:sns:us-east-1:123456789012:t",
            notification_events: [BACKUP_JOB_COMPLETD],
        }
    }
    let _ = stack;
}

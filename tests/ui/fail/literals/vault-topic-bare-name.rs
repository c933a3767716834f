use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main { notification_topic: "backup-events" }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            schedule: "cron(0 5 ? * * *)",
            rule daily();
        }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily {
                schedule: "cron(0 5 ? * * *)"
                delete_after: 35 days,
            }
        }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily {
                schedule: "at(2030-01-01T00:00:00)",
            }
        }
    }
    let _ = stack;
}

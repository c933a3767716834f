use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily {
                start_window: 52560001 minutes,
            }
        }
    }
    let _ = stack;
}

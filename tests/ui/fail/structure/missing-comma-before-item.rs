use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            windows_vss: true
            rule Daily {
                delete_after: 35 days,
            }
        }
    }
    let _ = stack;
}

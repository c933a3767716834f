use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily {
                delete_after: 100 days,
                move_to_cold_storage_after: 30 days,
            }
        }
    }
    let _ = stack;
}

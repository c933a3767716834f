use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily {
                move_to_cold_storage_after: 7 days,
                enable_continuous_backup: true,
            }
        }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily {
                copy_to from_name("other") { move_to_cold_storage_after: 30 days, delete_after: 119 days }
            }
        }
    }
    let _ = stack;
}

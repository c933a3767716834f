use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily {
                move_to_cold_storage_after: 30 days,
                delete_after: 365 days,
                opt_in_to_archive: yes,
            }
        }
    }
    let _ = stack;
}

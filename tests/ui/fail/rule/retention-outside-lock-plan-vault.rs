use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Locked {
            lock_configuration: { min_retention: 30 days },
        }
        plan Plan {
            vault: Locked,
            rule Daily {
                delete_after: 7 days,
            }
        }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Locked {
            lock_configuration: { min_retention: 30 days, max_retention: 60 days },
        }
        plan Plan {
            rule Daily { vault: Locked, delete_after: 90 days }
        }
    }
    let _ = stack;
}

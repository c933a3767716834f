use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main {
            lock_configuration: { min_retention: 30 days, max_retention: 30 days },
        }
    }
    let _ = stack;
}

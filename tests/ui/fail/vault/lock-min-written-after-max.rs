use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main {
            lock_configuration: { max_retention: 30 days, min_retention: 60 days },
        }
    }
    let _ = stack;
}

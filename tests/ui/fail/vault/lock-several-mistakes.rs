use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main {
            lock_configuration: { min_retention: 0 days, max_retention: 40000 days, changeable_for: 1 day },
        }
    }
    let _ = stack;
}

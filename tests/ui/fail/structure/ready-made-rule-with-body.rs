use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule daily() { delete_after: 10 days }
        }
    }
    let _ = stack;
}

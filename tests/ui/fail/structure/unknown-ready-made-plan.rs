use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan = daily_35_days_retention;
    }
    let _ = stack;
}

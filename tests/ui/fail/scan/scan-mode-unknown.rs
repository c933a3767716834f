use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily {
                delete_after: 35 days,
                scan_mode: FULL_SCAN,
            }
        }
    }
    let _ = stack;
}

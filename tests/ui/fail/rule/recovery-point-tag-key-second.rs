use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Tagged { recovery_point_tags: { "team": "storage", "": "x" } }
        }
    }
    let _ = stack;
}

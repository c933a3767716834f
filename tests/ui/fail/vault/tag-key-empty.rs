use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main { tags: { "team": "storage", "": "x" } }
    }
    let _ = stack;
}

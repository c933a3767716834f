use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        legal_hold Case { description: "litigation hold" }
    }
    let _ = stack;
}

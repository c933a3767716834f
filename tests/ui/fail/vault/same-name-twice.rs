use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault First { name: "backups" }
        vault Second { name: "backups" }
    }
    let _ = stack;
}

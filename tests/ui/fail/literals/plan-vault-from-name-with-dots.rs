use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            vault: from_name("my.vault"),
            rule daily();
        }
    }
    let _ = stack;
}

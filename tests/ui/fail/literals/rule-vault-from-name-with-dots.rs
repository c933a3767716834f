use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily { delete_after: 35 days, vault: from_name("my.vault") }
        }
    }
    let _ = stack;
}

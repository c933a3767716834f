use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main { name: "shared" }
        plan Plan {
            vault: new Other { name: "shared" },
            rule daily();
        }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule daily();
            selection S {
                resources: [tag("backup" == "true")],
                role: "backup-role",
            }
        }
    }
    let _ = stack;
}

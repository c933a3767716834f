use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule daily();
            selection S {
                all_of: [tag("aws:ResourceTag/" == "x")],
            }
        }
    }
    let _ = stack;
}

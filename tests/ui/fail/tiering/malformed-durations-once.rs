use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        tiering_configuration Direct { tier_down_after: 90 }
        tiering_configuration Blocks {
            selection { tier_down_after: "90 days" }
        }
    }
    let _ = stack;
}

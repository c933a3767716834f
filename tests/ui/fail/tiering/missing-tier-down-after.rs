use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        tiering_configuration Warm { resources: ["*"] }
    }
    let _ = stack;
}

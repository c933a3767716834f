use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main {}
        tiering_configuration Warm { vault: Main, tier_down_after: 30 days }
    }
    let _ = stack;
}

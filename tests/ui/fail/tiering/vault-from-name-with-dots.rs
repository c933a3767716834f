use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        tiering_configuration Warm { vault: from_name("my.vault"), tier_down_after: 60 days }
    }
    let _ = stack;
}

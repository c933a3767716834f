use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main { name: "logs" }
        tiering_configuration Warm { vault: Main, tier_down_after: 60 days }
        tiering_configuration Cold { vault: from_name("logs"), tier_down_after: 90 days }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        air_gapped_vault Lag {
            name: "my.vault",
            min_retention: 7 days,
            max_retention: 30 days,
        }
    }
    let _ = stack;
}

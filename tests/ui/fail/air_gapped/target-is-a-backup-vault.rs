use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Primary {}
        plan Plan {
            rule Daily {
                delete_after: 35 days,
                logically_air_gapped_vault: Primary,
            }
        }
    }
}

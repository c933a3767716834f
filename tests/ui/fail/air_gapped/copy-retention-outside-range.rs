use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        air_gapped_vault AirGapped {
            min_retention: 7 days,
            max_retention: 90 days,
        }
        plan Plan {
            rule Daily {
                delete_after: 35 days,
                copy_to AirGapped { delete_after: 365 days }
            }
        }
    }
}

//! Compile-time proof: a weekly copy into the air-gapped vault is too rare for a 1-day control.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        air_gapped_vault Isolated {
            min_retention: 7 days,
            max_retention: 365 days,
        }
        plan Weekly {
            rule Sunday {
                schedule: "cron(0 5 ? * SUN *)",
                delete_after: 35 days,
                copy_to Isolated { delete_after: 35 days }
            }
            rule Daily {
                schedule: "cron(0 5 * * ? *)",
                delete_after: 35 days,
            }
        }
        framework Audit {
            control RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT {
                recoveryPointAgeUnit: "days",
                recoveryPointAgeValue: 1,
            }
        }
    }
}

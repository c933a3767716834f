use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        framework Audit {
            control RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT {
                recoveryPointAgeUnit: "days",
                recoveryPointAgeValue: 7,
                scope: { tags: { "backup": "daily" } },
            }
        }
    }
    let _ = stack;
}

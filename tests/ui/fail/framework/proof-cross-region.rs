//! Compile-time proof: a copy to us-west-2 fails a control that requires copies to eu-west-2.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Daily {
            rule Nightly {
                schedule: "cron(0 5 * * ? *)",
                delete_after: 35 days,
                copy_to from_arn("arn:aws:backup:us-west-2:111122223333:backup-vault:dr") { delete_after: 35 days }
            }
        }
        framework Audit {
            control BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION {
                crossRegionList: "eu-west-2",
            }
        }
    }
}

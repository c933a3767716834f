//! Compile-time proof: a copy to a vault of the stack itself fails a cross-account control.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Copies {}
        plan Daily {
            rule Nightly {
                schedule: "cron(0 5 * * ? *)",
                delete_after: 35 days,
                copy_to Copies { delete_after: 35 days }
            }
        }
        framework Audit {
            control BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT;
        }
    }
}

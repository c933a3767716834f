//! Compile-time proof: a vault that does not deny deletion fails the manual-deletion control; the error is on the vault.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main {}
        vault Locked { block_recovery_point_deletion: true }
        plan Daily {
            vault: Locked,
            rule Nightly {
                schedule: "cron(0 5 * * ? *)",
                delete_after: 35 days,
                vault: Main,
            }
        }
        framework Audit {
            control BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED;
        }
    }
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        framework Audit {
            name: "audit-framework",
            control BACKUP_RECOVERY_POINT_ENCRYPTED;
        }
    }
    let _ = stack;
}

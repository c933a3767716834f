use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        framework Audit {
            control BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN {
                scope: { typs: ["AWS::EC2::Volume"] },
            }
        }
    }
    let _ = stack;
}

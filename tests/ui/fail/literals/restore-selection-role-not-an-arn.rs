use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        restore_testing_plan Tests {
            schedule: "cron(0 3 ? * SUN *)",
            include_vaults: ["*"],
            selection Volumes {
                protected_resource_type: "EBS",
                protected_resource_arns: ["*"],
                role: "restore-role",
            }
        }
    }
    let _ = stack;
}

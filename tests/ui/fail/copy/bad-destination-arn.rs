use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily {
                copy_to from_arn("arn:aws:backup:us-east-1:123456789012:backup-vault/dr") { delete_after: 35 days }
            }
        }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily {
                delete_after: 35 days,
                logically_air_gapped_vault: from_arn("arn:aws:kms:us-east-1:123456789012:key/abc"),
            }
        }
    }
    let _ = stack;
}

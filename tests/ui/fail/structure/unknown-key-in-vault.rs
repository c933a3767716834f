use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main {
            encryption: "arn:aws:kms:us-east-1:123456789012:key/abc",
        }
    }
    let _ = stack;
}

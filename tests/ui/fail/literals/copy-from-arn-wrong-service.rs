use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily {
                delete_after: 35 days,
                copy_to from_arn("arn:aws:s3:::bucket") {}
            }
        }
    }
    let _ = stack;
}

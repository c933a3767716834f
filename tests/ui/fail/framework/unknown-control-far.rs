use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        framework Audit {
            control S3_BUCKET_VERSIONING_ENABLED;
        }
    }
    let _ = stack;
}

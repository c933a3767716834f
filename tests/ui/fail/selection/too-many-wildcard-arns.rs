use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule daily();
            selection S {
                resources: [arn("arn:aws:s3:::bucket-0-*"), arn("arn:aws:s3:::bucket-1-*"), arn("arn:aws:s3:::bucket-2-*"), arn("arn:aws:s3:::bucket-3-*"), arn("arn:aws:s3:::bucket-4-*"), arn("arn:aws:s3:::bucket-5-*"), arn("arn:aws:s3:::bucket-6-*"), arn("arn:aws:s3:::bucket-7-*"), arn("arn:aws:s3:::bucket-8-*"), arn("arn:aws:s3:::bucket-9-*"), arn("arn:aws:s3:::bucket-10-*"), arn("arn:aws:s3:::bucket-11-*"), arn("arn:aws:s3:::bucket-12-*"), arn("arn:aws:s3:::bucket-13-*"), arn("arn:aws:s3:::bucket-14-*"), arn("arn:aws:s3:::bucket-15-*"), arn("arn:aws:s3:::bucket-16-*"), arn("arn:aws:s3:::bucket-17-*"), arn("arn:aws:s3:::bucket-18-*"), arn("arn:aws:s3:::bucket-19-*"), arn("arn:aws:s3:::bucket-20-*"), arn("arn:aws:s3:::bucket-21-*"), arn("arn:aws:s3:::bucket-22-*"), arn("arn:aws:s3:::bucket-23-*"), arn("arn:aws:s3:::bucket-24-*"), arn("arn:aws:s3:::bucket-25-*"), arn("arn:aws:s3:::bucket-26-*"), arn("arn:aws:s3:::bucket-27-*"), arn("arn:aws:s3:::bucket-28-*"), arn("arn:aws:s3:::bucket-29-*"), arn("arn:aws:s3:::bucket-30-*")],
            }
        }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        tiering_configuration Warm {
            tier_down_after: 60 days,
            selection { resources: ["arn:aws:s3:::logs"], tier_down_after: 90 days }
        }
    }
    let _ = stack;
}

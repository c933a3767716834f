use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        tiering_configuration Warm {
            selection { resources: ["arn:aws:s3:::a"], tier_down_after: 60 days }
            selection { resources: ["arn:aws:s3:::b"], tier_down_after: 60 days }
            selection { resources: ["arn:aws:s3:::c"], tier_down_after: 60 days }
            selection { resources: ["arn:aws:s3:::d"], tier_down_after: 60 days }
            selection { resources: ["arn:aws:s3:::e"], tier_down_after: 60 days }
            selection { resources: ["arn:aws:s3:::f"], tier_down_after: 60 days }
        }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        tiering_configuration Warm {
            selection { tier_down_after: 60 days }
            selection { resources: ["arn:aws:s3:::logs"] }
        }
    }
    let _ = stack;
}

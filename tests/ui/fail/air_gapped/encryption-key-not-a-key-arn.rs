use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        air_gapped_vault Lag {
            min_retention: 7 days,
            max_retention: 30 days,
            encryption_key: "arn:aws:kms:eu-west-1:111122223333:alias/backup",
        }
    }
    let _ = stack;
}

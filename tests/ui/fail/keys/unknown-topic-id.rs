use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            vault: new Vault { notification_topic: Alerts },
            rule Daily { delete_after: 35 days }
        }
    }
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Vault {
            encryption_key: new VaultKey { rotation: true },
            notification_topic: new Alerts,
        }
    }
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        key VaultKey { share_with_accounts: [222222222222] }
        topic Alerts { display: "Backups" }
    }
}

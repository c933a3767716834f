use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        key VaultKey {}
        vault Vault { encryption_key: VaultKye }
    }
}

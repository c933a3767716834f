use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        key VaultKey { removal_policy: snapshot }
        vault Main { encryption_key: VaultKey }
    }
    let _ = stack;
}

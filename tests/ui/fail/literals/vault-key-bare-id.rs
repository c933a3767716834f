use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main { encryption_key: "1234abcd-12ab-34cd-56ef-1234567890ab" }
    }
    let _ = stack;
}

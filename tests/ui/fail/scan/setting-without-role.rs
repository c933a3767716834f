use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            scan_setting: { resource_types: [EBS] },
            rule Daily { delete_after: 35 days, scan_mode: full }
        }
    }
    let _ = stack;
}

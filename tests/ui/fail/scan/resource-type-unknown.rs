use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            scan_setting: { role: "arn:aws:iam::123456789012:role/scanner", resource_types: [RDS] },
            rule Daily { delete_after: 35 days, scan_mode: full }
        }
    }
    let _ = stack;
}

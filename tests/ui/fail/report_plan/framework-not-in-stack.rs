use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        report_plan Compliance {
            template: CONTROL_COMPLIANCE_REPORT,
            frameworks: [Audit],
            bucket: "audit-reports",
        }
    }
    let _ = stack;
}

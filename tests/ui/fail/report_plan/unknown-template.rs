use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        report_plan Jobs {
            template: BACKUP_JOBS_REPORT,
            bucket: "audit-reports",
        }
    }
    let _ = stack;
}

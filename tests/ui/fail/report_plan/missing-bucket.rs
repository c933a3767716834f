use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        report_plan Jobs {
            template: BACKUP_JOB_REPORT,
        }
    }
    let _ = stack;
}

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        legal_hold Case {
            title: "case-42",
            description: "litigation hold",
            vaults: [from_name("prod")],
            from: "01/02/2026",
            to: "2026-06-30",
        }
    }
    let _ = stack;
}

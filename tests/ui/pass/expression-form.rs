//! Without `in stack;` the macro is an expression giving one plan; `in` also takes `&mut Stack`.
use backup_dsl::{backup_plan, BackupPlan, Stack};

fn add_to(stack: &mut Stack) {
    backup_plan! {
        in stack;
        plan Second { rule weekly(); }
    }
}

fn main() {
    let plan: BackupPlan = backup_plan! {
        plan First {
            rule daily();
        }
    };
    let mut stack = Stack::new("Stack");
    stack.add(plan);
    add_to(&mut stack);
    assert_eq!(stack.items().len(), 2);
    stack.synth().unwrap();
}

//! A spliced value is checked when the stack is synthesized, with the rule book's words.
use backup_dsl::{backup_plan, Duration, Stack};

fn main() {
    let days = 0;
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily { delete_after: { Duration::days(days) } }
        }
    }
    let error = stack.synth().unwrap_err();
    assert_eq!(error.problems[0].path, "plans[Plan].rules[0].delete_after");
    assert!(error.problems[0].message().contains("1 to 36500 days"));
}

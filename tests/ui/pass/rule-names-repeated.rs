//! Two rules of a plan with one name compile: AWS documents no refusal (the rules reference
//! marks unique rule names "recommended; not verified"), so synthesis warns instead.
use backup_dsl::{backup_plan, Severity, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule Daily { delete_after: 35 days }
            rule daily();
        }
    }
    let template = stack.synth().unwrap();
    let repeated: Vec<_> = template
        .warnings()
        .iter()
        .filter(|w| w.violation.rule == "rule-name-unique")
        .collect();
    assert_eq!(repeated.len(), 1, "{repeated:?}");
    assert_eq!(repeated[0].severity(), Severity::Warning);
}

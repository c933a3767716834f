//! AWS's own wildcard selections compile and synthesize without a finding (a `*` for a whole
//! Region or account field, as in "Assign resources with AWS CLI" and CDK's `integ.backup`);
//! a `*` inside a field is a warning at synthesis, not an error.
use backup_dsl::{backup_plan, Severity, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule daily();
            selection Aws {
                resources: [
                    arn("arn:aws:ec2:*:*:instance/*"),
                    arn("arn:aws:ec2:*:*:volume/*"),
                    arn("arn:aws:rds:*:*:db:*"),
                    arn("arn:aws:dynamodb:*:*:table/*"),
                    arn("arn:aws:ec2:*"),
                ],
            }
            selection Inner {
                resources: [arn("arn:aws:s3:::*-logs")],
            }
        }
    }
    let template = stack.synth().unwrap();
    let wildcard: Vec<_> = template
        .warnings()
        .iter()
        .filter(|w| w.violation.rule == "selection-arn-wildcard")
        .collect();
    assert_eq!(wildcard.len(), 1, "{wildcard:?}");
    assert_eq!(wildcard[0].severity(), Severity::Warning);
    assert!(wildcard[0].path.ends_with("selections[Inner].resources[0]"));
}

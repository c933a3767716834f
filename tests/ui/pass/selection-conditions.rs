//! Tag conditions (all must hold), exclusions, and a conditions-only selection.
use backup_dsl::{backup_plan, Stack, TagCondition};

fn main() {
    let extra = TagCondition::not_like("owner", "test-*");
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule daily();
            selection Production {
                resources: [arn("arn:aws:s3:::reports-*"), tag("backup" == "true")],
                all_of: [
                    tag("stage" == "prod"),
                    tag("aws:ResourceTag/name" like "db-*"),
                    tag("tier" != "scratch"),
                    tag("team" not like "sandbox-*"),
                    { extra },
                ],
                not_resources: [arn("arn:aws:s3:::reports-scratch")],
            }
            selection Everything {
                all_of: [tag("backup" == "true")],
            }
        }
    }
    let template = stack
        .allow("selection-tags-widened-by-wildcard")
        .synth()
        .unwrap();
    let resources = &template.json()["Resources"];
    let everything = &resources[backup_dsl::logical_id("Plan/Everything/Resource")]
        ["Properties"]["BackupSelection"];
    assert_eq!(everything["Resources"], serde_json::json!(["*"]));
    let production = &resources[backup_dsl::logical_id("Plan/Production/Resource")]
        ["Properties"]["BackupSelection"];
    assert_eq!(
        production["Conditions"]["StringNotLike"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(template.warnings().is_empty());
}

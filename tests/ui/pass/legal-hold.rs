//! A legal hold over a declared vault, a vault by name and a resource, in a date range.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main {}
        legal_hold Case {
            title: "case-42",
            description: "litigation hold for case 42",
            vaults: [Main, from_name("archive")],
            resources: ["arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0"],
            from: "2026-01-01T00:00:00Z",
            to: "2026-06-30",
        }
    }
    let template = stack.synth().unwrap();
    let json = template.json();
    let hold = json["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Type"] == "AWS::Backup::LegalHold")
        .unwrap();
    let selection = &hold["Properties"]["RecoveryPointSelection"];
    assert_eq!(selection["VaultNames"][1], "archive");
    assert_eq!(selection["DateRange"]["ToDate"], "2026-06-30");
}

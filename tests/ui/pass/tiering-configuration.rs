//! Tiering configurations: for one vault with bucket ARNs, and for every vault.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Main {}
        tiering_configuration Warm {
            name: "warm_tier",
            vault: Main,
            tier_down_after: 90 days,
            resources: ["arn:aws:s3:::logs", "arn:aws:s3:::reports"],
        }
        tiering_configuration Everywhere { tier_down_after: 60 days }
    }
    let template = stack.synth().unwrap();
    let json = template.json();
    let tiering: Vec<&serde_json::Value> = json["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::Backup::TieringConfiguration")
        .collect();
    assert_eq!(tiering.len(), 2);
    let warm = tiering
        .iter()
        .find(|r| r["Properties"]["TieringConfigurationName"] == "warm_tier")
        .unwrap();
    assert_eq!(warm["Properties"]["ResourceSelection"][0]["TieringDownSettingsInDays"], 90);
    assert!(tiering.iter().any(|r| r["Properties"]["BackupVaultName"] == "*"));
}

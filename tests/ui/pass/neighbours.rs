//! Keys, topics and vaults of other stacks (issue 13) used from the macro by reference: the
//! constructs are built in Rust, added to their stacks, and spliced in with `{ expr }` (a plan
//! vault in another stack of the same environment is imported, as CDK links it).
use backup_dsl::{backup_plan, App, Key, Stack, Topic, VaultRef};

fn main() {
    let key = Key::new("Key").enable_key_rotation(true);
    let topic = Topic::new("Alerts");
    let mut stack = Stack::new("Prod");
    stack.add(key.clone()).add(topic.clone());
    backup_plan! {
        in stack;
        vault Main {
            encryption_key: { &key },
            notification_topic: { &topic },
        }
        plan Plan {
            vault: { VaultRef::other_stack("Dr", "DrVault") },
            rule Daily {
                schedule: "cron(0 5 * * ? *)",
                delete_after: 35 days,
                copy_to Main { delete_after: 90 days }
            }
        }
    }
    let dr = Stack::new("Dr").with(backup_dsl::BackupVault::new("DrVault"));
    let assembly = App::new().with_stack(dr).with_stack(stack).synth().unwrap();
    let prod = assembly.stack("Prod").unwrap();
    assert_eq!(prod.dependencies(), ["Dr"]);
    let resources = prod.template().json()["Resources"].as_object().unwrap();
    let vault = resources
        .values()
        .find(|r| r["Type"] == "AWS::Backup::BackupVault")
        .unwrap();
    assert!(vault["Properties"]["EncryptionKeyArn"]["Fn::GetAtt"].is_array());
    assert!(vault["Properties"]["Notifications"]["SNSTopicArn"]["Ref"].is_string());
    let rule = &resources["PlanDAF4E53A"]["Properties"]["BackupPlan"]["BackupPlanRule"][0];
    assert!(rule["TargetBackupVault"]["Fn::ImportValue"].is_string());
}

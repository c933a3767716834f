//! Keys and topics declared in the macro (issue 13) and referenced by id from vaults: the
//! key's ARN is `Fn::GetAtt`, the topic is `Ref`'d and gets CDK's topic policy, and a key
//! shared with an account gets the two statements AWS KMS documents for it. A key or topic
//! written inline with `new` is created in the stack the same way.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        key VaultKey {
            description: "Backup vault key",
            enable_key_rotation: true,
            share_with_accounts: ["222222222222"],
        }
        topic Alerts { name: "backup-alerts", display_name: "Backups" }
        topic CopyAlerts {}
        vault Main {
            encryption_key: VaultKey,
            notification_topic: Alerts,
            notification_events: [BACKUP_JOB_COMPLETED],
        }
        air_gapped_vault AirGapped {
            min_retention: 7 days,
            max_retention: 30 days,
            encryption_key: VaultKey,
            notification_topic: CopyAlerts,
            notification_events: [COPY_JOB_FAILED],
        }
        plan Plan {
            vault: Main,
            rule Daily {
                delete_after: 35 days,
                vault: new Copies {
                    encryption_key: new CopyKey { enable_key_rotation: true },
                    notification_topic: new CopyTopic {},
                },
            }
        }
    }
    let template = stack.synth().unwrap();
    let resources = template.json()["Resources"].as_object().unwrap();
    let key = resources
        .iter()
        .find(|(_, r)| r["Type"] == "AWS::KMS::Key")
        .map(|(id, r)| (id.clone(), r.clone()))
        .unwrap();
    assert_eq!(key.1["Properties"]["KeyPolicy"]["Statement"].as_array().unwrap().len(), 3);
    let vault = resources
        .values()
        .find(|r| r["Type"] == "AWS::Backup::BackupVault")
        .unwrap();
    assert_eq!(vault["Properties"]["EncryptionKeyArn"]["Fn::GetAtt"][0], key.0.as_str());
    assert!(vault["Properties"]["Notifications"]["SNSTopicArn"]["Ref"].is_string());
    assert!(resources.values().any(|r| r["Type"] == "AWS::SNS::TopicPolicy"));
    let count = |kind: &str| resources.values().filter(|r| r["Type"] == kind).count();
    assert_eq!(count("AWS::KMS::Key"), 2);
    assert_eq!(count("AWS::SNS::Topic"), 3);
}

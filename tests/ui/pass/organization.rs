use backup_dsl::{backup_plan, OrgBackup};

fn main() {
    let region = "eu-central-1";
    let org: OrgBackup = backup_plan! {
        organization OrgBackup {
            targets: [
                "ou-ab12-prod1234",
                "ou-ab12-stag1234",
                account_in("111122223333", "ou-ab12-devl1234"),
            ],
            regions: ["eu-west-1", { region }],
            role_name: "OrgBackupRole",
            description: "Company-wide backups",
        }
        key VaultKey { enable_key_rotation: true }
        plan Production {
            vault: new Primary {
                name: "org-primary",
                encryption_key: VaultKey,
                lock_configuration: { min_retention: 7 days, max_retention: 3650 days },
            },
            rule Daily { schedule: "cron(0 3 ? * * *)", delete_after: 35 days }
            selection Tagged { resources: [tag("backup" == "production")] }
        }
    };
    let assembly = org.app().unwrap().synth().unwrap();
    assert_eq!(assembly.stacks()[0].stack_name(), "OrgBackupManagement");
}

//! Organization: the same backup plans for every account of three OUs in two Regions.
//!
//! Writes a cloud assembly whose management stack holds a service-managed StackSet (the
//! member template: vaults, lock, key and the fixed-name backup role, deployed to every account
//! of the OUs and to accounts that join them) and the backup policy attached to the same OUs.
//!
//! ```text
//! cargo run --example organization            # writes cdk.out
//! cargo run --example organization -- out-dir # writes out-dir
//! cdk deploy --app cdk.out --all              # from the management account
//! ```

use backup_dsl::{
    BackupPlan, BackupPlanRule, BackupResource, BackupSelection, BackupVault, Duration, Key,
    LockConfiguration, OrgBackup,
};

/// The organization unit of the example (also synthesized by the test suite).
pub fn organization() -> OrgBackup {
    let key = Key::new("VaultKey").enable_key_rotation(true);
    let vault = BackupVault::new("Primary")
        .name("org-primary")
        .encryption_key(&key)
        .lock_configuration(
            LockConfiguration::new(Duration::days(7)).max_retention(Duration::days(3650)),
        );
    let production = BackupPlan::new("Production")
        .vault(&vault)
        .rule(
            BackupPlanRule::new()
                .name("Daily")
                .schedule("cron(0 3 ? * * *)")
                .delete_after(Duration::days(35)),
        )
        .rule(
            BackupPlanRule::new()
                .name("Monthly")
                .schedule("cron(0 3 1 * ? *)")
                .move_to_cold_storage_after(Duration::days(30))
                .delete_after(Duration::days(365)),
        )
        .selection(
            BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "production")),
        );
    OrgBackup::new("OrgBackup")
        .targets(["ou-ab12-prod1234", "ou-ab12-stag1234", "ou-ab12-devl1234"])
        .regions(["eu-west-1", "eu-central-1"])
        .description("Company-wide backups: daily for 35 days, monthly for a year")
        .key(key)
        .vault(vault)
        .plan(production)
}

#[allow(dead_code)]
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "cdk.out".to_string());
    let organization = organization();
    for warning in organization.warnings() {
        eprintln!("{warning}");
    }
    match organization.synth_to(&dir) {
        Ok(assembly) => {
            for warning in assembly.warnings() {
                eprintln!("{warning}");
            }
            for stack in assembly.stacks() {
                println!("{dir}/{} ({})", stack.template_file(), stack.display_name());
            }
        }
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}

//! References across the stacks of one `App` (issue 13): a vault of one stack as another
//! stack's copy destination, linked as CDK links them (an export and import in one
//! environment, checked against `tests/fixtures/cdk-programs/cross-stack.js` run with
//! aws-cdk-lib 2.276.0), or by ARN from the vault stack's known environment; the app-wide rules;
//! and an example app of three stacks (prod, staging, a DR vault in another Region) that
//! cfn-lint, `backup-dsl lint` and the CDK CLI accept.

use std::path::Path;

use backup_dsl::{
    App, BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection,
    BackupVault, Duration, Environment, Key, LockConfiguration, Stack, VaultRef,
};
use backup_dsl_tests::{assert_cfn_lint_clean, cdk_cli_or_skip, cdk_cli_run, error_ids};
use serde_json::{json, Value};

fn copy_rule(destination: VaultRef, days: i64) -> BackupPlanRule {
    BackupPlanRule::daily()
        .name("Copy")
        .copy_action(BackupPlanCopyAction::new(destination).delete_after(Duration::days(days)))
}

fn prod(env: Option<Environment>, days: i64) -> Stack {
    let stack = Stack::new("Prod").with(
        BackupPlan::daily_35_day_retention("Plan")
            .rule(copy_rule(VaultRef::other_stack("Dr", "DrVault"), days)),
    );
    match env {
        Some(env) => stack.environment(env),
        None => stack,
    }
}

fn dr(env: Option<Environment>, vault: BackupVault) -> Stack {
    let stack = Stack::new("Dr").with(vault);
    match env {
        Some(env) => stack.environment(env),
        None => stack,
    }
}

fn copy_destination(template: &Value) -> &Value {
    &template["Resources"]["PlanDAF4E53A"]["Properties"]["BackupPlan"]["BackupPlanRule"][1]
        ["CopyActions"][0]["DestinationBackupVaultArn"]
}

#[test]
fn one_environment_links_by_export_and_import_as_cdk() {
    let app = App::new()
        .with_stack(dr(None, BackupVault::new("DrVault")))
        .with_stack(prod(None, 100));
    let assembly = app.synth().unwrap_or_else(|e| panic!("{e}"));
    // CDK's names (cross-stack.js): the export on `Dr`, its import in `Prod`.
    let id = "ExportsOutputFnGetAttDrVault6315A3ECBackupVaultArn4F1C2373";
    let dr = assembly.stack("Dr").expect("Dr").template().json();
    assert_eq!(
        dr["Outputs"],
        json!({ id: {
            "Value": { "Fn::GetAtt": ["DrVault6315A3EC", "BackupVaultArn"] },
            "Export": { "Name": format!("Dr:{id}") }
        }})
    );
    let prod = assembly.stack("Prod").expect("Prod");
    assert_eq!(
        copy_destination(prod.template().json()),
        &json!({ "Fn::ImportValue": format!("Dr:{id}") })
    );
    assert_eq!(prod.dependencies(), ["Dr"]);
    assert_eq!(
        assembly.manifest()["artifacts"]["Prod"]["dependencies"],
        json!(["Dr"])
    );
    assert!(assembly.manifest()["artifacts"]["Dr"]
        .get("dependencies")
        .is_none());
}

#[test]
fn a_known_environment_gives_the_arn_from_the_deterministic_name() {
    let app = App::new()
        .with_stack(dr(
            Some(Environment::new("222222222222", "us-west-2")),
            BackupVault::new("DrVault"),
        ))
        .with_stack(prod(
            Some(Environment::new("111111111111", "eu-west-1")),
            100,
        ));
    let assembly = app.synth().unwrap_or_else(|e| panic!("{e}"));
    let prod = assembly.stack("Prod").expect("Prod");
    let found = copy_destination(prod.template().json());
    // The generated name is the one the Dr stack gives its vault.
    let dr = assembly.stack("Dr").expect("Dr").template().json();
    let name = dr["Resources"]["DrVault6315A3EC"]["Properties"]["BackupVaultName"]
        .as_str()
        .expect("a generated name");
    assert_eq!(
        found["Fn::Join"][1][2],
        format!(":backup:us-west-2:222222222222:backup-vault:{name}")
    );
    assert_eq!(found["Fn::Join"][1][0], "arn:");
    assert_eq!(found["Fn::Join"][1][1], json!({ "Ref": "AWS::Partition" }));
    assert!(dr.get("Outputs").is_none());
    assert_eq!(prod.dependencies(), ["Dr"]);
}

#[test]
fn an_unknown_environment_of_the_vault_stack_is_an_error_naming_it() {
    let app = App::new()
        .with_stack(dr(None, BackupVault::new("DrVault")))
        .with_stack(prod(
            Some(Environment::new("111111111111", "eu-west-1")),
            100,
        ));
    let error = app.synth().unwrap_err();
    assert_eq!(
        error_ids(&error),
        [(
            "cross-stack-environment-unknown",
            "stacks[Prod].resources".to_string()
        )]
    );
    assert!(
        error
            .to_string()
            .contains("stack `Dr`'s account and Region is unknown"),
        "{error}"
    );
}

#[test]
fn retention_is_checked_against_the_lock_of_a_vault_in_another_stack() {
    let lock = LockConfiguration::new(Duration::days(7)).max_retention(Duration::days(400));
    let app = App::new()
        .with_stack(dr(
            None,
            BackupVault::new("DrVault").lock_configuration(lock),
        ))
        .with_stack(prod(None, 500));
    let error = app.synth().unwrap_err();
    assert_eq!(
        error_ids(&error),
        [(
            "retention-outside-vault-lock",
            "stacks[Prod].plans[Plan].rules[1].copy_actions[0].destination".to_string()
        )]
    );
}

#[test]
fn two_stacks_in_one_account_and_region_cannot_name_two_vaults_alike() {
    let env = || Some(Environment::new("111111111111", "eu-west-1"));
    let named = || BackupVault::new("Vault").name("shared");
    let app = App::new()
        .with_stack(
            Stack::new("A")
                .environment(Environment::new("111111111111", "eu-west-1"))
                .with(named()),
        )
        .with_stack(dr(env(), named()));
    let error = app.synth().unwrap_err();
    assert_eq!(
        error_ids(&error),
        [(
            "vault-name-unique",
            "stacks[Dr].vaults[Vault].name".to_string()
        )]
    );
    // Another Region is another namespace.
    let app = App::new()
        .with_stack(
            Stack::new("A")
                .environment(Environment::new("111111111111", "eu-west-1"))
                .with(named()),
        )
        .with_stack(dr(
            Some(Environment::new("111111111111", "us-west-2")),
            named(),
        ));
    assert!(app.synth().is_ok());
}

#[test]
fn a_stack_alone_cannot_resolve_another_stacks_vault() {
    let error = prod(None, 100).synth().unwrap_err();
    assert_eq!(
        error_ids(&error),
        [("vault-in-other-stack", "resources".to_string())]
    );
    assert!(error.to_string().contains("one `App`"));
}

#[test]
fn a_missing_stack_or_vault_is_an_error() {
    let app = App::new()
        .with_stack(Stack::new("Other").with(BackupVault::new("Vault")))
        .with_stack(prod(None, 100));
    assert_eq!(
        error_ids(&app.synth().unwrap_err()),
        [(
            "vault-stack-not-in-app",
            "stacks[Prod].resources".to_string()
        )]
    );
    let app = App::new()
        .with_stack(dr(None, BackupVault::new("Elsewhere")))
        .with_stack(prod(None, 100));
    assert_eq!(
        error_ids(&app.synth().unwrap_err()),
        [("vault-not-in-stack", "stacks[Prod].resources".to_string())]
    );
}

// --- the example app -----------------------------------------------------------------------

/// Prod and staging in eu-west-1 copy to a locked DR vault in us-west-2, whose key is the DR
/// stack's own; prod's vault key is shared with nobody (same account).
pub fn example_app() -> App {
    let account = "123456789012";
    let dr_vault = || VaultRef::other_stack("BackupsDr", "DrVault");
    let lock = LockConfiguration::new(Duration::days(7)).max_retention(Duration::days(3650));
    let key = Key::new("DrKey").enable_key_rotation(true);
    let dr = Stack::new("BackupsDr")
        .environment(Environment::new(account, "us-west-2"))
        .with(
            BackupVault::new("DrVault")
                .encryption_key(&key)
                .lock_configuration(lock),
        )
        .with(key);
    let env_stack = |id: &str, days: i64, stage: &str| {
        let key = Key::new("Key").enable_key_rotation(true);
        Stack::new(id)
            .environment(Environment::new(account, "eu-west-1"))
            .tag("stage", stage)
            .with(key.clone())
            .with(BackupVault::new("Vault").encryption_key(&key))
            .with(
                BackupPlan::new("Plan")
                    .vault(VaultRef::in_stack("Vault"))
                    .rule(
                        BackupPlanRule::daily()
                            .delete_after(Duration::days(days))
                            .copy_action(BackupPlanCopyAction::new(dr_vault())),
                    )
                    .selection(
                        BackupSelection::new("Tagged")
                            .resource(BackupResource::tag("backup", stage)),
                    ),
            )
    };
    App::new()
        .with_stack(dr)
        .with_stack(env_stack("BackupsProd", 35, "prod"))
        .with_stack(env_stack("BackupsStaging", 7, "staging"))
}

#[test]
fn the_example_app_lints_clean() {
    let assembly = example_app().synth().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(assembly.stacks().len(), 3);
    for stack in assembly.stacks() {
        let template = stack.template().json();
        let report = backup_dsl::lint::lint_template(template);
        let found: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule != "vault-event-deprecated")
            .map(|f| (f.rule, f.pointer.clone()))
            .collect();
        assert!(found.is_empty(), "{}: {found:?}", stack.stack_name());
        assert_cfn_lint_clean(stack.stack_name(), template);
    }
    let prod = assembly.stack("BackupsProd").expect("prod");
    assert_eq!(prod.dependencies(), ["BackupsDr"]);
}

#[test]
fn the_cdk_cli_lists_and_synthesizes_the_example_app() {
    let Some(program) = cdk_cli_or_skip() else {
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/cdk-cli/example-app.out");
    let assembly = example_app()
        .synth_to(&dir)
        .unwrap_or_else(|e| panic!("{e}"));
    let run = |args: &[&str]| cdk_cli_run(&program, &dir, args);
    let listed = run(&["ls"]);
    assert_eq!(
        listed.lines().collect::<Vec<_>>(),
        ["BackupsDr", "BackupsProd", "BackupsStaging"]
    );
    // `cdk synth` of a stack with dependencies prints that stack's template.
    let printed: Value = serde_json::from_str(&run(&["synth", "--json", "BackupsProd"]))
        .expect("cdk synth prints JSON");
    let prod = assembly.stack("BackupsProd").expect("prod");
    assert_eq!(&printed, prod.template().json());
}

/// The multi-account DR example of the README, verbatim but for the output directory.
#[test]
fn the_readme_multi_account_dr_example_synthesizes() {
    let (a, b) = ("111111111111", "222222222222");
    let dr_key = Key::new("DrKey");
    let dr = Stack::new("BackupsDr")
        .environment(Environment::new(b, "us-west-2"))
        .with(
            BackupVault::new("DrVault")
                .encryption_key(&dr_key)
                .lock_configuration(
                    LockConfiguration::new(Duration::days(7)).max_retention(Duration::days(400)),
                )
                .add_to_access_policy(json!({
                    "Action": "backup:CopyIntoBackupVault", "Effect": "Allow",
                    "Principal": { "AWS": format!("arn:aws:iam::{a}:root") }, "Resource": "*"
                })),
        )
        .with(dr_key);
    let key = Key::new("Key").share_with_account(b);
    let prod = Stack::new("BackupsProd")
        .environment(Environment::new(a, "eu-west-1"))
        .with(BackupVault::new("Vault").encryption_key(&key))
        .with(key)
        .with(
            BackupPlan::new("Plan")
                .vault(VaultRef::in_stack("Vault"))
                .rule(
                    BackupPlanRule::daily()
                        .delete_after(Duration::days(35))
                        .copy_action(
                            BackupPlanCopyAction::new(VaultRef::other_stack(
                                "BackupsDr",
                                "DrVault",
                            ))
                            .delete_after(Duration::days(365)),
                        ),
                )
                .selection(
                    BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "dr")),
                ),
        );
    let assembly = App::new()
        .with_stack(dr)
        .with_stack(prod)
        .synth()
        .unwrap_or_else(|e| panic!("{e}"));
    let unexpected: Vec<_> = assembly
        .warnings()
        .iter()
        .filter(|w| w.violation.rule != "vault-event-deprecated")
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    for stack in assembly.stacks() {
        assert_cfn_lint_clean(stack.stack_name(), stack.template().json());
    }
    let prod = assembly.stack("BackupsProd").expect("prod");
    let destination = &prod.template().json()["Resources"]["PlanDAF4E53A"]["Properties"]
        ["BackupPlan"]["BackupPlanRule"][0]["CopyActions"][0]["DestinationBackupVaultArn"];
    let arn = destination["Fn::Join"][1][2].as_str().unwrap_or_default();
    assert!(
        arn.starts_with(":backup:us-west-2:222222222222:backup-vault:"),
        "{destination}"
    );
}

/// An assembly with stack dependencies in its manifest is recognised as ours: a second
/// synthesis replaces it (the writer's proof of ownership knows every key it writes).
#[test]
fn an_assembly_with_dependencies_is_replaced_by_the_next_synthesis() {
    let dir = std::env::temp_dir().join(format!("cross-stack-rewrite-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let first = example_app()
        .synth_to(&dir)
        .unwrap_or_else(|e| panic!("{e}"));
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest");
    assert!(manifest.contains("\"dependencies\""), "{manifest}");
    let second = example_app()
        .synth_to(&dir)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.stacks().len(), second.stacks().len());
    std::fs::remove_dir_all(&dir).expect("clean up");
}

//! App-wide rules of issues 12 and 13 added last: one tiering configuration per vault (and
//! one for every vault) across the stacks of one account and Region, the legal-hold quota
//! across stacks (an error in one Region, a warning across Regions), and a restore testing
//! selection's `Role` (its managed policy, and the error when it is not in the stack).

use backup_dsl::{
    App, BackupPlan, BackupPlanRule, BackupResource, BackupSelection, BackupVault, Duration,
    Environment, LegalHold, Problem, RestoreTestingPlan, RestoreTestingSelection, Role, Severity,
    Stack, TieringConfiguration, TieringSelection, VaultRef,
};

const ACCOUNT: &str = "111111111111";

fn stack(id: &str, region: &str) -> Stack {
    Stack::new(id).environment(Environment::new(ACCOUNT, region))
}

fn tiering(id: &str, vault: Option<VaultRef>) -> TieringConfiguration {
    let configuration = match vault {
        Some(vault) => TieringConfiguration::new(id, vault),
        None => TieringConfiguration::all_vaults(id),
    };
    configuration.selection(TieringSelection::all_buckets(Duration::days(60)))
}

/// The rules these tests are about (others, such as the AWS-managed-key warning, aside).
const RULES: &[&str] = &[
    "tiering-vault-unique",
    "legal-hold-quota",
    "role-not-in-stack",
];

/// `(rule, path, severity)` of every problem of [`RULES`].
fn found(problems: &[Problem]) -> Vec<(&str, &str, Severity)> {
    problems
        .iter()
        .filter(|p| RULES.contains(&p.violation.rule))
        .map(|p| (p.violation.rule, p.path.as_str(), p.violation.severity))
        .collect()
}

#[test]
fn two_stacks_of_one_region_tiering_one_vault_is_an_error_on_the_second() {
    let a = stack("A", "us-east-1")
        .with(BackupVault::new("Logs").name("logs"))
        .with(tiering("Warm", Some(VaultRef::in_stack("Logs"))));
    let b = stack("B", "us-east-1").with(tiering("Cold", Some(VaultRef::from_name("logs"))));
    let problems = App::new()
        .with_stack(a.clone())
        .with_stack(b.clone())
        .synth()
        .expect_err("a second configuration for vault `logs`")
        .problems;
    assert_eq!(
        found(&problems),
        [(
            "tiering-vault-unique",
            "stacks[B].tiering_configurations[Cold].vault",
            Severity::Error
        )]
    );
    let unique = problems
        .iter()
        .find(|p| p.violation.rule == "tiering-vault-unique");
    assert_eq!(
        unique.unwrap().violation.message,
        "vault `logs` already has tiering configuration `A/Warm`; AWS allows one vault-specific tiering configuration per vault"
    );
    // In another Region, `logs` is another vault.
    let elsewhere = b.environment(Environment::new(ACCOUNT, "eu-west-1"));
    App::new()
        .with_stack(a)
        .with_stack(elsewhere)
        .synth()
        .expect("one configuration per vault and Region");
}

#[test]
fn a_configuration_for_another_stacks_vault_counts_for_that_vault() {
    let dr = stack("Dr", "us-east-1")
        .with(BackupVault::new("Vault"))
        .with(tiering("Warm", Some(VaultRef::in_stack("Vault"))));
    let prod = stack("Prod", "us-east-1")
        .with(tiering("Cold", Some(VaultRef::other_stack("Dr", "Vault"))));
    let problems = App::new()
        .with_stack(dr)
        .with_stack(prod)
        .synth()
        .expect_err("the DR vault (a generated name) is tiered twice")
        .problems;
    assert_eq!(
        found(&problems),
        [(
            "tiering-vault-unique",
            "stacks[Prod].tiering_configurations[Cold].vault",
            Severity::Error
        )]
    );
}

#[test]
fn a_second_configuration_for_every_vault_is_a_warning() {
    let within = Stack::new("Stack")
        .with(tiering("Warm", None))
        .with(tiering("Cold", None));
    let template = within.synth().expect("a warning only");
    assert_eq!(
        found(template.warnings()),
        [(
            "tiering-vault-unique",
            "tiering_configurations[Cold].vault",
            Severity::Warning
        )]
    );
    let assembly = App::new()
        .with_stack(stack("A", "us-east-1").with(tiering("Warm", None)))
        .with_stack(stack("B", "us-east-1").with(tiering("Cold", None)))
        .synth()
        .expect("a warning only");
    assert_eq!(
        found(assembly.warnings()),
        [(
            "tiering-vault-unique",
            "stacks[B].tiering_configurations[Cold].vault",
            Severity::Warning
        )]
    );
}

#[test]
fn two_configurations_of_one_stack_for_one_vault_id_are_an_error() {
    let stack = Stack::new("Stack")
        .with(BackupVault::new("Logs"))
        .with(tiering("Warm", Some(VaultRef::in_stack("Logs"))))
        .with(tiering("Cold", Some(VaultRef::in_stack("Logs"))))
        .with(tiering("Other", Some(VaultRef::from_name("Logs"))));
    let problems = stack.synth().expect_err("`Logs` tiered twice").problems;
    // A vault named `Logs` is not the vault whose id is `Logs` (its name is generated).
    assert_eq!(
        found(&problems),
        [(
            "tiering-vault-unique",
            "tiering_configurations[Cold].vault",
            Severity::Error
        )]
    );
}

fn holds(stack: Stack, prefix: &str, count: usize) -> Stack {
    (1..=count).fold(stack, |stack, index| {
        stack.with(
            LegalHold::new(format!("{prefix}{index}"), "case", "litigation hold")
                .vault(VaultRef::from_name("prod")),
        )
    })
}

#[test]
fn legal_holds_past_the_quota_in_one_region_are_errors_across_regions_warnings() {
    let a = holds(stack("A", "us-east-1"), "Hold", 30);
    let b = holds(stack("B", "us-east-1"), "Hold", 21);
    let problems = App::new()
        .with_stack(a.clone())
        .with_stack(b)
        .synth()
        .expect_err("51 legal holds in one account and Region")
        .problems;
    assert_eq!(
        found(&problems),
        [(
            "legal-hold-quota",
            "stacks[B].legal_holds[Hold21]",
            Severity::Error
        )]
    );
    let c = holds(stack("C", "eu-west-1"), "Hold", 21);
    let assembly = App::new()
        .with_stack(a)
        .with_stack(c)
        .synth()
        .expect("across Regions: a warning");
    assert_eq!(
        found(assembly.warnings()),
        [(
            "legal-hold-quota",
            "stacks[C].legal_holds[Hold21]",
            Severity::Warning
        )]
    );
}

#[test]
fn fifty_legal_holds_in_a_stack_are_fine_and_the_51st_is_an_error() {
    let fifty = holds(Stack::new("Stack"), "Hold", 50);
    fifty.synth().expect("50 legal holds fit the quota");
    let problems = holds(fifty, "More", 1)
        .synth()
        .expect_err("51 legal holds")
        .problems;
    assert_eq!(
        found(&problems),
        [("legal-hold-quota", "legal_holds[More1]", Severity::Error)]
    );
}

fn restore_plan(selection: RestoreTestingSelection) -> RestoreTestingPlan {
    RestoreTestingPlan::new("Weekly", "cron(0 1 ? * SUN *)")
        .include_all_vaults()
        .selection(selection.all_protected_resources())
}

#[test]
fn a_role_given_to_a_restore_testing_selection_gets_the_restores_policy_once() {
    let role = Role::backup_service("Shared");
    let backup = BackupSelection::new("Tagged")
        .resource(BackupResource::tag("backup", "daily"))
        .allow_restores(true)
        .role(&role);
    let plan = BackupPlan::new("Plan")
        .rule(BackupPlanRule::daily())
        .selection(backup);
    let restores = restore_plan(RestoreTestingSelection::new("Volumes", "EBS").role(&role));
    let template = Stack::new("Stack")
        .with(role.clone())
        .with(plan)
        .with(restores)
        .synth()
        .unwrap();
    let policies =
        &template.json()["Resources"][role.logical_id()]["Properties"]["ManagedPolicyArns"];
    let restores_policy = policies
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p.to_string()
                .contains("AWSBackupServiceRolePolicyForRestores")
        })
        .count();
    assert_eq!(restores_policy, 1, "{policies}");
    let selection = template.json()["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Type"] == "AWS::Backup::RestoreTestingSelection")
        .unwrap();
    assert_eq!(
        selection["Properties"]["IamRoleArn"],
        serde_json::json!({ "Fn::GetAtt": [role.logical_id(), "Arn"] })
    );
}

#[test]
fn a_restore_testing_selections_role_not_in_the_stack_is_an_error() {
    let role = Role::backup_service("Missing");
    let problems = Stack::new("Stack")
        .with(restore_plan(
            RestoreTestingSelection::new("Volumes", "EBS").role(&role),
        ))
        .with(
            RestoreTestingSelection::new("Alone", "EBS")
                .all_protected_resources()
                .role(&role)
                .plan(backup_dsl::RestoreTestingPlanRef::from_name("weekly")),
        )
        .synth()
        .expect_err("the role is not in the stack")
        .problems;
    assert_eq!(
        found(&problems),
        [
            (
                "role-not-in-stack",
                "restore_testing_plans[Weekly].selections[Volumes].role",
                Severity::Error
            ),
            (
                "role-not-in-stack",
                "restore_testing_selections[Alone].role",
                Severity::Error
            ),
        ]
    );
}

#[test]
fn the_linter_finds_a_vault_tiered_twice_and_legal_holds_past_the_quota() {
    let tiering = |vault: serde_json::Value| {
        serde_json::json!({"Type": "AWS::Backup::TieringConfiguration", "Properties": {
            "TieringConfigurationName": "t", "BackupVaultName": vault,
            "ResourceSelection": [{"Resources": ["*"], "ResourceType": "S3", "TieringDownSettingsInDays": 60}]
        }})
    };
    let mut resources = serde_json::json!({
        "Vault": {"Type": "AWS::Backup::BackupVault", "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain", "Properties": {"BackupVaultName": "logs"}},
        "Warm": tiering(serde_json::json!({"Ref": "Vault"})),
        "Cold": tiering(serde_json::json!("logs")),
    });
    for index in 1..=51 {
        resources[format!("Hold{index:02}")] = serde_json::json!({
            "Type": "AWS::Backup::LegalHold", "Properties": {
                "Title": "case", "Description": "litigation hold",
                "RecoveryPointSelection": {"VaultNames": ["logs"]}
            }
        });
    }
    let report = backup_dsl::lint::lint_template(&serde_json::json!({ "Resources": resources }));
    let found: Vec<(&str, &str, Severity)> = report
        .findings
        .iter()
        .filter(|f| RULES.contains(&f.rule))
        .map(|f| (f.rule, f.pointer.as_str(), f.severity))
        .collect();
    assert_eq!(
        found,
        [
            (
                "tiering-vault-unique",
                "/Resources/Cold/Properties/BackupVaultName",
                Severity::Error
            ),
            ("legal-hold-quota", "/Resources/Hold51", Severity::Error),
        ]
    );
}

//! Organization units (`OrgBackup`): the member template, the service-managed StackSet and the
//! management stack; the rules `orgpolicy-target-id`, `stackset-*` and `org-*` through the
//! builder; the example of `backup-dsl/examples/organization.rs` (3 OUs, 2 Regions) clean with
//! cfn-lint and `backup-dsl lint`, and read by the CDK CLI.

use std::path::Path;

use backup_dsl::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection, BackupVault,
    Duration, LockConfiguration, OrgBackup, OrgTarget, Problem, Severity, VaultRef,
};
use backup_dsl_tests::{assert_cfn_lint_clean_all, cdk_cli_or_skip, cdk_cli_run, error_ids};
use serde_json::Value;

#[path = "../../backup-dsl/examples/organization.rs"]
mod example;

fn vault() -> BackupVault {
    BackupVault::new("Primary").name("org-primary")
}

fn plan(vault: &BackupVault) -> BackupPlan {
    BackupPlan::new("Daily")
        .vault(vault)
        .rule(BackupPlanRule::daily().delete_after(Duration::days(35)))
        .selection(BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "daily")))
}

fn org() -> OrgBackup {
    let vault = vault();
    OrgBackup::new("Org")
        .target("ou-ab12-cdef3456")
        .regions(["eu-west-1", "eu-central-1"])
        .plan(plan(&vault))
        .vault(vault)
}

fn ids(problems: &[Problem]) -> Vec<(&'static str, String)> {
    problems
        .iter()
        .map(|p| (p.violation.rule, p.path.clone()))
        .collect()
}

fn errors(org: &OrgBackup) -> Vec<(&'static str, String)> {
    error_ids(&org.app().expect_err("the organization has errors"))
}

// --- what is synthesized -------------------------------------------------------------------

#[test]
fn the_stack_set_is_service_managed_and_carries_the_member_template() {
    let org = org();
    let stack_set = org.stack_set().expect("valid");
    let properties = &stack_set["Properties"];
    assert_eq!(stack_set["Type"], "AWS::CloudFormation::StackSet");
    assert_eq!(properties["PermissionModel"], "SERVICE_MANAGED");
    assert_eq!(properties["AutoDeployment"]["Enabled"], true);
    assert_eq!(properties["Capabilities"][0], "CAPABILITY_NAMED_IAM");
    assert_eq!(properties["StackSetName"], "Org-members");
    let group = &properties["StackInstancesGroup"][0];
    assert_eq!(
        group["DeploymentTargets"]["OrganizationalUnitIds"][0],
        "ou-ab12-cdef3456"
    );
    assert_eq!(
        group["Regions"],
        serde_json::json!(["eu-west-1", "eu-central-1"])
    );
    let body: Value =
        serde_json::from_str(properties["TemplateBody"].as_str().expect("a JSON string"))
            .expect("TemplateBody is JSON");
    let member = org.member_template().expect("valid");
    assert_eq!(&body, member.json());
}

#[test]
fn the_member_template_creates_the_vaults_and_a_fixed_name_role_in_the_first_region() {
    let member = org().member_template().expect("valid").into_json();
    let resources = member["Resources"].as_object().expect("resources");
    let role = resources
        .values()
        .find(|r| r["Type"] == "AWS::IAM::Role")
        .expect("a role");
    assert_eq!(role["Properties"]["RoleName"], "OrgBackupRole");
    assert_eq!(role["Condition"], "CreateBackupRole");
    assert_eq!(
        member["Conditions"]["CreateBackupRole"]["Fn::Equals"][1],
        "eu-west-1"
    );
    // A tag selection can cover S3 buckets: the role gets the S3 backup policy too.
    let policies = role["Properties"]["ManagedPolicyArns"].to_string();
    assert!(
        policies.contains("AWSBackupServiceRolePolicyForBackup"),
        "{policies}"
    );
    assert!(
        policies.contains("AWSBackupServiceRolePolicyForS3Backup"),
        "{policies}"
    );
    assert!(resources
        .values()
        .any(|r| r["Properties"]["BackupVaultName"] == "org-primary"));
    // No plan: the backup policy creates the plans in the member accounts.
    assert!(!resources
        .values()
        .any(|r| r["Type"] == "AWS::Backup::BackupPlan"));
}

#[test]
fn a_vault_without_a_name_gets_the_same_pinned_name_in_every_copy() {
    let vault = BackupVault::new("Unnamed");
    let org = OrgBackup::new("Org")
        .target("r-ab12")
        .regions(["eu-west-1", "us-east-1"])
        .management_account("111122223333")
        .plan(plan(&vault))
        .vault(vault);
    let name = org
        .vault_name(&VaultRef::in_stack("Unnamed"))
        .expect("pinned");
    assert!(name.starts_with("OrgMemberUnnamed"), "{name}");
    let assembly = org.app().expect("valid").synth().expect("synthesizes");
    let names: Vec<&str> = assembly.stacks().iter().map(|s| s.stack_name()).collect();
    assert_eq!(
        names,
        [
            "OrgManagement",
            "OrgManagementMember-eu-west-1",
            "OrgManagementMember-us-east-1"
        ]
    );
    for stack in &assembly.stacks()[1..] {
        let resources = stack.template().json()["Resources"].to_string();
        assert!(resources.contains(&name), "{}", stack.stack_name());
    }
    // The global role only once in the management account.
    let roles = |i: usize| {
        assembly.stacks()[i].template().json()["Resources"]
            .as_object()
            .expect("resources")
            .values()
            .filter(|r| r["Type"] == "AWS::IAM::Role")
            .count()
    };
    assert_eq!((roles(1), roles(2)), (1, 0));
}

#[test]
fn the_management_stack_attaches_the_backup_policy_to_the_targets() {
    let org = org().target(OrgTarget::account_in("111122223333", "ou-ab12-other123"));
    let assembly = org.app().expect("valid").synth().expect("synthesizes");
    let management = assembly.stack("OrgManagement").expect("management stack");
    let policy = &management.template().json()["Resources"]["BackupPolicy"];
    assert_eq!(policy["Type"], "AWS::Organizations::Policy");
    assert_eq!(policy["Properties"]["Type"], "BACKUP_POLICY");
    assert_eq!(
        policy["Properties"]["TargetIds"],
        serde_json::json!(["ou-ab12-cdef3456", "111122223333"])
    );
    let content = policy["Properties"]["Content"]
        .as_str()
        .expect("minified JSON");
    assert_eq!(content, org.policy_json().expect("valid"));
    let document: Value = serde_json::from_str(content).expect("JSON");
    let rule = &document["plans"]["Daily"]["rules"];
    let rule = rule
        .as_object()
        .expect("rules")
        .values()
        .next()
        .expect("a rule");
    assert_eq!(rule["target_backup_vault_name"]["@@assign"], "org-primary");
    let selection = document["plans"]["Daily"]["selections"].to_string();
    assert!(
        selection.contains("arn:aws:iam::$account:role/OrgBackupRole"),
        "the member role: {selection}"
    );
    assert_eq!(
        document["plans"]["Daily"]["regions"]["@@assign"],
        serde_json::json!(["eu-west-1", "eu-central-1"])
    );
}

#[test]
fn a_plan_feature_a_policy_cannot_express_is_an_error_at_its_field() {
    let vault = vault();
    let plan = BackupPlan::new("Daily")
        .vault(&vault)
        .rule(BackupPlanRule::daily().schedule_timezone("Europe/Brussels"))
        .selection(BackupSelection::new("Tagged").resource(BackupResource::tag("b", "d")));
    let org = OrgBackup::new("Org")
        .target("ou-ab12-cdef3456")
        .region("eu-west-1")
        .plan(plan)
        .vault(vault);
    assert_eq!(
        errors(&org),
        [(
            "orgpolicy-timezone",
            "organization[Org].plans[Daily].rules[0].schedule_timezone".to_string()
        )]
    );
}

#[test]
fn an_account_target_is_reached_through_its_ou() {
    let org = org().target(OrgTarget::account_in("111122223333", "ou-ab12-other123"));
    let stack_set = org.stack_set().expect("valid");
    let group = &stack_set["Properties"]["StackInstancesGroup"][1]["DeploymentTargets"];
    assert_eq!(group["AccountFilterType"], "INTERSECTION");
    assert_eq!(group["Accounts"][0], "111122223333");
    assert_eq!(group["OrganizationalUnitIds"][0], "ou-ab12-other123");
}

#[test]
fn synthesis_is_deterministic() {
    let first = example::organization()
        .app()
        .expect("valid")
        .synth()
        .expect("synth");
    let second = example::organization()
        .app()
        .expect("valid")
        .synth()
        .expect("synth");
    assert_eq!(first.files(), second.files());
}

// --- the rules, through the builder ---------------------------------------------------------

#[test]
fn target_forms_are_checked() {
    let org = org().targets(["ou-AB12-cdef3456", "r-ab"]);
    assert_eq!(
        errors(&org),
        [
            (
                "orgpolicy-target-id",
                "organization[Org].targets[1]".to_string()
            ),
            (
                "orgpolicy-target-id",
                "organization[Org].targets[2]".to_string()
            ),
        ]
    );
}

#[test]
fn a_target_twice_and_no_target_are_errors() {
    let org = org().target("ou-ab12-cdef3456");
    assert_eq!(
        errors(&org),
        [(
            "orgpolicy-target-id",
            "organization[Org].targets[1]".to_string()
        )]
    );
    let vault = vault();
    let none = OrgBackup::new("Org")
        .region("eu-west-1")
        .plan(plan(&vault))
        .vault(vault);
    assert_eq!(
        errors(&none),
        [(
            "orgpolicy-target-id",
            "organization[Org].targets".to_string()
        )]
    );
}

#[test]
fn stack_set_name_and_regions_are_checked() {
    let vault = vault();
    let org = OrgBackup::new("org_backup")
        .target("ou-ab12-cdef3456")
        .plan(plan(&vault))
        .vault(vault);
    assert_eq!(
        errors(&org),
        [
            ("stackset-name", "organization[org_backup].id".to_string()),
            (
                "stackset-regions",
                "organization[org_backup].regions".to_string()
            ),
        ]
    );
    let twice = self::org().region("eu-west-1");
    assert_eq!(
        errors(&twice),
        [(
            "stackset-regions",
            "organization[Org].regions[2]".to_string()
        )]
    );
}

#[test]
fn an_account_without_its_ou_is_not_reached_by_the_stack_set() {
    let org = org().target("111122223333");
    let error = org.app().expect_err("not reached");
    let problem = error.errors().next().expect("one error");
    assert_eq!(problem.violation.rule, "org-vault-exists");
    assert_eq!(problem.path, "organization[Org].targets[1]");
    assert!(
        problem.violation.help.contains("OrgTarget::account_in"),
        "{problem}"
    );
}

#[test]
fn a_rule_writing_to_a_vault_the_member_template_lacks_is_an_error() {
    let vault = vault();
    let plan = BackupPlan::new("Daily")
        .vault(VaultRef::from_name("prod"))
        .rule(BackupPlanRule::daily())
        .selection(BackupSelection::new("Tagged").resource(BackupResource::tag("b", "d")));
    let org = OrgBackup::new("Org")
        .target("ou-ab12-cdef3456")
        .region("eu-west-1")
        .plan(plan)
        .vault(vault);
    let error = org.app().expect_err("missing vault");
    assert_eq!(
        error_ids(&error),
        [(
            "org-vault-exists",
            "organization[Org].plans[Daily].vault".to_string()
        )]
    );
    assert_eq!(
        error.errors().next().expect("one").violation.message,
        "rule `Daily` writes to vault `prod`, but the member template creates `org-primary`; a backup policy creates no vault, so the rule fails in every member account"
    );
}

#[test]
fn a_plan_without_a_vault_and_a_same_account_copy_to_a_missing_vault_are_errors() {
    let no_vault = BackupPlan::new("Daily")
        .rule(BackupPlanRule::daily())
        .selection(BackupSelection::new("Tagged").resource(BackupResource::tag("b", "d")));
    let org = OrgBackup::new("Org")
        .target("ou-ab12-cdef3456")
        .region("eu-west-1")
        .plan(no_vault);
    assert_eq!(
        errors(&org),
        [(
            "org-vault-exists",
            "organization[Org].plans[Daily].rules[0].vault".to_string()
        )]
    );
    let vault = vault();
    let copy = BackupPlan::new("Copy")
        .vault(&vault)
        .rule(
            BackupPlanRule::daily()
                .copy_action(BackupPlanCopyAction::new(VaultRef::from_name("dr"))),
        )
        .selection(BackupSelection::new("Tagged").resource(BackupResource::tag("b", "d")));
    let org = OrgBackup::new("Org")
        .target("ou-ab12-cdef3456")
        .region("eu-west-1")
        .plan(copy)
        .vault(vault);
    assert_eq!(
        errors(&org),
        [(
            "org-vault-exists",
            "organization[Org].plans[Copy].rules[0].copy_actions[0].destination".to_string()
        )]
    );
}

#[test]
fn a_selection_with_another_role_is_an_error() {
    let vault = vault();
    let plan = BackupPlan::new("Daily")
        .vault(&vault)
        .rule(BackupPlanRule::daily())
        .selection(
            BackupSelection::new("Tagged")
                .resource(BackupResource::tag("b", "d"))
                .role_arn("arn:aws:iam::$account:role/Other"),
        );
    let org = OrgBackup::new("Org")
        .target("ou-ab12-cdef3456")
        .region("eu-west-1")
        .plan(plan)
        .vault(vault);
    assert_eq!(
        errors(&org),
        [(
            "org-role-exists",
            "organization[Org].plans[Daily].selections[Tagged].role".to_string()
        )]
    );
}

#[test]
fn the_root_without_a_management_stack_is_warned_about() {
    let vault = vault();
    let root = OrgBackup::new("Org")
        .target("r-ab12")
        .region("eu-west-1")
        .plan(plan(&vault))
        .vault(vault);
    let warnings: Vec<_> = root
        .validate()
        .into_iter()
        .filter(|p| p.severity() == Severity::Warning && p.violation.rule.starts_with("org-"))
        .collect();
    assert_eq!(
        ids(&warnings),
        [(
            "org-management-account",
            "organization[Org].targets[0]".to_string()
        )]
    );
    assert!(root.app().is_ok(), "a warning does not stop synthesis");
    let with_stack = root.management_account("111122223333");
    assert!(!with_stack
        .validate()
        .iter()
        .any(|p| p.violation.rule == "org-management-account"));
}

#[test]
fn rule_retention_outside_the_member_vault_lock_is_an_error() {
    // org-lock-fit: the existing lock rule, run with the organization's vaults beside the plans.
    let vault = vault().lock_configuration(
        LockConfiguration::new(Duration::days(7)).max_retention(Duration::days(30)),
    );
    let org = OrgBackup::new("Org")
        .target("ou-ab12-cdef3456")
        .region("eu-west-1")
        .plan(plan(&vault))
        .vault(vault);
    let found = errors(&org);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .1
            .starts_with("organization[Org].plans[Daily].rules[0]"),
        "{found:?}"
    );
}

#[test]
fn a_member_template_over_the_template_body_limit_is_an_error() {
    let mut org = org();
    for index in 0..400 {
        org = org.vault(
            BackupVault::new(format!("Vault{index}"))
                .name(format!("vault-with-a-rather-long-name-number-{index}"))
                .lock_configuration(LockConfiguration::new(Duration::days(7))),
        );
    }
    let found = errors(&org);
    assert!(
        found.contains(&(
            "stackset-template-size",
            "organization[Org].stack_set".to_string()
        )),
        "{found:?}"
    );
}

// --- the example: cfn-lint, backup-dsl lint, the CDK CLI -------------------------------------

fn example_templates() -> Vec<(String, Value)> {
    let org = example::organization();
    let assembly = org.app().expect("valid").synth().expect("synthesizes");
    assert!(assembly.warnings().is_empty(), "{:?}", assembly.warnings());
    let mut templates: Vec<(String, Value)> = assembly
        .stacks()
        .iter()
        .map(|s| (s.stack_name().to_string(), s.template().json().clone()))
        .collect();
    templates.push((
        "OrgBackupMember".to_string(),
        org.member_template().expect("valid").into_json(),
    ));
    templates
}

#[test]
fn the_example_lints_clean_with_backup_dsl_lint() {
    for (name, template) in example_templates() {
        let report = backup_dsl::lint::lint_template(&template);
        let found: Vec<_> = report
            .findings
            .iter()
            .map(|f| (f.rule, f.pointer.clone()))
            .collect();
        assert!(found.is_empty(), "{name}: {found:?}");
    }
}

#[test]
fn the_example_lints_clean_with_cfn_lint() {
    assert_cfn_lint_clean_all(&example_templates());
}

#[test]
fn the_cdk_cli_lists_and_synthesizes_the_example() {
    let Some(program) = cdk_cli_or_skip() else {
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/cdk-cli/organization.out");
    let assembly = example::organization()
        .synth_to(&dir)
        .unwrap_or_else(|e| panic!("{e}"));
    let run = |args: &[&str]| cdk_cli_run(&program, &dir, args);
    assert_eq!(
        run(&["ls"]).lines().collect::<Vec<_>>(),
        ["OrgBackupManagement"]
    );
    let printed: Value = serde_json::from_str(&run(&["synth", "--json", "OrgBackupManagement"]))
        .expect("cdk synth prints JSON");
    let management = assembly.stack("OrgBackupManagement").expect("management");
    assert_eq!(&printed, management.template().json());
}

// --- the macro: same organization, same bytes -------------------------------------------------

#[test]
fn the_macro_and_the_builder_synthesize_the_same_bytes() {
    let org = backup_dsl::backup_plan! {
        organization OrgBackup {
            targets: ["ou-ab12-prod1234", "ou-ab12-stag1234", "ou-ab12-devl1234"],
            regions: ["eu-west-1", "eu-central-1"],
            description: "Company-wide backups: daily for 35 days, monthly for a year",
        }
        key VaultKey { enable_key_rotation: true }
        plan Production {
            vault: new Primary {
                name: "org-primary",
                encryption_key: VaultKey,
                lock_configuration: { min_retention: 7 days, max_retention: 3650 days },
            },
            rule Daily { schedule: "cron(0 3 ? * * *)", delete_after: 35 days }
            rule Monthly {
                schedule: "cron(0 3 1 * ? *)",
                move_to_cold_storage_after: 30 days,
                delete_after: 365 days,
            }
            selection Tagged { resources: [tag("backup" == "production")] }
        }
    };
    let from_macro = org.app().expect("valid").synth().expect("synth").files();
    let from_builder = example::organization()
        .app()
        .expect("valid")
        .synth()
        .expect("synth")
        .files();
    assert_eq!(from_macro, from_builder);
    assert_eq!(
        org.policy_json().expect("valid"),
        example::organization().policy_json().expect("valid")
    );
}

// --- the rules, through the linter ------------------------------------------------------------

fn stack_set_template(properties: Value) -> Value {
    serde_json::json!({ "Resources": { "Members": {
        "Type": "AWS::CloudFormation::StackSet",
        "Properties": properties,
    }}})
}

fn lint_ids(template: &Value) -> Vec<(&'static str, String)> {
    backup_dsl::lint::lint_template(template)
        .findings
        .into_iter()
        .map(|f| (f.rule, f.pointer))
        .collect()
}

fn body(resources: Value) -> String {
    serde_json::json!({ "Resources": resources }).to_string()
}

#[test]
fn the_linter_checks_a_stack_sets_name_model_and_regions() {
    let template = stack_set_template(serde_json::json!({
        "StackSetName": "org_backup",
        "PermissionModel": "SELF_MANAGED",
        "AutoDeployment": { "Enabled": true },
        "StackInstancesGroup": [{
            "DeploymentTargets": { "Accounts": ["111122223333"] },
            "Regions": ["EU West"],
        }],
        "TemplateBody": body(serde_json::json!({})),
    }));
    assert_eq!(
        lint_ids(&template),
        [
            (
                "stackset-name",
                "/Resources/Members/Properties/StackSetName".to_string()
            ),
            (
                "stackset-permission-model",
                "/Resources/Members/Properties/PermissionModel".to_string()
            ),
            (
                "stackset-regions",
                "/Resources/Members/Properties/StackInstancesGroup/0/Regions/0".to_string()
            ),
        ]
    );
}

#[test]
fn the_linter_reads_the_template_body_for_capabilities_nested_stacks_and_size() {
    let role = serde_json::json!({ "Role": { "Type": "AWS::IAM::Role", "Properties": {
        "RoleName": "Backup",
        "AssumeRolePolicyDocument": {},
    }}});
    let template = stack_set_template(serde_json::json!({
        "StackSetName": "Members",
        "PermissionModel": "SERVICE_MANAGED",
        "AutoDeployment": { "Enabled": true },
        "Capabilities": ["CAPABILITY_IAM"],
        "StackInstancesGroup": [{
            "DeploymentTargets": { "OrganizationalUnitIds": ["ou-ab12-cdef3456"] },
            "Regions": ["eu-west-1"],
        }],
        "TemplateBody": body(role),
    }));
    assert_eq!(
        lint_ids(&template),
        [(
            "stackset-capabilities",
            "/Resources/Members/Properties/Capabilities".to_string()
        )]
    );
    let nested = serde_json::json!({ "Child": { "Type": "AWS::CloudFormation::Stack",
        "Properties": { "TemplateURL": "https://example.com/t.json" } } });
    let template = stack_set_template(serde_json::json!({
        "StackSetName": "Members",
        "PermissionModel": "SERVICE_MANAGED",
        "AutoDeployment": { "Enabled": true },
        "StackInstancesGroup": [{
            "DeploymentTargets": { "OrganizationalUnitIds": ["ou-ab12-cdef3456"] },
            "Regions": ["eu-west-1"],
        }],
        "TemplateBody": body(nested),
    }));
    assert_eq!(
        lint_ids(&template),
        [(
            "stackset-nested",
            "/Resources/Members/Properties/TemplateBody".to_string()
        )]
    );
    let large = stack_set_template(serde_json::json!({
        "StackSetName": "Members",
        "PermissionModel": "SERVICE_MANAGED",
        "AutoDeployment": { "Enabled": true },
        "StackInstancesGroup": [{
            "DeploymentTargets": { "OrganizationalUnitIds": ["ou-ab12-cdef3456"] },
            "Regions": ["eu-west-1"],
        }],
        "TemplateBody": format!("{{\"Description\": \"{}\"}}", "x".repeat(51_200)),
    }));
    let found = lint_ids(&large);
    assert!(
        found.contains(&(
            "stackset-template-size",
            "/Resources/Members/Properties/TemplateBody".to_string()
        )),
        "{found:?}"
    );
}

/// The example's management template with its policy's content as an object, edited by `edit`.
fn management_with(edit: impl FnOnce(&mut Value)) -> Value {
    let assembly = example::organization()
        .app()
        .expect("valid")
        .synth()
        .expect("synth");
    let mut template = assembly.stacks()[0].template().json().clone();
    let content = &mut template["Resources"]["BackupPolicy"]["Properties"]["Content"];
    *content = serde_json::from_str(content.as_str().expect("a string")).expect("JSON");
    edit(&mut template);
    template
}

#[test]
fn the_linter_checks_the_policy_against_the_stack_set_beside_it() {
    assert_eq!(lint_ids(&management_with(|_| {})), []);
    let template = management_with(|t| {
        let policy = &mut t["Resources"]["BackupPolicy"]["Properties"];
        policy["TargetIds"][1] = "ou-ab12-other123".into();
        let plan = &mut policy["Content"]["plans"]["Production"];
        plan["regions"]["@@assign"][1] = "us-east-1".into();
        plan["rules"]["Daily"]["target_backup_vault_name"]["@@assign"] = "prod".into();
        plan["selections"]["tags"]["Tagged"]["iam_role_arn"]["@@assign"] =
            "arn:aws:iam::$account:role/Other".into();
    });
    let content = "/Resources/BackupPolicy/Properties/Content/plans/Production";
    assert_eq!(
        lint_ids(&template),
        [
            ("org-vault-exists", format!("{content}/regions/@@assign/1")),
            (
                "org-vault-exists",
                format!("{content}/rules/Daily/target_backup_vault_name/@@assign")
            ),
            (
                "org-role-exists",
                format!("{content}/selections/tags/Tagged/iam_role_arn/@@assign")
            ),
            (
                "org-vault-exists",
                "/Resources/BackupPolicy/Properties/TargetIds/1".to_string()
            ),
        ]
    );
}

#[test]
fn the_management_account_stacks_lint_clean() {
    let org = example::organization().management_account("111122223333");
    let assembly = org.app().expect("valid").synth().expect("synthesizes");
    assert_eq!(assembly.stacks().len(), 3);
    let templates: Vec<(String, Value)> = assembly
        .stacks()
        .iter()
        .map(|s| (s.stack_name().to_string(), s.template().json().clone()))
        .collect();
    for (name, template) in &templates {
        let found = lint_ids(template);
        assert!(found.is_empty(), "{name}: {found:?}");
    }
    assert_cfn_lint_clean_all(&templates);
}

// --- same rule, same words: the macro's compile errors are the builder's ---------------------

/// The `(message, help)` of each error in `tests/ui/fail/<case>.stderr`.
fn compile_errors(case: &str) -> Vec<(String, String)> {
    let path = format!("{}/ui/fail/{case}.stderr", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut errors: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            errors.push((message.to_string(), String::new()));
        } else if let (Some(help), Some(last)) = (
            line.trim_start().strip_prefix("= help: "),
            errors.last_mut(),
        ) {
            last.1 = help.to_string();
        }
    }
    errors
}

/// Every compile error of `case` is an error of one of `orgs` at synthesis, word for word.
fn same_words(case: &str, orgs: &[OrgBackup]) {
    let runtime: Vec<(String, String)> = orgs
        .iter()
        .flat_map(|org| org.app().expect_err("the builder rejects it").problems)
        .map(|p| (p.violation.message, p.violation.help))
        .collect();
    let compile = compile_errors(case);
    assert!(!compile.is_empty(), "{case}: no error");
    for error in compile {
        assert!(
            runtime.contains(&error),
            "{case}: {error:?} not in {runtime:#?}"
        );
    }
}

fn daily_plan(vault: &BackupVault) -> BackupPlan {
    BackupPlan::new("Daily")
        .vault(vault)
        .rule(BackupPlanRule::daily())
        .selection(BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "daily")))
}

fn with_plan(org: OrgBackup) -> OrgBackup {
    let vault = vault();
    org.plan(daily_plan(&vault)).vault(vault)
}

#[test]
fn org_compile_errors_are_the_builders_words() {
    same_words(
        "org/bad-target",
        &[with_plan(
            OrgBackup::new("Org")
                .targets(["ou-AB12-cdef3456", "r-ab12", "r-ab12"])
                .region("eu-west-1")
                .management_account("1234"),
        )],
    );
    same_words(
        "org/stack-set",
        &[
            with_plan(OrgBackup::new("org_backup").target("ou-ab12-cdef3456")),
            with_plan(OrgBackup::new("Org").target("ou-ab12-cdef3456").regions([
                "eu-west-1",
                "EU West",
                "eu-west-1",
            ])),
        ],
    );
    let role = {
        let vault = vault();
        OrgBackup::new("Org")
            .target("ou-ab12-cdef3456")
            .region("eu-west-1")
            .plan(
                BackupPlan::new("Daily")
                    .vault(&vault)
                    .rule(BackupPlanRule::daily())
                    .selection(
                        BackupSelection::new("Tagged")
                            .resource(BackupResource::tag("backup", "daily"))
                            .role_arn("arn:aws:iam::$account:role/Other"),
                    ),
            )
            .vault(vault)
    };
    same_words("org/role", &[role]);
    let policy = {
        let vault = vault();
        OrgBackup::new("Org")
            .target("ou-ab12-cdef3456")
            .region("eu-west-1")
            .plan(
                BackupPlan::new("Daily")
                    .vault(&vault)
                    .rule(
                        BackupPlanRule::new()
                            .name("Daily")
                            .schedule("cron(0 5 ? * * *)")
                            .schedule_timezone("Asia/Tokyo"),
                    )
                    .selection(
                        BackupSelection::new("Table")
                            .resource(BackupResource::dynamodb_table("orders")),
                    ),
            )
            .vault(vault)
    };
    same_words("org/policy-features", &[policy]);
    let vault = vault();
    let no_vault = OrgBackup::new("Org")
        .target("ou-ab12-cdef3456")
        .region("eu-west-1")
        .plan(
            BackupPlan::new("Daily")
                .rule(BackupPlanRule::daily())
                .selection(
                    BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "daily")),
                ),
        );
    let other = OrgBackup::new("Org")
        .target("ou-ab12-cdef3456")
        .region("eu-west-1")
        .vault(vault.clone())
        .plan(
            BackupPlan::new("Daily")
                .vault(VaultRef::from_name("prod"))
                .rule(BackupPlanRule::daily())
                .rule(
                    BackupPlanRule::new()
                        .name("Copy")
                        .schedule("cron(0 5 ? * * *)")
                        .vault(&vault)
                        .copy_action(
                            BackupPlanCopyAction::new(VaultRef::from_name("dr"))
                                .delete_after(Duration::days(35)),
                        ),
                )
                .selection(
                    BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "daily")),
                ),
        );
    same_words("org/vault-missing", &[no_vault, other]);
}

/// The linter warns about the management-account gap too: a backup policy attached to the
/// root beside a service-managed StackSet (a management-account stack is another stack, which
/// a template cannot show).
#[test]
fn the_linter_warns_about_the_root_too() {
    let vault = vault();
    let root = OrgBackup::new("Org")
        .target("r-ab12")
        .region("eu-west-1")
        .plan(plan(&vault))
        .vault(vault);
    let app = root.app().expect("a warning does not stop synthesis");
    let assembly = app.synth().expect("the app synthesizes");
    let management = assembly
        .stacks()
        .iter()
        .find(|s| {
            s.template().json()["Resources"]
                .to_string()
                .contains("AWS::Organizations::Policy")
        })
        .expect("the management stack");
    let report = backup_dsl::lint::lint_template(management.template().json());
    let warning = report
        .findings
        .iter()
        .find(|f| f.rule == "org-management-account")
        .unwrap_or_else(|| panic!("{:#?}", report.findings));
    assert_eq!(warning.severity, Severity::Warning);
    assert!(
        warning.pointer.ends_with("/Properties/TargetIds/0"),
        "{warning:#?}"
    );
}

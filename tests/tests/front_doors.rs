//! Each rule's front doors (issue 10, item 5): the builder applies every rule the linter
//! applies to the same property, in the same words.
//!
//! The linter applies most rules through the model it builds from the template, with the same
//! `Stack::validate` the builder runs, so those rules have all three doors by construction (and
//! `same_words.rs` proves the macro's words equal the builder's). The rules the linter calls
//! on template properties itself are listed in [`LINT_DIRECT`] with the builder door of the same
//! property; the tests check that the list is complete (a new direct call needs a row), that
//! the builder calls each of those rules, and, for tags and names, that both doors report the
//! same bad value with the same message and help.

use backup_dsl::lint::lint_template;
use backup_dsl::{BackupPlan, BackupPlanRule, BackupVault, Stack};
use serde_json::{json, Value};

/// `(rule-book function, template property the linter applies it to, builder door)`. The
/// builder calls the same function, except where [`BUILDER_WRAPPER`] names the rule-book
/// function that wraps it.
const LINT_DIRECT: &[(&str, &str, &str)] = &[
    (
        "check_org_region_covered",
        "a BACKUP_POLICY `Content.plans.*.regions` against the StackSets' `Regions` in the template",
        "`OrgBackup::app` (the rendered StackSet against the organization's Regions)",
    ),
    (
        "check_org_role_exists",
        "a BACKUP_POLICY's `iam_role_arn` against the roles of the StackSets' `TemplateBody`",
        "`OrgBackup` (a selection's `role_arn` against the member role)",
    ),
    (
        "check_org_management_account",
        "a BACKUP_POLICY's `TargetIds` naming the root, beside a StackSet",
        "`OrgBackup::target` (the root without `management_account`)",
    ),
    (
        "check_org_target_covered",
        "a BACKUP_POLICY's `TargetIds` against the StackSets' `DeploymentTargets`",
        "`OrgBackup::target` (an account without its OU)",
    ),
    (
        "check_org_vault_exists",
        "a BACKUP_POLICY's `target_backup_vault_name` against the vaults of the StackSets' `TemplateBody`",
        "`OrgBackup` (each rule's vault against the member template's)",
    ),
    (
        "check_stack_set_capabilities",
        "StackSet `Capabilities` against the IAM resources of its `TemplateBody`",
        "`OrgBackup::app` (the rendered StackSet)",
    ),
    (
        "check_stack_set_name",
        "StackSet `StackSetName`",
        "`OrgBackup::new` (`<id>-members`)",
    ),
    (
        "check_stack_set_nested",
        "the resource types of a StackSet's `TemplateBody`",
        "`OrgBackup::app` (the member template)",
    ),
    (
        "check_stack_set_permission_model",
        "StackSet `PermissionModel`, `AutoDeployment`, `DeploymentTargets`, roles",
        "`OrgBackup::app` (the rendered StackSet)",
    ),
    (
        "check_stack_set_region",
        "StackSet `StackInstancesGroup[].Regions[]`",
        "`OrgBackup::region`",
    ),
    (
        "check_stack_set_regions",
        "StackSet `StackInstancesGroup[].Regions` (empty)",
        "`OrgBackup::regions` (none)",
    ),
    (
        "check_stack_set_template_size",
        "StackSet `TemplateBody`",
        "`OrgBackup::app` (the member template)",
    ),
    (
        "check_air_gapped_removal_snapshot",
        "LogicallyAirGappedBackupVault `DeletionPolicy` / `UpdateReplacePolicy`",
        "`LogicallyAirGappedBackupVault::removal_policy`",
    ),
    (
        "check_control_parameter_name",
        "Framework `FrameworkControls[].ControlInputParameters[].ParameterName`",
        "`Control::parameter` (`Framework::validate`)",
    ),
    (
        "check_control_parameter_value",
        "Framework `ControlInputParameters[].ParameterValue`",
        "`Control::parameter` and the typed `Control` constructors",
    ),
    (
        "check_control_scope_ids",
        "Framework `ControlScope.ComplianceResourceIds`",
        "`ControlScope::resource_id` (`Framework` validation)",
    ),
    (
        "check_control_scope_kind",
        "Framework `ControlScope` (which scopes the control allows)",
        "`Control::scope`",
    ),
    (
        "check_control_scope_tags",
        "Framework `ControlScope.Tags`",
        "`ControlScope::tag`",
    ),
    (
        "check_control_scope_type",
        "Framework `ControlScope.ComplianceResourceTypes`",
        "`ControlScope::resource_type`",
    ),
    (
        "check_framework_description",
        "Framework `FrameworkDescription`",
        "`Framework::description`",
    ),
    (
        "check_framework_duplicate",
        "two `AWS::Backup::Framework` resources with the same controls",
        "two `Framework`s of a stack",
    ),
    (
        "check_framework_has_controls",
        "Framework `FrameworkControls`",
        "`Framework::control`",
    ),
    (
        "check_framework_name",
        "Framework `FrameworkName`",
        "`Framework::name`",
    ),
    (
        "check_framework_quota",
        "the frameworks and controls of the template",
        "the frameworks of a stack",
    ),
    (
        "check_report_cross_account",
        "ReportPlan `ReportSetting.Accounts` / `OrganizationUnits`",
        "`ReportPlan::account`, `ReportPlan::organization_unit`",
    ),
    (
        "check_report_format",
        "ReportPlan `ReportDeliveryChannel.Formats`",
        "`ReportPlan::format`",
    ),
    (
        "check_report_format_scope",
        "ReportPlan formats against its report template",
        "`ReportPlan::format` with its template",
    ),
    (
        "check_report_frameworks",
        "ReportPlan `ReportSetting.FrameworkArns`",
        "`ReportPlan::framework`",
    ),
    (
        "check_report_plan_description",
        "ReportPlan `ReportPlanDescription`",
        "`ReportPlan::description`",
    ),
    (
        "check_report_plan_name",
        "ReportPlan `ReportPlanName`",
        "`ReportPlan::name`",
    ),
    (
        "check_report_template",
        "ReportPlan `ReportSetting.ReportTemplate`",
        "`ReportPlan` (its template)",
    ),
    (
        "check_restore_time_target",
        "Framework restore-time control parameters",
        "`Control::restore_time`",
    ),
    (
        "check_plan_name",
        "BackupPlan `BackupPlanName`",
        "`BackupPlan::name`",
    ),
    (
        "check_policy_size",
        "`AWS::Organizations::Policy` `Content` given as a string (its length as written)",
        "`OrgPolicy::from_plans` (the minified policy)",
    ),
    (
        "check_resource_count",
        "`Resources`",
        "`Stack::synth` (the rendered resources)",
    ),
    (
        "check_restore_testing_algorithm",
        "RestoreTestingPlan `RecoveryPointSelection.Algorithm`",
        "`RestoreTestingPlan::algorithm` (typed, see `TYPED`)",
    ),
    (
        "check_restore_testing_recovery_point_types",
        "RestoreTestingPlan `RecoveryPointSelection.RecoveryPointTypes`",
        "`RestoreTestingPlan::recovery_point_types`",
    ),
    (
        "check_schedule",
        "`ScheduleExpression` of plan rules and restore testing plans",
        "`BackupPlanRule::schedule`, `RestoreTestingPlan::schedule`",
    ),
    (
        "check_selection_name",
        "BackupSelection `SelectionName`",
        "`BackupSelection::name`",
    ),
    (
        "check_tag_condition_type",
        "BackupSelection `ListOfTags[].ConditionType`",
        "`BackupResource::tag_condition`",
    ),
    (
        "check_tag_key",
        "`BackupPlanTags`, `BackupVaultTags`, `RecoveryPointTags`, `Tags[].Key`",
        "`Stack::tag`, `BackupPlanRule::recovery_point_tags`",
    ),
    (
        "check_tag_value",
        "`BackupPlanTags`, `BackupVaultTags`, `RecoveryPointTags`, `Tags[].Value`",
        "`Stack::tag`, `BackupPlanRule::recovery_point_tags`",
    ),
    (
        "check_vault_lock_known",
        "BackupVault `LockConfiguration`",
        "`BackupVault::lock_configuration`",
    ),
    (
        "check_template_inline_size",
        "the template file's size",
        "`Stack::synth` (the rendered template's size)",
    ),
    (
        "check_tiering_resource_type",
        "TieringConfiguration `ResourceSelection[].ResourceType`",
        "`TieringSelection` (typed, see `TYPED`)",
    ),
    (
        "check_vault_event",
        "`Notifications.BackupVaultEvents` of backup and air-gapped vaults (a name AWS does not know)",
        "`BackupVault::notification_events` (typed, see `TYPED`)",
    ),
    (
        "check_vault_removal_snapshot",
        "BackupVault `DeletionPolicy` / `UpdateReplacePolicy`",
        "`BackupVault::removal_policy`",
    ),
    (
        "property_type",
        "any property of the wrong JSON type",
        "every builder method (typed, see `TYPED`)",
    ),
];

/// `(linter's function, the builder's rule-book function that applies it)`.
const BUILDER_WRAPPER: &[(&str, &str)] = &[
    // CDK's stack resource limit: CloudFormation's 500 unless the stack sets another.
    ("check_resource_count", "check_resource_limit"),
];

/// Rules whose bad values the builder's types cannot express: `(function, the type)`.
const TYPED: &[(&str, &str)] = &[
    (
        "check_restore_testing_algorithm",
        "the `RestoreTestingAlgorithm` enum has only the values AWS takes",
    ),
    (
        "check_tiering_resource_type",
        "a `TieringSelection` always renders `ResourceType: S3` (`TIERING_RESOURCE_TYPE`), the only value AWS takes",
    ),
    (
        "check_vault_event",
        "the `BackupVaultEvent` enum has only the events AWS Backup sends",
    ),
    (
        "property_type",
        "Rust types: a builder value has the property's type",
    ),
];

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../backup-synth/src");

/// Every `rules::<name>` called in the `.rs` files of `dir` (recursively) that `keep` accepts.
fn rule_calls(dir: &std::path::Path, keep: &dyn Fn(&std::path::Path) -> bool) -> Vec<String> {
    let mut calls = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            calls.extend(rule_calls(&path, keep));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || !keep(&path) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("rules::") {
            let name: String = text[at + "rules::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.starts_with("check_") || name == "property_type" {
                calls.push(name);
            }
        }
    }
    calls.sort();
    calls.dedup();
    calls
}

fn is_lint(path: &std::path::Path) -> bool {
    path.components().any(|c| c.as_os_str() == "lint")
        || path.file_name().is_some_and(|n| n == "lint.rs")
}

#[test]
fn every_rule_the_linter_calls_itself_is_listed_with_its_builder_door() {
    let src = std::path::Path::new(SRC);
    let linter = rule_calls(src, &is_lint);
    let mut listed: Vec<String> = LINT_DIRECT.iter().map(|(f, _, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(
        linter, listed,
        "the linter's direct rule-book calls changed: add a row to LINT_DIRECT naming the builder door of the same property"
    );
    let builder = rule_calls(src, &|p| {
        !is_lint(p) && p.file_name().is_none_or(|n| n != "rules.rs")
    });
    for (function, property, door) in LINT_DIRECT {
        if TYPED.iter().any(|(typed, _)| typed == function) {
            continue;
        }
        let called = BUILDER_WRAPPER
            .iter()
            .find(|(inner, _)| inner == function)
            .map_or(*function, |(_, wrapper)| wrapper);
        assert!(
            builder.contains(&called.to_string()),
            "the linter applies `{function}` to {property}; the builder ({door}) never calls it"
        );
    }
}

/// `(rule, message, help)` of each error.
type Said = Vec<(String, String, String)>;

fn builder_says(stack: &Stack) -> Said {
    stack
        .synth()
        .expect_err("the builder rejects it")
        .errors()
        .map(|p| {
            let v = &p.violation;
            (v.rule.to_string(), v.message.clone(), v.help.clone())
        })
        .collect()
}

fn linter_says(template: &Value) -> Said {
    lint_template(template)
        .findings
        .iter()
        .filter(|f| f.severity == backup_dsl::Severity::Error)
        .map(|f| (f.rule.to_string(), f.message.clone(), f.help.clone()))
        .collect()
}

/// A valid template: one plan (with its rule) targeting one vault.
fn valid_template() -> Value {
    let vault = BackupVault::new("Vault").name("vault");
    let stack = Stack::new("Stack")
        .with(vault.clone())
        .with(BackupPlan::new("Plan").rule(BackupPlanRule::daily().name("Daily").vault(&vault)));
    stack.synth().expect("a valid stack").into_json()
}

/// The `Properties` of the first resource of `kind`.
fn properties<'t>(template: &'t mut Value, kind: &str) -> &'t mut Value {
    let resources = template["Resources"].as_object_mut().unwrap();
    let resource = resources
        .values_mut()
        .find(|r| r["Type"] == kind)
        .unwrap_or_else(|| panic!("no {kind}"));
    &mut resource["Properties"]
}

fn assert_same(builder: Said, linter: Said, case: &str) {
    assert!(!builder.is_empty(), "{case}: the builder accepts it");
    for said in &builder {
        assert!(
            linter.contains(said),
            "{case}: the linter does not say {said:?}; it says {linter:?}"
        );
    }
}

#[test]
fn stack_tags_get_the_linters_rules_for_plan_and_vault_tags() {
    let long_key = "k".repeat(129);
    let long_value = "v".repeat(257);
    for (key, value) in [
        ("", "x"),
        (long_key.as_str(), "x"),
        ("team", long_value.as_str()),
    ] {
        let builder = builder_says(
            &Stack::new("Stack")
                .tag(key, value)
                .with(BackupPlan::daily_35_day_retention("Plan")),
        );
        for (kind, property) in [
            ("AWS::Backup::BackupPlan", "BackupPlanTags"),
            ("AWS::Backup::BackupVault", "BackupVaultTags"),
        ] {
            let mut template = valid_template();
            properties(&mut template, kind)[property] = json!({ key: value });
            assert_same(
                builder.clone(),
                linter_says(&template),
                &format!("{property} {key:?}: {value:?}"),
            );
        }
    }
    // Within the limits, both doors accept.
    let fine = Stack::new("Stack")
        .tag("k".repeat(128), "v".repeat(256))
        .with(BackupPlan::daily_35_day_retention("Plan"));
    assert!(fine.synth().is_ok());
}

#[test]
fn recovery_point_tags_get_the_same_rules_at_both_doors() {
    let long_value = "v".repeat(257);
    for (key, value) in [("", "x"), ("team", long_value.as_str())] {
        let rule = BackupPlanRule::daily()
            .name("Daily")
            .recovery_point_tags([(key, value)]);
        let builder = builder_says(&Stack::new("Stack").with(BackupPlan::new("Plan").rule(rule)));
        let mut template = valid_template();
        properties(&mut template, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanRule"][0]
            ["RecoveryPointTags"] = json!({ key: value });
        assert_same(
            builder,
            linter_says(&template),
            &format!("RecoveryPointTags {key:?}: {value:?}"),
        );
    }
}

#[test]
fn plan_and_vault_names_get_the_same_rules_at_both_doors() {
    let builder = builder_says(
        &Stack::new("Stack").with(BackupPlan::daily_35_day_retention("Plan").name("bad name!")),
    );
    let mut template = valid_template();
    properties(&mut template, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanName"] =
        json!("bad name!");
    assert_same(builder, linter_says(&template), "BackupPlanName");
    let builder = builder_says(&Stack::new("Stack").with(BackupVault::new("Vault").name("a")));
    let mut template = valid_template();
    properties(&mut template, "AWS::Backup::BackupVault")["BackupVaultName"] = json!("a");
    assert_same(builder, linter_says(&template), "BackupVaultName");
}

#[test]
fn two_vaults_of_one_name_are_refused_at_both_doors() {
    let stack = Stack::new("Stack")
        .with(BackupVault::new("A").name("shared"))
        .with(BackupVault::new("B").name("shared"));
    let builder = builder_says(&stack);
    let template = Stack::new("Stack")
        .with(BackupVault::new("A").name("shared"))
        .with(BackupVault::new("B").name("other"))
        .synth()
        .expect("distinct names")
        .into_json();
    let mut template = template;
    let second = template["Resources"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .filter(|r| r["Type"] == "AWS::Backup::BackupVault")
        .nth(1)
        .unwrap();
    second["Properties"]["BackupVaultName"] = json!("shared");
    let linter = linter_says(&template);
    assert_same(builder.clone(), linter.clone(), "BackupVaultName twice");
    assert_eq!(builder.len(), 1, "{builder:?}");
    assert_eq!(linter.len(), 1, "reported once, not per door: {linter:?}");
}

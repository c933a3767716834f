//! Issue 6, selections and roles: tag conditions AND-ed beside the OR-ed resources, excluded
//! resources, ARN shape and count limits, the managed policies a generated role gets, and the
//! warnings (tags widened by a wildcard, a vault without a customer-managed key, deprecated
//! vault events, a cross-account copy out of an AWS-managed-key vault), each silenced by name.

use backup_dsl::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection, BackupVault,
    BackupVaultEvent, Environment, RolePolicies, Severity, Stack, TagCondition, VaultRef,
};
use backup_dsl_tests::{assert_cfn_lint_clean, error_ids, synth_err};
use serde_json::{json, Value};

const SELECTION: &str = "PlanSelectionF88CBC04";
const ROLE: &str = "PlanSelectionRole6D10F4B7";

fn stack_with(selection: BackupSelection) -> Stack {
    Stack::new("Stack").with(BackupPlan::daily_35_day_retention("Plan").selection(selection))
}

fn selection() -> BackupSelection {
    BackupSelection::new("Selection")
}

fn synth(stack: &Stack) -> Value {
    stack.synth().unwrap_or_else(|e| panic!("{e}")).into_json()
}

fn selection_json(template: &Value) -> &Value {
    &template["Resources"][SELECTION]["Properties"]["BackupSelection"]
}

fn policies(template: &Value) -> Vec<String> {
    let arns = template["Resources"][ROLE]["Properties"]["ManagedPolicyArns"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    arns.iter()
        .map(|arn| {
            arn["Fn::Join"][1][2]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn conditions_are_and_ed_and_a_conditions_only_selection_selects_star() {
    let template = synth(&stack_with(selection().all_of([
        TagCondition::equals("stage", "prod"),
        TagCondition::like("aws:ResourceTag/name", "db-*"),
        TagCondition::not_equals("tier", "scratch"),
        TagCondition::not_like("owner", "test-*"),
    ])));
    let selection = selection_json(&template);
    assert_eq!(
        selection["Conditions"],
        json!({
            "StringEquals": [{ "ConditionKey": "aws:ResourceTag/stage", "ConditionValue": "prod" }],
            "StringLike": [{ "ConditionKey": "aws:ResourceTag/name", "ConditionValue": "db-*" }],
            "StringNotEquals": [{ "ConditionKey": "aws:ResourceTag/tier", "ConditionValue": "scratch" }],
            "StringNotLike": [{ "ConditionKey": "aws:ResourceTag/owner", "ConditionValue": "test-*" }],
        })
    );
    assert_eq!(
        selection["Resources"],
        json!(["*"]),
        "AWS needs Resources or ListOfTags"
    );
    assert!(selection.get("ListOfTags").is_none());
    assert_cfn_lint_clean("selection-conditions", &template);
}

#[test]
fn resources_stay_or_ed_beside_conditions_and_exclusions_render_as_not_resources() {
    let template = synth(&stack_with(
        selection()
            .resource(BackupResource::arn(
                "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
            ))
            .resource(BackupResource::tag("backup", "true"))
            .condition(TagCondition::equals("stage", "prod"))
            .exclude("arn:aws:dynamodb:us-east-1:123456789012:table/orders-scratch"),
    ));
    let selection = selection_json(&template);
    assert_eq!(
        selection["Resources"],
        json!(["arn:aws:dynamodb:us-east-1:123456789012:table/orders"])
    );
    assert_eq!(selection["ListOfTags"][0]["ConditionKey"], "backup");
    assert_eq!(
        selection["NotResources"],
        json!(["arn:aws:dynamodb:us-east-1:123456789012:table/orders-scratch"])
    );
    assert_eq!(
        selection["Conditions"]["StringEquals"][0]["ConditionKey"],
        "aws:ResourceTag/stage"
    );
    assert_cfn_lint_clean("selection-resources-conditions-exclusions", &template);
}

#[test]
fn arns_are_checked_for_shape_and_wildcard_placement() {
    let error = synth_err(&stack_with(
        selection()
            .resource(BackupResource::arn("my-bucket"))
            .resource(BackupResource::arn("arn:aws:s3:::*-logs"))
            .exclude("arn:aws:s3"),
    ));
    assert_eq!(
        error_ids(&error),
        [
            (
                "selection-arn",
                "plans[Plan].selections[Selection].resources[0]".to_string()
            ),
            (
                "selection-arn",
                "plans[Plan].selections[Selection].not_resources[0]".to_string()
            ),
        ]
    );
    // A `*` inside a field: the API reference says "not supported", AWS's guide calls `*` "zero
    // or more non-whitespace characters": a warning, not an error.
    let wildcard = error
        .problems
        .iter()
        .find(|p| p.violation.rule == "selection-arn-wildcard")
        .expect("the wildcard warning");
    assert_eq!(wildcard.severity(), Severity::Warning);
    assert_eq!(
        wildcard.message(),
        "`arn:aws:s3:::*-logs` has a `*` inside a field; AWS Backup documents a wildcard at the end of an ARN (a prefix match) or as a whole Region or account field, so it may select nothing"
    );
    // AWS's own examples ("Assign resources with AWS CLI"; CDK's `integ.backup`): no finding.
    let fine = selection()
        .resource(BackupResource::arn("*"))
        .resource(BackupResource::arn("arn:aws:s3:::logs-*"))
        .resource(BackupResource::arn("arn:aws:ec2:*:*:instance/*"))
        .resource(BackupResource::arn("arn:aws:ec2:*:*:volume/*"))
        .resource(BackupResource::arn("arn:aws:rds:*:*:db:*"))
        .resource(BackupResource::arn("arn:aws:dynamodb:*:*:table/*"))
        .resource(BackupResource::arn("arn:aws:ec2:*"));
    let template = stack_with(fine)
        .synth()
        .expect("AWS's wildcards synthesize");
    assert!(
        template
            .warnings()
            .iter()
            .all(|w| w.violation.rule != "selection-arn-wildcard"),
        "{:?}",
        template.warnings()
    );
}

#[test]
fn at_most_500_arns_or_30_with_wildcards() {
    fn arns(n: usize, suffix: &'static str) -> impl Iterator<Item = BackupResource> {
        (0..n).map(move |i| BackupResource::arn(format!("arn:aws:s3:::bucket-{i}{suffix}")))
    }
    assert!(stack_with(selection().resources(arns(500, "")))
        .synth()
        .is_ok());
    let error = synth_err(&stack_with(selection().resources(arns(501, ""))));
    assert_eq!(
        error_ids(&error),
        [(
            "selection-arn-count",
            "plans[Plan].selections[Selection].resources".to_string()
        )]
    );
    assert_eq!(
        error.problems[0].message(),
        "`resources` lists 501 ARNs; AWS Backup takes at most 500 ARNs"
    );
    assert!(stack_with(selection().resources(arns(30, "*")))
        .synth()
        .is_ok());
    let error = synth_err(&stack_with(selection().resources(arns(31, "*"))));
    assert_eq!(
        error.problems[0].message(),
        "`resources` lists 31 ARNs; AWS Backup takes at most 30 ARNs when any has a wildcard"
    );
    let excluded = (0..31).fold(
        selection().resource(BackupResource::tag("a", "b")),
        |s, i| s.exclude(format!("arn:aws:s3:::b-{i}*")),
    );
    assert_eq!(
        error_ids(&synth_err(&stack_with(excluded)))[0].0,
        "selection-arn-count"
    );
}

#[test]
fn a_condition_key_must_name_a_tag() {
    let error = synth_err(&stack_with(
        selection().condition(TagCondition::equals("aws:ResourceTag/", "x")),
    ));
    assert_eq!(
        error_ids(&error),
        [(
            "selection-condition-key",
            "plans[Plan].selections[Selection].all_of[0]".to_string()
        )]
    );
}

#[test]
fn the_generated_role_gets_exactly_the_policies_its_selection_needs() {
    let s3_backup = ":iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup";
    let s3_restore = ":iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore";
    let backup = ":iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup";
    let restores = ":iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores";

    let dynamodb = selection().resource(BackupResource::dynamodb_table("orders"));
    assert_eq!(policies(&synth(&stack_with(dynamodb.clone()))), [backup]);
    assert_eq!(
        policies(&synth(&stack_with(dynamodb.allow_restores(true)))),
        [backup, restores]
    );

    let bucket = selection().resource(BackupResource::arn("arn:aws:s3:::reports"));
    assert_eq!(
        policies(&synth(&stack_with(bucket.clone()))),
        [backup, s3_backup]
    );
    assert_eq!(
        policies(&synth(&stack_with(bucket.clone().allow_restores(true)))),
        [backup, restores, s3_backup, s3_restore]
    );
    assert_eq!(
        policies(&synth(&stack_with(
            bucket
                .clone()
                .allow_restores(true)
                .disable_default_backup_policy(true)
        ))),
        [restores, s3_restore]
    );

    for can_cover_s3 in [
        selection().resource(BackupResource::tag("backup", "true")),
        selection().condition(TagCondition::equals("backup", "true")),
        selection().resource(BackupResource::arn("*")),
    ] {
        assert_eq!(
            policies(&synth(&stack_with(can_cover_s3))),
            [backup, s3_backup]
        );
    }

    let as_cdk = stack_with(bucket.allow_restores(true)).role_policies(RolePolicies::AsCdk);
    let template = synth(&as_cdk);
    assert_eq!(
        policies(&template),
        [backup, restores],
        "CDK never attaches the S3 policies"
    );
    let s3 = synth(&stack_with(
        selection()
            .resource(BackupResource::tag("a", "b"))
            .allow_restores(true),
    ));
    assert_cfn_lint_clean("selection-s3-policies", &s3);
}

fn warnings(stack: &Stack) -> Vec<(&'static str, String)> {
    stack
        .synth()
        .unwrap_or_else(|e| panic!("{e}"))
        .warnings()
        .iter()
        .map(|w| (w.violation.rule, w.path.clone()))
        .collect()
}

#[test]
fn a_wildcard_beside_tags_widens_the_selection_a_warning() {
    let widened = stack_with(
        selection()
            .resource(BackupResource::tag("stage", "prod"))
            .resource(BackupResource::arn(
                "arn:aws:ec2:us-east-1:123456789012:volume/*",
            )),
    );
    assert_eq!(
        warnings(&widened),
        [(
            "selection-tags-widened-by-wildcard",
            "plans[Plan].selections[Selection].resources".to_string()
        )]
    );
    assert!(warnings(&widened.allow("selection-tags-widened-by-wildcard")).is_empty());
}

#[test]
fn vault_warnings_customer_key_and_deprecated_events() {
    let vault = BackupVault::new("Vault")
        .notification_topic("arn:aws:sns:us-east-1:123456789012:backups")
        .notification_events([
            BackupVaultEvent::BackupJobCompleted,
            BackupVaultEvent::BackupJobFailed,
        ]);
    let stack = Stack::new("Stack").with(vault.clone());
    assert_eq!(
        warnings(&stack),
        [
            (
                "vault-without-customer-key",
                "vaults[Vault].encryption_key".to_string()
            ),
            (
                "vault-event-deprecated",
                "vaults[Vault].notification_events[1]".to_string()
            ),
        ]
    );
    let problems = stack.validate();
    assert_eq!(
        problems[1].violation.help,
        "use `BACKUP_JOB_COMPLETED` (its message carries the job's state)"
    );
    let keyed = Stack::new("Stack").with(vault.encryption_key(
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    ));
    assert_eq!(warnings(&keyed.allow("vault-event-deprecated")), []);
}

#[test]
fn a_cross_account_copy_out_of_an_aws_managed_key_vault_warns() {
    let copy = BackupPlanRule::daily().copy_action(BackupPlanCopyAction::new(VaultRef::from_arn(
        "arn:aws:backup:us-west-2:222222222222:backup-vault:dr",
    )));
    let plan = |vault: BackupVault| {
        BackupPlan::new("Plan")
            .vault(vault.reference())
            .rule(copy.clone())
    };
    let stack = |vault: BackupVault| {
        Stack::new("Stack")
            .environment(Environment::new("111111111111", "us-east-1"))
            .with(vault.clone())
            .with(plan(vault))
    };
    let managed = stack(BackupVault::new("Source")).allow("vault-without-customer-key");
    assert_eq!(
        warnings(&managed),
        [(
            "cross-account-copy-aws-managed-key",
            "plans[Plan].rules[0].copy_actions[0].destination".to_string()
        )]
    );
    let keyed = stack(
        BackupVault::new("Source").encryption_key("arn:aws:kms:us-east-1:111111111111:key/abc"),
    );
    assert_eq!(warnings(&keyed), []);
}

#[test]
fn a_zero_completion_window_is_a_warning_not_an_error() {
    // AWS documents no minimum (rules row 8): not refused, so not an error; but nothing can finish.
    let rule = BackupPlanRule::daily().completion_window(backup_dsl::Duration::minutes(0));
    let stack = Stack::new("Stack").with(BackupPlan::new("Plan").rule(rule));
    assert_eq!(
        warnings(&stack),
        [(
            "completion-window-range",
            "plans[Plan].rules[0].completion_window".to_string()
        )]
    );
}

//! Compliance as code: each AWS Backup Audit Manager control declared in a `Framework` next
//! to the plans, proven at synthesis. For each provable control, a stack that meets it and one
//! that misses it by the smallest step (an error naming the control, at the control's path).

use backup_dsl::lint::{lint_template_with, LintOptions};
use backup_dsl::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupVault, Control, ControlScope,
    DeletionProtection, Duration, Environment, Framework, FrameworkRef, LockConfiguration,
    LogicallyAirGappedBackupVault, Problem, ReportFormat, ReportPlan, ReportTemplate, Severity,
    Stack, VaultRef,
};

const FREQUENCY: &str = "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK";

/// A stack in eu-west-1 of account 111122223333 with `items` and a framework of `control`.
fn stack(items: Vec<backup_dsl::StackItem>, control: Control) -> Stack {
    let mut stack = Stack::new("Audited")
        .environment(Environment::new("111122223333", "eu-west-1"))
        .allow("framework-config-recording");
    for item in items {
        stack.add(item);
    }
    stack.add(Framework::new("Audit").control(control));
    stack
}

fn plan(rule: BackupPlanRule) -> BackupPlan {
    BackupPlan::new("Plan").rule(rule)
}

fn rule(schedule: &str, days: i64) -> BackupPlanRule {
    BackupPlanRule::new()
        .name("Main")
        .schedule(schedule)
        .delete_after(Duration::days(days))
}

/// The problems of rule `control` at the framework's control path.
fn findings(stack: &Stack, control: &str) -> Vec<Problem> {
    stack
        .validate()
        .into_iter()
        .filter(|p| p.violation.rule == control)
        .collect()
}

fn assert_met(stack: &Stack, control: &str) {
    let found = findings(stack, control);
    assert!(
        found.iter().all(|p| p.severity() == Severity::Warning),
        "{control} should be met: {found:#?}"
    );
    stack.synth().unwrap_or_else(|e| panic!("{e}"));
}

fn assert_missed(stack: &Stack, control: &str, words: &[&str]) -> Problem {
    let found = findings(stack, control);
    let error = found
        .iter()
        .find(|p| p.severity() == Severity::Error)
        .unwrap_or_else(|| panic!("{control} should fail: {found:#?}"))
        .clone();
    assert_eq!(error.path, "frameworks[Audit].controls[0]");
    for word in words {
        assert!(
            error.violation.message.contains(word) || error.violation.help.contains(word),
            "`{word}` missing from {error:#?}"
        );
    }
    assert!(stack.synth().is_err());
    assert_linter_agrees(stack, control, &error);
    error
}

/// The linter, given the rendered template, reports the same words at the control's pointer:
/// a warning by default, an error with `--controls=error`, with the plans/vaults at fault.
fn assert_linter_agrees(stack: &Stack, control: &str, error: &Problem) {
    let (json, _) = stack.render_despite_errors();
    // A template does not say which account and Region it deploys to: a copy to the same
    // Region or account is undecidable there (at most a warning) unless the control lists them.
    let undecidable = control.contains("CROSS_")
        && !error.violation.message.contains(" or ")
        && !error.violation.message.contains("to us-east-1");
    for (controls_as_errors, severity) in [(false, Severity::Warning), (true, Severity::Error)] {
        let report = lint_template_with(&json, LintOptions { controls_as_errors });
        let severity = if undecidable {
            Severity::Warning
        } else {
            severity
        };
        let finding = report
            .findings
            .iter()
            .find(|f| f.rule == control && f.severity == severity)
            .unwrap_or_else(|| panic!("linter: no {severity:?} {control}: {:#?}", report.findings));
        assert_eq!(
            finding.pointer,
            "/Resources/Audit/Properties/FrameworkControls/0"
        );
        assert!(!finding.related.is_empty(), "{finding:#?}");
        assert!(finding.related.iter().all(|r| r.starts_with("/Resources/")));
        // A message quoting the stack's account or Region reads `${AWS::…}` in the linter.
        let env_words = ["111122223333", "eu-west-1"];
        if !undecidable
            && !env_words
                .iter()
                .any(|w| error.violation.message.contains(w))
        {
            assert_eq!(finding.message, error.violation.message);
            assert_eq!(finding.help, error.violation.help);
        }
    }
}

#[test]
fn frequency_and_retention_daily_35_days() {
    let control = || Control::min_frequency_and_retention(Duration::days(1), 35);
    assert_met(
        &stack(vec![plan(rule("cron(0 5 * * ? *)", 35)).into()], control()),
        FREQUENCY,
    );
    // Retention one day short.
    assert_missed(
        &stack(vec![plan(rule("cron(0 5 * * ? *)", 34)).into()], control()),
        FREQUENCY,
        &["Plan", "`Main`", "keeps 34 days", "35 days"],
    );
    // Weekdays only: a 3-day gap over the weekend fails a daily control.
    assert_missed(
        &stack(
            vec![plan(rule("cron(0 5 ? * MON-FRI *)", 35)).into()],
            control(),
        ),
        FREQUENCY,
        &["3 days apart", "MON-FRI"],
    );
}

#[test]
fn frequency_in_hours_one_hour_too_long() {
    let control = || Control::min_frequency_and_retention(Duration::hours(12), 7);
    assert_met(
        &stack(
            vec![plan(rule("cron(0 */12 * * ? *)", 7)).into()],
            control(),
        ),
        FREQUENCY,
    );
    // Runs at 00:00 and 13:00: a 13-hour gap.
    assert_missed(
        &stack(
            vec![plan(rule("cron(0 0,13 * * ? *)", 7)).into()],
            control(),
        ),
        FREQUENCY,
        &["13 hours apart", "12 hours"],
    );
}

#[test]
fn frequency_counts_daylight_saving_time() {
    // 05:00 in New York is 25 hours after the previous 05:00 on the fall-back day.
    let control = || Control::min_frequency_and_retention(Duration::hours(24), 7);
    let in_new_york = rule("cron(0 5 * * ? *)", 7).schedule_timezone("America/New_York");
    assert_missed(
        &stack(vec![plan(in_new_york).into()], control()),
        FREQUENCY,
        &["1 day 1 hour apart"],
    );
    assert_met(
        &stack(vec![plan(rule("cron(0 5 * * ? *)", 7)).into()], control()),
        FREQUENCY,
    );
}

#[test]
fn a_schedule_that_ends_has_an_unbounded_gap() {
    let control = Control::min_frequency_and_retention(Duration::days(1), 7);
    assert_missed(
        &stack(
            vec![plan(rule("cron(0 5 * * ? 2026-2040)", 7)).into()],
            control,
        ),
        FREQUENCY,
        &["unbounded"],
    );
}

#[test]
fn scope_by_tag_and_id() {
    let control = || {
        Control::min_frequency_and_retention(Duration::days(1), 35)
            .scope(ControlScope::default().tag("audit", "yes"))
    };
    // Not tagged: nothing in scope, nothing to fail.
    assert_met(
        &stack(
            vec![plan(rule("cron(0 5 ? * MON-FRI *)", 35)).into()],
            control(),
        ),
        FREQUENCY,
    );
    let tagged = stack(
        vec![plan(rule("cron(0 5 ? * MON-FRI *)", 35)).into()],
        control(),
    )
    .tag("audit", "yes");
    assert_missed(&tagged, FREQUENCY, &["Plan"]);
}

#[test]
fn minimum_retention() {
    let control = "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK";
    let copy = |days| {
        rule("cron(0 5 * * ? *)", 35).copy_action(
            BackupPlanCopyAction::new(VaultRef::from_arn(
                "arn:aws:backup:eu-west-2:111122223333:backup-vault:dr",
            ))
            .delete_after(Duration::days(days)),
        )
    };
    assert_met(
        &stack(vec![plan(copy(35)).into()], Control::minimum_retention(35)),
        control,
    );
    assert_missed(
        &stack(vec![plan(copy(34)).into()], Control::minimum_retention(35)),
        control,
        &["copy to", "34 days"],
    );
}

fn copy_to(arn: &str) -> BackupPlanRule {
    rule("cron(0 5 * * ? *)", 35).copy_action(BackupPlanCopyAction::new(VaultRef::from_arn(arn)))
}

#[test]
fn cross_region_copy() {
    let control = "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION";
    let other = "arn:aws:backup:eu-west-2:111122223333:backup-vault:dr";
    let same = "arn:aws:backup:eu-west-1:111122223333:backup-vault:dr";
    assert_met(
        &stack(
            vec![plan(copy_to(other)).into()],
            Control::cross_region(["eu-west-2"]),
        ),
        control,
    );
    // A copy to the same Region.
    assert_missed(
        &stack(
            vec![plan(copy_to(same)).into()],
            Control::cross_region(Vec::<String>::new()),
        ),
        control,
        &["another Region"],
    );
    // Another Region, but not the listed one.
    assert_missed(
        &stack(
            vec![plan(copy_to(other)).into()],
            Control::cross_region(["us-east-1"]),
        ),
        control,
        &["us-east-1"],
    );
}

#[test]
fn cross_account_copy() {
    let control = "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT";
    let other = "arn:aws:backup:eu-west-1:444455556666:backup-vault:dr";
    let same = "arn:aws:backup:eu-west-2:111122223333:backup-vault:dr";
    assert_met(
        &stack(
            vec![plan(copy_to(other)).into()],
            Control::cross_account(["444455556666"]),
        ),
        control,
    );
    assert_missed(
        &stack(
            vec![plan(copy_to(same)).into()],
            Control::cross_account(Vec::<String>::new()),
        ),
        control,
        &["another account"],
    );
}

#[test]
fn vault_lock() {
    let control = "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK";
    let locked = |min: i64| {
        BackupVault::new("Vault").lock_configuration(
            LockConfiguration::new(Duration::days(min))
                .max_retention(Duration::days(3650))
                .changeable_for(Duration::days(3)),
        )
    };
    let planned = || plan(rule("cron(0 5 * * ? *)", 35)).vault(VaultRef::in_stack("Vault"));
    assert_met(
        &stack(
            vec![locked(7).into(), planned().into()],
            Control::vault_lock(Some(7), Some(3650)),
        ),
        control,
    );
    // The lock keeps one day less than required.
    assert_missed(
        &stack(
            vec![locked(6).into(), planned().into()],
            Control::vault_lock(Some(7), Some(3650)),
        ),
        control,
        &["Vault", "6 days, less than 7"],
    );
    assert_missed(
        &stack(
            vec![BackupVault::new("Vault").into(), planned().into()],
            Control::vault_lock(None, None),
        ),
        control,
        &["no vault lock"],
    );
}

#[test]
fn manual_deletion_disabled_is_proven_from_the_rendered_policy() {
    let control = "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED";
    let compliant = BackupVault::new("Vault").block_recovery_point_deletion(true);
    assert_met(
        &stack(
            vec![compliant.into()],
            Control::manual_deletion_disabled(Vec::<String>::new()),
        ),
        control,
    );
    // CDK's statement lacks `backup:PutBackupVaultAccessPolicy`.
    let as_cdk =
        BackupVault::new("Vault").block_recovery_point_deletion_with(DeletionProtection::AsCdk);
    assert_missed(
        &stack(
            vec![as_cdk.into()],
            Control::manual_deletion_disabled(Vec::<String>::new()),
        ),
        control,
        &["Vault", "backup:PutBackupVaultAccessPolicy"],
    );
}

#[test]
fn last_recovery_point_is_a_proxy() {
    let control = "BACKUP_LAST_RECOVERY_POINT_CREATED";
    let met = stack(
        vec![plan(rule("cron(0 5 * * ? *)", 35)).into()],
        Control::last_recovery_point(Duration::days(1)),
    );
    let found = findings(&met, control);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity(), Severity::Warning);
    assert!(found[0].violation.message.contains("assuming"));
    assert_missed(
        &stack(
            vec![plan(rule("cron(0 5 ? * MON-FRI *)", 35)).into()],
            Control::last_recovery_point(Duration::days(1)),
        ),
        control,
        &["3 days"],
    );
}

#[test]
fn air_gapped_vault() {
    let control = "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT";
    let lag =
        || LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(90));
    let copying = rule("cron(0 5 * * ? *)", 35)
        .copy_action(BackupPlanCopyAction::new(VaultRef::air_gapped("AirGapped")));
    assert_met(
        &stack(
            vec![lag().into(), plan(copying).into()],
            Control::air_gapped(Duration::days(7)),
        ),
        control,
    );
    assert_missed(
        &stack(
            vec![lag().into(), plan(rule("cron(0 5 * * ? *)", 35)).into()],
            Control::air_gapped(Duration::days(7)),
        ),
        control,
        &["logically air-gapped"],
    );
}

#[test]
fn unknown_control_is_a_warning_that_it_is_not_proven() {
    let stack = stack(vec![], Control::named("BACKUP_SOMETHING_NEW"));
    let template = stack.synth().unwrap();
    let warning = template
        .warnings()
        .iter()
        .find(|p| p.violation.rule == "framework-control-name")
        .unwrap();
    assert!(warning.violation.message.contains("not proven"));
}

#[test]
fn framework_rules() {
    let bad = Stack::new("S")
        .with(Framework::new("A").name("bad-name"))
        .with(
            Framework::new("B").control(
                Control::min_frequency_and_retention(Duration::hours(25), 35)
                    .scope(ControlScope::default().resource_type("RDS")),
            ),
        );
    let rules: Vec<&str> = bad.validate().iter().map(|p| p.violation.rule).collect();
    for expected in [
        "framework-name",
        "framework-empty",
        "framework-control-parameter",
        "framework-control-scope",
        "framework-config-recording",
    ] {
        assert!(rules.contains(&expected), "{expected} not in {rules:?}");
    }
    let duplicate = Stack::new("S")
        .allow("framework-config-recording")
        .with(Framework::new("A").control(Control::encrypted()))
        .with(Framework::new("B").control(Control::encrypted()));
    let errors: Vec<_> = duplicate
        .validate()
        .into_iter()
        .filter(|p| p.violation.rule == "framework-duplicate")
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, "frameworks[B].controls");
}

#[test]
fn report_plan_rules_and_synthesis() {
    let report = ReportPlan::new("Report", ReportTemplate::ControlCompliance, "audit-bucket")
        .format(ReportFormat::Json)
        .framework(FrameworkRef::InStack("Audit".into()));
    let stack = stack(
        vec![report.into(), plan(rule("cron(0 5 * * ? *)", 35)).into()],
        Control::min_frequency_and_retention(Duration::days(1), 35),
    );
    let template = stack.synth().unwrap();
    let resources = &template.json()["Resources"];
    assert_eq!(
        resources["Report"]["Properties"]["ReportSetting"]["FrameworkArns"][0]["Ref"],
        "Audit"
    );
    let framework = &resources["Audit"]["Properties"]["FrameworkControls"][0];
    assert_eq!(framework["ControlName"], FREQUENCY);
    assert_eq!(
        framework["ControlInputParameters"][1]["ParameterValue"],
        "1"
    );
    let jobs = Stack::new("S").with(
        ReportPlan::new("Jobs", ReportTemplate::BackupJob, "bucket")
            .framework(FrameworkRef::InStack("Missing".into())),
    );
    let rules: Vec<&str> = jobs.validate().iter().map(|p| p.violation.rule).collect();
    assert!(rules.contains(&"report-frameworks"), "{rules:?}");
    assert!(rules.contains(&"framework-not-in-stack"), "{rules:?}");
}

/// Templates with frameworks and report plans pass cfn-lint 1.58.0 with no finding.
#[test]
fn frameworks_and_report_plans_pass_cfn_lint() {
    let every_control = Framework::new("Every")
        .name("Every_Control")
        .description("Every control")
        .control(
            Control::protected_by_backup_plan().scope(ControlScope::default().resource_type("RDS")),
        )
        .control(Control::min_frequency_and_retention(
            Duration::hours(24),
            35,
        ))
        .control(Control::manual_deletion_disabled([
            "arn:aws:iam::111122223333:role/BreakGlass",
        ]))
        .control(Control::encrypted().scope(ControlScope::default().tag("audit", "")))
        .control(Control::minimum_retention(35))
        .control(Control::cross_region(["eu-west-2"]))
        .control(Control::cross_account(["444455556666"]))
        .control(Control::vault_lock(Some(7), Some(3650)))
        .control(Control::last_recovery_point(Duration::days(1)))
        .control(Control::restore_time(720))
        .control(Control::air_gapped(Duration::days(7)).scope(
            ControlScope::default().resource_id("arn:aws:rds:eu-west-1:111122223333:db:main"),
        ));
    let stack = Stack::new("Audited")
        .environment(Environment::new("111122223333", "eu-west-1"))
        .tag("team", "backup")
        .with(plan(rule("cron(0 5 * * ? *)", 35)))
        .with(every_control)
        .with(
            ReportPlan::new(
                "Compliance",
                ReportTemplate::ResourceCompliance,
                "audit-bucket",
            )
            .name("Compliance_Report")
            .description("Daily compliance")
            .key_prefix("reports")
            .format(ReportFormat::Csv)
            .format(ReportFormat::Json)
            .framework(FrameworkRef::InStack("Every".into())),
        )
        .with(ReportPlan::new(
            "Jobs",
            ReportTemplate::BackupJob,
            "audit-bucket",
        ));
    let (json, _) = stack.render_despite_errors();
    let Some(findings) = backup_dsl_tests::cfn_lint(&[("compliance".to_string(), json)]) else {
        return;
    };
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn messages_read_well() {
    let stack = stack(
        vec![plan(rule("cron(0 5 ? * MON-FRI *)", 34)).into()],
        Control::min_frequency_and_retention(Duration::days(1), 35),
    );
    let error = stack.synth().unwrap_err();
    let text = error.to_string();
    assert!(text.contains("plan Plan"), "{text}");
    println!("{text}");
}

/// The rule book's control table (`rules::CONTROLS`) says what the reference says: the 11
/// names, each control's parameter names and its allowed scopes
/// (`tests/fixtures/aws-backup-controls.json`, from AWS's "Controls and remediation").
#[test]
fn control_table_matches_the_reference() {
    let reference: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/aws-backup-controls.json")).unwrap();
    let controls = reference["controls"].as_array().unwrap();
    assert_eq!(controls.len(), backup_dsl::rules::CONTROLS.len());
    for control in controls {
        let name = control["name"].as_str().unwrap();
        let ours = backup_dsl::rules::control(name).unwrap_or_else(|| panic!("{name} missing"));
        let params: Vec<&str> = control["params"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let our_params: Vec<&str> = ours.parameters.iter().map(|p| p.name).collect();
        assert_eq!(our_params, params, "{name}");
        let scopes: Vec<&str> = control["scopes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().trim_end_matches("(default)"))
            .collect();
        let our_scopes: Vec<&str> = ours
            .scopes
            .iter()
            .map(|s| match s {
                backup_dsl::rules::ScopeKind::Tags => "tags",
                backup_dsl::rules::ScopeKind::Types => "types",
                backup_dsl::rules::ScopeKind::Ids => "single",
            })
            .collect();
        assert_eq!(our_scopes, scopes, "{name}");
    }
}

/// Control 1 through the coverage analysis: a table selected by name is protected; one
/// selected under another name is not.
#[test]
fn resources_protected_by_a_plan() {
    use backup_dsl::{BackupResource, BackupSelection, CfnResource};
    let control = "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN";
    let table = || {
        CfnResource::new("Table", "AWS::DynamoDB::Table")
            .properties(serde_json::json!({"TableName": "orders"}))
    };
    let selecting = |name: &str| {
        plan(rule("cron(0 5 * * ? *)", 35)).selection(
            BackupSelection::new("Selection").resource(BackupResource::dynamodb_table(name)),
        )
    };
    let scope = || ControlScope::default().resource_type("DynamoDB");
    assert_met(
        &stack(
            vec![table().into(), selecting("orders").into()],
            Control::protected_by_backup_plan().scope(scope()),
        ),
        control,
    );
    assert_missed(
        &stack(
            vec![table().into(), selecting("order").into()],
            Control::protected_by_backup_plan().scope(scope()),
        ),
        control,
        &["DynamoDB resource `Table` is in no backup plan"],
    );
}

/// A control scoped by resource type is proven per resource of those types: each must be
/// covered by a plan that meets it (here: copies to another Region). Resources of other types,
/// and the plans that cover only them, are out of scope.
#[test]
fn scope_by_resource_type_is_proven_per_resource() {
    use backup_dsl::{BackupResource, BackupSelection, CfnResource};
    let control = "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION";
    let other = "arn:aws:backup:eu-west-2:111122223333:backup-vault:dr";
    let table = |id: &str, name: &str| {
        CfnResource::new(id, "AWS::DynamoDB::Table")
            .properties(serde_json::json!({ "TableName": name }))
    };
    let volume = CfnResource::new("Volume", "AWS::EC2::Volume")
        .properties(serde_json::json!({ "AvailabilityZone": "eu-west-1a", "Size": 10 }));
    let plan_for = |id: &str, rule: BackupPlanRule, table: &str| {
        BackupPlan::new(id).rule(rule).selection(
            BackupSelection::new("Selection").resource(BackupResource::dynamodb_table(table)),
        )
    };
    let local = || rule("cron(0 5 * * ? *)", 35);
    let scope = || ControlScope::default().resource_type("DynamoDB");
    let volumes = BackupPlan::new("Volumes").rule(local()).selection(
        BackupSelection::new("Selection").resource(BackupResource::arn("arn:aws:ec2:*:*:volume/*")),
    );
    // The table's plan copies to eu-west-2; the volumes' plan does not, and is out of scope.
    assert_met(
        &stack(
            vec![
                table("Orders", "orders").into(),
                volume.clone().into(),
                plan_for("Tables", copy_to(other), "orders").into(),
                volumes.clone().into(),
            ],
            Control::cross_region(["eu-west-2"]).scope(scope()),
        ),
        control,
    );
    // A second table covered only by a plan that keeps its copies local: an error naming that
    // plan, with the table among the resources at fault.
    let stack = stack(
        vec![
            table("Orders", "orders").into(),
            table("Ledger", "ledger").into(),
            volume.into(),
            plan_for("Tables", copy_to(other), "orders").into(),
            plan_for("Local", local(), "ledger").into(),
            volumes.into(),
        ],
        Control::cross_region(["eu-west-2"]).scope(scope()),
    );
    let error = assert_missed(&stack, control, &["Local", "eu-west-2"]);
    let note = error.violation.note.clone().unwrap_or_default();
    assert!(note.contains("/Resources/Ledger"), "{error:#?}");
    assert!(!note.contains("/Resources/Orders"), "{error:#?}");
    assert!(!error.violation.message.contains("Volumes"), "{error:#?}");
}

/// Control 4: a backed-up database whose storage is not encrypted has unencrypted recovery
/// points (an error); one whose encryption the template cannot tell (an EBS volume without
/// `Encrypted`: the account's default decides) is a warning; types AWS Backup encrypts with the
/// vault's key pass.
#[test]
fn recovery_points_encrypted() {
    use backup_dsl::{BackupResource, BackupSelection, CfnResource};
    let control = "BACKUP_RECOVERY_POINT_ENCRYPTED";
    let database = |encrypted: Option<bool>| {
        let mut properties = serde_json::json!({
            "DBInstanceIdentifier": "orders", "DBInstanceClass": "db.t3.micro",
            "Engine": "postgres", "AllocatedStorage": "20",
        });
        if let Some(encrypted) = encrypted {
            properties["StorageEncrypted"] = encrypted.into();
        }
        CfnResource::new("Orders", "AWS::RDS::DBInstance").properties(properties)
    };
    let bucket = CfnResource::new("Bucket", "AWS::S3::Bucket")
        .properties(serde_json::json!({ "BucketName": "orders-archive" }));
    let everything = || {
        plan(rule("cron(0 5 * * ? *)", 35)).selection(
            BackupSelection::new("Selection")
                .resource(BackupResource::arn("arn:aws:rds:*:*:db:*"))
                .resource(BackupResource::arn("arn:aws:s3:::orders-archive")),
        )
    };
    assert_met(
        &stack(
            vec![
                database(Some(true)).into(),
                bucket.clone().into(),
                everything().into(),
            ],
            Control::named(control),
        ),
        control,
    );
    assert_missed(
        &stack(
            vec![database(None).into(), bucket.into(), everything().into()],
            Control::named(control),
        ),
        control,
        &[
            "`Orders` is backed up but not encrypted",
            "StorageEncrypted",
        ],
    );
    let volume = CfnResource::new("Volume", "AWS::EC2::Volume")
        .properties(serde_json::json!({ "AvailabilityZone": "eu-west-1a", "Size": 10 }));
    let volumes = plan(rule("cron(0 5 * * ? *)", 35)).selection(
        BackupSelection::new("Selection").resource(BackupResource::arn("arn:aws:ec2:*:*:volume/*")),
    );
    let stack = stack(vec![volume.into(), volumes.into()], Control::named(control));
    let found = findings(&stack, control);
    assert!(
        found.len() == 1
            && found[0].severity() == Severity::Warning
            && found[0]
                .violation
                .message
                .contains("EBS encryption by default"),
        "{found:#?}"
    );
}

//! The types and properties of issue 12 through the builder: tiering configurations, legal
//! holds, malware scanning, archive opt-in and S3 advanced backup options — each rule with its
//! id, path and words, and the rendered properties.

use backup_dsl::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupVault, Duration, LegalHold, Problem,
    S3BackupOptions, ScanMode, ScanSetting, Stack, TieringConfiguration, TieringSelection,
    VaultRef,
};
use backup_dsl_tests::synth_err;

const ROLE: &str = "arn:aws:iam::123456789012:role/scanner";

/// `(rule, path, message)` of every problem, in order.
fn found<'a>(problems: impl IntoIterator<Item = &'a Problem>) -> Vec<(&'a str, &'a str, &'a str)> {
    problems
        .into_iter()
        .map(|p| (p.violation.rule, p.path.as_str(), p.message()))
        .collect()
}

fn tiering(selection: TieringSelection) -> Stack {
    let vault = BackupVault::new("Vault");
    let configuration = TieringConfiguration::new("Tiering", &vault).selection(selection);
    Stack::new("Stack").with(vault).with(configuration)
}

#[test]
fn tiering_down_days_lie_in_60_to_36500() {
    for days in [60, 36_500] {
        assert!(tiering(TieringSelection::all_buckets(Duration::days(days)))
            .synth()
            .is_ok());
    }
    let error = synth_err(&tiering(TieringSelection::all_buckets(Duration::days(59))));
    assert_eq!(
        found(error.errors()),
        [(
            "tiering-down-days",
            "tiering_configurations[Tiering].selections[0].tier_down_after",
            "backups move to the warm tier after 59 days; AWS takes 60 to 36500 days"
        )]
    );
    let error = synth_err(&tiering(TieringSelection::all_buckets(Duration::hours(
        1500,
    ))));
    assert_eq!(
        found(error.errors()),
        [(
            "duration-not-whole",
            "tiering_configurations[Tiering].selections[0].tier_down_after",
            "`tier_down_after` is `1500 hours`, which cannot be converted into a whole number of days"
        )]
    );
}

#[test]
fn tiering_names_selections_and_resources() {
    let vault = BackupVault::new("Vault");
    let configuration = TieringConfiguration::all_vaults("Tiering").name("warm-tier");
    let error = synth_err(&Stack::new("Stack").with(vault).with(configuration));
    assert_eq!(
        found(error.errors()),
        [
            (
                "tiering-name",
                "tiering_configurations[Tiering].name",
                "tiering configuration name `warm-tier` contains `-`; AWS takes letters, digits and `_` only"
            ),
            (
                "tiering-selection-count",
                "tiering_configurations[Tiering].selections",
                "the tiering configuration has 0 resource selections; AWS takes 1 to 5"
            ),
        ]
    );
    let error = synth_err(&tiering(TieringSelection::buckets(
        ["my-bucket"],
        Duration::days(90),
    )));
    assert_eq!(
        found(error.errors()),
        [(
            "tiering-resources",
            "tiering_configurations[Tiering].selections[0].resources",
            "tiering resource `my-bucket` is not an S3 bucket ARN"
        )]
    );
}

#[test]
fn tiering_renders_the_vault_name_and_a_generated_name() {
    let template = tiering(TieringSelection::buckets(
        ["arn:aws:s3:::logs"],
        Duration::days(90),
    ))
    .synth()
    .expect("synthesizes");
    let json = template.json();
    let resource = json["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Type"] == "AWS::Backup::TieringConfiguration")
        .expect("the configuration");
    let properties = &resource["Properties"];
    assert_eq!(
        properties["BackupVaultName"]["Fn::GetAtt"][1],
        "BackupVaultName"
    );
    let name = properties["TieringConfigurationName"].as_str().unwrap();
    assert!(
        backup_dsl::rules::check_tiering_name(name).is_ok(),
        "{name}"
    );
    assert_eq!(
        properties["ResourceSelection"][0],
        serde_json::json!({
            "ResourceType": "S3",
            "Resources": ["arn:aws:s3:::logs"],
            "TieringDownSettingsInDays": 90
        })
    );
    let all = TieringConfiguration::all_vaults("All")
        .selection(TieringSelection::all_buckets(Duration::days(60)));
    let template = Stack::new("Stack").with(all).synth().expect("synthesizes");
    let json = template.json();
    let resource = json["Resources"].as_object().unwrap().values().next();
    assert_eq!(resource.unwrap()["Properties"]["BackupVaultName"], "*");
}

#[test]
fn legal_hold_dates() {
    let hold = |from: &str, to: &str| {
        Stack::new("Stack").with(
            LegalHold::new("Hold", "case", "a case")
                .vault(VaultRef::from_name("vault"))
                .date_range(from, to),
        )
    };
    let template = hold("2026-06-30", "2026-01-01T00:00:00+02:00")
        .synth()
        .expect("a backward range is a warning");
    assert_eq!(
        found(template.warnings()),
        [(
            "legal-hold-date-order",
            "legal_holds[Hold].date_range.to",
            "the legal hold's date range ends before it starts; it holds no recovery point"
        )]
    );
    let template = hold("2026-01-01T00:00:00.000Z", "2026-01-01T01:00:00+01:00")
        .synth()
        .expect("the same instant");
    assert!(template.warnings().is_empty());
    let error = synth_err(&hold("01/02/2026", "2026-13-01"));
    assert_eq!(
        found(error.errors()),
        [
            (
                "legal-hold-date",
                "legal_holds[Hold].date_range.from",
                "`from` date `01/02/2026` is not an ISO 8601 date or timestamp"
            ),
            (
                "legal-hold-date",
                "legal_holds[Hold].date_range.to",
                "`to` date `2026-13-01` is not an ISO 8601 date or timestamp"
            ),
        ]
    );
}

#[test]
fn scan_actions_need_the_plans_scan_setting() {
    let rule = || BackupPlanRule::daily().scan_action(ScanMode::Full);
    let template = Stack::new("Stack")
        .with(BackupPlan::new("Plan").rule(rule()))
        .synth()
        .expect("deploys, but scans nothing");
    assert_eq!(
        found(template.warnings()),
        [(
            "scan-settings-missing",
            "plans[Plan].rules[0].scan_actions",
            "the rule scans backups with `GUARDDUTY` but the plan has no scan setting for `GUARDDUTY`; scanning jobs do not start"
        )]
    );
    let plan = BackupPlan::new("Plan")
        .scan_setting(ScanSetting::new("scanner", ["RDS"]))
        .rule(rule());
    let error = synth_err(&Stack::new("Stack").with(plan));
    let rules: Vec<(&str, &str)> = error
        .errors()
        .map(|p| (p.violation.rule, p.path.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            ("iam-role-arn", "plans[Plan].scan_settings[0].scanner_role"),
            (
                "scan-resource-types",
                "plans[Plan].scan_settings[0].resource_types"
            ),
        ]
    );
    let plan = BackupPlan::new("Plan")
        .scan_setting(ScanSetting::new(ROLE, ["ALL"]))
        .rule(rule());
    assert!(Stack::new("Stack").with(plan).synth().is_ok());
}

#[test]
fn archive_opt_in_without_cold_storage_is_a_warning() {
    let rule = BackupPlanRule::daily().opt_in_to_archive(true).copy_action(
        BackupPlanCopyAction::new(VaultRef::from_name("dr"))
            .move_to_cold_storage_after(Duration::days(30))
            .delete_after(Duration::days(365))
            .opt_in_to_archive(true),
    );
    let template = Stack::new("Stack")
        .with(BackupPlan::new("Plan").rule(rule))
        .synth()
        .expect("synthesizes");
    assert_eq!(
        found(template.warnings()),
        [(
            "archive-without-cold-storage",
            "plans[Plan].rules[0].opt_in_to_archive",
            "`opt_in_to_archive` is set but nothing moves to cold storage; it has no effect"
        )]
    );
    let json = template.json();
    let plan = json["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Type"] == "AWS::Backup::BackupPlan")
        .unwrap();
    let rule = &plan["Properties"]["BackupPlan"]["BackupPlanRule"][0];
    assert_eq!(
        rule["Lifecycle"]["OptInToArchiveForSupportedResources"],
        true
    );
    assert_eq!(
        rule["CopyActions"][0]["Lifecycle"]["OptInToArchiveForSupportedResources"],
        true
    );
}

#[test]
fn s3_backup_options_disabled_is_refused_by_cloudformation() {
    let plan = BackupPlan::daily_35_day_retention("Plan").s3_backup_options(S3BackupOptions {
        backup_acls: false,
        backup_object_tags: true,
    });
    let error = synth_err(&Stack::new("Stack").with(plan));
    assert_eq!(
        found(error.errors()),
        [(
            "advanced-settings-s3",
            "plans[Plan].s3_backup_options.backup_acls",
            "`backup_acls` is disabled; CloudFormation refuses `disabled` for S3 advanced backup options although the AWS Backup API takes it"
        )]
    );
}

/// The same rules through the linter, each at its property.
#[test]
fn the_linter_reads_the_new_types_and_properties() {
    let template = serde_json::json!({"Resources": {
        "Vault": {"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": "vault-a"}},
        "Tiering": {"Type": "AWS::Backup::TieringConfiguration", "Properties": {
            "TieringConfigurationName": "warm-tier",
            "BackupVaultName": {"Ref": "Vault"},
            "ResourceSelection": [{"ResourceType": "EBS", "Resources": ["*"], "TieringDownSettingsInDays": 30}]
        }},
        "Hold": {"Type": "AWS::Backup::LegalHold", "Properties": {
            "Title": "case", "Description": "a case",
            "RecoveryPointSelection": {"VaultNames": ["my.vault"],
                "DateRange": {"FromDate": "2026-06-30", "ToDate": "2026-01-01"}}
        }},
        "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
            "BackupPlanName": "p",
            "AdvancedBackupSettings": [{"ResourceType": "S3", "BackupOptions": {"BackupACLs": "disabled"}}],
            "BackupPlanRule": [{
                "RuleName": "r", "TargetBackupVault": {"Ref": "Vault"},
                "ScheduleExpression": "cron(0 5 ? * * *)",
                "Lifecycle": {"DeleteAfterDays": 35, "OptInToArchiveForSupportedResources": true},
                "ScanActions": [{"MalwareScanner": "GUARDDUTY", "ScanMode": "FULL_SCAN"}]
            }]
        }}}
    }});
    let report = backup_dsl::lint::lint_template(&template);
    let found: Vec<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| f.rule != "vault-without-customer-key")
        .map(|f| (f.rule, f.pointer.as_str()))
        .collect();
    let plan = "/Resources/Plan/Properties/BackupPlan";
    let rule = format!("{plan}/BackupPlanRule/0");
    let acls = format!("{plan}/AdvancedBackupSettings/0/BackupOptions/BackupACLs");
    let opt_in = format!("{rule}/Lifecycle/OptInToArchiveForSupportedResources");
    let scan = format!("{rule}/ScanActions");
    let mut expected = vec![
        (
            "tiering-name",
            "/Resources/Tiering/Properties/TieringConfigurationName",
        ),
        (
            "tiering-resource-type",
            "/Resources/Tiering/Properties/ResourceSelection/0/ResourceType",
        ),
        (
            "tiering-down-days",
            "/Resources/Tiering/Properties/ResourceSelection/0/TieringDownSettingsInDays",
        ),
        (
            "vault-name",
            "/Resources/Hold/Properties/RecoveryPointSelection/VaultNames/0",
        ),
        (
            "legal-hold-date-order",
            "/Resources/Hold/Properties/RecoveryPointSelection/DateRange/ToDate",
        ),
        ("advanced-settings-s3", acls.as_str()),
        ("archive-without-cold-storage", opt_in.as_str()),
        ("scan-settings-missing", scan.as_str()),
    ];
    let mut found = found;
    found.sort();
    expected.sort();
    assert_eq!(found, expected, "{:#?}", report.findings);
}

//! The builder front door of the backup policy: conversion and its `orgpolicy-*` errors.

use serde_json::json;

use super::{MemberResources, OrgPolicy};
use crate::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection, BackupVault,
    Duration, LogicallyAirGappedBackupVault, ScanMode, ScanSetting, SynthError, TagCondition,
    VaultRef,
};

fn vault() -> BackupVault {
    BackupVault::new("Vault").name("org-backup")
}

fn tagged(plan: BackupPlan) -> BackupPlan {
    plan.vault(&vault())
        .selection(BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "daily")))
}

fn convert(plan: &BackupPlan, regions: &[&str]) -> Result<OrgPolicy, SynthError> {
    let vault = vault();
    let member = MemberResources::new("BackupRole").vault(&vault);
    OrgPolicy::from_plans("backup", &[plan], &member, regions)
}

/// (rule, path) of every error.
fn errors(result: Result<OrgPolicy, SynthError>) -> Vec<(&'static str, String)> {
    let error = result.expect_err("expected errors");
    error
        .errors()
        .map(|p| (p.violation.rule, p.path.clone()))
        .collect()
}

#[test]
fn a_ready_made_plan_becomes_a_policy_with_every_value_under_assign() {
    let plan = tagged(BackupPlan::daily_weekly_monthly_5_year_retention("Plan"));
    let policy = convert(&plan, &["eu-west-1", "us-east-1"]).unwrap();
    let json = policy.to_json();
    let plan = &json["plans"]["Plan"];
    assert_eq!(
        plan["regions"],
        json!({"@@assign": ["eu-west-1", "us-east-1"]})
    );
    assert_eq!(
        plan["rules"]["Monthly5Year"],
        json!({
            "schedule_expression": {"@@assign": "cron(0 5 1 * ? *)"},
            "target_backup_vault_name": {"@@assign": "org-backup"},
            "lifecycle": {
                "move_to_cold_storage_after_days": {"@@assign": "90"},
                "delete_after_days": {"@@assign": "1825"},
            },
        })
    );
    assert_eq!(
        plan["selections"]["tags"]["Tagged"],
        json!({
            "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/BackupRole"},
            "tag_key": {"@@assign": "backup"},
            "tag_value": {"@@assign": ["daily"]},
        })
    );
    assert!(policy.warnings().is_empty());
    assert_eq!(policy.to_minified_json(), json.to_string());
    assert!(
        !policy.to_minified_json().contains('\n') && !policy.to_minified_json().contains("\": ")
    );
}

#[test]
fn the_same_plans_give_the_same_bytes() {
    let plan = tagged(BackupPlan::daily_monthly_1_year_retention("Plan"));
    let first = convert(&plan, &["eu-west-1"]).unwrap().to_minified_json();
    let second = convert(&plan, &["eu-west-1"]).unwrap().to_minified_json();
    assert_eq!(first, second);
}

#[test]
fn a_zone_without_daylight_saving_time_gets_its_utc_rewrite() {
    let plan = tagged(
        BackupPlan::new("Plan").rule(
            BackupPlanRule::daily()
                .schedule("cron(0 5 ? * * *)")
                .schedule_timezone("Asia/Tokyo"),
        ),
    );
    let error = convert(&plan, &["ap-northeast-1"]).unwrap_err();
    let problem = error.errors().next().unwrap();
    assert_eq!(problem.violation.rule, "orgpolicy-timezone");
    assert_eq!(problem.path, "plans[Plan].rules[0].schedule_timezone");
    assert!(
        problem.violation.help.contains("`cron(0 20 ? * * *)`"),
        "{}",
        problem.violation.help
    );
}

#[test]
fn a_zone_with_daylight_saving_time_is_refused_without_a_rewrite() {
    let plan = tagged(
        BackupPlan::new("Plan").rule(BackupPlanRule::daily().schedule_timezone("Europe/Paris")),
    );
    let error = convert(&plan, &["eu-west-3"]).unwrap_err();
    let problem = error.errors().next().unwrap();
    assert_eq!(problem.violation.rule, "orgpolicy-timezone");
    assert!(problem.violation.help.contains("one rule per UTC offset"));
}

#[test]
fn utc_itself_is_expressible() {
    let plan =
        tagged(BackupPlan::new("Plan").rule(BackupPlanRule::daily().schedule_timezone("Etc/UTC")));
    assert!(convert(&plan, &["eu-west-1"]).is_ok());
}

#[test]
fn selections_by_arn_or_by_several_tag_keys_are_refused_at_the_resource() {
    let plan = BackupPlan::daily_35_day_retention("Plan")
        .vault(&vault())
        .selection(BackupSelection::new("ByArn").resource(BackupResource::dynamodb_table("orders")))
        .selection(
            BackupSelection::new("TwoKeys")
                .resource(BackupResource::tag("backup", "daily"))
                .resource(BackupResource::tag("stage", "prod")),
        );
    assert_eq!(
        errors(convert(&plan, &["eu-west-1"])),
        [
            (
                "orgpolicy-selection",
                "plans[Plan].selections[ByArn].resources[0]".to_string()
            ),
            (
                "orgpolicy-selection",
                "plans[Plan].selections[TwoKeys].resources".to_string()
            ),
        ]
    );
}

#[test]
fn resource_type_patterns_and_conditions_become_a_resource_selection() {
    let plan = BackupPlan::daily_35_day_retention("Plan")
        .vault(&vault())
        .selection(
            BackupSelection::new("Tables")
                .resource(BackupResource::arn("arn:aws:dynamodb:*:*:table/*"))
                .condition(TagCondition::equals("stage", "prod"))
                .exclude("arn:aws:ec2:*:*:volume/*"),
        );
    let json = convert(&plan, &["eu-west-1"]).unwrap().to_json();
    assert_eq!(
        json["plans"]["Plan"]["selections"]["resources"]["Tables"],
        json!({
            "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/BackupRole"},
            "resource_types": {"@@assign": ["arn:aws:dynamodb:*:*:table/*"]},
            "not_resource_types": {"@@assign": ["arn:aws:ec2:*:*:volume/*"]},
            "conditions": {"string_equals": {"stage": {
                "condition_key": {"@@assign": "aws:ResourceTag/stage"},
                "condition_value": {"@@assign": "prod"},
            }}},
        })
    );
}

#[test]
fn more_than_30_conditions_are_refused() {
    let conditions = (0..31).map(|i| TagCondition::equals(format!("k{i}"), "v"));
    let plan = BackupPlan::daily_35_day_retention("Plan")
        .vault(&vault())
        .selection(BackupSelection::new("Many").all_of(conditions));
    assert_eq!(
        errors(convert(&plan, &["eu-west-1"])),
        [(
            "orgpolicy-selection",
            "plans[Plan].selections[Many].conditions".to_string()
        )]
    );
}

#[test]
fn a_role_of_one_account_is_a_warning_with_the_account_placeholder_form() {
    let plan = BackupPlan::daily_35_day_retention("Plan")
        .vault(&vault())
        .selection(
            BackupSelection::new("Tagged")
                .resource(BackupResource::tag("backup", "daily"))
                .role_arn("arn:aws:iam::123456789012:role/Backup"),
        );
    let policy = convert(&plan, &["eu-west-1"]).unwrap();
    let problem = &policy.warnings()[0];
    assert_eq!(problem.violation.rule, "orgpolicy-role-arn");
    assert_eq!(problem.path, "plans[Plan].selections[Tagged].role");
    assert!(problem
        .violation
        .help
        .contains("arn:aws:iam::$account:role/Backup"));
    let broken = BackupPlan::daily_35_day_retention("Plan")
        .vault(&vault())
        .selection(
            BackupSelection::new("Tagged")
                .resource(BackupResource::tag("backup", "daily"))
                .role_arn("Backup"),
        );
    assert_eq!(
        errors(convert(&broken, &["eu-west-1"])),
        [(
            "orgpolicy-role-arn",
            "plans[Plan].selections[Tagged].role".to_string()
        )]
    );
}

#[test]
fn copies_use_the_destination_arn_as_key_and_target() {
    let dr = "arn:aws:backup:us-west-2:$account:backup-vault:dr";
    let plan = tagged(
        BackupPlan::new("Plan").rule(BackupPlanRule::daily().copy_action(
            BackupPlanCopyAction::new(VaultRef::from_arn(dr)).delete_after(Duration::days(90)),
        )),
    );
    let json = convert(&plan, &["eu-west-1", "us-east-1"])
        .unwrap()
        .to_json();
    assert_eq!(
        json["plans"]["Plan"]["rules"]["Daily"]["copy_actions"],
        json!({dr: {
            "target_backup_vault_arn": {"@@assign": dr},
            "lifecycle": {"delete_after_days": {"@@assign": "90"}},
        }})
    );
}

#[test]
fn a_copy_within_the_region_needs_a_policy_of_one_region() {
    let plan = tagged(
        BackupPlan::new("Plan").rule(
            BackupPlanRule::daily()
                .copy_action(BackupPlanCopyAction::new(VaultRef::from_name("second"))),
        ),
    );
    assert_eq!(
        errors(convert(&plan, &["eu-west-1", "us-east-1"])),
        [(
            "orgpolicy-copy-key",
            "plans[Plan].rules[0].copy_actions[0].destination".to_string()
        )]
    );
    let json = convert(&plan, &["eu-west-1"]).unwrap().to_json();
    let copies = json["plans"]["Plan"]["rules"]["Daily"]["copy_actions"]
        .as_object()
        .unwrap();
    assert!(copies.contains_key("arn:aws:backup:eu-west-1:$account:backup-vault:second"));
}

#[test]
fn a_copy_to_a_malformed_arn_is_refused() {
    let plan = tagged(
        BackupPlan::new("Plan").rule(BackupPlanRule::daily().copy_action(
            BackupPlanCopyAction::new(VaultRef::from_arn(
                "arn:aws:backup:us-west-2:$acct:backup-vault:dr",
            )),
        )),
    );
    let found = errors(convert(&plan, &["eu-west-1"]));
    assert!(
        found.contains(&(
            "orgpolicy-copy-key",
            "plans[Plan].rules[0].copy_actions[0].destination".to_string()
        )),
        "{found:?}"
    );
}

#[test]
fn an_air_gapped_target_uses_region_and_account_placeholders() {
    let air_gapped =
        LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(90))
            .name("lag");
    let vault = vault();
    let plan = tagged(
        BackupPlan::new("Plan")
            .rule(BackupPlanRule::daily().logically_air_gapped_vault(&air_gapped)),
    );
    let member = MemberResources::new("BackupRole")
        .vault(&vault)
        .air_gapped_vault(&air_gapped);
    let json = OrgPolicy::from_plans("p", &[&plan], &member, &["eu-west-1"])
        .unwrap()
        .to_json();
    assert_eq!(
        json["plans"]["Plan"]["rules"]["Daily"]["target_logically_air_gapped_backup_vault_arn"],
        json!({"@@assign": "arn:aws:backup:$region:$account:backup-vault:lag"})
    );
    let fixed = BackupPlan::new("Plan2").vault(&vault).rule(
        BackupPlanRule::daily().logically_air_gapped_vault(VaultRef::from_arn(
            "arn:aws:backup:eu-west-1:123456789012:backup-vault:lag",
        )),
    );
    assert_eq!(
        errors(OrgPolicy::from_plans(
            "p",
            &[&fixed],
            &member,
            &["eu-west-1"]
        )),
        [(
            "orgpolicy-lag-arn",
            "plans[Plan2].rules[0].logically_air_gapped_vault".to_string()
        )]
    );
}

#[test]
fn a_vault_without_a_fixed_name_is_refused() {
    let unnamed = BackupVault::new("Vault");
    let plan = BackupPlan::daily_35_day_retention("Plan").vault(&unnamed);
    let member = MemberResources::new("BackupRole").vault(&unnamed);
    let found = errors(OrgPolicy::from_plans(
        "p",
        &[&plan],
        &member,
        &["eu-west-1"],
    ));
    assert_eq!(
        found,
        [("orgpolicy-vault-name", "plans[Plan].vault".to_string())]
    );
    let automatic = BackupPlan::daily_35_day_retention("Auto");
    let found = errors(OrgPolicy::from_plans(
        "p",
        &[&automatic],
        &member,
        &["eu-west-1"],
    ));
    assert_eq!(
        found,
        [("orgpolicy-vault-name", "plans[Auto].vault".to_string())]
    );
}

#[test]
fn recovery_point_tag_ids_differing_by_case_collide() {
    let plan = tagged(
        BackupPlan::new("Plan").rule(
            BackupPlanRule::daily()
                .recovery_point_tag("Owner", "a")
                .recovery_point_tag("owner", "b"),
        ),
    );
    assert_eq!(
        errors(convert(&plan, &["eu-west-1"])),
        [(
            "orgpolicy-case-collision",
            "plans[Plan].rules[0].recovery_point_tags[owner]".to_string()
        )]
    );
}

#[test]
fn scan_actions_need_scan_settings() {
    let plan =
        tagged(BackupPlan::new("Plan").rule(BackupPlanRule::daily().scan_action(ScanMode::Full)));
    assert_eq!(
        errors(convert(&plan, &["eu-west-1"])),
        [("orgpolicy-scan", "plans[Plan].scan_settings".to_string())]
    );
    let scanned = tagged(BackupPlan::new("Plan"))
        .scan_setting(ScanSetting::new(
            "arn:aws:iam::$account:role/Scanner",
            ["EBS"],
        ))
        .rule(BackupPlanRule::daily().scan_action(ScanMode::Incremental));
    let json = convert(&scanned, &["eu-west-1"]).unwrap().to_json();
    assert_eq!(
        json["plans"]["Plan"]["scan_settings"]["GUARDDUTY"]["scanner_role_arn"],
        json!({"@@assign": "arn:aws:iam::$account:role/Scanner"})
    );
}

#[test]
fn single_account_rules_run_on_each_plan() {
    let plan = tagged(
        BackupPlan::new("Plan").rule(
            BackupPlanRule::new()
                .name("R")
                .schedule("cron(*/5 * * * ? *)")
                .delete_after(Duration::days(35)),
        ),
    );
    assert_eq!(
        errors(convert(&plan, &["eu-west-1"])),
        [(
            "schedule-interval",
            "plans[Plan].rules[0].schedule".to_string()
        )]
    );
}

/// How many plans of CDK's `dailyWeeklyMonthly5YearRetention` kind (three rules, one tag
/// selection, one Region) fit in one policy: the figure of the report.
#[test]
fn five_year_plans_per_policy() {
    let vault = vault();
    let member = MemberResources::new("BackupRole").vault(&vault);
    let plans: Vec<BackupPlan> = (0..40)
        .map(|i| {
            tagged(BackupPlan::daily_weekly_monthly_5_year_retention(format!(
                "Plan{i:02}"
            )))
        })
        .collect();
    let fits = (1..=plans.len())
        .take_while(|&n| {
            let refs: Vec<&BackupPlan> = plans[..n].iter().collect();
            OrgPolicy::from_plans("p", &refs, &member, &["eu-west-1"]).is_ok()
        })
        .count();
    let refs: Vec<&BackupPlan> = plans[..fits + 1].iter().collect();
    let over = OrgPolicy::from_plans("p", &refs, &member, &["eu-west-1"]);
    assert_eq!(errors(over), [("orgpolicy-size", "/plans".to_string())]);
    let one = OrgPolicy::from_plans("p", &[&plans[0]], &member, &["eu-west-1"]).unwrap();
    println!(
        "dailyWeeklyMonthly5YearRetention plans per backup policy: {fits} (one plan: {} characters minified)",
        one.minified_len()
    );
    assert!(fits >= 5, "{fits}");
}

mod never_panics {
    use proptest::prelude::*;
    use serde_json::Value;

    use crate::org_policy::{check_policy, OrgTree, PolicyKind};

    /// JSON built from the policy's own keys, operators and values, nested at random.
    fn policy_value() -> impl Strategy<Value = Value> {
        let key = prop_oneof![
            Just("plans".to_string()),
            Just("P".to_string()),
            Just("rules".to_string()),
            Just("regions".to_string()),
            Just("selections".to_string()),
            Just("tags".to_string()),
            Just("resources".to_string()),
            Just("lifecycle".to_string()),
            Just("delete_after_days".to_string()),
            Just("move_to_cold_storage_after_days".to_string()),
            Just("copy_actions".to_string()),
            Just("target_backup_vault_arn".to_string()),
            Just("schedule_expression".to_string()),
            Just("conditions".to_string()),
            Just("string_like".to_string()),
            Just("scan_actions".to_string()),
            Just("GUARDDUTY".to_string()),
            Just("@@assign".to_string()),
            Just("@@append".to_string()),
            Just("@@remove".to_string()),
            Just("@@operators_allowed_for_child_policies".to_string()),
            "[A-Za-z@~/]{0,6}",
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            prop_oneof![
                Just("@@none".to_string()),
                Just("cron(0 5 ? * * *)".to_string()),
                "-?[0-9]{1,20}",
                ".{0,12}",
            ]
            .prop_map(Value::String),
        ];
        leaf.prop_recursive(7, 96, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn arbitrary_policies_never_panic(parent in policy_value(), child in policy_value()) {
            let _ = check_policy(&parent, PolicyKind::Attached);
            let _ = check_policy(&parent, PolicyKind::Effective);
            let tree = serde_json::json!({"root": {"id": "r-ab12",
                "policies": [{"name": "parent", "content": parent}],
                "children": [{"id": "111111111111", "policies": [{"name": "child", "content": child}]}]}});
            if let Ok(tree) = OrgTree::from_json(&tree, &mut |_| Err("no files".into())) {
                let _ = tree.effective("111111111111");
            }
        }
    }
}

#[test]
fn a_policy_needs_regions() {
    let plan = tagged(BackupPlan::daily_35_day_retention("Plan"));
    assert_eq!(
        errors(convert(&plan, &[])),
        [("orgpolicy-shape", "regions".to_string())]
    );
}

#[test]
fn an_air_gapped_vault_as_backup_vault_is_named_with_the_single_account_warning() {
    let air_gapped =
        LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(90))
            .name("lag");
    let plan = BackupPlan::new("Plan")
        .rule(BackupPlanRule::daily().vault(&air_gapped))
        .selection(BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "daily")));
    let member = MemberResources::new("BackupRole").air_gapped_vault(&air_gapped);
    let policy = OrgPolicy::from_plans("p", &[&plan], &member, &["eu-west-1"]).unwrap();
    assert_eq!(
        policy.to_json()["plans"]["Plan"]["rules"]["Daily"]["target_backup_vault_name"],
        json!({"@@assign": "lag"})
    );
    let warnings: Vec<_> = policy
        .warnings()
        .iter()
        .map(|p| (p.violation.rule, p.path.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [("air-gapped-as-backup-vault", "plans[Plan].rules[0].vault")]
    );
}

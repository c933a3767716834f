//! Issue 16, backup policies: AWS's documented examples, and each `orgpolicy-*` rule through
//! the linter's two front doors (a standalone policy document, and the `Content` of an
//! `AWS::Organizations::Policy` in a template, as an object and as a string). The builder's
//! front door (`OrgPolicy::from_plans`) is tested in `backup-synth/src/org_policy/tests.rs`.
//!
//! Rules a front door cannot break by construction: the builder always writes every value under
//! `@@assign` on its own keys (`orgpolicy-operator`, `orgpolicy-shape` keys), and the copy
//! action's key from the same string as its `target_backup_vault_arn` (`orgpolicy-copy-key`
//! equality; the ARN's form it can break).

use std::path::Path;

use backup_dsl::lint::lint_template;
use backup_dsl::org_policy::{check_policy, PolicyKind};
use backup_dsl::Severity;
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/org-policies")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// (rule, pointer) of every finding of a standalone policy.
fn lint(policy: &Value) -> Vec<(&'static str, String)> {
    lint_template(policy)
        .findings
        .into_iter()
        .map(|f| (f.rule, f.pointer))
        .collect()
}

/// A valid policy of one plan, to break one rule at a time.
fn valid() -> Value {
    json!({"plans": {"Plan": {
        "regions": {"@@assign": ["eu-west-1"]},
        "rules": {"Daily": {
            "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
            "target_backup_vault_name": {"@@assign": "org-backup"},
            "lifecycle": {"delete_after_days": {"@@assign": "35"}},
        }},
        "selections": {"tags": {"Tagged": {
            "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/Backup"},
            "tag_key": {"@@assign": "backup"},
            "tag_value": {"@@assign": ["daily"]},
        }}},
    }}})
}

/// `valid()` with `value` written at `pointer` (created if needed).
fn with(pointer: &str, value: Value) -> Value {
    let mut policy = valid();
    let mut node = &mut policy;
    for key in pointer.trim_start_matches('/').split('/') {
        node = node
            .as_object_mut()
            .unwrap()
            .entry(key.replace("~1", "/").replace("~0", "~"))
            .or_insert(json!({}));
    }
    *node = value;
    policy
}

#[test]
fn the_documented_examples_lint_clean() {
    for name in [
        "example-1-parent.json",
        "example-2-parent.json",
        "example-2-child.json",
        "snippets-scan-and-advanced-settings.json",
    ] {
        assert_eq!(lint(&fixture(name)), [], "{name}");
    }
}

/// Example 3 of the page keeps copies 28 days after moving them to cold storage at 180: AWS
/// Backup refuses a lifecycle that deletes before 90 days in cold storage (row 9). The example
/// is as documented; the finding is the rule book's.
#[test]
fn the_documented_example_3_deletes_copies_before_cold_storage_ends() {
    let found = lint(&fixture("example-3-parent.json"));
    let copy = "/plans/PII_Backup_Plan/rules/Hourly/copy_actions/arn:aws:backup:us-east-1:$account:backup-vault:secondary_vault";
    assert_eq!(
        found,
        [(
            "lifecycle-cold-storage-gap",
            format!("{copy}/lifecycle/delete_after_days/@@assign")
        )]
    );
}

#[test]
fn the_valid_policy_is_clean() {
    assert_eq!(lint(&valid()), []);
}

#[test]
fn orgpolicy_size_points_at_plans() {
    let plans: serde_json::Map<String, Value> = (0..60)
        .map(|i| (format!("Plan{i}"), valid()["plans"]["Plan"].clone()))
        .collect();
    let found = lint(&json!({ "plans": plans }));
    assert_eq!(found, [("orgpolicy-size", "/plans".to_string())]);
}

#[test]
fn orgpolicy_shape_unknown_and_missing_keys() {
    let policy = with(
        "/plans/Plan/rules/Daily/schedule_expresion",
        json!({"@@assign": "x"}),
    );
    let report = lint_template(&policy);
    let unknown = &report.findings[0];
    assert_eq!(unknown.rule, "orgpolicy-shape");
    assert_eq!(
        unknown.pointer,
        "/plans/Plan/rules/Daily/schedule_expresion"
    );
    assert_eq!(unknown.help, "did you mean `schedule_expression`?");
    let mut partial = valid();
    partial["plans"]["Plan"]
        .as_object_mut()
        .unwrap()
        .remove("regions");
    let report = lint_template(&partial);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].rule, "orgpolicy-shape");
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert_eq!(report.findings[0].pointer, "/plans/Plan");
}

#[test]
fn orgpolicy_operator_leaves_lists_and_child_controls() {
    assert_eq!(
        lint(&with(
            "/plans/Plan/rules/Daily/target_backup_vault_name",
            json!("org-backup")
        )),
        [(
            "orgpolicy-operator",
            "/plans/Plan/rules/Daily/target_backup_vault_name".to_string()
        )]
    );
    assert_eq!(
        lint(&with(
            "/plans/Plan/rules/Daily/target_backup_vault_name",
            json!({"@@append": "org-backup"})
        )),
        [(
            "orgpolicy-operator",
            "/plans/Plan/rules/Daily/target_backup_vault_name/@@append".to_string()
        )]
    );
    assert_eq!(
        lint(&with(
            "/plans/Plan/regions",
            json!({"@@append": ["us-east-1"]})
        )),
        []
    );
    assert_eq!(
        lint(&with(
            "/plans/Plan/@@operators_allowed_for_child_policies",
            json!(["@@none", "@@assign"])
        )),
        [(
            "orgpolicy-operator",
            "/plans/Plan/@@operators_allowed_for_child_policies".to_string()
        )]
    );
}

#[test]
fn orgpolicy_selection_patterns_and_conditions() {
    let resources = json!({"Tables": {
        "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/Backup"},
        "resource_types": {"@@assign": ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"]},
        "conditions": {"string_equals": {"stage": {
            "condition_key": {"@@assign": "stage"},
            "condition_value": {"@@assign": "prod"},
        }}},
    }});
    let at = "/plans/Plan/selections/resources/Tables";
    assert_eq!(
        lint(&with("/plans/Plan/selections/resources", resources)),
        [
            (
                "orgpolicy-selection",
                format!("{at}/resource_types/@@assign/0")
            ),
            (
                "orgpolicy-selection",
                format!("{at}/conditions/string_equals/stage/condition_key/@@assign")
            ),
        ]
    );
    let many: serde_json::Map<String, Value> = (0..31)
        .map(|i| {
            (
                format!("c{i}"),
                json!({"condition_key": {"@@assign": format!("aws:ResourceTag/k{i}")},
                       "condition_value": {"@@assign": "v"}}),
            )
        })
        .collect();
    assert_eq!(
        lint(&with(
            "/plans/Plan/selections/tags/Tagged/conditions",
            json!({ "string_like": many })
        )),
        [(
            "orgpolicy-selection",
            "/plans/Plan/selections/tags/Tagged/conditions".to_string()
        )]
    );
}

#[test]
fn orgpolicy_copy_key_equal_to_its_target() {
    let key = "arn:aws:backup:us-west-2:$account:backup-vault:DR";
    let at = format!("/plans/Plan/rules/Daily/copy_actions/{key}");
    let other = json!({"target_backup_vault_arn": {"@@assign": "arn:aws:backup:us-west-2:$account:backup-vault:dr"}});
    assert_eq!(
        lint(&with(
            "/plans/Plan/rules/Daily/copy_actions",
            json!({ key: other })
        )),
        [(
            "orgpolicy-copy-key",
            format!("{at}/target_backup_vault_arn/@@assign")
        )]
    );
    // Without `target_backup_vault_arn`: an attached policy may change only an inherited copy
    // action's lifecycle (the parent supplies the ARN), so the effective policy decides.
    let without = with("/plans/Plan/rules/Daily/copy_actions", json!({ key: {} }));
    assert_eq!(lint(&without), []);
    let effective: Vec<(&str, String)> = backup_dsl::org_policy::check_policy(
        &without,
        backup_dsl::org_policy::PolicyKind::Effective,
    )
    .into_iter()
    .map(|f| (f.violation.rule, f.pointer))
    .filter(|(rule, _)| *rule == "orgpolicy-copy-key")
    .collect();
    assert_eq!(effective, [("orgpolicy-copy-key", at.clone())]);
}

#[test]
fn orgpolicy_lag_and_role_arn_forms() {
    assert_eq!(
        lint(&with(
            "/plans/Plan/rules/Daily/target_logically_air_gapped_backup_vault_arn",
            json!({"@@assign": "arn:aws:backup:eu-west-1:$account:backup-vault:lag"})
        )),
        [(
            "orgpolicy-lag-arn",
            "/plans/Plan/rules/Daily/target_logically_air_gapped_backup_vault_arn/@@assign"
                .to_string()
        )]
    );
    assert_eq!(
        lint(&with(
            "/plans/Plan/selections/tags/Tagged/iam_role_arn",
            json!({"@@assign": "arn:aws:iam::123456789012:role/Backup"})
        )),
        [(
            "orgpolicy-role-arn",
            "/plans/Plan/selections/tags/Tagged/iam_role_arn/@@assign".to_string()
        )]
    );
}

#[test]
fn orgpolicy_case_collision_of_tag_ids() {
    let tags = json!({
        "Owner": {"tag_key": {"@@assign": "Owner"}, "tag_value": {"@@assign": "a"}},
        "owner": {"tag_key": {"@@assign": "owner"}, "tag_value": {"@@assign": "b"}},
    });
    assert_eq!(
        lint(&with("/plans/Plan/rules/Daily/recovery_point_tags", tags)),
        [(
            "orgpolicy-case-collision",
            "/plans/Plan/rules/Daily/recovery_point_tags/owner".to_string()
        )]
    );
}

#[test]
fn orgpolicy_scan_actions_need_settings() {
    assert_eq!(
        lint(&with(
            "/plans/Plan/rules/Daily/scan_actions",
            json!({"GUARDDUTY": {"scan_mode": {"@@assign": "FULL_SCAN"}}})
        )),
        [(
            "orgpolicy-scan",
            "/plans/Plan/rules/Daily/scan_actions".to_string()
        )]
    );
}

#[test]
fn single_account_rules_run_on_each_plan_with_the_rule_books_words() {
    let found = lint(&with(
        "/plans/Plan/rules/Daily/schedule_expression",
        json!({"@@assign": "cron(0/5 * * * ? *)"}),
    ));
    assert_eq!(
        found,
        [(
            "schedule-interval",
            "/plans/Plan/rules/Daily/schedule_expression/@@assign".to_string()
        )]
    );
    let found = lint(&with(
        "/plans/Plan/rules/Daily/start_backup_window_minutes",
        json!({"@@assign": "30"}),
    ));
    assert_eq!(found[0].0, "start-window-range");
    let found = lint(&with(
        "/plans/Plan/rules/Daily/lifecycle",
        json!({"delete_after_days": {"@@assign": "100"}, "move_to_cold_storage_after_days": {"@@assign": "30"}}),
    ));
    assert_eq!(found[0].0, "lifecycle-cold-storage-gap");
}

fn template(content: Value) -> Value {
    json!({"Resources": {"Backup": {
        "Type": "AWS::Organizations::Policy",
        "Properties": {
            "Name": "backup",
            "Type": "BACKUP_POLICY",
            "TargetIds": ["ou-ab12-cdefgh34"],
            "Content": content,
        },
    }}})
}

#[test]
fn a_policy_resource_is_linted_with_its_content_as_an_object_or_a_string() {
    let broken = with(
        "/plans/Plan/rules/Daily/schedule_expression",
        json!({"@@assign": "rate(1 day)"}),
    );
    let expected =
        "/Resources/Backup/Properties/Content/plans/Plan/rules/Daily/schedule_expression/@@assign";
    for content in [broken.clone(), Value::String(broken.to_string())] {
        let report = lint_template(&template(content));
        let found: Vec<_> = report
            .findings
            .iter()
            .map(|f| (f.rule, f.pointer.as_str()))
            .collect();
        assert_eq!(found, [("schedule-syntax", expected)]);
    }
    assert_eq!(lint_template(&template(valid())).findings, []);
}

#[test]
fn the_size_of_a_policy_resource_is_reported_at_content() {
    let plans: serde_json::Map<String, Value> = (0..60)
        .map(|i| (format!("Plan{i}"), valid()["plans"]["Plan"].clone()))
        .collect();
    let report = lint_template(&template(json!({ "plans": plans })));
    let found: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.rule, f.pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        [("orgpolicy-size", "/Resources/Backup/Properties/Content")]
    );
    // A string is counted as written: whitespace counts.
    let padded = format!("{}{}", " ".repeat(10_000), valid());
    let report = lint_template(&template(Value::String(padded)));
    assert_eq!(report.findings[0].rule, "orgpolicy-size");
}

#[test]
fn a_content_string_that_is_not_json_is_a_finding_not_a_panic() {
    let report = lint_template(&template(json!("{\"plans\": ")));
    assert_eq!(report.findings[0].rule, "orgpolicy-shape");
    assert_eq!(
        report.findings[0].pointer,
        "/Resources/Backup/Properties/Content"
    );
}

#[test]
fn other_policy_types_are_left_to_the_schema() {
    let mut t = template(json!({"tags": {}}));
    t["Resources"]["Backup"]["Properties"]["Type"] = json!("TAG_POLICY");
    assert!(lint_template(&t)
        .findings
        .iter()
        .all(|f| !f.rule.starts_with("orgpolicy")));
}

#[test]
fn more_than_ten_backup_policies_on_one_target() {
    let mut resources = serde_json::Map::new();
    for i in 0..11 {
        resources.insert(
            format!("P{i}"),
            template(valid())["Resources"]["Backup"].clone(),
        );
    }
    let report = lint_template(&json!({ "Resources": resources }));
    let found: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.rule, f.pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        [(
            "orgpolicy-attach-limit",
            "/Resources/P10/Properties/TargetIds"
        )]
    );
}

#[test]
fn arbitrary_documents_do_not_panic() {
    for document in [
        json!({"plans": null}),
        json!({"plans": {"P": 1}}),
        json!({"plans": {"P": {"rules": [], "regions": "x", "selections": {"tags": 3}}}}),
        json!({"plans": {"@@operators_allowed_for_child_policies": "x"}}),
        json!({"plans": {"P": {"rules": {"R": {"lifecycle": {"delete_after_days": {"@@assign": {"x": 1}}}}}}}}),
    ] {
        let _ = check_policy(&document, PolicyKind::Attached);
        let _ = check_policy(&document, PolicyKind::Effective);
        let _ = lint_template(&document);
    }
}

// ---- effective policies ----

use backup_dsl::org_policy::OrgTree;

fn inline(name: &str, content: Value) -> Value {
    json!({"name": name, "content": content})
}

/// A tree root → OU → account `111111111111` with the given policies at each level.
fn tree(root: Vec<Value>, ou: Vec<Value>, account: Vec<Value>) -> OrgTree {
    let value = json!({"root": {"id": "r-ab12", "policies": root, "children": [
        {"id": "ou-ab12-prod0001", "name": "Prod", "policies": ou, "children": [
            {"id": "111111111111", "policies": account}
        ]}
    ]}});
    OrgTree::from_json(&value, &mut |_| Err("no files".to_string())).unwrap()
}

fn rules_of(findings: &[backup_dsl::org_policy::PolicyFinding]) -> Vec<(&'static str, String)> {
    findings
        .iter()
        .map(|f| (f.violation.rule, f.pointer.clone()))
        .collect()
}

#[test]
fn example_2_parent_and_child_merge_into_two_plans() {
    let tree = tree(
        vec![inline("parent", fixture("example-2-parent.json"))],
        vec![],
        vec![inline("child", fixture("example-2-child.json"))],
    );
    let effective = tree.effective("111111111111").unwrap();
    let plans = &effective.document["plans"];
    assert_eq!(
        plans["PII_Backup_Plan"]["regions"],
        json!(["us-east-1", "ap-northeast-3", "eu-north-1"])
    );
    assert_eq!(
        plans["PII_Backup_Plan"]["rules"]["hourly"]["schedule_expression"],
        "cron(0 0/1 ? * * *)"
    );
    assert_eq!(
        plans["Monthly_Backup_Plan"]["selections"]["tags"]["monthlydatatype"]["tag_value"],
        json!(["MONTHLY", "RED"])
    );
    assert_eq!(rules_of(&effective.findings), []);
}

#[test]
fn append_and_remove_work_on_inherited_lists() {
    let base = json!({"plans": {"P": {
        "regions": {"@@assign": ["us-east-1", "eu-west-1"]},
        "rules": {"Daily": {
            "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
            "target_backup_vault_name": {"@@assign": "org-backup"},
        }},
        "selections": {"tags": {"T": {
            "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/Backup"},
            "tag_key": {"@@assign": "backup"},
            "tag_value": {"@@assign": ["daily"]},
        }}},
    }}});
    let ou = json!({"plans": {"P": {"regions": {"@@append": ["ap-south-1"]}}}});
    let account = json!({"plans": {"P": {
        "regions": {"@@remove": ["us-east-1"]},
        "rules": {"daily": {"schedule_expression": {"@@assign": "cron(0 7 ? * * *)"}}},
    }}});
    let effective = tree(
        vec![inline("base", base)],
        vec![inline("ou", ou)],
        vec![inline("account", account)],
    )
    .effective("111111111111")
    .unwrap();
    let plan = &effective.document["plans"]["P"];
    assert_eq!(plan["regions"], json!(["eu-west-1", "ap-south-1"]));
    // Rule ids are case-insensitive: the account's `daily` overrides the root's `Daily`.
    assert_eq!(
        plan["rules"]["daily"]["schedule_expression"],
        "cron(0 7 ? * * *)"
    );
    assert_eq!(
        plan["rules"]["daily"]["target_backup_vault_name"],
        "org-backup"
    );
    assert_eq!(rules_of(&effective.findings), []);
}

#[test]
fn child_controls_block_overrides_and_new_plans() {
    let child = json!({"plans": {
        "PII_Backup_Plan": {"rules": {"Hourly": {"schedule_expression": {"@@assign": "cron(0 1 ? * * *)"}}}},
        "Extra": {"regions": {"@@assign": ["eu-west-1"]}},
    }});
    let effective = tree(
        vec![inline("parent", fixture("example-3-parent.json"))],
        vec![],
        vec![inline("child", child)],
    )
    .effective("111111111111")
    .unwrap();
    let plans = &effective.document["plans"];
    assert_eq!(
        plans["PII_Backup_Plan"]["rules"]["hourly"]["schedule_expression"],
        "cron(0 0/1 ? * * *)"
    );
    assert!(plans.get("Extra").is_none());
    let found = rules_of(&effective.findings);
    assert!(
        found.contains(&(
            "orgpolicy-inheritance",
            "/plans/PII_Backup_Plan/rules/hourly/schedule_expression".to_string()
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&("orgpolicy-inheritance", "/plans/Extra".to_string())),
        "{found:?}"
    );
    // The documented example's copy lifecycle, found again in the effective policy.
    assert!(found
        .iter()
        .any(|(rule, _)| *rule == "lifecycle-cold-storage-gap"));
}

#[test]
fn append_allowed_on_plans_lets_a_child_add_a_plan() {
    let parent = json!({"plans": {"@@operators_allowed_for_child_policies": ["@@append"]}});
    let child = json!({"plans": {"Extra": {"regions": {"@@assign": ["eu-west-1"]}}}});
    let effective = tree(
        vec![inline("parent", parent)],
        vec![inline("child", child)],
        vec![],
    )
    .effective("111111111111")
    .unwrap();
    assert_eq!(
        effective.document["plans"]["Extra"]["regions"],
        json!(["eu-west-1"])
    );
}

#[test]
fn an_incomplete_plan_is_an_error_of_the_effective_policy() {
    let only_regions = json!({"plans": {"P": {"regions": {"@@assign": ["eu-west-1"]}}}});
    let effective = tree(vec![inline("root", only_regions)], vec![], vec![])
        .effective("111111111111")
        .unwrap();
    let errors: Vec<_> = effective
        .findings
        .iter()
        .filter(|f| f.violation.severity == Severity::Error)
        .map(|f| {
            (
                f.violation.rule,
                f.pointer.as_str(),
                f.violation.message.as_str(),
            )
        })
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors
        .iter()
        .all(|(rule, pointer, _)| *rule == "orgpolicy-shape" && *pointer == "/plans/P"));
    assert!(errors[0].2.contains("`rules`"));
}

#[test]
fn bad_trees_are_refused_with_the_place() {
    let read = |value: Value| OrgTree::from_json(&value, &mut |_| Err("no files".to_string()));
    let error = read(json!({"root": {"id": "Prod"}})).unwrap_err();
    assert!(error.starts_with("/root/id:"), "{error}");
    let error = read(json!({"root": {"id": "r-ab12", "children": [
        {"id": "111111111111", "children": [{"id": "222222222222"}]}]}}))
    .unwrap_err();
    assert!(
        error.contains("account `111111111111` has children"),
        "{error}"
    );
    let tree = read(json!({"root": {"id": "r-ab12"}})).unwrap();
    assert!(tree
        .effective("111111111111")
        .unwrap_err()
        .contains("not in the attachment tree"));
}

/// The README's example ("Organizations backup policies").
#[test]
fn the_readme_example() {
    use backup_dsl::org_policy::{MemberResources, OrgPolicy};
    use backup_dsl::{BackupPlan, BackupResource, BackupSelection, BackupVault};
    let vault = BackupVault::new("Vault").name("org-backup");
    let plan = BackupPlan::daily_weekly_monthly_5_year_retention("Standard")
        .vault(&vault)
        .selection(
            BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "standard")),
        );
    let member = MemberResources::new("BackupRole").vault(&vault);
    let policy = OrgPolicy::from_plans(
        "standard-backup",
        &[&plan],
        &member,
        &["eu-west-1", "us-east-1"],
    )
    .expect("expressible in a backup policy");
    let content = policy.to_minified_json();
    assert!(
        content.contains(r#""iam_role_arn":{"@@assign":"arn:aws:iam::$account:role/BackupRole"}"#)
    );
    // What the builder emits, the linter finds clean.
    let document: Value = serde_json::from_str(&content).unwrap();
    assert_eq!(lint(&document), []);
    assert_eq!(lint_template(&template(document)).findings, []);
}

/// A plan using every feature a policy expresses: the builder's policy lints clean.
#[test]
fn a_rich_builder_policy_lints_clean() {
    use backup_dsl::org_policy::{MemberResources, OrgPolicy};
    use backup_dsl::{
        BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection,
        BackupVault, Duration, LogicallyAirGappedBackupVault, S3BackupOptions, ScanMode,
        ScanSetting, TagCondition, VaultRef,
    };
    let vault = BackupVault::new("Vault").name("org-backup");
    let air_gapped =
        LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(400))
            .name("org-lag");
    let plan = BackupPlan::new("Rich")
        .vault(&vault)
        .windows_vss(true)
        .s3_backup_options(S3BackupOptions {
            backup_acls: true,
            backup_object_tags: true,
        })
        .scan_setting(ScanSetting::new(
            "arn:aws:iam::$account:role/Scanner",
            ["EBS", "S3"],
        ))
        .rule(
            BackupPlanRule::new()
                .name("Nightly")
                .schedule("cron(0 3 ? * * *)")
                .start_window(Duration::hours(2))
                .completion_window(Duration::hours(8))
                .move_to_cold_storage_after(Duration::days(30))
                .delete_after(Duration::days(365))
                .logically_air_gapped_vault(&air_gapped)
                .recovery_point_tag("owner", "platform")
                .scan_action(ScanMode::Incremental)
                .copy_action(
                    BackupPlanCopyAction::new(VaultRef::from_arn(
                        "arn:aws:backup:us-west-2:111111111111:backup-vault:dr",
                    ))
                    .delete_after(Duration::days(365)),
                ),
        )
        .rule(
            BackupPlanRule::daily()
                .enable_continuous_backup(true)
                .delete_after(Duration::days(14)),
        )
        .selection(
            BackupSelection::new("Prod")
                .resource(BackupResource::tag("backup", "nightly"))
                .resource(BackupResource::tag("backup", "daily"))
                .condition(TagCondition::like("stage", "prod*")),
        )
        .selection(
            BackupSelection::new("Tables")
                .resource(BackupResource::arn("arn:aws:dynamodb:*:*:table/*"))
                .exclude("arn:aws:ec2:*:*:volume/*"),
        );
    let member = MemberResources::new("service-role/Backup")
        .vault(&vault)
        .air_gapped_vault(&air_gapped);
    let policy = OrgPolicy::from_plans("rich", &[&plan], &member, &["eu-west-1"]).unwrap();
    let document = policy.to_json();
    assert_eq!(lint(&document), []);
    assert_eq!(check_policy(&document, PolicyKind::Attached), []);
}

/// The builder's policy in an `AWS::Organizations::Policy` (Content as an object and as a
/// string) passes cfn-lint (1.58.0, the registry schema of the resource).
#[test]
fn the_builder_policy_in_a_template_passes_cfn_lint() {
    use backup_dsl::org_policy::{MemberResources, OrgPolicy};
    use backup_dsl::{BackupPlan, BackupResource, BackupSelection, BackupVault};
    let vault = BackupVault::new("Vault").name("org-backup");
    let plan = BackupPlan::daily_weekly_monthly_5_year_retention("Standard")
        .vault(&vault)
        .selection(BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "std")));
    let member = MemberResources::new("BackupRole").vault(&vault);
    let policy = OrgPolicy::from_plans("standard", &[&plan], &member, &["eu-west-1"]).unwrap();
    for content in [policy.to_json(), Value::String(policy.to_minified_json())] {
        let template = template(content);
        assert_eq!(lint_template(&template).findings, []);
        backup_dsl_tests::assert_cfn_lint_clean("org-policy", &template);
    }
}

#[test]
fn a_content_resolved_at_deploy_time_is_skipped_and_listed() {
    let report = lint_template(&template(json!({"Fn::Sub": "${Policy}"})));
    assert!(report
        .findings
        .iter()
        .all(|f| !f.rule.starts_with("orgpolicy")));
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(
        report.skipped[0].pointer,
        "/Resources/Backup/Properties/Content"
    );
    assert!(report.skipped[0].reason.contains("Fn::Sub"));
}

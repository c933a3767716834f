//! Issue 15, coverage proof: the analysis over the fixture app in `tests/fixtures/coverage/app`
//! (every one of the 19 protectable types at least once; covered by ARN, by tag, by condition,
//! by wildcard; excluded by `NotResources`; missed by a wrong tag value; in another template
//! than the plan; in another Region; undecidable by an intrinsic), and over an `App` built with
//! the builder.

use std::collections::BTreeSet;
use std::path::Path;

use backup_dsl::coverage::{analyse, Coverage, Input, ResourceCoverage, Status};
use backup_dsl::{
    App, BackupPlan, BackupResource, BackupSelection, CfnResource, Environment, Stack, TagCondition,
};
use serde_json::{json, Value};

const APP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/coverage/app");

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixture assembly's stacks as inputs, as `backup-dsl coverage` reads them.
fn fixture_inputs() -> Vec<Input> {
    let dir = Path::new(APP);
    let manifest = read_json(&dir.join("manifest.json"));
    let mut inputs = Vec::new();
    for (id, artifact) in manifest["artifacts"].as_object().unwrap() {
        if artifact["type"] != "aws:cloudformation:stack" {
            continue;
        }
        let file = artifact["properties"]["templateFile"].as_str().unwrap();
        let mut input = Input::new(file, read_json(&dir.join(file)))
            .assembly_environment(artifact["environment"].as_str().unwrap())
            .stack_name(id.as_str());
        if let Some(tags) = artifact["properties"]["tags"].as_object() {
            for (key, value) in tags {
                input = input.stack_tag(key.as_str(), value.as_str().unwrap());
            }
        }
        inputs.push(input);
    }
    inputs
}

fn fixture() -> Coverage {
    analyse(&fixture_inputs())
}

fn entry<'a>(coverage: &'a Coverage, file: &str, id: &str) -> &'a ResourceCoverage {
    coverage
        .resource(file, id)
        .unwrap_or_else(|| panic!("{file}#{id} not listed: {:#?}", coverage.resources))
}

/// Asserts status, covering selections (logical ids in `Backups.template.json` unless they
/// contain `#`) and a phrase of the reason.
fn check(
    coverage: &Coverage,
    file: &str,
    id: &str,
    status: Status,
    selections: &[&str],
    phrase: &str,
) {
    let e = entry(coverage, file, id);
    let expected: Vec<String> = selections
        .iter()
        .map(|s| {
            if s.contains('#') {
                s.to_string()
            } else {
                format!("Backups.template.json#{s}")
            }
        })
        .collect();
    assert_eq!(
        (e.status, &e.selections),
        (status, &expected),
        "{file}#{id}: {}",
        e.reason
    );
    assert!(
        e.reason.contains(phrase),
        "{file}#{id}: `{}` lacks `{phrase}`",
        e.reason
    );
    assert!(e.reason.ends_with('.'), "a sentence: {}", e.reason);
}

const DATA: &str = "Data.template.json";

#[test]
fn every_protectable_type_is_listed_and_nothing_else() {
    let coverage = fixture();
    let types: BTreeSet<&str> = coverage
        .resources
        .iter()
        .map(|r| r.resource_type.as_str())
        .collect();
    assert_eq!(types.len(), 19, "{types:?}");
    // Not listed: the IAM role (not protectable), the Aurora writer instance (backed up through
    // its cluster), the selections and the plan.
    for id in ["Role", "AccountsWriter", "SessionsSelection"] {
        assert!(coverage.resource(DATA, id).is_none(), "{id} listed");
    }
    let mut sorted = coverage.resources.clone();
    sorted.sort_by(|a, b| (&a.file, &a.logical_id).cmp(&(&b.file, &b.logical_id)));
    assert_eq!(sorted, coverage.resources, "sorted by file then logical id");
    assert_eq!(coverage, fixture(), "deterministic");
}

#[test]
fn covered_by_arn_in_another_template_than_the_plan() {
    let c = fixture();
    let arn = "ARN `arn:aws:dynamodb:eu-west-1:111122223333:table/orders`";
    check(&c, DATA, "Orders", Status::Covered, &["ByArn"], arn);
    // `Fn::Sub` with pseudo parameters, and RDS's lower-cased identifier (`Billing`).
    check(
        &c,
        DATA,
        "Billing",
        Status::Covered,
        &["ByArn"],
        "db:billing",
    );
    check(
        &c,
        DATA,
        "AuditLogs",
        Status::Covered,
        &["ByArn"],
        "arn:aws:s3:::audit-logs",
    );
}

#[test]
fn covered_by_get_att_of_a_table_whose_name_cloudformation_generates() {
    let c = fixture();
    let own = "Data.template.json#SessionsSelection";
    check(
        &c,
        DATA,
        "Sessions",
        Status::Covered,
        &[own],
        "<TableName of `Sessions`>",
    );
}

#[test]
fn covered_by_tag_on_every_tag_property() {
    let c = fixture();
    for id in [
        "SharedFiles",
        "Platform",
        "Metrics",
        "Profiles",
        "Warehouse",
        "Ledger",
        "Hana",
    ] {
        check(
            &c,
            DATA,
            id,
            Status::Covered,
            &["Tagged"],
            "tag `backup` = `yes`",
        );
    }
}

#[test]
fn covered_by_wildcard_and_conditions() {
    let c = fixture();
    let why =
        "wildcard `*` and condition `stage` = `prod` and condition `StringLike` `team` `data-*`";
    check(&c, DATA, "Worker", Status::Covered, &["ProdData"], why);
    let cluster = "wildcard `arn:aws:rds:*:*:cluster:*`";
    check(
        &c,
        DATA,
        "Accounts",
        Status::Covered,
        &["Clusters"],
        cluster,
    );
    check(&c, DATA, "Catalog", Status::Covered, &["Clusters"], cluster);
}

#[test]
fn covered_by_a_system_tag_of_another_stack() {
    let c = fixture();
    let why = "tag `aws:cloudformation:stack-name` = `Legacy`";
    check(
        &c,
        "Legacy.template.json",
        "Nested",
        Status::Covered,
        &["LegacyStack"],
        why,
    );
}

#[test]
fn uncovered_with_the_nearest_miss() {
    let c = fixture();
    let why = "tag `backup` is `no`, selection `Tagged` wants `yes`";
    check(&c, DATA, "ScratchVolume", Status::Uncovered, &[], why);
    let excluded = "excludes it by `NotResources` (wildcard `arn:aws:rds:*:*:cluster:scratch*`)";
    check(&c, DATA, "ScratchGraph", Status::Uncovered, &[], excluded);
    let condition = "tag `team` is `web`, selection `ProdData` wants `data-*` (`StringLike`)";
    check(&c, DATA, "WebFiles", Status::Uncovered, &[], condition);
    // DynamoDB tables do not get `aws:cloudformation:stack-name`.
    let no_tag = "it has no tag `backup`, selection `Tagged` wants `yes`";
    check(
        &c,
        "Legacy.template.json",
        "LegacySessions",
        Status::Uncovered,
        &[],
        no_tag,
    );
    let region = "is in Region `eu-west-1` and the resource in `eu-central-1`";
    check(
        &c,
        "Frankfurt.template.json",
        "Analytics",
        Status::Uncovered,
        &[],
        region,
    );
}

#[test]
fn unknown_only_through_an_intrinsic_named_in_the_reason() {
    let c = fixture();
    let why =
        "tag `backup` (tested by selection `Tagged`) depends on `Ref` to parameter `FsxBackupTag`";
    check(&c, DATA, "ExportsVolume", Status::Unknown, &[], why);
    assert_eq!(c.with_status(Status::Unknown).count(), 1);
}

#[test]
fn warnings_for_opt_in_versioning_and_system_tags() {
    let c = fixture();
    let got: Vec<(&str, &str, &str)> = c
        .warnings
        .iter()
        .map(|w| (w.file.as_str(), w.logical_id.as_str(), w.violation.rule))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Backups.template.json",
                "LegacyStack",
                "coverage-system-tag"
            ),
            (DATA, "Accounts", "coverage-opt-in"),
            (DATA, "Catalog", "coverage-opt-in"),
            (DATA, "RawUploads", "coverage-s3-versioning"),
        ]
    );
    let system = &c.warnings[0].violation.message;
    assert!(
        system.contains("cannot select `Legacy.template.json#LegacySessions`"),
        "{system}"
    );
    assert!(
        !system.contains("Data.template.json"),
        "another stack is not concerned: {system}"
    );
    // The bucket is covered all the same: AWS accepts the selection, the jobs fail.
    check(
        &c,
        DATA,
        "RawUploads",
        Status::Covered,
        &["ByArn"],
        "raw-uploads",
    );
}

#[test]
fn stack_tags_reach_the_resources() {
    let template = json!({"Resources": {
        "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "t"}},
        "Selection": {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": "p",
            "BackupSelection": {"SelectionName": "S", "IamRoleArn": "r", "ListOfTags": [
                {"ConditionType": "STRINGEQUALS", "ConditionKey": "owner", "ConditionValue": "legacy-team"}]}}}
    }});
    let plain = analyse(&[Input::new("t.json", template.clone())]);
    assert_eq!(plain.resources[0].status, Status::Uncovered);
    let tagged = analyse(&[Input::new("t.json", template).stack_tag("owner", "legacy-team")]);
    assert_eq!(tagged.resources[0].status, Status::Covered);
}

#[test]
fn list_of_tags_with_conditions_is_decided_only_when_both_readings_agree() {
    let selection = |resources: Value| {
        json!({"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": "p",
            "BackupSelection": {"SelectionName": "S", "IamRoleArn": "r", "Resources": resources,
                "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "yes"}],
                "Conditions": {"StringEquals": [{"ConditionKey": "aws:ResourceTag/stage", "ConditionValue": "prod"}]}}}})
    };
    let table = |tags: Value| json!({"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "t", "Tags": tags}});
    let run = |tags: Value| {
        let template = json!({"Resources": {"T": table(tags), "S": selection(json!([]))}});
        analyse(&[Input::new("t.json", template)]).resources[0].clone()
    };
    // backup=yes, stage=dev: (Res ∧ Cond) ∨ LoT holds, (Res ∨ LoT) ∧ Cond does not.
    let split = run(json!([{"Key": "backup", "Value": "yes"}, {"Key": "stage", "Value": "dev"}]));
    assert_eq!(split.status, Status::Unknown, "{}", split.reason);
    assert!(
        split.reason.contains("AWS does not document"),
        "{}",
        split.reason
    );
    let both = run(json!([{"Key": "backup", "Value": "yes"}, {"Key": "stage", "Value": "prod"}]));
    assert_eq!(both.status, Status::Covered, "{}", both.reason);
    let neither = run(json!([{"Key": "backup", "Value": "no"}]));
    assert_eq!(neither.status, Status::Uncovered, "{}", neither.reason);
}

#[test]
fn a_template_without_environment_matches_only_wildcards_for_region_and_account() {
    let template = json!({"Resources": {
        "T": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "orders"}},
        "Literal": {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": "p",
            "BackupSelection": {"SelectionName": "L", "IamRoleArn": "r",
                "Resources": ["arn:aws:dynamodb:eu-west-1:111122223333:table/orders"]}}}
    }});
    let unknown_env = analyse(&[Input::new("t.json", template.clone())]);
    assert_eq!(
        unknown_env.resources[0].status,
        Status::Uncovered,
        "{}",
        unknown_env.resources[0].reason
    );
    let env = Input::new("t.json", template)
        .environment(Some("111122223333".into()), Some("eu-west-1".into()));
    assert_eq!(analyse(&[env]).resources[0].status, Status::Covered);
}

#[test]
fn an_app_built_with_the_builder() {
    let table = CfnResource::new("Orders", "AWS::DynamoDB::Table").properties(json!({
        "Tags": [{"Key": "backup", "Value": "daily"}]
    }));
    let cluster = CfnResource::new("Ledger", "AWS::RDS::DBCluster")
        .properties(json!({"DBClusterIdentifier": "ledger", "Engine": "aurora-mysql"}));
    let bucket = CfnResource::new("Uploads", "AWS::S3::Bucket");
    let env = Environment::new("111122223333", "eu-west-1");
    let data = Stack::new("Data")
        .environment(env.clone())
        .with(table)
        .with(cluster)
        .with(bucket.clone())
        .with(BackupPlan::daily_35_day_retention("Local").selection(
            BackupSelection::new("Uploads").resource(BackupResource::arn(bucket.get_att("Arn"))),
        ));
    let backups = Stack::new("Backups").environment(env).with(
        BackupPlan::daily_weekly_monthly_5_year_retention("Plan").selection(
            BackupSelection::new("Tagged")
                .resource(BackupResource::tag("backup", "daily"))
                .resource(BackupResource::rds_cluster("ledger"))
                .condition(TagCondition::not_equals("stage", "dev")),
        ),
    );
    let coverage = App::new()
        .with_stack(data)
        .with_stack(backups)
        .coverage()
        .expect("synthesizes");
    let status: Vec<(&str, Status, usize)> = coverage
        .resources
        .iter()
        .map(|r| (r.logical_id.as_str(), r.status, r.selections.len()))
        .collect();
    assert_eq!(
        status,
        [
            ("Ledger", Status::Covered, 1),
            ("Orders", Status::Covered, 1),
            ("Uploads", Status::Covered, 1)
        ],
        "{:#?}",
        coverage.resources
    );
    let orders = coverage.resource("Data.template.json", "Orders").unwrap();
    assert!(
        orders.selections[0].starts_with("Backups.template.json#PlanTagged"),
        "{orders:?}"
    );
    assert!(
        orders.reason.contains("tag `backup` = `daily`"),
        "{}",
        orders.reason
    );
    let rules: Vec<&str> = coverage.warnings.iter().map(|w| w.violation.rule).collect();
    assert_eq!(rules, ["coverage-opt-in", "coverage-s3-versioning"]);
}

#[test]
fn no_input_panics() {
    let odd = [
        json!(null),
        json!([]),
        json!({"Resources": []}),
        json!({"Resources": {"X": 1, "Y": {"Type": 3}}}),
        json!({"Resources": {"T": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::GetAtt": "T.Arn"}, "Tags": {"Fn::If": ["c", [], []]}}}}}),
        json!({"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": {"Fn::GetAtt": ["T", "Arn"]}}}}}),
        json!({"Resources": {"S": {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupSelection": {"Fn::If": []}}}, "V": {"Type": "AWS::EC2::Volume", "Properties": {"Tags": [1, {"Key": {"Ref": "K"}}]}}}}),
        json!({"Resources": {"S": {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupSelection": {"Resources": [{"Fn::Sub": "${"}, {"Fn::Join": [1, 2]}, {"Fn::Sub": ["${A}", {"A": {"Ref": "AWS::Region"}}]}], "Conditions": {"StringLike": {"ConditionKey": 5}}}}}, "V": {"Type": "AWS::EC2::Volume"}}}),
    ];
    for template in odd {
        let _ = analyse(&[Input::new("odd.json", template)]);
    }
}

#[test]
fn names_that_refer_to_each_other_many_times_over_end_quickly() {
    // Each table's name joins the ARN of the next one 64 times: 64^20 steps without a budget.
    let mut resources = serde_json::Map::new();
    for i in 0..20 {
        let next = json!({"Fn::GetAtt": [format!("T{}", i + 1), "Arn"]});
        let name = json!({"Fn::Join": ["", vec![next; 64]]});
        resources.insert(
            format!("T{i}"),
            json!({"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": name}}),
        );
    }
    let coverage = analyse(&[Input::new("deep.json", json!({ "Resources": resources }))]);
    assert_eq!(coverage.resources.len(), 20);
}

/// CDK's own selections (`fromConstruct`, `fromDynamoDbTable`, L1 `Ref`s and `GetAtt`s, rendered
/// with `Fn::Join` over pseudo parameters) cover every resource CDK put them on: the ARN
/// computation agrees with CDK's for every shape CDK writes.
#[test]
fn cdk_selections_cover_their_resources() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cdk-templates");
    let mut listed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let coverage = analyse(&[Input::new(name, read_json(&path))]);
        for resource in &coverage.resources {
            assert_eq!(resource.status, Status::Covered, "{resource:#?}");
            listed += 1;
        }
    }
    assert_eq!(listed, 19, "the CDK fixtures' protectable resources");
}

#[test]
fn a_literal_naming_a_generated_resource_is_undecidable_otherwise_a_miss() {
    let template = |arn: &str| {
        json!({"Resources": {
            "Sessions": {"Type": "AWS::DynamoDB::Table"},
            "S": {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": "p",
                "BackupSelection": {"SelectionName": "S", "IamRoleArn": "r", "Resources": [arn]}}}
        }})
    };
    let input = |arn: &str| {
        Input::new("t.json", template(arn))
            .environment(Some("111122223333".into()), Some("eu-west-1".into()))
    };
    // A deployed name pasted in (`<stack>-<logical id>-<random>`): only deployment can tell.
    let pasted = analyse(&[input(
        "arn:aws:dynamodb:eu-west-1:111122223333:table/App-Sessions-1X2Y3Z",
    )]);
    assert_eq!(pasted.resources[0].status, Status::Unknown);
    assert!(
        pasted.resources[0]
            .reason
            .contains("depends on <TableName of `Sessions`>"),
        "{}",
        pasted.resources[0].reason
    );
    // Any other literal cannot be the name CloudFormation generates.
    let other = analyse(&[input(
        "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
    )]);
    assert_eq!(
        other.resources[0].status,
        Status::Uncovered,
        "{}",
        other.resources[0].reason
    );
}

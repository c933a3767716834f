//! Coverage analysis cost: 1,250, 2,500 and 5,000 protectable resources (DynamoDB tables,
//! S3 buckets, EBS volumes, RDS clusters with generated and literal names, tags) in 10
//! templates, against 100 selections (ARN lists, wildcards with conditions, tag lists,
//! `NotResources`, `Fn::GetAtt` of a table) in a separate template. Linear means the time per
//! resource stays flat as the count doubles.
//!
//! Run: `cargo bench -p backup-synth --bench coverage`.

use std::hint::black_box;

use backup_synth::coverage::{analyse, Input};
use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use serde_json::{json, Map, Value};

const SELECTIONS: usize = 100;
const TEMPLATES: usize = 10;

fn resource(index: usize) -> Value {
    let tags = json!([{"Key": "backup", "Value": if index % 3 == 0 { "yes" } else { "no" }},
                      {"Key": "stage", "Value": if index % 2 == 0 { "prod" } else { "dev" }}]);
    match index % 4 {
        0 => {
            json!({"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": format!("table-{index}"), "Tags": tags}})
        }
        1 => {
            json!({"Type": "AWS::S3::Bucket", "Properties": {"BucketName": format!("bucket-{index}"), "Tags": tags,
                    "VersioningConfiguration": {"Status": "Enabled"}}})
        }
        2 => json!({"Type": "AWS::EC2::Volume", "Properties": {"Size": 10, "Tags": tags}}),
        _ => {
            json!({"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "mysql", "Tags": tags}})
        }
    }
}

/// Selection `index`; its ARN list names tables spread over all `resources`, so the share of
/// covered resources is the same at every size.
fn selection(index: usize, resources: usize) -> Value {
    let body = match index % 5 {
        0 => {
            json!({"Resources": (0..10).map(|k| format!("arn:aws:dynamodb:eu-west-1:111122223333:table/table-{}", 4 * ((index * 10 + k) * resources / 4000))).collect::<Vec<_>>()})
        }
        1 => {
            json!({"Resources": [format!("arn:aws:s3:::bucket-{index}*")], "NotResources": ["arn:aws:s3:::bucket-1"]})
        }
        2 => {
            json!({"ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": format!("team-{index}"), "ConditionValue": "x"}]})
        }
        3 => {
            json!({"Resources": ["*"], "Conditions": {"StringEquals": [{"ConditionKey": "aws:ResourceTag/stage", "ConditionValue": format!("stage-{index}")}]}})
        }
        _ => {
            json!({"Resources": [{"Fn::GetAtt": ["Local", "Arn"]}, {"Fn::Sub": "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:db-" }]})
        }
    };
    let mut body = body.as_object().unwrap().clone();
    body.insert("SelectionName".into(), json!(format!("S{index}")));
    body.insert(
        "IamRoleArn".into(),
        json!("arn:aws:iam::111122223333:role/backup"),
    );
    json!({"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": "p", "BackupSelection": body}})
}

fn inputs(resources: usize) -> Vec<Input> {
    let env =
        |input: Input| input.environment(Some("111122223333".into()), Some("eu-west-1".into()));
    let mut inputs = Vec::new();
    for t in 0..TEMPLATES {
        let map: Map<String, Value> = (t * resources / TEMPLATES..(t + 1) * resources / TEMPLATES)
            .map(|i| (format!("R{i}"), resource(i)))
            .collect();
        inputs.push(env(Input::new(
            format!("data-{t}.json"),
            json!({ "Resources": map }),
        )));
    }
    let mut map: Map<String, Value> = (0..SELECTIONS)
        .map(|i| (format!("Selection{i}"), selection(i, resources)))
        .collect();
    map.insert("Local".into(), json!({"Type": "AWS::DynamoDB::Table"}));
    inputs.push(env(Input::new("backups.json", json!({ "Resources": map }))));
    inputs
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("coverage");
    group.sample_size(20);
    for resources in [1250, 2500, 5000] {
        let inputs = inputs(resources);
        group.throughput(Throughput::Elements(resources as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(resources),
            &inputs,
            |b, inputs| b.iter(|| black_box(analyse(black_box(inputs)))),
        );
    }
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}

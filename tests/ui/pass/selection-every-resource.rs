//! A selection with every resource helper, a spliced resource and every key.
use backup_dsl::{backup_plan, BackupResource, Stack};

fn main() {
    let extra = BackupResource::arn("arn:aws:s3:::spliced-bucket");
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            rule daily();
            selection Everything {
                name: "everything",
                resources: [
                    tag("stage" == "prod"),
                    arn("arn:aws:ec2:us-east-1:123456789012:volume/*"),
                    dynamodb_table("orders"),
                    ec2_instance("i-1234567890abcdef0"),
                    efs_file_system("fs-12345678"),
                    rds_instance("my-db"),
                    rds_cluster("my-cluster"),
                    rds_serverless_cluster("my-serverless"),
                    { extra },
                ],
                allow_restores: true,
                disable_default_backup_policy: false,
            }
            selection WithRole {
                resources: [tag("backup" == "true")],
                role: "arn:aws:iam::123456789012:role/backup-role",
            }
        }
    }
    let template = stack.synth().unwrap();
    let resources = &template.json()["Resources"];
    let selection = &resources[backup_dsl::logical_id("Plan/Everything/Resource")]
        ["Properties"]["BackupSelection"];
    assert_eq!(selection["Resources"].as_array().unwrap().len(), 8);
    assert_eq!(selection["ListOfTags"].as_array().unwrap().len(), 1);
    assert_eq!(selection["SelectionName"], "everything");
    // Plan, vault, two selections, one generated role (the other selection brings its own).
    assert_eq!(resources.as_object().unwrap().len(), 5);
}

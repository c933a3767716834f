//! A rule using every key, copy actions to each kind of vault, and an unnamed rule.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        vault Secondary {}
        plan Plan {
            scan_setting: { role: "arn:aws:iam::123456789012:role/scanner", resource_types: [EBS, S3] },
            rule Custom {
                schedule: "cron(30 3 15 * ? *)",
                schedule_timezone: "America/New_York",
                start_window: 1 hour,
                completion_window: 2 hours,
                move_to_cold_storage_after: 30 days,
                delete_after: 120 days,
                opt_in_to_archive: true,
                scan_mode: incremental,
                recovery_point_tags: { "key": "value", "env": "prod" },
                index_actions: [S3],
                vault: from_name("custom-vault"),
                copy_to Secondary { move_to_cold_storage_after: 30 days, delete_after: 120 days, opt_in_to_archive: true }
                copy_to from_arn("arn:aws:backup:us-west-2:123456789012:backup-vault:dr-vault") { delete_after: 365 days }
                copy_to from_name("other") {}
            }
            rule {
                enable_continuous_backup: true,
            }
        }
    }
    let template = stack.synth().unwrap();
    let rules =
        &template.json()["Resources"]["PlanDAF4E53A"]["Properties"]["BackupPlan"]["BackupPlanRule"];
    assert_eq!(rules[0]["ScheduleExpression"], "cron(30 3 15 * ? *)");
    assert_eq!(rules[0]["Lifecycle"]["OptInToArchiveForSupportedResources"], true);
    assert_eq!(rules[0]["ScanActions"][0]["ScanMode"], "INCREMENTAL_SCAN");
    assert_eq!(
        rules[0]["CopyActions"][0]["Lifecycle"]["OptInToArchiveForSupportedResources"],
        true
    );
    assert_eq!(rules[1]["RuleName"], "PlanRule1");
    let plan = &template.json()["Resources"]["PlanDAF4E53A"]["Properties"]["BackupPlan"];
    assert_eq!(plan["ScanSettings"][0]["ResourceTypes"][1], "S3");
    assert_eq!(rules[1]["Lifecycle"]["DeleteAfterDays"], 35);
}

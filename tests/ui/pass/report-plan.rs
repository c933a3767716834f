//! A report plan on a framework of the same stack, delivered as CSV and JSON.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack").allow("framework-config-recording");
    backup_plan! {
        in stack;
        plan Daily = daily_35_day_retention;
        framework Audit {
            control BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK { requiredRetentionDays: 35 }
        }
        report_plan Compliance {
            name: "compliance_report",
            template: CONTROL_COMPLIANCE_REPORT,
            formats: [CSV, JSON],
            frameworks: [Audit],
            bucket: "audit-reports",
            key_prefix: "backup",
        }
    }
    let template = stack.synth().unwrap();
    let json = template.json();
    let report = &json["Resources"]["Compliance"]["Properties"];
    assert_eq!(report["ReportSetting"]["FrameworkArns"][0]["Ref"], "Audit");
    assert_eq!(report["ReportDeliveryChannel"]["Formats"][1], "JSON");
}

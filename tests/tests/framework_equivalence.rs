//! The macro adds checking, never behaviour: a `framework` written in `backup_plan!` gives the
//! same model and the same template bytes as the hand-written builder chain.

use backup_dsl::{
    backup_plan, BackupPlan, Control, ControlScope, Duration, Framework, FrameworkRef,
    ReportFormat, ReportPlan, ReportTemplate, Stack,
};

fn stack() -> Stack {
    Stack::new("Stack")
        .allow("framework-config-recording")
        .allow("BACKUP_RECOVERY_POINT_ENCRYPTED")
}

#[test]
fn frameworks_and_report_plans_match_the_builder() {
    let mut from_macro = stack();
    backup_plan! {
        in from_macro;
        plan Daily = daily_35_day_retention;
        framework Audit {
            name: "audit_framework",
            description: "daily backups kept 35 days",
            control BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN {
                scope: { types: ["RDS", "EBS"] },
            }
            control BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK {
                requiredFrequencyUnit: "hours",
                requiredFrequencyValue: 24,
                requiredRetentionDays: 35,
                scope: { tags: { "backup": "daily" } },
            }
            control BACKUP_RECOVERY_POINT_ENCRYPTED;
            control BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED {
                principalArnList: [
                    "arn:aws:iam::123456789012:role/break-glass",
                    "arn:aws:iam::123456789012:role/auditor",
                ],
                scope: { ids: ["arn:aws:backup:us-east-1:123456789012:backup-vault:prod"] },
            }
        }
        report_plan Compliance {
            name: "compliance_report",
            description: "the audit framework's controls",
            template: CONTROL_COMPLIANCE_REPORT,
            formats: [CSV, JSON],
            frameworks: [Audit, "arn:aws:backup:us-east-1:123456789012:framework:other-1234"],
            bucket: "audit-reports",
            key_prefix: "backup",
        }
        report_plan Jobs {
            template: BACKUP_JOB_REPORT,
            bucket: "audit-reports",
            regions: ["us-east-1", "eu-west-1"],
        }
    }

    let framework = Framework::new("Audit")
        .name("audit_framework")
        .description("daily backups kept 35 days")
        .control(
            Control::protected_by_backup_plan().scope(
                ControlScope::default()
                    .resource_type("RDS")
                    .resource_type("EBS"),
            ),
        )
        .control(
            Control::min_frequency_and_retention(Duration::hours(24), 35)
                .scope(ControlScope::default().tag("backup", "daily")),
        )
        .control(Control::encrypted())
        .control(
            Control::manual_deletion_disabled([
                "arn:aws:iam::123456789012:role/break-glass",
                "arn:aws:iam::123456789012:role/auditor",
            ])
            .scope(
                ControlScope::default()
                    .resource_id("arn:aws:backup:us-east-1:123456789012:backup-vault:prod"),
            ),
        );
    let mut by_hand = stack();
    by_hand.add(BackupPlan::daily_35_day_retention("Daily"));
    by_hand.add(framework);
    by_hand.add(
        ReportPlan::new(
            "Compliance",
            ReportTemplate::ControlCompliance,
            "audit-reports",
        )
        .name("compliance_report")
        .description("the audit framework's controls")
        .format(ReportFormat::Csv)
        .format(ReportFormat::Json)
        .key_prefix("backup")
        .framework(FrameworkRef::InStack("Audit".into()))
        .framework(FrameworkRef::Arn(
            "arn:aws:backup:us-east-1:123456789012:framework:other-1234".into(),
        )),
    );
    by_hand.add(
        ReportPlan::new("Jobs", ReportTemplate::BackupJob, "audit-reports")
            .region("us-east-1")
            .region("eu-west-1"),
    );

    assert_eq!(from_macro, by_hand, "same model");
    let (a, b) = (from_macro.synth(), by_hand.synth());
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(
        a.to_pretty_string(),
        b.to_pretty_string(),
        "same template bytes"
    );
    assert_eq!(a.warnings(), b.warnings(), "same warnings");
}

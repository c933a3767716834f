//! A framework next to the plan it audits: typed controls with parameters and scopes,
//! synthesized to `AWS::Backup::Framework` and proven against the plan.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack").allow("framework-config-recording");
    backup_plan! {
        in stack;
        plan Daily = daily_35_day_retention;
        framework Audit {
            description: "daily backups kept 35 days",
            control BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK {
                requiredFrequencyUnit: "days",
                requiredFrequencyValue: 1,
                requiredRetentionDays: 35,
            }
            control BACKUP_LAST_RECOVERY_POINT_CREATED {
                recoveryPointAgeUnit: "hours",
                recoveryPointAgeValue: 36,
                scope: { tags: { "backup": "daily" } },
            }
        }
    }
    let template = stack.synth().unwrap();
    let json = template.json();
    let framework = &json["Resources"]["Audit"];
    assert_eq!(framework["Type"], "AWS::Backup::Framework");
    let controls = framework["Properties"]["FrameworkControls"].as_array().unwrap();
    assert_eq!(controls.len(), 2);
    assert_eq!(controls[1]["ControlInputParameters"][1]["ParameterValue"], "36");
    assert_eq!(controls[1]["ControlScope"]["Tags"][0]["Value"], "daily");
}

//! Rust values spliced in with `{ expr }` wherever a value is only known at run time.
use backup_dsl::{backup_plan, Duration, Stack, VaultRef};

struct Config {
    retention_days: i64,
    schedule: String,
    dr_vault: String,
}

fn main() {
    let config = Config {
        retention_days: 14,
        schedule: "cron(0 4 ? * * *)".into(),
        dr_vault: "dr".into(),
    };
    let tags = vec![("team", "storage")];
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan Plan {
            name: { format!("{}-plan", "nightly") },
            vault: { VaultRef::from_name(config.dr_vault.clone()) },
            windows_vss: { true },
            rule Spliced {
                schedule: { config.schedule.as_str() },
                delete_after: { Duration::days(config.retention_days) },
                recovery_point_tags: { tags },
                enable_continuous_backup: { false },
            }
        }
    }
    let template = stack.synth().unwrap();
    let plan = &template.json()["Resources"]["PlanDAF4E53A"]["Properties"]["BackupPlan"];
    assert_eq!(plan["BackupPlanName"], "nightly-plan");
    assert_eq!(
        plan["BackupPlanRule"][0]["Lifecycle"]["DeleteAfterDays"],
        14
    );
}

//! The expansion of `backup_plan!` is hygienic: it compiles under `#![deny(warnings)]`, in a
//! `#[no_implicit_prelude]` module whose names shadow std's and the facade's. (The renamed
//! dependency case lives in the `renamed-dependency` crate beside this one.)

#![deny(warnings)]

#[no_implicit_prelude]
mod isolated {
    #![allow(dead_code, non_camel_case_types)]

    struct Option;
    struct Vec;
    struct String;
    struct Some;
    struct Duration;
    struct BackupPlan;
    mod backup_dsl {}
    mod core {}
    mod std {}

    pub fn stack() -> ::backup_dsl::Stack {
        let mut stack = ::backup_dsl::Stack::new("Stack");
        ::backup_dsl::backup_plan! {
            in stack;
            vault Archive {
                name: "archive",
                notification_topic: "arn:aws:sns:us-east-1:123456789012:backups",
                notification_events: [BACKUP_JOB_COMPLETED],
                lock_configuration: { min_retention: 7 days, max_retention: 3650 days, changeable_for: 3 days },
                removal_policy: retain,
            }
            plan Plan = daily_weekly_monthly_5_year_retention {
                windows_vss: true,
                rule Hourly {
                    schedule: "cron(15 * ? * * *)",
                    start_window: 1 hour,
                    completion_window: 2 hours,
                    delete_after: 7 days,
                    recovery_point_tags: { "tier": "hot" },
                    index_actions: [EBS],
                    copy_to Archive { delete_after: 30 days }
                }
                selection Tagged {
                    resources: [tag("backup" == "true"), dynamodb_table("orders")],
                    allow_restores: true,
                }
            }
        }
        stack
    }

    pub fn plan() -> ::backup_dsl::BackupPlan {
        ::backup_dsl::backup_plan! {
            plan Single { rule daily(); }
        }
    }
}

#[test]
fn expands_without_the_prelude() {
    let template = isolated::stack().synth().expect("valid plan");
    assert_eq!(
        template.json()["Resources"].as_object().map(|r| r.len()),
        Some(5),
        "archive vault, plan, its vault, role, selection"
    );
    assert_eq!(isolated::plan().rules().len(), 1);
}

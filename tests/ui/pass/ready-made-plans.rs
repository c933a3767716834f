//! Every ready-made plan, written as `plan Name = <ready-made>`.
use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Stack");
    backup_plan! {
        in stack;
        plan A = daily_35_day_retention;
        plan B = daily_monthly_1_year_retention;
        plan C = daily_weekly_monthly_5_year_retention;
        plan D = daily_weekly_monthly_7_year_retention {
            vault: from_name("myVault"),
            rule Extra { schedule: "cron(0 3 ? * * *)", delete_after: 10 days }
        }
    }
    let template = stack.synth().unwrap();
    let resources = &template.json()["Resources"];
    // Four plans, and an automatic vault for each plan without one.
    assert_eq!(resources.as_object().unwrap().len(), 7);
    let rules = &resources[backup_dsl::logical_id("D/Resource")]["Properties"]["BackupPlan"]
        ["BackupPlanRule"];
    assert_eq!(rules.as_array().unwrap().len(), 4);
    assert_eq!(rules[3]["RuleName"], "Extra");
}

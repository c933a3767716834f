//! Cloud assembly: two stacks written as a directory the AWS CDK CLI deploys.
//!
//! ```text
//! cargo run --example cloud_assembly            # writes cdk.out
//! cargo run --example cloud_assembly -- out-dir # writes out-dir
//! cdk ls --app cdk.out
//! cdk deploy --app cdk.out --all
//! ```

use backup_dsl::{backup_plan, App, BackupPlan, Environment, Stack};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "cdk.out".to_string());

    // An environment-agnostic stack: deploys to the account and region of the credentials.
    let mut backups = Stack::new("Backups");
    backups.add(BackupPlan::daily_35_day_retention("Plan"));

    // A stack pinned to one account and region (ARNs get them as literals).
    let mut production =
        Stack::new("BackupsProduction").environment(Environment::new("111122223333", "eu-west-1"));
    backup_plan! {
        in production;
        plan Production {
            rule Daily {
                schedule: "cron(0 5 ? * * *)",
                schedule_timezone: "Europe/Brussels",
                delete_after: 35 days,
            }
            rule Monthly {
                schedule: "cron(0 5 1 * ? *)",
                move_to_cold_storage_after: 30 days,
                delete_after: 365 days,
            }
            selection Tagged {
                resources: [tag("stage" == "prod"), dynamodb_table("orders")],
            }
        }
    }

    let app = App::new().with_stack(backups).with_stack(production);
    match app.synth_to(&dir) {
        Ok(assembly) => {
            for warning in assembly.warnings() {
                eprintln!("{warning}");
            }
            for stack in assembly.stacks() {
                println!(
                    "{dir}/{} ({}, {})",
                    stack.template_file(),
                    stack.display_name(),
                    stack.environment()
                );
            }
        }
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}

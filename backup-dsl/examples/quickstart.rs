//! Quickstart: a production backup policy written in `backup_plan!`, printed as CloudFormation.
//!
//! Run with `cargo run --example quickstart`.

use backup_dsl::{backup_plan, Stack};

fn main() {
    let mut stack = Stack::new("Backups");
    backup_plan! {
        in stack;
        plan Production {
            vault: new Primary {
                encryption_key: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                lock_configuration: { min_retention: 7 days, max_retention: 3650 days },
            },
            windows_vss: true,

            rule Daily {
                schedule: "cron(0 5 ? * * *)",
                schedule_timezone: "Europe/Brussels",
                start_window: 1 hour,
                completion_window: 2 hours,
                delete_after: 35 days,
            }
            rule Monthly {
                schedule: "cron(0 5 1 * ? *)",
                move_to_cold_storage_after: 30 days,
                delete_after: 365 days,
                copy_to from_arn("arn:aws:backup:us-west-2:111122223333:backup-vault:dr") {
                    delete_after: 365 days,
                }
            }
            rule weekly();

            selection Production {
                resources: [
                    tag("stage" == "prod"),
                    dynamodb_table("orders"),
                    arn("arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0"),
                ],
                allow_restores: true,
            }
        }
    }
    match stack.synth() {
        Ok(template) => println!("{}", template.to_pretty_string()),
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}

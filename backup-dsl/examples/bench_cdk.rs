//! The Rust side of `scripts/bench-cdk.sh`: one stack of N
//! `daily_weekly_monthly_5_year_retention` plans, each with a tag selection, built, synthesized
//! and written as a cloud assembly, with the options that make the template equal to the one
//! CDK synthesizes for `scripts/bench-cdk/app.js` (CDK's bootstrap-version rule, CDK's managed
//! policies on the selection roles, no 500-resource limit as with
//! `@aws-cdk/core:stackResourceLimit: 0`).
//!
//! ```text
//! cargo run --release --example bench_cdk -- 1000 /dev/shm/ours.out
//! ```

use std::process::ExitCode;

use backup_dsl::{App, BackupPlan, BackupResource, BackupSelection, RolePolicies, Stack};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let plans = match args.next().map(|n| n.parse::<usize>()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: bench_cdk <number of plans> <output directory>");
            return ExitCode::from(2);
        }
    };
    let Some(dir) = args.next() else {
        eprintln!("usage: bench_cdk <number of plans> <output directory>");
        return ExitCode::from(2);
    };
    let mut stack = Stack::new("Stack")
        .resource_limit(0)
        .bootstrap_version_rule(true)
        .role_policies(RolePolicies::AsCdk);
    for index in 0..plans {
        stack.add(
            BackupPlan::daily_weekly_monthly_5_year_retention(format!("Plan{index}")).selection(
                BackupSelection::new("Selection").resource(BackupResource::tag("backup", "daily")),
            ),
        );
    }
    match App::new().with_stack(stack).synth_to(&dir) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

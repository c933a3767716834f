//! The `backup-dsl` command: check and preview AWS Backup cron schedules (and, later, lint
//! templates). One module per subcommand; `main` only dispatches.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cron_cmd;

/// AWS Backup policy as code: check schedules before you deploy.
#[derive(Debug, Parser)]
#[command(name = "backup-dsl", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check, explain and preview an AWS Backup cron schedule (or many, with --jsonl)
    ///
    /// Prints the verdict, an English description and the next runs. An invalid expression is
    /// reported with the offending part underlined and a suggested fix.
    ///
    /// The dialect is AWS's six-field cron, `cron(minutes hours day-of-month month day-of-week
    /// year)`, plus AWS Backup's rule that backup jobs start at least 60 minutes apart. It is the
    /// same engine that `backup_plan!` runs at compile time.
    Cron(cron_cmd::CronArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Cron(args) => cron_cmd::run(&args),
    }
}

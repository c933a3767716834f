//! The `backup-dsl` command: check and preview AWS Backup cron schedules, and lint
//! CloudFormation templates with the rule book. One module per subcommand; `main` only
//! dispatches.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod coverage_cmd;
mod cron_cmd;
mod lint_cmd;
mod report_cmd;
mod template;

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
    /// Lint CloudFormation templates (JSON or YAML) with the AWS Backup rule book
    ///
    /// Every `AWS::Backup::BackupPlan`, `BackupSelection` and `BackupVault` resource is checked
    /// with the same rules `backup_plan!` applies at compile time: cron schedules, time zones,
    /// windows, lifecycles, continuous backup, names, selections, vault locks (including rule
    /// retention against the lock of a target vault in the same template). Findings point at
    /// the property by JSON pointer. Values given as intrinsic functions are skipped.
    Lint(lint_cmd::LintArgs),
    /// Is every resource AWS Backup can protect selected by a backup selection?
    Coverage(coverage_cmd::CoverageArgs),
    /// Write one self-contained HTML report: coverage, job calendar, lifecycles, copy graph
    Report(report_cmd::ReportArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Cron(args) => cron_cmd::run(&args),
        Command::Lint(args) => lint_cmd::run(&args),
        Command::Coverage(args) => coverage_cmd::run(&args),
        Command::Report(args) => report_cmd::run(&args),
    }
}

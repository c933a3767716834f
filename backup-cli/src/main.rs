//! The `backup-dsl` command: check and preview AWS Backup cron schedules, and lint
//! CloudFormation templates with the rule book. One module per subcommand; `main` only
//! dispatches.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod coverage_cmd;
mod cron_cmd;
mod lint_cmd;
mod org_cmd;
mod output;
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
    #[command(long_about = lint_long_about())]
    Lint(lint_cmd::LintArgs),
    /// Is every resource AWS Backup can protect selected by a backup selection?
    Coverage(coverage_cmd::CoverageArgs),
    /// Write one self-contained HTML report: coverage, job calendar, lifecycles, copy graph
    Report(report_cmd::ReportArgs),
    /// AWS Organizations backup policies: an account's effective policy from an attachment tree
    Org(org_cmd::OrgArgs),
}

/// `lint --help`: what the linter checks, with the resource types taken from the linter's and
/// the generated layer's own lists, so the help cannot fall behind them.
fn lint_long_about() -> String {
    let list = |types: &mut dyn Iterator<Item = &str>| {
        types
            .map(|t| format!("  {t}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let modelled = list(&mut backup_synth::lint::BACKUP_TYPES.iter().copied());
    let schema_only = list(
        &mut backup_synth::cfn::SCHEMAS
            .iter()
            .map(|schema| schema.type_name)
            .filter(|name| !backup_synth::lint::BACKUP_TYPES.contains(name)),
    );
    format!(
        "Lint CloudFormation templates (JSON or YAML) with the AWS Backup rule book\n\n\
         These resources are read into the model and checked with the rules `backup_plan!` \
         applies at compile time (cron schedules, time zones, windows, lifecycles, continuous \
         backup, names, ARNs, selections, vault locks, rule and copy retention against the lock \
         of a target vault in the same template, warnings), and against their CloudFormation \
         registry schema:\n{modelled}\n\n\
         These are checked against their registry schema (required and unknown properties, \
         types, enums, patterns, lengths, ranges):\n{schema_only}\n\n\
         Findings point at the property by JSON pointer. Values given as intrinsic functions \
         are resolved only at deploy time and skipped (--verbose lists them).\n\n\
         AWS Organizations backup policies are read too: a JSON file whose top-level object \
         has `plans` is a backup policy document, and the `Content` of an \
         AWS::Organizations::Policy of type BACKUP_POLICY (an object or a JSON string) is \
         checked as one (size, shape, operators, ARN forms, and the rules above on each \
         plan); findings point inside the document."
    )
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return clap_exit(&error),
    };
    match cli.command {
        Command::Cron(args) => cron_cmd::run(&args),
        Command::Lint(args) => lint_cmd::run(&args),
        Command::Coverage(args) => coverage_cmd::run(&args),
        Command::Report(args) => report_cmd::run(&args),
        Command::Org(args) => org_cmd::run(&args),
    }
}

/// Prints clap's help, version or usage error (as `Error::exit` would) without exiting the
/// process: a failed write is reported instead of ignored, a closed pipe ends quietly.
fn clap_exit(error: &clap::Error) -> ExitCode {
    let verdict = ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
    match error.print() {
        Ok(()) => verdict,
        Err(e) => output::Failure::from(e).exit(verdict),
    }
}

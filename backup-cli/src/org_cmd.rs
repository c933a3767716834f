//! `backup-dsl org effective TREE ACCOUNT`: one account's effective backup policy, merged from
//! the policies of an attachment tree (root → OUs → accounts) with AWS Organizations'
//! inheritance operators, and what is wrong with it (blocked overrides, incomplete plans, the
//! rule book on each plan). The tree format is documented in `backup_synth::org_policy`
//! (`OrgTree`) and the README.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use backup_synth::org_policy::{EffectivePolicy, OrgTree, PolicyFinding};
use backup_synth::Severity;
use serde_json::{json, Value};

use crate::lint_cmd::{read_bounded, DEFAULT_MAX_SIZE};
use crate::output::{self, escape, Failure};
use crate::template;

const AFTER_HELP: &str = "\
The attachment tree is a JSON file:
  {\"root\": {\"id\": \"r-ab12\", \"policies\": [\"base.json\"], \"children\": [
    {\"id\": \"ou-ab12-prod0001\", \"name\": \"Prod\", \"policies\": [], \"children\": [
      {\"id\": \"111111111111\", \"policies\": [{\"name\": \"extra\", \"content\": {\"plans\": {}}}]}]}]}}
A policy is a file name (relative to the tree file) or an inline {\"name\", \"content\"}.

Exit status: 0 when the effective policy has no error (warnings alone pass, unless
--deny-warnings), 1 when it has a finding that fails the run, 2 when the tree or a policy
cannot be read, the account is not in the tree, or the output cannot be written.

Examples:
  backup-dsl org effective org.json 111111111111
  backup-dsl org effective org.json 111111111111 --format json | jq .effective";

/// Arguments of `backup-dsl org`.
#[derive(Debug, clap::Args)]
pub struct OrgArgs {
    #[command(subcommand)]
    command: OrgCommand,
}

#[derive(Debug, clap::Subcommand)]
enum OrgCommand {
    /// Print an account's effective backup policy (JSON) and its findings
    #[command(after_help = AFTER_HELP)]
    Effective(EffectiveArgs),
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// The effective policy on standard output, findings as diagnostics on standard error.
    Human,
    /// `{"effective": …, "findings": […]}` on standard output.
    Json,
}

#[derive(Debug, clap::Args)]
struct EffectiveArgs {
    /// The attachment tree (JSON)
    #[arg(value_name = "TREE")]
    tree: PathBuf,
    /// The account (12 digits)
    #[arg(value_name = "ACCOUNT")]
    account: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    deny_warnings: bool,
}

/// Runs the subcommand.
pub fn run(args: &OrgArgs) -> ExitCode {
    match &args.command {
        OrgCommand::Effective(args) => effective(args),
    }
}

/// Reads a JSON file, at most [`DEFAULT_MAX_SIZE`] bytes (duplicate keys refused, as AWS does).
fn read_json(path: &Path) -> Result<Value, String> {
    let file = File::open(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let bytes = read_bounded(file, DEFAULT_MAX_SIZE, "the file")
        .map_err(|e| format!("`{}`: {e}", path.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8 text", path.display()))?;
    template::parse(&text, true)
        .map(|parsed| parsed.value)
        .map_err(|e| format!("`{}`: {e}", path.display()))
}

fn compute(args: &EffectiveArgs) -> Result<EffectivePolicy, String> {
    let tree = read_json(&args.tree)?;
    let base = args.tree.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut load = |name: &str| read_json(&base.join(name));
    let tree = OrgTree::from_json(&tree, &mut load)?;
    tree.effective(&args.account)
}

fn effective(args: &EffectiveArgs) -> ExitCode {
    let effective = match compute(args) {
        Ok(effective) => effective,
        Err(message) => {
            output::error(format!("error: {}", escape(&message)));
            return ExitCode::from(2);
        }
    };
    let failed = effective
        .findings
        .iter()
        .any(|f| f.violation.severity == Severity::Error || args.deny_warnings);
    let verdict = ExitCode::from(u8::from(failed));
    let written = match args.format {
        Format::Human => write_human(&effective),
        Format::Json => write_json(&effective),
    };
    match written {
        Ok(()) => verdict,
        Err(e) => Failure::from(e).exit(verdict),
    }
}

fn write_human(effective: &EffectivePolicy) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let text = serde_json::to_string_pretty(&effective.document).map_err(io::Error::other)?;
    writeln!(out, "{text}")?;
    out.flush()?;
    for finding in &effective.findings {
        output::error(diagnostic(finding));
    }
    let errors = count(effective, Severity::Error);
    let warnings = count(effective, Severity::Warning);
    output::error(format!(
        "effective policy: {errors} error(s), {warnings} warning(s)"
    ));
    Ok(())
}

fn count(effective: &EffectivePolicy, severity: Severity) -> usize {
    effective
        .findings
        .iter()
        .filter(|f| f.violation.severity == severity)
        .count()
}

fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn diagnostic(finding: &PolicyFinding) -> String {
    let v = &finding.violation;
    let mut text = format!(
        "{}[{}]: {}\n  --> {}",
        label(v.severity),
        v.rule,
        escape(&v.message),
        escape(&finding.pointer)
    );
    if let Some(note) = &v.note {
        for line in note.lines() {
            text.push_str(&format!("\n   | {}", escape(line)));
        }
    }
    text.push_str(&format!("\n   = help: {}\n", escape(&v.help)));
    text
}

fn write_json(effective: &EffectivePolicy) -> io::Result<()> {
    let findings: Vec<Value> = effective
        .findings
        .iter()
        .map(|f| {
            json!({
                "pointer": f.pointer,
                "rule": f.violation.rule,
                "severity": label(f.violation.severity),
                "message": f.violation.message,
                "help": f.violation.help,
                "note": f.violation.note,
            })
        })
        .collect();
    let value = json!({"effective": effective.document, "findings": findings});
    let mut out = io::stdout().lock();
    let text = serde_json::to_string_pretty(&value).map_err(io::Error::other)?;
    writeln!(out, "{text}")?;
    out.flush()
}

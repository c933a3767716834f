//! `backup-dsl lint`: the rule book over existing CloudFormation templates (JSON or YAML),
//! through `backup_synth::lint`, the same checks `backup_plan!` and the builder run.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use backup_synth::lint::{lint_template_with, Finding, LintOptions, LintReport};
use backup_synth::Severity;
use serde_json::{json, Value};

use crate::template::{self, Parsed};

const AFTER_HELP: &str = "\
Exit status: 0 when no template has an error (warnings alone pass, unless --deny-warnings),
1 when a template has a finding that fails the run, 2 when a template cannot be read or parsed.

Examples:
  backup-dsl lint template.yaml
  backup-dsl lint cdk.out/*.template.json --format json
  backup-dsl lint --verbose --deny-warnings stack.yaml";

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-like diagnostics.
    Human,
    /// A JSON array of findings.
    Json,
}

/// Arguments of `backup-dsl lint`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct LintArgs {
    /// CloudFormation templates (JSON or YAML; `-` reads standard input)
    #[arg(value_name = "TEMPLATE", required = true)]
    templates: Vec<PathBuf>,

    /// Output format: human diagnostics, or a JSON array of findings with
    /// file, pointer, rule, severity, message, help, note, line and column
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Also list the values that were not checked because they are intrinsic functions
    /// (Ref, Fn::GetAtt, Fn::Sub, ...) resolved at deploy time
    #[arg(long, short = 'v')]
    verbose: bool,

    /// Fail (exit 1) on warnings too
    #[arg(long)]
    deny_warnings: bool,

    /// Silence the warnings of a rule, by id (repeatable), e.g. `--allow vault-without-customer-key`
    #[arg(long, value_name = "RULE")]
    allow: Vec<String>,

    /// Severity of an AWS::Backup::Framework control the inputs provably do not meet: `warning`
    /// (the inputs may be part of the account), or `error` (they are its whole backup set-up)
    #[arg(long, value_enum, default_value_t = ControlSeverity::Warning)]
    controls: ControlSeverity,
}

/// `--controls`: how an unmet framework control is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ControlSeverity {
    Warning,
    Error,
}

/// One template's outcome.
enum Outcome {
    Linted(Parsed, LintReport),
    Unreadable(String),
}

fn read(path: &PathBuf) -> Result<Parsed, String> {
    let text = if path.as_os_str() == "-" {
        let mut text = String::new();
        io::Read::read_to_string(&mut io::stdin(), &mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        text
    } else {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
        String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_string())?
    };
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = template::parse(&text, json)?;
    if !parsed.value.is_object() {
        return Err("not a CloudFormation template: the document is not a mapping".to_string());
    }
    Ok(parsed)
}

/// Runs the subcommand.
pub fn run(args: &LintArgs) -> ExitCode {
    let outcomes: Vec<(String, Outcome)> = args
        .templates
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            let outcome = match read(path) {
                Ok(parsed) => {
                    let options = LintOptions {
                        controls_as_errors: args.controls == ControlSeverity::Error,
                    };
                    let mut report = lint_template_with(&parsed.value, options);
                    report.allow(&args.allow);
                    Outcome::Linted(parsed, report)
                }
                Err(message) => Outcome::Unreadable(message),
            };
            (name, outcome)
        })
        .collect();
    let mut out = io::stdout().lock();
    let written = match args.format {
        Format::Human => write_human(&mut out, &outcomes, args.verbose),
        Format::Json => write_json(&mut out, &outcomes, args.verbose),
    };
    let _ = written.and_then(|()| out.flush());
    exit_code(&outcomes, args.deny_warnings)
}

fn exit_code(outcomes: &[(String, Outcome)], deny_warnings: bool) -> ExitCode {
    let mut failed = false;
    for (_, outcome) in outcomes {
        match outcome {
            Outcome::Unreadable(_) => return ExitCode::from(2),
            Outcome::Linted(_, report) => {
                failed |= report.error_count() > 0 || (deny_warnings && report.warning_count() > 0);
            }
        }
    }
    ExitCode::from(u8::from(failed))
}

fn location(file: &str, parsed: &Parsed, pointer: &str) -> String {
    match parsed.position(pointer) {
        Some((line, column)) => format!("{file}:{line}:{column}"),
        None => file.to_string(),
    }
}

fn write_finding(
    out: &mut impl Write,
    file: &str,
    parsed: &Parsed,
    finding: &Finding,
) -> io::Result<()> {
    let label = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    writeln!(out, "{label}[{}]: {}", finding.rule, finding.message)?;
    writeln!(
        out,
        "  --> {}: {}",
        location(file, parsed, &finding.pointer),
        finding.pointer
    )?;
    if let Some(note) = &finding.note {
        writeln!(out, "   |")?;
        for line in note.lines() {
            writeln!(out, "   | {line}")?;
        }
        writeln!(out, "   |")?;
    }
    writeln!(out, "   = help: {}", finding.help)?;
    writeln!(out)
}

fn write_human(
    out: &mut impl Write,
    outcomes: &[(String, Outcome)],
    verbose: bool,
) -> io::Result<()> {
    for (file, outcome) in outcomes {
        match outcome {
            Outcome::Unreadable(message) => {
                eprintln!("error: {file}: {message}");
            }
            Outcome::Linted(parsed, report) => {
                for finding in &report.findings {
                    write_finding(out, file, parsed, finding)?;
                }
                if verbose {
                    for skipped in &report.skipped {
                        let at = location(file, parsed, &skipped.pointer);
                        writeln!(
                            out,
                            "skipped: {at}: {}: {}",
                            skipped.pointer, skipped.reason
                        )?;
                    }
                }
                let (errors, warnings) = (report.error_count(), report.warning_count());
                if errors + warnings == 0 {
                    writeln!(out, "{file}: clean")?;
                } else {
                    writeln!(out, "{file}: {errors} error(s), {warnings} warning(s)")?;
                }
            }
        }
    }
    Ok(())
}

fn write_json(
    out: &mut impl Write,
    outcomes: &[(String, Outcome)],
    verbose: bool,
) -> io::Result<()> {
    let mut findings = Vec::new();
    for (file, outcome) in outcomes {
        match outcome {
            Outcome::Unreadable(message) => eprintln!("error: {file}: {message}"),
            Outcome::Linted(parsed, report) => {
                for finding in &report.findings {
                    findings.push(finding_json(file, parsed, finding));
                }
                if verbose {
                    for skipped in &report.skipped {
                        eprintln!("skipped: {file}: {}: {}", skipped.pointer, skipped.reason);
                    }
                }
            }
        }
    }
    let text = serde_json::to_string_pretty(&Value::Array(findings)).unwrap_or_default();
    writeln!(out, "{text}")
}

fn finding_json(file: &str, parsed: &Parsed, finding: &Finding) -> Value {
    let severity = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let position = parsed.position(&finding.pointer);
    let mut object = json!({
        "file": file,
        "pointer": finding.pointer,
        "rule": finding.rule,
        "severity": severity,
        "message": finding.message,
        "help": finding.help,
        "note": finding.note,
        "line": position.map(|p| p.0),
        "column": position.map(|p| p.1),
    });
    if !finding.related.is_empty() {
        object["related"] = json!(finding.related);
    }
    object
}

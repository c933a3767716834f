//! `backup-dsl lint`: the rule book over existing CloudFormation templates (JSON or YAML),
//! through `backup_synth::lint`, the same checks `backup_plan!` and the builder run.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use backup_synth::lint::{lint_template_among, Finding, LintOptions, LintReport};
use backup_synth::org_policy::is_policy_document;
use backup_synth::Severity;
use serde_json::{json, Value};

use crate::output::{self, escape, Failure};
use crate::template::{self, Parsed};

const AFTER_HELP: &str = "\
Exit status: 0 when no template has an error (warnings alone pass, unless --deny-warnings),
1 when a template has a finding that fails the run, 2 when a template cannot be read or parsed
(or is larger than --max-size) or the output cannot be written. Each template is reported as
soon as it is linted; when the reader of the output goes away (`| head`), the command stops
quietly with the status of the templates reported so far.

Templates given together are one account's backup set-up: the controls of an
AWS::Backup::Framework are proven against the plans, vaults, selections and resources of every
template given (a plan at fault in another file is named `<file>#<pointer>`); then all of them
are read before the first is reported (standard input and pipes are not looked into for a
framework).

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

    /// Refuse (exit 2) a template larger than this, without reading past it: bytes, or with
    /// a K, M or G suffix (binary multiples). CloudFormation itself takes templates up to 1 MB
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    max_size: u64,

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

/// The exit status of the templates reported so far.
#[derive(Default)]
struct Verdict {
    unreadable: bool,
    failed: bool,
}

impl Verdict {
    fn add(&mut self, outcome: &Outcome, deny_warnings: bool) {
        match outcome {
            Outcome::Unreadable(_) => self.unreadable = true,
            Outcome::Linted(_, report) => {
                self.failed |=
                    report.error_count() > 0 || (deny_warnings && report.warning_count() > 0);
            }
        }
    }

    fn code(&self) -> ExitCode {
        if self.unreadable {
            ExitCode::from(2)
        } else {
            ExitCode::from(u8::from(self.failed))
        }
    }
}

/// `--max-size`: a number of bytes, or with a `K`, `M` or `G` suffix (binary multiples, an
/// optional `B` or `iB` after it): `64M`, `512KiB`, `1048576`.
fn parse_size(text: &str) -> Result<u64, String> {
    let upper = text.trim().to_ascii_uppercase();
    let body = upper
        .strip_suffix("IB")
        .or_else(|| upper.strip_suffix('B'))
        .unwrap_or(&upper);
    let (digits, unit) = match body.char_indices().last() {
        Some((i, 'K')) => (&body[..i], 1u64 << 10),
        Some((i, 'M')) => (&body[..i], 1 << 20),
        Some((i, 'G')) => (&body[..i], 1 << 30),
        _ => (body, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .filter(|&n| n > 0)
        .ok_or_else(|| {
            format!("`{text}` is not a size; write a number of bytes, or e.g. `64M` or `512K`")
        })
}

/// A size for messages: `64 MiB`, `512 KiB` or `100 bytes`.
fn show_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// The most a command reads of one template unless told otherwise (`lint --max-size`).
pub(crate) const DEFAULT_MAX_SIZE: u64 = 64 << 20;

/// Reads at most `limit` bytes: a larger input (or an endless one, `/dev/zero`) is refused
/// after `limit + 1` bytes, never read to the end.
pub(crate) fn read_bounded(reader: impl Read, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

fn too_large(limit: u64) -> String {
    format!(
        "the input is larger than {}, the most `backup-dsl lint` reads (CloudFormation itself takes templates up to 1 MB); raise the limit with `--max-size` if it is a template",
        show_size(limit)
    )
}

/// A template read: parsed, with the file's size in bytes and in characters; or why not.
type ReadTemplate = Result<(Parsed, usize, usize), String>;

/// The parsed template and the file's size in bytes and in characters.
fn read(path: &Path, limit: u64) -> ReadTemplate {
    let bytes = if path.as_os_str() == "-" {
        read_bounded(io::stdin().lock(), limit, "standard input")?
    } else {
        let file = File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
        if file
            .metadata()
            .is_ok_and(|m| m.is_file() && m.len() > limit)
        {
            return Err(too_large(limit));
        }
        read_bounded(file, limit, "the file")?
    };
    let text = String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_string())?;
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = template::parse(&text, json)?;
    if !parsed.value.is_object() {
        return Err("not a CloudFormation template: the document is not a mapping".to_string());
    }
    Ok((parsed, text.len(), text.chars().count()))
}

/// `orgpolicy-size` on a standalone policy file as written (whitespace counts when AWS saves
/// it as written), beside the linter's count of the minified document.
fn policy_written_size(report: &mut LintReport, document: &Value, written: usize) {
    let minified = document.to_string().chars().count();
    if let Err(violation) = backup_synth::rules::check_policy_written_size(written, minified) {
        report.findings.insert(0, Finding::new("/plans", violation));
    }
}

fn lint_one(path: &Path, args: &LintArgs) -> Outcome {
    match read(path, args.max_size) {
        Ok((parsed, bytes, chars)) => {
            let report = report_of(&parsed, bytes, chars, args, &[]);
            Outcome::Linted(parsed, report)
        }
        Err(message) => Outcome::Unreadable(message),
    }
}

/// The report on a template of `bytes` bytes and `chars` characters, among `others` (the
/// other inputs, when they are proven together).
fn report_of(
    parsed: &Parsed,
    bytes: usize,
    chars: usize,
    args: &LintArgs,
    others: &[(&str, &Value)],
) -> LintReport {
    let options = LintOptions {
        controls_as_errors: args.controls == ControlSeverity::Error,
    };
    let mut report = lint_template_among(&parsed.value, options, others);
    if is_policy_document(&parsed.value) {
        policy_written_size(&mut report, &parsed.value, chars);
    } else {
        report.check_inline_size(bytes);
    }
    report.allow(&args.allow);
    report
}

/// Whether the inputs are proven together: several templates, one of which declares an AWS
/// Backup Audit Manager framework (its controls are then proven against every input, as one
/// account's backup set-up). Only then are all inputs held in memory at once.
fn proven_together(args: &LintArgs) -> bool {
    args.templates.len() > 1
        && args
            .templates
            .iter()
            .any(|path| mentions_framework(path, args.max_size))
}

/// Whether the file's text names `AWS::Backup::Framework`. Only regular files are looked into:
/// standard input, pipes and devices can be read once only (and may not have been written yet).
fn mentions_framework(path: &Path, limit: u64) -> bool {
    const NEEDLE: &[u8] = b"AWS::Backup::Framework";
    if path.as_os_str() == "-" || !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    File::open(path)
        .ok()
        .and_then(|file| read_bounded(file, limit, "the file").ok())
        .is_some_and(|bytes| bytes.windows(NEEDLE.len()).any(|w| w == NEEDLE))
}

/// Every input read, then each linted among the others that could be read.
fn lint_together(args: &LintArgs) -> Vec<Outcome> {
    let inputs: Vec<(String, ReadTemplate)> = args
        .templates
        .iter()
        .map(|path| (path.display().to_string(), read(path, args.max_size)))
        .collect();
    let readable: Vec<(usize, &str, &Value)> = inputs
        .iter()
        .enumerate()
        .filter_map(|(index, (file, read))| {
            let value = &read.as_ref().ok()?.0.value;
            (!is_policy_document(value)).then_some((index, file.as_str(), value))
        })
        .collect();
    let reports: Vec<Option<LintReport>> = inputs
        .iter()
        .enumerate()
        .map(|(index, (_, read))| {
            let (parsed, bytes, chars) = read.as_ref().ok()?;
            let others: Vec<(&str, &Value)> = readable
                .iter()
                .filter(|(other, ..)| *other != index)
                .map(|(_, file, value)| (*file, *value))
                .collect();
            Some(report_of(parsed, *bytes, *chars, args, &others))
        })
        .collect();
    inputs
        .into_iter()
        .zip(reports)
        .map(|((_, read), report)| match (read, report) {
            (Ok((parsed, ..)), report) => Outcome::Linted(parsed, report.unwrap_or_default()),
            (Err(message), _) => Outcome::Unreadable(message),
        })
        .collect()
}

/// Runs the subcommand: templates are read, linted and reported one at a time, each as it
/// finishes (memory holds one template at a time), unless several are proven together
/// ([`proven_together`]): then all are read first.
pub fn run(args: &LintArgs) -> ExitCode {
    let mut out = io::stdout().lock();
    let mut verdict = Verdict::default();
    let mut json = JsonArray::default();
    let mut together = if proven_together(args) {
        lint_together(args).into_iter()
    } else {
        Vec::new().into_iter()
    };
    for path in &args.templates {
        let file = path.display().to_string();
        let outcome = together.next().unwrap_or_else(|| lint_one(path, args));
        verdict.add(&outcome, args.deny_warnings);
        let written = match args.format {
            Format::Human => write_human(&mut out, &file, &outcome, args.verbose),
            Format::Json => json.write(&mut out, &file, &outcome, args.verbose),
        };
        if let Err(e) = written.and_then(|()| out.flush()) {
            return Failure::from(e).exit(verdict.code());
        }
    }
    if args.format == Format::Json {
        if let Err(e) = json.finish(&mut out).and_then(|()| out.flush()) {
            return Failure::from(e).exit(verdict.code());
        }
    }
    verdict.code()
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
    writeln!(
        out,
        "{label}[{}]: {}",
        finding.rule,
        escape(&finding.message)
    )?;
    writeln!(
        out,
        "  --> {}: {}",
        location(file, parsed, &finding.pointer),
        escape(&finding.pointer)
    )?;
    if let Some(note) = &finding.note {
        writeln!(out, "   |")?;
        for line in note.lines() {
            writeln!(out, "   | {}", escape(line))?;
        }
        writeln!(out, "   |")?;
    }
    writeln!(out, "   = help: {}", escape(&finding.help))?;
    writeln!(out)
}

fn write_human(
    out: &mut impl Write,
    file: &str,
    outcome: &Outcome,
    verbose: bool,
) -> io::Result<()> {
    let file = escape(file);
    match outcome {
        Outcome::Unreadable(message) => {
            output::error(format!("error: {file}: {}", escape(message)));
        }
        Outcome::Linted(parsed, report) => {
            for finding in &report.findings {
                write_finding(out, &file, parsed, finding)?;
            }
            if verbose {
                for skipped in &report.skipped {
                    let at = location(&file, parsed, &skipped.pointer);
                    writeln!(
                        out,
                        "skipped: {at}: {}: {}",
                        escape(&skipped.pointer),
                        escape(&skipped.reason)
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
    Ok(())
}

/// The JSON array of findings, written element by element as each template finishes, in the
/// layout of `serde_json::to_string_pretty` of the whole array.
#[derive(Default)]
struct JsonArray {
    written: usize,
}

impl JsonArray {
    fn write(
        &mut self,
        out: &mut impl Write,
        file: &str,
        outcome: &Outcome,
        verbose: bool,
    ) -> io::Result<()> {
        match outcome {
            Outcome::Unreadable(message) => {
                output::error(format!("error: {}: {}", escape(file), escape(message)));
            }
            Outcome::Linted(parsed, report) => {
                for finding in &report.findings {
                    self.element(out, &finding_json(file, parsed, finding))?;
                }
                if verbose {
                    for skipped in &report.skipped {
                        output::error(format!(
                            "skipped: {}: {}: {}",
                            escape(file),
                            escape(&skipped.pointer),
                            escape(&skipped.reason)
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    fn element(&mut self, out: &mut impl Write, value: &Value) -> io::Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        for (index, line) in text.lines().enumerate() {
            if index > 0 {
                out.write_all(b"\n")?;
            }
            write!(out, "  {line}")?;
        }
        self.written += 1;
        Ok(())
    }

    fn finish(&self, out: &mut impl Write) -> io::Result<()> {
        if self.written == 0 {
            writeln!(out, "[]")
        } else {
            writeln!(out, "\n]")
        }
    }
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

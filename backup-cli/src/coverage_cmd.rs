//! `backup-dsl coverage`: which resources AWS Backup can protect are selected by a backup
//! selection, through `backup_synth::coverage`, over templates and CDK cloud assemblies.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use backup_synth::coverage::{analyse, Coverage, Input, Status};
use serde_json::Value;

use crate::{output, template};

const AFTER_HELP: &str = "\
Every AWS::Backup::BackupSelection of any input applies to every protectable resource of any
input (the 19 CloudFormation types AWS Backup protects), in the same account and Region unless
the assembly's environments say otherwise. Each resource is covered (by which selections and
why), uncovered (with the nearest miss) or unknown (a value computed at deployment decides).
Warnings (service opt-in, S3 versioning, system tags) go to standard error.

Exit status: 0 when every resource is covered, 1 when one is uncovered (with --strict, also
unknown), 2 when an input cannot be read (nothing is printed on standard output).

Examples:
  backup-dsl coverage template.yaml backups.yaml
  backup-dsl coverage cdk.out --format json
  backup-dsl coverage --strict --stack-tag team=data stack.json";

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per resource and a summary.
    Human,
    /// A JSON array, one object per resource: file, logical_id, type, status, selections, reason.
    Json,
}

/// Arguments of `backup-dsl coverage`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct CoverageArgs {
    /// CloudFormation templates (JSON or YAML) or CDK cloud assembly directories (`cdk.out`)
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Fail (exit 1) on unknown resources too
    #[arg(long)]
    strict: bool,

    /// A stack-level tag CloudFormation propagates to every resource (repeatable)
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_tag)]
    stack_tag: Vec<(String, String)>,
}

pub(crate) fn parse_tag(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_string(), value.to_string())),
        _ => Err(format!(
            "`{text}` is not KEY=VALUE (for example `backup=daily`)"
        )),
    }
}

/// Deepest nesting of cloud assemblies followed (CDK stages nest one per stage).
const MAX_NESTING: usize = 16;

/// Reads every path (templates or cloud assemblies) and adds the `--stack-tag` tags to each
/// input; `None` (each problem reported on standard error) when any path cannot be read.
pub(crate) fn read_inputs(
    paths: &[PathBuf],
    stack_tags: &[(String, String)],
) -> Option<Vec<Input>> {
    let mut inputs = Vec::new();
    let mut failed = false;
    for path in paths {
        if let Err(message) = read_path(path, &mut inputs) {
            output::error(format!("error: {}", output::escape_lines(&message)));
            failed = true;
        }
    }
    if failed {
        return None;
    }
    for input in &mut inputs {
        for (key, value) in stack_tags {
            input.stack_tags.insert(key.clone(), value.clone());
        }
    }
    Some(inputs)
}

/// Runs the subcommand.
pub fn run(args: &CoverageArgs) -> ExitCode {
    let Some(inputs) = read_inputs(&args.paths, &args.stack_tag) else {
        return ExitCode::from(2);
    };
    let coverage = analyse(&inputs);
    for warning in &coverage.warnings {
        let v = &warning.violation;
        output::error(format!(
            "warning[{}]: {}#{}: {}\n  = help: {}",
            v.rule,
            output::escape(&warning.file),
            output::escape(&warning.logical_id),
            output::escape(&v.message),
            output::escape(&v.help)
        ));
    }
    let mut out = io::stdout().lock();
    let written = match args.format {
        Format::Human => write_human(&mut out, &coverage),
        Format::Json => write_json(&mut out, &coverage),
    };
    let fails = |s: Status| s == Status::Uncovered || (args.strict && s == Status::Unknown);
    let verdict = if coverage.resources.iter().any(|r| fails(r.status)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => verdict,
        Err(error) => output::Failure::from(error).exit(verdict),
    }
}

/// Reads a template file or a cloud assembly directory into `inputs`.
fn read_path(path: &Path, inputs: &mut Vec<Input>) -> Result<(), String> {
    if path.is_dir() {
        read_assembly(path, inputs, 0)
    } else {
        let value = read_template(path)?;
        inputs.push(Input::new(path.display().to_string(), value));
        Ok(())
    }
}

fn read_template(path: &Path) -> Result<Value, String> {
    let shown = path.display();
    let file =
        std::fs::File::open(path).map_err(|e| format!("{shown}: cannot read the file: {e}"))?;
    let bytes = crate::lint_cmd::read_bounded(file, crate::lint_cmd::DEFAULT_MAX_SIZE, "the file")
        .map_err(|e| format!("{shown}: {e}"))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{shown}: the file is not UTF-8 text"))?;
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = template::parse(&text, json).map_err(|e| format!("{shown}: {e}"))?;
    if !parsed.value.is_object() {
        return Err(format!(
            "{shown}: not a CloudFormation template: the document is not a mapping"
        ));
    }
    Ok(parsed.value)
}

/// A CDK cloud assembly: `manifest.json`'s `aws:cloudformation:stack` artifacts (template file,
/// environment `aws://ACCOUNT/REGION`, stack name, stack tags) and nested assemblies
/// (`cdk:cloud-assembly`, one per stage).
fn read_assembly(dir: &Path, inputs: &mut Vec<Input>, depth: usize) -> Result<(), String> {
    let manifest_path = dir.join("manifest.json");
    let shown = manifest_path.display();
    if depth > MAX_NESTING {
        return Err(format!(
            "{shown}: cloud assemblies nested deeper than {MAX_NESTING} levels"
        ));
    }
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| {
        format!(
            "{}: not a template and not a cloud assembly (cannot read {shown}: {e})",
            dir.display()
        )
    })?;
    let manifest: Value =
        serde_json::from_str(&text).map_err(|e| format!("{shown}: invalid JSON: {e}"))?;
    let Some(artifacts) = manifest.get("artifacts").and_then(Value::as_object) else {
        return Err(format!(
            "{shown}: no `artifacts` object; is this a CDK cloud assembly?"
        ));
    };
    for (id, artifact) in artifacts {
        let properties = artifact.get("properties");
        let property = |name: &str| properties.and_then(|p| p.get(name)).and_then(Value::as_str);
        match artifact.get("type").and_then(Value::as_str) {
            Some("aws:cloudformation:stack") => {
                let Some(file) = property("templateFile") else {
                    return Err(format!(
                        "{shown}: artifact `{id}` has no `properties.templateFile`"
                    ));
                };
                let path = dir.join(file);
                let environment = artifact
                    .get("environment")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let mut input = Input::new(path.display().to_string(), read_template(&path)?)
                    .assembly_environment(environment)
                    .stack_name(property("stackName").unwrap_or(id));
                input.stack_tags = stack_tags(properties.and_then(|p| p.get("tags")));
                inputs.push(input);
            }
            Some("cdk:cloud-assembly") => {
                let Some(nested) = property("directoryName") else {
                    return Err(format!(
                        "{shown}: artifact `{id}` has no `properties.directoryName`"
                    ));
                };
                read_assembly(&dir.join(nested), inputs, depth + 1)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The manifest's stack tags: `{key: value}` (CDK) or `[{Key, Value}]`.
fn stack_tags(tags: Option<&Value>) -> std::collections::BTreeMap<String, String> {
    let text = |v: &Value| v.as_str().map(str::to_string);
    match tags {
        Some(Value::Object(map)) => map
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), text(v)?)))
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|t| Some((text(t.get("Key")?)?, text(t.get("Value")?)?)))
            .collect(),
        _ => Default::default(),
    }
}

fn write_human(out: &mut impl Write, coverage: &Coverage) -> io::Result<()> {
    for r in &coverage.resources {
        writeln!(
            out,
            "{:<9} {}#{} ({})",
            r.status.as_str(),
            output::escape(&r.file),
            output::escape(&r.logical_id),
            output::escape(&r.resource_type)
        )?;
        writeln!(out, "          {}", output::escape(&r.reason))?;
    }
    let count = |s| coverage.with_status(s).count();
    writeln!(
        out,
        "{} protectable resource(s): {} covered, {} uncovered, {} unknown",
        coverage.resources.len(),
        count(Status::Covered),
        count(Status::Uncovered),
        count(Status::Unknown)
    )
}

fn write_json(out: &mut impl Write, coverage: &Coverage) -> io::Result<()> {
    let array: Vec<Value> = coverage.resources.iter().map(|r| r.to_json()).collect();
    serde_json::to_writer_pretty(&mut *out, &Value::Array(array))?;
    writeln!(out)
}

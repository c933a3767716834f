//! `backup-dsl report`: one self-contained HTML page (coverage table, 30-day job calendar,
//! lifecycles against vault locks, copy graph) through `backup_synth::report`, written
//! atomically.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use backup_synth::report::{is_report, render, DAYS};
use jiff::civil::Date;

use crate::coverage_cmd::{parse_tag, read_inputs};

const AFTER_HELP: &str = "\
The page has inline CSS and SVG only (no script, no font, no network), prints on A4 landscape,
and is the same bytes for the same inputs and --from.

The file is written to a temporary file beside it and renamed, so an interrupted run leaves the
previous file whole. An existing file is replaced only if it is a report backup-dsl wrote.

Exit status: 0 written, 2 an input cannot be read or the file cannot be written.

Examples:
  backup-dsl report cdk.out
  backup-dsl report -o backups.html --from 2026-12-01 template.yaml backups.yaml";

/// Arguments of `backup-dsl report`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct ReportArgs {
    /// CloudFormation templates (JSON or YAML) or CDK cloud assembly directories (`cdk.out`)
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,

    /// The HTML file to write
    #[arg(short, long, value_name = "FILE", default_value = "report.html")]
    output: PathBuf,

    /// First day of the 30-day calendar, YYYY-MM-DD (default: today, UTC)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: Option<Date>,

    /// A stack-level tag CloudFormation propagates to every resource (repeatable)
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_tag)]
    stack_tag: Vec<(String, String)>,
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>().map_err(|_| {
        format!("`{text}` is not a date; write it as YYYY-MM-DD, for example `2026-12-01`")
    })
}

/// Runs the subcommand.
pub fn run(args: &ReportArgs) -> ExitCode {
    let Some(inputs) = read_inputs(&args.paths, &args.stack_tag) else {
        return ExitCode::from(2);
    };
    let from = args.from.unwrap_or_else(|| {
        jiff::tz::TimeZone::UTC
            .to_datetime(jiff::Timestamp::now())
            .date()
    });
    let html = render(&inputs, from);
    match write_report(&args.output, html.as_bytes()) {
        Ok(()) => {
            crate::output::error(format!(
                "wrote {} ({} bytes; {} template(s), calendar {from} + {DAYS} days)",
                crate::output::escaped(args.output.display()),
                html.len(),
                inputs.len()
            ));
            ExitCode::SUCCESS
        }
        Err(message) => {
            crate::output::error(format!("error: {}", crate::output::escape_lines(&message)));
            ExitCode::from(2)
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, after
/// checking that an existing `path` is a previous report.
fn write_report(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let shown = path.display();
    refuse_foreign(path)?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| {
        format!("`{shown}` names no file; give a file name such as `report.html`")
    })?;
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    written.map_err(|e| {
        let _ = fs::remove_file(&temporary);
        format!("cannot write {shown}: {e} (nothing was changed)")
    })
}

/// An existing file that is not a report backup-dsl wrote is left alone.
fn refuse_foreign(path: &Path) -> Result<(), String> {
    let shown = path.display();
    let metadata = match fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot inspect {shown}: {e}")),
    };
    if !metadata.is_file() {
        return Err(format!(
            "{shown} exists and is not a regular file; choose another file with -o"
        ));
    }
    let mut head = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(128).read_to_end(&mut head))
        .map_err(|e| format!("cannot read {shown} to check it is a previous report: {e}"))?;
    if is_report(&head) {
        Ok(())
    } else {
        Err(format!(
            "{shown} exists and is not a report written by backup-dsl, so it is left as it is; \
             remove it or choose another file with -o"
        ))
    }
}

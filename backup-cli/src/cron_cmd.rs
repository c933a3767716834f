//! `backup-dsl cron`: validate, describe and preview AWS cron expressions with the same engine
//! (`backup_synth::schedule`) that `backup_plan!` runs at compile time.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use backup_synth::schedule::{validate_timezone, CronError, CronSchedule};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::{json, Value};

use crate::output::{self, escape, escape_lines, escaped, Failure};

const AFTER_HELP: &str = "\
Exit status: 0 when every expression is valid and satisfies AWS Backup's 60-minute rule,
1 when one is not, 2 on a usage error (bad --tz or --after), on unreadable standard input, or
when the output cannot be written. When the reader of the output goes away, the command stops
quietly with the status of the expressions answered so far.

Examples:
  backup-dsl cron 'cron(0 5 ? * MON-FRI *)'
  backup-dsl cron '0 5 L * ? *' --next 12
  backup-dsl cron 'cron(30 2 * * ? *)' --tz America/New_York
  backup-dsl cron --jsonl --after 2026-01-01T00:00:00Z < schedules.txt";

/// Arguments of `backup-dsl cron`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct CronArgs {
    /// The schedule, e.g. 'cron(0 5 ? * MON-FRI *)'; the cron(...) wrapper is optional
    #[arg(
        value_name = "EXPR",
        required_unless_present = "jsonl",
        conflicts_with = "jsonl"
    )]
    expression: Option<String>,

    /// Number of upcoming runs to show
    #[arg(long, short = 'n', value_name = "N", default_value_t = 5)]
    next: usize,

    /// IANA time zone the schedule is read in (ScheduleExpressionTimezone), e.g. Europe/London.
    /// Runs in a DST gap are skipped; runs in a DST overlap happen once
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,

    /// Bulk mode: read one expression per line from stdin and print one JSON object per line,
    /// written out as soon as it is answered:
    /// {"expr", "valid", "backup_ok", "error"?, "next": [five RFC 3339 UTC times]}.
    /// Text after a TAB is ignored, then surrounding whitespace; lines left empty and lines
    /// starting with '#' (after any indentation) are skipped
    #[arg(long)]
    jsonl: bool,

    /// Preview runs strictly after this instant (RFC 3339, e.g. 2026-01-01T00:00:00Z);
    /// default: now
    #[arg(long, value_name = "RFC3339")]
    after: Option<String>,
}

/// Runs the subcommand.
pub fn run(args: &CronArgs) -> ExitCode {
    let zone = match &args.tz {
        None => None,
        Some(name) => match validate_timezone(name) {
            Ok(zone) => Some((name.as_str(), zone)),
            Err(message) => return usage_error(&message),
        },
    };
    let after = match &args.after {
        None => Timestamp::now(),
        Some(text) => match text.parse::<Timestamp>() {
            Ok(t) => t,
            Err(e) => {
                return usage_error(&format!(
                    "`{text}` is not an RFC 3339 instant ({e}); write e.g. `2026-01-01T00:00:00Z`"
                ))
            }
        },
    };
    let zone_ref = zone.as_ref().map(|(_, z)| z);
    if args.jsonl {
        return run_jsonl(after, zone_ref);
    }
    let expression = args.expression.as_deref().unwrap_or_default();
    run_single(
        expression,
        args.next,
        after,
        zone.as_ref().map(|(n, z)| (*n, z)),
    )
}

fn usage_error(message: &str) -> ExitCode {
    output::error(format!("error: {}", escape(message)));
    ExitCode::from(2)
}

/// Parses with or without the `cron(...)` wrapper.
fn parse(expression: &str) -> Result<CronSchedule, CronError> {
    if expression.contains('(') {
        CronSchedule::parse(expression)
    } else {
        CronSchedule::parse_fields(expression)
    }
}

fn next_runs<'a>(
    schedule: &'a CronSchedule,
    after: Timestamp,
    zone: Option<&TimeZone>,
) -> impl Iterator<Item = Timestamp> + 'a {
    let zone = zone.cloned();
    std::iter::successors(Some(after), move |t| match &zone {
        Some(z) => schedule.next_after_in(*t, z),
        None => schedule.next_after(*t),
    })
    .skip(1)
}

/// The error in rustc's layout, with the caret line under the offending part.
fn render_error(error: &CronError, expression: &str) -> String {
    let mut out = format!("error: {}\n", error.message);
    if let Some(field) = error.field {
        out.push_str(&format!("  --> {field} field\n"));
    }
    out.push_str("   |\n");
    for line in error.caret_line(expression).lines() {
        out.push_str(&format!("   | {line}\n"));
    }
    out.push_str("   |\n");
    if let Some(help) = &error.help {
        out.push_str(&format!("   = help: {help}\n"));
    }
    out
}

fn run_single(
    expression: &str,
    count: usize,
    after: Timestamp,
    zone: Option<(&str, &TimeZone)>,
) -> ExitCode {
    let schedule = match parse(expression) {
        Ok(s) => s,
        Err(e) => {
            output::error(format!(
                "invalid: `{}` is not a valid AWS cron expression\n",
                escape(expression)
            ));
            output::error(escape_lines(
                render_error(&e, expression).trim_end_matches('\n'),
            ));
            return ExitCode::from(1);
        }
    };
    let backup = schedule.check_backup_interval();
    let verdict = if backup.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    let mut out = io::stdout().lock();
    let written = write_single(&mut out, &schedule, count, after, zone, backup.is_ok())
        .and_then(|()| out.flush());
    if let Err(e) = written {
        return Failure::from(e).exit(verdict);
    }
    if let Err(e) = backup {
        // Point into the expression as the user wrote it when the spans line up.
        let reparsed = parse(expression).ok();
        let e = reparsed
            .and_then(|s| s.check_backup_interval().err())
            .unwrap_or(e);
        output::error("");
        output::error(escape_lines(
            render_error(&e, expression).trim_end_matches('\n'),
        ));
    }
    verdict
}

/// The verdict, the description and the next runs of a parsed schedule.
fn write_single(
    out: &mut impl Write,
    schedule: &CronSchedule,
    count: usize,
    after: Timestamp,
    zone: Option<(&str, &TimeZone)>,
    backup_ok: bool,
) -> io::Result<()> {
    let description = match zone {
        Some((name, _)) => schedule.describe_in_zone(name),
        None => schedule.describe(),
    };
    let verdict = if backup_ok {
        "valid"
    } else {
        "valid cron, rejected by AWS Backup"
    };
    writeln!(out, "{verdict}: {}", escaped(schedule))?;
    writeln!(out, "  {}", escape(&description))?;
    if let Some((name, _)) = zone {
        writeln!(out, "  time zone: {}", escape(name))?;
    }
    if count == 0 {
        return Ok(());
    }
    let runs: Vec<Timestamp> = next_runs(schedule, after, zone.map(|(_, z)| z))
        .take(count)
        .collect();
    if runs.is_empty() {
        return writeln!(
            out,
            "\nno runs after {after}: this schedule never fires again"
        );
    }
    writeln!(out, "\nnext {} run(s) after {after}:", runs.len())?;
    for t in &runs {
        match zone {
            Some((_, z)) => {
                let local = t.to_zoned_datetime(z.clone());
                writeln!(
                    out,
                    "  {}  {}  ({t})",
                    local.strftime("%a"),
                    local.strftime("%Y-%m-%dT%H:%M%:z"),
                )?;
            }
            None => {
                let day = t
                    .to_zoned_datetime(TimeZone::UTC)
                    .strftime("%a")
                    .to_string();
                writeln!(out, "  {day}  {t}")?;
            }
        }
    }
    if runs.len() < count {
        writeln!(out, "  (no further runs)")?;
    }
    Ok(())
}

/// One JSON object per expression, in the shape of `reference/cron-expected.jsonl`.
fn jsonl_record(expression: &str, after: Timestamp, zone: Option<&TimeZone>) -> (Value, bool) {
    match parse(expression) {
        Ok(schedule) => {
            let next: Vec<String> = next_runs(&schedule, after, zone)
                .take(5)
                .map(|t| t.to_string())
                .collect();
            match schedule.check_backup_interval() {
                Ok(()) => (
                    json!({"expr": expression, "valid": true, "backup_ok": true, "next": next}),
                    true,
                ),
                Err(e) => (
                    json!({"expr": expression, "valid": true, "backup_ok": false,
                           "error": e.message, "next": next}),
                    false,
                ),
            }
        }
        Err(e) => (
            json!({"expr": expression, "valid": false, "backup_ok": false,
                   "error": e.message, "next": []}),
            false,
        ),
    }
}

/// The expression on one line of `--jsonl` input, or `None` for a line to skip: text after
/// a TAB is ignored, then surrounding whitespace; empty lines and `#` comments (indented or
/// not) are skipped.
fn jsonl_expression(line: &str) -> Option<&str> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let expression = line.split('\t').next().unwrap_or(line).trim();
    (!expression.is_empty() && !expression.starts_with('#')).then_some(expression)
}

fn run_jsonl(after: Timestamp, zone: Option<&TimeZone>) -> ExitCode {
    let stdin = io::stdin().lock();
    let mut out = io::stdout().lock();
    let mut all_ok = true;
    let verdict = |all_ok: bool| ExitCode::from(u8::from(!all_ok));
    for line in stdin.split(b'\n') {
        let line = match line {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                output::error(format!("error: cannot read standard input: {e}"));
                return ExitCode::from(2);
            }
        };
        let Some(expression) = jsonl_expression(&line) else {
            continue;
        };
        let (record, ok) = jsonl_record(expression, after, zone);
        all_ok &= ok;
        // Each answer is flushed at once: a program may wait for it before writing the next.
        if let Err(e) = writeln!(out, "{record}").and_then(|()| out.flush()) {
            return Failure::from(e).exit(verdict(all_ok));
        }
    }
    verdict(all_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines_skip_blanks_and_comments_however_indented() {
        for skipped in [
            "",
            "   ",
            "\t",
            " \t ",
            "\r",
            "# c",
            "  # c",
            "\t# c",
            "\tcron(0 5 * * ? *)",
        ] {
            assert_eq!(jsonl_expression(skipped), None, "{skipped:?}");
        }
        assert_eq!(
            jsonl_expression("cron(0 5 * * ? *)\tnote"),
            Some("cron(0 5 * * ? *)")
        );
        assert_eq!(jsonl_expression("  0 5 * * ? *  \r"), Some("0 5 * * ? *"));
    }
}

//! The calendar: the backup jobs of the 30 days from a date, one row per plan and rule, each
//! in its rule's time zone, each job drawn as its start window within the day.

use std::fmt::Write;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span};

use super::html::{escape, pct};
use super::model::{Amount, Model, Rule, DEFAULT_START_WINDOW_MINUTES};
use crate::schedule::{validate_timezone, CronSchedule};

/// Days the calendar shows.
pub const DAYS: i64 = 30;
/// Jobs drawn per rule at most (a valid schedule starts at most 24 a day).
const MAX_RUNS: usize = 24 * 31;
const MINUTES_PER_DAY: f64 = 1440.0;
/// The schedule AWS Backup uses when a rule has no `ScheduleExpression`: "When no CRON
/// expression is provided, Backup will use the default expression `cron(0 5 ? * * *)`" (AWS
/// Backup API reference, `BackupRuleInput.ScheduleExpression`).
const DEFAULT_SCHEDULE: &str = "cron(0 5 ? * * *)";

/// One backup job: the day (0-based from the first day) and the minute of the local day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Job {
    pub(crate) day: usize,
    pub(crate) minute: u32,
}

/// The jobs of `schedule` in `zone` on the [`DAYS`] local days from `from`.
pub(crate) fn jobs(schedule: &CronSchedule, zone: &TimeZone, from: Date) -> Vec<Job> {
    let Ok(midnight) = zone
        .to_ambiguous_timestamp(from.to_datetime(jiff::civil::Time::midnight()))
        .compatible()
    else {
        return Vec::new();
    };
    let Ok(mut after) = midnight.checked_sub(SignedDuration::from_secs(60)) else {
        return Vec::new();
    };
    let mut jobs = Vec::new();
    while jobs.len() < MAX_RUNS {
        let Some(next) = schedule.next_after_in(after, zone) else {
            break;
        };
        let local = zone.to_datetime(next);
        let Ok(span) = from.until(local.date()) else {
            break;
        };
        let day = span.get_days();
        if !(0..DAYS as i32).contains(&day) {
            break;
        }
        jobs.push(Job {
            day: day as usize,
            minute: local.hour() as u32 * 60 + local.minute() as u32,
        });
        after = next;
    }
    jobs
}

/// The section.
pub(crate) fn section(model: &Model, from: Date) -> String {
    let mut out = String::new();
    out.push_str("<section id=\"calendar\" aria-labelledby=\"calendar-h\">\n");
    let _ = writeln!(
        out,
        "<h2 id=\"calendar-h\">Backup jobs, {DAYS} days from {from}</h2>\n\
         <p class=\"lead\">One row per plan and rule. Days and times are in the rule's time zone; \
         each bar is a job's start window (AWS Backup starts the job within it).</p>\n\
         <div class=\"legend\"><span><span class=\"swatch run\"></span>start window of a job</span>\
         <span>a number in a day: jobs that day</span></div>"
    );
    let rules: Vec<(&str, &Rule)> = model
        .plans
        .iter()
        .flat_map(|p| p.rules.iter().map(move |r| (p.name.as_str(), r)))
        .collect();
    if rules.is_empty() {
        out.push_str("<p>The inputs have no backup plan.</p>\n</section>\n");
        return out;
    }
    out.push_str("<table class=\"calendar\">\n<caption class=\"sr\">Backup jobs per rule and day</caption>\n<thead><tr><th scope=\"col\" class=\"rule\">Plan / rule</th>");
    for day in days(from) {
        let weekend = matches!(
            day.weekday(),
            jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
        );
        let _ = write!(
            out,
            "<th scope=\"col\"{} data-date=\"{}\"><abbr title=\"{}\">{}<br>{}</abbr></th>",
            if weekend { " class=\"weekend\"" } else { "" },
            day.strftime("%Y-%m-%d"),
            day.strftime("%A %-d %B %Y"),
            if day.day() == 1 || day == from {
                day.strftime("%-d %b").to_string()
            } else {
                day.day().to_string()
            },
            &day.strftime("%a").to_string()[..2],
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (plan, rule) in rules {
        row(&mut out, plan, rule, from);
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    out
}

fn days(from: Date) -> impl Iterator<Item = Date> {
    (0..DAYS).filter_map(move |n| from.checked_add(Span::new().days(n)).ok())
}

fn row(out: &mut String, plan: &str, rule: &Rule, from: Date) {
    let window = match rule.start_window {
        Amount::Given(minutes) => minutes,
        _ => DEFAULT_START_WINDOW_MINUTES,
    };
    let expression = match &rule.schedule {
        Ok(Some(expr)) => expr.clone(),
        Ok(None) => format!("{DEFAULT_SCHEDULE} (AWS's default)"),
        Err(computed) => format!("computed: {computed}"),
    };
    let zone_name = match &rule.zone {
        Ok(zone) => zone.clone(),
        Err(computed) => format!("computed: {computed}"),
    };
    let _ = write!(
        out,
        "<tr data-rule=\"{plan_attr}/{rule_attr}\"><th scope=\"row\" class=\"rule\">{plan_text} / {rule_text}<br>\
         <code>{expr}</code><br><small>{zone} · window {window}</small></th>",
        plan_attr = escape(plan),
        rule_attr = escape(&rule.name),
        plan_text = escape(plan),
        rule_text = escape(&rule.name),
        expr = escape(&expression),
        zone = escape(&zone_name),
        window = duration(window),
    );
    match schedule_and_zone(rule) {
        Ok((schedule, zone)) => {
            let jobs = jobs(&schedule, &zone, from);
            for (index, day) in days(from).enumerate() {
                let today: Vec<&Job> = jobs.iter().filter(|j| j.day == index).collect();
                cell(out, day, &today, window);
            }
        }
        Err(why) => {
            let _ = write!(
                out,
                "<td class=\"note\" colspan=\"{DAYS}\">No jobs drawn: {}</td>",
                escape(&why)
            );
        }
    }
    out.push_str("</tr>\n");
}

/// The parsed schedule and zone of a rule, or why there are none.
fn schedule_and_zone(rule: &Rule) -> Result<(CronSchedule, TimeZone), String> {
    let expression = match &rule.schedule {
        Ok(Some(expr)) => expr,
        Ok(None) => {
            return Err("the rule has no schedule (it runs only on demand or continuously).".into())
        }
        Err(computed) => {
            return Err(format!(
                "the schedule is computed at deployment ({computed})."
            ))
        }
    };
    let zone = match &rule.zone {
        Ok(zone) => validate_timezone(zone)?,
        Err(computed) => {
            return Err(format!(
                "the time zone is computed at deployment ({computed})."
            ))
        }
    };
    let schedule = CronSchedule::parse(expression).map_err(|e| format!("{e}."))?;
    schedule
        .check_backup_interval()
        .map_err(|e| format!("{e}."))?;
    Ok((schedule, zone))
}

fn cell(out: &mut String, day: Date, jobs: &[&Job], window: u64) {
    let _ = write!(
        out,
        "<td class=\"day\" data-day=\"{}\" data-runs=\"{}\">",
        day.strftime("%Y-%m-%d"),
        jobs.len()
    );
    for job in jobs {
        let start = f64::from(job.minute);
        let width = (window as f64).min(MINUTES_PER_DAY - start);
        let end = u64::from(job.minute) + window;
        let _ = write!(
            out,
            "<span class=\"run\" data-start=\"{start_text}\" style=\"left:{left}%;width:{width}%\" \
             title=\"{date} job starts between {start_text} and {end_text}\"><span class=\"sr\">job \
             {start_text} to {end_text}</span></span>",
            start_text = clock(u64::from(job.minute)),
            end_text = clock(end),
            date = day.strftime("%Y-%m-%d"),
            left = pct(start / MINUTES_PER_DAY * 100.0),
            width = pct(width / MINUTES_PER_DAY * 100.0),
        );
    }
    if jobs.len() > 1 {
        let _ = write!(
            out,
            "<span class=\"count\" aria-hidden=\"true\">{}</span>",
            jobs.len()
        );
    }
    out.push_str("</td>");
}

/// `HH:MM`, with `+Nd` when past midnight.
fn clock(minute: u64) -> String {
    let (days, minute) = (minute / 1440, minute % 1440);
    let text = format!("{:02}:{:02}", minute / 60, minute % 60);
    if days == 0 {
        text
    } else {
        format!("{text} +{days}d")
    }
}

/// `45 min`, `1 h`, `1 h 30 min`.
fn duration(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_in_the_rules_time_zone() {
        let schedule = CronSchedule::parse("cron(0 5 ? * * *)").unwrap();
        let zone = validate_timezone("Europe/Brussels").unwrap();
        let from = Date::new(2026, 3, 20).unwrap();
        let jobs = jobs(&schedule, &zone, from);
        assert_eq!(jobs.len(), 30);
        assert!(
            jobs.iter().all(|j| j.minute == 300),
            "05:00 local, across the DST change"
        );
        assert_eq!(
            jobs[0],
            Job {
                day: 0,
                minute: 300
            }
        );
        assert_eq!(jobs[29].day, 29);
    }

    #[test]
    fn clock_and_duration_read_well() {
        assert_eq!(clock(1500), "01:00 +1d");
        assert_eq!(duration(90), "1 h 30 min");
        assert_eq!(duration(480), "8 h");
    }
}

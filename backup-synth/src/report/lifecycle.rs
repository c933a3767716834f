//! Lifecycle timelines: for each rule and each copy action, how long a recovery point stays
//! warm, then cold, then is deleted, on one logarithmic day axis shared by all rows, with the
//! target vault's lock range drawn against it.

use std::fmt::Write;

use super::html::{escape, pct};
use super::model::{Amount, Lifecycle, Model, Vault};

/// Axis ticks in days and their labels.
const TICKS: [(u64, &str); 8] = [
    (1, "1 d"),
    (7, "7 d"),
    (30, "30 d"),
    (90, "90 d"),
    (365, "1 y"),
    (1095, "3 y"),
    (3650, "10 y"),
    (36500, "100 y"),
];

/// One timeline to draw.
struct Row<'a> {
    label: String,
    lifecycle: &'a Lifecycle,
    vault: &'a Vault,
}

/// The section.
pub(crate) fn section(model: &Model) -> String {
    let mut rows = Vec::new();
    for plan in &model.plans {
        for rule in &plan.rules {
            rows.push(Row {
                label: format!("{} / {}", plan.name, rule.name),
                lifecycle: &rule.lifecycle,
                vault: &model.vaults[rule.target],
            });
            for (index, copy) in rule.copies.iter().enumerate() {
                rows.push(Row {
                    label: format!("{} / {} → copy {}", plan.name, rule.name, index + 1),
                    lifecycle: &copy.lifecycle,
                    vault: &model.vaults[copy.destination],
                });
            }
        }
    }
    let mut out = String::new();
    out.push_str("<section id=\"lifecycle\" aria-labelledby=\"lifecycle-h\">\n<h2 id=\"lifecycle-h\">Lifecycles of recovery points</h2>\n");
    out.push_str(
        "<p class=\"lead\">Days since the backup, on a logarithmic axis. Below each bar, the \
         bracket is the retention range the target vault's lock (or air gap) allows.</p>\n\
         <div class=\"legend\"><span><span class=\"swatch warm\"></span>warm storage</span>\
         <span><span class=\"swatch cold\"></span>cold storage</span><span><span class=\"swatch \
         deleted\"></span>deleted</span><span><span class=\"swatch lock\"></span>vault lock \
         range</span></div>\n",
    );
    if rows.is_empty() {
        out.push_str("<p>The inputs have no backup rule.</p>\n");
    }
    let axis = axis_end(&rows);
    for row in &rows {
        draw(&mut out, row, axis);
    }
    out.push_str("</section>\n");
    out
}

/// The last day of the axis: the first tick at or past every drawn value, at least a year.
fn axis_end(rows: &[Row]) -> u64 {
    let mut longest = 365;
    for row in rows {
        let lock = row
            .vault
            .lock
            .iter()
            .flat_map(|(a, b)| [a.given(), b.given()]);
        let days = [row.lifecycle.cold.given(), row.lifecycle.delete.given()];
        longest = days
            .into_iter()
            .chain(lock)
            .flatten()
            .fold(longest, u64::max);
    }
    TICKS
        .iter()
        .map(|(d, _)| *d)
        .find(|d| *d >= longest)
        .unwrap_or(longest)
}

fn position(days: u64, axis: u64) -> f64 {
    ((1.0 + days as f64).ln() / (1.0 + axis as f64).ln() * 100.0).min(100.0)
}

fn draw(out: &mut String, row: &Row, axis: u64) {
    let cold = row.lifecycle.cold.given();
    let delete = row.lifecycle.delete.given();
    let warm_end = cold.or(delete);
    let mut phases = Vec::new();
    phases.push(("warm", 0, warm_end));
    if let Some(cold) = cold {
        phases.push(("cold", cold, delete));
    }
    if let Some(delete) = delete {
        phases.push(("deleted", delete, None));
    }
    let sentence = describe(row.lifecycle);
    let verdict = lock_verdict(row.vault, delete);
    let _ = write!(
        out,
        "<div class=\"timeline-row\"><div class=\"label\"><strong>{}</strong> in vault <code>{}</code>\
         <span class=\"verdict{}\">{}</span></div>\
         <div class=\"timeline\" role=\"img\" aria-label=\"{}. {}\">",
        escape(&row.label),
        escape(&row.vault.name),
        if verdict.0 { "" } else { " outside" },
        escape(&verdict.1),
        escape(&sentence),
        escape(&verdict.1),
    );
    for (name, start, end) in phases {
        let left = position(start, axis);
        let right = end.map_or(100.0, |e| position(e, axis));
        let text = match end {
            Some(end) => format!("{name} {start}–{end} d"),
            None if name == "deleted" => format!("deleted from day {start}"),
            None => format!("{name} from day {start}, never deleted"),
        };
        let _ = write!(
            out,
            "<div class=\"phase {name}\" data-phase=\"{name}\" style=\"left:{}%;width:{}%\" title=\"{text}\">{text}</div>",
            pct(left),
            pct(right - left),
        );
    }
    if let Some((min, max)) = &row.vault.lock {
        let left = position(min.given().unwrap_or(0), axis);
        let right = max.given().map_or(100.0, |m| position(m, axis));
        let _ = write!(
            out,
            "<div class=\"lock\" data-lock=\"{}\" style=\"left:{}%;width:{}%\"></div>",
            escape(&lock_text(min, max)),
            pct(left),
            pct(right - left),
        );
    }
    for (days, label) in TICKS.iter().filter(|(d, _)| *d <= axis) {
        let _ = write!(
            out,
            "<span class=\"tick\" aria-hidden=\"true\" style=\"left:{}%\">{label}</span>",
            pct(position(*days, axis))
        );
    }
    out.push_str("</div></div>\n");
}

fn describe(lifecycle: &Lifecycle) -> String {
    let amount = |a: &Amount| match a {
        Amount::Given(n) => format!("{n} days"),
        Amount::Computed(c) => format!("a value computed at deployment ({c})"),
        Amount::Absent => "never".to_string(),
    };
    match (&lifecycle.cold, &lifecycle.delete) {
        (Amount::Absent, Amount::Absent) => "Warm storage, never deleted".to_string(),
        (Amount::Absent, delete) => format!("Warm storage, deleted after {}", amount(delete)),
        (cold, delete) => format!(
            "Warm storage, cold storage after {}, deleted after {}",
            amount(cold),
            amount(delete)
        ),
    }
}

fn lock_text(min: &Amount, max: &Amount) -> String {
    let end = |a: &Amount| match a {
        Amount::Given(n) => format!("{n}"),
        Amount::Computed(_) => "computed".to_string(),
        Amount::Absent => "unbounded".to_string(),
    };
    format!("{}–{} days", end(min), end(max))
}

/// Whether `delete` lies in the vault's lock range, and the sentence saying so.
fn lock_verdict(vault: &Vault, delete: Option<u64>) -> (bool, String) {
    let Some((min, max)) = &vault.lock else {
        return (true, "vault not locked".to_string());
    };
    let range = lock_text(min, max);
    let kind = if vault.air_gapped {
        "air-gapped vault allows"
    } else {
        "lock allows"
    };
    let Some(delete) = delete else {
        return match max.given() {
            Some(_) => (false, format!("kept indefinitely, outside: {kind} {range}")),
            None => (true, format!("{kind} {range}")),
        };
    };
    let low = min.given().is_none_or(|m| m <= delete);
    let high = max.given().is_none_or(|m| delete <= m);
    if low && high {
        (true, format!("{delete} d within: {kind} {range}"))
    } else {
        (false, format!("{delete} d outside: {kind} {range}"))
    }
}

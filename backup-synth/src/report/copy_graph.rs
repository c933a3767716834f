//! The copy graph: vaults grouped by account and Region, an arrow for each copy action from the
//! rule's target vault to the copy's destination, air-gapped vaults marked by a dashed border
//! and the words "air-gapped"; the same facts as a table for screen readers and print.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::html::escape;
use super::model::{Amount, Model, Vault};

const PAD: usize = 16;
const COLUMN: usize = 290;
const GUTTER: usize = 110;
const HEAD: usize = 30;
const NODE: usize = 48;
const GAP: usize = 14;
/// Characters of a vault name drawn in its box (the full name is in its `<title>`).
const NAME_CHARS: usize = 34;

/// A copy arrow: source and destination vault indexes, and the rules that copy along it.
type Edges = BTreeMap<(usize, usize), Vec<String>>;

/// The section.
pub(crate) fn section(model: &Model) -> String {
    let mut edges: Edges = BTreeMap::new();
    for plan in &model.plans {
        for rule in &plan.rules {
            for copy in &rule.copies {
                edges
                    .entry((rule.target, copy.destination))
                    .or_default()
                    .push(format!("{} / {}", plan.name, rule.name));
            }
        }
    }
    let groups = groups(&model.vaults);
    let mut out = String::new();
    out.push_str("<section id=\"copies\" aria-labelledby=\"copies-h\">\n<h2 id=\"copies-h\">Copy graph</h2>\n");
    if model.vaults.is_empty() {
        out.push_str("<p>The inputs have no backup vault and no rule.</p>\n</section>\n");
        return out;
    }
    out.push_str("<p class=\"lead\">Vaults grouped by account and Region; each arrow is a copy action from a rule's vault to the copy's destination. Air-gapped vaults have a dashed border and say so.</p>\n");
    let places = layout(&groups);
    svg(&mut out, model, &groups, &places, &edges);
    table(&mut out, model, &edges);
    out.push_str("</section>\n");
    out
}

/// `(account, Region)` labels to vault indexes, sorted.
fn groups(vaults: &[Vault]) -> BTreeMap<(String, String), Vec<usize>> {
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (index, vault) in vaults.iter().enumerate() {
        groups.entry(place(vault)).or_default().push(index);
    }
    for members in groups.values_mut() {
        members.sort_by(|a, b| vaults[*a].name.cmp(&vaults[*b].name).then(a.cmp(b)));
    }
    groups
}

fn place(vault: &Vault) -> (String, String) {
    (
        vault
            .account
            .clone()
            .unwrap_or_else(|| "account not known".into()),
        vault
            .region
            .clone()
            .unwrap_or_else(|| "Region not known".into()),
    )
}

/// Each vault's column and box top.
fn layout(groups: &BTreeMap<(String, String), Vec<usize>>) -> BTreeMap<usize, (usize, usize)> {
    let mut places = BTreeMap::new();
    for (column, members) in groups.values().enumerate() {
        for (row, vault) in members.iter().enumerate() {
            places.insert(*vault, (column, PAD + HEAD + GAP + row * (NODE + GAP)));
        }
    }
    places
}

fn svg(
    out: &mut String,
    model: &Model,
    groups: &BTreeMap<(String, String), Vec<usize>>,
    places: &BTreeMap<usize, (usize, usize)>,
    edges: &Edges,
) {
    let tallest = groups.values().map(Vec::len).max().unwrap_or(0);
    let height = 2 * PAD + HEAD + GAP + tallest * (NODE + GAP);
    let width = 2 * PAD + groups.len() * (COLUMN + GUTTER) - GUTTER;
    let _ = writeln!(
        out,
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         role=\"img\" aria-labelledby=\"copies-title copies-desc\" style=\"max-width:{width}px\">\
         <title id=\"copies-title\">Copy graph</title><desc id=\"copies-desc\">{} vaults in {} \
         account and Region groups, {} copy arrows; the table below lists them.</desc>\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" \
         markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" \
         fill=\"#1f5fbf\"/></marker></defs>",
        model.vaults.len(),
        groups.len(),
        edges.len()
    );
    for (column, ((account, region), members)) in groups.iter().enumerate() {
        let x = PAD + column * (COLUMN + GUTTER);
        let h = HEAD + GAP + members.len() * (NODE + GAP);
        let _ = write!(
            out,
            "<g class=\"group\"><rect x=\"{x}\" y=\"{PAD}\" width=\"{COLUMN}\" height=\"{h}\" rx=\"8\"/>\
             <text class=\"head\" x=\"{}\" y=\"{}\">{} · {}</text></g>",
            x + 12,
            PAD + 20,
            escape(account),
            escape(region)
        );
        for vault in members {
            node(out, &model.vaults[*vault], x, places[vault].1);
        }
    }
    for ((from, to), rules) in edges {
        arrow(out, places[from], places[to], rules);
    }
    out.push_str("</svg><figcaption class=\"sr\">Copy graph; see the table of copy actions.</figcaption></figure>\n");
}

fn node(out: &mut String, vault: &Vault, column_x: usize, y: usize) {
    let shown: String = if vault.name.chars().count() > NAME_CHARS {
        vault
            .name
            .chars()
            .take(NAME_CHARS - 1)
            .chain(['…'])
            .collect()
    } else {
        vault.name.clone()
    };
    let detail = match (&vault.lock, vault.air_gapped) {
        (Some((min, max)), _) => format!(
            "{} {}",
            if vault.air_gapped {
                "retention"
            } else {
                "lock"
            },
            days(min, max)
        ),
        (None, _) if vault.declared_in.is_none() => "not declared in the inputs".to_string(),
        (None, _) => "not locked".to_string(),
    };
    let _ = write!(
        out,
        "<g class=\"vault{}\" data-vault=\"{}\"><title>{}</title>\
         <rect x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{NODE}\" rx=\"5\"/>\
         <text x=\"{}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text>",
        if vault.air_gapped { " air-gapped" } else { "" },
        escape(&vault.name),
        escape(vault.declared_in.as_deref().unwrap_or(&vault.name)),
        column_x + 14,
        COLUMN - 28,
        column_x + 24,
        y + 19,
        escape(&shown),
        column_x + 24,
        y + 36,
        escape(&detail),
    );
    if vault.air_gapped {
        let _ = write!(
            out,
            "<text class=\"tag\" x=\"{}\" y=\"{}\" text-anchor=\"end\">AIR-GAPPED</text>",
            column_x + COLUMN - 22,
            y + 36
        );
    }
    out.push_str("</g>");
}

fn days(min: &Amount, max: &Amount) -> String {
    let end = |a: &Amount| a.given().map_or("?".to_string(), |d| d.to_string());
    format!("{}–{} d", end(min), end(max))
}

/// An arrow between two vault boxes (column, top).
fn arrow(out: &mut String, from: (usize, usize), to: (usize, usize), rules: &[String]) {
    let left = |column: usize| PAD + column * (COLUMN + GUTTER) + 14;
    let right = |column: usize| left(column) + COLUMN - 28;
    let (y1, y2) = (from.1 + NODE / 2, to.1 + NODE / 2);
    let path = if from.0 < to.0 {
        let (x1, x2) = (right(from.0), left(to.0));
        format!("M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}", x1 + 50, x2 - 50)
    } else if from.0 > to.0 {
        let (x1, x2) = (left(from.0), right(to.0));
        format!("M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}", x1 - 50, x2 + 50)
    } else {
        let x = right(from.0);
        let bend = x + 40 + (y1.abs_diff(y2)) / 4;
        let (y1, y2) = if y1 == y2 {
            (y1 - 10, y2 + 10)
        } else {
            (y1, y2)
        };
        format!("M{x},{y1} C{bend},{y1} {bend},{y2} {x},{y2}")
    };
    let label = rules.join(", ");
    let _ = write!(
        out,
        "<g class=\"copy\" data-rules=\"{}\"><title>copy by {}</title><path d=\"{path}\" marker-end=\"url(#arrow)\"/></g>",
        escape(&label),
        escape(&label),
    );
}

fn table(out: &mut String, model: &Model, edges: &Edges) {
    out.push_str("<table class=\"copies\">\n<caption>Copy actions</caption>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">From vault</th><th scope=\"col\">To vault</th><th scope=\"col\">Destination account · Region</th><th scope=\"col\">Air-gapped</th></tr></thead>\n<tbody>\n");
    for ((from, to), rules) in edges {
        let (from, to) = (&model.vaults[*from], &model.vaults[*to]);
        let (account, region) = place(to);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td>{} · {}</td><td>{}</td></tr>",
            escape(&rules.join(", ")),
            escape(&from.name),
            escape(&to.name),
            escape(&account),
            escape(&region),
            if to.air_gapped { "yes" } else { "no" },
        );
    }
    if edges.is_empty() {
        out.push_str("<tr><td colspan=\"5\">No rule copies its recovery points.</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

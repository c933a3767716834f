//! The coverage table: one row per protectable resource (resource, type, stack, status,
//! selections and reason), with the status in words and a symbol, not colour alone.

use std::fmt::Write;

use super::html::escape;
use crate::coverage::{Coverage, Input, Status};

/// The section `<h2>` … `</table>`.
pub(crate) fn section(inputs: &[Input], coverage: &Coverage) -> String {
    let count = |status| coverage.with_status(status).count();
    let mut out = String::new();
    out.push_str("<section id=\"coverage\" aria-labelledby=\"coverage-h\">\n");
    out.push_str("<h2 id=\"coverage-h\">Coverage: is every protectable resource selected?</h2>\n");
    let _ = writeln!(
        out,
        "<ul class=\"summary\"><li><strong>{}</strong> protectable resources</li>\
         <li><strong>{}</strong> ✔ covered</li><li><strong>{}</strong> ✘ uncovered</li>\
         <li><strong>{}</strong> ? unknown</li></ul>",
        coverage.resources.len(),
        count(Status::Covered),
        count(Status::Uncovered),
        count(Status::Unknown)
    );
    out.push_str(
        "<table class=\"coverage\">\n<caption>Each resource AWS Backup can protect, sorted by \
         file then logical id</caption>\n<thead><tr><th scope=\"col\">Resource</th>\
         <th scope=\"col\">Type</th><th scope=\"col\">Stack</th><th scope=\"col\">Status</th>\
         <th scope=\"col\">Selection</th></tr></thead>\n<tbody>\n",
    );
    for resource in &coverage.resources {
        let stack = inputs
            .iter()
            .find(|i| i.file == resource.file)
            .and_then(|i| i.stack_name.clone())
            .unwrap_or_else(|| resource.file.clone());
        let selections: Vec<String> = resource
            .selections
            .iter()
            .map(|s| format!("<code>{}</code>", escape(s)))
            .collect();
        let _ = writeln!(
            out,
            "<tr data-status=\"{status}\"><th scope=\"row\"><code>{id}</code></th>\
             <td><code>{kind}</code></td><td title=\"{file}\">{stack}</td>\
             <td><span class=\"status\">{symbol} {status}</span></td>\
             <td class=\"reason\">{selections}{sep}{reason}</td></tr>",
            status = resource.status.as_str(),
            id = escape(&resource.logical_id),
            kind = escape(&resource.resource_type),
            file = escape(&resource.file),
            stack = escape(&stack),
            symbol = symbol(resource.status),
            selections = selections.join(", "),
            sep = if selections.is_empty() { "" } else { "<br>" },
            reason = escape(&resource.reason),
        );
    }
    if coverage.resources.is_empty() {
        out.push_str(
            "<tr><td colspan=\"5\">The inputs have no resource AWS Backup can protect.</td></tr>\n",
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    out
}

fn symbol(status: Status) -> &'static str {
    match status {
        Status::Covered => "✔",
        Status::Uncovered => "✘",
        Status::Unknown => "?",
    }
}

//! HTML escaping and the page around the sections: one self-contained document, inline CSS,
//! no script, no external resource.

/// The comment every report starts with after the doctype, by which `backup-dsl report`
/// recognises a previous report it may overwrite.
pub const MARKER: &str = "<!-- written by backup-dsl report -->";

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, safe in element content and in quoted
/// attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A percentage with two decimals, for `left`/`width` styles and SVG coordinates.
pub(crate) fn pct(value: f64) -> String {
    format!("{:.2}", value.clamp(0.0, 100.0))
}

/// The document: head with the inline style sheet, then `body`.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n{MARKER}\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

const STYLE: &str = r#":root { --warm: #e8a33d; --cold: #3d7ee8; --gone: #9aa0a6; --ok: #1e7b34; --bad: #b3261e; --unk: #7a5a00; --ink: #1b1f24; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); margin: 0 auto; max-width: 1320px; padding: 16px 24px 48px; background: #fff; }
h1 { font-size: 22px; margin: 4px 0 2px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
p.lead { margin: 0 0 8px; color: #444; }
.summary { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0 0; padding: 0; list-style: none; }
.summary li { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; }
.summary strong { font-size: 18px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
thead th { background: #f3f5f7; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
table.coverage td.reason { font-size: 12px; color: #333; }
table.coverage th[scope="row"], table.coverage td:nth-child(2) { white-space: nowrap; }
table.coverage td.reason code { font-size: 11px; }
code { font: 12px/1.3 ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
.status { font-weight: 600; white-space: nowrap; }
tr[data-status="covered"] .status { color: var(--ok); }
tr[data-status="uncovered"] .status { color: var(--bad); }
tr[data-status="unknown"] .status { color: var(--unk); }
tr[data-status="uncovered"] { background: #fdf0ef; }
tr[data-status="unknown"] { background: #fdf8e6; }
table.calendar { table-layout: fixed; font-size: 11px; }
table.calendar th.rule { width: 190px; font-size: 12px; }
table.calendar thead th { text-align: center; padding: 2px 0; font-weight: 500; }
table.calendar thead th.weekend { background: #e8ebef; }
table.calendar td.day { position: relative; height: 30px; padding: 0; }
table.calendar td.day .run { position: absolute; top: 5px; bottom: 5px; min-width: 2px; background: var(--cold); border-left: 2px solid #123e7c; opacity: .85; }
table.calendar td.day .count { position: absolute; right: 1px; bottom: 0; font-size: 9px; color: #123e7c; }
table.calendar td.note { font-size: 12px; color: var(--bad); }
.legend { display: flex; gap: 16px; flex-wrap: wrap; font-size: 12px; margin: 6px 0; }
.swatch { display: inline-block; width: 14px; height: 10px; vertical-align: middle; margin-right: 4px; border: 1px solid #0003; }
.swatch.warm { background: var(--warm); } .swatch.cold { background: repeating-linear-gradient(45deg, var(--cold) 0 3px, #9cc0f5 3px 6px); } .swatch.deleted { background: repeating-linear-gradient(-45deg, #fff 0 3px, var(--gone) 3px 5px); } .swatch.lock { background: none; border: 2px solid var(--ink); border-top: none; } .swatch.run { background: var(--cold); }
.timeline-row { display: grid; grid-template-columns: 290px 1fr; gap: 10px; align-items: center; padding: 6px 0; border-bottom: 1px solid #eef0f2; break-inside: avoid; }
.timeline-row .label { font-size: 12px; }
.timeline-row .label .verdict { display: block; }
.verdict.outside { color: var(--bad); font-weight: 600; }
.timeline { position: relative; height: 38px; }
.timeline .phase { position: absolute; top: 4px; height: 16px; border: 1px solid #0003; font-size: 10px; line-height: 14px; overflow: hidden; white-space: nowrap; padding-left: 3px; }
.timeline .phase.warm { background: var(--warm); }
.timeline .phase.cold { background: repeating-linear-gradient(45deg, var(--cold) 0 4px, #9cc0f5 4px 8px); }
.timeline .phase.deleted { background: repeating-linear-gradient(-45deg, #fff 0 4px, var(--gone) 4px 6px); color: #444; }
.timeline .lock { position: absolute; top: 22px; height: 8px; border: 2px solid var(--ink); border-top: none; }
.timeline .tick { position: absolute; top: 30px; font-size: 9px; color: #555; transform: translateX(-50%); white-space: nowrap; }
.timeline .tick::before { content: ""; position: absolute; left: 50%; top: -10px; height: 6px; border-left: 1px solid #999; }
figure { margin: 0; }
figure svg { width: 100%; height: auto; max-height: 640px; border: 1px solid var(--line); border-radius: 6px; background: #fbfcfd; }
svg .group rect { fill: #f1f4f8; stroke: #aab4c0; }
svg .group text.head { font: 600 12px system-ui, sans-serif; fill: #333; }
svg .vault rect { fill: #fff; stroke: #425466; stroke-width: 1.5; }
svg .vault.air-gapped rect { stroke: #6b2fa3; stroke-width: 2.5; stroke-dasharray: 6 3; }
svg .vault text { font: 12px system-ui, sans-serif; fill: #1b1f24; }
svg .vault text.tag { font-size: 10px; fill: #6b2fa3; font-weight: 700; }
svg .copy path { fill: none; stroke: #1f5fbf; stroke-width: 1.6; }
svg .copy text { font: 10px system-ui, sans-serif; fill: #1f5fbf; }
footer { margin-top: 32px; font-size: 12px; color: #555; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  section { break-inside: auto; }
  h2 { break-after: avoid; }
  tr, .timeline-row, figure { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_markup_character_is_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }
}

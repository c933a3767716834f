//! The report: one self-contained HTML page that shows, for a set of templates, the coverage
//! table, a 30-day calendar of backup jobs per plan and rule (in each rule's time zone, start
//! windows drawn), each rule's and copy's lifecycle against its vault's lock, and the copy graph
//! (vaults by account and Region, air-gapped vaults marked).
//!
//! The page has inline CSS and SVG only: no script, no font, no network. Every string from a
//! template is escaped. The bytes depend only on the inputs and the first calendar day, so the
//! same inputs and date give the same file.
//!
//! ```
//! use backup_dsl::coverage::Input;
//! use backup_dsl::report::render;
//! use serde_json::json;
//!
//! let template = json!({"Resources": {"Plan": {"Type": "AWS::Backup::BackupPlan",
//!     "Properties": {"BackupPlan": {"BackupPlanName": "<b>Daily</b>", "BackupPlanRule": [
//!         {"RuleName": "Daily", "TargetBackupVault": "Default",
//!          "ScheduleExpression": "cron(0 5 ? * * *)", "Lifecycle": {"DeleteAfterDays": 35}}]}}}}});
//! let from = jiff::civil::date(2026, 12, 1);
//! let html = render(&[Input::new("backups.json", template)], from);
//! assert!(html.contains("&lt;b&gt;Daily&lt;/b&gt;"));
//! assert_eq!(html.matches("class=\"run\"").count(), 30);
//! ```

mod calendar;
mod copy_graph;
mod coverage_table;
mod html;
mod lifecycle;
mod model;

use jiff::civil::Date;

use crate::coverage::{analyse, Input};

pub use calendar::DAYS;
pub use html::{escape, MARKER};

/// The report of `inputs` as an HTML document, its calendar starting on `from`.
pub fn render(inputs: &[Input], from: Date) -> String {
    let coverage = analyse(inputs);
    let model = model::Model::read(inputs);
    let files: Vec<String> = inputs.iter().map(|i| html::escape(&i.file)).collect();
    let mut body = String::new();
    body.push_str("<header><h1>AWS Backup report</h1>\n");
    body.push_str(&format!(
        "<p class=\"lead\">{} template(s): {}. Calendar from {from}.</p></header>\n<main>\n",
        inputs.len(),
        if files.is_empty() {
            "none".to_string()
        } else {
            files.join(", ")
        },
    ));
    body.push_str(&coverage_table::section(inputs, &coverage));
    body.push_str(&calendar::section(&model, from));
    body.push_str(&lifecycle::section(&model));
    body.push_str(&copy_graph::section(&model));
    body.push_str("</main>\n<footer>Written by <code>backup-dsl report</code>. Coverage follows AWS Backup's selection semantics; times are each rule's schedule in its time zone.</footer>\n");
    html::page("AWS Backup report", &body)
}

/// Whether `head` (the first bytes of a file) is the start of a report this module wrote.
pub fn is_report(head: &[u8]) -> bool {
    let start = format!("<!DOCTYPE html>\n{MARKER}\n");
    head.starts_with(start.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hostile() -> serde_json::Value {
        let evil = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>&amp;";
        json!({"Resources": {
            evil: {"Type": "AWS::DynamoDB::Table", "Properties": {"Tags": [{"Key": evil, "Value": evil}]}},
            "Vault": {"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": evil,
                "LockConfiguration": {"MinRetentionDays": evil}}},
            "Gap": {"Type": "AWS::Backup::LogicallyAirGappedBackupVault", "Properties": {"BackupVaultName": evil}},
            "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
                "BackupPlanName": evil, "BackupPlanRule": [{"RuleName": evil,
                    "TargetBackupVault": {"Ref": "Vault"}, "ScheduleExpression": evil,
                    "ScheduleExpressionTimezone": evil, "StartWindowMinutes": {"Ref": evil},
                    "Lifecycle": {"DeleteAfterDays": {"Fn::Sub": evil}},
                    "CopyActions": [{"DestinationBackupVaultArn": evil},
                        {"DestinationBackupVaultArn": format!("arn:aws:backup:{evil}:1:backup-vault:{evil}")},
                        {"DestinationBackupVaultArn": {"Fn::GetAtt": ["Gap", "BackupVaultArn"]}}]}]}}},
            "Selection": {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": "p",
                "BackupSelection": {"SelectionName": evil, "IamRoleArn": evil,
                    "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": evil, "ConditionValue": "x"}]}}}
        }})
    }

    #[test]
    fn no_template_string_becomes_markup() {
        let html = render(
            &[Input::new("<file>.json", hostile()).stack_name("<stack>")],
            jiff::civil::date(2026, 12, 1),
        );
        for bad in [
            "<script",
            "<img",
            "onerror=alert(2)>",
            "<file>",
            "<stack>",
            "'>",
        ] {
            assert!(!html.contains(bad), "`{bad}` reached the page unescaped");
        }
        assert!(html.contains("&lt;script&gt;"));
        // Only the tags the page itself writes.
        let tags: std::collections::BTreeSet<&str> = html
            .split('<')
            .skip(1)
            .map(|t| t.split([' ', '>', '\n']).next().unwrap_or(""))
            .map(|t| t.trim_start_matches('/'))
            .collect();
        let allowed = [
            "!--",
            "!DOCTYPE",
            "abbr",
            "body",
            "br",
            "caption",
            "code",
            "defs",
            "desc",
            "div",
            "figcaption",
            "figure",
            "footer",
            "g",
            "h1",
            "h2",
            "head",
            "header",
            "html",
            "li",
            "main",
            "marker",
            "meta",
            "p",
            "path",
            "rect",
            "section",
            "small",
            "span",
            "strong",
            "style",
            "svg",
            "table",
            "tbody",
            "td",
            "text",
            "th",
            "thead",
            "title",
            "tr",
            "ul",
        ];
        for tag in &tags {
            assert!(allowed.contains(tag), "unexpected tag `{tag}`");
        }
    }

    #[test]
    fn the_same_inputs_give_the_same_bytes() {
        let inputs = [Input::new("t.json", hostile())];
        let from = jiff::civil::date(2026, 12, 1);
        assert_eq!(render(&inputs, from), render(&inputs, from));
        assert!(is_report(render(&inputs, from).as_bytes()));
        assert!(!is_report(b"<!DOCTYPE html>\n<html>"));
    }

    #[test]
    fn empty_and_odd_inputs_render() {
        let from = jiff::civil::date(2026, 12, 1);
        for template in [
            json!({}),
            json!([]),
            json!({"Resources": {"P": {"Type": "AWS::Backup::BackupPlan"}}}),
        ] {
            let html = render(&[Input::new("t", template)], from);
            assert!(html.ends_with("</html>\n"));
        }
        assert!(render(&[], from).contains("no backup plan"));
    }
}

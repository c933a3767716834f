//! The rules of AWS Backup Audit Manager report plans (`AWS::Backup::ReportPlan`): templates,
//! formats and the frameworks they report on.
//!
//! Sources: `API_ReportSetting` and `API_ReportDeliveryChannel` (templates, formats), the
//! developer guide's "Working with audit reports" (formats of cross-account reports) and the
//! `AWS::Backup::ReportPlan` registry schema.

use crate::problem::Violation;
use crate::rules::framework::did_you_mean;

/// The report templates `API_ReportSetting` lists.
pub const REPORT_TEMPLATES: [&str; 6] = [
    "RESOURCE_COMPLIANCE_REPORT",
    "CONTROL_COMPLIANCE_REPORT",
    "BACKUP_JOB_REPORT",
    "COPY_JOB_REPORT",
    "RESTORE_JOB_REPORT",
    "SCAN_JOB_REPORT",
];

/// The report formats `API_ReportDeliveryChannel` allows.
pub const REPORT_FORMATS: [&str; 2] = ["CSV", "JSON"];

/// `ReportTemplate`: one of the six templates.
///
/// ```
/// use backup_dsl::rules::check_report_template;
/// assert!(check_report_template("BACKUP_JOB_REPORT").is_ok());
/// assert_eq!(check_report_template("BACKUP_JOBS_REPORT").unwrap_err().help, "did you mean `BACKUP_JOB_REPORT`?");
/// ```
pub fn check_report_template(template: &str) -> Result<(), Violation> {
    if REPORT_TEMPLATES.contains(&template) {
        return Ok(());
    }
    let help = match did_you_mean(template, REPORT_TEMPLATES) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("use one of: {}", REPORT_TEMPLATES.join(", ")),
    };
    Err(Violation::error(
        "report-template",
        format!("report template `{template}` is not one AWS Backup offers"),
        help,
    ))
}

/// `Formats`: each `CSV` or `JSON`.
///
/// ```
/// assert!(backup_dsl::rules::check_report_format("XML").is_err());
/// ```
pub fn check_report_format(format: &str) -> Result<(), Violation> {
    if REPORT_FORMATS.contains(&format) {
        return Ok(());
    }
    Err(Violation::error(
        "report-format",
        format!("report format `{format}` is not one AWS Backup offers; it writes `CSV` or `JSON`"),
        "write `CSV` or `JSON` (upper case)",
    ))
}

/// Warning: `JSON` for a report on other accounts, OUs or Regions ("Otherwise, the report is
/// available in CSV format", working-with-audit-reports).
///
/// ```
/// assert!(backup_dsl::rules::check_report_format_scope(true, true).is_err());
/// ```
pub fn check_report_format_scope(json: bool, beyond_this_account: bool) -> Result<(), Violation> {
    if !(json && beyond_this_account) {
        return Ok(());
    }
    Err(Violation::warning(
        "report-format",
        "the report asks for `JSON` and covers other accounts, organizational units or Regions; AWS Backup writes such reports in CSV only",
        "ask for `CSV`, or report on the current account and Region",
    ))
}

/// Frameworks are given only with the two compliance templates (`API_ReportSetting`:
/// `FrameworkArns`, "the Amazon Resource Names of the frameworks a report covers", for
/// `RESOURCE_COMPLIANCE_REPORT` and `CONTROL_COMPLIANCE_REPORT`). A compliance report may name
/// none: a multi-account report cannot name frameworks (working-with-audit-reports; AWS's own
/// sample `aws-backup-report-plan.yaml` deploys compliance reports without any).
///
/// ```
/// use backup_dsl::rules::check_report_frameworks;
/// assert!(check_report_frameworks("BACKUP_JOB_REPORT", 1).is_err());
/// assert!(check_report_frameworks("CONTROL_COMPLIANCE_REPORT", 0).is_ok());
/// assert!(check_report_frameworks("CONTROL_COMPLIANCE_REPORT", 1).is_ok());
/// ```
pub fn check_report_frameworks(template: &str, frameworks: usize) -> Result<(), Violation> {
    let compliance = template.ends_with("_COMPLIANCE_REPORT");
    if compliance || frameworks == 0 || !REPORT_TEMPLATES.contains(&template) {
        return Ok(());
    }
    Err(Violation::error(
        "report-frameworks",
        format!("report template `{template}` takes no framework, and the report plan names {frameworks}"),
        "remove the frameworks, or use `RESOURCE_COMPLIANCE_REPORT` or `CONTROL_COMPLIANCE_REPORT`",
    ))
}

/// Warning: a report on other accounts or OUs only works from the management account or a
/// delegated administrator (working-with-audit-reports), and such a report cannot name a
/// framework (TF#32235, unverified).
///
/// ```
/// assert!(backup_dsl::rules::check_report_cross_account(true, false).is_err());
/// ```
pub fn check_report_cross_account(
    accounts_or_ous: bool,
    has_frameworks: bool,
) -> Result<(), Violation> {
    if !accounts_or_ous {
        return Ok(());
    }
    let also = if has_frameworks {
        "; a multi-account report may not name frameworks"
    } else {
        ""
    };
    Err(Violation::warning(
        "report-cross-account",
        format!("the report covers other accounts or organizational units, which works only from the management account or a delegated administrator{also}"),
        "deploy the report plan in the management or delegated-administrator account",
    ))
}

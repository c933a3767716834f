//! The rules of AWS Backup Audit Manager frameworks (`AWS::Backup::Framework`): names, the
//! closed set of controls with their parameters and scopes, and the per-Region quotas.
//!
//! Sources: the AWS Backup developer guide, "Choosing your controls" and "Controls and
//! remediation" (\[CR\]: parameters, ranges, scopes, quotas), `API_ControlScope` (one tag pair,
//! 1–100 ids) and the `AWS::Backup::Framework` registry schema (name and description patterns);
//! the facts are copied, with their sources, into `tests/fixtures/aws-backup-controls.json`.

use crate::problem::Violation;

/// Frameworks per account and Region (\[CR\] quotas; adjustable, so a warning).
pub const MAX_FRAMEWORKS_PER_REGION: usize = 10;
/// Controls per account and Region, summed over frameworks (\[CR\] quotas; adjustable).
pub const MAX_CONTROLS_PER_REGION: usize = 50;
/// Resource ids one control scope may name (`API_ControlScope`).
pub const SCOPE_RESOURCE_IDS: std::ops::RangeInclusive<usize> = 1..=100;
/// Role ARNs in `principalArnList`, or account ids in `crossAccountList` (\[CR\]).
pub const MAX_CSV_ITEMS: usize = 5;

/// A kind of control scope (`ControlScope`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    /// `Tags`: one key/value pair.
    Tags,
    /// `ComplianceResourceTypes`.
    Types,
    /// `ComplianceResourceIds` (a single resource, or up to 100).
    Ids,
}

impl ScopeKind {
    /// The CloudFormation property.
    pub fn property(self) -> &'static str {
        match self {
            ScopeKind::Tags => "Tags",
            ScopeKind::Types => "ComplianceResourceTypes",
            ScopeKind::Ids => "ComplianceResourceIds",
        }
    }
}

/// What a control parameter's value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterKind {
    /// `hours` or `days`.
    Unit,
    /// A whole number; its range may depend on the control's unit parameter.
    Int {
        /// Smallest value when the unit is hours (or when the control has no unit).
        hours: (i64, i64),
        /// Range when the unit is days.
        days: (i64, i64),
    },
    /// A comma-separated list of Region codes.
    Regions,
    /// A comma-separated list of at most 5 account ids.
    Accounts,
    /// A comma-separated list of at most 5 IAM role ARNs.
    Roles,
}

/// One parameter a control takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParameterSpec {
    /// `ParameterName`, exactly as AWS spells it.
    pub name: &'static str,
    /// What its value must be.
    pub kind: ParameterKind,
}

/// One of the 11 controls AWS Backup Audit Manager offers (\[CR\]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ControlSpec {
    /// `ControlName`.
    pub name: &'static str,
    /// The parameters it takes (none for controls 1 and 4).
    pub parameters: &'static [ParameterSpec],
    /// The scope kinds AWS allows for it.
    pub scopes: &'static [ScopeKind],
}

const ANY: (i64, i64) = (1, i64::MAX);
const UNIT: ParameterKind = ParameterKind::Unit;
const DAYS: ParameterKind = ParameterKind::Int {
    hours: ANY,
    days: ANY,
};
const ALL_SCOPES: &[ScopeKind] = &[ScopeKind::Tags, ScopeKind::Types, ScopeKind::Ids];

const fn p(name: &'static str, kind: ParameterKind) -> ParameterSpec {
    ParameterSpec { name, kind }
}

/// The 11 controls, their parameters (ranges per unit) and allowed scopes (\[CR\]).
pub const CONTROLS: [ControlSpec; 11] = [
    ControlSpec {
        name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
        parameters: &[],
        scopes: ALL_SCOPES,
    },
    ControlSpec {
        name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
        parameters: &[
            p("requiredFrequencyUnit", UNIT),
            p(
                "requiredFrequencyValue",
                ParameterKind::Int {
                    hours: (1, 24),
                    days: (1, 31),
                },
            ),
            p("requiredRetentionDays", DAYS),
        ],
        scopes: &[ScopeKind::Tags, ScopeKind::Ids],
    },
    ControlSpec {
        name: "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
        parameters: &[p("principalArnList", ParameterKind::Roles)],
        scopes: &[ScopeKind::Tags, ScopeKind::Ids],
    },
    ControlSpec {
        name: "BACKUP_RECOVERY_POINT_ENCRYPTED",
        parameters: &[],
        scopes: &[ScopeKind::Tags],
    },
    ControlSpec {
        name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
        parameters: &[p("requiredRetentionDays", DAYS)],
        scopes: &[ScopeKind::Tags],
    },
    ControlSpec {
        name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
        parameters: &[p("crossRegionList", ParameterKind::Regions)],
        scopes: ALL_SCOPES,
    },
    ControlSpec {
        name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
        parameters: &[p("crossAccountList", ParameterKind::Accounts)],
        scopes: ALL_SCOPES,
    },
    ControlSpec {
        name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
        parameters: &[p("minRetentionDays", DAYS), p("maxRetentionDays", DAYS)],
        scopes: ALL_SCOPES,
    },
    ControlSpec {
        name: "BACKUP_LAST_RECOVERY_POINT_CREATED",
        parameters: &[
            p("recoveryPointAgeUnit", UNIT),
            p(
                "recoveryPointAgeValue",
                ParameterKind::Int {
                    hours: (1, 744),
                    days: (1, 31),
                },
            ),
        ],
        scopes: ALL_SCOPES,
    },
    ControlSpec {
        name: "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
        parameters: &[p("maxRestoreTime", DAYS)],
        scopes: ALL_SCOPES,
    },
    ControlSpec {
        name: "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT",
        parameters: &[
            p("recoveryPointAgeUnit", UNIT),
            p(
                "recoveryPointAgeValue",
                ParameterKind::Int {
                    hours: (24, 2184),
                    days: (1, 91),
                },
            ),
        ],
        scopes: &[ScopeKind::Types, ScopeKind::Ids],
    },
];

/// The control named `name`, when it is one of the 11.
pub fn control(name: &str) -> Option<&'static ControlSpec> {
    CONTROLS.iter().find(|c| c.name == name)
}

/// The closest of `names` to `found` (case-insensitive edit distance), when it is a near miss.
pub fn did_you_mean<'n>(found: &str, names: impl IntoIterator<Item = &'n str>) -> Option<&'n str> {
    names
        .into_iter()
        .map(|name| (distance(found, name), name))
        .filter(|(d, name)| *d <= 2.max(name.len() / 4))
        .min()
        .map(|(_, name)| name)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            let cost = usize::from(!ca.eq_ignore_ascii_case(cb));
            row[j + 1] = (previous + cost).min(row[j] + 1).min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// `FrameworkName` / `ReportPlanName`: 1–256 characters, `^[a-zA-Z][_a-zA-Z0-9]*$` (schema;
/// the developer guide states the anchored form).
fn check_audit_name(rule: &'static str, what: &str, name: &str) -> Result<(), Violation> {
    let length = name.chars().count();
    let starts = name.starts_with(|c: char| c.is_ascii_alphabetic());
    let rest = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if (1..=256).contains(&length) && starts && rest {
        return Ok(());
    }
    let found = if name.is_empty() {
        "is empty".to_string()
    } else if length > 256 {
        format!("has {length} characters")
    } else if !starts {
        "does not start with a letter".to_string()
    } else {
        let c = name
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
            .unwrap_or('?');
        format!("contains `{}`", c.escape_default())
    };
    Err(Violation::error(
        rule,
        format!("{what} `{name}` {found}; AWS Backup allows 1 to 256 characters: a letter, then letters, digits and `_`"),
        "rename it to match `^[a-zA-Z][_a-zA-Z0-9]{0,255}$`, for example `Production_Backups`",
    ))
}

/// `FrameworkName`: 1–256 characters, a letter then letters, digits and `_`.
///
/// ```
/// use backup_dsl::rules::check_framework_name;
/// assert!(check_framework_name("Prod_Audit").is_ok());
/// assert_eq!(check_framework_name("prod-audit").unwrap_err().rule, "framework-name");
/// ```
pub fn check_framework_name(name: &str) -> Result<(), Violation> {
    check_audit_name("framework-name", "framework name", name)
}

/// `ReportPlanName`: 1–256 characters, a letter then letters, digits and `_`.
///
/// ```
/// assert!(backup_dsl::rules::check_report_plan_name("1st").is_err());
/// ```
pub fn check_report_plan_name(name: &str) -> Result<(), Violation> {
    check_audit_name("report-plan-name", "report plan name", name)
}

/// A description (`FrameworkDescription`, `ReportPlanDescription`): at most 1,024 characters
/// with at least one that is not a space (schema `\S` / `.*\S.*`).
fn check_audit_description(
    rule: &'static str,
    what: &str,
    description: &str,
) -> Result<(), Violation> {
    let length = description.chars().count();
    if length > 1024 {
        return Err(Violation::error(
            rule,
            format!(
                "the {what} description has {length} characters; AWS Backup allows at most 1024"
            ),
            "shorten the description to 1024 characters",
        ));
    }
    if description.trim().is_empty() {
        return Err(Violation::error(
            rule,
            format!("the {what} description is blank; AWS Backup requires at least one character that is not a space"),
            "write a description, or leave it out",
        ));
    }
    Ok(())
}

/// `FrameworkDescription`: at most 1,024 characters, not blank.
///
/// ```
/// assert!(backup_dsl::rules::check_framework_description("  ").is_err());
/// ```
pub fn check_framework_description(description: &str) -> Result<(), Violation> {
    check_audit_description("framework-description", "framework", description)
}

/// `ReportPlanDescription`: at most 1,024 characters, not blank.
///
/// ```
/// assert!(backup_dsl::rules::check_report_plan_description("Weekly").is_ok());
/// ```
pub fn check_report_plan_description(description: &str) -> Result<(), Violation> {
    check_audit_description("report-plan-description", "report plan", description)
}

/// A framework has at least one control ("each framework must contain at least one control").
///
/// ```
/// assert_eq!(backup_dsl::rules::check_framework_has_controls(0).unwrap_err().rule, "framework-empty");
/// ```
pub fn check_framework_has_controls(count: usize) -> Result<(), Violation> {
    if count > 0 {
        return Ok(());
    }
    Err(Violation::error(
        "framework-empty",
        "the framework has no control; AWS Backup requires at least one",
        "add a control, for example `BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK`",
    ))
}

fn control_names() -> impl Iterator<Item = &'static str> {
    CONTROLS.iter().map(|c| c.name)
}

/// `ControlName`: one of the 11 controls, with did-you-mean.
///
/// ```
/// use backup_dsl::rules::check_control_name;
/// assert!(check_control_name("BACKUP_RECOVERY_POINT_ENCRYPTED").is_ok());
/// let err = check_control_name("BACKUP_RECOVERY_POINT_ENCRYPTD").unwrap_err();
/// assert_eq!(err.help, "did you mean `BACKUP_RECOVERY_POINT_ENCRYPTED`?");
/// ```
pub fn check_control_name(name: &str) -> Result<(), Violation> {
    if control(name).is_some() {
        return Ok(());
    }
    let help = match did_you_mean(name, control_names()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!(
            "use one of: {}",
            control_names()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(Violation::error(
        "framework-control-name",
        format!(
            "`{name}` is not an AWS Backup Audit Manager control; AWS Backup offers 11 controls"
        ),
        help,
    ))
}

/// Warning: a control the builder takes by name (`ControlName::Other`) that this crate does not
/// know, so nothing about it is proven before deploy.
///
/// ```
/// use backup_dsl::{rules::control_not_proven, Severity};
/// assert_eq!(control_not_proven("NEW_CONTROL").severity, Severity::Warning);
/// ```
pub fn control_not_proven(name: &str) -> Violation {
    let help = match did_you_mean(name, control_names()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "check the name against the AWS Backup documentation; upgrade backup-dsl to have it proven".into(),
    };
    Violation::warning(
        "framework-control-name",
        format!("control `{name}` is not one of the 11 controls this version knows; it is emitted as written and not proven against the plans"),
        help,
    )
}

/// A parameter's name is one the control takes (\[CR\]). A warning: AWS may ignore or reject
/// it (unverified).
///
/// ```
/// use backup_dsl::rules::check_control_parameter_name;
/// assert!(check_control_parameter_name("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", "requiredRetentionDays").is_ok());
/// assert!(check_control_parameter_name("BACKUP_RECOVERY_POINT_ENCRYPTED", "requiredRetentionDays").is_err());
/// ```
pub fn check_control_parameter_name(control_name: &str, parameter: &str) -> Result<(), Violation> {
    let Some(spec) = control(control_name) else {
        return Ok(());
    };
    if spec.parameters.iter().any(|p| p.name == parameter) {
        return Ok(());
    }
    let allowed = if spec.parameters.is_empty() {
        "it takes no parameter".to_string()
    } else {
        format!(
            "it takes {}",
            spec.parameters
                .iter()
                .map(|p| format!("`{}`", p.name))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let help = match did_you_mean(parameter, spec.parameters.iter().map(|p| p.name)) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "remove the parameter".to_string(),
    };
    Err(Violation::warning(
        "framework-control-parameter",
        format!("control `{control_name}` has parameter `{parameter}`, which it does not take; {allowed}"),
        help,
    ))
}

/// A parameter's value parses and is in range for the control (\[CR\]): units `hours`/`days`,
/// whole numbers within the range of the control's unit (`unit` is the value of its unit
/// parameter, `days` when absent), CSV lists of Region codes, of at most 5 account ids, of at
/// most 5 IAM role ARNs.
///
/// ```
/// use backup_dsl::rules::check_control_parameter_value;
/// let c = "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK";
/// assert!(check_control_parameter_value(c, "requiredFrequencyValue", "24", Some("hours")).is_ok());
/// assert!(check_control_parameter_value(c, "requiredFrequencyValue", "25", Some("hours")).is_err());
/// assert!(check_control_parameter_value(c, "requiredFrequencyUnit", "weeks", None).is_err());
/// ```
pub fn check_control_parameter_value(
    control_name: &str,
    parameter: &str,
    value: &str,
    unit: Option<&str>,
) -> Result<(), Violation> {
    let Some(spec) =
        control(control_name).and_then(|c| c.parameters.iter().find(|p| p.name == parameter))
    else {
        return Ok(());
    };
    let bad = |allowed: String, help: String| {
        Err(Violation::error(
            "framework-control-parameter",
            format!("parameter `{parameter}` of control `{control_name}` is `{value}`; {allowed}"),
            help,
        ))
    };
    match spec.kind {
        ParameterKind::Unit => match value {
            "hours" | "days" => Ok(()),
            _ => bad(
                "the unit is `hours` or `days`".into(),
                "write `hours` or `days` (lower case)".into(),
            ),
        },
        ParameterKind::Int { hours, days } => {
            let (unit_name, (min, max)) = match unit {
                Some("hours") => ("hours", hours),
                _ => ("days", days),
            };
            let range = if max == i64::MAX {
                format!("at least {min}")
            } else if hours == days {
                format!("{min} to {max}")
            } else {
                format!("{min} to {max} when the unit is {unit_name}")
            };
            match value.parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(()),
                Ok(_) => bad(
                    format!("AWS Backup allows {range}"),
                    format!("set it to {range}"),
                ),
                Err(_) => bad(
                    format!("the value is a whole number, {range}"),
                    "write the number without units or spaces, for example `35`".into(),
                ),
            }
        }
        ParameterKind::Regions => check_csv(value, usize::MAX, is_region_code, "Region codes")
            .or_else(|allowed| bad(allowed, "write Region codes separated by commas, for example `eu-west-2,us-east-1`".into())),
        ParameterKind::Accounts => check_csv(value, MAX_CSV_ITEMS, super::is_account_id, "12-digit account ids")
            .or_else(|allowed| bad(allowed, "write at most 5 account ids separated by commas, for example `111122223333,444455556666`".into())),
        ParameterKind::Roles => check_csv(value, MAX_CSV_ITEMS, is_role_arn, "IAM role ARNs")
            .or_else(|allowed| bad(allowed, "write at most 5 role ARNs separated by commas, for example `arn:aws:iam::111122223333:role/BreakGlass`".into())),
    }
}

fn check_csv(value: &str, max: usize, valid: fn(&str) -> bool, what: &str) -> Result<(), String> {
    let items: Vec<&str> = value.split(',').map(str::trim).collect();
    if let Some(item) = items.iter().find(|i| !valid(i)) {
        return Err(format!(
            "`{item}` is not one of the comma-separated {what} it takes"
        ));
    }
    if items.len() > max {
        return Err(format!(
            "it lists {} items; AWS Backup allows at most {max} {what}",
            items.len()
        ));
    }
    Ok(())
}

fn is_region_code(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

fn is_role_arn(text: &str) -> bool {
    crate::rules::check_iam_role_arn(text).is_ok()
}

/// Warning: `RESTORE_TIME_FOR_RESOURCES_MEET_TARGET` without `maxRestoreTime` (the Config rule
/// behind it marks the parameter required; CloudFormation samples omit it).
///
/// ```
/// assert!(backup_dsl::rules::check_restore_time_target(false).is_err());
/// ```
pub fn check_restore_time_target(has_max_restore_time: bool) -> Result<(), Violation> {
    if has_max_restore_time {
        return Ok(());
    }
    Err(Violation::warning(
        "framework-control-parameter",
        "control `RESTORE_TIME_FOR_RESOURCES_MEET_TARGET` has no `maxRestoreTime`; the AWS Config rule behind it requires one",
        "add `maxRestoreTime` in minutes, for example `720`",
    ))
}

/// A scope kind is one AWS allows for the control (\[CR\]).
///
/// ```
/// use backup_dsl::rules::{check_control_scope_kind, ScopeKind};
/// assert!(check_control_scope_kind("BACKUP_RECOVERY_POINT_ENCRYPTED", ScopeKind::Types).is_err());
/// ```
pub fn check_control_scope_kind(control_name: &str, kind: ScopeKind) -> Result<(), Violation> {
    let Some(spec) = control(control_name) else {
        return Ok(());
    };
    if spec.scopes.contains(&kind) {
        return Ok(());
    }
    let allowed: Vec<String> = spec
        .scopes
        .iter()
        .map(|s| format!("`{}`", s.property()))
        .collect();
    Err(Violation::error(
        "framework-control-scope",
        format!(
            "control `{control_name}` is scoped by `{}`; AWS Backup scopes it only by {}",
            kind.property(),
            allowed.join(" or ")
        ),
        format!("scope it by {} instead", allowed.join(" or ")),
    ))
}

/// A control scope has at most one tag pair (`API_ControlScope`).
///
/// ```
/// assert!(backup_dsl::rules::check_control_scope_tags(2).is_err());
/// ```
pub fn check_control_scope_tags(count: usize) -> Result<(), Violation> {
    if count <= 1 {
        return Ok(());
    }
    Err(Violation::error(
        "framework-control-scope",
        format!("the control scope has {count} tags; AWS Backup allows one key/value pair"),
        "keep one tag, and tag every resource to audit with it",
    ))
}

/// A control scope names 1 to 100 resource ids (`API_ControlScope`).
///
/// ```
/// assert!(backup_dsl::rules::check_control_scope_ids(0).is_err());
/// ```
pub fn check_control_scope_ids(count: usize) -> Result<(), Violation> {
    if SCOPE_RESOURCE_IDS.contains(&count) {
        return Ok(());
    }
    Err(Violation::error(
        "framework-control-scope",
        format!("the control scope names {count} resource ids; AWS Backup allows 1 to 100"),
        if count == 0 {
            "name at least one resource id, or leave `ComplianceResourceIds` out"
        } else {
            "split the resources over several controls or frameworks, or scope by tag"
        },
    ))
}

/// The resource type names `GetSupportedResourceTypes` returns, plus the vault type the
/// developer guide's examples scope vault controls by (AWS publishes no enum: unknown names
/// are a warning).
pub const SCOPE_RESOURCE_TYPES: [&str; 20] = [
    "Aurora",
    "Aurora DSQL",
    "CloudFormation",
    "DocumentDB",
    "DynamoDB",
    "EBS",
    "EC2",
    "EFS",
    "EKS",
    "FSx",
    "Neptune",
    "RDS",
    "Redshift",
    "Redshift Serverless",
    "S3",
    "SAP HANA on Amazon EC2",
    "Storage Gateway",
    "Timestream",
    "VirtualMachine",
    "AWS::Backup::BackupVault",
];

/// Warning: a `ComplianceResourceTypes` entry that is not a known AWS Backup type name.
///
/// ```
/// assert!(backup_dsl::rules::check_control_scope_type("RDS").is_ok());
/// assert_eq!(backup_dsl::rules::check_control_scope_type("Dynamo").unwrap_err().help, "did you mean `DynamoDB`?");
/// ```
pub fn check_control_scope_type(name: &str) -> Result<(), Violation> {
    if SCOPE_RESOURCE_TYPES.contains(&name) {
        return Ok(());
    }
    let help = match did_you_mean(name, SCOPE_RESOURCE_TYPES) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "use an AWS Backup resource type name such as `RDS`, `EBS` or `DynamoDB`".into(),
    };
    Err(Violation::warning(
        "framework-control-scope",
        format!("`{name}` is not an AWS Backup resource type name; the control may match nothing"),
        help,
    ))
}

/// Two frameworks in one account and Region with the same controls and parameters: AWS
/// refuses the second with `AlreadyExists` (creating-frameworks-console).
///
/// ```
/// assert!(backup_dsl::rules::check_framework_duplicate("B", Some("A")).is_err());
/// ```
pub fn check_framework_duplicate(framework: &str, same_as: Option<&str>) -> Result<(), Violation> {
    let Some(first) = same_as else { return Ok(()) };
    Err(Violation::error(
        "framework-duplicate",
        format!("framework `{framework}` has the same controls and parameters as framework `{first}`; AWS Backup refuses the second with `AlreadyExists`"),
        "merge the two frameworks, or change a control or parameter of one",
    ))
}

/// Warning: more than 10 frameworks or 50 controls in one account and Region (\[CR\] quotas,
/// raised through AWS Support, so not an error).
///
/// ```
/// assert!(backup_dsl::rules::check_framework_quota(11, 11).is_err());
/// assert!(backup_dsl::rules::check_framework_quota(10, 50).is_ok());
/// ```
pub fn check_framework_quota(frameworks: usize, controls: usize) -> Result<(), Violation> {
    if frameworks <= MAX_FRAMEWORKS_PER_REGION && controls <= MAX_CONTROLS_PER_REGION {
        return Ok(());
    }
    Err(Violation::warning(
        "framework-quota",
        format!("the stack declares {frameworks} frameworks with {controls} controls; AWS Backup allows {MAX_FRAMEWORKS_PER_REGION} frameworks and {MAX_CONTROLS_PER_REGION} controls per account and Region"),
        "merge frameworks, or ask AWS Support to raise the quota",
    ))
}

/// Warning, once per stack with a framework: Audit Manager evaluates controls with AWS Config,
/// which must record resource compliance and the controls' resources (choosing-controls).
///
/// ```
/// assert_eq!(backup_dsl::rules::framework_config_recording().rule, "framework-config-recording");
/// ```
pub fn framework_config_recording() -> Violation {
    Violation::warning(
        "framework-config-recording",
        "a framework is evaluated by AWS Config, which this template does not show to be recording",
        "turn on AWS Config recording of `AWS Config: resource compliance` and of backup plans, selections, vaults and recovery points in this Region; silence with `allow(\"framework-config-recording\")`",
    )
}

/// Warning: a control whose parameter is an intrinsic function (`Ref` to a template
/// parameter, `Fn::ImportValue`): its requirement is known only at deploy time, so the control
/// is not proven (never a silent pass).
///
/// ```
/// use backup_dsl::{rules::control_requirement_unknown, Severity};
/// assert_eq!(control_requirement_unknown("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", "requiredRetentionDays").severity, Severity::Warning);
/// ```
pub fn control_requirement_unknown(control_name: &str, parameter: &str) -> Violation {
    let rule = control(control_name).map_or("framework-control-name", |c| c.name);
    Violation::warning(
        rule,
        format!("control `{control_name}` takes `{parameter}` from a value resolved at deploy time; the control is not proven against the plans"),
        format!("write `{parameter}` as a literal to have the control proven"),
    )
}

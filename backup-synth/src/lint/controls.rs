//! Frameworks and report plans in a template: the rule book's framework and report-plan rules,
//! and each control of each `AWS::Backup::Framework` proven against the plans, selections,
//! vaults and resources of the template and of the other inputs given with it
//! ([`crate::lint::lint_template_among`]; the proof synthesis runs, [`crate::compliance`]).
//!
//! A template may be only part of an account (plans and resources can live in other stacks),
//! so a control provably not met is a warning by default and an error when the caller says the
//! inputs are the whole backup set-up (`--controls=error`). Either way the finding's rule is the
//! control's `ControlName`, its pointer the control in `FrameworkControls` (the index as written,
//! `Fn::If` entries included), and its `related` pointers the plans or vaults at fault.

use serde_json::{Map, Value};

use super::{child, Finding};
use crate::cfn::backup_framework::{CfnFramework, FrameworkControl};
use crate::cfn::backup_report_plan::CfnReportPlan;
use crate::cfn::{FromCfn, Reader};
use crate::compliance::{facts_from_inputs, prove, ControlInput};
use crate::problem::Severity;
use crate::rules::{self, ScopeKind};
use crate::CfnValue;

const FRAMEWORK: &str = "AWS::Backup::Framework";
const REPORT_PLAN: &str = "AWS::Backup::ReportPlan";

/// A framework's controls as AWS compares them for `AlreadyExists`: name and parameters.
type Identity = Vec<(String, Vec<(String, String)>)>;

/// A control read from a template: literal values only.
#[derive(Default)]
struct Control {
    name: Option<String>,
    parameters: Vec<(String, String)>,
    /// The index in `ControlInputParameters` of each of `parameters`.
    parameter_at: Vec<usize>,
    tags: Vec<(String, String)>,
    /// `ComplianceResourceTypes`: index as written and type.
    types: Vec<(usize, String)>,
    ids: Vec<String>,
    /// The name of a parameter whose value is an intrinsic function.
    token_parameter: Option<String>,
}

/// The literal text of an optional value.
fn text(value: Option<CfnValue>) -> Option<String> {
    value.and_then(|v| v.as_literal().map(String::from))
}

/// The items of a list as written (with holes for those that could not be read).
fn items<T>(reader: &Reader, at: &str, list: Option<Vec<T>>) -> Vec<(usize, Option<T>)> {
    reader.slots(at, list.unwrap_or_default())
}

/// A control of `FrameworkControls`, read at `at`.
fn read_control(reader: &Reader, at: &str, control: FrameworkControl) -> Control {
    let mut read = Control {
        name: text(control.control_name),
        ..Control::default()
    };
    let parameters_at = child(at, "ControlInputParameters");
    for (index, parameter) in items(reader, &parameters_at, control.control_input_parameters) {
        let Some(parameter) = parameter else {
            continue;
        };
        let value_at = child(&child(&parameters_at, index), "ParameterValue");
        let present = parameter.parameter_value.is_some() || reader.unread(&value_at);
        let name = text(parameter.parameter_name);
        match (name, text(parameter.parameter_value)) {
            (Some(name), Some(value)) => {
                read.parameters.push((name, value));
                read.parameter_at.push(index);
            }
            (name, None) if present && read.token_parameter.is_none() => {
                read.token_parameter = Some(name.unwrap_or_else(|| "?".into()));
            }
            _ => {}
        }
    }
    let Some(scope) = control.control_scope else {
        return read;
    };
    let scope_at = child(at, "ControlScope");
    for (_, tag) in items(reader, &child(&scope_at, "Tags"), scope.tags) {
        if let Some(tag) = tag {
            if let Some(key) = text(tag.key) {
                read.tags.push((key, text(tag.value).unwrap_or_default()));
            }
        }
    }
    let types_at = child(&scope_at, "ComplianceResourceTypes");
    for (index, kind) in items(reader, &types_at, scope.compliance_resource_types) {
        if let Some(kind) = text(kind) {
            read.types.push((index, kind));
        }
    }
    read.ids = (scope.compliance_resource_ids.unwrap_or_default())
        .into_iter()
        .filter_map(|id| text(Some(id)))
        .collect();
    read
}

/// The intrinsics met in each framework and report plan: the resource's index in the
/// template, and the reader's pointers and functions.
pub(super) type Skips = Vec<(usize, Vec<(String, String)>)>;

/// Reads a resource's `Properties` at `base` into `T`, with its own reader (frameworks and
/// report plans are checked here, outside the model); the intrinsics it meets are added to
/// `skipped` under the resource's `index`, to be listed as the other resources' are.
fn read<T: FromCfn>(
    resource: &Value,
    base: &str,
    index: usize,
    skipped: &mut Skips,
) -> Option<(T, Reader)> {
    let mut reader = Reader::new(base);
    let properties = resource
        .get("Properties")
        .and_then(|properties| T::read(properties, &mut reader));
    skipped.push((index, reader.take_skipped()));
    Some((properties?, reader))
}

/// The findings of every framework and report plan of `resources`, and the intrinsics met
/// in them.
pub(super) fn lint_frameworks(
    template: &Value,
    resources: &Map<String, Value>,
    controls_as_errors: bool,
    others: &[(&str, &Value)],
) -> (Vec<Finding>, Skips) {
    let mut skipped = Skips::new();
    let mut findings = Vec::new();
    let mut frameworks: Vec<(String, Identity)> = Vec::new();
    let mut control_count = 0;
    let mut facts = None;
    for (index, (id, resource)) in resources.iter().enumerate() {
        let base = child(&child("/Resources", id), "Properties");
        match resource.get("Type").and_then(Value::as_str) {
            Some(FRAMEWORK) => {
                let facts = facts.get_or_insert_with(|| facts_from_inputs(template, others));
                let controls = match read::<CfnFramework>(resource, &base, index, &mut skipped) {
                    Some(framework) => {
                        lint_framework(framework, &base, facts, controls_as_errors, &mut findings)
                    }
                    None => Vec::new(),
                };
                control_count += controls.len();
                let mut identity: Vec<_> = controls
                    .into_iter()
                    .map(|(name, mut parameters)| {
                        parameters.sort();
                        (name, parameters)
                    })
                    .collect();
                identity.sort();
                let first = frameworks
                    .iter()
                    .find(|(_, other)| *other == identity)
                    .map(|(f, _)| f.clone());
                if let Err(v) = rules::check_framework_duplicate(id, first.as_deref()) {
                    findings.push(Finding::new(child(&base, "FrameworkControls"), v));
                }
                frameworks.push((id.clone(), identity));
            }
            Some(REPORT_PLAN) => {
                if let Some(plan) = read::<CfnReportPlan>(resource, &base, index, &mut skipped) {
                    lint_report_plan(plan, &base, &mut findings);
                }
            }
            _ => {}
        }
    }
    if !frameworks.is_empty() {
        if let Err(v) = rules::check_framework_quota(frameworks.len(), control_count) {
            findings.push(Finding::new("/Resources", v));
        }
        let first = &frameworks[0].0;
        findings.push(Finding::new(
            child("/Resources", first),
            rules::framework_config_recording(),
        ));
    }
    (findings, skipped)
}

/// One framework: its rules, and its controls proven; returns the literal controls.
fn lint_framework(
    (framework, reader): (CfnFramework, Reader),
    base: &str,
    facts: &crate::compliance::Facts,
    controls_as_errors: bool,
    findings: &mut Vec<Finding>,
) -> Identity {
    let mut check = |pointer: String, result: Result<(), crate::problem::Violation>| {
        if let Err(v) = result {
            findings.push(Finding::new(pointer, v));
        }
    };
    if let Some(name) = text(framework.framework_name) {
        check(
            child(base, "FrameworkName"),
            rules::check_framework_name(&name),
        );
    }
    if let Some(description) = text(framework.framework_description) {
        check(
            child(base, "FrameworkDescription"),
            rules::check_framework_description(&description),
        );
    }
    let list_pointer = child(base, "FrameworkControls");
    let Some(list) = framework.framework_controls else {
        return Vec::new();
    };
    let list = reader.slots(&list_pointer, list);
    check(
        list_pointer.clone(),
        rules::check_framework_has_controls(list.len()),
    );
    let mut literal = Vec::new();
    let mut proven = Vec::new();
    for (index, control) in list {
        let pointer = child(&list_pointer, index);
        let Some(control) = control.map(|c| read_control(&reader, &pointer, c)) else {
            continue; // `Fn::If` or a token: nothing to check
        };
        let Some(name) = control.name.clone() else {
            continue; // `Fn::If` or a token: nothing to check
        };
        // As the builder does: a name this version does not know may be newer than the crate
        // (AWS adds controls), so it is a warning that it is not proven, never an error.
        if rules::control(&name).is_none() {
            check(
                child(&pointer, "ControlName"),
                Err(rules::control_not_proven(&name)),
            );
        }
        check_control(&control, &name, &pointer, &mut check);
        if rules::control(&name).is_none() {
            continue;
        }
        if let Some(parameter) = &control.token_parameter {
            proven.push(Finding::new(
                pointer.clone(),
                rules::control_requirement_unknown(&name, parameter),
            ));
            continue;
        }
        let input = ControlInput {
            name: &name,
            parameters: &control.parameters,
            scope_tags: &control.tags,
            scope_types: &control
                .types
                .iter()
                .map(|(_, t)| t.clone())
                .collect::<Vec<_>>(),
            scope_ids: &control.ids,
        };
        for finding in prove(&input, facts) {
            let mut out = Finding::new(pointer.clone(), finding.violation);
            if out.severity == Severity::Error && !controls_as_errors {
                out.severity = Severity::Warning;
            }
            out.related = finding.related;
            proven.push(out);
        }
        literal.push((name, control.parameters));
    }
    findings.extend(proven);
    literal
}

fn check_control(
    control: &Control,
    name: &str,
    pointer: &str,
    check: &mut impl FnMut(String, Result<(), crate::problem::Violation>),
) {
    let unit = control
        .parameters
        .iter()
        .find(|(n, _)| n == "requiredFrequencyUnit" || n == "recoveryPointAgeUnit")
        .map(|(_, v)| v.as_str());
    for ((parameter, value), index) in control.parameters.iter().zip(&control.parameter_at) {
        let at = child(&child(pointer, "ControlInputParameters"), index);
        check(
            at.clone(),
            rules::check_control_parameter_name(name, parameter),
        );
        check(
            at,
            rules::check_control_parameter_value(name, parameter, value, unit),
        );
    }
    if name == "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET" {
        let has = control
            .parameters
            .iter()
            .any(|(n, _)| n == "maxRestoreTime");
        check(pointer.to_string(), rules::check_restore_time_target(has));
    }
    let scope = child(pointer, "ControlScope");
    for (kind, present) in [
        (ScopeKind::Tags, !control.tags.is_empty()),
        (ScopeKind::Types, !control.types.is_empty()),
        (ScopeKind::Ids, !control.ids.is_empty()),
    ] {
        if present {
            check(
                child(&scope, kind.property()),
                rules::check_control_scope_kind(name, kind),
            );
        }
    }
    check(
        child(&scope, "Tags"),
        rules::check_control_scope_tags(control.tags.len()),
    );
    if !control.ids.is_empty() {
        check(
            child(&scope, "ComplianceResourceIds"),
            rules::check_control_scope_ids(control.ids.len()),
        );
    }
    for (index, ty) in &control.types {
        check(
            child(&child(&scope, "ComplianceResourceTypes"), index),
            rules::check_control_scope_type(ty),
        );
    }
}

fn lint_report_plan(
    (plan, reader): (CfnReportPlan, Reader),
    base: &str,
    findings: &mut Vec<Finding>,
) {
    let mut check = |pointer: String, result: Result<(), crate::problem::Violation>| {
        if let Err(v) = result {
            findings.push(Finding::new(pointer, v));
        }
    };
    if let Some(name) = text(plan.report_plan_name) {
        check(
            child(base, "ReportPlanName"),
            rules::check_report_plan_name(&name),
        );
    }
    if let Some(description) = text(plan.report_plan_description) {
        check(
            child(base, "ReportPlanDescription"),
            rules::check_report_plan_description(&description),
        );
    }
    let setting = plan.report_setting.unwrap_or_default();
    let setting_at = child(base, "ReportSetting");
    // The number of items as written (intrinsic ones included).
    let count = |key: &str, list: Option<Vec<CfnValue>>| {
        list.map_or(0, |list| reader.slots(&child(&setting_at, key), list).len())
    };
    let frameworks = count("FrameworkArns", setting.framework_arns);
    if let Some(template) = text(setting.report_template) {
        check(
            child(&setting_at, "ReportTemplate"),
            rules::check_report_template(&template),
        );
        check(
            child(&setting_at, "FrameworkArns"),
            rules::check_report_frameworks(&template, frameworks),
        );
    }
    let channel = child(base, "ReportDeliveryChannel");
    let formats_at = child(&channel, "Formats");
    let formats = plan.report_delivery_channel.and_then(|c| c.formats);
    let mut json = false;
    for (index, format) in items(&reader, &formats_at, formats) {
        if let Some(format) = text(format) {
            json |= format == "JSON";
            check(
                child(&formats_at, index),
                rules::check_report_format(&format),
            );
        }
    }
    let accounts = count("Accounts", setting.accounts) > 0
        || count("OrganizationUnits", setting.organization_units) > 0;
    check(
        formats_at,
        rules::check_report_format_scope(json, accounts || count("Regions", setting.regions) > 0),
    );
    check(
        child(&setting_at, "Accounts"),
        rules::check_report_cross_account(accounts, frameworks > 0),
    );
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// Frameworks and report plans are read through their generated types with the values
    /// left to deploy time listed as skipped at their pointers, in template order, as the
    /// other `AWS::Backup::*` types' are (they were not listed).
    #[test]
    fn intrinsics_of_frameworks_and_report_plans_are_listed() {
        let template = json!({"Resources": {
            "Framework": {"Type": "AWS::Backup::Framework", "Properties": {
                "FrameworkControls": [
                    {"Fn::If": ["Strict", {"ControlName": "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"}, {"Ref": "AWS::NoValue"}]},
                    {"ControlName": "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                     "ControlInputParameters": [{"ParameterName": "requiredRetentionDays",
                                                 "ParameterValue": {"Ref": "Days"}}]}
                ]
            }},
            "Report": {"Type": "AWS::Backup::ReportPlan", "Properties": {
                "ReportDeliveryChannel": {"S3BucketName": {"Ref": "Bucket"}},
                "ReportSetting": {"ReportTemplate": "BACKUP_JOB_REPORT"}
            }}
        }});
        let report = crate::lint::lint_template(&template);
        let skipped: Vec<(&str, &str)> = report
            .skipped
            .iter()
            .map(|s| (s.pointer.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(
            skipped,
            [
                (
                    "/Resources/Framework/Properties/FrameworkControls/0",
                    "`Fn::If` is resolved at deploy time"
                ),
                (
                    "/Resources/Framework/Properties/FrameworkControls/1/ControlInputParameters/0/ParameterValue",
                    "`Ref` is resolved at deploy time"
                ),
                (
                    "/Resources/Report/Properties/ReportDeliveryChannel/S3BucketName",
                    "`Ref` is resolved at deploy time"
                ),
            ]
        );
    }
}

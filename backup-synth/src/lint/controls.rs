//! Frameworks and report plans in a template: the rule book's framework and report-plan rules,
//! and each control of each `AWS::Backup::Framework` proven against the plans, selections and
//! vaults of the same template (the proof synthesis runs, [`crate::compliance`]).
//!
//! A template may be only part of an account (plans and resources can live in other stacks),
//! so a control provably not met is a warning by default and an error when the caller says the
//! inputs are the whole backup set-up (`--controls=error`). Either way the finding's rule is the
//! control's `ControlName`, its pointer the control in `FrameworkControls` (the index as written,
//! `Fn::If` entries included), and its `related` pointers the plans or vaults at fault.

use serde_json::{Map, Value};

use super::{child, Finding};
use crate::compliance::{facts_from_template, prove, ControlInput};
use crate::problem::Severity;
use crate::rules::{self, ScopeKind};

const FRAMEWORK: &str = "AWS::Backup::Framework";
const REPORT_PLAN: &str = "AWS::Backup::ReportPlan";

/// A framework's controls as AWS compares them for `AlreadyExists`: name and parameters.
type Identity = Vec<(String, Vec<(String, String)>)>;

/// A control read from a template: literal values only.
#[derive(Default)]
struct Control {
    name: Option<String>,
    parameters: Vec<(String, String)>,
    tags: Vec<(String, String)>,
    types: Vec<String>,
    ids: Vec<String>,
    /// The name of a parameter whose value is an intrinsic function.
    token_parameter: Option<String>,
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn texts(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(|v| text(Some(v))).collect())
        .unwrap_or_default()
}

fn read_control(value: &Value) -> Control {
    let scope = value.get("ControlScope");
    Control {
        name: text(value.get("ControlName")),
        parameters: value
            .get("ControlInputParameters")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|p| {
                        Some((
                            text(p.get("ParameterName"))?,
                            text(p.get("ParameterValue"))?,
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        tags: scope
            .and_then(|s| s.get("Tags"))
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|t| {
                        Some((
                            text(t.get("Key"))?,
                            text(t.get("Value")).unwrap_or_default(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        types: texts(scope.and_then(|s| s.get("ComplianceResourceTypes"))),
        ids: texts(scope.and_then(|s| s.get("ComplianceResourceIds"))),
        token_parameter: value
            .get("ControlInputParameters")
            .and_then(Value::as_array)
            .and_then(|list| {
                list.iter().find_map(|p| {
                    let value = p.get("ParameterValue")?;
                    (text(Some(value)).is_none())
                        .then(|| text(p.get("ParameterName")).unwrap_or_else(|| "?".into()))
                })
            }),
    }
}

/// The findings of every framework and report plan of `resources`.
pub(super) fn lint_frameworks(
    template: &Value,
    resources: &Map<String, Value>,
    controls_as_errors: bool,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut frameworks: Vec<(String, Identity)> = Vec::new();
    let mut control_count = 0;
    let mut facts = None;
    for (id, resource) in resources {
        let properties = resource.get("Properties").unwrap_or(&Value::Null);
        let base = child(&child("/Resources", id), "Properties");
        match resource.get("Type").and_then(Value::as_str) {
            Some(FRAMEWORK) => {
                let facts = facts.get_or_insert_with(|| facts_from_template(template, None, None));
                let controls =
                    lint_framework(properties, &base, facts, controls_as_errors, &mut findings);
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
            Some(REPORT_PLAN) => lint_report_plan(properties, &base, &mut findings),
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
    findings
}

/// One framework: its rules, and its controls proven; returns the literal controls.
fn lint_framework(
    properties: &Value,
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
    if let Some(name) = properties.get("FrameworkName").and_then(Value::as_str) {
        check(
            child(base, "FrameworkName"),
            rules::check_framework_name(name),
        );
    }
    if let Some(description) = properties
        .get("FrameworkDescription")
        .and_then(Value::as_str)
    {
        check(
            child(base, "FrameworkDescription"),
            rules::check_framework_description(description),
        );
    }
    let list_pointer = child(base, "FrameworkControls");
    let Some(list) = properties
        .get("FrameworkControls")
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    check(
        list_pointer.clone(),
        rules::check_framework_has_controls(list.len()),
    );
    let mut literal = Vec::new();
    let mut proven = Vec::new();
    for (index, value) in list.iter().enumerate() {
        let pointer = child(&list_pointer, index);
        let control = read_control(value);
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
            scope_types: &control.types,
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
    for (index, (parameter, value)) in control.parameters.iter().enumerate() {
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
    for (index, ty) in control.types.iter().enumerate() {
        check(
            child(&child(&scope, "ComplianceResourceTypes"), index),
            rules::check_control_scope_type(ty),
        );
    }
}

fn lint_report_plan(properties: &Value, base: &str, findings: &mut Vec<Finding>) {
    let mut check = |pointer: String, result: Result<(), crate::problem::Violation>| {
        if let Err(v) = result {
            findings.push(Finding::new(pointer, v));
        }
    };
    if let Some(name) = properties.get("ReportPlanName").and_then(Value::as_str) {
        check(
            child(base, "ReportPlanName"),
            rules::check_report_plan_name(name),
        );
    }
    if let Some(description) = properties
        .get("ReportPlanDescription")
        .and_then(Value::as_str)
    {
        check(
            child(base, "ReportPlanDescription"),
            rules::check_report_plan_description(description),
        );
    }
    let setting = properties.get("ReportSetting").unwrap_or(&Value::Null);
    let setting_at = child(base, "ReportSetting");
    let frameworks = setting
        .get("FrameworkArns")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if let Some(template) = setting.get("ReportTemplate").and_then(Value::as_str) {
        check(
            child(&setting_at, "ReportTemplate"),
            rules::check_report_template(template),
        );
        check(
            child(&setting_at, "FrameworkArns"),
            rules::check_report_frameworks(template, frameworks),
        );
    }
    let channel = child(base, "ReportDeliveryChannel");
    let formats = texts(
        properties
            .get("ReportDeliveryChannel")
            .and_then(|c| c.get("Formats")),
    );
    for (index, format) in formats.iter().enumerate() {
        check(
            child(&child(&channel, "Formats"), index),
            rules::check_report_format(format),
        );
    }
    let has = |key: &str| {
        setting
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(|l| !l.is_empty())
    };
    let accounts = has("Accounts") || has("OrganizationUnits");
    check(
        child(&channel, "Formats"),
        rules::check_report_format_scope(
            formats.iter().any(|f| f == "JSON"),
            accounts || has("Regions"),
        ),
    );
    check(
        child(&setting_at, "Accounts"),
        rules::check_report_cross_account(accounts, frameworks > 0),
    );
}

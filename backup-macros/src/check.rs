//! The check stage: the declarations' literal values become the runtime model, the rule book
//! validates it (the very code the builder runs at synthesis), and each problem is reported
//! at the span of the field its path names. Spliced values become placeholders the rule
//! book skips, as it skips CloudFormation intrinsics.

use std::collections::HashSet;

use backup_synth::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection, BackupVault,
    CfnValue, ConditionOperator, IndexActionResourceType, LockConfiguration, RemovalPolicy,
    Severity, Stack, TagCondition, VaultRef,
};
use proc_macro2::Span;
use serde_json::json;

use crate::ast::{
    Comparison, ConditionDecl, CopyDecl, Invocation, PlanDecl, ResourceDecl, RuleDecl,
    SelectionDecl, VaultDecl, VaultValue,
};
use crate::diag::{Diagnostics, Place};
use crate::values::{Scalar, Str};

/// Field paths (as the rule book names them) and where each was written.
#[derive(Default)]
struct Spans {
    paths: Vec<(String, Place)>,
}

impl Spans {
    fn add(&mut self, path: impl Into<String>, place: impl Into<Place>) {
        self.paths.push((path.into(), place.into()));
    }

    /// The span of the longest recorded path that `path` starts with.
    fn find(&self, path: &str) -> Place {
        let within = |recorded: &str| {
            path == recorded
                || (path.starts_with(recorded)
                    && matches!(path.as_bytes().get(recorded.len()), Some(b'.' | b'[')))
        };
        self.paths
            .iter()
            .filter(|(recorded, _)| within(recorded))
            .max_by_key(|(recorded, _)| recorded.len())
            .map_or_else(|| Span::call_site().into(), |(_, place)| *place)
    }
}

/// A value standing for a spliced expression: the rule book skips it like an intrinsic.
fn spliced() -> CfnValue {
    CfnValue::raw(json!({ "Ref": "SplicedByBackupPlanMacro" }))
}

fn text(value: &Scalar<Str>) -> Option<&str> {
    value.literal().map(|s| s.text.as_str())
}

/// Runs the rule book over everything literal in the invocation.
pub fn check(invocation: &Invocation, diagnostics: &mut Diagnostics) {
    let mut spans = Spans::default();
    let declared: HashSet<String> = declared_vaults(invocation);
    let mut stack = Stack::new("Stack");
    for vault in &invocation.vaults {
        stack.add(vault_model(vault, &mut spans));
    }
    for plan in &invocation.plans {
        for vault in new_vaults(plan) {
            stack.add(vault_model(vault, &mut spans));
        }
        stack.add(plan_model(plan, &declared, &mut spans));
    }
    let mut reported = HashSet::new();
    for problem in stack.validate_model() {
        if problem.severity() != Severity::Error || problem.path == "resources" {
            continue;
        }
        let span = spans.find(&problem.path);
        if reported.insert((problem.path.clone(), problem.violation.message.clone())) {
            diagnostics.violation(span, &problem.violation);
        }
    }
}

/// Ids of the vaults the invocation creates.
pub fn declared_vaults(invocation: &Invocation) -> HashSet<String> {
    let mut ids: HashSet<String> = invocation
        .vaults
        .iter()
        .map(|v| v.id.text.clone())
        .collect();
    for plan in &invocation.plans {
        ids.extend(new_vaults(plan).map(|v| v.id.text.clone()));
    }
    ids
}

/// The `new Name { … }` vaults of a plan, its rules and copy actions, in source order.
pub fn new_vaults(plan: &PlanDecl) -> impl Iterator<Item = &VaultDecl> {
    let rule_values = plan.rules.iter().flat_map(|r| {
        let ready = r.ready_made.as_ref().and_then(|(_, v)| v.as_ref());
        r.vault
            .iter()
            .chain(ready)
            .chain(r.copies.iter().map(|c| &c.destination))
    });
    plan.vault
        .iter()
        .chain(rule_values)
        .filter_map(|value| match value {
            VaultValue::New(decl) => Some(decl.as_ref()),
            _ => None,
        })
}

fn vault_ref(value: &VaultValue, declared: &HashSet<String>) -> VaultRef {
    match value {
        VaultValue::New(decl) => VaultRef::in_stack(decl.id.text.clone()),
        VaultValue::InStack(name) if declared.contains(&name.text) => {
            VaultRef::in_stack(name.text.clone())
        }
        VaultValue::FromName(Scalar::Lit(name, _)) => VaultRef::from_name(name.text.clone()),
        VaultValue::FromArn(Scalar::Lit(arn, _)) => VaultRef::from_arn(arn.text.clone()),
        _ => VaultRef::Name(spliced()),
    }
}

fn vault_span(value: &VaultValue) -> Place {
    match value {
        VaultValue::New(decl) => decl.id.span.into(),
        VaultValue::InStack(name) => name.span.into(),
        VaultValue::FromName(s) | VaultValue::FromArn(s) => s.span(),
        VaultValue::Splice(_, span) => *span,
    }
}

fn vault_model(decl: &VaultDecl, spans: &mut Spans) -> BackupVault {
    let path = format!("vaults[{}]", decl.id.text);
    spans.add(&path, decl.id.span);
    let mut vault = BackupVault::new(decl.id.text.clone());
    if let Some(name) = &decl.name {
        spans.add(format!("{path}.name"), name.span());
        vault = vault.name(text(name).map_or_else(spliced, CfnValue::from));
    }
    if let Some(lock) = &decl.lock {
        spans.add(format!("{path}.lock_configuration"), lock.span);
        if let Some(Scalar::Lit(min, span)) = &lock.min_retention {
            spans.add(format!("{path}.lock_configuration.min_retention"), *span);
            let mut config = LockConfiguration::new(*min);
            if let Some(Scalar::Lit(max, span)) = &lock.max_retention {
                spans.add(format!("{path}.lock_configuration.max_retention"), *span);
                config = config.max_retention(*max);
            }
            if let Some(Scalar::Lit(period, span)) = &lock.changeable_for {
                spans.add(format!("{path}.lock_configuration.changeable_for"), *span);
                config = config.changeable_for(*period);
            }
            vault = vault.lock_configuration(config);
        }
    }
    if let Some(policy) = &decl.removal_policy {
        spans.add(format!("{path}.removal_policy"), policy.span());
        if policy == "snapshot" {
            vault = vault.removal_policy(RemovalPolicy::Snapshot);
        }
    }
    vault
}

fn plan_model(decl: &PlanDecl, declared: &HashSet<String>, spans: &mut Spans) -> BackupPlan {
    let path = format!("plans[{}]", decl.id.text);
    spans.add(&path, decl.id.span);
    let mut plan = match decl.ready_made.as_ref().map(|r| r.to_string()).as_deref() {
        Some("daily_35_day_retention") => BackupPlan::daily_35_day_retention(decl.id.text.clone()),
        Some("daily_monthly_1_year_retention") => {
            BackupPlan::daily_monthly_1_year_retention(decl.id.text.clone())
        }
        Some("daily_weekly_monthly_5_year_retention") => {
            BackupPlan::daily_weekly_monthly_5_year_retention(decl.id.text.clone())
        }
        Some(_) => BackupPlan::daily_weekly_monthly_7_year_retention(decl.id.text.clone()),
        None => BackupPlan::new(decl.id.text.clone()),
    };
    if let Some(name) = &decl.name {
        spans.add(format!("{path}.name"), name.span());
        if let Some(name) = text(name) {
            plan = plan.name(name);
        }
    }
    if let Some(vault) = &decl.vault {
        spans.add(format!("{path}.vault"), vault_span(vault));
        plan = plan.vault(vault_ref(vault, declared));
    }
    if decl.unknown_ready_made {
        // Already reported: stand in a rule so that "no rule" does not follow.
        plan = plan.rule(BackupPlanRule::daily());
    }
    let offset = plan.rules().len();
    for (index, rule) in decl.rules.iter().enumerate() {
        plan = plan.rule(rule_model(
            rule,
            &format!("{path}.rules[{}]", offset + index),
            declared,
            spans,
        ));
    }
    for selection in &decl.selections {
        plan = plan.selection(selection_model(
            selection,
            &format!("{path}.selections[{}]", selection.id.text),
            spans,
        ));
    }
    plan
}

fn ready_made_rule(name: &str) -> BackupPlanRule {
    match name {
        "daily" => BackupPlanRule::daily(),
        "weekly" => BackupPlanRule::weekly(),
        "monthly_1_year" => BackupPlanRule::monthly_1_year(),
        "monthly_5_year" => BackupPlanRule::monthly_5_year(),
        _ => BackupPlanRule::monthly_7_year(),
    }
}

fn rule_model(
    decl: &RuleDecl,
    path: &str,
    declared: &HashSet<String>,
    spans: &mut Spans,
) -> BackupPlanRule {
    spans.add(path, decl.span);
    if decl.unknown {
        let position: String = path.chars().filter(char::is_ascii_digit).collect();
        return BackupPlanRule::new().name(format!("Unknown{position}"));
    }
    if let Some((name, vault)) = &decl.ready_made {
        let rule = ready_made_rule(&name.to_string());
        return match vault {
            Some(vault) => {
                spans.add(format!("{path}.vault"), vault_span(vault));
                rule.vault(vault_ref(vault, declared))
            }
            None => rule,
        };
    }
    let mut rule = BackupPlanRule::new();
    if let Some(name) = &decl.name {
        spans.add(format!("{path}.name"), name.span);
        rule = rule.name(name.text.clone());
    }
    if let Some(schedule) = &decl.schedule {
        spans.add(format!("{path}.schedule"), schedule.span());
        if let Some(expression) = text(schedule) {
            rule = rule.schedule(expression);
        }
    }
    if let Some(zone) = &decl.schedule_timezone {
        spans.add(format!("{path}.schedule_timezone"), zone.span());
        if let Some(zone) = text(zone) {
            rule = rule.schedule_timezone(zone);
        }
    }
    rule = durations(rule, decl, path, spans);
    if let Some(Scalar::Lit(enable, span)) = &decl.enable_continuous_backup {
        spans.add(format!("{path}.enable_continuous_backup"), *span);
        rule = rule.enable_continuous_backup(*enable);
    }
    if let Some(Scalar::Lit(tags, span)) = &decl.recovery_point_tags {
        spans.add(format!("{path}.recovery_point_tags"), *span);
        rule = rule.recovery_point_tags(tags.iter().map(|(k, v)| (k.text.clone(), v.text.clone())));
    }
    if let Some(types) = &decl.index_actions {
        if let Some((_, span)) = types.first() {
            spans.add(format!("{path}.index_actions"), *span);
        }
        rule = rule.index_action(
            types
                .iter()
                .map(|(t, _)| IndexActionResourceType::from_name(t)),
        );
    }
    if let Some(vault) = &decl.vault {
        spans.add(format!("{path}.vault"), vault_span(vault));
        rule = rule.vault(vault_ref(vault, declared));
    }
    for (index, copy) in decl.copies.iter().enumerate() {
        rule = rule.copy_action(copy_model(
            copy,
            &format!("{path}.copy_actions[{index}]"),
            declared,
            spans,
        ));
    }
    rule
}

fn durations(
    mut rule: BackupPlanRule,
    decl: &RuleDecl,
    path: &str,
    spans: &mut Spans,
) -> BackupPlanRule {
    if let Some(Scalar::Lit(window, span)) = &decl.start_window {
        spans.add(format!("{path}.start_window"), *span);
        rule = rule.start_window(*window);
    }
    if let Some(Scalar::Lit(window, span)) = &decl.completion_window {
        spans.add(format!("{path}.completion_window"), *span);
        rule = rule.completion_window(*window);
    }
    if let Some(Scalar::Lit(after, span)) = &decl.delete_after {
        spans.add(format!("{path}.delete_after"), *span);
        rule = rule.delete_after(*after);
    }
    if let Some(Scalar::Lit(after, span)) = &decl.move_to_cold_storage_after {
        spans.add(format!("{path}.move_to_cold_storage_after"), *span);
        rule = rule.move_to_cold_storage_after(*after);
    }
    rule
}

fn copy_model(
    decl: &CopyDecl,
    path: &str,
    declared: &HashSet<String>,
    spans: &mut Spans,
) -> BackupPlanCopyAction {
    spans.add(path, decl.span);
    spans.add(format!("{path}.destination"), vault_span(&decl.destination));
    let mut copy = BackupPlanCopyAction::new(vault_ref(&decl.destination, declared));
    if let Some(Scalar::Lit(after, span)) = &decl.delete_after {
        spans.add(format!("{path}.delete_after"), *span);
        copy = copy.delete_after(*after);
    }
    if let Some(Scalar::Lit(after, span)) = &decl.move_to_cold_storage_after {
        spans.add(format!("{path}.move_to_cold_storage_after"), *span);
        copy = copy.move_to_cold_storage_after(*after);
    }
    copy
}

fn selection_model(decl: &SelectionDecl, path: &str, spans: &mut Spans) -> BackupSelection {
    spans.add(path, decl.id.span);
    let mut selection = BackupSelection::new(decl.id.text.clone());
    if let Some(name) = &decl.name {
        spans.add(format!("{path}.name"), name.span());
        if let Some(name) = text(name) {
            selection = selection.name(name);
        }
    }
    selection = conditions_model(selection, decl, path, spans);
    selection = exclusions_model(selection, decl, path, spans);
    let Some((resources, key_span)) = &decl.resources else {
        if decl.all_of.is_none() {
            // Reported as a missing key already: stand in a resource to avoid a second error.
            return selection.resource(BackupResource::arn(spliced()));
        }
        return selection;
    };
    spans.add(format!("{path}.resources"), *key_span);
    for (index, resource) in resources.iter().enumerate() {
        let (model, span) = match resource {
            ResourceDecl::Tag { key, value, span } => (
                BackupResource::tag(key.text.clone(), value.text.clone()),
                *span,
            ),
            ResourceDecl::Helper { kind, argument } => {
                (helper_model(&kind.to_string(), argument), argument.span())
            }
            ResourceDecl::Splice(_, span) => (BackupResource::arn(spliced()), *span),
            ResourceDecl::Invalid => (BackupResource::arn(spliced()), (*key_span).into()),
        };
        spans.add(format!("{path}.resources[{index}]"), span);
        selection = selection.resource(model);
    }
    selection
}

/// `all_of`: literal conditions are checked; spliced ones stand in as a harmless condition.
fn conditions_model(
    mut selection: BackupSelection,
    decl: &SelectionDecl,
    path: &str,
    spans: &mut Spans,
) -> BackupSelection {
    let Some((conditions, key_span)) = &decl.all_of else {
        return selection;
    };
    spans.add(format!("{path}.all_of"), *key_span);
    for (index, condition) in conditions.iter().enumerate() {
        let (model, place) = match condition {
            ConditionDecl::Tag {
                key,
                comparison,
                value,
                span,
            } => (
                TagCondition::new(operator(*comparison), key.text.clone(), value.text.clone()),
                *span,
            ),
            ConditionDecl::Splice(_, span) => (TagCondition::equals("spliced", "spliced"), *span),
            ConditionDecl::Invalid => (
                TagCondition::equals("invalid", "invalid"),
                (*key_span).into(),
            ),
        };
        spans.add(format!("{path}.all_of[{index}]"), place);
        selection = selection.condition(model);
    }
    selection
}

/// The runtime operator of a comparison.
fn operator(comparison: Comparison) -> ConditionOperator {
    match comparison {
        Comparison::Equals => ConditionOperator::StringEquals,
        Comparison::NotEquals => ConditionOperator::StringNotEquals,
        Comparison::Like => ConditionOperator::StringLike,
        Comparison::NotLike => ConditionOperator::StringNotLike,
    }
}

/// `not_resources`: literal ARNs are checked, others stand in as placeholders.
fn exclusions_model(
    mut selection: BackupSelection,
    decl: &SelectionDecl,
    path: &str,
    spans: &mut Spans,
) -> BackupSelection {
    let Some((excluded, key_span)) = &decl.not_resources else {
        return selection;
    };
    spans.add(format!("{path}.not_resources"), *key_span);
    for (index, entry) in excluded.iter().enumerate() {
        let (arn, place) = match entry {
            ResourceDecl::Helper { argument, .. } => (
                text(argument).map_or_else(spliced, CfnValue::from),
                argument.span(),
            ),
            ResourceDecl::Splice(_, span) => (spliced(), *span),
            _ => (spliced(), (*key_span).into()),
        };
        spans.add(format!("{path}.not_resources[{index}]"), place);
        selection = selection.exclude(arn);
    }
    selection
}

fn helper_model(kind: &str, argument: &Scalar<Str>) -> BackupResource {
    let value = text(argument).map_or_else(spliced, CfnValue::from);
    match kind {
        "arn" => BackupResource::arn(value),
        "dynamodb_table" => BackupResource::dynamodb_table(value),
        "ec2_instance" => BackupResource::ec2_instance(value),
        "efs_file_system" => BackupResource::efs_file_system(value),
        "rds_instance" => BackupResource::rds_instance(value),
        "rds_cluster" => BackupResource::rds_cluster(value),
        "rds_serverless_cluster" => BackupResource::rds_serverless_cluster(value),
        // What a construct collects is known only in the stack: checked at synthesis.
        _ => BackupResource::arn(spliced()),
    }
}

//! The check stage: the declarations' literal values become the runtime model, the rule book
//! validates it (the very code the builder runs at synthesis), and each problem is reported
//! at the span of the field its path names. Spliced values become placeholders the rule
//! book skips, as it skips CloudFormation intrinsics.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use backup_synth::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection, BackupVault,
    CfnValue, ConditionOperator, Duration, IndexActionResourceType, LockConfiguration,
    LogicallyAirGappedBackupVault, PathIndex, RecoveryPointType, RestoreTestingPlan,
    RestoreTestingSelection, RestoreTestingVault, Severity, Stack, TagCondition, VaultRef,
};
use proc_macro2::Span;
use serde_json::json;

use crate::ast::{
    AirGappedDecl, Comparison, ConditionDecl, CopyDecl, Invocation, PlanDecl, ResourceDecl,
    RestoreSelectionDecl, RestoreTestingPlanDecl, RestoreVault, RuleDecl, SelectionDecl, VaultDecl,
    VaultValue,
};
use crate::diag::{Diagnostics, Place};
use crate::values::{Scalar, Str};

/// Field paths (as the rule book names them) and where each was written.
#[derive(Default)]
pub(crate) struct Spans {
    /// Every path with its place, in the order written.
    recorded: Vec<(Recorded, Place)>,
    /// The blocks whose keys are recorded as [`Recorded::Key`].
    blocks: Vec<String>,
    /// `recorded`, indexed: built only when a problem is to be placed (most invocations have
    /// none).
    index: OnceCell<PathIndex<Place>>,
    /// Paths of retentions written as `{ expr }`: known only at synthesis.
    spliced: HashSet<String>,
}

/// A recorded path: written out, or a block's key written out only when the paths are indexed
/// (most invocations never need them).
enum Recorded {
    /// The whole path.
    Path(String),
    /// `block.key`: the index of the block's path in [`Spans::blocks`], and the key.
    Key(usize, &'static str),
    /// `block.key[index]`: an item of a list.
    Item(usize, &'static str, usize),
}

impl Spans {
    pub(crate) fn add(&mut self, path: impl Into<String>, place: impl Into<Place>) {
        self.recorded
            .push((Recorded::Path(path.into()), place.into()));
    }

    /// Notes the path of a block whose keys are recorded with [`Spans::add_key`].
    pub(crate) fn block(&mut self, path: &str) -> usize {
        self.blocks.push(path.to_string());
        self.blocks.len() - 1
    }

    /// Records `key` of the block `block` (from [`Spans::block`]): the path `block.key`.
    pub(crate) fn add_key(&mut self, block: usize, key: &'static str, place: Place) {
        self.recorded.push((Recorded::Key(block, key), place));
    }

    /// Records item `index` of the list `key` of the block `block` (from [`Spans::block`]):
    /// the path `block.key[index]`.
    pub(crate) fn add_item(&mut self, block: usize, key: &'static str, index: usize, place: Place) {
        self.recorded
            .push((Recorded::Item(block, key, index), place));
    }

    /// The recorded paths, indexed.
    fn index(&self) -> &PathIndex<Place> {
        self.index.get_or_init(|| {
            let mut index = PathIndex::default();
            for (path, place) in &self.recorded {
                let path = match path {
                    Recorded::Path(path) => path.clone(),
                    Recorded::Key(block, key) => format!("{}.{key}", self.blocks[*block]),
                    Recorded::Item(block, key, index) => {
                        format!("{}.{key}[{index}]", self.blocks[*block])
                    }
                };
                index.insert(path, *place);
            }
            index
        })
    }

    /// For a rule relating two fields of one block (`path` names one of them), the place of
    /// whichever of the two was written later: the value that broke the relation.
    fn later_of_relation(&self, rule: &str, path: &str) -> Option<Place> {
        let (first, second) = RELATIONS
            .iter()
            .find(|(id, ..)| *id == rule)
            .map(|(_, a, b)| (*a, *b))?;
        let (block, field) = path.rsplit_once('.')?;
        let other = match field {
            f if f == first => second,
            f if f == second => first,
            _ => return None,
        };
        let here = *self.index().get(path)?;
        let there = *self.index().get(&format!("{block}.{other}"))?;
        let position = |place: Place| {
            let start = place.start.start();
            (start.line, start.column)
        };
        Some(if position(there) > position(here) {
            there
        } else {
            here
        })
    }

    /// For a retention that does not fit the target vault's range (the problem is reported
    /// at the vault reference), the `delete_after` the help asks to change: the copy
    /// action's own, else its rule's; `None` when neither was written (kept forever, or a
    /// ready-made rule's retention).
    fn retention_of_target(&self, rule: &str, path: &str) -> Option<Place> {
        backup_synth::rules::retention_paths(rule, path)
            .iter()
            .find_map(|candidate| self.index().get(candidate).copied())
    }

    /// Records that the value at `path` is written as `{ expr }`.
    pub(crate) fn splice(&mut self, path: String) {
        self.spliced.insert(path);
    }

    /// Whether a retention-vs-target problem is about a retention written as `{ expr }`: the
    /// model holds none (it reads as "kept forever"), so synthesis decides.
    fn retention_spliced(&self, rule: &str, path: &str) -> bool {
        backup_synth::rules::retention_paths(rule, path)
            .iter()
            .find(|c| self.spliced.contains(*c) || self.index().get(c).is_some())
            .is_some_and(|c| self.spliced.contains(c))
    }

    /// The place of the longest recorded path that `path` starts with.
    fn find(&self, path: &str) -> Place {
        self.index()
            .find(path)
            .copied()
            .unwrap_or_else(|| Span::call_site().into())
    }
}

/// Rules that relate two keys of one block: the error goes on the one written later.
const RELATIONS: &[(&str, &str, &str)] = &[
    (
        "lifecycle-cold-storage-gap",
        "delete_after",
        "move_to_cold_storage_after",
    ),
    (
        "continuous-backup-cold-storage",
        "move_to_cold_storage_after",
        "enable_continuous_backup",
    ),
    (
        "continuous-backup-retention",
        "delete_after",
        "enable_continuous_backup",
    ),
    (
        "vault-lock-retention-order",
        "max_retention",
        "min_retention",
    ),
    (
        "air-gapped-retention-order",
        "max_retention",
        "min_retention",
    ),
];

/// A value standing for a spliced expression: the rule book skips it like an intrinsic.
pub(crate) fn spliced() -> CfnValue {
    CfnValue::raw(json!({ "Ref": "SplicedByBackupPlanMacro" }))
}

pub(crate) fn text(value: &Scalar<Str>) -> Option<&str> {
    value.literal().map(|s| s.text.as_str())
}

/// The vaults an invocation declares, by id: which vault value names which kind.
pub struct Declared {
    /// Backup vaults (`vault Name { … }` and `new Name { … }`).
    pub vaults: HashSet<String>,
    /// Logically air-gapped vaults (`air_gapped_vault Name { … }`), and whether both ends of
    /// their retention range are literal.
    pub air_gapped: HashMap<String, bool>,
}

impl Declared {
    /// The vaults `invocation` declares.
    pub fn new(invocation: &Invocation) -> Self {
        let air_gapped = invocation
            .air_gapped_vaults
            .iter()
            .map(|v| {
                let literal = |d: &Option<Scalar<Duration>>| matches!(d, Some(Scalar::Lit(..)));
                let known = literal(&v.min_retention) && literal(&v.max_retention);
                (v.id.text.clone(), known)
            })
            .collect();
        Declared {
            vaults: declared_vaults(invocation),
            air_gapped,
        }
    }

    /// Whether `id` names an air-gapped vault (and not a backup vault).
    pub fn is_air_gapped(&self, id: &str) -> bool {
        !self.vaults.contains(id) && self.air_gapped.contains_key(id)
    }
}

/// Runs the rule book over everything literal in the invocation.
pub fn check(invocation: &Invocation, declared: &Declared, diagnostics: &mut Diagnostics) {
    let mut spans = Spans::default();
    let mut stack = Stack::new("Stack");
    if crate::keys::any(invocation) {
        crate::keys::check_references(invocation, diagnostics);
        for decl in crate::keys::all_keys(invocation) {
            stack.add(crate::keys::key_model(decl, &mut spans));
        }
        for decl in crate::keys::all_topics(invocation) {
            stack.add(crate::keys::topic_model(decl, &mut spans));
        }
    }
    for vault in &invocation.vaults {
        stack.add(vault_model(vault, &mut spans));
    }
    for vault in &invocation.air_gapped_vaults {
        stack.add(air_gapped_model(vault, &mut spans));
    }
    for plan in &invocation.plans {
        for vault in new_vaults(plan) {
            stack.add(vault_model(vault, &mut spans));
        }
        stack.add(plan_model(plan, declared, &mut spans));
    }
    for plan in &invocation.restore_testing_plans {
        stack.add(restore_plan_model(plan, declared, &mut spans));
    }
    for decl in &invocation.tiering_configurations {
        stack.add(crate::tiering::model(decl, declared, &mut spans));
    }
    for decl in &invocation.legal_holds {
        stack.add(crate::legal_hold::model(decl, declared, &mut spans));
    }
    for decl in &invocation.frameworks {
        crate::framework::check_names(decl, diagnostics);
        stack.add(crate::framework::model(decl, &mut spans));
    }
    for decl in &invocation.report_plans {
        stack.add(crate::report_plan::model(decl, &mut spans));
    }
    let mut reported = HashSet::new();
    let problems = match invocation.organizations.first() {
        Some(org) => crate::organization::problems(org, &stack, &mut spans),
        None => stack.validate_model(),
    };
    for problem in problems {
        if problem.severity() != Severity::Error || problem.path == "resources" {
            continue;
        }
        // A range with a placeholder end: its order is checked at synthesis.
        if problem.violation.rule == "air-gapped-retention-order"
            && declared.air_gapped.iter().any(|(id, known)| {
                !known
                    && problem
                        .path
                        .starts_with(&format!("air_gapped_vaults[{id}]."))
            })
        {
            continue;
        }
        if spans.retention_spliced(problem.violation.rule, &problem.path) {
            continue;
        }
        let span = spans
            .later_of_relation(problem.violation.rule, &problem.path)
            .or_else(|| spans.retention_of_target(problem.violation.rule, &problem.path))
            .unwrap_or_else(|| spans.find(&problem.path));
        if reported.insert((problem.path.clone(), problem.violation.message.clone())) {
            diagnostics.violation(span, &problem.violation);
        }
    }
    crate::proof::prove(invocation, &stack, diagnostics);
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
    // Plain loops: iterator adapters cost many calls each in the unoptimized build a proc
    // macro runs as.
    let mut found = Vec::new();
    push_new(&mut found, plan.vault.as_ref());
    for rule in &plan.rules {
        push_new(&mut found, rule.vault.as_ref());
        push_new(
            &mut found,
            rule.ready_made.as_ref().and_then(|(_, v)| v.as_ref()),
        );
        for copy in &rule.copies {
            push_new(&mut found, Some(&copy.destination));
        }
    }
    for rule in &plan.rules {
        push_new(&mut found, rule.logically_air_gapped_vault.as_ref());
    }
    found.into_iter()
}

/// Adds the vault `value` creates (`new Name { … }`), if it creates one.
fn push_new<'a>(found: &mut Vec<&'a VaultDecl>, value: Option<&'a VaultValue>) {
    if let Some(VaultValue::New(decl)) = value {
        found.push(decl.as_ref());
    }
}

pub(crate) fn vault_ref(value: &VaultValue, declared: &Declared) -> VaultRef {
    match value {
        VaultValue::New(decl) => VaultRef::in_stack(decl.id.text.clone()),
        VaultValue::InStack(name) if declared.vaults.contains(&name.text) => {
            VaultRef::in_stack(name.text.clone())
        }
        // An air-gapped vault whose range is partly spliced: its retention checks wait.
        VaultValue::InStack(name) if declared.air_gapped.get(&name.text) == Some(&true) => {
            VaultRef::air_gapped(name.text.clone())
        }
        VaultValue::FromName(Scalar::Lit(name, _)) => VaultRef::from_name(name.text.clone()),
        VaultValue::FromArn(Scalar::Lit(arn, _)) => VaultRef::from_arn(arn.text.clone()),
        _ => VaultRef::Name(spliced()),
    }
}

pub(crate) fn vault_span(value: &VaultValue) -> Place {
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
    let mut vault = decl
        .properties
        .model(BackupVault::new(decl.id.text.clone()), &path, spans);
    if let Some(key) = &decl.encryption_key {
        spans.add(format!("{path}.encryption_key"), key.span());
        vault = vault.encryption_key(crate::keys::key_arn(key));
    }
    if let Some(topic) = &decl.notification_topic {
        spans.add(format!("{path}.notification_topic"), topic.span());
        vault = vault.notification_topic(crate::keys::topic(topic));
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
    vault
}

fn plan_model(decl: &PlanDecl, declared: &Declared, spans: &mut Spans) -> BackupPlan {
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
    plan = decl.properties.model(plan, &path, spans);
    if let Some(vault) = &decl.vault {
        spans.add(format!("{path}.vault"), vault_span(vault));
        plan = plan.vault(vault_ref(vault, declared));
    }
    if let Some(setting) = &decl.scan_setting {
        plan = crate::scan::model(setting, &path, plan, spans);
    }
    if let Some(options) = &decl.s3_backup_options {
        plan = crate::s3_options::model(options, &path, plan, spans);
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
    declared: &Declared,
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
    rule = decl.properties.model(rule, path, spans);
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
    if let Some(vault) = &decl.logically_air_gapped_vault {
        spans.add(
            format!("{path}.logically_air_gapped_vault"),
            vault_span(vault),
        );
        rule = rule.logically_air_gapped_vault(vault_ref(vault, declared));
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

fn copy_model(
    decl: &CopyDecl,
    path: &str,
    declared: &Declared,
    spans: &mut Spans,
) -> BackupPlanCopyAction {
    spans.add(path, decl.span);
    spans.add(format!("{path}.destination"), vault_span(&decl.destination));
    let copy = BackupPlanCopyAction::new(vault_ref(&decl.destination, declared));
    decl.properties.model(copy, path, spans)
}

fn selection_model(decl: &SelectionDecl, path: &str, spans: &mut Spans) -> BackupSelection {
    spans.add(path, decl.id.span);
    let mut selection =
        decl.properties
            .model(BackupSelection::new(decl.id.text.clone()), path, spans);
    selection = conditions_model(selection, decl, path, spans);
    selection = exclusions_model(selection, decl, path, spans);
    // Without `resources` (and `all_of`), the rule book reports the empty selection at its id.
    let Some((resources, key_span)) = &decl.resources else {
        return selection;
    };
    let block = spans.block(path);
    spans.add_key(block, "resources", (*key_span).into());
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
        spans.add_item(block, "resources", index, span);
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

/// A literal duration, or `placeholder` for a spliced or missing one (checks wait).
fn duration_or(value: &Option<Scalar<Duration>>, placeholder: Duration) -> Duration {
    match value {
        Some(Scalar::Lit(d, _)) => *d,
        _ => placeholder,
    }
}

fn air_gapped_model(decl: &AirGappedDecl, spans: &mut Spans) -> LogicallyAirGappedBackupVault {
    let path = format!("air_gapped_vaults[{}]", decl.id.text);
    spans.add(&path, decl.id.span);
    let durations = [
        ("min_retention", &decl.min_retention),
        ("max_retention", &decl.max_retention),
    ];
    for (key, value) in durations {
        if let Some(value) = value {
            spans.add(format!("{path}.{key}"), value.span());
        }
    }
    // Placeholders are the widest range AWS accepts: they add no error of their own.
    let min = duration_or(&decl.min_retention, Duration::days(7));
    let max = duration_or(&decl.max_retention, Duration::days(36_500));
    let vault = LogicallyAirGappedBackupVault::new(decl.id.text.clone(), min, max);
    let mut vault = decl.properties.model(vault, &path, spans);
    if let Some(key) = &decl.encryption_key {
        spans.add(format!("{path}.encryption_key"), key.span());
        vault = vault.encryption_key(crate::keys::key_arn(key));
    }
    if let (Some(topic), Some(events)) = (&decl.notification_topic, &decl.notification_events) {
        spans.add(format!("{path}.notifications"), topic.span());
        vault = vault.notifications(crate::keys::topic(topic), []);
        for (index, event) in events.iter().enumerate() {
            spans.add(
                format!("{path}.notifications.events[{index}]"),
                event.span(),
            );
        }
    }
    vault
}

fn restore_plan_model(
    decl: &RestoreTestingPlanDecl,
    declared: &Declared,
    spans: &mut Spans,
) -> RestoreTestingPlan {
    let path = format!("restore_testing_plans[{}]", decl.id.text);
    spans.add(&path, decl.id.span);
    let schedule = match &decl.schedule {
        Some(schedule) => {
            spans.add(format!("{path}.schedule"), schedule.span());
            text(schedule).unwrap_or("cron(0 5 ? * * *)")
        }
        None => "cron(0 5 ? * * *)",
    };
    let plan = RestoreTestingPlan::new(decl.id.text.clone(), schedule);
    let mut plan = decl.properties.model(plan, &path, spans);
    if let Some((types, span)) = &decl.recovery_point_types {
        spans.add(format!("{path}.recovery_point_types"), *span);
        plan = plan.recovery_point_types(types.iter().map(|t| {
            if t == "CONTINUOUS" {
                RecoveryPointType::Continuous
            } else {
                RecoveryPointType::Snapshot
            }
        }));
    }
    let lists = [
        ("include_vaults", &decl.include_vaults),
        ("exclude_vaults", &decl.exclude_vaults),
    ];
    for (key, list) in lists {
        let Some((vaults, key_span)) = list else {
            continue;
        };
        spans.add(format!("{path}.{key}"), *key_span);
        for (index, entry) in vaults.iter().enumerate() {
            let (model, place) = match entry {
                RestoreVault::Pattern(s) => {
                    (RestoreTestingVault::from(s.text.as_str()), s.span().into())
                }
                RestoreVault::Vault(value) => (
                    RestoreTestingVault::Vault(vault_ref(value, declared)),
                    vault_span(value),
                ),
                RestoreVault::Invalid(place) => (RestoreTestingVault::All, *place),
            };
            spans.add(format!("{path}.{key}[{index}]"), place);
            plan = if key == "include_vaults" {
                plan.include_vault(model)
            } else {
                plan.exclude_vault(model)
            };
        }
    }
    for selection in &decl.selections {
        let at = format!("{path}.selections[{}]", selection.id.text);
        plan = plan.selection(restore_selection_model(selection, &at, spans));
    }
    plan
}

fn restore_selection_model(
    decl: &RestoreSelectionDecl,
    path: &str,
    spans: &mut Spans,
) -> RestoreTestingSelection {
    spans.add(path, decl.id.span);
    let resource_type = match &decl.protected_resource_type {
        Some(kind) => {
            spans.add(format!("{path}.protected_resource_type"), kind.span());
            text(kind).unwrap_or("EBS")
        }
        None => "EBS",
    };
    let selection = RestoreTestingSelection::new(decl.id.text.clone(), resource_type);
    let mut selection = decl.properties.model(selection, path, spans);
    if let Some((arns, key_span)) = &decl.protected_resource_arns {
        spans.add(format!("{path}.protected_resource_arns"), *key_span);
        for arn in arns {
            let arn = text(arn).map_or_else(spliced, CfnValue::from);
            selection = selection.protected_resource_arn(arn);
        }
    }
    if let Some((conditions, key_span)) = &decl.conditions {
        spans.add(format!("{path}.conditions"), *key_span);
        for condition in conditions {
            let (key, value) = (condition.key.text.clone(), condition.value.text.clone());
            selection = if condition.equals {
                selection.string_equals(key, value)
            } else {
                selection.string_not_equals(key, value)
            };
        }
    }
    selection
}

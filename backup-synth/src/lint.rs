//! The template linter: the rule book applied to an existing CloudFormation template, whatever
//! wrote it (CDK, SAM, hand-written YAML).
//!
//! Each `AWS::Backup::BackupPlan`, `BackupSelection`, `BackupVault`,
//! `LogicallyAirGappedBackupVault`, `RestoreTestingPlan`, `RestoreTestingSelection`,
//! `TieringConfiguration` and `LegalHold` resource is read into its generated struct
//! ([`crate::cfn`], [`crate::cfn::FromCfn`]: the same types synthesis renders through), then
//! mapped, one small function per resource type, onto the runtime model ([`BackupPlan`], [`BackupPlanRule`], [`BackupSelection`],
//! [`BackupVault`], [`crate::LogicallyAirGappedBackupVault`], [`crate::RestoreTestingPlan`],
//! [`crate::RestoreTestingSelection`] in a [`Stack`]), [`Stack::validate_model`] runs (the very
//! code the builder runs at synthesis, so the findings carry the same words; the rules that need
//! the rendered template — logical-id clashes, what a construct collects, the resource count —
//! do not apply to a template or are checked on it directly, so the model is not rendered), and each problem's field path
//! (`plans[Plan].rules[1].delete_after`) is mapped back to the JSON pointer of the property it
//! came from (`/Resources/Plan/Properties/BackupPlan/BackupPlanRule/1/Lifecycle/DeleteAfterDays`).
//!
//! Every resource of a type with a generated schema ([`crate::cfn`]: every `AWS::Backup::*`
//! type, IAM roles, KMS keys, SNS topics, StackSets, Organizations policies) is also checked
//! against CloudFormation's contract: required and unknown properties, types, enums, patterns,
//! lengths, ranges, item counts ([`crate::cfn::check_resource`]). Where the rule book reports
//! at the same pointer (or on the list an item belongs to), its finding is kept and the schema's
//! is dropped: one problem, one finding, in the rule book's more precise words.
//!
//! Each `AWS::CloudFormation::StackSet` gets the `stackset-*` rules (name, permission model,
//! Regions, `TemplateBody` size, and, for a JSON body, nested stacks and capabilities), and
//! each `BACKUP_POLICY` beside a StackSet the `org-*` consistency rules: its targets, Regions,
//! vaults and role are those the StackSet deploys.
//! Frameworks and report plans are read the same way, their controls proven against the
//! template's plans and vaults ([`crate::compliance`]). StackSets, Organizations policies,
//! frameworks and report plans are read into their generated structs too, so their intrinsics
//! are listed as skipped like the others'.
//!
//! Values that are intrinsic functions (`Ref`, `Fn::*`, `Condition`) are not known before deploy
//! time: the generated reader ([`crate::cfn::Reader`]) keeps them as placeholders the rule book
//! skips and records where they are, and they are listed in [`LintReport::skipped`] (in
//! template order); a value of the wrong kind is read as absent (the schema check reports it)
//! without hiding its siblings, and an unreadable item of a list keeps the positions of the
//! others. References are read by [`crate::reference::resolve`], as coverage, compliance and
//! the report read them. A selection whose `BackupPlanId` is `Ref`/`Fn::GetAtt` of a plan in
//! the template belongs to that plan; a rule whose `TargetBackupVault` (or a copy action whose
//! `DestinationBackupVaultArn`) names a vault of the template targets it, so the cross-resource
//! rules (retention against the vault's lock) apply. Numbers written as numeric strings (`"60"`)
//! are numbers, as CloudFormation reads them.
//!
//! ```
//! use serde_json::json;
//! let template = json!({"Resources": {"Plan": {
//!     "Type": "AWS::Backup::BackupPlan",
//!     "Properties": {"BackupPlan": {"BackupPlanName": "p", "BackupPlanRule": [{
//!         "RuleName": "r", "TargetBackupVault": "Default",
//!         "ScheduleExpression": "rate(1 day)"
//!     }]}}
//! }}});
//! let report = backup_dsl::lint::lint_template(&template);
//! assert_eq!(report.findings[0].rule, "schedule-syntax");
//! assert_eq!(
//!     report.findings[0].pointer,
//!     "/Resources/Plan/Properties/BackupPlan/BackupPlanRule/0/ScheduleExpression"
//! );
//! ```

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Bound;

use serde_json::{json, Map, Number, Value};

use crate::cfn::backup_backup_plan::{
    BackupRuleResourceType, CfnBackupPlan, CopyActionResourceType, IndexActionsResourceType,
    LifecycleResourceType,
};
use crate::cfn::backup_backup_selection::CfnBackupSelection;
use crate::cfn::backup_backup_vault::{CfnBackupVault, LockConfigurationType};
use crate::cfn::{Cfn, CfnMap, FromCfn, Reader};
use crate::problem::{rebased, PathIndex, Severity, Violation};
use crate::reference::{intrinsic, resolve};
use crate::rules;
use crate::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection, BackupVault,
    CfnValue, Duration, IndexActionResourceType, LockConfiguration, RemovalPolicy, Stack,
    StackItem, VaultRef,
};

mod beyond;
mod controls;
mod features;
mod org_policy;
mod retention;
mod stack_set;

/// The resource types the linter reads, each into the runtime model.
pub const BACKUP_TYPES: [&str; 8] = [
    "AWS::Backup::BackupPlan",
    "AWS::Backup::BackupSelection",
    "AWS::Backup::BackupVault",
    "AWS::Backup::LegalHold",
    "AWS::Backup::LogicallyAirGappedBackupVault",
    "AWS::Backup::RestoreTestingPlan",
    "AWS::Backup::RestoreTestingSelection",
    "AWS::Backup::TieringConfiguration",
];

/// Rules about constructs this crate builds (construct ids, generated logical ids, grants):
/// they cannot be broken by a template, so problems of these rules are not reported.
const NOT_APPLICABLE: [&str; 6] = [
    "construct-id",
    "duplicate-id",
    "duplicate-logical-id",
    "vault-not-in-stack",
    "grant-no-actions",
    "grant-wildcard-action",
];

/// One broken rule in a template, at the JSON pointer of the offending property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// JSON pointer (RFC 6901) of the property, e.g.
    /// `/Resources/Plan/Properties/BackupPlan/BackupPlanRule/0/ScheduleExpression`.
    pub pointer: String,
    /// Stable id of the rule (the rule book's id).
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What was found and what is allowed, in the rule book's words.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Extra context, such as a cron expression with a caret line under the offending part.
    pub note: Option<String>,
    /// JSON pointers of the resources at fault besides `pointer` (the plans or vaults that do
    /// not meet a framework's control).
    pub related: Vec<String>,
}

impl Finding {
    /// The finding of `violation` at `pointer`, with nothing related.
    pub fn new(pointer: impl Into<String>, violation: Violation) -> Self {
        Self {
            pointer: pointer.into(),
            rule: violation.rule,
            severity: violation.severity,
            message: violation.message,
            help: violation.help,
            note: violation.note,
            related: Vec::new(),
        }
    }
}

/// A value the linter could not check because it is resolved at deploy time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// JSON pointer of the value.
    pub pointer: String,
    /// Why it was skipped, e.g. "`Fn::GetAtt` is resolved at deploy time".
    pub reason: String,
}

/// What linting one template found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintReport {
    /// The findings, in template order (resource by resource).
    pub findings: Vec<Finding>,
    /// Intrinsic values that were not checked, in template order.
    pub skipped: Vec<Skipped>,
}

impl LintReport {
    /// Drops the warnings of the rules named in `rules` (errors are never silenced).
    ///
    /// ```
    /// use backup_dsl::lint::lint_template;
    /// let template = serde_json::json!({"Resources": {"V": {"Type": "AWS::Backup::BackupVault",
    ///     "Properties": {"BackupVaultName": "plain"}}}});
    /// let mut report = lint_template(&template);
    /// assert_eq!(report.warning_count(), 1);
    /// report.allow(&["vault-without-customer-key"]);
    /// assert_eq!(report.warning_count(), 0);
    /// ```
    pub fn allow<S: AsRef<str>>(&mut self, rules: &[S]) {
        self.findings.retain(|f| {
            f.severity == Severity::Error || !rules.iter().any(|r| r.as_ref() == f.rule)
        });
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// Adds the `template-inline-limit` warning for a template file of `bytes` bytes (the
    /// linter sees the parsed value; the caller knows the file's size).
    pub fn check_inline_size(&mut self, bytes: usize) {
        if let Err(violation) = rules::check_template_inline_size(bytes) {
            self.findings.insert(0, Finding::new("", violation));
        }
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// How to lint.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LintOptions {
    /// Report a framework control the inputs provably do not meet as an error (the inputs are
    /// the account's whole backup set-up: `--controls=error`), not a warning.
    pub controls_as_errors: bool,
}

/// Lints a CloudFormation template given as JSON (YAML templates are converted to JSON first,
/// short-form tags to their long forms). Never panics, whatever the value.
pub fn lint_template(template: &Value) -> LintReport {
    lint_template_with(template, LintOptions::default())
}

/// [`lint_template`] with options.
pub fn lint_template_with(template: &Value, options: LintOptions) -> LintReport {
    lint_template_among(template, options, &[])
}

/// [`lint_template_with`] for one of several inputs given together (`others`: the other
/// inputs, each with its file name): the controls of its frameworks are proven against the
/// plans, vaults, selections and protected resources of every input, as one account's backup
/// set-up; what is at fault in another input is named `<file>#<pointer>` in `related`.
pub fn lint_template_among(
    template: &Value,
    options: LintOptions,
    others: &[(&str, &Value)],
) -> LintReport {
    if org_policy::is_policy_document(template) {
        return org_policy::lint_document(template);
    }
    let empty = Map::new();
    let resources = match template.get("Resources") {
        Some(Value::Object(resources)) => resources,
        Some(other) if intrinsic(other).is_none() => {
            let mut linter = Linter::new(&empty);
            linter.type_error("/Resources", "Resources", other, "an object");
            return linter.finish(Vec::new());
        }
        _ => &empty,
    };
    let mut linter = Linter::new(resources);
    if let Err(violation) = rules::check_resource_count(resources.len()) {
        linter.findings.push(Finding::new("/Resources", violation));
    }
    let problems = linter.build().validate_model();
    let (control_findings, control_skipped) =
        controls::lint_frameworks(template, resources, options.controls_as_errors, others);
    linter.findings.extend(control_findings);
    for (index, skipped) in control_skipped {
        if let Some((_, resource)) = resources.iter().nth(index) {
            linter.list_skipped(index, resource, skipped);
        }
    }
    let stack_sets = linter.read_stack_sets();
    let policies = linter.read_backup_policies();
    linter.lint_policies(&policies);
    linter.lint_stack_sets(&stack_sets);
    linter.lint_org_consistency(&stack_sets, &policies);
    linter.check_schemas();
    linter.finish(problems)
}

/// JSON pointer of `key` below `base` (RFC 6901 escaping).
fn child(base: &str, key: impl std::fmt::Display) -> String {
    use std::fmt::Write;
    /// Writes through to a pointer, escaping `~` and `/` (one allocation per pointer).
    struct Escaped<'s>(&'s mut String);
    impl Write for Escaped<'_> {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            for c in text.chars() {
                match c {
                    '~' => self.0.push_str("~0"),
                    '/' => self.0.push_str("~1"),
                    c => self.0.push(c),
                }
            }
            Ok(())
        }
    }
    let mut pointer = String::with_capacity(base.len() + 24);
    pointer.push_str(base);
    pointer.push('/');
    let _ = write!(Escaped(&mut pointer), "{key}");
    pointer
}

/// Whether the rule book already reports the problem a schema finding at `pointer` is about:
/// a finding at the same pointer, or, for an item of a list, at the list (for example
/// `restore-testing-recovery-point-types` on a list whose item is outside the schema's enum).
fn covered_by_rule_book(pointer: &str, ruled: &HashSet<String>) -> bool {
    if ruled.contains(pointer) {
        return true;
    }
    match pointer.rsplit_once('/') {
        Some((list, index)) if index.parse::<usize>().is_ok() => ruled.contains(list),
        _ => false,
    }
}

/// Document order of JSON pointers into a template, for sorting findings: the index of each
/// step (key of an object, element of an array) from `/Resources` down to the deepest value
/// that exists. Pointers outside the AWS Backup resources sort first (an empty key). Each
/// pointer costs its length (objects of many keys are indexed once), whatever the template's
/// size.
struct DocumentOrder<'t> {
    /// Objects of more than [`Self::SCAN_LIMIT`] keys, by address: key → index.
    large: HashMap<usize, HashMap<&'t str, usize>>,
}

impl<'t> DocumentOrder<'t> {
    /// Objects up to this many keys are scanned instead of indexed.
    const SCAN_LIMIT: usize = 32;

    fn new() -> Self {
        Self {
            large: HashMap::new(),
        }
    }

    /// The index of `key` in `map` and its value.
    fn step(&mut self, map: &'t Map<String, Value>, key: &str) -> Option<(usize, &'t Value)> {
        if map.len() <= Self::SCAN_LIMIT {
            return map
                .iter()
                .enumerate()
                .find(|(_, (k, _))| *k == key)
                .map(|(i, (_, v))| (i, v));
        }
        let index = self
            .large
            .entry(map as *const Map<String, Value> as usize)
            .or_insert_with(|| {
                map.keys()
                    .enumerate()
                    .map(|(i, k)| (k.as_str(), i))
                    .collect()
            });
        let position = *index.get(key)?;
        Some((position, map.get(key)?))
    }

    fn key(&mut self, resources: &'t Map<String, Value>, pointer: &str) -> Vec<usize> {
        let mut steps = pointer.split('/').skip(1).map(unescape);
        let mut order = Vec::new();
        if steps.next().as_deref() != Some("Resources") {
            return order;
        }
        let Some((index, resource)) = steps.next().and_then(|id| self.step(resources, &id)) else {
            return order;
        };
        let is_backup = resource
            .get("Type")
            .and_then(Value::as_str)
            .is_some_and(|kind| BACKUP_TYPES.contains(&kind) || crate::cfn::schema(kind).is_some());
        if !is_backup {
            return order;
        }
        order.push(index);
        let mut value = resource;
        for step in steps {
            let found = match value {
                Value::Object(map) => self.step(map, &step),
                Value::Array(items) => item_at(items, &step),
                _ => None,
            };
            let Some((index, next)) = found else {
                break;
            };
            order.push(index);
            value = next;
        }
        order
    }
}

/// The position of `pointer` (`/Resources/<id>/…`) inside `resource`: the index of each
/// step's key or item, as deep as the value exists (for ordering one resource's values).
fn position_in(resource: &Value, pointer: &str) -> Vec<usize> {
    let mut value = resource;
    let mut position = Vec::new();
    for step in pointer.split('/').skip(3).map(unescape) {
        let found = match value {
            Value::Object(map) => map
                .iter()
                .enumerate()
                .find(|(_, (k, _))| k.as_str() == step.as_ref())
                .map(|(i, (_, v))| (i, v)),
            Value::Array(items) => item_at(items, &step),
            _ => None,
        };
        let Some((index, next)) = found else {
            break;
        };
        position.push(index);
        value = next;
    }
    position
}

/// The item a pointer step names in a list (`0`, `12`; RFC 6901 takes no leading zero).
fn item_at<'v>(items: &'v [Value], step: &str) -> Option<(usize, &'v Value)> {
    let index = step
        .parse::<usize>()
        .ok()
        .filter(|i| i.to_string() == step)?;
    Some((index, items.get(index)?))
}

/// One step of a JSON pointer, unescaped (RFC 6901).
fn unescape(step: &str) -> std::borrow::Cow<'_, str> {
    if step.contains('~') {
        step.replace("~1", "/").replace("~0", "~").into()
    } else {
        step.into()
    }
}

/// What a `Lifecycle` holds, as far as the model takes it.
#[derive(Default)]
struct Lifecycle {
    /// `DeleteAfterDays`.
    delete: Option<i64>,
    /// `MoveToColdStorageAfterDays`.
    cold: Option<i64>,
    /// `OptInToArchiveForSupportedResources`.
    opt_in: Option<bool>,
}

/// A stand-in for a value that is unknown or absent: the rule book skips it.
fn placeholder() -> CfnValue {
    CfnValue::raw(json!({ "Ref": "UnknownBeforeDeployment" }))
}

/// A construct id for a logical id: the id itself when CloudFormation would accept it.
fn construct_id(logical: &str, index: usize) -> String {
    if !logical.is_empty() && logical.chars().all(|c| c.is_ascii_alphanumeric()) {
        logical.to_string()
    } else {
        format!("Invalid-{index}")
    }
}

struct Linter<'t> {
    resources: &'t Map<String, Value>,
    /// Model field paths and the JSON pointers they came from.
    paths: PathIndex<String>,
    /// Model paths of names the template leaves to deploy time (or omits): the model falls
    /// back to a generated name there, which the template does not use.
    unknown_names: BTreeSet<String>,
    findings: Vec<Finding>,
    /// Intrinsics met, each with the index of its resource in the template.
    skipped: Vec<(usize, Skipped)>,
    /// Logical id → construct id, for the resources of each type read.
    plans: HashMap<&'t str, String>,
    vaults: HashMap<&'t str, String>,
    air_gapped: HashMap<&'t str, String>,
    /// Findings of the generated schema checks ([`crate::cfn::check_resource`]): reported
    /// only where the rule book found nothing at the same pointer (its words are more precise).
    schema_findings: Vec<Finding>,
    /// Reads each resource into its generated struct ([`crate::cfn`]), recording the
    /// intrinsics (placeholders for the rule book) and unreadable values at their pointers.
    reader: Reader,
}

impl<'t> Linter<'t> {
    fn new(resources: &'t Map<String, Value>) -> Self {
        Self {
            resources,
            paths: PathIndex::default(),
            unknown_names: BTreeSet::new(),
            findings: Vec::new(),
            skipped: Vec::new(),
            plans: HashMap::new(),
            vaults: HashMap::new(),
            air_gapped: HashMap::new(),
            schema_findings: Vec::new(),
            reader: Reader::default(),
        }
    }

    /// Runs the generated schema checks on every resource of a generated type.
    fn check_schemas(&mut self) {
        for (logical, resource) in self.resources {
            let base = child("/Resources", logical);
            for (pointer, violation) in crate::cfn::check_resource(resource, &base) {
                self.schema_findings.push(Finding::new(pointer, violation));
            }
        }
    }

    fn map(&mut self, path: impl Into<String>, pointer: impl Into<String>) {
        self.paths.insert(path, pointer.into());
    }

    /// The pointer of the longest recorded path that `path` starts with.
    fn pointer(&self, path: &str) -> String {
        self.paths
            .find(path)
            .cloned()
            .unwrap_or_else(|| "/Resources".to_string())
    }

    fn check(&mut self, pointer: &str, result: Result<(), Violation>) {
        if let Err(violation) = result {
            self.findings.push(Finding::new(pointer, violation));
        }
    }

    fn type_error(&mut self, pointer: &str, property: &str, found: &Value, expected: &str) {
        let found = serde_json::to_string(found).unwrap_or_default();
        let violation = rules::property_type(property, &found, expected);
        self.findings.push(Finding::new(pointer, violation));
    }

    fn property_name(pointer: &str) -> &str {
        pointer.rsplit('/').next().unwrap_or(pointer)
    }

    /// Builds the stack: vaults first (rules refer to them), then plans, then selections.
    fn build(&mut self) -> Stack {
        let mut typed: Vec<(usize, &'t str, &'t str, &'t Value)> = Vec::new();
        for (index, (logical, resource)) in self.resources.iter().enumerate() {
            let Some(kind) = resource.get("Type").and_then(Value::as_str) else {
                continue;
            };
            if BACKUP_TYPES.contains(&kind) {
                typed.push((index, logical.as_str(), kind, resource));
                let id = construct_id(logical, index);
                match kind {
                    "AWS::Backup::BackupPlan" => self.plans.insert(logical, id),
                    "AWS::Backup::BackupVault" => self.vaults.insert(logical, id),
                    "AWS::Backup::LogicallyAirGappedBackupVault" => {
                        self.air_gapped.insert(logical, id)
                    }
                    _ => None,
                };
            }
        }
        // Sized up front: on a template of thousands of resources, vectors grown by doubling
        // hold up to twice the model they carry (issue 10: memory bounded by the input).
        let count = |kinds: &[&str]| typed.iter().filter(|t| kinds.contains(&t.2)).count();
        let mut vaults = Vec::with_capacity(count(&[
            "AWS::Backup::BackupVault",
            "AWS::Backup::LogicallyAirGappedBackupVault",
        ]));
        let mut plans: Vec<(&str, BackupPlan)> =
            Vec::with_capacity(count(&["AWS::Backup::BackupPlan"]));
        let mut selections = Vec::with_capacity(count(&["AWS::Backup::BackupSelection"]));
        let mut restore_plans: Vec<(&str, crate::RestoreTestingPlan)> =
            Vec::with_capacity(count(&["AWS::Backup::RestoreTestingPlan"]));
        let mut restore_selections =
            Vec::with_capacity(count(&["AWS::Backup::RestoreTestingSelection"]));
        let mut others = Vec::new();
        for &(index, logical, kind, resource) in &typed {
            let id = construct_id(logical, index);
            let base = child("/Resources", logical);
            match kind {
                "AWS::Backup::BackupVault" => {
                    vaults.push(StackItem::from(self.vault(&id, &base, resource)));
                }
                "AWS::Backup::BackupPlan" => plans.push((logical, self.plan(&id, &base, resource))),
                "AWS::Backup::BackupSelection" => selections.push((index, id, base, resource)),
                "AWS::Backup::LogicallyAirGappedBackupVault" => {
                    vaults.push(StackItem::from(self.air_gapped(&id, &base, resource)));
                }
                "AWS::Backup::RestoreTestingPlan" => {
                    restore_plans.push((logical, self.restore_testing_plan(&id, &base, resource)));
                }
                "AWS::Backup::TieringConfiguration" => {
                    others.push(StackItem::from(self.tiering(&id, &base, resource)));
                }
                "AWS::Backup::LegalHold" => {
                    others.push(StackItem::from(self.legal_hold(&id, &base, resource)));
                }
                _ => restore_selections.push((index, id, base, resource)),
            }
            self.flush_skipped(index, resource);
        }
        let mut loose_restore_selections = Vec::new();
        for (index, id, base, resource) in restore_selections {
            let (selection, plan) =
                self.restore_testing_selection(&id, &base, resource, &restore_plans);
            self.flush_skipped(index, resource);
            match plan {
                Some(index) => {
                    let plan = &mut restore_plans[index].1;
                    self.rebase(
                        &format!("restore_testing_selections[{id}]"),
                        &format!("restore_testing_plans[{}].selections[{id}]", plan.id()),
                    );
                    plan.add_selection(selection);
                }
                None => loose_restore_selections.push(selection),
            }
        }
        let mut loose = Vec::new();
        for (index, id, base, resource) in selections {
            let (selection, plan) = self.selection(&id, &base, resource, &plans);
            self.flush_skipped(index, resource);
            match plan {
                Some(index) => {
                    let plan_id = plans[index].1.id().to_string();
                    self.rebase(
                        &format!("selections[{id}]"),
                        &format!("plans[{plan_id}].selections[{id}]"),
                    );
                    plans[index].1.add_selection(selection);
                }
                None => loose.push(selection),
            }
        }
        let mut stack = Stack::new("Stack");
        stack.reserve(
            vaults.len()
                + restore_plans.len()
                + loose_restore_selections.len()
                + plans.len()
                + loose.len()
                + others.len(),
        );
        // Vaults of both kinds in template order: of two with one name, the later is reported.
        for vault in vaults {
            stack.add(vault);
        }
        for (_, plan) in restore_plans {
            stack.add(plan);
        }
        for selection in loose_restore_selections {
            stack.add(selection);
        }
        for (_, plan) in plans {
            stack.add(plan);
        }
        for selection in loose {
            stack.add(StackItem::Selection(selection));
        }
        for item in others {
            stack.add(item);
        }
        stack
    }

    /// Moves the paths recorded under `from` to `to` (a selection attached to its plan).
    fn rebase(&mut self, from: &str, to: &str) {
        self.paths.rebase(from, to);
        let moved: Vec<String> = self
            .unknown_names
            .range::<str, _>((Bound::Included(from), Bound::Unbounded))
            .take_while(|path| path.starts_with(from))
            .filter(|path| rebased(path, from, "").is_some())
            .cloned()
            .collect();
        for path in moved {
            self.unknown_names.remove(&path);
            self.unknown_names
                .insert(rebased(&path, from, to).unwrap_or(path));
        }
    }

    /// Reads a resource's `Properties` into the generated struct `T` (the reader records the
    /// intrinsics and the values it cannot read, at their pointers); `None` when absent or
    /// unreadable.
    fn properties<T: FromCfn>(&mut self, resource: &Value, base: &str) -> Option<T> {
        let value = resource.get("Properties")?;
        self.reader.at(&child(base, "Properties"));
        T::read(value, &mut self.reader)
    }

    /// Whether the value at `pointer` is present but could not be read (of another kind, or an
    /// intrinsic where an object or a list is expected): the model gets a placeholder there.
    fn unread(&self, pointer: &str) -> bool {
        self.reader.unread(pointer)
    }

    /// Whether the value at `pointer` is an intrinsic (read as a placeholder).
    fn left_to_deploy(&self, pointer: &str) -> bool {
        self.reader.skipped().iter().any(|(at, _)| at == pointer)
    }

    /// Marks the intrinsic at `pointer` as resolved (a reference to a resource of the
    /// template, which the cross-resource rules check): it is not listed as skipped.
    fn resolved(&mut self, pointer: &str) {
        self.reader.forget(pointer);
    }

    /// Moves the intrinsics the reader met in `resource` (the `index`th of the template) to
    /// [`LintReport::skipped`], in the resource's order (the reader meets properties in the
    /// schema's order).
    fn flush_skipped(&mut self, index: usize, resource: &Value) {
        let skipped = self.reader.take_skipped();
        self.list_skipped(index, resource, skipped);
    }

    /// Lists the intrinsics `skipped` (pointer, function) met in `resource` (the `index`th of
    /// the template) in [`LintReport::skipped`], in the resource's order.
    fn list_skipped(&mut self, index: usize, resource: &Value, mut skipped: Vec<(String, String)>) {
        if skipped.len() > 1 {
            skipped.sort_by_cached_key(|(pointer, _)| position_in(resource, pointer));
        }
        for (pointer, function) in skipped {
            let reason = format!("`{function}` is resolved at deploy time");
            self.skipped.push((index, Skipped { pointer, reason }));
        }
    }

    /// A whole number of a `Number` property (`None` when absent or intrinsic; a fraction is a
    /// type error, as AWS takes whole days and minutes).
    fn whole(&mut self, value: Option<Cfn<Number>>, pointer: &str) -> Option<i64> {
        let Cfn::Value(number) = value? else {
            return None;
        };
        let whole = number.as_i64().or_else(|| {
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        });
        if whole.is_none() {
            let found = Value::Number(number);
            self.type_error(
                pointer,
                Self::property_name(pointer),
                &found,
                "a whole number",
            );
        }
        whole
    }

    /// Tag keys: 1 to 128 characters; values: at most 256 (row 46).
    fn tag_map(&mut self, tags: Option<CfnMap<CfnValue>>, pointer: &str) {
        for (key, value) in tags.map(|t| t.0).unwrap_or_default() {
            let at = child(pointer, &key);
            self.check(&at, rules::check_tag_key(&key));
            if let Some(value) = value.as_literal() {
                self.check(&at, rules::check_tag_value(&key, value));
            }
        }
    }

    /// `AWS::Backup::BackupVault`.
    fn vault(&mut self, id: &str, base: &str, resource: &Value) -> BackupVault {
        let path = format!("vaults[{id}]");
        self.map(&path, base);
        let mut vault = BackupVault::new(id);
        let properties_at = child(base, "Properties");
        if let Some(properties) = self.properties::<CfnBackupVault>(resource, base) {
            let field = |key: &str| child(&properties_at, key);
            if let Some(name) = properties.backup_vault_name {
                self.map(format!("{path}.name"), field("BackupVaultName"));
                vault = vault.name(name);
            }
            if let Some(key) = properties.encryption_key_arn {
                self.map(format!("{path}.encryption_key"), field("EncryptionKeyArn"));
                vault = vault.encryption_key(key);
            }
            if let Some(notifications) = properties.notifications {
                let (topic, events) = self.notifications(
                    notifications.sns_topic_arn,
                    notifications.backup_vault_events,
                    &field("Notifications"),
                    &format!("{path}.notification_topic"),
                    &format!("{path}.notification_events"),
                );
                vault = vault.notification_topic(topic).notification_events(events);
            }
            if let Some(lock) = properties.lock_configuration {
                if let Some(config) = self.lock(&path, &field("LockConfiguration"), lock) {
                    vault = vault.lock_configuration(config);
                }
            }
            self.tag_map(properties.backup_vault_tags, &field("BackupVaultTags"));
        }
        if self.snapshot_policies(resource, base, &path, rules::check_vault_removal_snapshot) {
            vault = vault.removal_policy(RemovalPolicy::Snapshot);
        }
        vault
    }

    /// A vault's `Snapshot` removal policies: `DeletionPolicy` goes into the model (mapped to
    /// `<path>.removal_policy`, returns `true`); `UpdateReplacePolicy` is checked with `rule`.
    fn snapshot_policies(
        &mut self,
        resource: &Value,
        base: &str,
        path: &str,
        rule: fn(bool) -> Result<(), Violation>,
    ) -> bool {
        let snapshot = |key: &str| resource.get(key).and_then(Value::as_str) == Some("Snapshot");
        if snapshot("UpdateReplacePolicy") {
            self.check(&child(base, "UpdateReplacePolicy"), rule(true));
        }
        if !snapshot("DeletionPolicy") {
            return false;
        }
        self.map(
            format!("{path}.removal_policy"),
            child(base, "DeletionPolicy"),
        );
        true
    }

    /// The lock for the model when its minimum is known; otherwise the rule book checks the
    /// other values directly.
    fn lock(
        &mut self,
        path: &str,
        at: &str,
        lock: LockConfigurationType,
    ) -> Option<LockConfiguration> {
        let field = |key: &str| child(at, key);
        let known = |value: Option<Cfn<i64>>| match value {
            Some(Cfn::Value(days)) => Some(days),
            _ => None,
        };
        let min = known(lock.min_retention_days);
        let max = known(lock.max_retention_days);
        let changeable = known(lock.changeable_for_days);
        let lock_path = format!("{path}.lock_configuration");
        self.map(&lock_path, at);
        self.map(
            format!("{lock_path}.min_retention"),
            field("MinRetentionDays"),
        );
        self.map(
            format!("{lock_path}.max_retention"),
            field("MaxRetentionDays"),
        );
        self.map(
            format!("{lock_path}.changeable_for"),
            field("ChangeableForDays"),
        );
        let Some(min) = min else {
            for (key, violation) in rules::check_vault_lock_known(None, max, changeable) {
                let property = match key {
                    "max_retention" => "MaxRetentionDays",
                    "changeable_for" => "ChangeableForDays",
                    _ => "MinRetentionDays",
                };
                self.findings.push(Finding::new(field(property), violation));
            }
            return None;
        };
        let mut config = LockConfiguration::new(Duration::days(min));
        if let Some(max) = max {
            config = config.max_retention(Duration::days(max));
        }
        if let Some(changeable) = changeable {
            config = config.changeable_for(Duration::days(changeable));
        }
        Some(config)
    }

    /// `AWS::Backup::BackupPlan`.
    fn plan(&mut self, id: &str, base: &str, resource: &Value) -> BackupPlan {
        let path = format!("plans[{id}]");
        self.map(&path, base);
        let mut plan = BackupPlan::new(id);
        let properties_at = child(base, "Properties");
        let Some(properties) = self.properties::<CfnBackupPlan>(resource, base) else {
            self.unknown_names.insert(format!("{path}.name"));
            return plan;
        };
        self.tag_map(
            properties.backup_plan_tags,
            &child(&properties_at, "BackupPlanTags"),
        );
        let plan_at = child(&properties_at, "BackupPlan");
        let Some(body) = properties.backup_plan else {
            self.unknown_names.insert(format!("{path}.name"));
            if self.left_to_deploy(&plan_at) {
                plan = plan.rule(self.placeholder_rule(&path, 0));
            }
            return plan;
        };
        let name_at = child(&plan_at, "BackupPlanName");
        match body
            .backup_plan_name
            .as_ref()
            .and_then(CfnValue::as_literal)
        {
            Some("") => {
                self.check(&name_at, rules::check_plan_name(""));
                self.unknown_names.insert(format!("{path}.name"));
            }
            Some(name) => {
                self.map(format!("{path}.name"), &name_at);
                plan = plan.name(name);
            }
            None => {
                self.unknown_names.insert(format!("{path}.name"));
            }
        }
        let rules_at = child(&plan_at, "BackupPlanRule");
        self.map(format!("{path}.rules"), &rules_at);
        match body.backup_plan_rule {
            Some(list) => {
                for (index, rule) in self.reader.slots(&rules_at, list) {
                    let at = child(&rules_at, index);
                    let rule_path = format!("{path}.rules[{index}]");
                    let model = match rule {
                        Some(rule) => self.rule(&rule_path, &at, rule),
                        None => self.placeholder_rule(&path, index),
                    };
                    plan = plan.rule(model);
                }
            }
            None if self.unread(&rules_at) => plan = plan.rule(self.placeholder_rule(&path, 0)),
            None => {}
        }
        self.plan_features(
            &path,
            &plan_at,
            body.scan_settings,
            body.advanced_backup_settings,
            plan,
        )
    }

    /// A rule standing for one the template gives as an intrinsic: no checks apply to it.
    fn placeholder_rule(&mut self, plan_path: &str, index: usize) -> BackupPlanRule {
        self.unknown_names
            .insert(format!("{plan_path}.rules[{index}].name"));
        BackupPlanRule::new().vault(VaultRef::Name(placeholder()))
    }

    /// A rule of a plan.
    fn rule(&mut self, path: &str, at: &str, rule: BackupRuleResourceType) -> BackupPlanRule {
        self.map(path, at);
        let field = |key: &str| child(at, key);
        let literal =
            |value: Option<CfnValue>| value.and_then(|v| v.as_literal().map(String::from));
        let mut model = BackupPlanRule::new();
        match literal(rule.rule_name) {
            Some(name) => {
                self.map(format!("{path}.name"), field("RuleName"));
                model = model.name(name);
            }
            None => {
                self.unknown_names.insert(format!("{path}.name"));
            }
        }
        if let Some(expression) = literal(rule.schedule_expression) {
            self.map(format!("{path}.schedule"), field("ScheduleExpression"));
            model = model.schedule(expression);
        }
        if let Some(zone) = literal(rule.schedule_expression_timezone) {
            self.map(
                format!("{path}.schedule_timezone"),
                field("ScheduleExpressionTimezone"),
            );
            model = model.schedule_timezone(zone);
        }
        let start_at = field("StartWindowMinutes");
        if let Some(minutes) = self.whole(rule.start_window_minutes, &start_at) {
            self.map(format!("{path}.start_window"), start_at);
            model = model.start_window(Duration::minutes(minutes));
        }
        let completion_at = field("CompletionWindowMinutes");
        if let Some(minutes) = self.whole(rule.completion_window_minutes, &completion_at) {
            self.map(format!("{path}.completion_window"), completion_at);
            model = model.completion_window(Duration::minutes(minutes));
        }
        if let Some(Cfn::Value(enable)) = rule.enable_continuous_backup {
            self.map(
                format!("{path}.enable_continuous_backup"),
                field("EnableContinuousBackup"),
            );
            model = model.enable_continuous_backup(enable);
        }
        let lifecycle = self.lifecycle(path, &field("Lifecycle"), rule.lifecycle);
        if let Some(days) = lifecycle.delete {
            model = model.delete_after(Duration::days(days));
        }
        if let Some(days) = lifecycle.cold {
            model = model.move_to_cold_storage_after(Duration::days(days));
        }
        if let Some(opt_in) = lifecycle.opt_in {
            model = model.opt_in_to_archive(opt_in);
        }
        self.tag_map(rule.recovery_point_tags, &field("RecoveryPointTags"));
        model = self.index_actions(path, &field("IndexActions"), rule.index_actions, model);
        let vault_at = field("TargetBackupVault");
        self.map(format!("{path}.vault"), &vault_at);
        model = model.vault(self.target_vault(rule.target_backup_vault, &vault_at));
        let air_gapped_at = field("TargetLogicallyAirGappedBackupVaultArn");
        let air_gapped = rule.target_logically_air_gapped_backup_vault_arn;
        if air_gapped.is_some() || self.unread(&air_gapped_at) {
            self.map(format!("{path}.logically_air_gapped_vault"), &air_gapped_at);
            model = model.logically_air_gapped_vault(self.vault_arn(air_gapped, &air_gapped_at));
        }
        let copies_at = field("CopyActions");
        for (index, copy) in self
            .reader
            .slots(&copies_at, rule.copy_actions.unwrap_or_default())
        {
            let copy_path = format!("{path}.copy_actions[{index}]");
            let copy_at = child(&copies_at, index);
            let copy = match copy {
                Some(copy) => self.copy(&copy_path, &copy_at, copy),
                None => BackupPlanCopyAction::new(VaultRef::Name(placeholder())),
            };
            model = model.copy_action(copy);
        }
        self.rule_features(path, at, rule.scan_actions, model)
    }

    /// `DeleteAfterDays`, `MoveToColdStorageAfterDays` and
    /// `OptInToArchiveForSupportedResources` of a `Lifecycle`, paths recorded.
    fn lifecycle(
        &mut self,
        path: &str,
        at: &str,
        lifecycle: Option<LifecycleResourceType>,
    ) -> Lifecycle {
        let Some(lifecycle) = lifecycle else {
            return Lifecycle::default();
        };
        let delete_at = child(at, "DeleteAfterDays");
        let cold_at = child(at, "MoveToColdStorageAfterDays");
        self.map(format!("{path}.delete_after"), &delete_at);
        self.map(format!("{path}.move_to_cold_storage_after"), &cold_at);
        let opt_in = match lifecycle.opt_in_to_archive_for_supported_resources {
            Some(Cfn::Value(opt_in)) => {
                let opt_in_at = child(at, "OptInToArchiveForSupportedResources");
                self.map(format!("{path}.opt_in_to_archive"), opt_in_at);
                Some(opt_in)
            }
            _ => None,
        };
        Lifecycle {
            delete: self.whole(lifecycle.delete_after_days, &delete_at),
            cold: self.whole(lifecycle.move_to_cold_storage_after_days, &cold_at),
            opt_in,
        }
    }

    /// A rule's `IndexActions`: into the model when every resource type is a literal.
    fn index_actions(
        &mut self,
        path: &str,
        at: &str,
        actions: Option<Vec<IndexActionsResourceType>>,
        mut model: BackupPlanRule,
    ) -> BackupPlanRule {
        let Some(actions) = actions else {
            return model;
        };
        let mut read = Vec::new();
        for (index, action) in self.reader.slots(at, actions) {
            let types_at = child(&child(at, index), "ResourceTypes");
            let Some(types) = action.and_then(|a| a.resource_types) else {
                return model;
            };
            let mut names = Vec::new();
            for (_, name) in self.reader.slots(&types_at, types) {
                match name.as_ref().and_then(CfnValue::as_literal) {
                    Some(name) => names.push(IndexActionResourceType::from_name(name)),
                    None => return model,
                }
            }
            read.push(names);
        }
        self.map(format!("{path}.index_actions"), at);
        for types in read {
            model = model.index_action(types);
        }
        model
    }

    /// `TargetBackupVault`: a vault of the template (`Ref`, or `Fn::GetAtt` of its
    /// `BackupVaultName`), or an existing vault by name.
    fn target_vault(&mut self, value: Option<CfnValue>, at: &str) -> VaultRef {
        let Some(value) = value else {
            return VaultRef::Name(placeholder());
        };
        if let Some(vault) = self.vault_in_template(&value.as_json(), true) {
            self.resolved(at);
            return vault;
        }
        match value.as_literal() {
            // The model checks the name (AWS-managed `aws/…` vaults are AWS's own).
            Some(name) => VaultRef::from_name(name),
            None => VaultRef::Name(value),
        }
    }

    /// A copy action of a rule.
    fn copy(&mut self, path: &str, at: &str, copy: CopyActionResourceType) -> BackupPlanCopyAction {
        self.map(path, at);
        let destination_at = child(at, "DestinationBackupVaultArn");
        self.map(format!("{path}.destination"), &destination_at);
        let destination = self.vault_arn(copy.destination_backup_vault_arn, &destination_at);
        let mut model = BackupPlanCopyAction::new(destination);
        let lifecycle = self.lifecycle(path, &child(at, "Lifecycle"), copy.lifecycle);
        model.delete_after = lifecycle.delete.map(Duration::days);
        model.move_to_cold_storage_after = lifecycle.cold.map(Duration::days);
        model.opt_in_to_archive = lifecycle.opt_in;
        model
    }

    /// `AWS::Backup::BackupSelection`, and, when its `BackupPlanId` names a plan of the
    /// template, that plan's index in `plans`.
    fn selection(
        &mut self,
        id: &str,
        base: &str,
        resource: &Value,
        plans: &[(&str, BackupPlan)],
    ) -> (BackupSelection, Option<usize>) {
        let path = format!("selections[{id}]");
        self.map(&path, base);
        let mut selection = BackupSelection::new(id).role_arn(placeholder());
        let properties_at = child(base, "Properties");
        self.map(format!("{path}.plan"), &properties_at);
        let Some(properties) = self.properties::<CfnBackupSelection>(resource, base) else {
            self.unknown_names.insert(format!("{path}.name"));
            selection = selection.resource(BackupResource::arn(placeholder()));
            if resource.get("Properties").is_some() {
                selection = selection.plan(BackupPlan::from_id(placeholder()));
            }
            return (selection, None);
        };
        let plan_at = child(&properties_at, "BackupPlanId");
        let mut in_template = None;
        if let Some(value) = properties.backup_plan_id {
            self.map(format!("{path}.plan"), &plan_at);
            let json = value.as_json();
            let named = resolve(&json, Some(self.resources));
            let named = named
                .resource(None)
                .or_else(|| named.resource(Some("BackupPlanId")));
            in_template = named.and_then(|logical| plans.iter().position(|(l, _)| *l == logical));
            match in_template {
                Some(_) => self.resolved(&plan_at),
                None => selection = selection.plan(BackupPlan::from_id(value)),
            }
        } else if self.unread(&plan_at) {
            self.map(format!("{path}.plan"), &plan_at);
        }
        let body_at = child(&properties_at, "BackupSelection");
        let Some(body) = properties.backup_selection else {
            self.unknown_names.insert(format!("{path}.name"));
            return (
                selection.resource(BackupResource::arn(placeholder())),
                in_template,
            );
        };
        self.map(format!("{path}.resources"), &body_at);
        let name_at = child(&body_at, "SelectionName");
        match body.selection_name.as_ref().and_then(CfnValue::as_literal) {
            Some("") => {
                self.check(&name_at, rules::check_selection_name(""));
                self.unknown_names.insert(format!("{path}.name"));
            }
            Some(name) => {
                self.map(format!("{path}.name"), &name_at);
                selection = selection.name(name);
            }
            None => {
                self.unknown_names.insert(format!("{path}.name"));
            }
        }
        if let Some(role) = body.iam_role_arn {
            self.map(format!("{path}.role"), child(&body_at, "IamRoleArn"));
            selection = selection.role_arn(role);
        }
        let mut count = 0;
        let resources_at = child(&body_at, "Resources");
        match body.resources {
            Some(list) => {
                for (index, arn) in self.reader.slots(&resources_at, list) {
                    let at = child(&resources_at, index);
                    self.map(format!("{path}.resources[{count}]"), &at);
                    let arn = arn.unwrap_or_else(placeholder);
                    selection = selection.resource(BackupResource::arn(arn));
                    count += 1;
                }
            }
            None if self.unread(&resources_at) => {
                selection = selection.resource(BackupResource::arn(placeholder()));
                count += 1;
            }
            None => {}
        }
        let tags_at = child(&body_at, "ListOfTags");
        match body.list_of_tags {
            Some(list) => {
                for (index, condition) in self.reader.slots(&tags_at, list) {
                    let at = child(&tags_at, index);
                    self.map(format!("{path}.resources[{count}]"), &at);
                    let kind = condition.and_then(|c| c.condition_type);
                    if let Some(kind) = kind.as_ref().and_then(CfnValue::as_literal) {
                        let type_at = child(&at, "ConditionType");
                        self.check(&type_at, rules::check_tag_condition_type(kind));
                    }
                    // The operation was checked above; the model only counts the condition.
                    selection = selection.resource(BackupResource::tag("key", "value"));
                    count += 1;
                }
            }
            None if self.unread(&tags_at) => {
                selection = selection.resource(BackupResource::tag("key", "value"));
            }
            None => {}
        }
        (selection, in_template)
    }

    /// Maps the model's problems to pointers, adds the direct findings, orders them by
    /// resource (template order).
    fn finish(mut self, problems: Vec<crate::Problem>) -> LintReport {
        self.findings.reserve(problems.len());
        for problem in problems {
            let rule = problem.violation.rule;
            if NOT_APPLICABLE.contains(&rule) {
                continue;
            }
            if problem.path == "resources" {
                continue;
            }
            if self.unknown_names.contains(&problem.path) {
                continue;
            }
            if let Some((pointer, related)) = self.retention_pointer(rule, &problem.path) {
                let mut finding = Finding::new(pointer, problem.violation);
                finding.related = related;
                self.findings.push(finding);
                continue;
            }
            let pointer = self.pointer(&problem.path);
            self.findings.push(Finding::new(pointer, problem.violation));
        }
        let ruled: HashSet<String> = self.findings.iter().map(|f| f.pointer.clone()).collect();
        let schema_findings = std::mem::take(&mut self.schema_findings);
        self.findings.extend(
            schema_findings
                .into_iter()
                .filter(|f| !covered_by_rule_book(&f.pointer, &ruled)),
        );
        let mut seen = HashSet::new();
        self.findings
            .retain(|f| seen.insert((f.pointer.clone(), f.rule, f.message.clone())));
        let mut order = DocumentOrder::new();
        let mut keyed: Vec<(Vec<usize>, Finding)> = std::mem::take(&mut self.findings)
            .into_iter()
            .map(|f| (order.key(self.resources, &f.pointer), f))
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        self.findings = keyed.into_iter().map(|(_, f)| f).collect();
        // In template order too: by resource, each resource's already in its order.
        self.skipped.sort_by_key(|(index, _)| *index);
        LintReport {
            findings: self.findings,
            skipped: self.skipped.into_iter().map(|(_, s)| s).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The findings, without the vault advisories of issue 6 (tested on their own below).
    fn found(template: &Value) -> Vec<(&'static str, String)> {
        let mut report = lint_template(template);
        report.allow(&["vault-without-customer-key", "vault-event-deprecated"]);
        report
            .findings
            .into_iter()
            .map(|f| (f.rule, f.pointer))
            .collect()
    }

    fn plan(rules: Value) -> Value {
        json!({"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
            "BackupPlanName": "p", "BackupPlanRule": rules}}})
    }

    const RULE0: &str = "/Resources/Plan/Properties/BackupPlan/BackupPlanRule/0";

    #[test]
    fn retention_is_checked_against_the_lock_of_a_vault_in_the_template() {
        let template = json!({"Resources": {
            "Locked": {"Type": "AWS::Backup::BackupVault", "Properties": {
                "BackupVaultName": "locked",
                "LockConfiguration": {"MinRetentionDays": 7, "MaxRetentionDays": 30}}},
            "Plan": plan(json!([{
                "RuleName": "r", "TargetBackupVault": {"Ref": "Locked"},
                "Lifecycle": {"DeleteAfterDays": 35},
                "CopyActions": [{
                    "DestinationBackupVaultArn": {"Fn::GetAtt": ["Locked", "BackupVaultArn"]},
                    "Lifecycle": {"DeleteAfterDays": 5}}]
            }, {
                "RuleName": "fits", "TargetBackupVault": {"Fn::GetAtt": "Locked.BackupVaultName"},
                "Lifecycle": {"DeleteAfterDays": 30}
            }]))
        }});
        assert_eq!(
            found(&template),
            [
                (
                    "retention-outside-vault-lock",
                    format!("{RULE0}/Lifecycle/DeleteAfterDays")
                ),
                (
                    "retention-outside-vault-lock",
                    format!("{RULE0}/CopyActions/0/Lifecycle/DeleteAfterDays")
                ),
            ]
        );
        let report = lint_template(&template);
        // The help asks to change `DeleteAfterDays`; the vault is named beside it.
        for finding in report
            .findings
            .iter()
            .filter(|f| f.rule == "retention-outside-vault-lock")
        {
            assert_eq!(finding.related, ["/Resources/Locked"], "{finding:?}");
        }
        let message = &report
            .findings
            .iter()
            .find(|f| f.rule == "retention-outside-vault-lock")
            .expect("the lock finding")
            .message;
        assert_eq!(
            message,
            "recovery points are kept 35 days but the target vault's lock requires 7 to 30 days; AWS Backup fails such jobs"
        );
    }

    /// An item that cannot be read keeps its place: the findings of the next items point at
    /// their own index, and references to vaults of the template are not listed as skipped.
    #[test]
    fn unreadable_items_keep_the_positions_of_the_others() {
        let template = json!({"Resources": {
            "Locked": {"Type": "AWS::Backup::BackupVault", "Properties": {
                "BackupVaultName": "locked",
                "LockConfiguration": {"MinRetentionDays": 7, "MaxRetentionDays": 30}}},
            "Plan": plan(json!([{
                "RuleName": "r", "TargetBackupVault": {"Ref": "Locked"},
                "Lifecycle": {"DeleteAfterDays": 20},
                "CopyActions": ["not a copy", {
                    "DestinationBackupVaultArn": {"Fn::GetAtt": ["Locked", "BackupVaultArn"]},
                    "Lifecycle": {"DeleteAfterDays": 5}}]
            }]))
        }});
        let found = found(&template);
        assert!(
            found.contains(&(
                "retention-outside-vault-lock",
                format!("{RULE0}/CopyActions/1/Lifecycle/DeleteAfterDays")
            )),
            "{found:?}"
        );
        assert!(found.contains(&("property-type", format!("{RULE0}/CopyActions/0"))));
        assert_eq!(lint_template(&template).skipped, []);
    }

    /// A fraction of a day is not a whole number: a type error, as before the typed reader.
    #[test]
    fn fractional_days_are_type_errors() {
        let template = json!({"Resources": {"Plan": plan(json!([{
            "RuleName": "r", "TargetBackupVault": "Default",
            "Lifecycle": {"DeleteAfterDays": 1.5}
        }]))}});
        assert_eq!(
            found(&template),
            [(
                "property-type",
                format!("{RULE0}/Lifecycle/DeleteAfterDays")
            )]
        );
    }

    #[test]
    fn numeric_strings_are_numbers_and_intrinsics_are_skipped() {
        let template = json!({"Resources": {"Plan": plan(json!([{
            "RuleName": {"Fn::Sub": "${AWS::StackName}-rule-with-a-name-far-longer-than-fifty-characters"},
            "TargetBackupVault": {"Ref": "VaultParameter"},
            "ScheduleExpression": {"Ref": "Schedule"},
            "StartWindowMinutes": "30",
            "Lifecycle": {"DeleteAfterDays": {"Ref": "Days"}, "MoveToColdStorageAfterDays": "30"}
        }]))}});
        let report = lint_template(&template);
        assert_eq!(
            found(&template),
            [("start-window-range", format!("{RULE0}/StartWindowMinutes"))]
        );
        let skipped: Vec<&str> = report.skipped.iter().map(|s| s.pointer.as_str()).collect();
        assert_eq!(
            skipped,
            // In template order.
            [
                format!("{RULE0}/RuleName"),
                format!("{RULE0}/TargetBackupVault"),
                format!("{RULE0}/ScheduleExpression"),
                format!("{RULE0}/Lifecycle/DeleteAfterDays"),
            ]
        );
        assert_eq!(
            report.skipped[0].reason,
            "`Fn::Sub` is resolved at deploy time"
        );
    }

    #[test]
    fn names_left_to_deploy_time_are_not_replaced_by_generated_ones() {
        let long_id = format!("Selection{}", "X".repeat(60));
        let template = json!({"Resources": {
            "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
                "BackupPlanName": {"Ref": "Name"},
                "BackupPlanRule": [{"TargetBackupVault": "Default"}]}}},
            long_id.clone(): {"Type": "AWS::Backup::BackupSelection", "Properties": {
                "BackupPlanId": {"Ref": "Plan"},
                "BackupSelection": {"SelectionName": {"Ref": "Name"}, "IamRoleArn": "arn:aws:iam::123456789012:role/backup", "Resources": ["*"]}}}
        }});
        // No `rule-name` finding about the name the model falls back to; the schema requires
        // `RuleName`, though (cfn-lint E3003).
        assert_eq!(
            found(&template),
            [(
                "cfn-required",
                "/Resources/Plan/Properties/BackupPlan/BackupPlanRule/0/RuleName".to_string()
            )]
        );
    }

    #[test]
    fn empty_names_and_duplicates_are_reported() {
        let template = json!({"Resources": {
            "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
                "BackupPlanName": "",
                "BackupPlanRule": [{"RuleName": "", "TargetBackupVault": "Default"}]}}},
            "Sel": {"Type": "AWS::Backup::BackupSelection", "Properties": {
                "BackupPlanId": {"Fn::GetAtt": ["Plan", "BackupPlanId"]},
                "BackupSelection": {"SelectionName": "", "IamRoleArn": "arn:aws:iam::123456789012:role/backup", "ListOfTags": [
                    {"ConditionType": "STRINGEQUALS", "ConditionKey": "k", "ConditionValue": "v"}]}}},
            "V1": {"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": "same"}},
            "V2": {"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": "same"}}
        }});
        assert_eq!(
            found(&template),
            [
                (
                    "plan-name",
                    "/Resources/Plan/Properties/BackupPlan/BackupPlanName".to_string()
                ),
                ("rule-name", format!("{RULE0}/RuleName")),
                (
                    "selection-name",
                    "/Resources/Sel/Properties/BackupSelection/SelectionName".to_string()
                ),
                (
                    "vault-name-unique",
                    "/Resources/V2/Properties/BackupVaultName".to_string()
                ),
            ]
        );
    }

    #[test]
    fn selections_count_towards_their_plan() {
        let mut resources = Map::new();
        resources.insert(
            "Plan".into(),
            plan(json!([{"RuleName": "r", "TargetBackupVault": "Default"}])),
        );
        for index in 0..101 {
            resources.insert(
                format!("Sel{index}"),
                json!({"Type": "AWS::Backup::BackupSelection", "Properties": {
                    "BackupPlanId": {"Ref": "Plan"},
                    "BackupSelection": {"SelectionName": format!("s{index}"), "IamRoleArn": "arn:aws:iam::123456789012:role/backup", "Resources": ["*"]}}}),
            );
        }
        let template = json!({ "Resources": resources });
        assert_eq!(
            found(&template),
            [("plan-selection-count", "/Resources/Plan".to_string())]
        );
    }

    #[test]
    fn wrong_types_and_non_templates_do_not_panic() {
        assert_eq!(
            found(&json!({})),
            [("stack-resource-count", "/Resources".to_string())]
        );
        assert_eq!(
            found(&json!({"Resources": []})),
            [("property-type", "/Resources".to_string())]
        );
        let template = json!({"Resources": {"Plan": plan(json!("daily")), "V": {
            "Type": "AWS::Backup::BackupVault", "Properties": {"LockConfiguration": []}}}});
        assert_eq!(
            found(&template),
            [
                (
                    "property-type",
                    "/Resources/Plan/Properties/BackupPlan/BackupPlanRule".to_string()
                ),
                (
                    "cfn-required",
                    "/Resources/V/Properties/BackupVaultName".to_string()
                ),
                (
                    "property-type",
                    "/Resources/V/Properties/LockConfiguration".to_string()
                ),
            ]
        );
    }

    /// The vault as the template writes it: its key and notifications reach the model, so
    /// synthesis and lint report the same advisories (issue 11).
    #[test]
    fn vault_keys_and_notifications_reach_the_model() {
        let vault = |properties: Value| json!({"Type": "AWS::Backup::BackupVault", "Properties": properties});
        let template = json!({"Resources": {
            "Key": {"Type": "AWS::KMS::Key", "Properties": {}},
            "Literal": vault(json!({"BackupVaultName": "literal",
                "EncryptionKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"})),
            "GetAtt": vault(json!({"BackupVaultName": "getatt",
                "EncryptionKeyArn": {"Fn::GetAtt": ["Key", "Arn"]},
                "Notifications": {"SNSTopicArn": {"Ref": "Topic"},
                    "BackupVaultEvents": ["BACKUP_JOB_COMPLETED", "BACKUP_JOB_FAILED", "BACKUP_JOB_DONE"]}})),
            "Plain": vault(json!({"BackupVaultName": "plain"}))
        }});
        let report = lint_template(&template);
        let found: Vec<(&str, &str)> = report
            .findings
            .iter()
            .map(|f| (f.rule, f.pointer.as_str()))
            .collect();
        let events = "/Resources/GetAtt/Properties/Notifications/BackupVaultEvents";
        assert_eq!(
            found,
            [
                ("vault-event-deprecated", format!("{events}/1").as_str()),
                ("vault-event-name", format!("{events}/2").as_str()),
                ("vault-without-customer-key", "/Resources/Plain"),
            ]
        );
        let deprecated = &report.findings[0];
        let expected = rules::check_vault_event("BACKUP_JOB_FAILED").unwrap_err();
        assert_eq!(
            (deprecated.message.as_str(), deprecated.severity),
            (expected.message.as_str(), Severity::Warning)
        );
        assert_eq!(report.findings[1].severity, Severity::Error);
    }

    /// `${…}` outside `Fn::Sub` is sent to AWS as written: the error says so.
    #[test]
    fn placeholders_outside_fn_sub_are_named() {
        let template = json!({"Resources": {"Plan": plan(json!([{
            "RuleName": "r", "TargetBackupVault": "Default",
            "CopyActions": [{"DestinationBackupVaultArn":
                "arn:aws:backup:ap-northeast-3:${AWS::AccountId}:backup-vault:Osaka"}]
        }]))}});
        let report = lint_template(&template);
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
        assert_eq!(report.findings[0].rule, "vault-arn");
        assert!(report.findings[0].message.contains("only inside `Fn::Sub`"));
    }

    #[test]
    fn rule_ids_and_words_are_the_rule_books() {
        let template = json!({"Resources": {"Plan": plan(json!([{
            "RuleName": "r", "TargetBackupVault": "Default", "ScheduleExpression": "cron(0/10 * ? * * *)"
        }]))}});
        let finding = &lint_template(&template).findings[0];
        let expected = rules::check_schedule("cron(0/10 * ? * * *)").unwrap_err();
        assert_eq!(finding.rule, expected.rule);
        assert_eq!(finding.message, expected.message);
        assert_eq!(finding.help, expected.help);
        assert_eq!(finding.note, expected.note);
    }

    /// JSON values biased towards the shapes of Backup templates.
    fn json_value() -> impl Strategy<Value = Value> {
        let key = prop_oneof![
            Just("Resources".to_string()),
            Just("Type".to_string()),
            Just("Properties".to_string()),
            Just("BackupPlan".to_string()),
            Just("BackupPlanRule".to_string()),
            Just("BackupSelection".to_string()),
            Just("BackupPlanId".to_string()),
            Just("Lifecycle".to_string()),
            Just("DeleteAfterDays".to_string()),
            Just("MoveToColdStorageAfterDays".to_string()),
            Just("LockConfiguration".to_string()),
            Just("MinRetentionDays".to_string()),
            Just("TargetBackupVault".to_string()),
            Just("CopyActions".to_string()),
            Just("ListOfTags".to_string()),
            Just("Ref".to_string()),
            Just("Fn::GetAtt".to_string()),
            Just("MaxRetentionDays".to_string()),
            Just("TargetLogicallyAirGappedBackupVaultArn".to_string()),
            Just("RecoveryPointSelection".to_string()),
            Just("IncludeVaults".to_string()),
            Just("RecoveryPointTypes".to_string()),
            Just("RestoreTestingPlanName".to_string()),
            Just("ProtectedResourceArns".to_string()),
            Just("ProtectedResourceConditions".to_string()),
            Just("StringEquals".to_string()),
            "[A-Za-z~/]{0,6}",
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            prop_oneof![
                Just("AWS::Backup::BackupPlan".to_string()),
                Just("AWS::Backup::BackupSelection".to_string()),
                Just("AWS::Backup::BackupVault".to_string()),
                Just("AWS::Backup::LogicallyAirGappedBackupVault".to_string()),
                Just("AWS::Backup::RestoreTestingPlan".to_string()),
                Just("AWS::Backup::RestoreTestingSelection".to_string()),
                Just("Snapshot".to_string()),
                Just("cron(0 5 ? * * *)".to_string()),
                "-?[0-9]{1,20}",
                ".{0,12}",
            ]
            .prop_map(Value::String),
        ];
        leaf.prop_recursive(6, 96, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

        /// No JSON value panics the linter, and every finding has a pointer into the template.
        #[test]
        fn arbitrary_json_never_panics(value in json_value(), wrap in any::<bool>()) {
            let template = if wrap { json!({ "Resources": { "R": value } }) } else { value };
            let report = lint_template(&template);
            for finding in &report.findings {
                prop_assert!(finding.pointer.starts_with("/Resources"));
                prop_assert!(!finding.message.is_empty());
            }
        }
    }
}

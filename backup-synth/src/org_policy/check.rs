//! The rule book over a backup policy document given as JSON (a standalone file, the `Content`
//! of an `AWS::Organizations::Policy`, or an effective policy): the document's shape and
//! operators, then every plan's rules, the single-account ones called unchanged. Each finding
//! is placed at the JSON pointer of the offending node inside the document
//! (`/plans/<Plan>/rules/<Rule>/schedule_expression/@@assign`).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::shape::{Shape, DOCUMENT};
use crate::problem::Violation;
use crate::rules;

/// Which document is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    /// A policy as attached: every value under an operator; a plan may leave keys to another
    /// policy (a missing required key is a warning).
    Attached,
    /// An effective policy (values bare, as `DescribeEffectivePolicy` shows them): every plan
    /// must be complete (a missing required key is an error).
    Effective,
}

/// One broken rule at a JSON pointer inside the policy document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyFinding {
    /// JSON pointer inside the document (`/plans/P/rules/R/schedule_expression/@@assign`).
    pub pointer: String,
    /// What was broken.
    pub violation: Violation,
}

/// JSON pointer of `key` below `base` (RFC 6901 escaping).
pub(crate) fn child(base: &str, key: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + key.len() + 1);
    pointer.push_str(base);
    pointer.push('/');
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
    pointer
}

/// Checks a backup policy document: size, shape and operators (attached policies), and every
/// plan's rules. Never panics, whatever the value.
///
/// ```
/// use backup_dsl::org_policy::{check_policy, PolicyKind};
/// let policy = serde_json::json!({"plans": {"P": {
///     "regions": {"@@assign": ["eu-west-1"]},
///     "rules": {"R": {
///         "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
///         "target_backup_vault_name": {"@@append": "Default"},
///     }},
///     "selections": {"tags": {"S": {
///         "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/Backup"},
///         "tag_key": {"@@assign": "backup"},
///         "tag_value": {"@@assign": ["daily"]},
///     }}},
/// }}});
/// let findings = check_policy(&policy, PolicyKind::Attached);
/// assert_eq!(findings[0].violation.rule, "orgpolicy-operator");
/// assert_eq!(findings[0].pointer, "/plans/P/rules/R/target_backup_vault_name/@@append");
/// ```
pub fn check_policy(document: &Value, kind: PolicyKind) -> Vec<PolicyFinding> {
    let mut checker = Checker {
        kind,
        findings: Vec::new(),
    };
    if !document.is_object() {
        checker.push(
            "",
            rules::policy_type_error("the backup policy", json_kind(document), "an object"),
        );
        return checker.findings;
    }
    if kind == PolicyKind::Attached {
        checker.shape(document, "", "the backup policy", &DOCUMENT);
        let size = document.to_string().chars().count();
        if let Err(violation) = rules::check_policy_size(size) {
            checker.push("/plans", violation);
        }
    }
    if let Some(Value::Object(plans)) = document.get("plans") {
        for (name, plan) in plans.iter().filter(|(k, _)| !k.starts_with("@@")) {
            if plan.is_object() {
                checker.plan(name, plan, &child("/plans", name));
            }
        }
    }
    checker.findings
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A value of a leaf: its pointer (with the operator's key for an attached policy) and value.
struct Field<'v> {
    pointer: String,
    value: &'v Value,
}

impl<'v> Field<'v> {
    /// A scalar written as a string, a number or a boolean.
    fn text(&self) -> Option<String> {
        match self.value {
            Value::String(text) => Some(text.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    fn list(&self) -> Vec<(String, &'v str)> {
        match self.value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    Some((child(&self.pointer, &i.to_string()), item.as_str()?))
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The value set at `key` of `node`: under `@@assign` (or `@@append`, whose list is checked
/// too) in an attached policy, bare in an effective one.
fn field<'v>(node: &'v Value, pointer: &str, key: &str) -> Option<Field<'v>> {
    let value = node.get(key)?;
    let at = child(pointer, key);
    if let Value::Object(map) = value {
        for operator in rules::VALUE_OPERATORS {
            if let Some(inner) = map.get(operator) {
                if operator == "@@remove" {
                    return None;
                }
                return Some(Field {
                    pointer: child(&at, operator),
                    value: inner,
                });
            }
        }
        return None;
    }
    Some(Field { pointer: at, value })
}

/// The author's ids of a block (`rules`, `copy_actions`, …), child controls left out.
fn ids<'v>(node: &'v Value, key: &str) -> Vec<(&'v String, &'v Value)> {
    match node.get(key) {
        Some(Value::Object(map)) => map
            .iter()
            .filter(|(k, v)| !k.starts_with("@@") && v.is_object())
            .collect(),
        _ => Vec::new(),
    }
}

fn number(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}

struct Checker {
    kind: PolicyKind,
    findings: Vec<PolicyFinding>,
}

impl Checker {
    fn push(&mut self, pointer: &str, violation: Violation) {
        self.findings.push(PolicyFinding {
            pointer: pointer.to_string(),
            violation,
        });
    }

    fn check(&mut self, pointer: &str, result: Result<(), Violation>) {
        if let Err(violation) = result {
            self.push(pointer, violation);
        }
    }

    // ---- shape and operators (attached policies) ----

    fn shape(&mut self, value: &Value, pointer: &str, key: &str, shape: &Shape) {
        match shape {
            Shape::Object(level, fields) => {
                let Some(map) = self.object(value, pointer, key) else {
                    return;
                };
                let allowed: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
                for (name, inner) in map {
                    let at = child(pointer, name);
                    if self.control(name, inner, &at, key, false) {
                        continue;
                    }
                    match fields.iter().find(|(k, _)| k == name) {
                        Some((_, shape)) => self.shape(inner, &at, name, shape),
                        None => self.check(&at, rules::check_policy_key(level, name, &allowed)),
                    }
                }
            }
            Shape::Ids(block, shape) => {
                let Some(map) = self.object(value, pointer, key) else {
                    return;
                };
                let mut seen: HashMap<String, &str> = HashMap::new();
                for (name, inner) in map {
                    let at = child(pointer, name);
                    if self.control(name, inner, &at, key, false) {
                        continue;
                    }
                    if let Some(block) = block {
                        let earlier = seen.insert(name.to_lowercase(), name);
                        self.check(&at, rules::check_policy_id_case(block, name, earlier));
                    }
                    self.shape(inner, &at, name, shape);
                }
            }
            Shape::Text | Shape::List => {
                self.leaf(value, pointer, key, matches!(shape, Shape::List))
            }
        }
    }

    fn object<'v>(
        &mut self,
        value: &'v Value,
        pointer: &str,
        key: &str,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.push(
                    pointer,
                    rules::policy_type_error(key, json_kind(other), "an object"),
                );
                None
            }
        }
    }

    /// Handles an operator key of an object; `true` when `name` was one.
    fn control(&mut self, name: &str, value: &Value, at: &str, key: &str, is_list: bool) -> bool {
        if name == rules::CHILD_CONTROL_KEY {
            match value
                .as_array()
                .map(|items| items.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
            {
                Some(Some(values)) => self.check(at, rules::check_child_controls(&values)),
                _ => self.push(
                    at,
                    rules::policy_type_error(
                        name,
                        json_kind(value),
                        "a list of operators, e.g. `[\"@@none\"]`",
                    ),
                ),
            }
            return true;
        }
        if name.starts_with("@@") {
            // `@@assign` on an object replaces the whole object: accepted; the rest apply to lists.
            if name != "@@assign" {
                self.check(at, rules::check_value_operator(key, name, is_list));
            }
            return true;
        }
        false
    }

    fn leaf(&mut self, value: &Value, pointer: &str, key: &str, is_list: bool) {
        let Value::Object(map) = value else {
            self.check(pointer, rules::check_leaf_under_operator(key, false));
            return;
        };
        let mut operators = 0;
        for (name, inner) in map {
            let at = child(pointer, name);
            if name == rules::CHILD_CONTROL_KEY {
                self.control(name, inner, &at, key, is_list);
                continue;
            }
            operators += 1;
            if let Err(violation) = rules::check_value_operator(key, name, is_list) {
                self.push(&at, violation);
                continue;
            }
            self.leaf_value(inner, &at, key, is_list);
        }
        if operators == 0 {
            self.check(pointer, rules::check_leaf_under_operator(key, false));
        }
    }

    fn leaf_value(&mut self, value: &Value, at: &str, key: &str, is_list: bool) {
        let scalar = |v: &Value| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_));
        if is_list {
            match value {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if !item.is_string() {
                            let at = child(at, &i.to_string());
                            self.push(
                                &at,
                                rules::policy_type_error(key, json_kind(item), "a list of strings"),
                            );
                        }
                    }
                }
                other => self.push(
                    at,
                    rules::policy_type_error(key, json_kind(other), "a list of strings"),
                ),
            }
        } else if !scalar(value) {
            self.push(
                at,
                rules::policy_type_error(key, json_kind(value), "a string"),
            );
        }
    }

    // ---- the rules of each plan ----

    fn required(&mut self, owner: &str, node: &Value, pointer: &str, key: &str) -> bool {
        let present = node.get(key).is_some();
        self.check(
            pointer,
            rules::check_policy_required(owner, key, present, self.kind == PolicyKind::Effective),
        );
        present
    }

    fn plan(&mut self, name: &str, plan: &Value, pointer: &str) {
        self.check(pointer, rules::check_plan_name(name));
        let owner = format!("plan `{name}`");
        for key in ["rules", "regions", "selections"] {
            self.required(&owner, plan, pointer, key);
        }
        let rules_at = child(pointer, "rules");
        let mut scanned = None;
        for (rule_name, rule) in ids(plan, "rules") {
            let at = child(&rules_at, rule_name);
            if self.rule(rule_name, rule, &at) {
                scanned.get_or_insert(child(&at, "scan_actions"));
            }
        }
        self.scan_settings(plan, pointer, scanned);
        self.selections(plan, pointer);
        self.advanced_settings(plan, pointer);
        for (id, tag) in ids(plan, "backup_plan_tags") {
            self.tag(tag, &child(&child(pointer, "backup_plan_tags"), id));
        }
    }

    /// Checks a rule; `true` when it has scan actions.
    fn rule(&mut self, name: &str, rule: &Value, pointer: &str) -> bool {
        self.check(pointer, rules::check_rule_name(name));
        let owner = format!("rule `{name}`");
        if self.required(&owner, rule, pointer, "schedule_expression") {
            if let Some(f) = field(rule, pointer, "schedule_expression") {
                if let Some(expression) = f.text() {
                    self.check(&f.pointer, rules::check_schedule(&expression));
                }
            }
        }
        if self.required(&owner, rule, pointer, "target_backup_vault_name") {
            if let Some((at, name)) = self.text(rule, pointer, "target_backup_vault_name") {
                if !name.starts_with("aws/") {
                    self.check(&at, rules::check_vault_name(&name));
                }
            }
        }
        if let Some((at, arn)) = self.text(
            rule,
            pointer,
            "target_logically_air_gapped_backup_vault_arn",
        ) {
            self.check(&at, rules::check_policy_air_gapped_arn(&arn));
        }
        if let Some((at, minutes)) = self.number(rule, pointer, "start_backup_window_minutes") {
            self.check(&at, rules::check_start_window(minutes));
        }
        if let Some((at, minutes)) = self.number(rule, pointer, "complete_backup_window_minutes") {
            self.check(&at, rules::check_completion_window(minutes));
        }
        let continuous = self
            .text(rule, pointer, "enable_continuous_backup")
            .is_some_and(|(_, v)| v.eq_ignore_ascii_case("true"));
        if let Some(lifecycle) = rule.get("lifecycle").filter(|l| l.is_object()) {
            self.lifecycle(lifecycle, &child(pointer, "lifecycle"), continuous);
        }
        let copies_at = child(pointer, "copy_actions");
        for (key, copy) in ids(rule, "copy_actions") {
            self.copy_action(key, copy, &child(&copies_at, key));
        }
        for (id, tag) in ids(rule, "recovery_point_tags") {
            self.tag(tag, &child(&child(pointer, "recovery_point_tags"), id));
        }
        if let Some(index) = rule.get("index_actions") {
            if let Some(f) = field(index, &child(pointer, "index_actions"), "resource_types") {
                for (at, kind) in f.list() {
                    self.check(&at, rules::check_index_actions(&[vec![kind]]));
                }
            }
        }
        let scan_at = child(&child(pointer, "scan_actions"), "GUARDDUTY");
        match rule.get("scan_actions").and_then(|s| s.get("GUARDDUTY")) {
            Some(scan) => {
                if let Some((at, mode)) = self.text(scan, &scan_at, "scan_mode") {
                    self.check(
                        &at,
                        rules::check_policy_choice(
                            "scan_mode",
                            &mode,
                            &["FULL_SCAN", "INCREMENTAL_SCAN"],
                        ),
                    );
                }
                true
            }
            None => false,
        }
    }

    fn text(&mut self, node: &Value, pointer: &str, key: &str) -> Option<(String, String)> {
        let f = field(node, pointer, key)?;
        let text = f.text()?;
        Some((f.pointer, text))
    }

    fn number(&mut self, node: &Value, pointer: &str, key: &str) -> Option<(String, i64)> {
        let (at, text) = self.text(node, pointer, key)?;
        match number(&text) {
            Some(n) => Some((at, n)),
            None => {
                self.push(
                    &at,
                    rules::policy_type_error(
                        key,
                        &format!("`{text}`"),
                        "a whole number written as a string, e.g. `\"60\"`",
                    ),
                );
                None
            }
        }
    }

    /// The rule book's lifecycle rules, as the builder runs them (`rule.rs`).
    fn lifecycle(&mut self, lifecycle: &Value, pointer: &str, continuous: bool) {
        let delete = self.number(lifecycle, pointer, "delete_after_days");
        let cold = self.number(lifecycle, pointer, "move_to_cold_storage_after_days");
        if continuous {
            if let Some((at, _)) = &cold {
                self.check(at, rules::check_continuous_cold_storage(true, true));
            }
            if let Some((at, days)) = &delete {
                self.check(at, rules::check_continuous_retention(*days));
            }
        } else {
            if let Some((at, days)) = &delete {
                self.check(at, rules::check_delete_after(*days));
            }
            if let (Some((at, delete)), Some((_, cold))) = (&delete, &cold) {
                self.check(at, rules::check_cold_storage_gap(*delete, *cold));
            }
        }
        if let Some((at, opt_in)) = self.text(
            lifecycle,
            pointer,
            "opt_in_to_archive_for_supported_resources",
        ) {
            self.check(
                &at,
                rules::check_archive_opt_in(opt_in.eq_ignore_ascii_case("true"), cold.is_some()),
            );
        }
    }

    fn copy_action(&mut self, key: &str, copy: &Value, pointer: &str) {
        let target = self.text(copy, pointer, "target_backup_vault_arn");
        let at = target
            .as_ref()
            .map_or(pointer, |(at, _)| at.as_str())
            .to_string();
        // A policy attached below another may change only an inherited copy's lifecycle: the
        // parent supplies the ARN, so a missing one is decided in the effective policy.
        if target.is_some() || self.kind == PolicyKind::Effective {
            self.check(
                &at,
                rules::check_copy_key(key, target.as_ref().map(|(_, t)| t.as_str())),
            );
        }
        let arn = target.as_ref().map_or(key, |(_, t)| t.as_str());
        self.check(&at, rules::check_policy_copy_arn(arn));
        if let Some(lifecycle) = copy.get("lifecycle").filter(|l| l.is_object()) {
            self.lifecycle(lifecycle, &child(pointer, "lifecycle"), false);
        }
    }

    fn tag(&mut self, tag: &Value, pointer: &str) {
        let key = self.text(tag, pointer, "tag_key");
        if let Some((at, key)) = &key {
            self.check(at, rules::check_tag_key(key));
        }
        if let Some((at, value)) = self.text(tag, pointer, "tag_value") {
            let key = key.as_ref().map_or("", |(_, k)| k.as_str());
            self.check(&at, rules::check_tag_value(key, &value));
        }
    }

    fn scan_settings(&mut self, plan: &Value, pointer: &str, scanned: Option<String>) {
        let at = child(&child(pointer, "scan_settings"), "GUARDDUTY");
        let settings = plan.get("scan_settings").and_then(|s| s.get("GUARDDUTY"));
        if let Some(settings) = settings {
            if let Some(f) = field(settings, &at, "resource_types") {
                let types: Vec<&str> = f.list().into_iter().map(|(_, t)| t).collect();
                self.check(&f.pointer, rules::check_scan_resource_types(&types));
            }
            if let Some((role_at, role)) = self.text(settings, &at, "scanner_role_arn") {
                self.check(&role_at, rules::check_policy_role_arn(&role));
            }
        }
        let has_actions = scanned.is_some();
        let place = scanned.unwrap_or(at);
        self.check(
            &place,
            rules::check_policy_scan(has_actions, settings.is_some()),
        );
    }

    fn selections(&mut self, plan: &Value, pointer: &str) {
        let Some(selections) = plan.get("selections") else {
            return;
        };
        let at = child(pointer, "selections");
        for (name, selection) in ids(selections, "tags") {
            let here = child(&child(&at, "tags"), name);
            self.selection(name, selection, &here, &["tag_key", "tag_value"]);
            let key = self.text(selection, &here, "tag_key");
            if let Some((key_at, key)) = &key {
                self.check(key_at, rules::check_tag_key(key));
            }
            if let Some(f) = field(selection, &here, "tag_value") {
                let key = key.as_ref().map_or("", |(_, k)| k.as_str());
                for (value_at, value) in f.list() {
                    self.check(&value_at, rules::check_tag_value(key, value));
                }
            }
        }
        for (name, selection) in ids(selections, "resources") {
            let here = child(&child(&at, "resources"), name);
            self.selection(name, selection, &here, &["resource_types"]);
            for key in ["resource_types", "not_resource_types"] {
                if let Some(f) = field(selection, &here, key) {
                    for (item_at, arn) in f.list() {
                        self.check(&item_at, rules::check_policy_resource(arn));
                    }
                }
            }
        }
    }

    fn selection(&mut self, name: &str, selection: &Value, pointer: &str, required: &[&str]) {
        self.check(pointer, rules::check_selection_name(name));
        let owner = format!("selection `{name}`");
        for key in std::iter::once(&"iam_role_arn").chain(required) {
            self.required(&owner, selection, pointer, key);
        }
        if let Some((at, role)) = self.text(selection, pointer, "iam_role_arn") {
            self.check(&at, rules::check_policy_role_arn(&role));
        }
        let Some(conditions) = selection.get("conditions").filter(|c| c.is_object()) else {
            return;
        };
        let at = child(pointer, "conditions");
        let mut count = 0;
        for operator in rules::POLICY_CONDITION_OPERATORS {
            for (id, condition) in ids(conditions, operator) {
                count += 1;
                let here = child(&child(&at, operator), id);
                if let Some((key_at, key)) = self.text(condition, &here, "condition_key") {
                    self.check(&key_at, rules::check_policy_condition_key(&key));
                }
            }
        }
        self.check(&at, rules::check_policy_condition_count(count));
    }

    fn advanced_settings(&mut self, plan: &Value, pointer: &str) {
        let Some(settings) = plan.get("advanced_backup_settings") else {
            return;
        };
        let at = child(pointer, "advanced_backup_settings");
        for (resource, keys) in [
            ("ec2", &["windows_vss"][..]),
            ("s3", &["backup_acls", "backup_object_tags"][..]),
        ] {
            let Some(node) = settings.get(resource) else {
                continue;
            };
            let here = child(&at, resource);
            for key in keys {
                if let Some((value_at, value)) = self.text(node, &here, key) {
                    self.check(
                        &value_at,
                        rules::check_policy_choice(key, &value, &["enabled", "disabled"]),
                    );
                }
            }
        }
    }
}

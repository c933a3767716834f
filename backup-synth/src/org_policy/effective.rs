//! Effective backup policies: the policies attached to the root, the OUs and an account,
//! merged from the root down with AWS Organizations' inheritance operators.
//!
//! # The attachment tree (JSON)
//!
//! ```json
//! {"root": {"id": "r-ab12", "policies": ["base.json"], "children": [
//!   {"id": "ou-ab12-prod0001", "name": "Prod",
//!    "policies": [{"name": "prod-monthly", "content": {"plans": {}}}],
//!    "children": [{"id": "111111111111", "name": "shop", "policies": []}]}
//! ]}}
//! ```
//!
//! Each node has an `id` (`r-…` for the root, `ou-…` for an OU, 12 digits for an account),
//! an optional `name`, its attached `policies` in order, and `children` (OUs and accounts; an
//! account has none). A policy is a file name (relative to the tree file; its name is the
//! file name) or an object with `name` and `content` (the policy document, as an object or a
//! JSON string).
//!
//! # Semantics (AWS Organizations "Inheritance operators", "Policy syntax and inheritance for
//! management policy types"; the backup policy examples)
//!
//! Levels are applied from the root to the account; the policies of one level in the order
//! listed. `@@assign` replaces a value (or adds it), `@@append` adds to a list, `@@remove`
//! removes from a list. `@@operators_allowed_for_child_policies` at a node restricts the
//! operators policies *below its level* may use on that node, and adding a key under it needs
//! `@@append` or `@@assign` to be allowed (example 4: `@@append` on `plans` lets child policies
//! add plans); the restriction is not inherited by the node's children (examples 3 and 4 repeat
//! it at every node); a restriction cannot be lifted below (the allowed sets intersect). A
//! blocked change is ignored and reported (`orgpolicy-inheritance`, a warning). The ids of
//! `rules`, `selections.tags`, `selections.resources`, `recovery_point_tags` and
//! `backup_plan_tags` are case-insensitive and shown lower-cased, as the documented effective
//! policies show them. The result holds bare values (as `DescribeEffectivePolicy` shows them);
//! [`check_policy`](super::check_policy) then checks it as an effective policy: an incomplete
//! plan is an error (`orgpolicy-shape`), and every plan gets the single-account rules.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::check::{check_policy, child, PolicyFinding, PolicyKind};
use super::shape::{Shape, DOCUMENT};
use crate::problem::Violation;
use crate::rules;

/// A root, OU or account of an attachment tree, with its policies and children.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgNode {
    /// `r-…`, `ou-…-…` or a 12-digit account id.
    pub id: String,
    /// A name for messages (optional in the file; the id otherwise).
    pub name: String,
    /// The policies attached here, in order.
    pub policies: Vec<AttachedPolicy>,
    /// The OUs and accounts below.
    pub children: Vec<OrgNode>,
}

/// A backup policy attached to a node.
#[derive(Clone, Debug, PartialEq)]
pub struct AttachedPolicy {
    /// The policy's name (its file name, or `name`).
    pub name: String,
    /// The policy document.
    pub document: Value,
}

/// The whole attachment tree.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgTree {
    /// The organization's root.
    pub root: OrgNode,
}

/// An account's effective policy and what computing it found.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectivePolicy {
    /// The merged document, values bare.
    pub document: Value,
    /// Blocked overrides (`orgpolicy-inheritance`), incomplete plans (`orgpolicy-shape`) and
    /// the single-account rules on each plan, at pointers into [`Self::document`].
    pub findings: Vec<PolicyFinding>,
}

/// Why a tree could not be read.
fn bad(message: impl Into<String>) -> String {
    message.into()
}

impl OrgTree {
    /// Reads a tree from its JSON; `load` reads a policy file named in it (the caller bounds
    /// and resolves the read). Every id is checked (`orgpolicy-target-id`), ids are unique,
    /// accounts have no children.
    ///
    /// ```
    /// use backup_dsl::org_policy::OrgTree;
    /// let tree = serde_json::json!({"root": {"id": "r-ab12", "policies": [], "children": [
    ///     {"id": "111111111111", "policies": [{"name": "p", "content": {"plans": {}}}]}]}});
    /// let tree = OrgTree::from_json(&tree, &mut |_| Err("no files".into())).unwrap();
    /// assert_eq!(tree.path_to("111111111111").unwrap().len(), 2);
    /// ```
    pub fn from_json(
        value: &Value,
        load: &mut dyn FnMut(&str) -> Result<Value, String>,
    ) -> Result<Self, String> {
        let root = value
            .get("root")
            .ok_or_else(|| bad("the attachment tree has no `root`: write `{\"root\": {\"id\": \"r-…\", \"policies\": [], \"children\": []}}`"))?;
        let mut seen = HashSet::new();
        let root = node(root, "/root", load, &mut seen)?;
        if !root.id.starts_with("r-") {
            return Err(bad(format!(
                "/root: the root's id is `{}`; a root id starts with `r-`",
                root.id
            )));
        }
        Ok(Self { root })
    }

    /// The nodes from the root down to `account`, or `None` when it is not in the tree.
    pub fn path_to(&self, account: &str) -> Option<Vec<&OrgNode>> {
        fn walk<'t>(node: &'t OrgNode, account: &str, path: &mut Vec<&'t OrgNode>) -> bool {
            path.push(node);
            if node.id == account {
                return true;
            }
            if node.children.iter().any(|c| walk(c, account, path)) {
                return true;
            }
            path.pop();
            false
        }
        let mut path = Vec::new();
        walk(&self.root, account, &mut path).then_some(path)
    }

    /// The effective policy of `account`: every policy from the root down, merged.
    ///
    /// ```
    /// use backup_dsl::org_policy::OrgTree;
    /// use serde_json::json;
    /// let parent = json!({"plans": {"P": {"regions": {"@@assign": ["us-east-1"]}}}});
    /// let child = json!({"plans": {"P": {"regions": {"@@append": ["eu-west-1"]}}}});
    /// let tree = json!({"root": {"id": "r-ab12", "policies": [{"name": "parent", "content": parent}],
    ///     "children": [{"id": "111111111111", "policies": [{"name": "child", "content": child}]}]}});
    /// let tree = OrgTree::from_json(&tree, &mut |_| Err("no files".into())).unwrap();
    /// let effective = tree.effective("111111111111").unwrap();
    /// assert_eq!(effective.document["plans"]["P"]["regions"], json!(["us-east-1", "eu-west-1"]));
    /// // The plan has no rules nor selections: incomplete.
    /// assert!(effective.findings.iter().any(|f| f.violation.rule == "orgpolicy-shape"));
    /// ```
    pub fn effective(&self, account: &str) -> Result<EffectivePolicy, String> {
        let path = self
            .path_to(account)
            .ok_or_else(|| bad(format!("account `{account}` is not in the attachment tree")))?;
        if path.last().is_some_and(|n| !n.children.is_empty())
            || !crate::rules::is_account_id(account)
        {
            return Err(bad(format!("`{account}` is not an account id (12 digits) of the tree; effective policies are computed for accounts")));
        }
        let mut merger = Merger::default();
        let mut document = Value::Object(Map::new());
        for node in path {
            let mut pending = Vec::new();
            for policy in &node.policies {
                let mut at = Site {
                    policy: &policy.name,
                    pending: &mut pending,
                };
                merger.apply(
                    &policy.document,
                    &mut document,
                    "",
                    "plans",
                    &DOCUMENT,
                    &mut at,
                );
            }
            merger.commit(pending);
        }
        let mut findings = merger.findings;
        findings.extend(check_policy(&document, PolicyKind::Effective));
        Ok(EffectivePolicy { document, findings })
    }
}

fn node(
    value: &Value,
    pointer: &str,
    load: &mut dyn FnMut(&str) -> Result<Value, String>,
    seen: &mut HashSet<String>,
) -> Result<OrgNode, String> {
    let id = value
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| bad(format!("{pointer}: a node needs an `id` (a string)")))?;
    rules::check_org_target(id)
        .map(drop)
        .map_err(|v| format!("{pointer}/id: {}; {}", v.message, v.help))?;
    if !seen.insert(id.to_string()) {
        return Err(bad(format!(
            "{pointer}/id: `{id}` appears twice in the tree"
        )));
    }
    let name = value
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(id)
        .to_string();
    let mut policies = Vec::new();
    for (index, entry) in list(value, "policies", pointer)?.iter().enumerate() {
        policies.push(policy(entry, &format!("{pointer}/policies/{index}"), load)?);
    }
    let mut children = Vec::new();
    for (index, entry) in list(value, "children", pointer)?.iter().enumerate() {
        children.push(node(
            entry,
            &format!("{pointer}/children/{index}"),
            load,
            seen,
        )?);
    }
    if crate::rules::is_account_id(id) && !children.is_empty() {
        return Err(bad(format!(
            "{pointer}/children: account `{id}` has children; only the root and OUs do"
        )));
    }
    Ok(OrgNode {
        id: id.to_string(),
        name,
        policies,
        children,
    })
}

fn list<'v>(value: &'v Value, key: &str, pointer: &str) -> Result<&'v [Value], String> {
    match value.get(key) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(bad(format!("{pointer}/{key}: a list is expected"))),
    }
}

fn policy(
    entry: &Value,
    pointer: &str,
    load: &mut dyn FnMut(&str) -> Result<Value, String>,
) -> Result<AttachedPolicy, String> {
    let (name, document) = match entry {
        Value::String(file) => (
            file.clone(),
            load(file).map_err(|e| format!("{pointer}: {e}"))?,
        ),
        Value::Object(map) => {
            let name = map
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("inline")
                .to_string();
            let content = map.get("content").ok_or_else(|| {
                bad(format!(
                    "{pointer}: an inline policy needs `content` (the policy document)"
                ))
            })?;
            let document = match content {
                Value::String(text) => serde_json::from_str(text)
                    .map_err(|e| format!("{pointer}/content: not JSON: {e}"))?,
                other => other.clone(),
            };
            (name, document)
        }
        _ => {
            return Err(bad(format!(
                "{pointer}: a policy is a file name or `{{\"name\": …, \"content\": …}}`"
            )))
        }
    };
    if !document.is_object() {
        return Err(bad(format!(
            "{pointer}: policy `{name}` is not a JSON object"
        )));
    }
    Ok(AttachedPolicy { name, document })
}

/// Where a policy is being applied: its name, and the child controls it sets (committed
/// after its level).
struct Site<'a> {
    policy: &'a str,
    pending: &'a mut Vec<(String, Vec<String>)>,
}

/// The merge state: the operators allowed at each node for the levels still to come.
#[derive(Default)]
struct Merger {
    allowed: HashMap<String, Vec<String>>,
    findings: Vec<PolicyFinding>,
}

/// Whether the ids of a block are case-insensitive (shown lower-cased).
fn lower_cased(block: &str) -> bool {
    matches!(
        block,
        "rules" | "tags" | "resources" | "recovery_point_tags" | "backup_plan_tags"
    )
}

impl Merger {
    fn commit(&mut self, pending: Vec<(String, Vec<String>)>) {
        for (pointer, values) in pending {
            let entry = self
                .allowed
                .entry(pointer)
                .or_insert_with(|| vec!["@@all".to_string()]);
            *entry = intersect(entry, &values);
        }
    }

    /// Whether `operator` may be used at `pointer`; a finding when not.
    fn permits(&mut self, pointer: &str, operator: &str, site: &Site<'_>) -> bool {
        let Some(allowed) = self.allowed.get(pointer) else {
            return true;
        };
        let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
        match rules::check_child_operator(site.policy, operator, &allowed) {
            Ok(()) => true,
            Err(violation) => {
                self.blocked(pointer, violation);
                false
            }
        }
    }

    fn blocked(&mut self, pointer: &str, violation: Violation) {
        self.findings.push(PolicyFinding {
            pointer: pointer.to_string(),
            violation,
        });
    }

    fn apply(
        &mut self,
        policy: &Value,
        target: &mut Value,
        pointer: &str,
        key: &str,
        shape: &Shape,
        site: &mut Site<'_>,
    ) {
        let Value::Object(map) = policy else {
            return;
        };
        if let Some(Value::Array(values)) = map.get(rules::CHILD_CONTROL_KEY) {
            let values = values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
            site.pending.push((pointer.to_string(), values));
        }
        match shape {
            Shape::Text | Shape::List => self.leaf(map, target, pointer, site),
            Shape::Object(_, fields) => {
                for (name, inner) in map.iter().filter(|(k, _)| !k.starts_with("@@")) {
                    if let Some((_, shape)) = fields.iter().find(|(k, _)| k == name) {
                        self.member(name, inner, target, pointer, shape, site);
                    }
                }
            }
            Shape::Ids(_, shape) => {
                for (name, inner) in map.iter().filter(|(k, _)| !k.starts_with("@@")) {
                    let name = if lower_cased(key) {
                        name.to_lowercase()
                    } else {
                        name.clone()
                    };
                    self.member(&name, inner, target, pointer, shape, site);
                }
            }
        }
    }

    /// Applies `policy` to the member `name` of `target` (adding it when allowed).
    fn member(
        &mut self,
        name: &str,
        policy: &Value,
        target: &mut Value,
        pointer: &str,
        shape: &Shape,
        site: &mut Site<'_>,
    ) {
        if !target.is_object() {
            *target = Value::Object(Map::new());
        }
        let Value::Object(members) = target else {
            return;
        };
        let at = child(pointer, name);
        if !members.contains_key(name) {
            let may_add = self.allowed.get(pointer).is_none_or(|allowed| {
                allowed
                    .iter()
                    .any(|a| matches!(a.as_str(), "@@all" | "@@append" | "@@assign"))
            });
            if !may_add {
                let allowed: Vec<&str> = self.allowed[pointer].iter().map(String::as_str).collect();
                if let Err(violation) =
                    rules::check_child_operator(site.policy, "@@append", &allowed)
                {
                    self.blocked(&at, violation);
                }
                return;
            }
            let empty = match shape {
                Shape::Text | Shape::List => Value::Null,
                _ => Value::Object(Map::new()),
            };
            members.insert(name.to_string(), empty);
        }
        if let Some(slot) = members.get_mut(name) {
            self.apply(policy, slot, &at, name, shape, site);
        }
        if members.get(name).is_some_and(Value::is_null) {
            members.remove(name);
        }
    }

    fn leaf(
        &mut self,
        map: &Map<String, Value>,
        target: &mut Value,
        pointer: &str,
        site: &Site<'_>,
    ) {
        for operator in rules::VALUE_OPERATORS {
            let Some(value) = map.get(operator) else {
                continue;
            };
            if !self.permits(pointer, operator, site) {
                continue;
            }
            match operator {
                "@@assign" => *target = value.clone(),
                "@@append" => {
                    let mut items = target.as_array().cloned().unwrap_or_default();
                    for item in value.as_array().into_iter().flatten() {
                        if !items.contains(item) {
                            items.push(item.clone());
                        }
                    }
                    *target = Value::Array(items);
                }
                _ => {
                    if let (Value::Array(items), Some(removed)) = (&mut *target, value.as_array()) {
                        items.retain(|item| !removed.contains(item));
                    }
                }
            }
        }
    }
}

/// The operators allowed by both lists (`@@all` allows every one, `@@none` none).
fn intersect(a: &[String], b: &[String]) -> Vec<String> {
    let expand = |list: &[String]| -> Vec<String> {
        if list.iter().any(|v| v == "@@all") {
            rules::VALUE_OPERATORS
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            list.iter().filter(|v| *v != "@@none").cloned().collect()
        }
    };
    let b = expand(b);
    let both: Vec<String> = expand(a).into_iter().filter(|v| b.contains(v)).collect();
    if both.is_empty() {
        vec!["@@none".to_string()]
    } else if both.len() == 3 {
        vec!["@@all".to_string()]
    } else {
        both
    }
}

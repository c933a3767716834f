//! References across the stacks of one [`crate::App`]: a vault of stack A used in stack B (a
//! copy destination, a rule's target, a restore testing vault, a grant) as
//! [`VaultRef::other_stack`].
//!
//! A stack renders such a reference as a placeholder that only the app resolves, as CDK does:
//!
//! - both stacks in one environment (the same account and Region, or both environment-agnostic):
//!   an `Export` on A (`ExportsOutputFnGetAtt<vault><attribute><hash>`, named
//!   `<A>:<that id>`) and `Fn::ImportValue` in B, with B depending on A in the manifest;
//! - A's account and Region known, B elsewhere: the vault's ARN (or name) from A's environment
//!   and the vault's deterministic name (CDK would need a physical name here; ours are
//!   generated deterministically), B still depending on A;
//! - otherwise an error naming what of A's environment is missing.
//!
//! App-wide rules: the retention of a rule or copy against the lock of the vault it writes to
//! in another stack (rules row 31), and vault names unique per account and Region across
//! stacks (`vault-name-unique`, row 14).

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};

use serde_json::{json, Map, Value};

use crate::ids::{logical_id, resource_logical_id};
use crate::problem::{Problems, Violation};
use crate::rules;
use crate::stack::{Stack, StackItem};
use crate::value::{CfnValue, Environment};
use crate::vault::{BackupVault, VaultRef};

/// The key of the placeholder object; never in a written template.
const PLACEHOLDER: &str = "BackupDsl::VaultOfStack";

thread_local! {
    /// How many placeholders this thread has made: rendering compares it before and after, so
    /// a template that holds none is known without reading it.
    static PLACEHOLDERS_MADE: Cell<u64> = const { Cell::new(0) };
}

/// The placeholder for `attribute` (`BackupVaultName` or `BackupVaultArn`) of vault `vault` of
/// stack `stack`.
pub(crate) fn placeholder(stack: &str, vault: &str, attribute: &str) -> Value {
    PLACEHOLDERS_MADE.set(PLACEHOLDERS_MADE.get() + 1);
    json!({ PLACEHOLDER: [stack, vault, attribute] })
}

/// Runs `render` and tells whether it made a placeholder (the only way one enters a
/// template: the model keeps references to other stacks as [`VaultRef::Stack`]).
pub(crate) fn rendering<T>(render: impl FnOnce() -> T) -> (T, bool) {
    let before = PLACEHOLDERS_MADE.get();
    let rendered = render();
    (rendered, PLACEHOLDERS_MADE.get() != before)
}

/// The `(stack, vault, attribute)` of a placeholder.
fn as_placeholder(value: &Value) -> Option<(&str, &str, &str)> {
    let Value::Object(map) = value else {
        return None;
    };
    if map.len() != 1 {
        return None;
    }
    match map.get(PLACEHOLDER)?.as_array()?.as_slice() {
        [Value::String(s), Value::String(v), Value::String(a)] => Some((s, v, a)),
        _ => None,
    }
}

/// Every placeholder in `value`, in document order.
fn placeholders(value: &Value, found: &mut Vec<(String, String)>) {
    if let Some((stack, vault, _)) = as_placeholder(value) {
        found.push((stack.to_string(), vault.to_string()));
        return;
    }
    match value {
        Value::Object(map) => map.values().for_each(|v| placeholders(v, found)),
        Value::Array(items) => items.iter().for_each(|v| placeholders(v, found)),
        _ => {}
    }
}

/// A stack synthesized on its own cannot resolve a vault of another stack.
pub(crate) fn check_standalone(template: &Value, problems: &mut Problems) {
    let mut found = Vec::new();
    placeholders(template, &mut found);
    let unique: BTreeSet<_> = found.into_iter().collect();
    for (stack, vault) in unique {
        problems.push(
            "resources",
            Violation::error(
                "vault-in-other-stack",
                format!("vault `{vault}` of stack `{stack}` is referenced, but this stack is synthesized on its own"),
                "add both stacks to one `App` and synthesize the app (`app.synth()`), which links them; or name the vault with `VaultRef::from_arn`",
            ),
        );
    }
}

/// A stack's vault by construct id.
fn vault_of<'a>(stack: &'a Stack, id: &str) -> Option<&'a BackupVault> {
    stack.items().iter().find_map(|item| match item {
        StackItem::Vault(vault) if vault.id() == id => Some(vault),
        _ => None,
    })
}

/// The outcome of linking: exports per producer stack, dependencies per consumer stack (both
/// by index in the app).
#[derive(Default)]
pub(crate) struct Links {
    /// `Outputs` to add, per stack index: `(logical id, output)`.
    pub outputs: HashMap<usize, Vec<(String, Value)>>,
    /// Stack indexes each stack depends on.
    pub dependencies: HashMap<usize, BTreeSet<usize>>,
}

/// Resolves the placeholders of `templates[i]` (the template of `stacks[i]`, named `names[i]`;
/// `None` for a template that holds none).
pub(crate) fn link(
    stacks: &[Stack],
    names: &[String],
    templates: &mut [Option<&mut Value>],
    problems: &mut Problems,
) -> Links {
    let mut links = Links::default();
    for (consumer, template) in templates.iter_mut().enumerate() {
        let Some(template) = template else {
            continue; // no placeholder in it
        };
        let mut resolver = Resolver {
            stacks,
            names,
            consumer,
            links: &mut links,
            problems,
        };
        resolver.walk(template);
    }
    links
}

struct Resolver<'a> {
    stacks: &'a [Stack],
    names: &'a [String],
    consumer: usize,
    links: &'a mut Links,
    problems: &'a mut Problems,
}

impl Resolver<'_> {
    fn walk(&mut self, value: &mut Value) {
        if let Some((stack, vault, attribute)) = as_placeholder(value) {
            let (stack, vault, attribute) =
                (stack.to_string(), vault.to_string(), attribute.to_string());
            *value = self
                .resolve(&stack, &vault, &attribute)
                .unwrap_or(Value::Null);
            return;
        }
        match value {
            Value::Object(map) => map.values_mut().for_each(|v| self.walk(v)),
            Value::Array(items) => items.iter_mut().for_each(|v| self.walk(v)),
            _ => {}
        }
    }

    fn error(&mut self, violation: Violation) -> Option<Value> {
        let path = format!("stacks[{}].resources", self.names[self.consumer]);
        self.problems.push(path, violation);
        None
    }

    fn resolve(&mut self, stack_id: &str, vault_id: &str, attribute: &str) -> Option<Value> {
        let Some(producer) = self.stacks.iter().position(|s| s.id() == stack_id) else {
            return self.error(Violation::error(
                "vault-stack-not-in-app",
                format!("vault `{vault_id}` is referenced in stack `{stack_id}`, which is not in the app"),
                "add that stack to the app with `app.add_stack(..)`, or fix the stack id",
            ));
        };
        let stack = &self.stacks[producer];
        let Some(vault) = vault_of(stack, vault_id) else {
            return self.error(Violation::error(
                "vault-not-in-stack",
                format!("vault `{vault_id}` is referenced but stack `{stack_id}` has no such vault"),
                format!("add the vault to stack `{stack_id}` with `stack.add(vault)`, or fix the vault id"),
            ));
        };
        if producer != self.consumer {
            self.links
                .dependencies
                .entry(self.consumer)
                .or_default()
                .insert(producer);
        }
        let consumer_env = self.stacks[self.consumer].env();
        if producer == self.consumer || stack.env() == consumer_env {
            return Some(self.export(producer, vault, attribute));
        }
        let env = stack.env();
        let missing = match (&env.account, &env.region) {
            (Some(_), Some(_)) => None,
            (None, Some(_)) => Some("account"),
            (Some(_), None) => Some("Region"),
            (None, None) => Some("account and Region"),
        };
        if let Some(missing) = missing {
            return self.error(Violation::error(
                "cross-stack-environment-unknown",
                format!("vault `{vault_id}` of stack `{stack_id}` is used by stack `{}` in another environment, and stack `{stack_id}`'s {missing} is unknown", self.names[self.consumer]),
                format!("give stack `{stack_id}` its account and Region with `.environment(Environment::new(\"<account>\", \"<region>\"))`, or put both stacks in one environment (an export and import then link them)"),
            ));
        }
        let name = match vault.literal_name() {
            Some(name) => name.to_string(),
            None if vault.has_token_name() => {
                return self.error(Violation::error(
                    "cross-stack-vault-name-unknown",
                    format!("vault `{vault_id}` of stack `{stack_id}` is named by an expression, so its ARN is unknown in another environment"),
                    "give the vault a literal name, or leave the name out to have a deterministic one generated",
                ));
            }
            None => stack.generated_name_of(vault_id),
        };
        Some(match attribute {
            "BackupVaultName" => Value::String(name),
            _ => Environment::new(
                env.account.clone().unwrap_or_default(),
                env.region.clone().unwrap_or_default(),
            )
            .format_arn("backup", "backup-vault", ':', CfnValue::literal(name))
            .to_json(),
        })
    }

    /// An export of the vault's attribute on the producer, and its import.
    fn export(&mut self, producer: usize, vault: &BackupVault, attribute: &str) -> Value {
        let get_att = json!({ "Fn::GetAtt": [resource_logical_id(vault.id()), attribute] });
        if producer == self.consumer {
            return get_att;
        }
        let id = logical_id(&format!("Exports/Output{get_att}"));
        let name = format!("{}:{id}", self.names[producer]);
        let outputs = self.links.outputs.entry(producer).or_default();
        if !outputs.iter().any(|(existing, _)| *existing == id) {
            let output = json!({ "Value": get_att, "Export": { "Name": name } });
            outputs.push((id, output));
        }
        json!({ "Fn::ImportValue": name })
    }
}

/// Adds `outputs` to a template's `Outputs`.
pub(crate) fn add_outputs(template: &mut Value, outputs: Vec<(String, Value)>) {
    let Value::Object(root) = template else {
        return;
    };
    let section = root
        .entry("Outputs")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(section) = section {
        for (id, output) in outputs {
            section.insert(id, output);
        }
    }
}

/// The app-wide rules: retention against the lock of a vault in another stack, and vault names
/// unique per account and Region across stacks. `names[i]` is the name of `stacks[i]`.
pub(crate) fn check_app(stacks: &[Stack], names: &[String], problems: &mut Problems) {
    check_locks(stacks, names, problems);
    check_vault_names(stacks, names, problems);
    crate::tiering::validate_app_vaults(stacks, names, problems);
    crate::legal_hold::validate_app_quota(stacks, names, problems);
}

/// Every rule and copy action writing to a vault of another stack keeps its recovery points
/// within that vault's lock.
fn check_locks(stacks: &[Stack], names: &[String], problems: &mut Problems) {
    for (index, stack) in stacks.iter().enumerate() {
        for item in stack.items() {
            let StackItem::Plan(plan) = item else {
                continue;
            };
            for (rule_index, rule) in plan.rules().iter().enumerate() {
                let at = format!(
                    "stacks[{}].plans[{}].rules[{rule_index}]",
                    names[index],
                    plan.id()
                );
                let days = rule.effective_delete_after().and_then(|d| d.to_days().ok());
                check_lock(
                    stacks,
                    &plan.rule_vault(rule_index),
                    days,
                    || format!("{at}.vault"),
                    problems,
                );
                for (copy_index, copy) in rule.copy_actions().iter().enumerate() {
                    let copy_days = copy
                        .delete_after
                        .or(rule.effective_delete_after())
                        .and_then(|d| d.to_days().ok());
                    let path = || format!("{at}.copy_actions[{copy_index}].destination");
                    check_lock(stacks, &copy.destination, copy_days, path, problems);
                }
            }
        }
    }
}

fn check_lock(
    stacks: &[Stack],
    target: &VaultRef,
    days: Option<i64>,
    path: impl FnOnce() -> String,
    problems: &mut Problems,
) {
    let VaultRef::Stack { stack, vault } = target else {
        return;
    };
    let Some(lock) = stacks
        .iter()
        .find(|s| s.id() == stack)
        .and_then(|s| vault_of(s, vault))
        .and_then(BackupVault::lock)
    else {
        return;
    };
    let Ok(min) = lock.min_retention.to_days() else {
        return;
    };
    let max = match lock.max_retention.map(|d| d.to_days()) {
        Some(Ok(days)) => Some(days),
        Some(Err(_)) => return,
        None => None,
    };
    problems.check(path, rules::check_retention_fits_lock(days, min, max));
}

/// No two vaults of stacks in one known account and Region share a name (generated names
/// included).
fn check_vault_names(stacks: &[Stack], names: &[String], problems: &mut Problems) {
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for (index, stack) in stacks.iter().enumerate() {
        let (Some(account), Some(region)) = (&stack.env().account, &stack.env().region) else {
            continue;
        };
        for item in stack.items() {
            let StackItem::Vault(vault) = item else {
                continue;
            };
            let name = match vault.literal_name() {
                Some(name) => name.to_string(),
                None if vault.has_token_name() => continue,
                None => stack.generated_name_of(vault.id()),
            };
            // Two vaults of one stack are the stack's own rule; here only across stacks.
            let key = (account.clone(), region.clone(), name.clone());
            let again = matches!(seen.get(&key), Some(&first) if first != index);
            seen.entry(key).or_insert(index);
            problems.check(
                || format!("stacks[{}].vaults[{}].name", names[index], vault.id()),
                rules::check_vault_name_unique(&name, again),
            );
        }
    }
}

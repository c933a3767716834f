//! The compile-time proof of an invocation's framework controls against the invocation's own
//! plans and vaults.
//!
//! Synthesis proves every control against every plan of the stack; the macro sees only its
//! invocation, and other plans may be added to the stack elsewhere. A control's verdict on one
//! plan or vault does not depend on the others (each plan must have a rule that runs often
//! enough, each vault must deny deletion, …), so an unmet control found here on a plan or
//! vault of the invocation is the error synthesis would report, with the same words; it is
//! raised only when everything that decides it is literal, on the plan or vault at fault.
//! What depends on the rest of the stack (the resources a plan protects, a vault or copy
//! destination given as `{ expr }`, the stack's Region and account) is left to synthesis.

use std::collections::HashMap;

use backup_synth::{logical_id, Severity, Stack};

use crate::ast::{Invocation, PlanDecl, RuleDecl, VaultDecl, VaultValue};
use crate::check;
use crate::diag::{Diagnostics, Place};
use crate::values::Scalar;

/// Reports each control of the invocation's frameworks that a plan or vault of the invocation
/// provably does not meet, on that plan or vault. Runs only when the invocation has a framework
/// and no other error (a broken model proves nothing).
pub fn prove(invocation: &Invocation, stack: &Stack, diagnostics: &mut Diagnostics) {
    if invocation.frameworks.is_empty() || !diagnostics.is_empty() {
        return;
    }
    let at_fault = literal_decls(invocation);
    for (control, finding) in stack.control_findings() {
        if finding.violation.severity != Severity::Error {
            continue;
        }
        let Some(place) = finding
            .related
            .first()
            .and_then(|pointer| pointer.strip_prefix("/Resources/"))
            .and_then(|id| at_fault.get(id))
        else {
            continue;
        };
        let framework = control
            .strip_prefix("frameworks[")
            .and_then(|rest| rest.split_once(']'))
            .map_or(control.as_str(), |(id, _)| id);
        let violation = finding.violation.with_note(format!(
            "required by framework `{framework}` of this invocation; proven at compile time"
        ));
        diagnostics.violation(*place, &violation);
    }
}

/// The plans and vaults of the invocation whose every deciding value is literal, by the
/// logical id they render to, with the place of their id.
fn literal_decls(invocation: &Invocation) -> HashMap<String, Place> {
    let vaults: HashMap<&str, &VaultDecl> = invocation
        .vaults
        .iter()
        .chain(invocation.plans.iter().flat_map(check::new_vaults))
        .map(|v| (v.id.text.as_str(), v))
        .collect();
    let mut decls = HashMap::new();
    for vault in vaults.values().filter(|v| literal_vault(v)) {
        decls.insert(resource_id(&vault.id.text), vault.id.span.into());
    }
    for vault in &invocation.air_gapped_vaults {
        if literal(&vault.min_retention) && literal(&vault.max_retention) {
            decls.insert(resource_id(&vault.id.text), vault.id.span.into());
        }
    }
    for plan in &invocation.plans {
        if literal_plan(plan, invocation, &vaults) {
            let place: Place = plan.id.span.into();
            decls.insert(resource_id(&plan.id.text), place);
            decls.insert(resource_id(&format!("{}/Vault", plan.id.text)), place);
        }
    }
    decls
}

fn resource_id(construct: &str) -> String {
    logical_id(&format!("{construct}/Resource"))
}

fn literal<T>(value: &Option<Scalar<T>>) -> bool {
    !matches!(value, Some(Scalar::Splice(..)))
}

/// Whether a vault's lock and deletion policy are written as literals.
fn literal_vault(vault: &VaultDecl) -> bool {
    let lock = vault.lock.as_ref().is_none_or(|lock| {
        literal(&lock.min_retention)
            && literal(&lock.max_retention)
            && literal(&lock.changeable_for)
    });
    let properties = &vault.properties;
    lock && properties.get("access_policy").is_none()
        && properties.is_literal("block_recovery_point_deletion")
}

/// Whether every value that decides a plan's controls is literal: its schedules, time zones,
/// retentions, and the vaults it writes to when they are the invocation's.
fn literal_plan(
    plan: &PlanDecl,
    invocation: &Invocation,
    vaults: &HashMap<&str, &VaultDecl>,
) -> bool {
    let vault_ok = |value: &VaultValue| match value {
        VaultValue::Splice(..) => false,
        VaultValue::New(decl) => literal_vault(decl),
        VaultValue::InStack(name) => {
            let air_gapped = invocation
                .air_gapped_vaults
                .iter()
                .filter(|a| a.id.text == name.text)
                .all(|a| literal(&a.min_retention) && literal(&a.max_retention));
            air_gapped
                && vaults
                    .get(name.text.as_str())
                    .is_none_or(|v| literal_vault(v))
        }
        VaultValue::FromName(value) | VaultValue::FromArn(value) => {
            !matches!(value, Scalar::Splice(..))
        }
    };
    plan.vault.as_ref().is_none_or(vault_ok)
        && plan.rules.iter().all(|rule| literal_rule(rule, &vault_ok))
}

fn literal_rule(rule: &RuleDecl, vault_ok: &impl Fn(&VaultValue) -> bool) -> bool {
    let copies = rule.copies.iter().all(|copy| {
        vault_ok(&copy.destination)
            && copy.properties.is_literal("delete_after")
            && copy.properties.is_literal("move_to_cold_storage_after")
    });
    let ready_made_vault = rule
        .ready_made
        .as_ref()
        .and_then(|(_, vault)| vault.as_ref());
    copies
        && [
            "schedule",
            "schedule_timezone",
            "delete_after",
            "move_to_cold_storage_after",
            "enable_continuous_backup",
        ]
        .iter()
        .all(|key| rule.properties.is_literal(key))
        && rule.vault.as_ref().is_none_or(vault_ok)
        && rule
            .logically_air_gapped_vault
            .as_ref()
            .is_none_or(vault_ok)
        && ready_made_vault.is_none_or(vault_ok)
}

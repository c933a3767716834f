//! Compliance as code: the AWS Backup Audit Manager controls of a [`crate::Framework`] proven
//! against the plans, selections and vaults next to it, before deploy.
//!
//! **The one deliberate exception to "an error means AWS refuses it".** AWS deploys a
//! framework whose controls the plans do not meet without complaint, and reports it
//! non-compliant a day later through AWS Config. A framework declared in code next to the plans
//! is the user's own requirement, like an assertion in a test: an unmet provable control is a
//! synthesis error (rule id = the `ControlName`), naming the plan, rule or vault at fault and
//! what would satisfy it. Controls decidable only by proxy (last recovery point, air-gapped
//! vault, restore time) are warnings saying what is assumed. The linter reads the same facts
//! from templates and reports the same findings, as warnings unless `--controls=error`.
//!
//! Facts are read from the rendered template ([`facts_from_template`]), so what is proven is
//! what deploys: the vault access policy as rendered, not the switch that produced it. The
//! `backup_plan!` macro runs the same proofs at compile time ([`crate::Stack::control_findings`])
//! and reports what a plan or vault of its own invocation provably misses, where every value
//! that decides it is a literal: a control's verdict on one plan or vault does not depend on
//! the others, so a compile-time error is the error synthesis would report.

mod encryption;
mod facts;
mod proof;
mod template;

pub use encryption::{encryption_of, Encryption};
pub use facts::{
    CopyFacts, DeletionPolicy, Facts, LockFacts, Place, PlanFacts, ResourceFacts, Retention,
    RuleFacts, VaultFacts,
};
pub use proof::{prove, rule_gap, ControlInput, Finding};
pub use template::{deletion_policy, facts_from_inputs, facts_from_template, DELETION_ACTIONS};

use serde_json::Value;

use crate::framework::Framework;
use crate::problem::Problems;
use crate::value::Environment;

/// Proves every control of `frameworks` (each with its field path) against the rendered
/// `template` of a stack deployed to `env`; findings go to `problems` at the control's path.
pub(crate) fn prove_stack(
    frameworks: &[(String, &Framework)],
    template: &Value,
    env: &Environment,
    problems: &mut Problems,
) {
    for (path, finding) in prove_frameworks(frameworks, template, env) {
        let mut violation = finding.violation;
        if !finding.related.is_empty() {
            violation = violation.with_note(format!("at fault: {}", finding.related.join(", ")));
        }
        problems.push(path, violation);
    }
}

/// Every finding of every control of `frameworks` (each with its field path) against the
/// rendered `template` of a stack deployed to `env`, with the control's path
/// (`<framework path>.controls[<index>]`).
pub fn prove_frameworks(
    frameworks: &[(String, &Framework)],
    template: &Value,
    env: &Environment,
) -> Vec<(String, Finding)> {
    if frameworks.is_empty() {
        return Vec::new();
    }
    let facts = facts_from_template(template, env.region.as_deref(), env.account.as_deref());
    let mut findings = Vec::new();
    for (path, framework) in frameworks {
        for (index, control) in framework.controls().iter().enumerate() {
            let scope = control.control_scope();
            let input = ControlInput {
                name: control.name().as_str(),
                parameters: control.parameters(),
                scope_tags: scope.tags(),
                scope_types: scope.types(),
                scope_ids: scope.ids(),
            };
            let at = format!("{path}.controls[{index}]");
            findings.extend(prove(&input, &facts).into_iter().map(|f| (at.clone(), f)));
        }
    }
    findings
}

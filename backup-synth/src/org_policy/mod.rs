//! AWS Organizations backup policies: the same plans, pushed into every account of an
//! organization.
//!
//! - [`document`]: the typed policy document (plans, rules, Regions, selections, settings,
//!   operators, child controls) and its JSON.
//! - [`OrgPolicy::from_plans`]: builder plans → a policy, with an error at the field of each
//!   feature a policy cannot express.
//! - [`check_policy`]: the rule book over a policy given as JSON (standalone, in a template, or
//!   effective), findings at JSON pointers inside the document.
//! - [`OrgTree`]: an attachment tree (root → OUs → accounts, each with its policies) and each
//!   account's effective policy ([`OrgTree::effective`]); the file format is documented there.
//!
//! The policy's rules (`orgpolicy-*`) are in [`crate::rules`] with the rest of the rule book.

mod attachments;
mod check;
pub mod document;
mod effective;
mod from_plans;
mod shape;
mod utc;

pub use attachments::check_attachments;
pub use check::{check_policy, PolicyFinding, PolicyKind};
pub use document::{
    BackupPolicyDocument, ChildControl, Leaf, Operator, PolicyCondition, PolicyCopyAction,
    PolicyLifecycle, PolicyPlan, PolicyRule, PolicyScanSettings, PolicySelection, PolicyTag,
};
pub use effective::{AttachedPolicy, EffectivePolicy, OrgNode, OrgTree};
pub use from_plans::{MemberResources, OrgPolicy};
pub use utc::utc_rewrite;

/// Whether `document` is a standalone backup policy rather than a CloudFormation template: a
/// top-level object with `plans` and without `Resources`.
pub fn is_policy_document(document: &serde_json::Value) -> bool {
    document.get("plans").is_some() && document.get("Resources").is_none()
}

#[cfg(test)]
mod tests;

//! AWS Organizations backup policies: the same plans, pushed into every account of an
//! organization.
//!
//! - [`document`]: the typed policy document (plans, rules, Regions, selections, settings,
//!   operators, child controls) and its JSON.
//! - [`OrgPolicy::from_plans`]: builder plans → a policy, with an error at the field of each
//!   feature a policy cannot express.
//!
//! The policy's rules (`orgpolicy-*`) are in [`crate::rules`] with the rest of the rule book.

pub mod document;
mod from_plans;
mod utc;

pub use document::{
    BackupPolicyDocument, ChildControl, Leaf, Operator, PolicyCondition, PolicyCopyAction,
    PolicyLifecycle, PolicyPlan, PolicyRule, PolicyScanSettings, PolicySelection, PolicyTag,
};
pub use from_plans::{MemberResources, OrgPolicy};
pub use utc::utc_rewrite;

#[cfg(test)]
mod tests;

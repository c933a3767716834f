//! Where backup policies are attached: at most 10 backup policies per root, OU or account
//! (`orgpolicy-attach-limit`). Shared by the linter (the `TargetIds` of a template's policies)
//! and by whatever builds attachments from the model.

use crate::problem::Violation;
use crate::rules;

/// For policies given as their target ids (in order), the violations of
/// `orgpolicy-attach-limit`: `(index of the policy, violation)` for each policy attached to a
/// target beyond the 10th.
///
/// ```
/// use backup_dsl::org_policy::check_attachments;
/// let targets = vec![vec!["ou-ab12-cdefgh34"]; 11];
/// let found = check_attachments(&targets);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].0, 10);
/// ```
pub fn check_attachments<S: AsRef<str>>(policies: &[Vec<S>]) -> Vec<(usize, Violation)> {
    let mut by_target: Vec<(&str, Vec<usize>)> = Vec::new();
    for (index, targets) in policies.iter().enumerate() {
        for target in targets {
            let target = target.as_ref();
            match by_target.iter_mut().find(|(t, _)| *t == target) {
                Some((_, list)) => list.push(index),
                None => by_target.push((target, vec![index])),
            }
        }
    }
    let mut found = Vec::new();
    for (target, list) in by_target {
        if let Err(violation) = rules::check_policy_attach_limit(target, list.len()) {
            for index in list.into_iter().skip(rules::MAX_POLICIES_PER_TARGET) {
                found.push((index, violation.clone()));
            }
        }
    }
    found
}

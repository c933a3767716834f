//! Where the findings of the retention-vs-range rules ([`rules::RETENTION_VS_TARGET`]: a
//! rule's or copy's retention against the lock, or the air-gapped range, of the vault it writes
//! to) point: at the `DeleteAfterDays` their help asks to change, as the macro underlines the
//! `delete_after`, with the vault's resource in `related`. Without a `DeleteAfterDays` in the
//! template (kept forever), at the vault reference, as the rule book reports them.

use serde_json::Value;

use super::{child, Linter};
use crate::reference::resolve;
use crate::rules;

impl<'t> Linter<'t> {
    /// `(pointer, related)` of a problem of `rule` at model path `path`, when it is a
    /// retention-vs-range problem whose `DeleteAfterDays` is in the template.
    pub(super) fn retention_pointer(
        &self,
        rule: &str,
        path: &str,
    ) -> Option<(String, Vec<String>)> {
        let delete_after = rules::retention_paths(rule, path)
            .iter()
            .filter_map(|candidate| self.paths.get(candidate))
            .find(|pointer| self.at_pointer(pointer).is_some())?
            .clone();
        let related = self
            .paths
            .get(path)
            .and_then(|reference| self.at_pointer(reference))
            .and_then(|reference| self.referenced_resource(reference))
            .into_iter()
            .collect();
        Some((delete_after, related))
    }

    /// The template value at `pointer` (`/Resources/<id>/…`), if present.
    fn at_pointer(&self, pointer: &str) -> Option<&'t Value> {
        let rest = pointer.strip_prefix("/Resources/")?;
        let (id, inner) = rest.split_once('/').unwrap_or((rest, ""));
        let id = id.replace("~1", "/").replace("~0", "~");
        let resource = self.resources.get(&id)?;
        if inner.is_empty() {
            return Some(resource);
        }
        resource.pointer(&format!("/{inner}"))
    }

    /// The pointer of the template resource a reference names (`Ref`, `Fn::GetAtt`, or an
    /// `Fn::Sub` of one `${Id}`: [`crate::reference::resolve`], as the model linked it).
    fn referenced_resource(&self, value: &Value) -> Option<String> {
        let id = resolve(value, Some(self.resources)).logical_id()?;
        Some(child("/Resources", id))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::lint::lint_template;

    const RULE: &str = "/Resources/Plan/Properties/BackupPlan/BackupPlanRule";

    /// `(pointer, related)` of the lock findings.
    fn lock_findings(rules: serde_json::Value) -> Vec<(String, Vec<String>)> {
        let template = json!({"Resources": {
            "Locked": {"Type": "AWS::Backup::BackupVault", "Properties": {
                "BackupVaultName": "locked",
                "LockConfiguration": {"MinRetentionDays": 7, "MaxRetentionDays": 30}}},
            "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
                "BackupPlanName": "p", "BackupPlanRule": rules}}}
        }});
        lint_template(&template)
            .findings
            .into_iter()
            .filter(|f| f.rule == "retention-outside-vault-lock")
            .map(|f| (f.pointer, f.related))
            .collect()
    }

    #[test]
    fn a_copy_without_a_lifecycle_points_at_its_rules_delete_after() {
        let found = lock_findings(json!([{
            "RuleName": "r", "TargetBackupVault": "elsewhere",
            "ScheduleExpression": "cron(0 5 ? * * *)",
            "Lifecycle": {"DeleteAfterDays": 35},
            "CopyActions": [{"DestinationBackupVaultArn": {"Fn::GetAtt": ["Locked", "BackupVaultArn"]}}]
        }]));
        assert_eq!(
            found,
            [(
                format!("{RULE}/0/Lifecycle/DeleteAfterDays"),
                vec!["/Resources/Locked".to_string()]
            )]
        );
    }

    #[test]
    fn without_delete_after_days_the_finding_stays_on_the_vault_reference() {
        // Kept forever into a vault whose lock keeps at most 30 days: nothing to point at but
        // the reference (an empty `Lifecycle` records the path of a `DeleteAfterDays` absent).
        let found = lock_findings(json!([{
            "RuleName": "r", "TargetBackupVault": {"Ref": "Locked"},
            "ScheduleExpression": "cron(0 5 ? * * *)",
            "Lifecycle": {"MoveToColdStorageAfterDays": 1}
        }]));
        assert_eq!(found, [(format!("{RULE}/0/TargetBackupVault"), Vec::new())]);
    }

    /// A copy written to `Fn::Sub: "${Locked.BackupVaultArn}"` targets the vault as the
    /// model links it (`reference::resolve`): the finding names the vault in `related` (the
    /// hand-written reading knew `Ref` and `Fn::GetAtt` only, and left it out).
    #[test]
    fn a_vault_named_by_fn_sub_is_related() {
        let found = lock_findings(json!([{
            "RuleName": "r", "TargetBackupVault": "elsewhere",
            "ScheduleExpression": "cron(0 5 ? * * *)",
            "Lifecycle": {"DeleteAfterDays": 35},
            "CopyActions": [{"DestinationBackupVaultArn": {"Fn::Sub": "${Locked.BackupVaultArn}"}}]
        }]));
        assert_eq!(
            found,
            [(
                format!("{RULE}/0/Lifecycle/DeleteAfterDays"),
                vec!["/Resources/Locked".to_string()]
            )]
        );
    }
}

//! The linter for the types beyond CDK's L2 constructs: `AWS::Backup::LogicallyAirGappedBackupVault`,
//! `AWS::Backup::RestoreTestingPlan` and `AWS::Backup::RestoreTestingSelection`, read into the
//! same model the builder uses ([`LogicallyAirGappedBackupVault`], [`RestoreTestingPlan`],
//! [`RestoreTestingSelection`]).

use serde_json::Value;

use super::{child, placeholder, Linter};
use crate::cfn::backup_logically_air_gapped_backup_vault::CfnLogicallyAirGappedBackupVault;
use crate::cfn::backup_restore_testing_plan::{
    CfnRestoreTestingPlan, RestoreTestingRecoveryPointSelection, Tag,
};
use crate::cfn::backup_restore_testing_selection::CfnRestoreTestingSelection;
use crate::cfn::Cfn;
use crate::reference::resolve;
use crate::{
    rules, BackupVaultEvent, CfnValue, Duration, LogicallyAirGappedBackupVault, NotificationTopic,
    RecoveryPointType, RemovalPolicy, ResourceConditionOperator, RestoreTestingAlgorithm,
    RestoreTestingPlan, RestoreTestingPlanRef, RestoreTestingSelection, RestoreTestingVault,
    VaultRef,
};

/// A schedule that passes every check: stands for one the template leaves to deploy time.
const PLACEHOLDER_SCHEDULE: &str = "cron(0 5 ? * * *)";

impl<'t> Linter<'t> {
    /// A vault of the template named by `Fn::GetAtt [id, BackupVaultArn]` (or `Ref` when
    /// `attribute` is the name): a backup vault or a logically air-gapped one.
    pub(super) fn vault_in_template(&self, value: &Value, by_name: bool) -> Option<VaultRef> {
        let named = resolve(value, Some(self.resources));
        let (id, by_ref) = if by_name {
            match named.resource(None) {
                Some(id) => (id, true),
                None => (named.resource(Some("BackupVaultName"))?, false),
            }
        } else {
            (named.resource(Some("BackupVaultArn"))?, false)
        };
        if let Some(construct) = self.vaults.get(id) {
            return Some(VaultRef::in_stack(construct.clone()));
        }
        // `Ref` of a logically air-gapped vault gives its name; it has no name attribute.
        if by_name && !by_ref {
            return None;
        }
        self.air_gapped
            .get(id)
            .map(|construct| VaultRef::AirGapped(construct.clone()))
    }

    /// A vault ARN property: a vault of the template, a literal ARN, or an intrinsic.
    pub(super) fn vault_arn(&mut self, value: Option<CfnValue>, at: &str) -> VaultRef {
        let Some(value) = value else {
            return VaultRef::Name(placeholder());
        };
        if let Some(vault) = self.vault_in_template(&value.as_json(), false) {
            self.resolved(at);
            return vault;
        }
        match value.as_literal() {
            Some(arn) => VaultRef::from_arn(arn),
            None => VaultRef::Name(value),
        }
    }

    /// `AWS::Backup::LogicallyAirGappedBackupVault` (rows 10, 14, 33).
    pub(super) fn air_gapped(
        &mut self,
        id: &str,
        base: &str,
        resource: &Value,
    ) -> LogicallyAirGappedBackupVault {
        let path = format!("air_gapped_vaults[{id}]");
        self.map(&path, base);
        let properties_at = child(base, "Properties");
        let Some(properties) = self.properties::<CfnLogicallyAirGappedBackupVault>(resource, base)
        else {
            return LogicallyAirGappedBackupVault::with_retention(id, None, None);
        };
        let field = |key: &str| child(&properties_at, key);
        let known = |value: Option<Cfn<i64>>| match value {
            Some(Cfn::Value(days)) => Some(days),
            _ => None,
        };
        self.map(format!("{path}.min_retention"), field("MinRetentionDays"));
        self.map(format!("{path}.max_retention"), field("MaxRetentionDays"));
        let mut vault = LogicallyAirGappedBackupVault::with_retention(
            id,
            known(properties.min_retention_days).map(Duration::days),
            known(properties.max_retention_days).map(Duration::days),
        );
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
                &format!("{path}.notifications"),
                &format!("{path}.notifications.events"),
            );
            vault = vault.notifications(NotificationTopic::Arn(topic), events);
        }
        self.tag_map(properties.backup_vault_tags, &field("BackupVaultTags"));
        if self.snapshot_policies(
            resource,
            base,
            &path,
            rules::check_air_gapped_removal_snapshot,
        ) {
            vault = vault.removal_policy(RemovalPolicy::Snapshot);
        }
        vault
    }

    /// A vault's `Notifications` (`SNSTopicArn`, `BackupVaultEvents`), the topic mapped to
    /// `topic_path` and each known event to `<events_path>[<index among known events>]`.
    /// A name AWS does not know cannot enter the model: the rule book reports it here.
    pub(super) fn notifications(
        &mut self,
        topic: Option<CfnValue>,
        events: Option<Vec<CfnValue>>,
        at: &str,
        topic_path: &str,
        events_path: &str,
    ) -> (CfnValue, Vec<BackupVaultEvent>) {
        let topic = match topic {
            Some(topic) => {
                self.map(topic_path, child(at, "SNSTopicArn"));
                topic
            }
            None => placeholder(),
        };
        let events_at = child(at, "BackupVaultEvents");
        self.map(events_path, &events_at);
        let mut known = Vec::new();
        for (index, event) in self.reader.slots(&events_at, events.unwrap_or_default()) {
            let Some(name) = event.as_ref().and_then(CfnValue::as_literal) else {
                continue;
            };
            let event_at = child(&events_at, index);
            match BackupVaultEvent::from_name(name) {
                Some(event) => {
                    self.map(format!("{events_path}[{}]", known.len()), event_at);
                    known.push(event);
                }
                None => self.check(&event_at, rules::check_vault_event(name)),
            }
        }
        (topic, known)
    }

    /// `AWS::Backup::RestoreTestingPlan` (row 50).
    pub(super) fn restore_testing_plan(
        &mut self,
        id: &str,
        base: &str,
        resource: &Value,
    ) -> RestoreTestingPlan {
        let path = format!("restore_testing_plans[{id}]");
        self.map(&path, base);
        let properties_at = child(base, "Properties");
        let Some(properties) = self.properties::<CfnRestoreTestingPlan>(resource, base) else {
            return RestoreTestingPlan::new(id, PLACEHOLDER_SCHEDULE).include_all_vaults();
        };
        let field = |key: &str| child(&properties_at, key);
        let schedule = match literal(properties.schedule_expression) {
            Some(expression) => {
                self.map(format!("{path}.schedule"), field("ScheduleExpression"));
                expression
            }
            None => PLACEHOLDER_SCHEDULE.to_string(),
        };
        let mut plan = RestoreTestingPlan::new(id, schedule);
        if let Some(name) = literal(properties.restore_testing_plan_name) {
            self.map(format!("{path}.name"), field("RestoreTestingPlanName"));
            plan = plan.name(name);
        }
        if let Some(zone) = literal(properties.schedule_expression_timezone) {
            self.map(
                format!("{path}.schedule_timezone"),
                field("ScheduleExpressionTimezone"),
            );
            plan = plan.schedule_timezone(zone);
        }
        if let Some(Cfn::Value(hours)) = properties.start_window_hours {
            self.map(format!("{path}.start_window"), field("StartWindowHours"));
            plan = plan.start_window(Duration::hours(hours));
        }
        let selection_at = field("RecoveryPointSelection");
        self.map(format!("{path}.include_vaults"), &selection_at);
        match properties.recovery_point_selection {
            Some(selection) => {
                plan = self.recovery_point_selection(&path, &selection_at, selection, plan)
            }
            // An intrinsic (or a type error, reported): nothing more to check.
            None if self.unread(&selection_at) => plan = plan.include_all_vaults(),
            None => {}
        }
        self.tag_list(properties.tags, &field("Tags"));
        plan
    }

    fn recovery_point_selection(
        &mut self,
        path: &str,
        at: &str,
        selection: RestoreTestingRecoveryPointSelection,
        mut plan: RestoreTestingPlan,
    ) -> RestoreTestingPlan {
        let field = |key: &str| child(at, key);
        if let Some(name) = literal(selection.algorithm) {
            match RestoreTestingAlgorithm::from_name(&name) {
                Some(algorithm) => plan = plan.algorithm(algorithm),
                None => self.check(
                    &field("Algorithm"),
                    rules::check_restore_testing_algorithm(&name),
                ),
            }
        }
        let types_at = field("RecoveryPointTypes");
        if let Some(list) = selection.recovery_point_types {
            let names: Vec<Option<String>> = self
                .reader
                .slots(&types_at, list)
                .into_iter()
                .map(|(_, t)| literal(t))
                .collect();
            let known: Vec<&str> = names.iter().flatten().map(String::as_str).collect();
            let types = known.iter().map(|t| match *t {
                "SNAPSHOT" => Some(RecoveryPointType::Snapshot),
                "CONTINUOUS" => Some(RecoveryPointType::Continuous),
                _ => None,
            });
            match types.collect::<Option<Vec<_>>>() {
                // Every entry read and valid (or none): the model checks the list.
                Some(types) if known.len() == names.len() => {
                    self.map(format!("{path}.recovery_point_types"), &types_at);
                    plan = plan.recovery_point_types(types);
                }
                Some(_) => {} // intrinsic entries
                None => self.check(
                    &types_at,
                    rules::check_restore_testing_recovery_point_types(&known),
                ),
            }
        }
        for (key, property, list) in [
            ("include_vaults", "IncludeVaults", selection.include_vaults),
            ("exclude_vaults", "ExcludeVaults", selection.exclude_vaults),
        ] {
            let list_at = field(property);
            self.map(format!("{path}.{key}"), &list_at);
            let Some(list) = list else {
                if key == "include_vaults" && self.unread(&list_at) {
                    plan = plan.include_all_vaults(); // an intrinsic list
                }
                continue;
            };
            for (index, value) in self.reader.slots(&list_at, list) {
                let entry_at = child(&list_at, index);
                self.map(format!("{path}.{key}[{index}]"), &entry_at);
                let vault = match value {
                    Some(value) => self.restore_testing_vault(value, &entry_at),
                    None => RestoreTestingVault::All,
                };
                plan = if key == "include_vaults" {
                    plan.include_vault(vault)
                } else {
                    plan.exclude_vault(vault)
                };
            }
        }
        if let Some(Cfn::Value(days)) = selection.selection_window_days {
            self.map(
                format!("{path}.selection_window"),
                field("SelectionWindowDays"),
            );
            plan = plan.selection_window(Duration::days(days));
        }
        plan
    }

    /// An entry of `IncludeVaults` / `ExcludeVaults`: a vault of the template, a literal ARN
    /// or pattern, or an intrinsic.
    fn restore_testing_vault(&mut self, value: CfnValue, at: &str) -> RestoreTestingVault {
        if let Some(vault) = self.vault_in_template(&value.as_json(), false) {
            self.resolved(at);
            return RestoreTestingVault::Vault(vault);
        }
        match value.as_literal() {
            Some(text) => RestoreTestingVault::from(text.to_string()),
            None => RestoreTestingVault::Vault(VaultRef::Name(value)),
        }
    }

    /// `Tags` as a list of `{Key, Value}`: keys of 1 to 128 characters, values of at most 256
    /// (row 46).
    fn tag_list(&mut self, tags: Option<Vec<Tag>>, at: &str) {
        for (index, tag) in self.reader.slots(at, tags.unwrap_or_default()) {
            let Some(tag) = tag else {
                continue;
            };
            let Some(key) = literal(tag.key) else {
                continue;
            };
            self.check(&child(&child(at, index), "Key"), rules::check_tag_key(&key));
            if let Some(value) = literal(tag.value) {
                let value_at = child(&child(at, index), "Value");
                self.check(&value_at, rules::check_tag_value(&key, &value));
            }
        }
    }

    /// `AWS::Backup::RestoreTestingSelection` (row 51) and, when its `RestoreTestingPlanName`
    /// is the `Ref` of a plan of the template, that plan's index in `plans`.
    pub(super) fn restore_testing_selection(
        &mut self,
        id: &str,
        base: &str,
        resource: &Value,
        plans: &[(&str, RestoreTestingPlan)],
    ) -> (RestoreTestingSelection, Option<usize>) {
        let path = format!("restore_testing_selections[{id}]");
        self.map(&path, base);
        let properties_at = child(base, "Properties");
        self.map(format!("{path}.plan"), &properties_at);
        let Some(properties) = self.properties::<CfnRestoreTestingSelection>(resource, base) else {
            let selection = RestoreTestingSelection::new(id, "EBS")
                .role_arn(placeholder())
                .all_protected_resources()
                .plan(RestoreTestingPlanRef::Name(placeholder()));
            return (selection, None);
        };
        let field = |key: &str| child(&properties_at, key);
        self.map(
            format!("{path}.protected_resource_type"),
            field("ProtectedResourceType"),
        );
        // Unknown or absent (the schema check reports a missing required property): a listed type.
        let resource_type =
            literal(properties.protected_resource_type).unwrap_or_else(|| "EBS".to_string());
        let role = match properties.iam_role_arn {
            Some(role) => {
                self.map(format!("{path}.role"), field("IamRoleArn"));
                role
            }
            None => placeholder(),
        };
        let mut selection = RestoreTestingSelection::new(id, resource_type).role_arn(role);
        if let Some(name) = literal(properties.restore_testing_selection_name) {
            self.map(format!("{path}.name"), field("RestoreTestingSelectionName"));
            selection = selection.name(name);
        }
        let plan_at = field("RestoreTestingPlanName");
        let mut in_template = None;
        if properties.restore_testing_plan_name.is_some() || self.unread(&plan_at) {
            self.map(format!("{path}.plan"), &plan_at);
        }
        if let Some(value) = properties.restore_testing_plan_name {
            let json = value.as_json();
            let named = resolve(&json, Some(self.resources));
            in_template = named
                .resource(None)
                .and_then(|logical| plans.iter().position(|(l, _)| *l == logical));
            match in_template {
                Some(_) => self.resolved(&plan_at),
                None => selection = selection.plan(RestoreTestingPlanRef::Name(value)),
            }
        } else if self.unread(&plan_at) {
            selection = selection.plan(RestoreTestingPlanRef::Name(placeholder()));
        }
        let arns_at = field("ProtectedResourceArns");
        self.map(format!("{path}.protected_resource_arns"), &arns_at);
        match properties.protected_resource_arns {
            Some(list) => {
                for (_, arn) in self.reader.slots(&arns_at, list) {
                    selection = selection.protected_resource_arn(arn.unwrap_or_else(placeholder));
                }
            }
            None if self.unread(&arns_at) => {
                selection = selection.protected_resource_arn(placeholder());
            }
            None => {}
        }
        let conditions_at = field("ProtectedResourceConditions");
        self.map(format!("{path}.conditions"), &conditions_at);
        if let Some(conditions) = properties.protected_resource_conditions {
            for (operator, list) in [
                (
                    ResourceConditionOperator::StringEquals,
                    conditions.string_equals,
                ),
                (
                    ResourceConditionOperator::StringNotEquals,
                    conditions.string_not_equals,
                ),
            ] {
                // Keys and values are free text; the model counts the condition.
                let list_at = child(&conditions_at, operator.as_str());
                for _ in self.reader.slots(&list_at, list.unwrap_or_default()) {
                    selection = selection.condition(operator, "key", "value");
                }
            }
        }
        if let Some(Cfn::Value(hours)) = properties.validation_window_hours {
            self.map(
                format!("{path}.validation_window"),
                field("ValidationWindowHours"),
            );
            selection = selection.validation_window(Duration::hours(hours));
        }
        for (key, value) in properties
            .restore_metadata_overrides
            .map(|o| o.0)
            .unwrap_or_default()
        {
            if let Some(text) = value.as_literal() {
                selection = selection.restore_metadata_override(key, text);
            }
        }
        (selection, in_template)
    }
}

/// The literal text of an optional value.
fn literal(value: Option<CfnValue>) -> Option<String> {
    value.and_then(|v| v.as_literal().map(String::from))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::lint::lint_template;
    use crate::Severity;

    fn found(template: &Value) -> Vec<(&'static str, String)> {
        lint_template(template)
            .findings
            .into_iter()
            .map(|f| (f.rule, f.pointer))
            .collect()
    }

    const P: &str = "/Resources/Tests/Properties";
    const S: &str = "/Resources/Sel/Properties";

    fn restore_plan(properties: Value) -> Value {
        let mut base = json!({
            "RestoreTestingPlanName": "tests",
            "ScheduleExpression": "cron(0 5 ? * * *)",
            "RecoveryPointSelection": {
                "Algorithm": "LATEST_WITHIN_WINDOW",
                "RecoveryPointTypes": ["SNAPSHOT"],
                "IncludeVaults": ["*"]
            }
        });
        for (key, value) in properties.as_object().unwrap() {
            base[key] = value.clone();
        }
        json!({"Type": "AWS::Backup::RestoreTestingPlan", "Properties": base})
    }

    fn restore_selection(properties: Value) -> Value {
        let mut base = json!({
            "IamRoleArn": "arn:aws:iam::123456789012:role/r",
            "ProtectedResourceType": "EBS",
            "ProtectedResourceArns": ["*"],
            "RestoreTestingPlanName": {"Ref": "Tests"},
            "RestoreTestingSelectionName": "sel"
        });
        for (key, value) in properties.as_object().unwrap() {
            base[key] = value.clone();
        }
        json!({"Type": "AWS::Backup::RestoreTestingSelection", "Properties": base})
    }

    fn with(plan: Value, selection: Value) -> Value {
        json!({"Resources": {"Tests": plan, "Sel": selection}})
    }

    #[test]
    fn a_valid_restore_testing_template_is_clean() {
        let template = with(
            restore_plan(
                json!({"StartWindowHours": 168, "ScheduleExpression": "cron(0/30 * ? * * *)"}),
            ),
            restore_selection(json!({
                "ProtectedResourceConditions": {"StringEquals": [{"Key": "aws:ResourceTag/b", "Value": "v"}]},
                "ValidationWindowHours": 0
            })),
        );
        assert_eq!(found(&template), []);
    }

    #[test]
    fn restore_testing_plan_rules_at_their_properties() {
        let plan = restore_plan(json!({
            "RestoreTestingPlanName": "bad-name",
            "ScheduleExpression": "cron(0 5 * * 1-5)",
            "ScheduleExpressionTimezone": "Mars/Base",
            "StartWindowHours": 200,
            "RecoveryPointSelection": {
                "Algorithm": "OLDEST",
                "RecoveryPointTypes": ["PITR"],
                "IncludeVaults": [],
                "ExcludeVaults": ["scratch"],
                "SelectionWindowDays": 0
            }
        }));
        let template = json!({"Resources": {"Tests": plan}});
        let rps = format!("{P}/RecoveryPointSelection");
        assert_eq!(
            found(&template),
            [
                (
                    "restore-testing-plan-name",
                    format!("{P}/RestoreTestingPlanName")
                ),
                ("schedule-syntax", format!("{P}/ScheduleExpression")),
                ("restore-testing-algorithm", format!("{rps}/Algorithm")),
                (
                    "restore-testing-recovery-point-types",
                    format!("{rps}/RecoveryPointTypes")
                ),
                (
                    "restore-testing-include-vaults",
                    format!("{rps}/IncludeVaults")
                ),
                (
                    "restore-testing-vault-selector",
                    format!("{rps}/ExcludeVaults/0")
                ),
                (
                    "restore-testing-selection-window",
                    format!("{rps}/SelectionWindowDays")
                ),
                (
                    "schedule-timezone",
                    format!("{P}/ScheduleExpressionTimezone")
                ),
                (
                    "restore-testing-start-window",
                    format!("{P}/StartWindowHours")
                ),
            ]
        );
        let report = lint_template(&template);
        let selector = report
            .findings
            .iter()
            .find(|f| f.rule == "restore-testing-vault-selector")
            .unwrap();
        assert_eq!(selector.severity, Severity::Warning);
        let algorithm = report
            .findings
            .iter()
            .find(|f| f.rule == "restore-testing-algorithm")
            .unwrap();
        assert_eq!(
            algorithm.message,
            crate::rules::check_restore_testing_algorithm("OLDEST")
                .unwrap_err()
                .message
        );
    }

    #[test]
    fn restore_testing_selection_rules_at_their_properties() {
        let template = with(
            restore_plan(json!({})),
            restore_selection(json!({
                "RestoreTestingSelectionName": "selection-with-dash",
                "ProtectedResourceType": "",
                "ProtectedResourceArns": ["*", "arn:aws:ec2:eu-west-1:123456789012:volume/vol-1"],
                "ValidationWindowHours": 169
            })),
        );
        assert_eq!(
            found(&template),
            [
                (
                    "restore-testing-resource-type",
                    format!("{S}/ProtectedResourceType")
                ),
                (
                    "restore-testing-protected-resource-arns",
                    format!("{S}/ProtectedResourceArns")
                ),
                (
                    "restore-testing-selection-name",
                    format!("{S}/RestoreTestingSelectionName")
                ),
                (
                    "restore-testing-validation-window",
                    format!("{S}/ValidationWindowHours")
                ),
            ]
        );
        let conditions = with(
            restore_plan(json!({})),
            restore_selection(json!({
                "ProtectedResourceArns": ["arn:aws:ec2:eu-west-1:123456789012:volume/vol-1"],
                "ProtectedResourceConditions": {"StringNotEquals": [{"Key": "aws:ResourceTag/b", "Value": "v"}]}
            })),
        );
        assert_eq!(
            found(&conditions),
            [(
                "restore-testing-conditions-without-wildcard",
                format!("{S}/ProtectedResourceConditions")
            )]
        );
    }

    #[test]
    fn selections_of_one_plan_have_unique_names_and_loose_ones_need_a_plan() {
        let template = json!({"Resources": {
            "Tests": restore_plan(json!({})),
            "Sel": restore_selection(json!({})),
            "Sel2": restore_selection(json!({})),
            "Loose": restore_selection(json!({"RestoreTestingPlanName": "existing_plan"})),
            "Orphan": {"Type": "AWS::Backup::RestoreTestingSelection", "Properties": {
                "IamRoleArn": "arn:aws:iam::123456789012:role/r", "ProtectedResourceType": "EBS",
                "ProtectedResourceArns": ["*"], "RestoreTestingSelectionName": "o"}}
        }});
        assert_eq!(
            found(&template),
            [
                (
                    "restore-testing-selection-name-unique",
                    "/Resources/Sel2/Properties/RestoreTestingSelectionName".to_string()
                ),
                (
                    "restore-testing-selection-without-plan",
                    "/Resources/Orphan/Properties".to_string()
                ),
                // The schema requires the plan name (cfn-lint E3003).
                (
                    "cfn-required",
                    "/Resources/Orphan/Properties/RestoreTestingPlanName".to_string()
                ),
            ]
        );
    }

    #[test]
    fn air_gapped_vault_rules_through_the_model() {
        let template = json!({"Resources": {
            "Lag": {"Type": "AWS::Backup::LogicallyAirGappedBackupVault", "Properties": {
                "BackupVaultName": "lag vault", "MinRetentionDays": 6, "MaxRetentionDays": 40000,
                "Notifications": {"SNSTopicArn": "arn:aws:sns:eu-west-1:123456789012:t",
                    "BackupVaultEvents": ["COPY_JOB_FAILED", "BACKUP_JOB_FAILED"]}},
                "DeletionPolicy": "Snapshot"},
            "Lag2": {"Type": "AWS::Backup::LogicallyAirGappedBackupVault", "Properties": {
                "BackupVaultName": "dup", "MinRetentionDays": 30, "MaxRetentionDays": 7}},
            "Vault": {"Type": "AWS::Backup::BackupVault", "Properties": {
                "BackupVaultName": "dup", "EncryptionKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/k"}}
        }});
        let lag = "/Resources/Lag";
        let report = lint_template(&template);
        let mut found: Vec<(&str, String)> = report
            .findings
            .iter()
            .map(|f| (f.rule, f.pointer.clone()))
            .collect();
        // Warnings about the backup vault and the deprecated event are other rules' business.
        found.retain(|(rule, _)| {
            !matches!(
                *rule,
                "vault-event-deprecated" | "vault-without-customer-key"
            )
        });
        assert_eq!(
            found,
            [
                ("vault-name", format!("{lag}/Properties/BackupVaultName")),
                (
                    "air-gapped-min-retention",
                    format!("{lag}/Properties/MinRetentionDays")
                ),
                (
                    "air-gapped-max-retention",
                    format!("{lag}/Properties/MaxRetentionDays")
                ),
                ("vault-removal-snapshot", format!("{lag}/DeletionPolicy")),
                (
                    "air-gapped-retention-order",
                    "/Resources/Lag2/Properties/MaxRetentionDays".to_string()
                ),
                (
                    "vault-name-unique",
                    "/Resources/Vault/Properties/BackupVaultName".to_string()
                ),
            ]
        );
        // The deprecated event is the lead's warning, applied to air-gapped vaults too.
        assert!(report
            .findings
            .iter()
            .any(|f| f.rule == "vault-event-deprecated"
                && f.pointer == format!("{lag}/Properties/Notifications/BackupVaultEvents/1")));
    }

    #[test]
    fn retention_into_an_air_gapped_vault_of_the_template() {
        let template = json!({"Resources": {
            "Lag": {"Type": "AWS::Backup::LogicallyAirGappedBackupVault", "Properties": {
                "BackupVaultName": "lag", "MinRetentionDays": 7, "MaxRetentionDays": 30}},
            "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
                "BackupPlanName": "p", "BackupPlanRule": [{
                    "RuleName": "r", "TargetBackupVault": "Default",
                    "Lifecycle": {"DeleteAfterDays": 35},
                    "TargetLogicallyAirGappedBackupVaultArn": {"Fn::GetAtt": ["Lag", "BackupVaultArn"]},
                    "CopyActions": [{"DestinationBackupVaultArn": {"Fn::GetAtt": "Lag.BackupVaultArn"},
                        "Lifecycle": {"DeleteAfterDays": 5}}]
                }, {
                    "RuleName": "fits", "TargetBackupVault": "Default",
                    "Lifecycle": {"DeleteAfterDays": 30},
                    "TargetLogicallyAirGappedBackupVaultArn": {"Fn::GetAtt": ["Lag", "BackupVaultArn"]}
                }]}}}
        }});
        let rule = "/Resources/Plan/Properties/BackupPlan/BackupPlanRule/0";
        assert_eq!(
            found(&template),
            [
                (
                    "retention-outside-air-gapped-range",
                    format!("{rule}/Lifecycle/DeleteAfterDays")
                ),
                (
                    "retention-outside-air-gapped-range",
                    format!("{rule}/CopyActions/0/Lifecycle/DeleteAfterDays")
                ),
            ]
        );
    }

    #[test]
    fn restore_testing_vaults_of_the_template_and_intrinsics() {
        let template = json!({"Resources": {
            "Lag": {"Type": "AWS::Backup::LogicallyAirGappedBackupVault", "Properties": {
                "BackupVaultName": "lag", "MinRetentionDays": 7, "MaxRetentionDays": 30}},
            "Tests": restore_plan(json!({
                "RestoreTestingPlanName": {"Ref": "Name"},
                "ScheduleExpression": {"Ref": "Schedule"},
                "RecoveryPointSelection": {
                    "Algorithm": "RANDOM_WITHIN_WINDOW",
                    "RecoveryPointTypes": [{"Ref": "Type"}],
                    "IncludeVaults": [{"Fn::GetAtt": ["Lag", "BackupVaultArn"]}, {"Ref": "Other"}]
                }
            }))
        }});
        assert_eq!(found(&template), []);
        assert_eq!(lint_template(&template).skipped.len(), 4);
    }

    /// A restore testing selection's intrinsics are listed even when the template has no
    /// backup selection (each resource's reading is flushed on its own).
    #[test]
    fn restore_testing_selection_intrinsics_are_listed() {
        let template = json!({"Resources": {
            "Sel": restore_selection(json!({
                "IamRoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
                "ValidationWindowHours": {"Ref": "Hours"}
            }))
        }});
        let report = lint_template(&template);
        let skipped: Vec<&str> = report.skipped.iter().map(|s| s.pointer.as_str()).collect();
        assert!(
            skipped.contains(&"/Resources/Sel/Properties/IamRoleArn")
                && skipped.contains(&"/Resources/Sel/Properties/ValidationWindowHours"),
            "{skipped:?}"
        );
    }
}

//! Reading the types and properties of the 2024–2026 features into the model: tiering
//! configurations, legal holds, malware scanning (`ScanSettings`, `ScanActions`), archive
//! opt-in and the S3 advanced backup options. The model's validation (the rule book) then
//! checks them as it checks the builder's.

use serde_json::Value;

use super::{child, Linter};
use crate::cfn::backup_backup_plan::{
    AdvancedBackupSettingResourceType, ScanActionResourceType, ScanSettingResourceType,
};
use crate::cfn::backup_legal_hold::CfnLegalHold;
use crate::cfn::backup_tiering_configuration::{CfnTieringConfiguration, ResourceSelection};
use crate::cfn::Cfn;
use crate::{
    BackupPlan, BackupPlanRule, CfnValue, Duration, LegalHold, S3BackupOptions, ScanMode,
    ScanSetting, TieringConfiguration, TieringSelection, VaultRef, MALWARE_SCANNER,
};

impl<'t> Linter<'t> {
    /// A rule's `ScanActions`.
    pub(super) fn rule_features(
        &mut self,
        path: &str,
        at: &str,
        actions: Option<Vec<ScanActionResourceType>>,
        mut model: BackupPlanRule,
    ) -> BackupPlanRule {
        let Some(actions) = actions else {
            return model;
        };
        let actions_at = child(at, "ScanActions");
        self.map(format!("{path}.scan_actions"), &actions_at);
        for action in actions {
            // Other values are the schema checks' (enums); only GuardDuty actions count here.
            if literal(&action.malware_scanner).is_some_and(|s| s != MALWARE_SCANNER) {
                continue;
            }
            match literal(&action.scan_mode) {
                Some("INCREMENTAL_SCAN") => model = model.scan_action(ScanMode::Incremental),
                _ => model = model.scan_action(ScanMode::Full),
            }
        }
        model
    }

    /// A plan's `ScanSettings` and the `S3` entry of its `AdvancedBackupSettings`.
    pub(super) fn plan_features(
        &mut self,
        path: &str,
        plan_at: &str,
        scan_settings: Option<Vec<ScanSettingResourceType>>,
        advanced: Option<Vec<AdvancedBackupSettingResourceType>>,
        mut plan: BackupPlan,
    ) -> BackupPlan {
        let settings_at = child(plan_at, "ScanSettings");
        let settings = self
            .reader
            .slots(&settings_at, scan_settings.unwrap_or_default());
        for (index, setting) in settings {
            let Some(setting) = setting else {
                continue;
            };
            let at = child(&settings_at, index);
            let setting_path = format!("{path}.scan_settings[{index}]");
            self.map(&setting_path, &at);
            let role_at = child(&at, "ScannerRoleArn");
            self.map(format!("{setting_path}.scanner_role"), &role_at);
            let role = setting.scanner_role_arn.unwrap_or_else(super::placeholder);
            let types_at = child(&at, "ResourceTypes");
            self.map(format!("{setting_path}.resource_types"), &types_at);
            let types: Option<Vec<String>> = setting.resource_types.and_then(|types| {
                self.reader
                    .slots(&types_at, types)
                    .into_iter()
                    .map(|(_, t)| t.and_then(|t| t.as_literal().map(String::from)))
                    .collect()
            });
            match types {
                Some(types) => plan = plan.scan_setting(ScanSetting::new(role, types)),
                // Left to deploy time: a setting exists, its types are unknown.
                None => plan = plan.scan_setting(ScanSetting::new(role, ["ALL"])),
            }
        }
        let advanced_at = child(plan_at, "AdvancedBackupSettings");
        for (index, setting) in self
            .reader
            .slots(&advanced_at, advanced.unwrap_or_default())
        {
            let at = child(&advanced_at, index);
            if let Some(options) = setting.and_then(|s| self.s3_options(path, &at, s)) {
                plan = plan.s3_backup_options(options);
            }
        }
        plan
    }

    fn s3_options(
        &mut self,
        path: &str,
        at: &str,
        setting: AdvancedBackupSettingResourceType,
    ) -> Option<S3BackupOptions> {
        if setting
            .resource_type
            .as_ref()
            .and_then(CfnValue::as_literal)
            != Some("S3")
        {
            return None;
        }
        let options = setting.backup_options?;
        let options = options.as_object()?;
        let options_at = child(at, "BackupOptions");
        let mut read = |key: &str, field: &str| {
            let value = options.get(key).and_then(Value::as_str);
            self.map(
                format!("{path}.s3_backup_options.{field}"),
                child(&options_at, key),
            );
            !value.is_some_and(|v| v.eq_ignore_ascii_case("disabled"))
        };
        Some(S3BackupOptions {
            backup_acls: read("BackupACLs", "backup_acls"),
            backup_object_tags: read("BackupObjectTags", "backup_object_tags"),
        })
    }

    /// An `AWS::Backup::TieringConfiguration`.
    pub(super) fn tiering(
        &mut self,
        id: &str,
        base: &str,
        resource: &Value,
    ) -> TieringConfiguration {
        let path = format!("tiering_configurations[{id}]");
        self.map(&path, base);
        let properties_at = child(base, "Properties");
        let Some(properties) = self.properties::<CfnTieringConfiguration>(resource, base) else {
            // Nothing to check: a stand-in selection keeps the count rule quiet.
            return TieringConfiguration::all_vaults(id)
                .selection(TieringSelection::all_buckets(Duration::days(60)));
        };
        let vault_at = child(&properties_at, "BackupVaultName");
        self.map(format!("{path}.vault"), &vault_at);
        let mut model = match properties.backup_vault_name {
            Some(name) if name.as_literal() == Some("*") => TieringConfiguration::all_vaults(id),
            Some(name) => TieringConfiguration::new(id, self.target_vault(Some(name), &vault_at)),
            None => TieringConfiguration::new(id, VaultRef::Name(super::placeholder())),
        };
        if let Some(name) = literal(&properties.tiering_configuration_name) {
            let name_at = child(&properties_at, "TieringConfigurationName");
            self.map(format!("{path}.name"), &name_at);
            model = model.name(name);
        }
        let selections_at = child(&properties_at, "ResourceSelection");
        self.map(format!("{path}.selections"), &selections_at);
        match properties.resource_selection {
            None if self.left_to_deploy(&selections_at) => {
                model = model.selection(TieringSelection::all_buckets(Duration::days(60)));
            }
            selections => {
                let selections = selections.unwrap_or_default();
                for (index, selection) in self.reader.slots(&selections_at, selections) {
                    let at = child(&selections_at, index);
                    let selection_path = format!("{path}.selections[{index}]");
                    let selection = match selection {
                        Some(selection) => self.tiering_selection(&selection_path, &at, selection),
                        None => TieringSelection::all_buckets(Duration::days(60)),
                    };
                    model = model.selection(selection);
                }
            }
        }
        model
    }

    fn tiering_selection(
        &mut self,
        path: &str,
        at: &str,
        selection: ResourceSelection,
    ) -> TieringSelection {
        let type_at = child(at, "ResourceType");
        if let Some(kind) = literal(&selection.resource_type) {
            self.check(&type_at, crate::rules::check_tiering_resource_type(kind));
        }
        let days_at = child(at, "TieringDownSettingsInDays");
        self.map(format!("{path}.tier_down_after"), &days_at);
        let days = match selection.tiering_down_settings_in_days {
            Some(Cfn::Value(days)) => days,
            _ => 60,
        };
        let resources_at = child(at, "Resources");
        self.map(format!("{path}.resources"), &resources_at);
        let after = Duration::days(days);
        match selection.resources {
            Some(resources) => TieringSelection::buckets(resources, after),
            None if self.unread(&resources_at) && !self.left_to_deploy(&resources_at) => {
                TieringSelection::buckets(Vec::<CfnValue>::new(), after)
            }
            None => TieringSelection::all_buckets(after),
        }
    }

    /// An `AWS::Backup::LegalHold`.
    pub(super) fn legal_hold(&mut self, id: &str, base: &str, resource: &Value) -> LegalHold {
        let path = format!("legal_holds[{id}]");
        self.map(&path, base);
        let properties_at = child(base, "Properties");
        let Some(properties) = self.properties::<CfnLegalHold>(resource, base) else {
            return LegalHold::new(id, super::placeholder(), super::placeholder());
        };
        let title = properties.title.unwrap_or_else(super::placeholder);
        let description = properties.description.unwrap_or_else(super::placeholder);
        let mut hold = LegalHold::new(id, title, description);
        let Some(selection) = properties.recovery_point_selection else {
            return hold;
        };
        let selection_at = child(&properties_at, "RecoveryPointSelection");
        let vaults_at = child(&selection_at, "VaultNames");
        let vaults = selection.vault_names.unwrap_or_default();
        let mut count = 0;
        for (index, vault) in self.reader.slots(&vaults_at, vaults) {
            let Some(vault) = vault else {
                continue;
            };
            self.map(format!("{path}.vaults[{count}]"), child(&vaults_at, index));
            count += 1;
            hold = hold.vault(match vault.as_literal() {
                Some(name) => VaultRef::from_name(name),
                None => VaultRef::Name(vault),
            });
        }
        for resource in selection.resource_identifiers.unwrap_or_default() {
            hold = hold.resource(resource);
        }
        if let Some(range) = selection.date_range {
            let range_at = child(&selection_at, "DateRange");
            self.map(
                format!("{path}.date_range.from"),
                child(&range_at, "FromDate"),
            );
            self.map(format!("{path}.date_range.to"), child(&range_at, "ToDate"));
            if let (Some(from), Some(to)) = (range.from_date, range.to_date) {
                hold = hold.date_range(from, to);
            }
        }
        hold
    }
}

/// The literal text of an optional value.
fn literal(value: &Option<CfnValue>) -> Option<&str> {
    value.as_ref().and_then(CfnValue::as_literal)
}

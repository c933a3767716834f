//! Reading the types and properties of the 2024–2026 features into the model: tiering
//! configurations, legal holds, malware scanning (`ScanSettings`, `ScanActions`), archive
//! opt-in and the S3 advanced backup options. The model's validation (the rule book) then
//! checks them as it checks the builder's.

use serde_json::{Map, Value};

use super::{child, intrinsic, Linter, Text};
use crate::cfn::backup_backup_plan::{
    AdvancedBackupSettingResourceType, ScanActionResourceType, ScanSettingResourceType,
};
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

    /// Strings of a list, literal or intrinsic.
    fn text_list(&mut self, value: Option<&Value>, at: &str) -> Vec<Text> {
        let Some(items) = self.array(value, at) else {
            return Vec::new();
        };
        let mut read = Vec::new();
        for (index, item) in items.iter().enumerate() {
            if let Some(text) = self.text(Some(item), &child(at, index)) {
                read.push(text);
            }
        }
        read
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
        let properties = resource
            .get("Properties")
            .and_then(|p| self.object(Some(p), &properties_at));
        let Some(properties) = properties else {
            // Nothing to check: a stand-in selection keeps the count rule quiet.
            return TieringConfiguration::all_vaults(id)
                .selection(TieringSelection::all_buckets(Duration::days(60)));
        };
        let vault_at = child(&properties_at, "BackupVaultName");
        self.map(format!("{path}.vault"), &vault_at);
        let vault_value = properties.get("BackupVaultName");
        let mut model = match vault_value {
            Some(Value::String(name)) if name == "*" => TieringConfiguration::all_vaults(id),
            Some(value) => TieringConfiguration::new(id, self.tiering_vault(value, &vault_at)),
            None => TieringConfiguration::new(id, VaultRef::Name(super::placeholder())),
        };
        let name_at = child(&properties_at, "TieringConfigurationName");
        if let Some(name) = self.literal(properties.get("TieringConfigurationName"), &name_at) {
            self.map(format!("{path}.name"), &name_at);
            model = model.name(name);
        }
        let selections_at = child(&properties_at, "ResourceSelection");
        self.map(format!("{path}.selections"), &selections_at);
        match properties.get("ResourceSelection") {
            Some(value) if intrinsic(value).is_some() => {
                self.text(Some(value), &selections_at);
                model = model.selection(TieringSelection::all_buckets(Duration::days(60)));
            }
            value => {
                for (index, selection) in self
                    .array(value, &selections_at)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let at = child(&selections_at, index);
                    let selection_path = format!("{path}.selections[{index}]");
                    model =
                        model.selection(self.tiering_selection(&selection_path, &at, selection));
                }
            }
        }
        model
    }

    fn tiering_vault(&mut self, value: &Value, at: &str) -> VaultRef {
        if let Some(vault) = self.vault_in_template(value, true) {
            return vault;
        }
        match self.text(Some(value), at) {
            Some(Text::Literal(name)) => VaultRef::from_name(name),
            Some(Text::Intrinsic(value)) => VaultRef::Name(crate::CfnValue::raw(value)),
            None => VaultRef::Name(super::placeholder()),
        }
    }

    fn tiering_selection(&mut self, path: &str, at: &str, selection: &Value) -> TieringSelection {
        let fallback = || TieringSelection::all_buckets(Duration::days(60));
        let Some(selection) = self.object(Some(selection), at) else {
            return fallback();
        };
        let type_at = child(at, "ResourceType");
        if let Some(kind) = self.literal(selection.get("ResourceType"), &type_at) {
            self.check(&type_at, crate::rules::check_tiering_resource_type(&kind));
        }
        let days_at = child(at, "TieringDownSettingsInDays");
        self.map(format!("{path}.tier_down_after"), &days_at);
        let days = self
            .integer(selection.get("TieringDownSettingsInDays"), &days_at)
            .unwrap_or(60);
        let resources_at = child(at, "Resources");
        self.map(format!("{path}.resources"), &resources_at);
        let after = Duration::days(days);
        match selection.get("Resources") {
            Some(value) if intrinsic(value).is_some() => {
                self.text(Some(value), &resources_at);
                TieringSelection::all_buckets(after)
            }
            None => TieringSelection::all_buckets(after),
            value => {
                let resources = self.text_list(value, &resources_at);
                TieringSelection::buckets(resources.into_iter().map(Text::value), after)
            }
        }
    }

    /// An `AWS::Backup::LegalHold`.
    pub(super) fn legal_hold(&mut self, id: &str, base: &str, resource: &Value) -> LegalHold {
        let path = format!("legal_holds[{id}]");
        self.map(&path, base);
        let properties_at = child(base, "Properties");
        let text = |linter: &mut Self, properties: &Map<String, Value>, key: &str| {
            linter
                .text(properties.get(key), &child(&properties_at, key))
                .map_or_else(super::placeholder, Text::value)
        };
        let Some(properties) = resource
            .get("Properties")
            .and_then(|p| self.object(Some(p), &properties_at))
        else {
            return LegalHold::new(id, super::placeholder(), super::placeholder());
        };
        let title = text(self, properties, "Title");
        let description = text(self, properties, "Description");
        let mut hold = LegalHold::new(id, title, description);
        let selection_at = child(&properties_at, "RecoveryPointSelection");
        let Some(selection) = self.object(properties.get("RecoveryPointSelection"), &selection_at)
        else {
            return hold;
        };
        let vaults_at = child(&selection_at, "VaultNames");
        for (index, vault) in self
            .text_list(selection.get("VaultNames"), &vaults_at)
            .into_iter()
            .enumerate()
        {
            self.map(format!("{path}.vaults[{index}]"), child(&vaults_at, index));
            hold = hold.vault(match vault {
                Text::Literal(name) => VaultRef::from_name(name),
                Text::Intrinsic(value) => VaultRef::Name(crate::CfnValue::raw(value)),
            });
        }
        let resources_at = child(&selection_at, "ResourceIdentifiers");
        for resource in self.text_list(selection.get("ResourceIdentifiers"), &resources_at) {
            hold = hold.resource(resource.value());
        }
        let range_at = child(&selection_at, "DateRange");
        if let Some(range) = self.object(selection.get("DateRange"), &range_at) {
            let from_at = child(&range_at, "FromDate");
            let to_at = child(&range_at, "ToDate");
            self.map(format!("{path}.date_range.from"), &from_at);
            self.map(format!("{path}.date_range.to"), &to_at);
            let from = self.text(range.get("FromDate"), &from_at);
            let to = self.text(range.get("ToDate"), &to_at);
            if let (Some(from), Some(to)) = (from, to) {
                hold = hold.date_range(from.value(), to.value());
            }
        }
        hold
    }
}

/// The literal text of an optional value.
fn literal(value: &Option<CfnValue>) -> Option<&str> {
    value.as_ref().and_then(CfnValue::as_literal)
}

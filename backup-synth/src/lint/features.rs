//! Reading the types and properties of the 2024–2026 features into the model: tiering
//! configurations, legal holds, malware scanning (`ScanSettings`, `ScanActions`), archive
//! opt-in and the S3 advanced backup options. The model's validation (the rule book) then
//! checks them as it checks the builder's.

use serde_json::{Map, Value};

use super::{child, intrinsic, Linter, Text};
use crate::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, Duration, LegalHold, S3BackupOptions,
    ScanMode, ScanSetting, TieringConfiguration, TieringSelection, VaultRef, MALWARE_SCANNER,
};

impl<'t> Linter<'t> {
    /// A rule's `Lifecycle.OptInToArchiveForSupportedResources` and `ScanActions`.
    pub(super) fn rule_features(
        &mut self,
        path: &str,
        at: &str,
        rule: &Map<String, Value>,
        mut model: BackupPlanRule,
    ) -> BackupPlanRule {
        if let Some(opt_in) = self.archive_opt_in(path, at, rule.get("Lifecycle")) {
            model = model.opt_in_to_archive(opt_in);
        }
        let actions_at = child(at, "ScanActions");
        let Some(actions) = self.array(rule.get("ScanActions"), &actions_at) else {
            return model;
        };
        self.map(format!("{path}.scan_actions"), &actions_at);
        for (index, action) in actions.iter().enumerate() {
            let action_at = child(&actions_at, index);
            let Some(action) = self.object(Some(action), &action_at) else {
                continue;
            };
            let mode = self.literal(action.get("ScanMode"), &child(&action_at, "ScanMode"));
            let scanner = self.literal(
                action.get("MalwareScanner"),
                &child(&action_at, "MalwareScanner"),
            );
            // Other values are the schema checks' (enums); only GuardDuty actions count here.
            if scanner.as_deref().is_some_and(|s| s != MALWARE_SCANNER) {
                continue;
            }
            match mode.as_deref() {
                Some("INCREMENTAL_SCAN") => model = model.scan_action(ScanMode::Incremental),
                _ => model = model.scan_action(ScanMode::Full),
            }
        }
        model
    }

    /// A copy action's `Lifecycle.OptInToArchiveForSupportedResources`.
    pub(super) fn copy_features(
        &mut self,
        path: &str,
        at: &str,
        copy: &Map<String, Value>,
        mut model: BackupPlanCopyAction,
    ) -> BackupPlanCopyAction {
        model.opt_in_to_archive = self.archive_opt_in(path, at, copy.get("Lifecycle"));
        model
    }

    fn archive_opt_in(&mut self, path: &str, at: &str, lifecycle: Option<&Value>) -> Option<bool> {
        let lifecycle = lifecycle?.as_object()?;
        let opt_in_at = child(
            &child(at, "Lifecycle"),
            "OptInToArchiveForSupportedResources",
        );
        let opt_in = self.boolean(
            lifecycle.get("OptInToArchiveForSupportedResources"),
            &opt_in_at,
        )?;
        self.map(format!("{path}.opt_in_to_archive"), opt_in_at);
        Some(opt_in)
    }

    /// A plan's `ScanSettings` and the `S3` entry of its `AdvancedBackupSettings`.
    pub(super) fn plan_features(
        &mut self,
        path: &str,
        plan_at: &str,
        body: &Map<String, Value>,
        mut plan: BackupPlan,
    ) -> BackupPlan {
        let settings_at = child(plan_at, "ScanSettings");
        if let Some(settings) = self.array(body.get("ScanSettings"), &settings_at) {
            for (index, setting) in settings.iter().enumerate() {
                let at = child(&settings_at, index);
                let Some(setting) = self.object(Some(setting), &at) else {
                    continue;
                };
                let setting_path = format!("{path}.scan_settings[{index}]");
                self.map(&setting_path, &at);
                let role_at = child(&at, "ScannerRoleArn");
                self.map(format!("{setting_path}.scanner_role"), &role_at);
                let role = match self.text(setting.get("ScannerRoleArn"), &role_at) {
                    Some(text) => text.value(),
                    None => super::placeholder(),
                };
                let types_at = child(&at, "ResourceTypes");
                self.map(format!("{setting_path}.resource_types"), &types_at);
                let types = self.literal_list(setting.get("ResourceTypes"), &types_at);
                match types {
                    Some(types) => plan = plan.scan_setting(ScanSetting::new(role, types)),
                    // Left to deploy time: a setting exists, its types are unknown.
                    None => plan = plan.scan_setting(ScanSetting::new(role, ["ALL"])),
                }
            }
        }
        let advanced_at = child(plan_at, "AdvancedBackupSettings");
        if let Some(settings) = self.array(body.get("AdvancedBackupSettings"), &advanced_at) {
            for (index, setting) in settings.iter().enumerate() {
                let at = child(&advanced_at, index);
                if let Some(options) = self.s3_options(path, &at, setting) {
                    plan = plan.s3_backup_options(options);
                }
            }
        }
        plan
    }

    fn s3_options(&mut self, path: &str, at: &str, setting: &Value) -> Option<S3BackupOptions> {
        let setting = setting.as_object()?;
        if setting.get("ResourceType").and_then(Value::as_str) != Some("S3") {
            return None;
        }
        let options = setting.get("BackupOptions")?.as_object()?;
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

    /// Literal strings of a list; `None` when the list or an item is left to deploy time.
    fn literal_list(&mut self, value: Option<&Value>, at: &str) -> Option<Vec<String>> {
        let items = self.array(value, at)?;
        let mut read = Vec::new();
        for (index, item) in items.iter().enumerate() {
            read.push(self.literal(Some(item), &child(at, index))?);
        }
        Some(read)
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

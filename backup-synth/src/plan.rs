//! Backup plans: rules, the plan vault (created lazily as CDK does), Windows VSS, selections,
//! and CDK's four ready-made plans.

use std::borrow::Cow;
use std::fmt;

use serde_json::{json, Map, Value};

use crate::cfn::backup_backup_plan::{
    AdvancedBackupSettingResourceType, BackupPlanResourceType, CfnBackupPlan,
};
use crate::cfn::CfnMap;
use crate::ids::Seen;
use crate::problem::{Below, Problems};
use crate::rendered::Rendered;
use crate::role::Grantee;
use crate::rule::BackupPlanRule;
use crate::rules;
use crate::scan::{S3BackupOptions, ScanSetting, MALWARE_SCANNER};
use crate::selection::{BackupSelection, PlanRef};
use crate::value::{CfnValue, Environment};
use crate::vault::{BackupVault, VaultRef};

/// A backup plan (`AWS::Backup::BackupPlan`) with its selections.
///
/// ```
/// use backup_dsl::{BackupPlan, BackupPlanRule, BackupResource, BackupSelection};
/// let plan = BackupPlan::new("Plan")
///     .rule(BackupPlanRule::daily())
///     .selection(BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "true")));
/// assert_eq!(plan.rules().len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BackupPlan {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) vault: Option<VaultRef>,
    pub(crate) windows_vss: bool,
    pub(crate) s3_options: Option<S3BackupOptions>,
    pub(crate) scan_settings: Vec<ScanSetting>,
    pub(crate) rules: Vec<BackupPlanRule>,
    pub(crate) selections: Vec<BackupSelection>,
}

impl BackupPlan {
    /// A plan with construct id `id` (also its default name) and no rule yet.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: None,
            vault: None,
            windows_vss: false,
            s3_options: None,
            scan_settings: Vec::new(),
            rules: Vec::new(),
            selections: Vec::new(),
        }
    }

    /// CDK's `daily35DayRetention`: `daily`.
    pub fn daily_35_day_retention(id: impl Into<String>) -> Self {
        Self::new(id).rule(BackupPlanRule::daily())
    }

    /// CDK's `dailyMonthly1YearRetention`: `daily`, `monthly1Year`.
    pub fn daily_monthly_1_year_retention(id: impl Into<String>) -> Self {
        Self::daily_35_day_retention(id).rule(BackupPlanRule::monthly_1_year())
    }

    /// CDK's `dailyWeeklyMonthly5YearRetention`: `daily`, `weekly`, `monthly5Year`.
    pub fn daily_weekly_monthly_5_year_retention(id: impl Into<String>) -> Self {
        Self::daily_35_day_retention(id)
            .rule(BackupPlanRule::weekly())
            .rule(BackupPlanRule::monthly_5_year())
    }

    /// CDK's `dailyWeeklyMonthly7YearRetention`: `daily`, `weekly`, `monthly7Year`.
    pub fn daily_weekly_monthly_7_year_retention(id: impl Into<String>) -> Self {
        Self::daily_35_day_retention(id)
            .rule(BackupPlanRule::weekly())
            .rule(BackupPlanRule::monthly_7_year())
    }

    /// An existing plan, by id, for selections added outside a plan.
    pub fn from_id(plan_id: impl Into<CfnValue>) -> PlanRef {
        PlanRef::Existing(plan_id.into())
    }

    /// A reference to this plan, for selections added to the stack separately.
    pub fn reference(&self) -> PlanRef {
        PlanRef::InStack(self.id.clone())
    }

    /// The construct id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Sets `BackupPlanName` (default: the id; an empty name also falls back to it).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the plan vault, used by every rule without its own.
    pub fn vault(mut self, vault: impl Into<VaultRef>) -> Self {
        self.vault = Some(vault.into());
        self
    }

    /// Enables Windows VSS for EC2 backups (`AdvancedBackupSettings`).
    pub fn windows_vss(mut self, enable: bool) -> Self {
        self.windows_vss = enable;
        self
    }

    /// Sets the S3 advanced backup options (`AdvancedBackupSettings` for `S3`).
    pub fn s3_backup_options(mut self, options: S3BackupOptions) -> Self {
        self.s3_options = Some(options);
        self
    }

    /// Adds a malware scan setting (`ScanSettings`); rules scan with
    /// [`BackupPlanRule::scan_action`].
    pub fn scan_setting(mut self, setting: ScanSetting) -> Self {
        self.scan_settings.push(setting);
        self
    }

    /// Adds a rule.
    pub fn rule(mut self, rule: BackupPlanRule) -> Self {
        self.add_rule(rule);
        self
    }

    /// Adds a rule to a plan held by reference.
    pub fn add_rule(&mut self, rule: BackupPlanRule) -> &mut Self {
        self.rules.push(rule);
        self
    }

    /// Adds a selection.
    pub fn selection(mut self, selection: BackupSelection) -> Self {
        self.add_selection(selection);
        self
    }

    /// Adds a selection to a plan held by reference.
    pub fn add_selection(&mut self, selection: BackupSelection) -> &mut Self {
        self.selections.push(selection);
        self
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[BackupPlanRule] {
        &self.rules
    }

    /// The selections, in order.
    pub fn selections(&self) -> &[BackupSelection] {
        &self.selections
    }

    /// The role grants to the selection `selection_id` of this plan land on (CDK's
    /// `selection.grantPrincipal`): its generated role (`<plan>/<selection>/Role`) or its
    /// [`crate::Role`]; `None` for an unknown selection or an imported role.
    ///
    /// ```
    /// use backup_dsl::{BackupPlan, BackupResource, BackupSelection, BackupVault, Stack};
    /// let plan = BackupPlan::daily_35_day_retention("Plan")
    ///     .selection(BackupSelection::new("Selection").resource(BackupResource::tag("a", "b")));
    /// let vault = BackupVault::new("CopyVault");
    /// let mut stack = Stack::new("Stack");
    /// stack.grant(&vault, plan.grant_principal("Selection").unwrap(), ["backup:StartCopyJob"]);
    /// stack.add(plan).add(vault);
    /// let template = stack.synth().unwrap();
    /// assert!(template.json()["Resources"]["PlanSelectionRoleDefaultPolicyB03E5515"].is_object());
    /// ```
    pub fn grant_principal(&self, selection_id: &str) -> Option<Grantee> {
        self.selections
            .iter()
            .find(|s| s.id() == selection_id)?
            .grant_principal_in(&self.id)
    }

    pub(crate) fn plan_name(&self) -> &str {
        self.name
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or(&self.id)
    }

    /// CDK's default rule name: `<plan id>Rule<index>`.
    pub fn rule_name(&self, index: usize) -> String {
        self.rule_name_text(index).into_owned()
    }

    /// [`BackupPlan::rule_name`], borrowed when the rule has a name.
    fn rule_name_text(&self, index: usize) -> Cow<'_, str> {
        match self.rules[index].rule_name() {
            Some(name) => Cow::Borrowed(name),
            None => Cow::Owned(format!("{}Rule{index}", self.id)),
        }
    }

    /// Whether the plan needs its automatic vault (a rule without a vault, no plan vault).
    pub fn needs_auto_vault(&self) -> bool {
        self.vault.is_none() && self.rules.iter().any(|r| r.target_vault().is_none())
    }

    /// The vault a rule writes to.
    pub fn rule_vault(&self, index: usize) -> VaultRef {
        let auto = || VaultRef::InStack(format!("{}/Vault", self.id));
        self.rules[index]
            .target_vault()
            .or(self.vault.as_ref())
            .cloned()
            .unwrap_or_else(auto)
    }

    /// [`BackupPlan::rule_vault`], borrowed; `auto` gives the reference to the plan's
    /// automatic vault, asked for only when the rule writes to it.
    pub(crate) fn rule_vault_or<'a>(
        &'a self,
        index: usize,
        auto: impl FnOnce() -> &'a VaultRef,
    ) -> &'a VaultRef {
        self.rules[index]
            .target_vault()
            .or(self.vault.as_ref())
            .unwrap_or_else(auto)
    }

    /// Checks the plan, its rules and selections; paths are `path.<key>`.
    pub fn validate(&self, path: &(impl fmt::Display + ?Sized), problems: &mut Problems) {
        problems.check(
            || format!("{path}.name"),
            rules::check_plan_name(self.plan_name()),
        );
        problems.check(
            || format!("{path}.rules"),
            rules::check_plan_has_rules(self.rules.len()),
        );
        if let Some(vault) = &self.vault {
            problems.check(|| format!("{path}.vault"), vault.validate());
        }
        let mut names = Seen::for_count(self.rules.len());
        for index in 0..self.rules.len() {
            let at = Below::new(path, "rules", &index);
            self.rules[index].validate(&at, problems);
            let name = self.rule_name_text(index);
            let repeated = names.repeated(name.clone());
            problems.check(
                || format!("{at}.name"),
                rules::check_rule_name_unique(&name, repeated),
            );
            if self.rules[index].rule_name().is_none() {
                problems.check(|| format!("{at}.name"), rules::check_rule_name(&name));
            }
        }
        self.validate_scanning(path, problems);
        problems.check(
            || format!("{path}.selections"),
            rules::check_selection_count(self.selections.len()),
        );
        let mut ids = Seen::for_count(self.selections.len());
        for selection in &self.selections {
            let at = Below::new(path, "selections", selection.id());
            problems.check(
                || format!("{at}.id"),
                rules::check_unique_id(selection.id(), ids.repeated(selection.id().into())),
            );
            selection.validate(&at, problems);
        }
    }

    /// Scan settings, rules' scan actions and the S3 advanced options.
    fn validate_scanning(&self, path: &(impl fmt::Display + ?Sized), problems: &mut Problems) {
        if let Some(options) = &self.s3_options {
            options.validate(&format!("{path}.s3_backup_options"), problems);
        }
        for (index, setting) in self.scan_settings.iter().enumerate() {
            setting.validate(&format!("{path}.scan_settings[{index}]"), problems);
        }
        for (index, rule) in self.rules.iter().enumerate() {
            problems.check(
                || format!("{path}.rules[{index}].scan_actions"),
                rules::check_scan_settings_for_actions(
                    MALWARE_SCANNER,
                    !rule.scan_actions().is_empty(),
                    !self.scan_settings.is_empty(),
                ),
            );
        }
    }

    /// The plan's automatic vault, when it needs one.
    pub(crate) fn auto_vault(&self) -> Option<BackupVault> {
        self.needs_auto_vault()
            .then(|| BackupVault::new(format!("{}/Vault", self.id)))
    }

    /// Renders the plan resource; `auto_vault_id` is the logical id of its automatic vault
    /// ([`BackupPlan::auto_vault`]), if it has one.
    pub(crate) fn render(
        &self,
        env: &Environment,
        tags: &Map<String, Value>,
        auto_vault_id: Option<&str>,
    ) -> Rendered {
        // Every rule without its own vault targets the same vault: compute its name once.
        let default_vault = match (&self.vault, auto_vault_id) {
            (Some(vault), _) => CfnValue::raw(vault.name_value()),
            (None, Some(id)) => CfnValue::get_att_of(id, "BackupVaultName"),
            (None, None) => CfnValue::literal_static(""), // every rule names its vault
        };
        let rules = (0..self.rules.len())
            .map(|i| {
                let vault = self.rules[i].target_vault().map_or_else(
                    || default_vault.clone(),
                    |vault| CfnValue::raw(vault.name_value()),
                );
                self.rules[i].render(&self.rule_name_text(i), vault, env)
            })
            .collect();
        let windows_vss = || AdvancedBackupSettingResourceType {
            backup_options: Some(json!({ "WindowsVSS": "enabled" }).into()),
            resource_type: Some(CfnValue::literal_static("EC2")),
        };
        let properties = CfnBackupPlan {
            backup_plan: Some(BackupPlanResourceType {
                advanced_backup_settings: non_empty(
                    self.windows_vss
                        .then(windows_vss)
                        .into_iter()
                        .chain(self.s3_options.map(|o| o.render()))
                        .collect(),
                ),
                scan_settings: non_empty(self.scan_settings.iter().map(|s| s.render()).collect()),
                backup_plan_name: Some(CfnValue::literal(self.plan_name())),
                backup_plan_rule: Some(rules),
            }),
            backup_plan_tags: tag_map(tags),
        };
        Rendered::new(CfnBackupPlan::TYPE_NAME, properties)
    }
}

/// Stack tags as a generated map property (`None` when there are none).
pub(crate) fn tag_map(tags: &Map<String, Value>) -> Option<CfnMap<CfnValue>> {
    (!tags.is_empty()).then(|| {
        CfnMap(
            tags.iter()
                .map(|(k, v)| (k.clone(), CfnValue::raw(v.clone())))
                .collect(),
        )
    })
}

/// `None` for an empty list: CDK leaves empty lists out.
fn non_empty<T>(items: Vec<T>) -> Option<Vec<T>> {
    (!items.is_empty()).then_some(items)
}

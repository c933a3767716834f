//! Restore testing: plans that regularly restore recovery points (`AWS::Backup::RestoreTestingPlan`)
//! and the selections of protected resources they test (`AWS::Backup::RestoreTestingSelection`),
//! with the IAM role AWS Backup assumes to restore.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::air_gapped::LogicallyAirGappedBackupVault;
use crate::cfn::backup_restore_testing_plan::{
    CfnRestoreTestingPlan, RestoreTestingRecoveryPointSelection, Tag as PlanTag,
};
use crate::cfn::backup_restore_testing_selection::{
    CfnRestoreTestingSelection, KeyValue, ProtectedResourceConditions,
};
use crate::cfn::{Cfn, CfnMap};
use crate::duration::Duration;
use crate::ids::{logical_id, resource_logical_id};
use crate::problem::Problems;
use crate::rendered::Rendered;
use crate::role::RoleRef;
use crate::rule::Schedule;
use crate::rules;
use crate::selection::backup_service_role;
use crate::value::{CfnValue, Environment};
use crate::vault::{BackupVault, VaultRef};

/// The managed policy of a generated restore testing role (and of a [`crate::Role`] given to a
/// restore testing selection).
pub(crate) const RESTORES_POLICY: &str = "service-role/AWSBackupServiceRolePolicyForRestores";

/// How a restore testing plan picks the recovery point to restore (`Algorithm`).
///
/// ```
/// use backup_dsl::RestoreTestingAlgorithm;
/// assert_eq!(RestoreTestingAlgorithm::RandomWithinWindow.as_str(), "RANDOM_WITHIN_WINDOW");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RestoreTestingAlgorithm {
    /// The latest recovery point within the selection window (the default).
    #[default]
    LatestWithinWindow,
    /// A random recovery point within the selection window.
    RandomWithinWindow,
}

impl RestoreTestingAlgorithm {
    /// The CloudFormation value.
    ///
    /// ```
    /// use backup_dsl::RestoreTestingAlgorithm;
    /// assert_eq!(RestoreTestingAlgorithm::LatestWithinWindow.as_str(), "LATEST_WITHIN_WINDOW");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RestoreTestingAlgorithm::LatestWithinWindow => "LATEST_WITHIN_WINDOW",
            RestoreTestingAlgorithm::RandomWithinWindow => "RANDOM_WITHIN_WINDOW",
        }
    }

    /// The algorithm named `text` (the CloudFormation spelling).
    ///
    /// ```
    /// use backup_dsl::RestoreTestingAlgorithm;
    /// assert_eq!(RestoreTestingAlgorithm::from_name("RANDOM_WITHIN_WINDOW"), Some(RestoreTestingAlgorithm::RandomWithinWindow));
    /// assert_eq!(RestoreTestingAlgorithm::from_name("OLDEST"), None);
    /// ```
    pub fn from_name(text: &str) -> Option<Self> {
        match text {
            "LATEST_WITHIN_WINDOW" => Some(RestoreTestingAlgorithm::LatestWithinWindow),
            "RANDOM_WITHIN_WINDOW" => Some(RestoreTestingAlgorithm::RandomWithinWindow),
            _ => None,
        }
    }
}

/// A kind of recovery point a restore testing plan restores (`RecoveryPointTypes`).
///
/// ```
/// use backup_dsl::RecoveryPointType;
/// assert_eq!(RecoveryPointType::Continuous.as_str(), "CONTINUOUS");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecoveryPointType {
    /// Snapshot recovery points.
    Snapshot,
    /// Continuous (point-in-time) recovery points.
    Continuous,
}

impl RecoveryPointType {
    /// The CloudFormation value.
    ///
    /// ```
    /// use backup_dsl::RecoveryPointType;
    /// assert_eq!(RecoveryPointType::Snapshot.as_str(), "SNAPSHOT");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RecoveryPointType::Snapshot => "SNAPSHOT",
            RecoveryPointType::Continuous => "CONTINUOUS",
        }
    }
}

/// A vault entry of `IncludeVaults` / `ExcludeVaults`: every vault, a vault, or an ARN pattern.
///
/// ```
/// use backup_dsl::{RestoreTestingVault, VaultRef};
/// let all = RestoreTestingVault::All;
/// let pattern = RestoreTestingVault::from("arn:aws:backup:*:*:backup-vault:prod-*");
/// let vault = RestoreTestingVault::from(VaultRef::from_name("prod"));
/// assert_ne!(all, pattern);
/// # let _ = vault;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum RestoreTestingVault {
    /// `*`: every vault.
    All,
    /// A vault (its ARN is emitted).
    Vault(VaultRef),
    /// An ARN, or an ARN pattern with `*`, verbatim.
    Pattern(String),
}

impl RestoreTestingVault {
    fn render(&self, env: &Environment) -> CfnValue {
        match self {
            RestoreTestingVault::All => CfnValue::literal("*"),
            RestoreTestingVault::Vault(vault) => CfnValue::raw(vault.arn_value(env)),
            RestoreTestingVault::Pattern(text) => CfnValue::literal(text.as_str()),
        }
    }

    fn validate(&self, key: &str, path: impl FnOnce() -> String + Copy, problems: &mut Problems) {
        match self {
            RestoreTestingVault::All => {}
            RestoreTestingVault::Vault(vault) => {
                problems.check(path, vault.validate());
            }
            RestoreTestingVault::Pattern(text) => {
                problems.check(path, rules::check_restore_testing_vault_selector(key, text));
            }
        }
    }
}

impl From<VaultRef> for RestoreTestingVault {
    fn from(vault: VaultRef) -> Self {
        RestoreTestingVault::Vault(vault)
    }
}

impl From<&BackupVault> for RestoreTestingVault {
    fn from(vault: &BackupVault) -> Self {
        RestoreTestingVault::Vault(vault.reference())
    }
}

impl From<&LogicallyAirGappedBackupVault> for RestoreTestingVault {
    fn from(vault: &LogicallyAirGappedBackupVault) -> Self {
        RestoreTestingVault::Vault(vault.reference())
    }
}

impl From<&str> for RestoreTestingVault {
    /// `*` is [`RestoreTestingVault::All`]; anything else an ARN or ARN pattern.
    fn from(text: &str) -> Self {
        if text == "*" {
            RestoreTestingVault::All
        } else {
            RestoreTestingVault::Pattern(text.to_string())
        }
    }
}

impl From<String> for RestoreTestingVault {
    fn from(text: String) -> Self {
        RestoreTestingVault::from(text.as_str())
    }
}

/// The restore testing plan a selection belongs to (`RestoreTestingPlanName`).
///
/// ```
/// use backup_dsl::RestoreTestingPlanRef;
/// assert_ne!(RestoreTestingPlanRef::in_stack("Plan"), RestoreTestingPlanRef::from_name("existing_plan"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum RestoreTestingPlanRef {
    /// A [`RestoreTestingPlan`] in the stack, by construct id (rendered as its `Ref`, the name).
    InStack(String),
    /// An existing plan, by name.
    Name(CfnValue),
}

impl RestoreTestingPlanRef {
    /// A [`RestoreTestingPlan`] added to the same stack, by construct id.
    ///
    /// ```
    /// use backup_dsl::RestoreTestingPlanRef;
    /// let plan = RestoreTestingPlanRef::in_stack("RestoreTests");
    /// # let _ = plan;
    /// ```
    pub fn in_stack(id: impl Into<String>) -> Self {
        RestoreTestingPlanRef::InStack(id.into())
    }

    /// An existing plan, by name.
    ///
    /// ```
    /// use backup_dsl::RestoreTestingPlanRef;
    /// let plan = RestoreTestingPlanRef::from_name("weekly_restores");
    /// # let _ = plan;
    /// ```
    pub fn from_name(name: impl Into<CfnValue>) -> Self {
        RestoreTestingPlanRef::Name(name.into())
    }

    fn name_value(&self) -> CfnValue {
        match self {
            RestoreTestingPlanRef::InStack(id) => CfnValue::reference(&resource_logical_id(id)),
            RestoreTestingPlanRef::Name(name) => name.clone(),
        }
    }
}

impl From<&RestoreTestingPlan> for RestoreTestingPlanRef {
    fn from(plan: &RestoreTestingPlan) -> Self {
        plan.reference()
    }
}

/// A restore testing plan (`AWS::Backup::RestoreTestingPlan`): when to test, and which
/// recovery points to restore.
///
/// ```
/// use backup_dsl::{
///     Duration, RecoveryPointType, RestoreTestingAlgorithm, RestoreTestingPlan,
///     RestoreTestingSelection, Stack,
/// };
/// let plan = RestoreTestingPlan::new("RestoreTests", "cron(0 3 ? * SUN *)")
///     .schedule_timezone("Europe/Brussels")
///     .start_window(Duration::hours(12))
///     .algorithm(RestoreTestingAlgorithm::RandomWithinWindow)
///     .recovery_point_types([RecoveryPointType::Snapshot])
///     .include_all_vaults()
///     .selection_window(Duration::days(7))
///     .selection(RestoreTestingSelection::new("Volumes", "EBS").all_protected_resources());
/// let template = Stack::new("Stack").with(plan).synth().unwrap();
/// let resources = template.json()["Resources"].as_object().unwrap();
/// assert_eq!(resources.len(), 3); // the plan, the selection and its role
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RestoreTestingPlan {
    id: String,
    name: Option<String>,
    schedule: Schedule,
    schedule_timezone: Option<String>,
    start_window: Option<Duration>,
    algorithm: RestoreTestingAlgorithm,
    recovery_point_types: Option<Vec<RecoveryPointType>>,
    include_vaults: Vec<RestoreTestingVault>,
    exclude_vaults: Vec<RestoreTestingVault>,
    selection_window: Option<Duration>,
    selections: Vec<RestoreTestingSelection>,
}

impl RestoreTestingPlan {
    /// A plan with construct id `id` running on `schedule` (an AWS cron expression).
    ///
    /// ```
    /// use backup_dsl::RestoreTestingPlan;
    /// let plan = RestoreTestingPlan::new("RestoreTests", "cron(0 3 ? * SUN *)");
    /// assert_eq!(plan.id(), "RestoreTests");
    /// ```
    pub fn new(id: impl Into<String>, schedule: impl Into<Schedule>) -> Self {
        Self {
            id: id.into(),
            name: None,
            schedule: schedule.into(),
            schedule_timezone: None,
            start_window: None,
            algorithm: RestoreTestingAlgorithm::default(),
            recovery_point_types: None,
            include_vaults: Vec::new(),
            exclude_vaults: Vec::new(),
            selection_window: None,
            selections: Vec::new(),
        }
    }

    /// The construct id.
    ///
    /// ```
    /// use backup_dsl::RestoreTestingPlan;
    /// assert_eq!(RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)").id(), "Tests");
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Sets `RestoreTestingPlanName`: letters, digits and `_` (default: generated from the
    /// construct path, as CDK generates names).
    ///
    /// ```
    /// use backup_dsl::RestoreTestingPlan;
    /// let plan = RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)").name("weekly_restores");
    /// # let _ = plan;
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets `ScheduleExpressionTimezone` (an IANA name; default UTC).
    ///
    /// ```
    /// use backup_dsl::RestoreTestingPlan;
    /// let plan = RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)").schedule_timezone("Europe/Brussels");
    /// # let _ = plan;
    /// ```
    pub fn schedule_timezone(mut self, zone: impl Into<String>) -> Self {
        self.schedule_timezone = Some(zone.into());
        self
    }

    /// Sets `StartWindowHours` (whole hours, at most 168; default 24).
    ///
    /// ```
    /// use backup_dsl::{Duration, RestoreTestingPlan};
    /// let plan = RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)").start_window(Duration::hours(12));
    /// # let _ = plan;
    /// ```
    pub fn start_window(mut self, window: Duration) -> Self {
        self.start_window = Some(window);
        self
    }

    /// Sets `RecoveryPointSelection.Algorithm` (default [`RestoreTestingAlgorithm::LatestWithinWindow`]).
    ///
    /// ```
    /// use backup_dsl::{RestoreTestingAlgorithm, RestoreTestingPlan};
    /// let plan = RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)")
    ///     .algorithm(RestoreTestingAlgorithm::RandomWithinWindow);
    /// # let _ = plan;
    /// ```
    pub fn algorithm(mut self, algorithm: RestoreTestingAlgorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Sets `RecoveryPointSelection.RecoveryPointTypes` (default `[SNAPSHOT]`; at least one).
    ///
    /// ```
    /// use backup_dsl::{RecoveryPointType, RestoreTestingPlan};
    /// let plan = RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)")
    ///     .recovery_point_types([RecoveryPointType::Snapshot, RecoveryPointType::Continuous]);
    /// # let _ = plan;
    /// ```
    pub fn recovery_point_types(
        mut self,
        types: impl IntoIterator<Item = RecoveryPointType>,
    ) -> Self {
        self.recovery_point_types = Some(types.into_iter().collect());
        self
    }

    /// Adds a vault to `RecoveryPointSelection.IncludeVaults` (a vault, its ARN or an ARN
    /// pattern). At least one entry is required.
    ///
    /// ```
    /// use backup_dsl::{BackupVault, RestoreTestingPlan};
    /// let vault = BackupVault::new("Vault");
    /// let plan = RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)")
    ///     .include_vault(&vault)
    ///     .include_vault("arn:aws:backup:eu-west-1:123456789012:backup-vault:prod-*");
    /// # let _ = plan;
    /// ```
    pub fn include_vault(mut self, vault: impl Into<RestoreTestingVault>) -> Self {
        self.include_vaults.push(vault.into());
        self
    }

    /// Includes every vault (`IncludeVaults: ["*"]`).
    ///
    /// ```
    /// use backup_dsl::RestoreTestingPlan;
    /// let plan = RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)").include_all_vaults();
    /// # let _ = plan;
    /// ```
    pub fn include_all_vaults(self) -> Self {
        self.include_vault(RestoreTestingVault::All)
    }

    /// Adds a vault to `RecoveryPointSelection.ExcludeVaults`.
    ///
    /// ```
    /// use backup_dsl::{RestoreTestingPlan, VaultRef};
    /// let plan = RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)")
    ///     .include_all_vaults()
    ///     .exclude_vault(VaultRef::from_name("scratch"));
    /// # let _ = plan;
    /// ```
    pub fn exclude_vault(mut self, vault: impl Into<RestoreTestingVault>) -> Self {
        self.exclude_vaults.push(vault.into());
        self
    }

    /// Sets `RecoveryPointSelection.SelectionWindowDays`: how far back recovery points are
    /// picked (whole days, 1 to 365; default 30).
    ///
    /// ```
    /// use backup_dsl::{Duration, RestoreTestingPlan};
    /// let plan = RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)").selection_window(Duration::days(7));
    /// # let _ = plan;
    /// ```
    pub fn selection_window(mut self, window: Duration) -> Self {
        self.selection_window = Some(window);
        self
    }

    /// Adds a selection of protected resources to test.
    ///
    /// ```
    /// use backup_dsl::{RestoreTestingPlan, RestoreTestingSelection};
    /// let plan = RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)")
    ///     .include_all_vaults()
    ///     .selection(RestoreTestingSelection::new("Tables", "DynamoDB").all_protected_resources());
    /// assert_eq!(plan.selections().len(), 1);
    /// ```
    pub fn selection(mut self, selection: RestoreTestingSelection) -> Self {
        self.selections.push(selection);
        self
    }

    /// Adds a selection in place (the linter attaches selections to their plan).
    pub(crate) fn add_selection(&mut self, selection: RestoreTestingSelection) {
        self.selections.push(selection);
    }

    /// The selections, in order.
    ///
    /// ```
    /// use backup_dsl::RestoreTestingPlan;
    /// assert!(RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)").selections().is_empty());
    /// ```
    pub fn selections(&self) -> &[RestoreTestingSelection] {
        &self.selections
    }

    /// A reference to this plan, for selections added to the stack on their own.
    ///
    /// ```
    /// use backup_dsl::{RestoreTestingPlan, RestoreTestingPlanRef};
    /// let plan = RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)");
    /// assert_eq!(plan.reference(), RestoreTestingPlanRef::in_stack("Tests"));
    /// ```
    pub fn reference(&self) -> RestoreTestingPlanRef {
        RestoreTestingPlanRef::InStack(self.id.clone())
    }

    /// The vaults the plan restores from and excludes (for the stack's cross-resource checks).
    pub(crate) fn vaults(
        &self,
    ) -> impl Iterator<Item = (&'static str, usize, &RestoreTestingVault)> {
        let included = self.include_vaults.iter().enumerate();
        let excluded = self.exclude_vaults.iter().enumerate();
        included
            .map(|(i, v)| ("include_vaults", i, v))
            .chain(excluded.map(|(i, v)| ("exclude_vaults", i, v)))
    }

    /// Checks the plan and its selections; paths are `path.<key>`.
    pub(crate) fn validate(&self, path: &str, problems: &mut Problems) {
        if let Some(name) = &self.name {
            problems.check(
                || format!("{path}.name"),
                rules::check_restore_testing_plan_name(name),
            );
        }
        let at = format!("{path}.schedule");
        if let Some(expression) = problems.check(at.clone(), self.schedule.expression()) {
            problems.check(at, rules::check_restore_testing_schedule(&expression));
        }
        if let Some(zone) = &self.schedule_timezone {
            problems.check(
                || format!("{path}.schedule_timezone"),
                rules::check_timezone(zone),
            );
        }
        if let Some(window) = self.start_window {
            let at = || format!("{path}.start_window");
            if let Some(hours) = problems.check(at, window.to_hours_of("start_window")) {
                problems.check(at, rules::check_restore_testing_start_window(hours));
            }
        }
        if let Some(types) = &self.recovery_point_types {
            let names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
            problems.check(
                || format!("{path}.recovery_point_types"),
                rules::check_restore_testing_recovery_point_types(&names),
            );
        }
        problems.check(
            || format!("{path}.include_vaults"),
            rules::check_restore_testing_include_vaults(self.include_vaults.len()),
        );
        for (key, index, vault) in self.vaults() {
            vault.validate(key, || format!("{path}.{key}[{index}]"), problems);
        }
        if let Some(window) = self.selection_window {
            let at = || format!("{path}.selection_window");
            if let Some(days) = problems.check(at, window.to_days_of("selection_window")) {
                problems.check(at, rules::check_restore_testing_selection_window(days));
            }
        }
        let mut ids = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for selection in &self.selections {
            let at = format!("{path}.selections[{}]", selection.id());
            problems.check(
                || format!("{at}.id"),
                rules::check_unique_id(selection.id(), !ids.insert(selection.id())),
            );
            if let Some(name) = &selection.name {
                problems.check(
                    || format!("{at}.name"),
                    rules::check_restore_testing_selection_name_unique(name, !names.insert(name)),
                );
            }
            selection.validate(&at, problems);
        }
    }

    /// Renders the plan resource; `generated_name` is used when no name was given.
    pub(crate) fn render(
        &self,
        generated_name: impl FnOnce() -> String,
        env: &Environment,
        tags: &Map<String, Value>,
    ) -> Rendered {
        let vaults = |vaults: &[RestoreTestingVault]| -> Vec<CfnValue> {
            vaults.iter().map(|v| v.render(env)).collect()
        };
        let types = self
            .recovery_point_types
            .as_deref()
            .unwrap_or(&[RecoveryPointType::Snapshot]);
        let selection = RestoreTestingRecoveryPointSelection {
            algorithm: Some(CfnValue::literal(self.algorithm.as_str())),
            exclude_vaults: (!self.exclude_vaults.is_empty()).then(|| vaults(&self.exclude_vaults)),
            include_vaults: Some(vaults(&self.include_vaults)),
            recovery_point_types: Some(
                types
                    .iter()
                    .map(|t| CfnValue::literal(t.as_str()))
                    .collect(),
            ),
            selection_window_days: self
                .selection_window
                .map(|w| Cfn::from(w.to_days().unwrap_or_default())),
        };
        let plan_tags = tags.iter().map(|(k, v)| PlanTag {
            key: Some(CfnValue::literal(k.as_str())),
            value: Some(CfnValue::raw(v.clone())),
        });
        let properties = CfnRestoreTestingPlan {
            recovery_point_selection: Some(selection),
            restore_testing_plan_name: Some(CfnValue::literal(
                self.name.clone().unwrap_or_else(generated_name),
            )),
            schedule_expression: self.schedule.expression().ok().map(CfnValue::literal),
            schedule_expression_timezone: self.schedule_timezone.as_deref().map(CfnValue::from),
            start_window_hours: self
                .start_window
                .map(|w| Cfn::from(w.to_hours().unwrap_or_default())),
            tags: (!tags.is_empty()).then(|| plan_tags.collect()),
        };
        Rendered::new(CfnRestoreTestingPlan::TYPE_NAME, properties)
    }
}

/// How a protected resource condition compares a tag.
///
/// ```
/// use backup_dsl::ResourceConditionOperator;
/// assert_eq!(ResourceConditionOperator::StringNotEquals.as_str(), "StringNotEquals");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceConditionOperator {
    /// The tag has the value.
    StringEquals,
    /// The tag does not have the value.
    StringNotEquals,
}

impl ResourceConditionOperator {
    /// The CloudFormation key.
    ///
    /// ```
    /// use backup_dsl::ResourceConditionOperator;
    /// assert_eq!(ResourceConditionOperator::StringEquals.as_str(), "StringEquals");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceConditionOperator::StringEquals => "StringEquals",
            ResourceConditionOperator::StringNotEquals => "StringNotEquals",
        }
    }
}

/// The tag key as AWS compares it: `aws:ResourceTag/<key>`, never prefixed twice.
fn resource_tag_key(key: &str) -> String {
    if key.starts_with("aws:ResourceTag/") {
        key.to_string()
    } else {
        format!("aws:ResourceTag/{key}")
    }
}

/// Which protected resources of one type a restore testing plan restores
/// (`AWS::Backup::RestoreTestingSelection`), and the role AWS Backup restores them with.
///
/// Resources are specific ARNs, or every protected resource of the type
/// ([`Self::all_protected_resources`]) optionally narrowed by tag conditions (conditions alone
/// imply `*`).
///
/// ```
/// use backup_dsl::{Duration, RestoreTestingPlan, RestoreTestingSelection, Stack};
/// let selection = RestoreTestingSelection::new("Volumes", "EBS")
///     .string_equals("backup", "daily")
///     .string_not_equals("stage", "dev")
///     .validation_window(Duration::hours(4))
///     .restore_metadata_override("availabilityZone", "eu-west-1a");
/// let plan = RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)")
///     .include_all_vaults()
///     .selection(selection);
/// let template = Stack::new("Stack").with(plan).synth().unwrap();
/// let rendered = template.json()["Resources"].as_object().unwrap().values()
///     .find(|r| r["Type"] == "AWS::Backup::RestoreTestingSelection").unwrap();
/// assert_eq!(rendered["Properties"]["ProtectedResourceArns"], serde_json::json!(["*"]));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RestoreTestingSelection {
    id: String,
    name: Option<String>,
    resource_type: String,
    arns: Vec<CfnValue>,
    conditions: Vec<(ResourceConditionOperator, String, String)>,
    validation_window: Option<Duration>,
    metadata_overrides: BTreeMap<String, String>,
    role: Option<RoleRef>,
    plan: Option<RestoreTestingPlanRef>,
}

impl RestoreTestingSelection {
    /// A selection with construct id `id` of protected resources of `resource_type`
    /// (`ProtectedResourceType`: `Aurora`, `DocumentDB`, `DynamoDB`, `EBS`, `EC2`, `EFS`, `FSx`,
    /// `Neptune`, `RDS`, `S3`).
    ///
    /// ```
    /// use backup_dsl::RestoreTestingSelection;
    /// let selection = RestoreTestingSelection::new("Volumes", "EBS");
    /// assert_eq!(selection.id(), "Volumes");
    /// ```
    pub fn new(id: impl Into<String>, resource_type: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: None,
            resource_type: resource_type.into(),
            arns: Vec::new(),
            conditions: Vec::new(),
            validation_window: None,
            metadata_overrides: BTreeMap::new(),
            role: None,
            plan: None,
        }
    }

    /// The construct id.
    ///
    /// ```
    /// use backup_dsl::RestoreTestingSelection;
    /// assert_eq!(RestoreTestingSelection::new("Volumes", "EBS").id(), "Volumes");
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Sets `RestoreTestingSelectionName`: 1 to 50 letters, digits and `_` (default: generated
    /// from the construct path).
    ///
    /// ```
    /// use backup_dsl::RestoreTestingSelection;
    /// let selection = RestoreTestingSelection::new("Volumes", "EBS").name("ebs_volumes");
    /// # let _ = selection;
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds a protected resource by ARN.
    ///
    /// ```
    /// use backup_dsl::RestoreTestingSelection;
    /// let selection = RestoreTestingSelection::new("Volume", "EBS")
    ///     .protected_resource_arn("arn:aws:ec2:eu-west-1:123456789012:volume/vol-0123456789abcdef0");
    /// # let _ = selection;
    /// ```
    pub fn protected_resource_arn(mut self, arn: impl Into<CfnValue>) -> Self {
        self.arns.push(arn.into());
        self
    }

    /// Adds protected resources by ARN.
    ///
    /// ```
    /// use backup_dsl::RestoreTestingSelection;
    /// let selection = RestoreTestingSelection::new("Tables", "DynamoDB").protected_resource_arns([
    ///     "arn:aws:dynamodb:eu-west-1:123456789012:table/orders",
    ///     "arn:aws:dynamodb:eu-west-1:123456789012:table/customers",
    /// ]);
    /// # let _ = selection;
    /// ```
    pub fn protected_resource_arns(
        mut self,
        arns: impl IntoIterator<Item = impl Into<CfnValue>>,
    ) -> Self {
        self.arns.extend(arns.into_iter().map(Into::into));
        self
    }

    /// Selects every protected resource of the type (`ProtectedResourceArns: ["*"]`).
    ///
    /// ```
    /// use backup_dsl::RestoreTestingSelection;
    /// let selection = RestoreTestingSelection::new("Volumes", "EBS").all_protected_resources();
    /// # let _ = selection;
    /// ```
    pub fn all_protected_resources(self) -> Self {
        self.protected_resource_arn("*")
    }

    /// Narrows `*` to resources whose tag `key` is `value` (`ProtectedResourceConditions.StringEquals`;
    /// the key gets the `aws:ResourceTag/` prefix unless it has it). Conditions are AND-ed.
    ///
    /// ```
    /// use backup_dsl::RestoreTestingSelection;
    /// let selection = RestoreTestingSelection::new("Volumes", "EBS").string_equals("backup", "daily");
    /// # let _ = selection;
    /// ```
    pub fn string_equals(self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.condition(ResourceConditionOperator::StringEquals, key, value)
    }

    /// Narrows `*` to resources whose tag `key` is not `value`
    /// (`ProtectedResourceConditions.StringNotEquals`).
    ///
    /// ```
    /// use backup_dsl::RestoreTestingSelection;
    /// let selection = RestoreTestingSelection::new("Volumes", "EBS").string_not_equals("stage", "dev");
    /// # let _ = selection;
    /// ```
    pub fn string_not_equals(self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.condition(ResourceConditionOperator::StringNotEquals, key, value)
    }

    /// Adds a condition with an explicit operator.
    ///
    /// ```
    /// use backup_dsl::{ResourceConditionOperator, RestoreTestingSelection};
    /// let selection = RestoreTestingSelection::new("Volumes", "EBS")
    ///     .condition(ResourceConditionOperator::StringEquals, "backup", "daily");
    /// # let _ = selection;
    /// ```
    pub fn condition(
        mut self,
        operator: ResourceConditionOperator,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.conditions.push((operator, key.into(), value.into()));
        self
    }

    /// Sets `ValidationWindowHours`: how long restored data is kept for validation (whole
    /// hours, 0 to 168).
    ///
    /// ```
    /// use backup_dsl::{Duration, RestoreTestingSelection};
    /// let selection = RestoreTestingSelection::new("Volumes", "EBS").validation_window(Duration::hours(4));
    /// # let _ = selection;
    /// ```
    pub fn validation_window(mut self, window: Duration) -> Self {
        self.validation_window = Some(window);
        self
    }

    /// Adds a `RestoreMetadataOverrides` entry (restore parameter → value).
    ///
    /// ```
    /// use backup_dsl::RestoreTestingSelection;
    /// let selection = RestoreTestingSelection::new("Volumes", "EBS")
    ///     .restore_metadata_override("availabilityZone", "eu-west-1a");
    /// # let _ = selection;
    /// ```
    pub fn restore_metadata_override(
        mut self,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.metadata_overrides.insert(key.into(), value.into());
        self
    }

    /// Uses an existing role (`IamRoleArn`) instead of a generated one. The generated role
    /// trusts `backup.amazonaws.com` and has `AWSBackupServiceRolePolicyForRestores`.
    ///
    /// ```
    /// use backup_dsl::RestoreTestingSelection;
    /// let selection = RestoreTestingSelection::new("Volumes", "EBS")
    ///     .role_arn("arn:aws:iam::123456789012:role/restore-testing");
    /// # let _ = selection;
    /// ```
    pub fn role_arn(mut self, arn: impl Into<CfnValue>) -> Self {
        self.role = Some(RoleRef::Arn(arn.into()));
        self
    }

    /// Uses `role` (`IamRoleArn`) instead of a generated one, as CDK's constructs take an
    /// `IRole`: a [`Role`](crate::Role) of the stack receives
    /// `AWSBackupServiceRolePolicyForRestores` (the policy of the role it replaces, attached
    /// as CDK's `role.addManagedPolicy` would) and must be added to the stack; an ARN is
    /// [`role_arn`](Self::role_arn).
    ///
    /// ```
    /// use backup_dsl::{RestoreTestingPlan, RestoreTestingSelection, Role, Stack};
    /// let role = Role::backup_service("Restores");
    /// let plan = RestoreTestingPlan::new("Weekly", "cron(0 1 ? * SUN *)")
    ///     .include_all_vaults()
    ///     .selection(RestoreTestingSelection::new("Volumes", "EBS")
    ///         .all_protected_resources()
    ///         .role(&role));
    /// let template = Stack::new("Stack").with(role.clone()).with(plan).synth().unwrap();
    /// let policies = &template.json()["Resources"][role.logical_id()]["Properties"]["ManagedPolicyArns"];
    /// assert!(policies.to_string().contains("AWSBackupServiceRolePolicyForRestores"));
    /// ```
    pub fn role(mut self, role: impl Into<RoleRef>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// The construct id of the stack [`Role`](crate::Role) the selection uses, if any.
    pub(crate) fn in_stack_role(&self) -> Option<&str> {
        self.role.as_ref().and_then(RoleRef::in_stack)
    }

    /// Sets the plan of a selection added to the stack on its own (a selection added with
    /// [`RestoreTestingPlan::selection`] belongs to that plan).
    ///
    /// ```
    /// use backup_dsl::{RestoreTestingPlanRef, RestoreTestingSelection};
    /// let selection = RestoreTestingSelection::new("Volumes", "EBS")
    ///     .all_protected_resources()
    ///     .plan(RestoreTestingPlanRef::from_name("weekly_restores"));
    /// # let _ = selection;
    /// ```
    pub fn plan(mut self, plan: impl Into<RestoreTestingPlanRef>) -> Self {
        self.plan = Some(plan.into());
        self
    }

    /// The plan set with [`Self::plan`], if any.
    ///
    /// ```
    /// use backup_dsl::RestoreTestingSelection;
    /// assert_eq!(RestoreTestingSelection::new("Volumes", "EBS").plan_ref(), None);
    /// ```
    pub fn plan_ref(&self) -> Option<&RestoreTestingPlanRef> {
        self.plan.as_ref()
    }

    /// The ARNs as rendered: conditions alone imply `*`.
    fn rendered_arns(&self) -> Vec<CfnValue> {
        if self.arns.is_empty() && !self.conditions.is_empty() {
            return vec![CfnValue::literal("*")];
        }
        self.arns.clone()
    }

    /// Checks the selection alone; paths are `path.<key>`.
    pub(crate) fn validate(&self, path: &str, problems: &mut Problems) {
        if let Some(name) = &self.name {
            problems.check(
                || format!("{path}.name"),
                rules::check_restore_testing_selection_name(name),
            );
        }
        problems.check(
            || format!("{path}.protected_resource_type"),
            rules::check_restore_testing_resource_type(&self.resource_type),
        );
        let literal: Vec<&str> = self.arns.iter().filter_map(CfnValue::as_literal).collect();
        problems.check(
            || format!("{path}.protected_resource_arns"),
            rules::check_protected_resource_arns(&literal),
        );
        let wildcard = self.arns.is_empty() || literal.contains(&"*");
        // Specific ARNs that are intrinsics are unknown: only literal ones make conditions wrong.
        let specific = self
            .arns
            .iter()
            .any(|a| a.as_literal().is_some_and(|t| t != "*"));
        problems.check(
            || format!("{path}.conditions"),
            rules::check_protected_resource_conditions(
                self.conditions.len(),
                wildcard || !specific,
            ),
        );
        problems.check(
            || format!("{path}.protected_resource_arns"),
            rules::check_restore_testing_selects(self.arns.len(), self.conditions.len()),
        );
        if let Some(window) = self.validation_window {
            let at = || format!("{path}.validation_window");
            if let Some(hours) = problems.check(at, window.to_hours_of("validation_window")) {
                problems.check(at, rules::check_restore_testing_validation_window(hours));
            }
        }
        if let Some(role) = self.role.as_ref().and_then(|r| r.arn().as_literal()) {
            problems.check(|| format!("{path}.role"), rules::check_iam_role_arn(role));
        }
    }

    /// Renders the role (if generated) and the selection at construct `path`, in plan `plan`:
    /// `(logical id, resource)` pairs. `generated_name` names a selection without a name.
    pub(crate) fn render(
        &self,
        path: &str,
        plan: &RestoreTestingPlanRef,
        generated_name: impl FnOnce() -> String,
        tags: &Map<String, Value>,
    ) -> Vec<(String, Rendered)> {
        let mut rendered = Vec::with_capacity(2);
        let role_arn = match &self.role {
            Some(role) => role.arn().clone(),
            None => {
                let role_id = logical_id(&format!("{path}/Role/Resource"));
                rendered.push((role_id.clone(), render_role(tags)));
                CfnValue::get_att_of(&role_id, "Arn")
            }
        };
        let conditions = |operator: ResourceConditionOperator| {
            let list: Vec<KeyValue> = self
                .conditions
                .iter()
                .filter(|(op, _, _)| *op == operator)
                .map(|(_, k, v)| KeyValue {
                    key: Some(CfnValue::literal(resource_tag_key(k))),
                    value: Some(CfnValue::literal(v.as_str())),
                })
                .collect();
            (!list.is_empty()).then_some(list)
        };
        let arns = self.rendered_arns();
        let overrides = self
            .metadata_overrides
            .iter()
            .map(|(k, v)| (k.clone(), CfnValue::literal(v.as_str())));
        let properties = CfnRestoreTestingSelection {
            iam_role_arn: Some(role_arn),
            protected_resource_arns: (!arns.is_empty()).then_some(arns),
            protected_resource_conditions: (!self.conditions.is_empty()).then(|| {
                ProtectedResourceConditions {
                    string_equals: conditions(ResourceConditionOperator::StringEquals),
                    string_not_equals: conditions(ResourceConditionOperator::StringNotEquals),
                }
            }),
            protected_resource_type: Some(CfnValue::literal(self.resource_type.as_str())),
            restore_metadata_overrides: (!self.metadata_overrides.is_empty())
                .then(|| CfnMap(overrides.collect())),
            restore_testing_plan_name: Some(plan.name_value()),
            restore_testing_selection_name: Some(CfnValue::literal(
                self.name.clone().unwrap_or_else(generated_name),
            )),
            validation_window_hours: self
                .validation_window
                .map(|w| Cfn::from(w.to_hours().unwrap_or_default())),
        };
        rendered.push((
            resource_logical_id(path),
            Rendered::new(CfnRestoreTestingSelection::TYPE_NAME, properties),
        ));
        rendered
    }
}

/// The generated restore role: trusts AWS Backup, with the restores managed policy.
fn render_role(tags: &Map<String, Value>) -> Rendered {
    backup_service_role(vec![Environment::builtin_policy_arn(RESTORES_POLICY)], tags)
}

//! AWS Backup Audit Manager frameworks ([`Framework`]): a closed set of controls
//! ([`ControlName`]) with typed parameters and scopes, synthesized to `AWS::Backup::Framework`.
//!
//! A framework declared next to the plans is also a requirement on them: synthesis proves each
//! provable control against the stack's plans (see [`crate::compliance`]).

use serde_json::{Map, Value};

use crate::cfn::backup_framework::{
    CfnFramework, ControlInputParameter, ControlScope as CfnControlScope, FrameworkControl, Tag,
};

use crate::duration::{Duration, TimeUnit};
use crate::problem::Problems;
use crate::rendered::Rendered;
use crate::rules::{self, ScopeKind};
use crate::value::CfnValue;

macro_rules! control_names {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// An AWS Backup Audit Manager control (`ControlName`), one of the 11 AWS offers, or a
        /// newer one by name ([`ControlName::Other`], emitted as written but not proven).
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum ControlName {
            $($(#[$doc])* $variant,)*
            /// A control this version does not know: emitted, warned about, not proven.
            Other(String),
        }

        impl ControlName {
            /// The 11 known controls, in the developer guide's order.
            pub const KNOWN: [ControlName; 11] = [$(ControlName::$variant,)*];

            /// The `ControlName` text.
            pub fn as_str(&self) -> &str {
                match self { $(ControlName::$variant => $text,)* ControlName::Other(text) => text }
            }

            /// The control named `text`; unknown names become [`ControlName::Other`].
            pub fn from_name(text: &str) -> Self {
                match text { $($text => ControlName::$variant,)* other => ControlName::Other(other.to_string()) }
            }
        }
    };
}

control_names! {
    /// Control 1: resources are included in at least one backup plan.
    ResourcesProtectedByBackupPlan = "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
    /// Control 2: a plan has a rule at least as frequent and kept at least as long as required.
    PlanMinFrequencyAndMinRetention = "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
    /// Control 3: recovery points cannot be deleted by hand (vault access policy).
    RecoveryPointManualDeletionDisabled = "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
    /// Control 4: recovery points are encrypted.
    RecoveryPointEncrypted = "BACKUP_RECOVERY_POINT_ENCRYPTED",
    /// Control 5: recovery points are kept at least as long as required.
    RecoveryPointMinimumRetention = "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
    /// Control 6: resources have a copy in another Region.
    ResourcesProtectedByCrossRegion = "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
    /// Control 7: resources have a copy in another account.
    ResourcesProtectedByCrossAccount = "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
    /// Control 8: resources are backed up to a locked vault.
    ResourcesProtectedByVaultLock = "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
    /// Control 9: the last recovery point is recent enough.
    LastRecoveryPointCreated = "BACKUP_LAST_RECOVERY_POINT_CREATED",
    /// Control 10: restores complete within the target time.
    RestoreTimeMeetsTarget = "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
    /// Control 11: resources have a recent recovery point in a logically air-gapped vault.
    ResourcesInLogicallyAirGappedVault = "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT",
}

/// What a control applies to (`ControlScope`): at most one tag pair, resource types, or
/// resource ids. Empty means AWS's default for the control.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ControlScope {
    tags: Vec<(String, String)>,
    types: Vec<String>,
    ids: Vec<String>,
}

impl ControlScope {
    /// Resources tagged `key` = `value` (AWS allows one pair).
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }

    /// Resources of an AWS Backup type (`RDS`, `EBS`, `DynamoDB`, ...).
    pub fn resource_type(mut self, name: impl Into<String>) -> Self {
        self.types.push(name.into());
        self
    }

    /// One resource by id (a plan id, a vault name, a resource ARN; 1 to 100 per scope).
    pub fn resource_id(mut self, id: impl Into<String>) -> Self {
        self.ids.push(id.into());
        self
    }

    /// The tag pairs.
    pub fn tags(&self) -> &[(String, String)] {
        &self.tags
    }

    /// The resource types.
    pub fn types(&self) -> &[String] {
        &self.types
    }

    /// The resource ids.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    fn kinds(&self) -> impl Iterator<Item = ScopeKind> + '_ {
        [
            (!self.tags.is_empty()).then_some(ScopeKind::Tags),
            (!self.types.is_empty()).then_some(ScopeKind::Types),
            (!self.ids.is_empty()).then_some(ScopeKind::Ids),
        ]
        .into_iter()
        .flatten()
    }

    fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.types.is_empty() && self.ids.is_empty()
    }

    fn render(&self) -> CfnControlScope {
        let strings = |items: &[String]| {
            (!items.is_empty()).then(|| items.iter().map(CfnValue::literal).collect())
        };
        CfnControlScope {
            compliance_resource_ids: strings(&self.ids),
            compliance_resource_types: strings(&self.types),
            tags: (!self.tags.is_empty()).then(|| {
                self.tags
                    .iter()
                    .map(|(k, v)| Tag {
                        key: Some(CfnValue::literal(k)),
                        value: Some(CfnValue::literal(v)),
                    })
                    .collect()
            }),
        }
    }
}

/// One control of a framework: its name, its input parameters (as the strings AWS takes) and
/// its scope.
///
/// ```
/// use backup_dsl::{Control, Duration};
/// let control = Control::min_frequency_and_retention(Duration::hours(12), 35);
/// assert_eq!(control.parameter("requiredFrequencyUnit"), Some("hours"));
/// assert_eq!(control.parameter("requiredFrequencyValue"), Some("12"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Control {
    name: ControlName,
    parameters: Vec<(String, String)>,
    scope: ControlScope,
}

/// `(unit, value)` of a frequency or age parameter: days as written in days, anything else
/// in whole hours.
fn unit_and_value(duration: Duration) -> (&'static str, String) {
    match duration.unit() {
        TimeUnit::Days => ("days", duration.amount().to_string()),
        _ => (
            "hours",
            duration
                .to_hours()
                .map_or_else(|_| format!("{duration}"), |h| h.to_string()),
        ),
    }
}

impl Control {
    /// A control with no parameter and the default scope.
    pub fn new(name: ControlName) -> Self {
        Self {
            name,
            parameters: Vec::new(),
            scope: ControlScope::default(),
        }
    }

    /// A control by its `ControlName` text (a name newer than this crate is kept, with a
    /// warning that it is not proven).
    pub fn named(name: &str) -> Self {
        Self::new(ControlName::from_name(name))
    }

    /// Adds a parameter verbatim (`ParameterName`, `ParameterValue`).
    pub fn parameter_value(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parameters.push((name.into(), value.into()));
        self
    }

    /// Sets the scope.
    pub fn scope(mut self, scope: ControlScope) -> Self {
        self.scope = scope;
        self
    }

    /// Control 1: every resource in scope is in a backup plan.
    pub fn protected_by_backup_plan() -> Self {
        Self::new(ControlName::ResourcesProtectedByBackupPlan)
    }

    /// Control 2: each plan has a rule running at least every `every` (hours up to 24, or days
    /// up to 31) that keeps recovery points at least `retention_days`.
    pub fn min_frequency_and_retention(every: Duration, retention_days: i64) -> Self {
        let (unit, value) = unit_and_value(every);
        Self::new(ControlName::PlanMinFrequencyAndMinRetention)
            .parameter_value("requiredFrequencyUnit", unit)
            .parameter_value("requiredFrequencyValue", value)
            .parameter_value("requiredRetentionDays", retention_days.to_string())
    }

    /// Control 3: recovery points cannot be deleted by hand, except by the listed roles (≤ 5).
    pub fn manual_deletion_disabled<S: Into<String>>(
        exempt_roles: impl IntoIterator<Item = S>,
    ) -> Self {
        let roles: Vec<String> = exempt_roles.into_iter().map(Into::into).collect();
        let control = Self::new(ControlName::RecoveryPointManualDeletionDisabled);
        if roles.is_empty() {
            control
        } else {
            control.parameter_value("principalArnList", roles.join(","))
        }
    }

    /// Control 4: recovery points are encrypted.
    pub fn encrypted() -> Self {
        Self::new(ControlName::RecoveryPointEncrypted)
    }

    /// Control 5: recovery points are kept at least `days`.
    pub fn minimum_retention(days: i64) -> Self {
        Self::new(ControlName::RecoveryPointMinimumRetention)
            .parameter_value("requiredRetentionDays", days.to_string())
    }

    /// Control 6: resources have a copy in another Region (one of `regions` when given).
    pub fn cross_region<S: Into<String>>(regions: impl IntoIterator<Item = S>) -> Self {
        let regions: Vec<String> = regions.into_iter().map(Into::into).collect();
        let control = Self::new(ControlName::ResourcesProtectedByCrossRegion);
        if regions.is_empty() {
            control
        } else {
            control.parameter_value("crossRegionList", regions.join(","))
        }
    }

    /// Control 7: resources have a copy in another account (one of `accounts`, ≤ 5, when given).
    pub fn cross_account<S: Into<String>>(accounts: impl IntoIterator<Item = S>) -> Self {
        let accounts: Vec<String> = accounts.into_iter().map(Into::into).collect();
        let control = Self::new(ControlName::ResourcesProtectedByCrossAccount);
        if accounts.is_empty() {
            control
        } else {
            control.parameter_value("crossAccountList", accounts.join(","))
        }
    }

    /// Control 8: resources are backed up to a locked vault whose lock keeps at least
    /// `min_days` and at most `max_days` (each optional).
    pub fn vault_lock(min_days: Option<i64>, max_days: Option<i64>) -> Self {
        let mut control = Self::new(ControlName::ResourcesProtectedByVaultLock);
        if let Some(min) = min_days {
            control = control.parameter_value("minRetentionDays", min.to_string());
        }
        if let Some(max) = max_days {
            control = control.parameter_value("maxRetentionDays", max.to_string());
        }
        control
    }

    /// Control 9: the last recovery point is at most `age` old (hours 1–744, days 1–31).
    pub fn last_recovery_point(age: Duration) -> Self {
        let (unit, value) = unit_and_value(age);
        Self::new(ControlName::LastRecoveryPointCreated)
            .parameter_value("recoveryPointAgeUnit", unit)
            .parameter_value("recoveryPointAgeValue", value)
    }

    /// Control 10: restores complete within `minutes`.
    pub fn restore_time(minutes: i64) -> Self {
        Self::new(ControlName::RestoreTimeMeetsTarget)
            .parameter_value("maxRestoreTime", minutes.to_string())
    }

    /// Control 11: resources have a recovery point at most `age` old in a logically
    /// air-gapped vault (hours 24–2184, days 1–91).
    pub fn air_gapped(age: Duration) -> Self {
        let (unit, value) = unit_and_value(age);
        Self::new(ControlName::ResourcesInLogicallyAirGappedVault)
            .parameter_value("recoveryPointAgeUnit", unit)
            .parameter_value("recoveryPointAgeValue", value)
    }

    /// The control's name.
    pub fn name(&self) -> &ControlName {
        &self.name
    }

    /// The value of parameter `name`, when given.
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The parameters, in the order given.
    pub fn parameters(&self) -> &[(String, String)] {
        &self.parameters
    }

    /// The scope.
    pub fn control_scope(&self) -> &ControlScope {
        &self.scope
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        let name = self.name.as_str();
        if let ControlName::Other(text) = &self.name {
            problems.push(format!("{path}.name"), rules::control_not_proven(text));
        }
        let unit = self
            .parameter("requiredFrequencyUnit")
            .or(self.parameter("recoveryPointAgeUnit"));
        for (index, (parameter, value)) in self.parameters.iter().enumerate() {
            let at = || format!("{path}.parameters[{index}]");
            problems.check(at, rules::check_control_parameter_name(name, parameter));
            problems.check(
                at,
                rules::check_control_parameter_value(name, parameter, value, unit),
            );
        }
        if self.name == ControlName::RestoreTimeMeetsTarget {
            problems.check(
                || format!("{path}.parameters"),
                rules::check_restore_time_target(self.parameter("maxRestoreTime").is_some()),
            );
        }
        self.validate_scope(name, &format!("{path}.scope"), problems);
    }

    fn validate_scope(&self, name: &str, path: &str, problems: &mut Problems) {
        for kind in self.scope.kinds() {
            problems.check(path, rules::check_control_scope_kind(name, kind));
        }
        problems.check(path, rules::check_control_scope_tags(self.scope.tags.len()));
        if !self.scope.ids.is_empty() {
            problems.check(path, rules::check_control_scope_ids(self.scope.ids.len()));
        }
        for (index, ty) in self.scope.types.iter().enumerate() {
            problems.check(
                || format!("{path}.types[{index}]"),
                rules::check_control_scope_type(ty),
            );
        }
    }

    fn render(&self) -> FrameworkControl {
        let parameters = (!self.parameters.is_empty()).then(|| {
            self.parameters
                .iter()
                .map(|(n, v)| ControlInputParameter {
                    parameter_name: Some(CfnValue::literal(n)),
                    parameter_value: Some(CfnValue::literal(v)),
                })
                .collect()
        });
        FrameworkControl {
            control_input_parameters: parameters,
            control_name: Some(CfnValue::literal(self.name.as_str())),
            control_scope: (!self.scope.is_empty()).then(|| self.scope.render()),
        }
    }

    /// The identity AWS compares for `AlreadyExists`: name and parameters.
    pub(crate) fn identity(&self) -> (String, Vec<(String, String)>) {
        let mut parameters = self.parameters.clone();
        parameters.sort();
        (self.name.as_str().to_string(), parameters)
    }
}

/// What AWS compares to refuse a framework as `AlreadyExists`: each control's name and sorted
/// parameters, sorted.
pub(crate) type Identity = Vec<(String, Vec<(String, String)>)>;

/// An AWS Backup Audit Manager framework: named controls, synthesized to
/// `AWS::Backup::Framework`, and proven against the stack's plans at synthesis.
///
/// ```
/// use backup_dsl::{BackupPlan, Control, Duration, Framework, Stack};
/// let mut stack = Stack::new("Stack").allow("framework-config-recording");
/// stack.add(BackupPlan::daily_35_day_retention("Plan"));
/// stack.add(Framework::new("Audit").control(Control::min_frequency_and_retention(Duration::days(1), 35)));
/// let template = stack.synth().unwrap();
/// assert_eq!(template.json()["Resources"]["Audit"]["Type"], "AWS::Backup::Framework");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Framework {
    id: String,
    name: Option<String>,
    description: Option<String>,
    controls: Vec<Control>,
}

impl Framework {
    /// A framework with construct id `id` and no control yet.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: None,
            description: None,
            controls: Vec::new(),
        }
    }

    /// The construct id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `FrameworkName` (default: generated by CloudFormation).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The literal name, when given.
    pub fn framework_name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// `FrameworkDescription`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Adds a control.
    pub fn control(mut self, control: Control) -> Self {
        self.controls.push(control);
        self
    }

    /// The controls, in the order added.
    pub fn controls(&self) -> &[Control] {
        &self.controls
    }

    /// The `(name, parameters)` of each control, sorted: equal for frameworks AWS considers
    /// the same.
    pub(crate) fn identity(&self) -> Identity {
        let mut controls: Vec<_> = self.controls.iter().map(Control::identity).collect();
        controls.sort();
        controls
    }

    /// Checks the framework alone (names, controls, parameters, scopes).
    pub(crate) fn validate(&self, path: &str, problems: &mut Problems) {
        if let Some(name) = &self.name {
            problems.check(|| format!("{path}.name"), rules::check_framework_name(name));
        }
        if let Some(description) = &self.description {
            problems.check(
                || format!("{path}.description"),
                rules::check_framework_description(description),
            );
        }
        problems.check(
            || format!("{path}.controls"),
            rules::check_framework_has_controls(self.controls.len()),
        );
        for (index, control) in self.controls.iter().enumerate() {
            control.validate(&format!("{path}.controls[{index}]"), problems);
        }
    }

    /// Renders the `AWS::Backup::Framework` resource, tagged with the stack's tags.
    pub(crate) fn render(&self, tags: &Map<String, Value>) -> Rendered {
        let framework_tags = (!tags.is_empty()).then(|| {
            tags.iter()
                .map(|(k, v)| Tag {
                    key: Some(CfnValue::literal(k)),
                    value: Some(CfnValue::raw(v.clone())),
                })
                .collect()
        });
        let properties = CfnFramework {
            framework_controls: Some(self.controls.iter().map(Control::render).collect()),
            framework_description: self.description.as_deref().map(CfnValue::literal),
            framework_name: self.name.as_deref().map(CfnValue::literal),
            framework_tags,
        };
        Rendered::new(CfnFramework::TYPE_NAME, properties)
    }
}

/// The frameworks of a stack together: duplicates, quotas and the AWS Config reminder.
pub(crate) fn validate_frameworks(frameworks: &[(&str, &Framework)], problems: &mut Problems) {
    if frameworks.is_empty() {
        return;
    }
    let mut seen: Vec<(&Framework, Identity)> = Vec::new();
    for (path, framework) in frameworks {
        let identity = framework.identity();
        let first = seen
            .iter()
            .find(|(_, other)| *other == identity)
            .map(|(f, _)| f.id());
        problems.check(
            || format!("{path}.controls"),
            rules::check_framework_duplicate(framework.id(), first),
        );
        seen.push((framework, identity));
    }
    let controls = frameworks.iter().map(|(_, f)| f.controls.len()).sum();
    problems.check(
        "frameworks",
        rules::check_framework_quota(frameworks.len(), controls),
    );
    problems.push("frameworks", rules::framework_config_recording());
}

//! Logically air-gapped vaults (`AWS::Backup::LogicallyAirGappedBackupVault`): vaults locked in
//! compliance mode with a fixed retention range, usable as copy-action destinations and as a
//! rule's `TargetLogicallyAirGappedBackupVaultArn`.

use serde_json::{Map, Value};

use crate::cfn::backup_logically_air_gapped_backup_vault::{
    CfnLogicallyAirGappedBackupVault, NotificationObjectType,
};
use crate::cfn::Cfn;
use crate::duration::Duration;
use crate::plan::tag_map;
use crate::problem::Problems;
use crate::rendered::Rendered;
use crate::rules;
use crate::value::CfnValue;
use crate::vault::{self, BackupVaultEvent, NotificationTopic, RemovalPolicy, VaultRef};

/// A logically air-gapped backup vault created by the stack.
///
/// Its retention range is required: recovery points copied or backed up into it are kept at
/// least `min_retention` (7 days or more) and at most `max_retention`.
///
/// ```
/// use backup_dsl::{
///     BackupPlan, BackupPlanCopyAction, BackupPlanRule, Duration,
///     LogicallyAirGappedBackupVault, Stack,
/// };
/// let air_gapped = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(365))
///     .name("air-gapped");
/// let plan = BackupPlan::new("Plan").rule(
///     BackupPlanRule::daily().copy_action(
///         BackupPlanCopyAction::new(&air_gapped).delete_after(Duration::days(90)),
///     ),
/// );
/// let template = Stack::new("Stack").with(air_gapped).with(plan).synth().unwrap();
/// let vault = &template.json()["Resources"]["AirGappedB22F77BE"];
/// assert_eq!(vault["Type"], "AWS::Backup::LogicallyAirGappedBackupVault");
/// assert_eq!(vault["Properties"]["MinRetentionDays"], 7);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LogicallyAirGappedBackupVault {
    id: String,
    name: Option<CfnValue>,
    min_retention: Option<Duration>,
    max_retention: Option<Duration>,
    encryption_key: Option<CfnValue>,
    mpa_approval_team: Option<CfnValue>,
    statements: Vec<Value>,
    notifications: Option<(NotificationTopic, Vec<BackupVaultEvent>)>,
    removal_policy: RemovalPolicy,
}

impl LogicallyAirGappedBackupVault {
    /// A vault with construct id `id` keeping recovery points `min_retention` to
    /// `max_retention` (`MinRetentionDays`, `MaxRetentionDays`: whole days, both required).
    ///
    /// ```
    /// use backup_dsl::{Duration, LogicallyAirGappedBackupVault};
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30));
    /// assert_eq!(vault.min_retention(), Some(Duration::days(7)));
    /// ```
    pub fn new(id: impl Into<String>, min_retention: Duration, max_retention: Duration) -> Self {
        Self::with_retention(id, Some(min_retention), Some(max_retention))
    }

    /// A vault whose retention may be unknown (a template value resolved at deploy time).
    pub(crate) fn with_retention(
        id: impl Into<String>,
        min_retention: Option<Duration>,
        max_retention: Option<Duration>,
    ) -> Self {
        Self {
            id: id.into(),
            name: None,
            min_retention,
            max_retention,
            encryption_key: None,
            mpa_approval_team: None,
            statements: Vec::new(),
            notifications: None,
            removal_policy: RemovalPolicy::Retain,
        }
    }

    /// The construct id.
    ///
    /// ```
    /// use backup_dsl::{Duration, LogicallyAirGappedBackupVault};
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30));
    /// assert_eq!(vault.id(), "AirGapped");
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Sets `BackupVaultName` (default: generated as CDK generates a vault's name).
    ///
    /// ```
    /// use backup_dsl::{Duration, LogicallyAirGappedBackupVault};
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30))
    ///     .name("air-gapped");
    /// # let _ = vault;
    /// ```
    pub fn name(mut self, name: impl Into<CfnValue>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Whether no name was given (the stack generates one).
    pub(crate) fn name_is_generated(&self) -> bool {
        self.name.is_none()
    }

    /// The `BackupVaultName` when it is given as a literal.
    pub(crate) fn literal_name(&self) -> Option<&str> {
        self.name.as_ref().and_then(CfnValue::as_literal)
    }

    /// The minimum retention (`None` only for a vault read from a template with an unknown value).
    ///
    /// ```
    /// use backup_dsl::{Duration, LogicallyAirGappedBackupVault};
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30));
    /// assert_eq!(vault.min_retention(), Some(Duration::days(7)));
    /// ```
    pub fn min_retention(&self) -> Option<Duration> {
        self.min_retention
    }

    /// The maximum retention (`None` only for a vault read from a template with an unknown value).
    ///
    /// ```
    /// use backup_dsl::{Duration, LogicallyAirGappedBackupVault};
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30));
    /// assert_eq!(vault.max_retention(), Some(Duration::days(30)));
    /// ```
    pub fn max_retention(&self) -> Option<Duration> {
        self.max_retention
    }

    /// Sets `EncryptionKeyArn`: a customer-managed KMS key ARN (default: an AWS-owned key).
    ///
    /// ```
    /// use backup_dsl::{Duration, LogicallyAirGappedBackupVault};
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30))
    ///     .encryption_key("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    /// # let _ = vault;
    /// ```
    pub fn encryption_key(mut self, key_arn: impl Into<CfnValue>) -> Self {
        self.encryption_key = Some(key_arn.into());
        self
    }

    /// Sets `MpaApprovalTeamArn`: the multi-party approval team that can authorize recovery.
    ///
    /// ```
    /// use backup_dsl::{Duration, LogicallyAirGappedBackupVault};
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30))
    ///     .mpa_approval_team("arn:aws:mpa:eu-west-1:123456789012:approval-team/team");
    /// # let _ = vault;
    /// ```
    pub fn mpa_approval_team(mut self, team_arn: impl Into<CfnValue>) -> Self {
        self.mpa_approval_team = Some(team_arn.into());
        self
    }

    /// Starts the access policy with the statements of `document` (an IAM policy document).
    ///
    /// ```
    /// use backup_dsl::{Duration, LogicallyAirGappedBackupVault};
    /// use serde_json::json;
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30))
    ///     .access_policy(json!({"Version": "2012-10-17", "Statement": [{
    ///         "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    ///         "Action": "backup:CopyIntoBackupVault", "Resource": "*"}]}));
    /// # let _ = vault;
    /// ```
    pub fn access_policy(mut self, document: Value) -> Self {
        let statements = match document.get("Statement").cloned() {
            Some(Value::Array(list)) => list,
            None | Some(Value::Null) => Vec::new(),
            Some(single) => vec![single],
        };
        self.statements.splice(0..0, statements);
        self
    }

    /// Appends one statement to the access policy.
    ///
    /// ```
    /// use backup_dsl::{Duration, LogicallyAirGappedBackupVault};
    /// use serde_json::json;
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30))
    ///     .add_to_access_policy(json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    ///         "Action": "backup:CopyIntoBackupVault", "Resource": "*"}));
    /// # let _ = vault;
    /// ```
    pub fn add_to_access_policy(mut self, statement: Value) -> Self {
        self.statements.push(statement);
        self
    }

    /// Sends `events` to `topic` (`Notifications`: both are required by CloudFormation).
    ///
    /// ```
    /// use backup_dsl::{BackupVaultEvent, Duration, LogicallyAirGappedBackupVault};
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30))
    ///     .notifications(
    ///         "arn:aws:sns:eu-west-1:123456789012:backup-events",
    ///         [BackupVaultEvent::CopyJobFailed, BackupVaultEvent::CopyJobSuccessful],
    ///     );
    /// # let _ = vault;
    /// ```
    pub fn notifications(
        mut self,
        topic: impl Into<NotificationTopic>,
        events: impl IntoIterator<Item = BackupVaultEvent>,
    ) -> Self {
        self.notifications = Some((topic.into(), events.into_iter().collect()));
        self
    }

    /// Sets the removal policy (default [`RemovalPolicy::Retain`], as for vaults).
    ///
    /// ```
    /// use backup_dsl::{Duration, LogicallyAirGappedBackupVault, RemovalPolicy};
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30))
    ///     .removal_policy(RemovalPolicy::Destroy);
    /// # let _ = vault;
    /// ```
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.removal_policy = policy;
        self
    }

    /// A reference to this vault, for copy actions and
    /// [`BackupPlanRule::logically_air_gapped_vault`](crate::BackupPlanRule::logically_air_gapped_vault).
    ///
    /// ```
    /// use backup_dsl::{Duration, LogicallyAirGappedBackupVault, VaultRef};
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30));
    /// assert_eq!(vault.reference(), VaultRef::AirGapped("AirGapped".into()));
    /// ```
    pub fn reference(&self) -> VaultRef {
        VaultRef::AirGapped(self.id.clone())
    }

    /// The retention range in whole days, when both are known and convertible.
    pub(crate) fn retention_days(&self) -> Option<(i64, i64)> {
        let min = self.min_retention?.to_days().ok()?;
        let max = self.max_retention?.to_days().ok()?;
        Some((min, max))
    }

    /// Checks the vault alone; paths are `path.<key>`.
    pub(crate) fn validate(&self, path: &str, problems: &mut Problems) {
        if let Some(name) = self.name.as_ref().and_then(CfnValue::as_literal) {
            problems.check(|| format!("{path}.name"), rules::check_vault_name(name));
        }
        let min_at = || format!("{path}.min_retention");
        let max_at = || format!("{path}.max_retention");
        let min = self
            .min_retention
            .and_then(|d| problems.check(min_at, d.to_days_of("min_retention")));
        let max = self
            .max_retention
            .and_then(|d| problems.check(max_at, d.to_days_of("max_retention")));
        if let Some(min) = min {
            problems.check(min_at, rules::check_air_gapped_min_retention(min));
        }
        if let Some(max) = max {
            problems.check(max_at, rules::check_air_gapped_max_retention(max));
        }
        if let (Some(min), Some(max)) = (min, max) {
            problems.check(max_at, rules::check_air_gapped_retention_order(min, max));
        }
        if let Some(key) = self.encryption_key.as_ref().and_then(CfnValue::as_literal) {
            problems.check(
                || format!("{path}.encryption_key"),
                rules::check_kms_key_arn(key),
            );
        }
        if let Some((NotificationTopic::Arn(topic), _)) = &self.notifications {
            if let Some(topic) = topic.as_literal() {
                problems.check(
                    || format!("{path}.notifications"),
                    rules::check_sns_topic_arn(topic),
                );
            }
        }
        if let Some((_, events)) = &self.notifications {
            for (index, event) in events.iter().enumerate() {
                problems.check(
                    || format!("{path}.notifications.events[{index}]"),
                    rules::check_vault_event(event.as_str()),
                );
            }
        }
        problems.check(
            || format!("{path}.removal_policy"),
            rules::check_air_gapped_removal_snapshot(
                self.removal_policy == RemovalPolicy::Snapshot,
            ),
        );
    }

    /// Renders the vault; `generated_name` is used when no name was given (the property is
    /// required).
    pub(crate) fn render(
        &self,
        generated_name: impl FnOnce() -> String,
        tags: &Map<String, Value>,
    ) -> Rendered {
        let days =
            |d: Option<Duration>| Cfn::from(d.and_then(|d| d.to_days().ok()).unwrap_or_default());
        let properties = CfnLogicallyAirGappedBackupVault {
            access_policy: vault::access_policy(&self.statements).map(Into::into),
            backup_vault_name: Some(
                self.name
                    .clone()
                    .unwrap_or_else(|| CfnValue::literal(generated_name())),
            ),
            backup_vault_tags: tag_map(tags),
            encryption_key_arn: self.encryption_key.clone(),
            max_retention_days: Some(days(self.max_retention)),
            min_retention_days: Some(days(self.min_retention)),
            mpa_approval_team_arn: self.mpa_approval_team.clone(),
            notifications: self.notifications.as_ref().map(|(topic, events)| {
                NotificationObjectType {
                    backup_vault_events: Some(vault::event_values(events)),
                    sns_topic_arn: Some(topic.arn()),
                }
            }),
        };
        self.removal_policy.apply(Rendered::new(
            CfnLogicallyAirGappedBackupVault::TYPE_NAME,
            properties,
        ))
    }

    /// The topic policy for a topic declared in the stack: `(logical id, resource)`.
    pub(crate) fn topic_policy(&self) -> Option<(String, Rendered)> {
        match &self.notifications {
            Some((NotificationTopic::InStack(path), _)) => Some(vault::topic_policy(path)),
            _ => None,
        }
    }
}

impl From<&LogicallyAirGappedBackupVault> for VaultRef {
    /// The vault as a copy-action destination or a rule's air-gapped target.
    fn from(vault: &LogicallyAirGappedBackupVault) -> Self {
        vault.reference()
    }
}

//! Backup vaults: created in the stack ([`BackupVault`]) or referenced ([`VaultRef`]), with
//! encryption key, notifications, access policy, vault lock and removal policy.

use serde_json::{json, Map, Value};

use crate::cfn::backup_backup_vault::{
    CfnBackupVault, LockConfigurationType, NotificationObjectType,
};
use crate::cfn::sns_topic_policy::CfnTopicPolicy;
use crate::cfn::Cfn;
use crate::cross_stack;
use crate::duration::Duration;
use crate::ids::{logical_id, resource_logical_id};
use crate::plan::tag_map;
use crate::problem::{Problems, Violation};
use crate::rendered::Rendered;
use crate::resource::CfnResource;
use crate::rules;
use crate::value::{object, CfnValue, Environment};

/// Which statement [`BackupVault::block_recovery_point_deletion_with`] adds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DeletionProtection {
    /// Deny `DeleteRecoveryPoint`, `UpdateRecoveryPointLifecycle` and
    /// `PutBackupVaultAccessPolicy` to `*` on `*`: what the
    /// `BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED` control checks (the default).
    #[default]
    AuditCompliant,
    /// CDK's bytes: the first two actions only (reported non-compliant by the control).
    AsCdk,
}

/// What CloudFormation does with the vault when it leaves the stack (default: retain).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RemovalPolicy {
    /// Keep the vault (`Retain`/`Retain`), the default: vaults hold recovery points.
    #[default]
    Retain,
    /// Delete the vault (`Delete`/`Delete`).
    Destroy,
    /// Keep it, except when creation fails (`RetainExceptOnCreate`/`Retain`).
    RetainOnUpdateOrDelete,
    /// Snapshot (`Snapshot`/`Snapshot`): not supported for vaults, always rejected.
    Snapshot,
}

impl RemovalPolicy {
    fn policies(self) -> (&'static str, &'static str) {
        match self {
            RemovalPolicy::Retain => ("Retain", "Retain"),
            RemovalPolicy::Destroy => ("Delete", "Delete"),
            RemovalPolicy::RetainOnUpdateOrDelete => ("Retain", "RetainExceptOnCreate"),
            RemovalPolicy::Snapshot => ("Snapshot", "Snapshot"),
        }
    }

    /// Adds `UpdateReplacePolicy` and `DeletionPolicy` to a rendered resource.
    pub(crate) fn apply(self, resource: Rendered) -> Rendered {
        let (update_replace, deletion) = self.policies();
        resource.removal_policies(update_replace, deletion)
    }
}

macro_rules! vault_events {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// A vault notification event, as the AWS Backup API names it (row 35 of the rules).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum BackupVaultEvent {
            $($(#[$doc])* $variant,)*
        }

        impl BackupVaultEvent {
            /// Every event AWS documents, CDK's 17 first in CDK's order.
            pub const ALL: &'static [BackupVaultEvent] = &[$(BackupVaultEvent::$variant,)*];

            /// The API's name, e.g. `BACKUP_JOB_STARTED`.
            pub fn as_str(self) -> &'static str {
                match self { $(BackupVaultEvent::$variant => $text,)* }
            }

            /// The event named `text` (the API's spelling).
            pub fn from_name(text: &str) -> Option<Self> {
                match text { $($text => Some(BackupVaultEvent::$variant),)* _ => None }
            }
        }
    };
}

vault_events! {
    /// A backup job started.
    BackupJobStarted = "BACKUP_JOB_STARTED",
    /// A backup job completed.
    BackupJobCompleted = "BACKUP_JOB_COMPLETED",
    /// Deprecated by AWS (never fires): use `BackupJobCompleted`.
    BackupJobSuccessful = "BACKUP_JOB_SUCCESSFUL",
    /// Deprecated by AWS (never fires): use `BackupJobCompleted`.
    BackupJobFailed = "BACKUP_JOB_FAILED",
    /// Deprecated by AWS (never fires).
    BackupJobExpired = "BACKUP_JOB_EXPIRED",
    /// A restore job started.
    RestoreJobStarted = "RESTORE_JOB_STARTED",
    /// A restore job completed.
    RestoreJobCompleted = "RESTORE_JOB_COMPLETED",
    /// Deprecated by AWS (never fires): use `RestoreJobCompleted`.
    RestoreJobSuccessful = "RESTORE_JOB_SUCCESSFUL",
    /// Deprecated by AWS (never fires): use `RestoreJobCompleted`.
    RestoreJobFailed = "RESTORE_JOB_FAILED",
    /// A copy job started.
    CopyJobStarted = "COPY_JOB_STARTED",
    /// A copy job succeeded.
    CopyJobSuccessful = "COPY_JOB_SUCCESSFUL",
    /// A copy job failed.
    CopyJobFailed = "COPY_JOB_FAILED",
    /// A recovery point was modified.
    RecoveryPointModified = "RECOVERY_POINT_MODIFIED",
    /// Deprecated by AWS (never fires).
    BackupPlanCreated = "BACKUP_PLAN_CREATED",
    /// Deprecated by AWS (never fires).
    BackupPlanModified = "BACKUP_PLAN_MODIFIED",
    /// An S3 object failed to back up.
    S3BackupObjectFailed = "S3_BACKUP_OBJECT_FAILED",
    /// An S3 object failed to restore.
    S3RestoreObjectFailed = "S3_RESTORE_OBJECT_FAILED",
    /// Continuous backup was interrupted.
    ContinuousBackupInterrupted = "CONTINUOUS_BACKUP_INTERRUPTED",
    /// Indexing of a recovery point completed.
    RecoveryPointIndexCompleted = "RECOVERY_POINT_INDEX_COMPLETED",
    /// A recovery point's index was deleted.
    RecoveryPointIndexDeleted = "RECOVERY_POINT_INDEX_DELETED",
    /// Indexing of a recovery point failed.
    RecoveryPointIndexingFailed = "RECOVERY_POINT_INDEXING_FAILED",
    /// An EKS object failed to restore.
    EksRestoreObjectFailed = "EKS_RESTORE_OBJECT_FAILED",
    /// An EKS object was skipped during restore.
    EksRestoreObjectSkipped = "EKS_RESTORE_OBJECT_SKIPPED",
    /// An EKS object failed to back up.
    EksBackupObjectFailed = "EKS_BACKUP_OBJECT_FAILED",
    /// An EKS restore modification succeeded.
    EksRestoreModificationSuccess = "EKS_RESTORE_MODIFICATION_SUCCESS",
    /// An EKS restore modification failed.
    EksRestoreModificationFailed = "EKS_RESTORE_MODIFICATION_FAILED",
    /// An access point became available.
    AccessPointAvailable = "ACCESS_POINT_AVAILABLE",
    /// An access point could not be created.
    AccessPointCreationFailed = "ACCESS_POINT_CREATION_FAILED",
    /// An access point was deleted.
    AccessPointDeleted = "ACCESS_POINT_DELETED",
    /// An access point could not be deleted.
    AccessPointDeletionFailed = "ACCESS_POINT_DELETION_FAILED",
    /// An access point expired.
    AccessPointExpired = "ACCESS_POINT_EXPIRED",
    /// An access point was disassociated.
    AccessPointDisassociated = "ACCESS_POINT_DISASSOCIATED",
}

impl BackupVaultEvent {
    /// The events CDK sends when a topic is set without events (CDK's 17, in CDK's order).
    pub fn cdk_defaults() -> &'static [BackupVaultEvent] {
        &Self::ALL[..17]
    }
}

/// Vault Lock: recovery points cannot be deleted before `min_retention` nor kept past
/// `max_retention`; with `changeable_for` the lock becomes immutable after that period.
///
/// ```
/// use backup_dsl::{Duration, LockConfiguration};
/// let lock = LockConfiguration::new(Duration::days(7)).max_retention(Duration::days(365));
/// assert_eq!(lock.min_retention, Duration::days(7));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LockConfiguration {
    /// Shortest retention allowed (`MinRetentionDays`).
    pub min_retention: Duration,
    /// Longest retention allowed (`MaxRetentionDays`).
    pub max_retention: Option<Duration>,
    /// Cooling-off period before the lock becomes immutable (`ChangeableForDays`).
    pub changeable_for: Option<Duration>,
}

impl LockConfiguration {
    /// A lock with only a minimum retention.
    pub fn new(min_retention: Duration) -> Self {
        Self {
            min_retention,
            max_retention: None,
            changeable_for: None,
        }
    }

    /// Sets the maximum retention.
    pub fn max_retention(mut self, max: Duration) -> Self {
        self.max_retention = Some(max);
        self
    }

    /// Sets the cooling-off period (compliance mode).
    pub fn changeable_for(mut self, period: Duration) -> Self {
        self.changeable_for = Some(period);
        self
    }

    /// The lock in whole days `(min, max, changeable)`, recording conversion and range problems.
    pub(crate) fn days(
        &self,
        path: &str,
        problems: &mut Problems,
    ) -> Option<(i64, Option<i64>, Option<i64>)> {
        let min = problems.check(
            || format!("{path}.min_retention"),
            self.min_retention.to_days_of("min_retention"),
        );
        let max = self.max_retention.map(|d| {
            problems.check(
                || format!("{path}.max_retention"),
                d.to_days_of("max_retention"),
            )
        });
        let changeable = self.changeable_for.map(|d| {
            problems.check(
                || format!("{path}.changeable_for"),
                d.to_days_of("changeable_for"),
            )
        });
        for (field, violation) in
            rules::check_vault_lock_known(min, max.flatten(), changeable.flatten())
        {
            problems.push(format!("{path}.{field}"), violation);
        }
        Some((
            min?,
            max.map_or(Some(None), |d| d.map(Some))?,
            changeable.map_or(Some(None), |d| d.map(Some))?,
        ))
    }
}

/// Where a vault's notifications go.
#[derive(Clone, Debug, PartialEq)]
pub enum NotificationTopic {
    /// A topic outside the stack, by ARN (or any intrinsic giving one).
    Arn(CfnValue),
    /// An `AWS::SNS::Topic` declared in the stack at this construct path: CDK also emits a
    /// topic policy that lets AWS Backup publish to it.
    InStack(String),
}

impl NotificationTopic {
    /// The topic's ARN as the template writes it (`Ref` of a topic in the stack).
    pub(crate) fn arn(&self) -> CfnValue {
        match self {
            NotificationTopic::Arn(arn) => arn.clone(),
            NotificationTopic::InStack(path) => CfnValue::reference(&resource_logical_id(path)),
        }
    }
}

impl From<&str> for NotificationTopic {
    fn from(arn: &str) -> Self {
        NotificationTopic::Arn(arn.into())
    }
}

impl From<String> for NotificationTopic {
    fn from(arn: String) -> Self {
        NotificationTopic::Arn(arn.into())
    }
}

impl From<CfnValue> for NotificationTopic {
    fn from(arn: CfnValue) -> Self {
        NotificationTopic::Arn(arn)
    }
}

/// A backup vault created by the stack (`AWS::Backup::BackupVault`).
///
/// ```
/// use backup_dsl::{BackupVault, Duration, LockConfiguration};
/// let vault = BackupVault::new("Vault")
///     .name("my-vault")
///     .lock_configuration(LockConfiguration::new(Duration::days(7)));
/// assert_eq!(vault.id(), "Vault");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BackupVault {
    id: String,
    name: Option<CfnValue>,
    encryption_key: Option<CfnValue>,
    notification_topic: Option<NotificationTopic>,
    notification_events: Option<Vec<BackupVaultEvent>>,
    statements: Vec<Value>,
    lock: Option<LockConfiguration>,
    removal_policy: RemovalPolicy,
    tags: Vec<(String, String)>,
}

impl BackupVault {
    /// A vault with construct id `id` (a `/`-separated path for nested scopes).
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: None,
            encryption_key: None,
            notification_topic: None,
            notification_events: None,
            statements: Vec::new(),
            lock: None,
            removal_policy: RemovalPolicy::Retain,
            tags: Vec::new(),
        }
    }

    /// The construct id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Sets `BackupVaultName` (default: generated as CDK generates it; an empty name also falls
    /// back to the generated one, as CDK's `backupVaultName || uniqueVaultName()` does).
    pub fn name(mut self, name: impl Into<CfnValue>) -> Self {
        let name = name.into();
        self.name = (name.as_literal() != Some("")).then_some(name);
        self
    }

    /// The `BackupVaultName` when it is given as a literal.
    pub(crate) fn literal_name(&self) -> Option<&str> {
        self.name.as_ref().and_then(CfnValue::as_literal)
    }

    /// Sets `EncryptionKeyArn`: a KMS key ARN (default: the AWS-managed key).
    pub fn encryption_key(mut self, key_arn: impl Into<CfnValue>) -> Self {
        self.encryption_key = Some(key_arn.into());
        self
    }

    /// Sends notifications to `topic` (all CDK events unless [`Self::notification_events`]).
    pub fn notification_topic(mut self, topic: impl Into<NotificationTopic>) -> Self {
        self.notification_topic = Some(topic.into());
        self
    }

    /// The events to notify about.
    pub fn notification_events(
        mut self,
        events: impl IntoIterator<Item = BackupVaultEvent>,
    ) -> Self {
        self.notification_events = Some(events.into_iter().collect());
        self
    }

    /// Starts the access policy with the statements of `document` (an IAM policy document).
    pub fn access_policy(mut self, document: Value) -> Self {
        let statements = document.get("Statement").cloned().unwrap_or(Value::Null);
        let statements = match statements {
            Value::Array(list) => list,
            Value::Null => Vec::new(),
            single => vec![single],
        };
        self.statements.splice(0..0, statements);
        self
    }

    /// Appends one statement to the access policy.
    pub fn add_to_access_policy(mut self, statement: Value) -> Self {
        self.statements.push(statement);
        self
    }

    /// Denies to everyone deleting recovery points, changing their lifecycle and replacing
    /// the vault's access policy (when `block`): the statement AWS Config's
    /// `backup-recovery-point-manual-deletion-disabled` requires, so the vault passes the
    /// `BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED` control. CDK's
    /// `blockRecoveryPointDeletion` denies only the first two actions (the vault is reported
    /// non-compliant): [`Self::block_recovery_point_deletion_with`] and
    /// [`DeletionProtection::AsCdk`] reproduce it.
    ///
    /// ```
    /// use backup_dsl::BackupVault;
    /// let vault = BackupVault::new("Vault").block_recovery_point_deletion(true);
    /// # let _ = vault;
    /// ```
    pub fn block_recovery_point_deletion(self, block: bool) -> Self {
        if !block {
            return self;
        }
        self.block_recovery_point_deletion_with(DeletionProtection::AuditCompliant)
    }

    /// Denies deleting recovery points to everyone, with the statement `protection` chooses.
    pub fn block_recovery_point_deletion_with(self, protection: DeletionProtection) -> Self {
        let actions: &[&str] = match protection {
            DeletionProtection::AuditCompliant => &[
                "backup:DeleteRecoveryPoint",
                "backup:UpdateRecoveryPointLifecycle",
                "backup:PutBackupVaultAccessPolicy",
            ],
            DeletionProtection::AsCdk => &[
                "backup:DeleteRecoveryPoint",
                "backup:UpdateRecoveryPointLifecycle",
            ],
        };
        self.add_to_access_policy(json!({
            "Action": actions,
            "Effect": "Deny",
            "Principal": { "AWS": "*" },
            "Resource": "*"
        }))
    }

    /// Sets Vault Lock.
    pub fn lock_configuration(mut self, lock: LockConfiguration) -> Self {
        self.lock = Some(lock);
        self
    }

    /// Sets the removal policy (default [`RemovalPolicy::Retain`]).
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.removal_policy = policy;
        self
    }

    /// Adds the tag `key` = `value` to the vault's `BackupVaultTags`, beside the stack's tags; on
    /// the same key the vault's own value wins, as CDK's `Tags.of(vault)` wins over
    /// `Tags.of(stack)`. Keys take 1 to 128 characters, values at most 256 (`tag-key-length`,
    /// `tag-value-length`). A key given twice keeps the last value.
    ///
    /// ```
    /// use backup_dsl::{BackupVault, Stack};
    /// let vault = BackupVault::new("Vault").tag("cost-center", "backup-ops");
    /// let template = Stack::new("Stack").with(vault).synth().unwrap();
    /// let json = template.json();
    /// let vault = json["Resources"].as_object().unwrap().values()
    ///     .find(|r| r["Type"] == "AWS::Backup::BackupVault")
    ///     .unwrap();
    /// assert_eq!(vault["Properties"]["BackupVaultTags"]["cost-center"], "backup-ops");
    /// ```
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        self.tags.retain(|(k, _)| *k != key);
        self.tags.push((key, value.into()));
        self
    }

    /// Adds every `(key, value)` pair as [`Self::tag`] does.
    ///
    /// ```
    /// use backup_dsl::BackupVault;
    /// let vault = BackupVault::new("Vault").tags([("team", "storage"), ("stage", "prod")]);
    /// # let _ = vault;
    /// ```
    pub fn tags<K: Into<String>, V: Into<String>>(
        self,
        tags: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        tags.into_iter().fold(self, |vault, (k, v)| vault.tag(k, v))
    }

    /// The stack's tags with the vault's own over them: its `BackupVaultTags`.
    fn tags_over(&self, stack_tags: &Map<String, Value>) -> Map<String, Value> {
        let mut tags = stack_tags.clone();
        for (key, value) in &self.tags {
            tags.insert(key.clone(), Value::String(value.clone()));
        }
        tags
    }

    /// A reference to this vault, for plans, rules and copy actions.
    pub fn reference(&self) -> VaultRef {
        VaultRef::InStack(self.id.clone())
    }

    /// The vault lock, if any.
    pub fn lock(&self) -> Option<&LockConfiguration> {
        self.lock.as_ref()
    }

    pub(crate) fn validate(&self, path: &str, problems: &mut Problems) {
        if let Some(name) = self.name.as_ref().and_then(CfnValue::as_literal) {
            problems.check(|| format!("{path}.name"), rules::check_vault_name(name));
        }
        if let Some(lock) = &self.lock {
            lock.days(&format!("{path}.lock_configuration"), problems);
        }
        for (key, value) in &self.tags {
            problems.check(|| format!("{path}.tags[{key}]"), rules::check_tag_key(key));
            problems.check(
                || format!("{path}.tags[{key}]"),
                rules::check_tag_value(key, value),
            );
        }
        problems.check(
            || format!("{path}.removal_policy"),
            rules::check_vault_removal_snapshot(self.removal_policy == RemovalPolicy::Snapshot),
        );
        problems.check(
            || format!("{path}.encryption_key"),
            rules::check_vault_customer_key(self.has_customer_key()),
        );
        if let Some(key) = self.encryption_key.as_ref().and_then(CfnValue::as_literal) {
            problems.check(
                || format!("{path}.encryption_key"),
                rules::check_kms_key_arn(key),
            );
        }
        if let Some(NotificationTopic::Arn(topic)) = &self.notification_topic {
            if let Some(topic) = topic.as_literal() {
                problems.check(
                    || format!("{path}.notification_topic"),
                    rules::check_sns_topic_arn(topic),
                );
            }
        }
        if self.notification_topic.is_some() {
            let events = self
                .notification_events
                .as_deref()
                .unwrap_or(BackupVaultEvent::cdk_defaults());
            for (index, event) in events.iter().enumerate() {
                problems.check(
                    || format!("{path}.notification_events[{index}]"),
                    rules::check_vault_event(event.as_str()),
                );
            }
        }
    }

    /// Whether the vault is named by an expression (not a literal, not generated).
    pub(crate) fn has_token_name(&self) -> bool {
        self.name.is_some() && self.literal_name().is_none()
    }

    /// Whether the vault names its own (customer-managed) KMS key.
    pub fn has_customer_key(&self) -> bool {
        self.encryption_key.is_some()
    }

    /// Renders the vault resource; `generated_name` is used when no name was given.
    pub(crate) fn render(
        &self,
        generated_name: impl FnOnce() -> String,
        tags: &Map<String, Value>,
    ) -> Rendered {
        let notifications = self.notification_topic.as_ref().map(|topic| {
            let events = self
                .notification_events
                .as_deref()
                .unwrap_or(BackupVaultEvent::cdk_defaults());
            NotificationObjectType {
                backup_vault_events: Some(event_values(events)),
                sns_topic_arn: Some(topic.arn()),
            }
        });
        let properties = CfnBackupVault {
            access_policy: access_policy(&self.statements).map(Into::into),
            backup_vault_name: Some(
                self.name
                    .clone()
                    .unwrap_or_else(|| CfnValue::literal(generated_name())),
            ),
            backup_vault_tags: tag_map(&self.tags_over(tags)),
            encryption_key_arn: self.encryption_key.clone(),
            lock_configuration: self.lock.as_ref().map(render_lock),
            notifications,
        };
        self.removal_policy
            .apply(Rendered::new(CfnBackupVault::TYPE_NAME, properties))
    }

    /// The topic policy CDK adds for a topic declared in the stack: `(logical id, resource)`.
    pub(crate) fn topic_policy(&self) -> Option<(String, Rendered)> {
        let Some(NotificationTopic::InStack(path)) = &self.notification_topic else {
            return None;
        };
        Some(topic_policy(path))
    }
}

/// CDK's topic policy that lets AWS Backup publish to the `AWS::SNS::Topic` at construct path
/// `path`: `(logical id, resource)`.
pub(crate) fn topic_policy(path: &str) -> (String, Rendered) {
    let topic = CfnValue::reference(&resource_logical_id(path));
    let document = json!({
        "Statement": [{
            "Action": "sns:Publish",
            "Effect": "Allow",
            "Principal": { "Service": "backup.amazonaws.com" },
            "Resource": topic.to_json(),
            "Sid": "0"
        }],
        "Version": "2012-10-17"
    });
    let properties = CfnTopicPolicy {
        policy_document: Some(document.into()),
        topics: Some(vec![topic]),
    };
    let resource = Rendered::new(CfnTopicPolicy::TYPE_NAME, properties);
    (logical_id(&format!("{path}/Policy/Resource")), resource)
}

fn render_lock(lock: &LockConfiguration) -> LockConfigurationType {
    let days = |d: &Duration| Cfn::from(d.to_days().unwrap_or_default());
    LockConfigurationType {
        changeable_for_days: lock.changeable_for.as_ref().map(days),
        max_retention_days: lock.max_retention.as_ref().map(days),
        min_retention_days: Some(days(&lock.min_retention)),
    }
}

/// A vault's access policy document (`None` without statements).
pub(crate) fn access_policy(statements: &[Value]) -> Option<Value> {
    (!statements.is_empty()).then(|| {
        object([
            ("Statement", Value::Array(statements.to_vec())),
            ("Version", "2012-10-17".into()),
        ])
    })
}

/// Vault event names as generated list items.
pub(crate) fn event_values(events: &[BackupVaultEvent]) -> Vec<CfnValue> {
    events
        .iter()
        .map(|e| CfnValue::literal(e.as_str()))
        .collect()
}

/// A vault a plan, rule or copy action targets: one in the stack, or one that exists already.
///
/// ```
/// use backup_dsl::VaultRef;
/// let dr = VaultRef::from_arn("arn:aws:backup:us-west-2:123456789012:backup-vault:dr");
/// let other = VaultRef::from_name("other");
/// assert_ne!(dr, other);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum VaultRef {
    /// A [`BackupVault`] in the stack, by construct id.
    InStack(String),
    /// A [`BackupVault`] of another stack of the same [`crate::App`]: stack id and the vault's
    /// construct id. Resolved by the app (an export and import, or the ARN from the other
    /// stack's environment).
    Stack {
        /// The id of the stack holding the vault.
        stack: String,
        /// The vault's construct id in that stack.
        vault: String,
    },
    /// A raw `AWS::Backup::BackupVault` resource in the stack, by logical id (`Ref` gives its name).
    Cfn(String),
    /// An existing vault, by name (its ARN is formatted from the stack's environment).
    Name(CfnValue),
    /// An existing vault, by ARN (`arn:<partition>:backup:<region>:<account>:backup-vault:<name>`).
    Arn(String),
    /// A [`LogicallyAirGappedBackupVault`](crate::LogicallyAirGappedBackupVault) in the stack,
    /// by construct id: a copy-action destination or a rule's
    /// `TargetLogicallyAirGappedBackupVaultArn`.
    AirGapped(String),
}

impl VaultRef {
    /// A [`BackupVault`] added to the same stack, by construct id.
    pub fn in_stack(id: impl Into<String>) -> Self {
        VaultRef::InStack(id.into())
    }

    /// A [`LogicallyAirGappedBackupVault`](crate::LogicallyAirGappedBackupVault) added to the
    /// same stack, by construct id.
    ///
    /// ```
    /// use backup_dsl::{Duration, LogicallyAirGappedBackupVault, VaultRef};
    /// let vault = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(30));
    /// assert_eq!(VaultRef::air_gapped("AirGapped"), vault.reference());
    /// ```
    pub fn air_gapped(id: impl Into<String>) -> Self {
        VaultRef::AirGapped(id.into())
    }

    /// The vault `vault_id` of the stack `stack_id` of the same [`crate::App`] (a DR vault in
    /// another stack, Region or account).
    ///
    /// ```
    /// use backup_dsl::VaultRef;
    /// let dr = VaultRef::other_stack("DrVault", "Vault");
    /// assert!(matches!(dr, VaultRef::Stack { .. }));
    /// ```
    pub fn other_stack(stack_id: impl Into<String>, vault_id: impl Into<String>) -> Self {
        VaultRef::Stack {
            stack: stack_id.into(),
            vault: vault_id.into(),
        }
    }

    /// An existing vault by name.
    pub fn from_name(name: impl Into<CfnValue>) -> Self {
        VaultRef::Name(name.into())
    }

    /// An existing vault by ARN; the ARN's shape is checked at synthesis.
    pub fn from_arn(arn: impl Into<String>) -> Self {
        VaultRef::Arn(arn.into())
    }

    /// The checks that need no stack: an imported ARN's shape, an imported name's pattern
    /// (names of AWS-managed vaults, `aws/…`, are AWS's own).
    pub(crate) fn validate(&self) -> Result<(), Violation> {
        match self {
            VaultRef::Arn(arn) => rules::parse_vault_arn(arn).map(drop),
            VaultRef::Name(name) => match name.as_literal() {
                Some(name) if !name.starts_with("aws/") => rules::check_vault_name(name),
                _ => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// The vault's name, as `TargetBackupVault` wants it.
    pub(crate) fn name_value(&self) -> Value {
        match self {
            VaultRef::InStack(id) => {
                json!({ "Fn::GetAtt": [resource_logical_id(id), "BackupVaultName"] })
            }
            VaultRef::Cfn(logical) => json!({ "Ref": logical }),
            VaultRef::Stack { stack, vault } => {
                cross_stack::placeholder(stack, vault, "BackupVaultName")
            }
            VaultRef::Name(name) => name.to_json(),
            VaultRef::Arn(arn) => {
                Value::String(rules::parse_vault_arn(arn).unwrap_or_default().to_string())
            }
            VaultRef::AirGapped(id) => json!({ "Ref": resource_logical_id(id) }),
        }
    }

    /// The vault's ARN, as `DestinationBackupVaultArn` wants it.
    pub(crate) fn arn_value(&self, env: &Environment) -> Value {
        match self {
            VaultRef::InStack(id) => {
                json!({ "Fn::GetAtt": [resource_logical_id(id), "BackupVaultArn"] })
            }
            VaultRef::Cfn(logical) => json!({ "Fn::GetAtt": [logical, "BackupVaultArn"] }),
            VaultRef::Stack { stack, vault } => {
                cross_stack::placeholder(stack, vault, "BackupVaultArn")
            }
            VaultRef::Name(name) => env
                .format_arn("backup", "backup-vault", ':', name.clone())
                .into_json(),
            VaultRef::Arn(arn) => Value::String(arn.clone()),
            VaultRef::AirGapped(id) => {
                json!({ "Fn::GetAtt": [resource_logical_id(id), "BackupVaultArn"] })
            }
        }
    }
}

impl From<&CfnResource> for VaultRef {
    /// A raw `AWS::Backup::BackupVault` in the stack (CDK's `CfnBackupVault` as a vault ref).
    fn from(vault: &CfnResource) -> Self {
        VaultRef::Cfn(vault.logical_id().to_string())
    }
}

impl From<&BackupVault> for VaultRef {
    fn from(vault: &BackupVault) -> Self {
        vault.reference()
    }
}

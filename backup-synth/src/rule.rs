//! Backup rules: schedule, windows, lifecycle, continuous backup, copy and index actions, and
//! CDK's five ready-made rules.

use std::borrow::Cow;
use std::fmt;

use crate::cfn::backup_backup_plan::{
    BackupRuleResourceType, CopyActionResourceType, IndexActionsResourceType, LifecycleResourceType,
};
use crate::cfn::{Cfn, CfnMap};
use crate::duration::Duration;
use crate::problem::{Below, Problems, Violation};
use crate::rules;
use crate::scan::ScanMode;
use crate::value::{CfnValue, Environment};
use crate::vault::VaultRef;

/// CDK's `Schedule.cron` options: each field defaults to `*`, and day-of-week to `?` (or
/// day-of-month to `?` when a week day is given).
///
/// ```
/// use backup_dsl::CronOptions;
/// let cron = CronOptions { minute: Some("0".into()), hour: Some("5".into()), ..Default::default() };
/// assert_eq!(cron.expression().unwrap(), "cron(0 5 * * ? *)");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CronOptions {
    /// Minutes field.
    pub minute: Option<String>,
    /// Hours field.
    pub hour: Option<String>,
    /// Day-of-month field.
    pub day: Option<String>,
    /// Month field.
    pub month: Option<String>,
    /// Day-of-week field.
    pub week_day: Option<String>,
    /// Year field.
    pub year: Option<String>,
}

impl CronOptions {
    /// The `cron(...)` expression, or an error when both `day` and `week_day` are given.
    pub fn expression(&self) -> Result<String, Violation> {
        if self.day.is_some() && self.week_day.is_some() {
            return Err(Violation::error(
                "schedule-day-and-week-day",
                "both `day` and `week_day` are given; a cron schedule takes one of them",
                "keep `day` for days of the month or `week_day` for days of the week, not both",
            ));
        }
        let field = |value: &Option<String>, default: &str| {
            value.clone().unwrap_or_else(|| default.to_string())
        };
        let day_default = if self.week_day.is_some() { "?" } else { "*" };
        Ok(format!(
            "cron({} {} {} {} {} {})",
            field(&self.minute, "*"),
            field(&self.hour, "*"),
            field(&self.day, day_default),
            field(&self.month, "*"),
            field(&self.week_day, "?"),
            field(&self.year, "*"),
        ))
    }
}

/// When a rule runs.
///
/// ```
/// use backup_dsl::Schedule;
/// assert_eq!(Schedule::from("cron(0 5 ? * * *)"), Schedule::Expression("cron(0 5 ? * * *)".into()));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Schedule {
    /// A literal `ScheduleExpression`, checked by the cron engine.
    Expression(String),
    /// CDK's `Schedule.cron` options.
    Cron(CronOptions),
    /// A rate: AWS Backup takes no rate, so this is always rejected (kept for CDK parity).
    Rate(Duration),
}

impl From<&str> for Schedule {
    fn from(expression: &str) -> Self {
        Schedule::Expression(expression.to_string())
    }
}

impl From<String> for Schedule {
    fn from(expression: String) -> Self {
        Schedule::Expression(expression)
    }
}

impl Schedule {
    /// The `ScheduleExpression` text, or the violation that prevents one.
    pub fn expression(&self) -> Result<String, Violation> {
        self.expression_text().map(Cow::into_owned)
    }

    /// [`Schedule::expression`], borrowed when the schedule is written as text.
    fn expression_text(&self) -> Result<Cow<'_, str>, Violation> {
        match self {
            Schedule::Expression(text) => Ok(Cow::Borrowed(text)),
            Schedule::Cron(options) => options.expression().map(Cow::Owned),
            Schedule::Rate(duration) => Err(Violation::error(
                "schedule-syntax",
                format!("a rate schedule (every {duration}) is not supported; AWS Backup takes only `cron(...)` schedules"),
                "write a cron schedule, for example `cron(0 5 ? * * *)` for every day at 05:00 UTC",
            )),
        }
    }
}

/// A resource type a rule indexes recovery points of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexActionResourceType {
    /// Amazon S3.
    S3,
    /// Amazon EBS.
    Ebs,
    /// Any other value, verbatim.
    Other(String),
}

impl IndexActionResourceType {
    /// The type named `name` (`S3`, `EBS`, or any other value verbatim).
    pub fn from_name(name: &str) -> Self {
        match name {
            "S3" => IndexActionResourceType::S3,
            "EBS" => IndexActionResourceType::Ebs,
            other => IndexActionResourceType::Other(other.to_string()),
        }
    }

    /// The CloudFormation value.
    pub fn as_str(&self) -> &str {
        match self {
            IndexActionResourceType::S3 => "S3",
            IndexActionResourceType::Ebs => "EBS",
            IndexActionResourceType::Other(text) => text,
        }
    }
}

/// Copies each recovery point to another vault, with its own lifecycle.
///
/// ```
/// use backup_dsl::{BackupPlanCopyAction, Duration, VaultRef};
/// let copy = BackupPlanCopyAction::new(VaultRef::from_name("dr")).delete_after(Duration::days(365));
/// assert_eq!(copy.delete_after, Some(Duration::days(365)));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BackupPlanCopyAction {
    /// The destination vault (its ARN is emitted).
    pub destination: VaultRef,
    /// Retention of the copy.
    pub delete_after: Option<Duration>,
    /// When the copy moves to cold storage.
    pub move_to_cold_storage_after: Option<Duration>,
    /// `OptInToArchiveForSupportedResources`: the copy moves to the archive tier, for the
    /// resource types that have one, instead of cold storage.
    pub opt_in_to_archive: Option<bool>,
}

impl BackupPlanCopyAction {
    /// A copy to `destination`, keeping the source lifecycle.
    pub fn new(destination: impl Into<VaultRef>) -> Self {
        Self {
            destination: destination.into(),
            delete_after: None,
            move_to_cold_storage_after: None,
            opt_in_to_archive: None,
        }
    }

    /// Sets `OptInToArchiveForSupportedResources` of the copy.
    pub fn opt_in_to_archive(mut self, opt_in: bool) -> Self {
        self.opt_in_to_archive = Some(opt_in);
        self
    }

    /// Sets the copy's retention.
    pub fn delete_after(mut self, duration: Duration) -> Self {
        self.delete_after = Some(duration);
        self
    }

    /// Sets when the copy moves to cold storage.
    pub fn move_to_cold_storage_after(mut self, duration: Duration) -> Self {
        self.move_to_cold_storage_after = Some(duration);
        self
    }

    fn render(&self, env: &Environment) -> CopyActionResourceType {
        CopyActionResourceType {
            destination_backup_vault_arn: Some(CfnValue::raw(self.destination.arn_value(env))),
            lifecycle: render_lifecycle(
                self.delete_after,
                self.move_to_cold_storage_after,
                self.opt_in_to_archive,
            ),
        }
    }
}

/// A rule of a backup plan (`BackupRuleResourceType`).
///
/// ```
/// use backup_dsl::{BackupPlanRule, Duration};
/// let rule = BackupPlanRule::new()
///     .name("Nightly")
///     .schedule("cron(0 3 ? * * *)")
///     .delete_after(Duration::days(35));
/// assert_eq!(rule.rule_name(), Some("Nightly"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BackupPlanRule {
    pub(crate) name: Option<String>,
    pub(crate) schedule: Option<Schedule>,
    pub(crate) schedule_timezone: Option<String>,
    pub(crate) start_window: Option<Duration>,
    pub(crate) completion_window: Option<Duration>,
    pub(crate) delete_after: Option<Duration>,
    pub(crate) move_to_cold_storage_after: Option<Duration>,
    pub(crate) enable_continuous_backup: Option<bool>,
    pub(crate) copy_actions: Vec<BackupPlanCopyAction>,
    pub(crate) recovery_point_tags: Vec<(String, String)>,
    pub(crate) index_actions: Vec<Vec<IndexActionResourceType>>,
    pub(crate) vault: Option<VaultRef>,
    pub(crate) air_gapped_vault: Option<VaultRef>,
    pub(crate) opt_in_to_archive: Option<bool>,
    pub(crate) scan_actions: Vec<ScanMode>,
}

impl BackupPlanRule {
    /// A rule with every property at its default.
    pub fn new() -> Self {
        Self::default()
    }

    fn ready_made(name: &str, expression: &str, cold_days: Option<i64>, delete_days: i64) -> Self {
        Self {
            name: Some(name.to_string()),
            schedule: Some(Schedule::from(expression)),
            move_to_cold_storage_after: cold_days.map(Duration::days),
            delete_after: Some(Duration::days(delete_days)),
            ..Self::default()
        }
    }

    /// CDK's `daily`: 05:00 UTC every day, kept 35 days.
    pub fn daily() -> Self {
        Self::ready_made("Daily", "cron(0 5 * * ? *)", None, 35)
    }

    /// CDK's `weekly`: 05:00 UTC every Saturday, kept 90 days.
    pub fn weekly() -> Self {
        Self::ready_made("Weekly", "cron(0 5 ? * SAT *)", None, 90)
    }

    /// CDK's `monthly1Year`: the 1st at 05:00 UTC, cold after 30 days, kept 365 days.
    pub fn monthly_1_year() -> Self {
        Self::ready_made("Monthly1Year", "cron(0 5 1 * ? *)", Some(30), 365)
    }

    /// CDK's `monthly5Year`: the 1st at 05:00 UTC, cold after 90 days, kept 1825 days.
    pub fn monthly_5_year() -> Self {
        Self::ready_made("Monthly5Year", "cron(0 5 1 * ? *)", Some(90), 365 * 5)
    }

    /// CDK's `monthly7Year`: the 1st at 05:00 UTC, cold after 90 days, kept 2555 days.
    pub fn monthly_7_year() -> Self {
        Self::ready_made("Monthly7Year", "cron(0 5 1 * ? *)", Some(90), 365 * 7)
    }

    /// Sets `Lifecycle.OptInToArchiveForSupportedResources`: recovery points of resource types
    /// with an archive tier move there instead of cold storage.
    pub fn opt_in_to_archive(mut self, opt_in: bool) -> Self {
        self.opt_in_to_archive = Some(opt_in);
        self
    }

    /// Adds a malware scan action (`ScanActions`, scanner `GUARDDUTY`); the plan needs a scan
    /// setting ([`BackupPlan::scan_setting`](crate::BackupPlan::scan_setting)).
    pub fn scan_action(mut self, mode: ScanMode) -> Self {
        self.scan_actions.push(mode);
        self
    }

    /// The rule's scan actions.
    pub fn scan_actions(&self) -> &[ScanMode] {
        &self.scan_actions
    }

    /// Sets `RuleName` (default `<plan id>Rule<index>`, as CDK names it).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The name given, if any.
    pub fn rule_name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Sets `ScheduleExpression` (a `cron(...)` text, or [`Schedule`]).
    pub fn schedule(mut self, schedule: impl Into<Schedule>) -> Self {
        self.schedule = Some(schedule.into());
        self
    }

    /// Sets `ScheduleExpressionTimezone` (an IANA name; default UTC).
    pub fn schedule_timezone(mut self, zone: impl Into<String>) -> Self {
        self.schedule_timezone = Some(zone.into());
        self
    }

    /// Sets `StartWindowMinutes` (at least 1 hour; default 8 hours).
    pub fn start_window(mut self, window: Duration) -> Self {
        self.start_window = Some(window);
        self
    }

    /// Sets `CompletionWindowMinutes` (default 7 days).
    pub fn completion_window(mut self, window: Duration) -> Self {
        self.completion_window = Some(window);
        self
    }

    /// Sets `Lifecycle.DeleteAfterDays` (default: kept forever; 35 days for continuous backup).
    pub fn delete_after(mut self, duration: Duration) -> Self {
        self.delete_after = Some(duration);
        self
    }

    /// Sets `Lifecycle.MoveToColdStorageAfterDays`.
    pub fn move_to_cold_storage_after(mut self, duration: Duration) -> Self {
        self.move_to_cold_storage_after = Some(duration);
        self
    }

    /// Sets `EnableContinuousBackup` (emitted as given, `false` included).
    pub fn enable_continuous_backup(mut self, enable: bool) -> Self {
        self.enable_continuous_backup = Some(enable);
        self
    }

    /// Adds a copy action.
    pub fn copy_action(mut self, copy: BackupPlanCopyAction) -> Self {
        self.copy_actions.push(copy);
        self
    }

    /// The copy actions, in order.
    pub fn copy_actions(&self) -> &[BackupPlanCopyAction] {
        &self.copy_actions
    }

    /// Adds a recovery point tag (kept in the order given).
    pub fn recovery_point_tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.recovery_point_tags.push((key.into(), value.into()));
        self
    }

    /// Adds recovery point tags (kept in the order given).
    pub fn recovery_point_tags<K: Into<String>, V: Into<String>>(
        mut self,
        tags: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.recovery_point_tags
            .extend(tags.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// Adds an index action over `resource_types`.
    pub fn index_action(
        mut self,
        resource_types: impl IntoIterator<Item = IndexActionResourceType>,
    ) -> Self {
        self.index_actions
            .push(resource_types.into_iter().collect());
        self
    }

    /// Sets the rule's own vault (default: the plan's vault).
    pub fn vault(mut self, vault: impl Into<VaultRef>) -> Self {
        self.vault = Some(vault.into());
        self
    }

    /// The rule's own vault, if any.
    pub fn target_vault(&self) -> Option<&VaultRef> {
        self.vault.as_ref()
    }

    /// Sets `TargetLogicallyAirGappedBackupVaultArn`: the rule backs up directly into a
    /// logically air-gapped vault of the same account and Region (row 42), and into its backup
    /// vault the resource types that cannot. Retention must fit the air-gapped vault's range.
    ///
    /// ```
    /// use backup_dsl::{BackupPlanRule, Duration, LogicallyAirGappedBackupVault};
    /// let air_gapped = LogicallyAirGappedBackupVault::new("AirGapped", Duration::days(7), Duration::days(90));
    /// let rule = BackupPlanRule::daily().logically_air_gapped_vault(&air_gapped);
    /// assert_eq!(rule.target_logically_air_gapped_vault(), Some(&air_gapped.reference()));
    /// ```
    pub fn logically_air_gapped_vault(mut self, vault: impl Into<VaultRef>) -> Self {
        self.air_gapped_vault = Some(vault.into());
        self
    }

    /// The rule's logically air-gapped target, if any.
    ///
    /// ```
    /// use backup_dsl::BackupPlanRule;
    /// assert_eq!(BackupPlanRule::daily().target_logically_air_gapped_vault(), None);
    /// ```
    pub fn target_logically_air_gapped_vault(&self) -> Option<&VaultRef> {
        self.air_gapped_vault.as_ref()
    }

    fn continuous(&self) -> bool {
        self.enable_continuous_backup == Some(true)
    }

    /// Retention as emitted: continuous backup defaults to 35 days, as in CDK.
    pub fn effective_delete_after(&self) -> Option<Duration> {
        self.delete_after
            .or_else(|| self.continuous().then_some(Duration::days(35)))
    }

    /// Checks the rule alone; paths are `path.<key>`.
    pub fn validate(&self, path: &(impl fmt::Display + ?Sized), problems: &mut Problems) {
        if let Some(name) = &self.name {
            problems.check(|| format!("{path}.name"), rules::check_rule_name(name));
        }
        if let Some(schedule) = &self.schedule {
            let at = || format!("{path}.schedule");
            if let Some(expression) = problems.check(at, schedule.expression_text()) {
                problems.check(at, rules::check_schedule(&expression));
            }
        }
        if let Some(zone) = &self.schedule_timezone {
            problems.check(
                || format!("{path}.schedule_timezone"),
                rules::check_timezone(zone),
            );
        }
        if let Some(window) = self.start_window {
            let at = || format!("{path}.start_window");
            if let Some(minutes) = problems.check(at, window.to_minutes_of("start_window")) {
                problems.check(at, rules::check_start_window(minutes));
            }
        }
        if let Some(window) = self.completion_window {
            let at = || format!("{path}.completion_window");
            if let Some(minutes) = problems.check(at, window.to_minutes_of("completion_window")) {
                problems.check(at, rules::check_completion_window(minutes));
            }
        }
        self.validate_lifecycle(path, problems);
        for (index, copy) in self.copy_actions.iter().enumerate() {
            let at = Below::new(path, "copy_actions", &index);
            problems.check(|| format!("{at}.destination"), copy.destination.validate());
            validate_lifecycle_pair(
                &at,
                copy.delete_after,
                copy.move_to_cold_storage_after,
                problems,
            );
            problems.check(
                || format!("{at}.opt_in_to_archive"),
                rules::check_archive_opt_in(
                    copy.opt_in_to_archive == Some(true),
                    copy.move_to_cold_storage_after.is_some(),
                ),
            );
        }
        problems.check(
            || format!("{path}.opt_in_to_archive"),
            rules::check_archive_opt_in(
                self.opt_in_to_archive == Some(true),
                self.move_to_cold_storage_after.is_some(),
            ),
        );
        for (key, value) in &self.recovery_point_tags {
            problems.check(
                || format!("{path}.recovery_point_tags[{key}]"),
                rules::check_tag_key(key),
            );
            problems.check(
                || format!("{path}.recovery_point_tags"),
                rules::check_tag_value(key, value),
            );
        }
        if !self.index_actions.is_empty() {
            // (No index action: nothing to check, and no lists to build.)
            let index_types: Vec<Vec<&str>> = self
                .index_actions
                .iter()
                .map(|types| types.iter().map(IndexActionResourceType::as_str).collect())
                .collect();
            problems.check(
                || format!("{path}.index_actions"),
                rules::check_index_actions(&index_types),
            );
        }
        if let Some(vault) = &self.vault {
            problems.check(|| format!("{path}.vault"), vault.validate());
        }
        if let Some(vault) = &self.air_gapped_vault {
            let at = || format!("{path}.logically_air_gapped_vault");
            problems.check(at, vault.validate());
            if let VaultRef::InStack(id) = vault {
                problems.check(at, rules::check_air_gapped_target_kind(id, true));
            }
        }
    }

    fn validate_lifecycle(&self, path: &(impl fmt::Display + ?Sized), problems: &mut Problems) {
        let delete_at = || format!("{path}.delete_after");
        let cold_at = || format!("{path}.move_to_cold_storage_after");
        if self.continuous() {
            problems.check(
                cold_at,
                rules::check_continuous_cold_storage(
                    true,
                    self.move_to_cold_storage_after.is_some(),
                ),
            );
            if let Some(days) = self
                .delete_after
                .and_then(|d| problems.check(delete_at, d.to_days_of("delete_after")))
            {
                problems.check(delete_at, rules::check_continuous_retention(days));
            }
            return;
        }
        validate_lifecycle_pair(
            path,
            self.delete_after,
            self.move_to_cold_storage_after,
            problems,
        );
    }

    /// Renders the rule with its final name and target vault name.
    pub(crate) fn render(
        &self,
        rule_name: &str,
        target_vault: CfnValue,
        env: &Environment,
    ) -> BackupRuleResourceType {
        let minutes = |d: &Duration| Cfn::from(d.to_minutes().unwrap_or_default());
        let index_actions = self
            .index_actions
            .iter()
            .map(|types| IndexActionsResourceType {
                resource_types: Some(
                    types
                        .iter()
                        .map(|t| CfnValue::literal(t.as_str()))
                        .collect(),
                ),
            });
        let tags = self
            .recovery_point_tags
            .iter()
            .map(|(k, v)| (k.clone(), CfnValue::literal(v.as_str())));
        BackupRuleResourceType {
            completion_window_minutes: self.completion_window.as_ref().map(minutes),
            copy_actions: non_empty(self.copy_actions.iter().map(|c| c.render(env)).collect()),
            enable_continuous_backup: self.enable_continuous_backup.map(Cfn::from),
            index_actions: non_empty(index_actions.collect()),
            lifecycle: render_lifecycle(
                self.effective_delete_after(),
                self.move_to_cold_storage_after,
                self.opt_in_to_archive,
            ),
            recovery_point_tags: non_empty(tags.collect()).map(CfnMap),
            rule_name: Some(CfnValue::literal(rule_name)),
            schedule_expression: self
                .schedule
                .as_ref()
                .and_then(|s| s.expression_text().ok())
                .map(|expression| CfnValue::literal(expression.into_owned())),
            schedule_expression_timezone: self.schedule_timezone.as_deref().map(CfnValue::from),
            start_window_minutes: self.start_window.as_ref().map(minutes),
            target_backup_vault: Some(target_vault),
            target_logically_air_gapped_backup_vault_arn: self
                .air_gapped_vault
                .as_ref()
                .map(|vault| CfnValue::raw(vault.arn_value(env))),
            scan_actions: non_empty(self.scan_actions.iter().map(|m| m.render()).collect()),
        }
    }
}

/// `None` for an empty list: CDK leaves empty lists out.
fn non_empty<T>(items: Vec<T>) -> Option<Vec<T>> {
    (!items.is_empty()).then_some(items)
}

/// Retention checks shared by rules and copy actions (rows 9 and 10).
fn validate_lifecycle_pair(
    path: &(impl fmt::Display + ?Sized),
    delete_after: Option<Duration>,
    cold_after: Option<Duration>,
    problems: &mut Problems,
) {
    let delete_at = || format!("{path}.delete_after");
    let delete_days =
        delete_after.and_then(|d| problems.check(delete_at, d.to_days_of("delete_after")));
    let cold_days = cold_after.and_then(|d| {
        problems.check(
            || format!("{path}.move_to_cold_storage_after"),
            d.to_days_of("move_to_cold_storage_after"),
        )
    });
    if let Some(days) = delete_days {
        problems.check(delete_at, rules::check_delete_after(days));
    }
    if let (Some(delete), Some(cold)) = (delete_days, cold_days) {
        problems.check(delete_at, rules::check_cold_storage_gap(delete, cold));
    }
}

fn render_lifecycle(
    delete_after: Option<Duration>,
    cold_after: Option<Duration>,
    opt_in_to_archive: Option<bool>,
) -> Option<LifecycleResourceType> {
    if delete_after.is_none() && cold_after.is_none() && opt_in_to_archive.is_none() {
        return None;
    }
    let days = |d: Duration| Cfn::from(d.to_days().unwrap_or_default());
    Some(LifecycleResourceType {
        delete_after_days: delete_after.map(days),
        move_to_cold_storage_after_days: cold_after.map(days),
        opt_in_to_archive_for_supported_resources: opt_in_to_archive.map(Cfn::from),
    })
}

//! What the report draws, read from the templates: backup plans with their rules, schedules,
//! lifecycles and copy actions, and the vaults they write to, each placed in an account and a
//! Region.

use std::borrow::Cow;

use serde_json::{Number, Value};

use crate::cfn::backup_backup_plan::{
    BackupRuleResourceType, CfnBackupPlan, CopyActionResourceType, LifecycleResourceType,
};
use crate::cfn::backup_backup_vault::CfnBackupVault;
use crate::cfn::backup_logically_air_gapped_backup_vault::CfnLogicallyAirGappedBackupVault;
use crate::cfn::{Cfn, FromCfn, Reader};
use crate::coverage::Input;
use crate::reference::intrinsic;
use crate::CfnValue;

/// AWS Backup's default start window when `StartWindowMinutes` is absent: 8 hours
/// (<https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html>).
pub(crate) const DEFAULT_START_WINDOW_MINUTES: u64 = 480;

/// A number of days or minutes as the template gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Amount {
    /// Not set.
    Absent,
    /// A literal number.
    Given(u64),
    /// An intrinsic function or a value of the wrong type: known only at deployment.
    Computed(String),
}

impl Amount {
    /// A number read at `at` of `resource`: given when a whole non-negative literal,
    /// otherwise computed (shown as written).
    fn read(resource: &Reading<'_>, value: Option<Cfn<Number>>, at: &str) -> Amount {
        match value {
            Some(Cfn::Value(number)) if number.as_u64().is_some() => {
                Amount::Given(number.as_u64().unwrap_or_default())
            }
            _ => resource.computed(at),
        }
    }

    /// A whole number of days read at `at` of `resource` (an integer property).
    fn days(resource: &Reading<'_>, value: Option<Cfn<i64>>, at: &str) -> Amount {
        match value {
            Some(Cfn::Value(days)) if days >= 0 => Amount::Given(days.unsigned_abs()),
            _ => resource.computed(at),
        }
    }

    /// The literal number, if any.
    pub(crate) fn given(&self) -> Option<u64> {
        match self {
            Amount::Given(n) => Some(*n),
            _ => None,
        }
    }
}

/// A lifecycle: days until cold storage and until deletion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Lifecycle {
    pub(crate) cold: Amount,
    pub(crate) delete: Amount,
}

impl Lifecycle {
    /// The `Lifecycle` at `at` of `resource`: absent amounts when there is none (or it is not
    /// an object), computed ones when it is left to deploy time.
    fn read(resource: &Reading<'_>, value: Option<LifecycleResourceType>, at: &str) -> Lifecycle {
        if value.is_none() && resource.intrinsic(at) {
            let computed = resource.computed(at);
            return Lifecycle {
                cold: computed.clone(),
                delete: computed,
            };
        }
        let value = value.unwrap_or_default();
        Lifecycle {
            cold: Amount::read(
                resource,
                value.move_to_cold_storage_after_days,
                &below(at, "MoveToColdStorageAfterDays"),
            ),
            delete: Amount::read(
                resource,
                value.delete_after_days,
                &below(at, "DeleteAfterDays"),
            ),
        }
    }
}

/// A resource read into its generated type: the resource as written (to show what could not
/// be read) and the reader, at pointers relative to the resource (`/Properties/…`).
struct Reading<'r> {
    resource: &'r Value,
    reader: Reader,
}

impl<'r> Reading<'r> {
    /// Reads the `Properties` of `resource` into `T` (the default when absent or not an
    /// object).
    fn read<T: FromCfn + Default>(resource: &'r Value) -> (T, Reading<'r>) {
        let mut reader = Reader::new("/Properties");
        let read = resource
            .get("Properties")
            .and_then(|properties| T::read(properties, &mut reader));
        (read.unwrap_or_default(), Reading { resource, reader })
    }

    /// The value at `at` as written (`None` when absent or null).
    fn written(&self, at: &str) -> Option<&'r Value> {
        self.resource.pointer(at).filter(|v| !v.is_null())
    }

    /// Whether the value at `at` is an intrinsic function (left to deploy time).
    fn intrinsic(&self, at: &str) -> bool {
        self.written(at).is_some_and(|v| intrinsic(v).is_some())
    }

    /// The amount at `at` that is not a literal: absent, or computed, shown as written.
    fn computed(&self, at: &str) -> Amount {
        match self.written(at) {
            None => Amount::Absent,
            Some(value) => Amount::Computed(compact(value)),
        }
    }

    /// A text property at `at`: `Err` with the value as written when it is not a literal.
    fn text(&self, value: Option<CfnValue>, at: &str) -> Result<Option<String>, String> {
        match value.as_ref().map(|v| (v, v.as_literal())) {
            Some((_, Some(text))) => Ok(Some(text.to_string())),
            Some((value, None)) => Err(compact(&value.as_json())),
            None => self.written(at).map(compact).map_or(Ok(None), Err),
        }
    }

    /// A value at `at` as written: the value read, or the one that could not be.
    fn value<'v>(&'v self, value: Option<&'v CfnValue>, at: &str) -> Option<Cow<'v, Value>> {
        value
            .map(CfnValue::as_json)
            .or_else(|| self.written(at).map(Cow::Borrowed))
    }
}

/// The JSON pointer of `key` below `base` (RFC 6901 escaping).
fn below(base: &str, key: impl std::fmt::Display) -> String {
    let key = key.to_string();
    format!("{base}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// A backup vault: declared in an input, or named by a rule or copy action only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Vault {
    /// The vault's name (its logical id when CloudFormation generates the name).
    pub(crate) name: String,
    /// `file#logical id` when an input declares it.
    pub(crate) declared_in: Option<String>,
    /// The 12-digit account, when known.
    pub(crate) account: Option<String>,
    /// The Region, when known.
    pub(crate) region: Option<String>,
    /// Vault Lock (or air-gapped retention) range in days: minimum, maximum.
    pub(crate) lock: Option<(Amount, Amount)>,
    /// An `AWS::Backup::LogicallyAirGappedBackupVault`.
    pub(crate) air_gapped: bool,
}

/// A copy action of a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Copy {
    /// Index of the destination in [`Model::vaults`].
    pub(crate) destination: usize,
    pub(crate) lifecycle: Lifecycle,
}

/// A rule of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    pub(crate) name: String,
    /// The schedule expression, or `Err` with the intrinsic that computes it.
    pub(crate) schedule: Result<Option<String>, String>,
    /// The IANA time zone, or `Err` with the intrinsic that computes it (absent: UTC).
    pub(crate) zone: Result<String, String>,
    pub(crate) start_window: Amount,
    pub(crate) lifecycle: Lifecycle,
    /// Index of the target vault in [`Model::vaults`].
    pub(crate) target: usize,
    pub(crate) copies: Vec<Copy>,
}

/// A backup plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    /// `file#logical id`.
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) rules: Vec<Rule>,
}

/// Plans and vaults of all inputs, in input then template order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Model {
    pub(crate) plans: Vec<Plan>,
    pub(crate) vaults: Vec<Vault>,
}

/// Deepest JSON nesting shown when an intrinsic is printed.
const SHOWN_CHARS: usize = 120;

impl Model {
    /// Reads every plan and vault of `inputs`.
    pub(crate) fn read(inputs: &[Input]) -> Model {
        let mut model = Model::default();
        let mut declared = Vec::new();
        for input in inputs {
            for (id, resource) in resources(&input.template) {
                if let Some(vault) = declared_vault(input, id, resource) {
                    declared.push((input.file.clone(), id.to_string(), model.vaults.len()));
                    model.vaults.push(vault);
                }
            }
        }
        for input in inputs {
            for (id, resource) in resources(&input.template) {
                if kind(resource) == Some("AWS::Backup::BackupPlan") {
                    let plan = model.read_plan(input, &declared, id, resource);
                    model.plans.push(plan);
                }
            }
        }
        model
    }

    fn read_plan(
        &mut self,
        input: &Input,
        declared: &[(String, String, usize)],
        id: &str,
        resource: &Value,
    ) -> Plan {
        let (plan, reading) = Reading::read::<CfnBackupPlan>(resource);
        let plan = plan.backup_plan.unwrap_or_default();
        let name = match plan
            .backup_plan_name
            .as_ref()
            .and_then(CfnValue::as_literal)
        {
            Some(name) => name.to_string(),
            None => id.to_string(),
        };
        let local = |logical: &str| {
            declared
                .iter()
                .find(|(file, id, _)| *file == input.file && id == logical)
                .map(|(_, _, index)| *index)
        };
        let rules_at = "/Properties/BackupPlan/BackupPlanRule";
        let rules = reading
            .reader
            .slots(rules_at, plan.backup_plan_rule.unwrap_or_default())
            .into_iter()
            .map(|(index, rule)| {
                let at = below(rules_at, index);
                let rule = rule.unwrap_or_default();
                self.read_rule(input, &local, &reading, (index, &at), rule)
            })
            .collect();
        Plan {
            id: format!("{}#{id}", input.file),
            name,
            rules,
        }
    }

    /// The rule `index` of a plan, at `at`.
    fn read_rule(
        &mut self,
        input: &Input,
        local: &dyn Fn(&str) -> Option<usize>,
        reading: &Reading<'_>,
        (index, at): (usize, &str),
        rule: BackupRuleResourceType,
    ) -> Rule {
        let field = |key: &str| below(at, key);
        let target = reading.value(
            rule.target_backup_vault.as_ref(),
            &field("TargetBackupVault"),
        );
        let target = self.target_vault(input, local, target.as_deref());
        let copies_at = field("CopyActions");
        let copies = reading
            .reader
            .slots(&copies_at, rule.copy_actions.unwrap_or_default())
            .into_iter()
            .map(|(index, copy)| {
                let at = below(&copies_at, index);
                self.read_copy(input, local, reading, &at, copy.unwrap_or_default())
            })
            .collect();
        Rule {
            name: match rule.rule_name.as_ref().and_then(CfnValue::as_literal) {
                Some(name) => name.to_string(),
                None => format!("rule {}", index + 1),
            },
            schedule: reading.text(rule.schedule_expression, &field("ScheduleExpression")),
            zone: reading
                .text(
                    rule.schedule_expression_timezone,
                    &field("ScheduleExpressionTimezone"),
                )
                .map(|z| z.unwrap_or_else(|| "UTC".into())),
            start_window: Amount::read(
                reading,
                rule.start_window_minutes,
                &field("StartWindowMinutes"),
            ),
            lifecycle: Lifecycle::read(reading, rule.lifecycle, &field("Lifecycle")),
            target,
            copies,
        }
    }

    /// A copy action of a rule, at `at`.
    fn read_copy(
        &mut self,
        input: &Input,
        local: &dyn Fn(&str) -> Option<usize>,
        reading: &Reading<'_>,
        at: &str,
        copy: CopyActionResourceType,
    ) -> Copy {
        let destination_at = below(at, "DestinationBackupVaultArn");
        let destination =
            reading.value(copy.destination_backup_vault_arn.as_ref(), &destination_at);
        Copy {
            destination: self.destination_vault(input, local, destination.as_deref()),
            lifecycle: Lifecycle::read(reading, copy.lifecycle, &below(at, "Lifecycle")),
        }
    }

    /// `TargetBackupVault`: a name, or `Ref`/`Fn::GetAtt …BackupVaultName` of a declared vault.
    fn target_vault(
        &mut self,
        input: &Input,
        local: &dyn Fn(&str) -> Option<usize>,
        value: Option<&Value>,
    ) -> usize {
        if let Some(index) = referenced(value).and_then(local) {
            return index;
        }
        let name = match value.map(|v| (v, literal(v))) {
            Some((_, Some(name))) => name,
            Some((other, None)) => format!("computed: {}", compact(other)),
            None => "(no target vault)".to_string(),
        };
        self.external(name, input.account.clone(), input.region.clone())
    }

    /// `DestinationBackupVaultArn`: an ARN, or `Fn::GetAtt`/`Ref` of a declared vault.
    fn destination_vault(
        &mut self,
        input: &Input,
        local: &dyn Fn(&str) -> Option<usize>,
        value: Option<&Value>,
    ) -> usize {
        if let Some(index) = referenced(value).and_then(local) {
            return index;
        }
        match value.map(|v| (v, literal(v))) {
            Some((_, Some(arn))) => match vault_arn(&arn) {
                Some((region, account, name)) => self.external(name, Some(account), Some(region)),
                None => self.external(arn, None, None),
            },
            Some((other, None)) => self.external(
                format!("computed: {}", compact(other)),
                input.account.clone(),
                input.region.clone(),
            ),
            None => self.external("(no destination)".into(), None, None),
        }
    }

    /// The vault named `name` in `account` and `region`: a declared one when it matches,
    /// else a vault known only by name (added once).
    fn external(&mut self, name: String, account: Option<String>, region: Option<String>) -> usize {
        let same = |known: &Option<String>, wanted: &Option<String>| {
            known.is_none() || wanted.is_none() || known == wanted
        };
        if let Some(index) = self
            .vaults
            .iter()
            .position(|v| v.name == name && same(&v.account, &account) && same(&v.region, &region))
        {
            return index;
        }
        self.vaults.push(Vault {
            name,
            declared_in: None,
            account,
            region,
            lock: None,
            air_gapped: false,
        });
        self.vaults.len() - 1
    }
}

fn declared_vault(input: &Input, id: &str, resource: &Value) -> Option<Vault> {
    let (name, lock, air_gapped) = match kind(resource)? {
        "AWS::Backup::BackupVault" => {
            let (vault, reading) = Reading::read::<CfnBackupVault>(resource);
            let lock_at = "/Properties/LockConfiguration";
            let lock = match vault.lock_configuration {
                Some(lock) => Some((
                    Amount::days(
                        &reading,
                        lock.min_retention_days,
                        &below(lock_at, "MinRetentionDays"),
                    ),
                    Amount::days(
                        &reading,
                        lock.max_retention_days,
                        &below(lock_at, "MaxRetentionDays"),
                    ),
                )),
                // Left to deploy time: a lock whose range is computed.
                None if reading.intrinsic(lock_at) => {
                    Some((reading.computed(lock_at), reading.computed(lock_at)))
                }
                None => None,
            };
            (vault.backup_vault_name, lock, false)
        }
        "AWS::Backup::LogicallyAirGappedBackupVault" => {
            let (vault, reading) = Reading::read::<CfnLogicallyAirGappedBackupVault>(resource);
            let lock = Some((
                Amount::days(
                    &reading,
                    vault.min_retention_days,
                    "/Properties/MinRetentionDays",
                ),
                Amount::days(
                    &reading,
                    vault.max_retention_days,
                    "/Properties/MaxRetentionDays",
                ),
            ));
            (vault.backup_vault_name, lock, true)
        }
        _ => return None,
    };
    let name = match name.as_ref().and_then(CfnValue::as_literal) {
        Some(name) => name.to_string(),
        None => id.to_string(),
    };
    Some(Vault {
        name,
        declared_in: Some(format!("{}#{id}", input.file)),
        account: input.account.clone(),
        region: input.region.clone(),
        lock,
        air_gapped,
    })
}

/// The literal a value is or resolves to (`Fn::Sub` without variables, `Fn::Join` of
/// literals; [`crate::reference`]).
fn literal(value: &Value) -> Option<String> {
    match crate::reference::resolve(value, None) {
        crate::reference::Resolved::Literal(text) => Some(text),
        _ => None,
    }
}

/// The logical id a `Ref` or `Fn::GetAtt` names ([`crate::reference`]).
fn referenced(value: Option<&Value>) -> Option<&str> {
    crate::reference::resolve(value?, None).logical_id()
}

/// `arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME` as (Region, account, name): the
/// rule book's reading of a vault ARN ([`crate::rules::parse_vault_arn`]), with its Region and
/// account when both are given.
fn vault_arn(arn: &str) -> Option<(String, String, String)> {
    let name = crate::rules::parse_vault_arn(arn).ok()?;
    let mut fields = arn.split(':').skip(3);
    let (region, account) = (fields.next()?, fields.next()?);
    (!region.is_empty() && !account.is_empty())
        .then(|| (region.to_string(), account.to_string(), name.to_string()))
}

/// A value as compact JSON, cut to [`SHOWN_CHARS`] characters.
fn compact(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > SHOWN_CHARS {
        text.chars().take(SHOWN_CHARS).chain(['…']).collect()
    } else {
        text
    }
}

fn resources(template: &Value) -> impl Iterator<Item = (&str, &Value)> {
    template
        .get("Resources")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(id, resource)| (id.as_str(), resource))
}

fn kind(resource: &Value) -> Option<&str> {
    resource.get("Type").and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_copies_and_vaults_are_resolved() {
        let template = json!({"Resources": {
            "Vault": {"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": "main",
                "LockConfiguration": {"MinRetentionDays": 7, "MaxRetentionDays": 100}}},
            "Gap": {"Type": "AWS::Backup::LogicallyAirGappedBackupVault",
                "Properties": {"MinRetentionDays": 7, "MaxRetentionDays": {"Ref": "Max"}}},
            "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
                "BackupPlanName": "P", "BackupPlanRule": [{"RuleName": "R",
                    "TargetBackupVault": {"Ref": "Vault"}, "ScheduleExpression": "cron(0 5 ? * * *)",
                    "Lifecycle": {"DeleteAfterDays": "35"},
                    "CopyActions": [
                        {"DestinationBackupVaultArn": {"Fn::GetAtt": ["Gap", "BackupVaultArn"]}},
                        {"DestinationBackupVaultArn": "arn:aws:backup:us-east-1:444455556666:backup-vault:dr"},
                        {"DestinationBackupVaultArn": "arn:aws:backup:eu-west-1:111122223333:backup-vault:main"}]}]}}}
        }});
        let input = Input::new("t.json", template)
            .environment(Some("111122223333".into()), Some("eu-west-1".into()));
        let model = Model::read(&[input]);
        assert_eq!(model.vaults.len(), 3);
        let rule = &model.plans[0].rules[0];
        assert_eq!(model.vaults[rule.target].name, "main");
        assert_eq!(rule.lifecycle.delete, Amount::Given(35));
        assert_eq!(rule.zone, Ok("UTC".to_string()));
        let destinations: Vec<usize> = rule.copies.iter().map(|c| c.destination).collect();
        assert_eq!(destinations, [1, 2, 0]);
        assert!(model.vaults[1].air_gapped);
        assert_eq!(
            model.vaults[1].lock,
            Some((
                Amount::Given(7),
                Amount::Computed("{\"Ref\":\"Max\"}".into())
            ))
        );
        assert_eq!(model.vaults[2].account.as_deref(), Some("444455556666"));
    }

    #[test]
    fn malformed_plans_are_read_without_panicking() {
        for template in [
            json!({"Resources": {"P": {"Type": "AWS::Backup::BackupPlan"}}}),
            json!({"Resources": {"P": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {"BackupPlanRule": [1, null, {"CopyActions": [2]}]}}}}}),
            json!({"Resources": []}),
            json!([]),
        ] {
            let model = Model::read(&[Input::new("t", template)]);
            assert!(model.plans.len() <= 1);
        }
    }

    /// Plans and vaults are read through the generated types: a `Lifecycle` or a lock left to
    /// deploy time is computed (the hand-written reading showed "never deleted" and an
    /// unbounded lock), a rule that cannot be read keeps the others' positions.
    #[test]
    fn values_left_to_deploy_time_are_computed() {
        let template = json!({"Resources": {
            "Vault": {"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": "main",
                "LockConfiguration": {"Fn::If": ["Lock", {"MinRetentionDays": 7}, {"Ref": "AWS::NoValue"}]}}},
            "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
                "BackupPlanName": "P", "BackupPlanRule": [
                    {"Fn::If": ["Weekly", {"RuleName": "Weekly"}, {"Ref": "AWS::NoValue"}]},
                    {"RuleName": "Daily", "TargetBackupVault": {"Ref": "Vault"},
                     "ScheduleExpression": {"Ref": "Schedule"},
                     "Lifecycle": {"Fn::If": ["Long", {"DeleteAfterDays": 35}, {"DeleteAfterDays": 7}]},
                     "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-east-1:444455556666:backup-vault:dr",
                                      "Lifecycle": []}]}]}}}
        }});
        let model = Model::read(&[Input::new("t.json", template)]);
        let computed = |shown: &str| Amount::Computed(shown.to_string());
        let lock = "{\"Fn::If\":[\"Lock\",{\"MinRetentionDays\":7},{\"Ref\":\"AWS::NoValue\"}]}";
        assert_eq!(model.vaults[0].lock, Some((computed(lock), computed(lock))));
        let rules = &model.plans[0].rules;
        assert_eq!(rules[0].name, "rule 1");
        assert_eq!(rules[1].name, "Daily");
        assert_eq!(rules[1].schedule, Err("{\"Ref\":\"Schedule\"}".to_string()));
        assert_eq!(model.vaults[rules[1].target].name, "main");
        let lifecycle = "{\"Fn::If\":[\"Long\",{\"DeleteAfterDays\":35},{\"DeleteAfterDays\":7}]}";
        assert_eq!(rules[1].lifecycle.delete, computed(lifecycle));
        // A lifecycle of another kind is not an intrinsic: nothing set, as before.
        assert_eq!(rules[1].copies[0].lifecycle.delete, Amount::Absent);
    }
}

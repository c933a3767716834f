//! What the report draws, read from the templates: backup plans with their rules, schedules,
//! lifecycles and copy actions, and the vaults they write to, each placed in an account and a
//! Region.

use serde_json::{Map, Value};

use crate::coverage::Input;

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
    fn read(map: &Map<String, Value>, key: &str) -> Amount {
        match map.get(key) {
            None | Some(Value::Null) => Amount::Absent,
            Some(value) => match number(value) {
                Some(n) => Amount::Given(n),
                None => Amount::Computed(compact(value)),
            },
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
    fn read(value: Option<&Value>) -> Lifecycle {
        let empty = Map::new();
        let map = value.and_then(Value::as_object).unwrap_or(&empty);
        Lifecycle {
            cold: Amount::read(map, "MoveToColdStorageAfterDays"),
            delete: Amount::read(map, "DeleteAfterDays"),
        }
    }
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
        let plan = properties(resource).get("BackupPlan");
        let empty = Map::new();
        let plan = plan.and_then(Value::as_object).unwrap_or(&empty);
        let name = match plan.get("BackupPlanName") {
            Some(Value::String(name)) => name.clone(),
            _ => id.to_string(),
        };
        let rules = plan
            .get("BackupPlanRule")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let local = |logical: &str| {
            declared
                .iter()
                .find(|(file, id, _)| *file == input.file && id == logical)
                .map(|(_, _, index)| *index)
        };
        let rules = rules
            .iter()
            .enumerate()
            .map(|(index, rule)| self.read_rule(input, &local, index, rule))
            .collect();
        Plan {
            id: format!("{}#{id}", input.file),
            name,
            rules,
        }
    }

    fn read_rule(
        &mut self,
        input: &Input,
        local: &dyn Fn(&str) -> Option<usize>,
        index: usize,
        rule: &Value,
    ) -> Rule {
        let empty = Map::new();
        let map = rule.as_object().unwrap_or(&empty);
        let text = |key: &str| match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(compact(other)),
        };
        let target = self.target_vault(input, local, map.get("TargetBackupVault"));
        let copies = map
            .get("CopyActions")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|copy| Copy {
                destination: self.destination_vault(
                    input,
                    local,
                    copy.get("DestinationBackupVaultArn"),
                ),
                lifecycle: Lifecycle::read(copy.get("Lifecycle")),
            })
            .collect();
        Rule {
            name: match map.get("RuleName") {
                Some(Value::String(name)) => name.clone(),
                _ => format!("rule {}", index + 1),
            },
            schedule: text("ScheduleExpression"),
            zone: text("ScheduleExpressionTimezone").map(|z| z.unwrap_or_else(|| "UTC".into())),
            start_window: Amount::read(map, "StartWindowMinutes"),
            lifecycle: Lifecycle::read(map.get("Lifecycle")),
            target,
            copies,
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
    let air_gapped = match kind(resource)? {
        "AWS::Backup::BackupVault" => false,
        "AWS::Backup::LogicallyAirGappedBackupVault" => true,
        _ => return None,
    };
    let props = properties(resource);
    let name = match props.get("BackupVaultName") {
        Some(Value::String(name)) => name.clone(),
        _ => id.to_string(),
    };
    let lock = if air_gapped {
        Some((
            Amount::read(props, "MinRetentionDays"),
            Amount::read(props, "MaxRetentionDays"),
        ))
    } else {
        props
            .get("LockConfiguration")
            .and_then(Value::as_object)
            .map(|lock| {
                (
                    Amount::read(lock, "MinRetentionDays"),
                    Amount::read(lock, "MaxRetentionDays"),
                )
            })
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

fn number(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
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

fn properties(resource: &Value) -> &Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    resource
        .get("Properties")
        .and_then(Value::as_object)
        .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
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
}

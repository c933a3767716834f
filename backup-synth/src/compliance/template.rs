//! Facts read from a CloudFormation template: synthesis reads the template it rendered, the
//! linter the templates it is given, so both prove controls from the same bytes AWS deploys.

use serde_json::Value;

use crate::coverage::{analyse, backup_type_of, Input};
use crate::reference::{join_argument, resolve, Resolved};

use super::facts::{
    CopyFacts, DeletionPolicy, Facts, LockFacts, Place, PlanFacts, ResourceFacts, Retention,
    RuleFacts, VaultFacts,
};

const PLAN: &str = "AWS::Backup::BackupPlan";
const VAULT: &str = "AWS::Backup::BackupVault";
const AIR_GAPPED: &str = "AWS::Backup::LogicallyAirGappedBackupVault";
const RESTORE_TESTING_SELECTION: &str = "AWS::Backup::RestoreTestingSelection";

/// The actions AWS Config's `backup-recovery-point-manual-deletion-disabled` requires a
/// vault's access policy to deny (AWS Config managed rule page).
pub const DELETION_ACTIONS: [&str; 3] = [
    "backup:DeleteRecoveryPoint",
    "backup:UpdateRecoveryPointLifecycle",
    "backup:PutBackupVaultAccessPolicy",
];

/// The facts of `template`, deployed to `region` and `account` when known.
pub fn facts_from_template(template: &Value, region: Option<&str>, account: Option<&str>) -> Facts {
    let mut facts = own_facts(template, region, account);
    facts.resources = protected_resources(&[("", template)], region, account);
    facts
}

/// The facts of `template` proven among `others` (other inputs, each with its file name): the
/// plans and vaults of every input (those of another input located as `<file>#/Resources/<id>`),
/// and the protectable resources of every input with their coverage by the selections of any
/// input. Region and account are not known from templates.
pub fn facts_from_inputs(template: &Value, others: &[(&str, &Value)]) -> Facts {
    let mut facts = own_facts(template, None, None);
    for (file, other) in others {
        let other = own_facts(other, None, None).located_in(file);
        facts.plans.extend(other.plans);
        facts.vaults.extend(other.vaults);
        facts.restore_testing |= other.restore_testing;
    }
    let mut inputs = vec![("", template)];
    inputs.extend(others.iter().map(|(file, other)| (*file, *other)));
    facts.resources = protected_resources(&inputs, None, None);
    facts
}

/// The plans and vaults of `template` (no resources).
fn own_facts(template: &Value, region: Option<&str>, account: Option<&str>) -> Facts {
    let mut facts = Facts {
        region: region.map(str::to_string),
        account: account.map(str::to_string),
        ..Facts::default()
    };
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return facts;
    };
    for (id, resource) in resources {
        let properties = resource.get("Properties").unwrap_or(&Value::Null);
        match resource.get("Type").and_then(Value::as_str) {
            Some(VAULT) => facts
                .vaults
                .push((id.clone(), vault(id, properties, false))),
            Some(AIR_GAPPED) => facts.vaults.push((id.clone(), vault(id, properties, true))),
            Some(RESTORE_TESTING_SELECTION) => facts.restore_testing = true,
            _ => {}
        }
    }
    for (id, resource) in resources {
        if resource.get("Type").and_then(Value::as_str) == Some(PLAN) {
            let properties = resource.get("Properties").unwrap_or(&Value::Null);
            let plan = plan(id, properties, &facts);
            facts.plans.push(plan);
        }
    }
    facts
}

/// A plan or vault as messages name it: its logical id, with its literal name.
fn display_name(id: &str, name: Option<&str>) -> String {
    name.map_or_else(|| id.to_string(), |n| format!("{id} (`{n}`)"))
}

/// The names a control scope's resource ids may use for a plan or vault.
fn scope_ids(id: &str, name: Option<&str>) -> Vec<String> {
    [Some(id), name]
        .into_iter()
        .flatten()
        .map(str::to_string)
        .collect()
}

fn literal(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str)
}

fn tags(value: Option<&Value>) -> Vec<(String, String)> {
    match value {
        Some(Value::Object(map)) => map
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect(),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|t| {
                Some((
                    literal(t.get("Key"))?.into(),
                    literal(t.get("Value"))?.into(),
                ))
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn int(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn vault(id: &str, properties: &Value, air_gapped: bool) -> VaultFacts {
    let name = literal(properties.get("BackupVaultName"));
    let lock = if air_gapped {
        Some(LockFacts {
            min_days: int(properties.get("MinRetentionDays")),
            max_days: int(properties.get("MaxRetentionDays")),
            compliance_mode: true,
        })
    } else {
        properties.get("LockConfiguration").map(|lock| LockFacts {
            min_days: int(lock.get("MinRetentionDays")),
            max_days: int(lock.get("MaxRetentionDays")),
            compliance_mode: lock.get("ChangeableForDays").is_some(),
        })
    };
    VaultFacts {
        name: display_name(id, name),
        ids: scope_ids(id, name),
        tags: tags(properties.get("BackupVaultTags")),
        lock,
        air_gapped,
        deletion: deletion_policy(properties.get("AccessPolicy")),
        location: format!("/Resources/{id}"),
    }
}

/// What a vault's `AccessPolicy` says about manual deletion, as AWS Config reads it: a
/// statement with `Effect: Deny`, principal `*` (or `{"AWS": "*"}`), resource `*`, no
/// condition, denying the three actions of [`DELETION_ACTIONS`] (or `backup:*`).
pub fn deletion_policy(policy: Option<&Value>) -> DeletionPolicy {
    let document = match policy {
        None => return DeletionPolicy::Missing("the vault has no access policy".into()),
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(document) => document,
            Err(_) => return DeletionPolicy::Unknown,
        },
        Some(document @ Value::Object(map)) if !map.keys().any(|k| k.starts_with("Fn::")) => {
            document.clone()
        }
        Some(_) => return DeletionPolicy::Unknown,
    };
    let statements = match document.get("Statement") {
        Some(Value::Array(list)) => list.clone(),
        Some(single @ Value::Object(_)) => vec![single.clone()],
        _ => Vec::new(),
    };
    let mut best: Option<Vec<&str>> = None;
    for statement in &statements {
        let wildcard = |v: Option<&Value>| match v {
            Some(Value::String(s)) => s == "*",
            Some(Value::Object(map)) => map.get("AWS").and_then(Value::as_str) == Some("*"),
            Some(Value::Array(list)) => list.iter().any(|v| v.as_str() == Some("*")),
            _ => false,
        };
        if literal(statement.get("Effect")) != Some("Deny")
            || !wildcard(statement.get("Principal"))
            || !wildcard(statement.get("Resource"))
            || statement.get("Condition").is_some()
        {
            continue;
        }
        let actions: Vec<&str> = match statement.get("Action") {
            Some(Value::String(a)) => vec![a.as_str()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let missing: Vec<&str> = DELETION_ACTIONS
            .iter()
            .copied()
            .filter(|a| {
                !actions
                    .iter()
                    .any(|x| x == a || *x == "backup:*" || *x == "*")
            })
            .collect();
        if missing.is_empty() {
            return DeletionPolicy::Denied;
        }
        if best.as_ref().is_none_or(|b| missing.len() < b.len()) {
            best = Some(missing);
        }
    }
    DeletionPolicy::Missing(match best {
        Some(missing) => format!(
            "its deny statement does not deny {}",
            missing
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "its access policy has no statement denying deletion to every principal on every resource".into(),
    })
}

fn plan(id: &str, properties: &Value, facts: &Facts) -> PlanFacts {
    let body = properties.get("BackupPlan").unwrap_or(&Value::Null);
    let name = literal(body.get("BackupPlanName"));
    let rules = match body.get("BackupPlanRule") {
        Some(Value::Array(list)) => list.iter().map(|r| rule(r, facts)).collect(),
        _ => Vec::new(),
    };
    PlanFacts {
        name: display_name(id, name),
        ids: scope_ids(id, name),
        tags: tags(properties.get("BackupPlanTags")),
        rules,
        location: format!("/Resources/{id}"),
    }
}

fn retention(lifecycle: Option<&Value>) -> Retention {
    match lifecycle.and_then(|l| l.get("DeleteAfterDays")) {
        None => Retention::Forever,
        Some(value) => int(Some(value)).map_or(Retention::Unknown, Retention::Days),
    }
}

/// The key in `facts.vaults` a vault value (`Ref`, `Fn::GetAtt`, or a literal name) names.
fn vault_key(value: Option<&Value>, facts: &Facts) -> Option<String> {
    match resolve(value?, None) {
        Resolved::Literal(name) => facts
            .vaults
            .iter()
            .find(|(_, v)| v.ids.iter().skip(1).any(|id| *id == name))
            .map(|(k, _)| k.clone()),
        named => {
            let target = named.logical_id()?;
            facts.vault(target).map(|_| target.to_string())
        }
    }
}

fn shown(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "(none)".into(),
    }
}

fn rule(rule: &Value, facts: &Facts) -> RuleFacts {
    let retention = retention(rule.get("Lifecycle"));
    let copies = match rule.get("CopyActions") {
        Some(Value::Array(list)) => list.iter().map(|c| copy(c, retention, facts)).collect(),
        _ => Vec::new(),
    };
    let air_gapped_target = rule.get("TargetLogicallyAirGappedBackupVaultArn").is_some();
    RuleFacts {
        name: literal(rule.get("RuleName"))
            .unwrap_or("(unnamed)")
            .to_string(),
        schedule: literal(rule.get("ScheduleExpression")).map(str::to_string),
        timezone: literal(rule.get("ScheduleExpressionTimezone")).map(str::to_string),
        retention,
        continuous: rule.get("EnableContinuousBackup") == Some(&Value::Bool(true)),
        vault: vault_key(rule.get("TargetBackupVault"), facts),
        vault_shown: shown(rule.get("TargetBackupVault")),
        air_gapped_target,
        copies,
    }
}

fn copy(copy: &Value, rule_retention: Retention, facts: &Facts) -> CopyFacts {
    let destination = copy.get("DestinationBackupVaultArn");
    let in_template = vault_key(destination, facts);
    let (region, account) = match (destination, &in_template) {
        (_, Some(_)) => (Place::Same, Place::Same),
        (Some(value), None) => region_account(value),
        _ => (Place::Unknown, Place::Unknown),
    };
    let retention = match copy.get("Lifecycle") {
        Some(lifecycle) => retention(Some(lifecycle)),
        None => rule_retention,
    };
    CopyFacts {
        destination: in_template.clone().unwrap_or_else(|| shown(destination)),
        region,
        account,
        retention,
        in_inputs: in_template.is_some(),
        air_gapped: in_template
            .and_then(|k| facts.vault(&k))
            .is_some_and(|v| v.air_gapped),
    }
}

/// Region and account of a vault ARN: a literal, or written with `Fn::Join` over literals and
/// the `AWS::Region` / `AWS::AccountId` pseudo parameters (CDK's form for a vault named in the
/// stack's account).
fn region_account(value: &Value) -> (Place, Place) {
    const REGION: &str = "\u{1}region";
    const ACCOUNT: &str = "\u{1}account";
    let text = match resolve(value, None) {
        Resolved::Literal(arn) => arn,
        _ => {
            let Some((separator, parts)) = value.get("Fn::Join").and_then(join_argument) else {
                return (Place::Unknown, Place::Unknown);
            };
            let parts: Vec<String> = parts
                .iter()
                .map(|part| match resolve(part, None) {
                    Resolved::Literal(text) => text,
                    Resolved::Parameter("AWS::Region") => REGION.to_string(),
                    Resolved::Parameter("AWS::AccountId") => ACCOUNT.to_string(),
                    Resolved::Parameter("AWS::Partition") => "aws".to_string(),
                    _ => "\u{1}".to_string(),
                })
                .collect();
            parts.join(separator)
        }
    };
    let place = |field: &str, ours: &str| {
        if field == ours {
            Place::Same
        } else if field.contains('\u{1}') {
            Place::Unknown
        } else {
            Place::Named(field.to_string())
        }
    };
    match text.split(':').collect::<Vec<_>>().as_slice() {
        [_, _, _, region, account, ..] => (place(region, REGION), place(account, ACCOUNT)),
        _ => (Place::Unknown, Place::Unknown),
    }
}

/// The protectable resources of `inputs` (file name, template; the first, named `""`, is
/// the template linted, located as `/Resources/<id>`; the others as `<file>#/Resources/<id>`)
/// with their coverage by the selections of any input.
fn protected_resources(
    inputs: &[(&str, &Value)],
    region: Option<&str>,
    account: Option<&str>,
) -> Vec<ResourceFacts> {
    let analysed: Vec<Input> = inputs
        .iter()
        .enumerate()
        .map(|(index, (_, template))| {
            Input::new(index.to_string(), (*template).clone())
                .environment(account.map(str::to_string), region.map(str::to_string))
        })
        .collect();
    let resources_of = |file: &str| {
        let (name, template) = inputs.get(file.parse::<usize>().ok()?)?;
        Some((*name, template.get("Resources")?.as_object()?))
    };
    analyse(&analysed)
        .resources
        .into_iter()
        .filter_map(|r| {
            let (file, resources) = resources_of(&r.file)?;
            let declared = resources.get(&r.logical_id)?;
            let tags = match declared.get("Properties").and_then(|p| p.get("Tags")) {
                None => Some(Vec::new()),
                Some(value @ (Value::Array(_) | Value::Object(_)))
                    if !value
                        .as_object()
                        .is_some_and(|m| m.keys().any(|k| k.starts_with("Fn::"))) =>
                {
                    Some(tags(Some(value)))
                }
                Some(_) => None,
            };
            let covering_plans = r
                .selections
                .iter()
                .filter_map(|s| {
                    let (input, selection) = s.rsplit_once('#')?;
                    let (file, resources) = resources_of(input)?;
                    Some(located(file, &selection_plan(resources, selection)?))
                })
                .collect();
            Some(ResourceFacts {
                backup_type: backup_type_of(&r.resource_type)?.to_string(),
                location: located(file, &format!("/Resources/{}", r.logical_id)),
                logical_id: r.logical_id,
                tags,
                status: r.status,
                reason: r.reason,
                covering_plans,
                encryption: super::encryption_of(
                    &r.resource_type,
                    declared.get("Properties").unwrap_or(&Value::Null),
                ),
            })
        })
        .collect()
}

/// `pointer` in input `file`: unchanged for the template linted (`""`), `<file>#<pointer>`
/// for another input (as [`Facts::located_in`] places them).
fn located(file: &str, pointer: &str) -> String {
    if file.is_empty() {
        pointer.to_string()
    } else {
        format!("{file}#{pointer}")
    }
}

/// The location of the plan a `AWS::Backup::BackupSelection` belongs to: the plan of the
/// template its `BackupPlanId` names.
fn selection_plan(resources: &serde_json::Map<String, Value>, selection: &str) -> Option<String> {
    let plan_id = resources
        .get(selection)?
        .get("Properties")?
        .get("BackupPlanId")?;
    let target = crate::reference::resolve(plan_id, Some(resources)).logical_id()?;
    let is_plan = resources.get(target)?.get("Type").and_then(Value::as_str) == Some(PLAN);
    is_plan.then(|| format!("/Resources/{target}"))
}

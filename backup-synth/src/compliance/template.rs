//! Facts read from a CloudFormation template: synthesis reads the template it rendered, the
//! linter the templates it is given, so both prove controls from the same bytes AWS deploys.

use std::collections::HashMap;

use serde_json::Value;

use crate::cfn::backup_backup_plan::{
    BackupRuleResourceType, CfnBackupPlan, CopyActionResourceType, LifecycleResourceType,
};
use crate::cfn::backup_backup_selection::CfnBackupSelection;
use crate::cfn::backup_backup_vault::CfnBackupVault;
use crate::cfn::backup_logically_air_gapped_backup_vault::CfnLogicallyAirGappedBackupVault;
use crate::cfn::{Cfn, CfnMap, FromCfn, Reader};
use crate::coverage::{analyse, backup_type_of, Input};
use crate::reference::{join_argument, resolve, Resolved};
use crate::CfnValue;

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
        match resource.get("Type").and_then(Value::as_str) {
            Some(VAULT) => facts.vaults.push((id.clone(), vault(id, resource))),
            Some(AIR_GAPPED) => facts.vaults.push((id.clone(), air_gapped(id, resource))),
            Some(RESTORE_TESTING_SELECTION) => facts.restore_testing = true,
            _ => {}
        }
    }
    for (id, resource) in resources {
        if resource.get("Type").and_then(Value::as_str) == Some(PLAN) {
            let plan = plan(id, resource, &facts);
            facts.plans.push(plan);
        }
    }
    facts
}

/// A resource's `Properties` read into its generated type `T` ([`crate::cfn`]), with a reader
/// of its own at their pointer (facts list nothing: the linter lists the intrinsics), which
/// tells what was present but unreadable; the default (nothing set) when absent or not an
/// object.
fn read<T: FromCfn + Default>(id: &str, resource: &Value) -> (T, Reader) {
    let mut reader = Reader::new(&properties_pointer(id));
    let read = resource
        .get("Properties")
        .and_then(|properties| T::read(properties, &mut reader));
    (read.unwrap_or_default(), reader)
}

/// The JSON pointer of the `Properties` of resource `id` (RFC 6901 escaping).
fn properties_pointer(id: &str) -> String {
    format!(
        "/Resources/{}/Properties",
        id.replace('~', "~0").replace('/', "~1")
    )
}

/// The JSON pointer of `key` below `base`.
fn below(base: &str, key: impl std::fmt::Display) -> String {
    let key = key.to_string();
    format!("{base}/{}", key.replace('~', "~0").replace('/', "~1"))
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

/// The literal text of an optional value.
fn text(value: &Option<CfnValue>) -> Option<&str> {
    value.as_ref().and_then(CfnValue::as_literal)
}

/// A whole number of days, when literal.
fn days(value: Option<Cfn<i64>>) -> Option<i64> {
    match value? {
        Cfn::Value(days) => Some(days),
        Cfn::Intrinsic(_) => None,
    }
}

/// The literal tags of a tag map.
fn tag_map(tags: Option<CfnMap<CfnValue>>) -> Vec<(String, String)> {
    let tags = tags.map(|t| t.0).unwrap_or_default();
    tags.into_iter()
        .filter_map(|(key, value)| Some((key, value.as_literal()?.to_string())))
        .collect()
}

/// An `AWS::Backup::BackupVault`, read through the generated [`CfnBackupVault`].
fn vault(id: &str, resource: &Value) -> VaultFacts {
    let (vault, reader) = read::<CfnBackupVault>(id, resource);
    let lock_at = below(&properties_pointer(id), "LockConfiguration");
    let lock = match vault.lock_configuration {
        Some(lock) => Some(LockFacts {
            min_days: days(lock.min_retention_days),
            max_days: days(lock.max_retention_days),
            compliance_mode: lock.changeable_for_days.is_some()
                || reader.unread(&below(&lock_at, "ChangeableForDays")),
        }),
        // Present but left to deploy time (or of another kind): locked, range unknown.
        None if reader.unread(&lock_at) => Some(LockFacts {
            min_days: None,
            max_days: None,
            compliance_mode: false,
        }),
        None => None,
    };
    let name = text(&vault.backup_vault_name);
    VaultFacts {
        name: display_name(id, name),
        ids: scope_ids(id, name),
        tags: tag_map(vault.backup_vault_tags),
        lock,
        air_gapped: false,
        deletion: deletion_policy(vault.access_policy.as_deref()),
        location: format!("/Resources/{id}"),
    }
}

/// An `AWS::Backup::LogicallyAirGappedBackupVault`, read through the generated
/// [`CfnLogicallyAirGappedBackupVault`]: locked in compliance mode by construction.
fn air_gapped(id: &str, resource: &Value) -> VaultFacts {
    let (vault, _) = read::<CfnLogicallyAirGappedBackupVault>(id, resource);
    let name = text(&vault.backup_vault_name);
    VaultFacts {
        name: display_name(id, name),
        ids: scope_ids(id, name),
        tags: tag_map(vault.backup_vault_tags),
        lock: Some(LockFacts {
            min_days: days(vault.min_retention_days),
            max_days: days(vault.max_retention_days),
            compliance_mode: true,
        }),
        air_gapped: true,
        deletion: deletion_policy(vault.access_policy.as_deref()),
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

/// An `AWS::Backup::BackupPlan`, read through the generated [`CfnBackupPlan`].
fn plan(id: &str, resource: &Value, facts: &Facts) -> PlanFacts {
    let (plan, reader) = read::<CfnBackupPlan>(id, resource);
    let body = plan.backup_plan.unwrap_or_default();
    let name = text(&body.backup_plan_name);
    let rules_at = below(
        &below(&properties_pointer(id), "BackupPlan"),
        "BackupPlanRule",
    );
    let rules = reader
        .slots(&rules_at, body.backup_plan_rule.clone().unwrap_or_default())
        .into_iter()
        .map(|(index, rule)| {
            let at = below(&rules_at, index);
            match rule {
                Some(rule) => self::rule(&reader, &at, rule, facts),
                None => unreadable_rule(),
            }
        })
        .collect();
    PlanFacts {
        name: display_name(id, name),
        ids: scope_ids(id, name),
        tags: tag_map(plan.backup_plan_tags),
        rules,
        location: format!("/Resources/{id}"),
    }
}

/// A rule the template gives as an intrinsic (or of another kind): nothing known, its
/// retention included.
fn unreadable_rule() -> RuleFacts {
    RuleFacts {
        name: "(unnamed)".into(),
        schedule: None,
        timezone: None,
        retention: Retention::Unknown,
        continuous: false,
        vault: None,
        vault_shown: shown(None),
        air_gapped_target: false,
        copies: Vec::new(),
    }
}

/// The retention of a `Lifecycle` at `at`: forever without one (or without
/// `DeleteAfterDays`), unknown when either is an intrinsic or not a whole number.
fn retention(reader: &Reader, at: &str, lifecycle: Option<LifecycleResourceType>) -> Retention {
    let Some(lifecycle) = lifecycle else {
        return if reader.unread(at) {
            Retention::Unknown
        } else {
            Retention::Forever
        };
    };
    match lifecycle.delete_after_days {
        Some(Cfn::Value(days)) => days
            .as_i64()
            .or_else(|| {
                days.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            })
            .map_or(Retention::Unknown, Retention::Days),
        Some(Cfn::Intrinsic(_)) => Retention::Unknown,
        None if reader.unread(&below(at, "DeleteAfterDays")) => Retention::Unknown,
        None => Retention::Forever,
    }
}

/// The key in `facts.vaults` a vault value (`Ref`, `Fn::GetAtt`, or a literal name) names.
fn vault_key(value: Option<&CfnValue>, facts: &Facts) -> Option<String> {
    match resolve(&value?.as_json(), None) {
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

/// A vault value as written, for messages.
fn shown(value: Option<&CfnValue>) -> String {
    match value {
        Some(value) => match value.as_literal() {
            Some(text) => text.to_string(),
            None => value.as_json().to_string(),
        },
        None => "(none)".into(),
    }
}

/// A rule of a plan, at `at`.
fn rule(reader: &Reader, at: &str, rule: BackupRuleResourceType, facts: &Facts) -> RuleFacts {
    let retention = retention(reader, &below(at, "Lifecycle"), rule.lifecycle);
    let copies_at = below(at, "CopyActions");
    let copies = reader
        .slots(&copies_at, rule.copy_actions.unwrap_or_default())
        .into_iter()
        .map(|(index, copy)| {
            let at = below(&copies_at, index);
            self::copy(reader, &at, copy.unwrap_or_default(), retention, facts)
        })
        .collect();
    let air_gapped_at = below(at, "TargetLogicallyAirGappedBackupVaultArn");
    RuleFacts {
        name: text(&rule.rule_name).unwrap_or("(unnamed)").to_string(),
        schedule: text(&rule.schedule_expression).map(str::to_string),
        timezone: text(&rule.schedule_expression_timezone).map(str::to_string),
        retention,
        continuous: rule.enable_continuous_backup == Some(Cfn::Value(true)),
        vault: vault_key(rule.target_backup_vault.as_ref(), facts),
        vault_shown: shown(rule.target_backup_vault.as_ref()),
        air_gapped_target: rule.target_logically_air_gapped_backup_vault_arn.is_some()
            || reader.unread(&air_gapped_at),
        copies,
    }
}

/// A copy action of a rule, at `at` (one that cannot be read: destination and retention
/// unknown).
fn copy(
    reader: &Reader,
    at: &str,
    copy: CopyActionResourceType,
    rule_retention: Retention,
    facts: &Facts,
) -> CopyFacts {
    let destination = copy.destination_backup_vault_arn.as_ref();
    let in_template = vault_key(destination, facts);
    let (region, account) = match (destination, &in_template) {
        (_, Some(_)) => (Place::Same, Place::Same),
        (Some(value), None) => region_account(&value.as_json()),
        _ => (Place::Unknown, Place::Unknown),
    };
    let lifecycle_at = below(at, "Lifecycle");
    let retention = if reader.unread(at) {
        Retention::Unknown
    } else if copy.lifecycle.is_some() || reader.unread(&lifecycle_at) {
        retention(reader, &lifecycle_at, copy.lifecycle)
    } else {
        rule_retention
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
    // Each selection's plan, read once (a selection covers many resources).
    let mut plans_of_selections: HashMap<String, Option<String>> = HashMap::new();
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
                    let plan = plans_of_selections.entry(s.clone()).or_insert_with(|| {
                        let (input, selection) = s.rsplit_once('#')?;
                        let (file, resources) = resources_of(input)?;
                        Some(located(file, &selection_plan(resources, selection)?))
                    });
                    plan.clone()
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
/// template its `BackupPlanId` names (read through the generated [`CfnBackupSelection`]).
fn selection_plan(resources: &serde_json::Map<String, Value>, selection: &str) -> Option<String> {
    let (read, _) = read::<CfnBackupSelection>(selection, resources.get(selection)?);
    let plan_id = read.backup_plan_id?;
    let plan_id = plan_id.as_json();
    let target = resolve(&plan_id, Some(resources)).logical_id()?;
    let is_plan = resources.get(target)?.get("Type").and_then(Value::as_str) == Some(PLAN);
    is_plan.then(|| format!("/Resources/{target}"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Plans and vaults are read through the generated types, as CloudFormation reads them: a
    /// `"true"` string is a boolean, a `Lifecycle` (or a whole rule, or a copy action) left to
    /// deploy time keeps recovery points an unknown time — the hand-written reading took the
    /// first for `false` and the others for "forever" — and a lock left to deploy time is a
    /// lock of unknown range.
    #[test]
    fn facts_are_read_as_cloudformation_reads_them() {
        let template = json!({"Resources": {
            "Vault": {"Type": "AWS::Backup::BackupVault", "Properties": {
                "BackupVaultName": "main",
                "BackupVaultTags": {"tier": 1, "owner": {"Ref": "Owner"}},
                "LockConfiguration": {"Fn::If": ["Locked", {"MinRetentionDays": 7}, {"Ref": "AWS::NoValue"}]}
            }},
            "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
                "BackupPlanName": "plan",
                "BackupPlanRule": [
                    {"RuleName": "Continuous", "TargetBackupVault": {"Ref": "Vault"},
                     "EnableContinuousBackup": "true",
                     "Lifecycle": {"Fn::If": ["Long", {"DeleteAfterDays": 35}, {"DeleteAfterDays": 7}]},
                     "CopyActions": [
                        {"Fn::If": ["Copy", {"DestinationBackupVaultArn": "arn:aws:backup:us-east-1:111122223333:backup-vault:dr"}, {"Ref": "AWS::NoValue"}]},
                        {"DestinationBackupVaultArn": "arn:aws:backup:us-east-1:111122223333:backup-vault:dr"},
                        {"DestinationBackupVaultArn": "arn:aws:backup:us-east-1:111122223333:backup-vault:dr",
                         "Lifecycle": {"DeleteAfterDays": "14"}}
                     ]},
                    {"Fn::If": ["Weekly", {"RuleName": "Weekly"}, {"Ref": "AWS::NoValue"}]},
                    {"RuleName": "Kept", "TargetBackupVault": "main"}
                ]
            }}}
        }});
        let facts = facts_from_template(&template, None, None);
        let vault = facts.vault("Vault").expect("the vault");
        assert_eq!(vault.tags, [("tier".to_string(), "1".to_string())]);
        assert_eq!(
            vault.lock,
            Some(LockFacts {
                min_days: None,
                max_days: None,
                compliance_mode: false
            })
        );
        let rules = &facts.plans[0].rules;
        assert_eq!(rules.len(), 3);
        assert!(rules[0].continuous);
        assert_eq!(rules[0].vault.as_deref(), Some("Vault"));
        assert_eq!(rules[0].retention, Retention::Unknown);
        let copies: Vec<Retention> = rules[0].copies.iter().map(|c| c.retention).collect();
        assert_eq!(
            copies,
            [Retention::Unknown, Retention::Unknown, Retention::Days(14)]
        );
        assert_eq!(rules[0].copies[1].region, Place::Named("us-east-1".into()));
        assert_eq!(rules[1].retention, Retention::Unknown);
        assert_eq!(rules[2].retention, Retention::Forever);
        assert_eq!(rules[2].vault.as_deref(), Some("Vault"));
    }
}

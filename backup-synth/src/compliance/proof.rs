//! The proofs: one function per control, reading [`Facts`], returning what is not met.
//!
//! An unmet provable control is an error: the one deliberate exception to "an error means AWS
//! refuses it" (AWS deploys a non-compliant framework without complaint). A framework declared
//! next to the plans is the user's own requirement, like an assertion in a test; the linter,
//! which may see only part of an account, reports the same findings as warnings unless told
//! (`--controls=error`). A control that the facts cannot decide (tokens, run-time only) is at
//! most a warning, saying what is assumed. Proof rules: `aws-backup-controls.json` and the
//! notes in `tests/fixtures/README.md` (AWS Backup "Controls and remediation", the AWS Config
//! managed rules behind each control).

use crate::problem::{Severity, Violation};
use crate::rules;
use crate::schedule::{validate_timezone, CronSchedule, MaxGap};

use super::encryption::Encryption;
use super::facts::{
    DeletionPolicy, Facts, Place, PlanFacts, ResourceFacts, Retention, RuleFacts, VaultFacts,
};

/// One control's finding: the violation (rule id = the `ControlName`) and the locations of the
/// plans, rules or vaults at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What is not met, and how to meet it.
    pub violation: Violation,
    /// Where the plans/vaults at fault are (field paths or JSON pointers).
    pub related: Vec<String>,
}

/// A control as the proofs read it: name, parameters, scope.
#[derive(Clone, Copy, Debug)]
pub struct ControlInput<'a> {
    /// `ControlName`.
    pub name: &'a str,
    /// `ControlInputParameters`, as strings.
    pub parameters: &'a [(String, String)],
    /// `ControlScope.Tags`.
    pub scope_tags: &'a [(String, String)],
    /// `ControlScope.ComplianceResourceTypes`.
    pub scope_types: &'a [String],
    /// `ControlScope.ComplianceResourceIds`.
    pub scope_ids: &'a [String],
}

impl ControlInput<'_> {
    fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn int(&self, name: &str, default: i64) -> Option<i64> {
        match self.parameter(name) {
            None => Some(default),
            Some(text) => text.parse().ok(),
        }
    }

    fn list(&self, name: &str) -> Vec<String> {
        self.parameter(name)
            .map(|v| v.split(',').map(|s| s.trim().to_string()).collect())
            .unwrap_or_default()
    }

    /// `(unit, value)` parameters as seconds (`hours` or `days`, default days).
    fn period(&self, unit: &str, value: &str) -> Option<i64> {
        let amount = self.int(value, 1)?;
        let seconds = match self.parameter(unit).unwrap_or("days") {
            "hours" => 3_600,
            _ => 86_400,
        };
        Some(amount * seconds)
    }

    fn period_text(&self, unit: &str, value: &str) -> String {
        let amount = self.parameter(value).unwrap_or("1");
        let unit = self.parameter(unit).unwrap_or("days");
        let unit = if amount == "1" {
            unit.trim_end_matches('s')
        } else {
            unit
        };
        format!("{amount} {unit}")
    }
}

/// Whether `tags`/`ids` of a plan or vault put it in the control's scope: `None` when the
/// scope is by resource type (the resource-level controls evaluate that per resource through
/// the coverage analysis, [`resource_control`]; a plan-level control cannot decide it).
fn in_scope(control: &ControlInput<'_>, ids: &[String], tags: &[(String, String)]) -> Option<bool> {
    if !control.scope_types.is_empty() {
        return None;
    }
    let tag_ok = control.scope_tags.iter().all(|t| tags.contains(t));
    let id_ok = control.scope_ids.is_empty() || control.scope_ids.iter().any(|i| ids.contains(i));
    Some(tag_ok && id_ok)
}

fn control_rule(name: &str) -> &'static str {
    rules::control(name).map_or("framework-control-name", |c| c.name)
}

fn error(
    control: &ControlInput<'_>,
    message: String,
    help: String,
    related: Vec<String>,
) -> Finding {
    Finding {
        violation: Violation::error(control_rule(control.name), message, help),
        related,
    }
}

fn warning(
    control: &ControlInput<'_>,
    message: String,
    help: String,
    related: Vec<String>,
) -> Finding {
    Finding {
        violation: Violation::warning(control_rule(control.name), message, help),
        related,
    }
}

/// The rule's largest gap between runs, or why it is unknown.
pub fn rule_gap(rule: &RuleFacts) -> Result<MaxGap, String> {
    let Some(expression) = &rule.schedule else {
        return Err(format!("rule `{}` has no literal schedule", rule.name));
    };
    let schedule = CronSchedule::parse(expression).map_err(|_| {
        format!(
            "rule `{}` has schedule `{expression}`, which does not parse",
            rule.name
        )
    })?;
    let zone = validate_timezone(rule.timezone.as_deref().unwrap_or("UTC"))
        .map_err(|_| format!("rule `{}` has an unknown time zone", rule.name))?;
    Ok(schedule.max_gap_in(&zone))
}

/// Plans in scope, and a warning when the scope cannot be evaluated.
fn scoped_plans<'f>(
    control: &ControlInput<'_>,
    facts: &'f Facts,
    findings: &mut Vec<Finding>,
) -> Vec<&'f PlanFacts> {
    let mut plans = Vec::new();
    for plan in &facts.plans {
        match in_scope(control, &plan.ids, &plan.tags) {
            Some(true) => plans.push(plan),
            Some(false) => {}
            None => {
                findings.push(type_scope_unknown(control));
                return Vec::new();
            }
        }
    }
    plans
}

fn type_scope_unknown(control: &ControlInput<'_>) -> Finding {
    warning(
        control,
        format!("control `{}` is scoped by resource type, and which plans protect those types is not evaluated before deploy; nothing is proven", control.name),
        "scope the control by tag or resource id to have it proven against the plans".into(),
        Vec::new(),
    )
}

/// A resource-level control's check of some plans.
type PlanCheck = fn(&ControlInput<'_>, &Facts, &[&PlanFacts], &mut Vec<Finding>);

/// Runs a resource-level control (the AWS Config rule evaluates resources): over the plans in
/// scope when the control is scoped by tag or id; when it is scoped by resource type, over
/// every resource of those types in the inputs (coverage analysis): a resource meets the
/// control when one of the plans covering it does. A resource no plan of the inputs covers
/// has no recovery point to judge (control `BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN`
/// reports it): a warning says nothing is proven for it.
fn resource_control(
    control: &ControlInput<'_>,
    facts: &Facts,
    check: PlanCheck,
    findings: &mut Vec<Finding>,
) {
    if control.scope_types.is_empty() {
        let plans = scoped_plans(control, facts, findings);
        check(control, facts, &plans, findings);
        return;
    }
    let mut reported: Vec<Finding> = Vec::new();
    let in_scope = |r: &&ResourceFacts| resource_in_scope(control, r) == Some(true);
    for resource in facts.resources.iter().filter(in_scope) {
        let plans: Vec<&PlanFacts> = facts
            .plans
            .iter()
            .filter(|p| resource.covering_plans.contains(&p.location))
            .collect();
        let verdict = if plans.is_empty() {
            vec![not_covered(control, resource)]
        } else {
            best_plan_verdict(control, facts, &plans, check)
        };
        for mut finding in verdict {
            finding.related.push(resource.location.clone());
            merge(&mut reported, finding);
        }
    }
    findings.extend(reported);
}

/// Whether a resource is in the control's scope (types, ids, tags; an empty part of the scope
/// takes everything): `None` when the scope names tags and the resource's tags are not literal.
fn resource_in_scope(control: &ControlInput<'_>, resource: &ResourceFacts) -> Option<bool> {
    let by_type =
        control.scope_types.is_empty() || control.scope_types.contains(&resource.backup_type);
    let by_id = control.scope_ids.is_empty() || control.scope_ids.contains(&resource.logical_id);
    if !(by_type && by_id) {
        return Some(false);
    }
    match &resource.tags {
        _ if control.scope_tags.is_empty() => Some(true),
        Some(tags) => Some(control.scope_tags.iter().all(|t| tags.contains(t))),
        None => None,
    }
}

/// The findings of the covering plan that does best: none when one meets the control, else
/// warnings only when one is undecided, else the first plan's errors.
fn best_plan_verdict(
    control: &ControlInput<'_>,
    facts: &Facts,
    plans: &[&PlanFacts],
    check: PlanCheck,
) -> Vec<Finding> {
    let mut best: Option<Vec<Finding>> = None;
    let errors = |found: &[Finding]| {
        found
            .iter()
            .filter(|f| f.violation.severity == Severity::Error)
            .count()
    };
    for plan in plans {
        let mut found = Vec::new();
        check(control, facts, &[plan], &mut found);
        if found.is_empty() {
            return found;
        }
        if best.as_ref().is_none_or(|b| errors(&found) < errors(b)) {
            best = Some(found);
        }
    }
    best.unwrap_or_default()
}

fn not_covered(control: &ControlInput<'_>, resource: &ResourceFacts) -> Finding {
    warning(
        control,
        format!(
            "{} resource `{}` is in the scope of control `{}` but no plan of these inputs covers it: nothing is proven for it ({})",
            resource.backup_type, resource.logical_id, control.name, resource.reason
        ),
        "select it in a plan's selection; see `backup-dsl coverage`".into(),
        Vec::new(),
    )
}

/// Adds `finding`, or its locations to an identical finding already reported (one plan at
/// fault for several resources is one finding).
fn merge(reported: &mut Vec<Finding>, finding: Finding) {
    match reported
        .iter_mut()
        .find(|f| f.violation == finding.violation)
    {
        Some(existing) => {
            for location in finding.related {
                if !existing.related.contains(&location) {
                    existing.related.push(location);
                }
            }
        }
        None => reported.push(finding),
    }
}

/// Proves `control` against `facts`: the findings, empty when proven.
pub fn prove(control: &ControlInput<'_>, facts: &Facts) -> Vec<Finding> {
    let mut findings = Vec::new();
    match control.name {
        "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK" => {
            frequency_and_retention(control, facts, &mut findings)
        }
        "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK" => {
            minimum_retention(control, facts, &mut findings)
        }
        "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION" => {
            resource_control(control, facts, cross_region, &mut findings)
        }
        "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT" => {
            resource_control(control, facts, cross_account, &mut findings)
        }
        "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK" => {
            resource_control(control, facts, vault_lock, &mut findings)
        }
        "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED" => {
            manual_deletion(control, facts, &mut findings)
        }
        "BACKUP_LAST_RECOVERY_POINT_CREATED" => {
            resource_control(control, facts, last_recovery_point, &mut findings)
        }
        "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT" => {
            resource_control(control, facts, air_gapped, &mut findings)
        }
        "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET" => findings.push(warning(
            control,
            if facts.restore_testing {
                "control `RESTORE_TIME_FOR_RESOURCES_MEET_TARGET` is measured from restore jobs at run time; the restore testing selections here are assumed to restore the resources in scope".into()
            } else {
                "control `RESTORE_TIME_FOR_RESOURCES_MEET_TARGET` is measured from restore jobs at run time, and no restore testing selection here restores anything: it may have no data to be compliant with".into()
            },
            "add a restore testing plan and selection for the resources in scope".into(),
            Vec::new(),
        )),
        "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN" => protected(control, facts, &mut findings),
        "BACKUP_RECOVERY_POINT_ENCRYPTED" => encrypted(control, facts, &mut findings),
        _ => {}
    }
    findings
}

fn frequency_and_retention(control: &ControlInput<'_>, facts: &Facts, findings: &mut Vec<Finding>) {
    let (Some(every), Some(days)) = (
        control.period("requiredFrequencyUnit", "requiredFrequencyValue"),
        control.int("requiredRetentionDays", 35),
    ) else {
        return; // an unparsable parameter is reported by the parameter rule
    };
    let every_text = control.period_text("requiredFrequencyUnit", "requiredFrequencyValue");
    for plan in scoped_plans(control, facts, findings) {
        let mut unknown = Vec::new();
        let mut found = Vec::new();
        let mut met = false;
        for rule in &plan.rules {
            let gap = match rule_gap(rule) {
                Ok(gap) => gap,
                Err(why) => {
                    unknown.push(why);
                    continue;
                }
            };
            match rule.retention.at_least(days) {
                Some(true) if gap.within(every) => met = true,
                None if gap.within(every) => unknown.push(format!(
                    "rule `{}` keeps recovery points {}",
                    rule.name, rule.retention
                )),
                _ => found.push(format!(
                    "rule `{}` runs at most {gap} apart and keeps {}",
                    rule.name, rule.retention
                )),
            }
        }
        if met {
            continue;
        }
        let related = vec![plan.location.clone()];
        if !unknown.is_empty() {
            findings.push(warning(
                control,
                format!("plan {} may not have a rule that runs at least every {every_text} and keeps recovery points {days} days: {}", plan.name, unknown.join("; ")),
                "write the schedule and retention as literals to have them proven".into(),
                related,
            ));
            continue;
        }
        let found = if found.is_empty() {
            "it has no rule".to_string()
        } else {
            found.join("; ")
        };
        findings.push(error(
            control,
            format!("plan {} has no rule that runs at least every {every_text} and keeps recovery points at least {days} days ({}): {found}", plan.name, control.name),
            format!("give one rule a schedule with runs at most {every_text} apart (a `MON-FRI` schedule leaves 3 days between Friday and Monday) and `delete_after` of at least {days} days"),
            related,
        ));
    }
}

fn minimum_retention(control: &ControlInput<'_>, facts: &Facts, findings: &mut Vec<Finding>) {
    let Some(days) = control.int("requiredRetentionDays", 35) else {
        return;
    };
    if !control.scope_tags.is_empty() {
        findings.push(warning(
            control,
            format!("control `{}` is scoped by recovery point tag, which the recovery points get at run time; nothing is proven", control.name),
            "remove the tag scope to have every rule's retention proven".into(),
            Vec::new(),
        ));
        return;
    }
    for plan in &facts.plans {
        for rule in &plan.rules {
            let mut check = |what: String, retention: Retention| {
                match retention.at_least(days) {
                Some(true) => {}
                Some(false) => findings.push(error(
                    control,
                    format!("{what} of plan {} keeps recovery points {retention}; control `{}` requires at least {days} days", plan.name, control.name),
                    if rule.continuous && days > 35 {
                        format!("a continuous backup keeps at most 35 days: add a snapshot rule keeping {days} days and move the continuous rule to a plan outside the control's scope")
                    } else {
                        format!("set `delete_after` to at least {days} days")
                    },
                    vec![plan.location.clone()],
                )),
                None => findings.push(warning(
                    control,
                    format!("{what} of plan {} keeps recovery points for a time not known before deploy; control `{}` requires at least {days} days", plan.name, control.name),
                    "write `delete_after` as a literal to have it proven".into(),
                    vec![plan.location.clone()],
                )),
            }
            };
            check(format!("rule `{}`", rule.name), rule.retention);
            for copy in &rule.copies {
                check(
                    format!("the copy to `{}` of rule `{}`", copy.destination, rule.name),
                    copy.retention,
                );
            }
        }
    }
}

fn cross_region(
    control: &ControlInput<'_>,
    facts: &Facts,
    plans: &[&PlanFacts],
    findings: &mut Vec<Finding>,
) {
    copies_elsewhere(control, facts, plans, true, findings);
}

fn cross_account(
    control: &ControlInput<'_>,
    facts: &Facts,
    plans: &[&PlanFacts],
    findings: &mut Vec<Finding>,
) {
    copies_elsewhere(control, facts, plans, false, findings);
}

fn copies_elsewhere(
    control: &ControlInput<'_>,
    facts: &Facts,
    plans: &[&PlanFacts],
    region: bool,
    findings: &mut Vec<Finding>,
) {
    let (what, list, ours) = if region {
        ("Region", control.list("crossRegionList"), &facts.region)
    } else {
        ("account", control.list("crossAccountList"), &facts.account)
    };
    for &plan in plans {
        if plan.rules.is_empty() {
            continue;
        }
        let mut unknown = false;
        let mut met = false;
        for copy in plan.rules.iter().flat_map(|r| &r.copies) {
            let place = if region { &copy.region } else { &copy.account };
            let verdict = match place {
                Place::Same => Some(false),
                Place::Unknown => None,
                Place::Named(name) => {
                    if !list.is_empty() {
                        Some(list.contains(name))
                    } else {
                        ours.as_ref().map(|ours| ours != name)
                    }
                }
            };
            match verdict {
                Some(true) => met = true,
                Some(false) => {}
                None => unknown = true,
            }
        }
        if met {
            continue;
        }
        let target = if list.is_empty() {
            format!("another {what}")
        } else {
            list.join(" or ")
        };
        let related = vec![plan.location.clone()];
        if unknown {
            findings.push(warning(
                control,
                format!("plan {} may not copy recovery points to {target}: a copy's destination {what} is not known before deploy", plan.name),
                format!("write the destination vault ARN (and the stack's {what}) as literals to have it proven"),
                related,
            ));
        } else {
            findings.push(error(
                control,
                format!(
                    "plan {} copies no recovery point to {target} ({})",
                    plan.name, control.name
                ),
                format!("add a copy action to a vault in {target} to one of its rules"),
                related,
            ));
        }
    }
}

fn vault_lock(
    control: &ControlInput<'_>,
    facts: &Facts,
    plans: &[&PlanFacts],
    findings: &mut Vec<Finding>,
) {
    let min = control
        .parameter("minRetentionDays")
        .and_then(|v| v.parse::<i64>().ok());
    let max = control
        .parameter("maxRetentionDays")
        .and_then(|v| v.parse::<i64>().ok());
    for &plan in plans {
        let mut reasons = Vec::new();
        let mut unknown = false;
        let mut met = false;
        for rule in &plan.rules {
            let Some(vault) = rule.vault.as_deref().and_then(|k| facts.vault(k)) else {
                unknown = true;
                continue;
            };
            match lock_verdict(vault, min, max) {
                Ok(()) => met = true,
                Err(reason) => reasons.push(format!(
                    "rule `{}` writes to vault {}, {reason}",
                    rule.name, vault.name
                )),
            }
        }
        if met || plan.rules.is_empty() {
            continue;
        }
        let related = vec![plan.location.clone()];
        if unknown {
            findings.push(warning(
                control,
                format!("plan {} may not back up to a locked vault: a rule's vault is outside these inputs", plan.name),
                "declare the vault in the inputs to have its lock proven".into(),
                related,
            ));
            continue;
        }
        findings.push(error(
            control,
            format!("plan {} backs up to no vault locked as control `{}` requires: {}", plan.name, control.name, reasons.join("; ")),
            "add a lock configuration to the vault, with `min_retention` and `max_retention` within the control's range".into(),
            related,
        ));
    }
}

fn lock_verdict(vault: &VaultFacts, min: Option<i64>, max: Option<i64>) -> Result<(), String> {
    let Some(lock) = vault.lock else {
        return Err("which has no vault lock".into());
    };
    if let (Some(required), Some(found)) = (min, lock.min_days) {
        if found < required {
            return Err(format!(
                "whose lock keeps at least {found} days, less than {required}"
            ));
        }
    }
    if let Some(required) = max {
        match lock.max_days {
            Some(found) if found <= required => {}
            Some(found) => {
                return Err(format!(
                    "whose lock allows {found} days, more than {required}"
                ))
            }
            None => {
                return Err(format!(
                    "whose lock has no maximum retention (at most {required} days required)"
                ))
            }
        }
    }
    Ok(())
}

fn manual_deletion(control: &ControlInput<'_>, facts: &Facts, findings: &mut Vec<Finding>) {
    for (_, vault) in &facts.vaults {
        if vault.air_gapped {
            continue;
        }
        match in_scope(control, &vault.ids, &vault.tags) {
            Some(true) => {}
            Some(false) => continue,
            None => {
                findings.push(type_scope_unknown(control));
                return;
            }
        }
        match &vault.deletion {
            DeletionPolicy::Denied => {}
            DeletionPolicy::Missing(why) => findings.push(error(
                control,
                format!("vault {} lets recovery points be deleted by hand ({}): {why}", vault.name, control.name),
                "deny `backup:DeleteRecoveryPoint`, `backup:UpdateRecoveryPointLifecycle` and `backup:PutBackupVaultAccessPolicy` to principal `*` on resource `*`: `block_recovery_point_deletion(true)` does (without `DeletionProtection::AsCdk`)".into(),
                vec![vault.location.clone()],
            )),
            DeletionPolicy::Unknown => findings.push(warning(
                control,
                format!("vault {}'s access policy is not known before deploy", vault.name),
                "write the access policy as a literal to have it proven".into(),
                vec![vault.location.clone()],
            )),
        }
    }
}

fn shortest_gap<'r>(rules: impl Iterator<Item = &'r RuleFacts>) -> (Option<(i64, &'r str)>, bool) {
    let mut best: Option<(i64, &str)> = None;
    let mut unknown = false;
    for rule in rules {
        match rule_gap(rule) {
            Ok(MaxGap::Seconds(gap)) => {
                if best.is_none_or(|(b, _)| gap < b) {
                    best = Some((gap, &rule.name));
                }
            }
            Ok(MaxGap::Unbounded) => {}
            Err(_) => unknown = true,
        }
    }
    (best, unknown)
}

fn last_recovery_point(
    control: &ControlInput<'_>,
    _facts: &Facts,
    plans: &[&PlanFacts],
    findings: &mut Vec<Finding>,
) {
    let Some(age) = control.period("recoveryPointAgeUnit", "recoveryPointAgeValue") else {
        return;
    };
    let age_text = control.period_text("recoveryPointAgeUnit", "recoveryPointAgeValue");
    for &plan in plans {
        recent_enough(
            control,
            plan,
            plan.rules.iter(),
            age,
            &age_text,
            "",
            findings,
        );
    }
}

fn recent_enough<'r>(
    control: &ControlInput<'_>,
    plan: &PlanFacts,
    rules: impl Iterator<Item = &'r RuleFacts>,
    age: i64,
    age_text: &str,
    into: &str,
    findings: &mut Vec<Finding>,
) {
    let related = vec![plan.location.clone()];
    let (best, unknown) = shortest_gap(rules);
    match best {
        Some((gap, _)) if gap <= age => findings.push(warning(
            control,
            format!("control `{}` is checked against recovery points at run time; plan {} runs at most {} apart{into}, within {age_text}, assuming every job starts at once and succeeds", control.name, plan.name, MaxGap::Seconds(gap)),
            "jobs start within their start window and take up to their completion window: leave a margin".into(),
            related,
        )),
        _ if unknown => findings.push(warning(
            control,
            format!("plan {} may not create a recovery point{into} every {age_text}: a schedule is not known before deploy", plan.name),
            "write the schedules as literals to have them proven".into(),
            related,
        )),
        Some((gap, rule)) => findings.push(error(
            control,
            format!("plan {}'s most frequent rule{into}, `{rule}`, leaves {} between recovery points; control `{}` requires one at most {age_text} old", plan.name, MaxGap::Seconds(gap), control.name),
            format!("schedule a rule{into} to run at most {age_text} apart"),
            related,
        )),
        None => findings.push(error(
            control,
            format!("plan {} has no rule{into} that keeps running; control `{}` requires a recovery point at most {age_text} old", plan.name, control.name),
            format!("add a rule{into} that runs at most {age_text} apart, with no year limit"),
            related,
        )),
    }
}

fn air_gapped(
    control: &ControlInput<'_>,
    facts: &Facts,
    plans: &[&PlanFacts],
    findings: &mut Vec<Finding>,
) {
    let Some(age) = control.period("recoveryPointAgeUnit", "recoveryPointAgeValue") else {
        return;
    };
    let age_text = control.period_text("recoveryPointAgeUnit", "recoveryPointAgeValue");
    for &plan in plans {
        let writes = |r: &&RuleFacts| {
            r.air_gapped_target
                || r.copies.iter().any(|c| c.air_gapped)
                || r.vault
                    .as_deref()
                    .and_then(|k| facts.vault(k))
                    .is_some_and(|v| v.air_gapped)
        };
        let outside = plan
            .rules
            .iter()
            .any(|r| r.copies.iter().any(|c| !c.in_inputs) || r.vault.is_none());
        if outside && !plan.rules.iter().any(|r| writes(&r)) {
            findings.push(warning(
                control,
                format!("plan {} may not write to a logically air-gapped vault: a destination vault is outside these inputs", plan.name),
                "declare the logically air-gapped vault in the inputs to have it proven".into(),
                vec![plan.location.clone()],
            ));
            continue;
        }
        recent_enough(
            control,
            plan,
            plan.rules.iter().filter(writes),
            age,
            &age_text,
            " into a logically air-gapped vault",
            findings,
        );
    }
}

/// Control 1: every protectable resource of the inputs in scope is covered by a selection
/// (the coverage analysis). Resources outside the inputs cannot be seen.
fn protected(control: &ControlInput<'_>, facts: &Facts, findings: &mut Vec<Finding>) {
    for resource in &facts.resources {
        let by_tag = resource_in_scope(control, resource);
        if by_tag == Some(false) {
            continue;
        }
        let related = vec![resource.location.clone()];
        match (resource.status, by_tag) {
            (crate::coverage::Status::Covered, _) => {}
            (crate::coverage::Status::Uncovered, Some(true)) => findings.push(error(
                control,
                format!("{} resource `{}` is in no backup plan ({}): {}", resource.backup_type, resource.logical_id, control.name, resource.reason),
                "select it in a plan's selection (by ARN, tag or condition)".into(),
                related,
            )),
            _ => findings.push(warning(
                control,
                format!("{} resource `{}` may not be in a backup plan: {}", resource.backup_type, resource.logical_id, resource.reason),
                "write the values that decide it as literals to have it proven; see `backup-dsl coverage`".into(),
                related,
            )),
        }
    }
}

/// Control 4: the recovery points of every covered resource are encrypted: by the vault's key
/// for types with full AWS Backup management, else as the source is ([`Encryption`]). Its
/// scope is by recovery point tag, which recovery points get at run time: then nothing is
/// proven (a warning).
fn encrypted(control: &ControlInput<'_>, facts: &Facts, findings: &mut Vec<Finding>) {
    if !control.scope_tags.is_empty() {
        findings.push(warning(
            control,
            format!("control `{}` is scoped by recovery point tag, which the recovery points get at run time; nothing is proven", control.name),
            "remove the tag scope to have every protected resource's encryption proven".into(),
            Vec::new(),
        ));
        return;
    }
    for resource in &facts.resources {
        // A tag scope returned above, so the scope is decided here.
        let in_scope = resource_in_scope(control, resource) == Some(true);
        if resource.status != crate::coverage::Status::Covered || !in_scope {
            continue; // no recovery point, or out of scope
        }
        let related = vec![resource.location.clone()];
        match &resource.encryption {
            Encryption::Encrypted => {}
            Encryption::Unencrypted(why) => findings.push(error(
                control,
                format!("{} resource `{}` is backed up but not encrypted ({}): {why}, and its recovery points inherit the source's encryption", resource.backup_type, resource.logical_id, control.name),
                "encrypt the source (`StorageEncrypted: true`; an existing database is encrypted by restoring an encrypted snapshot copy)".into(),
                related,
            )),
            Encryption::Unknown(why) => findings.push(warning(
                control,
                format!("{} resource `{}` may have unencrypted recovery points: {why}", resource.backup_type, resource.logical_id),
                "set the source's encryption property to `true` to have it proven".into(),
                related,
            )),
        }
    }
}

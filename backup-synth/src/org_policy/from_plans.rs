//! From the builder's plans to a backup policy: [`OrgPolicy::from_plans`].
//!
//! Each plan keeps its name, rules (by rule name) and selections (by selection name). What a
//! backup policy cannot express is an error at the plan's field path (`plans[Plan].rules[0]
//! .schedule_timezone`), with the rewrite when one exists; the single-account rules run on each
//! plan as at synthesis ([`BackupPlan::validate`]).

use std::collections::HashMap;

use serde_json::Value;

use super::document::{
    BackupPolicyDocument, Leaf, PolicyCondition, PolicyCopyAction, PolicyLifecycle, PolicyPlan,
    PolicyRule, PolicyScanSettings, PolicySelection, PolicyTag,
};
use super::utc::utc_rewrite;
use crate::duration::Duration;
use crate::problem::{Problem, Problems, Severity, SynthError};
use crate::rule::BackupPlanRule;
use crate::rules;
use crate::selection::{BackupResource, BackupSelection, ConditionOperator, RoleChoice};
use crate::value::CfnValue;
use crate::vault::VaultRef;
use crate::{BackupPlan, BackupVault, LogicallyAirGappedBackupVault};

/// What every member account holds for the policy: the vaults it names and the backup role
/// its selections run as (created by the member template, or by hand).
///
/// ```
/// use backup_dsl::org_policy::MemberResources;
/// let member = MemberResources::new("BackupRole");
/// assert_eq!(member.role_arn(), "arn:aws:iam::$account:role/BackupRole");
/// ```
#[derive(Clone, Debug, Default)]
pub struct MemberResources<'a> {
    /// The backup role's name (with its path, e.g. `service-role/Backup`): selections without a
    /// role of their own run as `arn:aws:iam::$account:role/<role_name>`.
    pub role_name: &'a str,
    /// The vaults the plans reference by construct id (`VaultRef::in_stack`); each needs a
    /// fixed name.
    pub vaults: Vec<&'a BackupVault>,
    /// The logically air-gapped vaults the plans reference by construct id.
    pub air_gapped_vaults: Vec<&'a LogicallyAirGappedBackupVault>,
}

impl<'a> MemberResources<'a> {
    /// A member account whose backup role is `role_name`, with no vault yet.
    pub fn new(role_name: &'a str) -> Self {
        Self {
            role_name,
            ..Self::default()
        }
    }

    /// Adds a vault the plans reference.
    pub fn vault(mut self, vault: &'a BackupVault) -> Self {
        self.vaults.push(vault);
        self
    }

    /// Adds a logically air-gapped vault the plans reference.
    pub fn air_gapped_vault(mut self, vault: &'a LogicallyAirGappedBackupVault) -> Self {
        self.air_gapped_vaults.push(vault);
        self
    }

    /// The role ARN a policy's selections use: `arn:aws:iam::$account:role/<role_name>`.
    pub fn role_arn(&self) -> String {
        format!("arn:aws:iam::$account:role/{}", self.role_name)
    }

    fn vault_name(&self, id: &str) -> Option<Option<&str>> {
        self.vaults
            .iter()
            .find(|v| v.id() == id)
            .map(|v| v.literal_name())
    }

    fn air_gapped_name(&self, id: &str) -> Option<Option<&str>> {
        self.air_gapped_vaults
            .iter()
            .find(|v| v.id() == id)
            .map(|v| v.literal_name())
    }
}

/// An AWS Organizations backup policy made from builder plans: its name, its typed document
/// and the warnings found while converting.
///
/// ```
/// use backup_dsl::{BackupPlan, BackupResource, BackupSelection, BackupVault};
/// use backup_dsl::org_policy::{MemberResources, OrgPolicy};
/// let vault = BackupVault::new("Vault").name("org-backup");
/// let plan = BackupPlan::daily_35_day_retention("Daily")
///     .vault(&vault)
///     .selection(BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "daily")));
/// let member = MemberResources::new("BackupRole").vault(&vault);
/// let policy = OrgPolicy::from_plans("backup", &[&plan], &member, &["eu-west-1"]).unwrap();
/// let json = policy.to_json();
/// assert_eq!(json["plans"]["Daily"]["rules"]["Daily"]["target_backup_vault_name"]["@@assign"], "org-backup");
/// assert!(policy.to_minified_json().len() <= 10_000);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct OrgPolicy {
    name: String,
    document: BackupPolicyDocument,
    warnings: Vec<Problem>,
}

impl OrgPolicy {
    /// Converts `plans` into one backup policy named `name`, applied in `regions`, whose
    /// vaults and role are those of `member`.
    ///
    /// Every problem is returned at once: the plans' own rules (as at synthesis), what a
    /// backup policy cannot express (`orgpolicy-timezone`, `orgpolicy-selection`,
    /// `orgpolicy-role-arn`, `orgpolicy-lag-arn`, `orgpolicy-copy-key`, `orgpolicy-vault-name`,
    /// `orgpolicy-case-collision`, `orgpolicy-scan`) at the plan's field paths, and the policy's
    /// size (`orgpolicy-size`, at `/plans`). The JSON is deterministic: plans, rules and
    /// selections in the order given, keys in a fixed order.
    pub fn from_plans(
        name: &str,
        plans: &[&BackupPlan],
        member: &MemberResources<'_>,
        regions: &[&str],
    ) -> Result<Self, SynthError> {
        let mut problems = Problems::new();
        problems.check(
            "regions",
            rules::check_policy_required("the policy", "regions", !regions.is_empty(), true),
        );
        let mut document = BackupPolicyDocument::default();
        let mut names: HashMap<String, String> = HashMap::new();
        for plan in plans {
            let path = format!("plans[{}]", plan.id());
            let key = plan.plan_name().to_string();
            let earlier = names.insert(key.to_lowercase(), key.clone());
            problems.check(
                || format!("{path}.name"),
                rules::check_policy_id_case("plans", &key, earlier.as_deref()),
            );
            let converted = Converter {
                member,
                regions,
                problems: &mut problems,
            }
            .plan(plan, &path);
            document.plans.push((key, converted));
        }
        let policy = Self {
            name: name.to_string(),
            document,
            warnings: Vec::new(),
        };
        problems.check("/plans", rules::check_policy_size(policy.minified_len()));
        let all = problems.into_vec();
        if all.iter().any(|p| p.severity() == Severity::Error) {
            return Err(SynthError { problems: all });
        }
        Ok(Self {
            warnings: all,
            ..policy
        })
    }

    /// The policy's name (`AWS::Organizations::Policy` `Name`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The typed document.
    pub fn document(&self) -> &BackupPolicyDocument {
        &self.document
    }

    /// The warnings found while converting (errors make [`Self::from_plans`] fail).
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// The document as JSON (`{"plans": …}`).
    pub fn to_json(&self) -> Value {
        self.document.to_json()
    }

    /// The document as minified JSON: the bytes to put in `Content` (deterministic).
    pub fn to_minified_json(&self) -> String {
        self.to_json().to_string()
    }

    /// The length of [`Self::to_minified_json`] in characters, as AWS counts the limit.
    pub fn minified_len(&self) -> usize {
        self.to_minified_json().chars().count()
    }
}

/// Converts one plan, recording problems.
struct Converter<'m, 'p> {
    member: &'m MemberResources<'m>,
    regions: &'m [&'m str],
    problems: &'p mut Problems,
}

fn days(duration: Option<Duration>) -> Option<Leaf<String>> {
    duration
        .and_then(|d| d.to_days().ok())
        .map(|d| Leaf::assign(d.to_string()))
}

fn flag(value: Option<bool>) -> Option<Leaf<String>> {
    value.map(|v| Leaf::assign(v.to_string()))
}

fn enabled(value: bool) -> Leaf<String> {
    Leaf::assign(if value { "enabled" } else { "disabled" }.to_string())
}

impl Converter<'_, '_> {
    fn plan(&mut self, plan: &BackupPlan, path: &str) -> PolicyPlan {
        self.single_account_rules(plan, path);
        let mut converted = PolicyPlan {
            regions: Some(Leaf::assign(
                self.regions.iter().map(ToString::to_string).collect(),
            )),
            windows_vss: plan.windows_vss.then(|| enabled(true)),
            ..PolicyPlan::default()
        };
        if let Some(options) = &plan.s3_options {
            converted.s3_settings = vec![
                ("backup_acls".into(), enabled(options.backup_acls)),
                (
                    "backup_object_tags".into(),
                    enabled(options.backup_object_tags),
                ),
            ];
        }
        for index in 0..plan.rules.len() {
            let at = format!("{path}.rules[{index}]");
            if let Some(rule) = self.rule(plan, index, &at) {
                converted.rules.push((plan.rule_name(index), rule));
            }
        }
        let mut selection_names: HashMap<String, String> = HashMap::new();
        for selection in &plan.selections {
            let at = format!("{path}.selections[{}]", selection.id());
            let name = selection.selection_name().to_string();
            let earlier = selection_names.insert(name.to_lowercase(), name.clone());
            self.problems.check(
                || format!("{at}.name"),
                rules::check_policy_id_case("selections", &name, earlier.as_deref()),
            );
            if let Some(converted_selection) = self.selection(selection, &at) {
                converted.selections.push((name, converted_selection));
            }
        }
        converted.scan_settings = self.scan_settings(plan, path);
        let has_actions = plan.rules.iter().any(|r| !r.scan_actions.is_empty());
        self.problems.check(
            || format!("{path}.scan_settings"),
            rules::check_policy_scan(has_actions, !plan.scan_settings.is_empty()),
        );
        converted
    }

    /// The plan's own rules, as at synthesis; a role is checked by `orgpolicy-role-arn`
    /// instead of `iam-role-arn` (a policy's role is `$account`'s, not one account's).
    fn single_account_rules(&mut self, plan: &BackupPlan, path: &str) {
        let mut own = Problems::new();
        plan.validate(path, &mut own);
        for problem in own.into_vec() {
            if problem.violation.rule != "iam-role-arn" {
                self.problems.push(problem.path, problem.violation);
            }
        }
    }

    fn scan_settings(&mut self, plan: &BackupPlan, path: &str) -> Option<PolicyScanSettings> {
        let setting = plan.scan_settings.first()?;
        let at = format!("{path}.scan_settings[0].scanner_role");
        let role = self.role_literal(&setting.role, &at)?;
        Some(PolicyScanSettings {
            resource_types: setting.resource_types.clone(),
            scanner_role_arn: role,
        })
    }

    /// A literal role ARN in the policy's `$account` form.
    fn role_literal(&mut self, role: &CfnValue, at: &str) -> Option<String> {
        let Some(arn) = role.as_literal() else {
            self.problems.push(
                at.to_string(),
                crate::problem::Violation::error(
                    "orgpolicy-role-arn",
                    "the role is resolved at deploy time; a backup policy names its role literally, `arn:aws:iam::$account:role/<name>`",
                    "give the role's name in the `$account` form, or let the selection use the member account's backup role",
                ),
            );
            return None;
        };
        match rules::check_policy_role_arn(arn) {
            Ok(()) => Some(arn.to_string()),
            Err(violation) => {
                let warning = violation.severity == Severity::Warning;
                self.problems.push(at.to_string(), violation);
                warning.then(|| arn.to_string())
            }
        }
    }

    fn rule(&mut self, plan: &BackupPlan, index: usize, path: &str) -> Option<PolicyRule> {
        let rule = &plan.rules[index];
        let schedule = self.schedule(rule, path);
        let vault = self.target_vault(plan, index, path);
        let air_gapped = rule
            .air_gapped_vault
            .as_ref()
            .and_then(|v| self.air_gapped_target(v, &format!("{path}.logically_air_gapped_vault")));
        let copy_actions = rule
            .copy_actions
            .iter()
            .enumerate()
            .filter_map(|(i, copy)| {
                let at = format!("{path}.copy_actions[{i}].destination");
                let arn = self.copy_destination(&copy.destination, &at)?;
                Some(PolicyCopyAction {
                    target_backup_vault_arn: arn,
                    lifecycle: PolicyLifecycle {
                        move_to_cold_storage_after_days: days(copy.move_to_cold_storage_after),
                        delete_after_days: days(copy.delete_after),
                        opt_in_to_archive_for_supported_resources: flag(copy.opt_in_to_archive),
                    },
                })
            })
            .collect();
        let mut tag_ids: HashMap<String, String> = HashMap::new();
        let mut recovery_point_tags = Vec::new();
        for (key, value) in &rule.recovery_point_tags {
            let earlier = tag_ids.insert(key.to_lowercase(), key.clone());
            self.problems.check(
                || format!("{path}.recovery_point_tags[{key}]"),
                rules::check_policy_id_case("recovery_point_tags", key, earlier.as_deref()),
            );
            recovery_point_tags.push((
                key.clone(),
                PolicyTag {
                    key: key.clone(),
                    value: value.clone(),
                },
            ));
        }
        let index_types: Vec<String> = rule
            .index_actions
            .iter()
            .flatten()
            .map(|t| t.as_str().to_string())
            .collect();
        Some(PolicyRule {
            schedule_expression: Leaf::assign(schedule?),
            target_backup_vault_name: Leaf::assign(vault?),
            target_logically_air_gapped_backup_vault_arn: air_gapped.map(Leaf::assign),
            start_backup_window_minutes: minutes(rule.start_window),
            complete_backup_window_minutes: minutes(rule.completion_window),
            enable_continuous_backup: flag(rule.enable_continuous_backup),
            lifecycle: PolicyLifecycle {
                move_to_cold_storage_after_days: days(rule.move_to_cold_storage_after),
                delete_after_days: days(rule.effective_delete_after()),
                opt_in_to_archive_for_supported_resources: flag(rule.opt_in_to_archive),
            },
            copy_actions,
            recovery_point_tags,
            index_actions: (!index_types.is_empty()).then(|| Leaf::assign(index_types)),
            scan_mode: rule
                .scan_actions
                .first()
                .map(|mode| Leaf::assign(mode.as_str().to_string())),
        })
    }

    /// The UTC schedule; a rule in another time zone is an error with its UTC rewrite.
    fn schedule(&mut self, rule: &BackupPlanRule, path: &str) -> Option<String> {
        let Some(schedule) = &rule.schedule else {
            self.problems.check(
                format!("{path}.schedule"),
                rules::check_policy_required("the rule", "schedule_expression", false, true),
            );
            return None;
        };
        let expression = schedule.expression().ok()?;
        if let Some(zone) = &rule.schedule_timezone {
            let rewrite = utc_rewrite(zone, &expression);
            self.problems.check(
                format!("{path}.schedule_timezone"),
                rules::check_policy_timezone(zone, &expression, rewrite.as_deref()),
            )?;
        }
        Some(expression)
    }

    /// `target_backup_vault_name`: the literal name of the rule's vault (the rule's own, at
    /// `rules[i].vault`, or the plan's, at `plans[id].vault`).
    fn target_vault(&mut self, plan: &BackupPlan, index: usize, path: &str) -> Option<String> {
        let vault = plan.rule_vault(index);
        let at = if plan.rules[index].vault.is_some() {
            format!("{path}.vault")
        } else {
            format!("plans[{}].vault", plan.id())
        };
        let (shown, name) = match &vault {
            VaultRef::InStack(id) => (id.clone(), self.member.vault_name(id).flatten()),
            VaultRef::AirGapped(id) => {
                self.problems.check(
                    at.clone(),
                    rules::check_air_gapped_as_backup_vault(id, true),
                );
                (id.clone(), self.member.air_gapped_name(id).flatten())
            }
            VaultRef::Name(name) if name.as_literal().is_some() => {
                return name.as_literal().map(str::to_string);
            }
            // A malformed ARN is the rule's own finding (`vault-arn`).
            VaultRef::Arn(arn) => return rules::parse_vault_arn(arn).ok().map(str::to_string),
            other => {
                self.problems.push(at, unnamed(other));
                return None;
            }
        };
        self.problems
            .check(at, rules::check_policy_vault_named(&shown, name))
            .and(name.map(str::to_string))
    }

    /// `target_logically_air_gapped_backup_vault_arn`: `arn:aws:backup:$region:$account:…`.
    fn air_gapped_target(&mut self, vault: &VaultRef, at: &str) -> Option<String> {
        let arn = match vault {
            // A backup vault as air-gapped target: the rule's own check reports it.
            VaultRef::InStack(_) => return None,
            VaultRef::AirGapped(id) => {
                let name = self.member.air_gapped_name(id).flatten();
                self.problems
                    .check(at.to_string(), rules::check_policy_vault_named(id, name))?;
                format!("arn:aws:backup:$region:$account:backup-vault:{}", name?)
            }
            VaultRef::Arn(arn) => arn.clone(),
            VaultRef::Name(name) => match name.as_literal() {
                Some(name) => format!("arn:aws:backup:$region:$account:backup-vault:{name}"),
                None => {
                    self.problems.push(
                        at.to_string(),
                        rules::policy_vault_unnamed("a vault name resolved at deploy time"),
                    );
                    return None;
                }
            },
            other => {
                self.problems.push(
                    at.to_string(),
                    rules::policy_vault_unnamed(&format!("{other:?}")),
                );
                return None;
            }
        };
        self.problems
            .check(at.to_string(), rules::check_policy_air_gapped_arn(&arn))
            .map(|()| arn)
    }

    /// A copy destination's ARN: a literal ARN (`$account` or 12 digits), or a vault of the
    /// member account in the policy's only Region.
    fn copy_destination(&mut self, vault: &VaultRef, at: &str) -> Option<String> {
        let same_region = |name: &str, this: &mut Self| {
            this.problems.check(
                at.to_string(),
                rules::check_policy_same_region_copy(name, this.regions.len()),
            )?;
            Some(format!(
                "arn:aws:backup:{}:$account:backup-vault:{name}",
                this.regions.first()?
            ))
        };
        let arn = match vault {
            VaultRef::Arn(arn) => arn.clone(),
            VaultRef::Name(name) => match name.as_literal() {
                Some(name) => same_region(name, self)?,
                None => {
                    self.problems.push(
                        at.to_string(),
                        rules::policy_vault_unnamed("a vault name resolved at deploy time"),
                    );
                    return None;
                }
            },
            VaultRef::InStack(id) | VaultRef::AirGapped(id) => {
                let name = self
                    .member
                    .vault_name(id)
                    .or_else(|| self.member.air_gapped_name(id))
                    .flatten();
                self.problems
                    .check(at.to_string(), rules::check_policy_vault_named(id, name))?;
                same_region(name?, self)?
            }
            other => {
                self.problems.push(at.to_string(), unnamed(other));
                return None;
            }
        };
        match rules::check_policy_copy_arn(&arn) {
            Ok(()) => Some(arn),
            Err(violation) => {
                let warning = violation.severity == Severity::Warning;
                self.problems.push(at.to_string(), violation);
                warning.then_some(arn)
            }
        }
    }

    fn selection(&mut self, selection: &BackupSelection, path: &str) -> Option<PolicySelection> {
        let role = match &selection.role {
            RoleChoice::Generated | RoleChoice::InStack(_) => Some(self.member.role_arn()),
            RoleChoice::Existing(value) => self.role_literal(value, &format!("{path}.role")),
        };
        let mut tag_keys = Vec::new();
        let mut tag_values = Vec::new();
        let mut patterns = Vec::new();
        for (index, resource) in selection.resources.iter().enumerate() {
            let at = format!("{path}.resources[{index}]");
            match resource {
                BackupResource::Tag { key, value, .. } => {
                    tag_keys.push(key.as_str());
                    tag_values.push(value.clone());
                }
                other => {
                    let shown = shown_resource(other);
                    if self
                        .problems
                        .check(at, rules::check_policy_resource(&shown))
                        .is_some()
                    {
                        patterns.push(shown);
                    }
                }
            }
        }
        self.problems.check(
            format!("{path}.resources"),
            rules::check_policy_tag_keys(&tag_keys),
        )?;
        self.problems.check(
            format!("{path}.resources"),
            rules::check_policy_selection_kind(tag_keys.len(), patterns.len()),
        )?;
        let conditions = self.conditions(selection, path);
        let mut not_resource_types = Vec::new();
        for (index, arn) in selection.not_resources.iter().enumerate() {
            let shown = arn.as_literal().map_or_else(
                || "a value resolved at deploy time".to_string(),
                str::to_string,
            );
            if self
                .problems
                .check(
                    format!("{path}.not_resources[{index}]"),
                    rules::check_policy_resource(&shown),
                )
                .is_some()
            {
                not_resource_types.push(shown);
            }
        }
        let iam_role_arn = role?;
        if let Some(tag_key) = tag_keys.first() {
            return Some(PolicySelection::Tags {
                iam_role_arn,
                tag_key: (*tag_key).to_string(),
                tag_value: tag_values,
                conditions,
            });
        }
        if patterns.is_empty() {
            patterns.push("*".to_string());
        }
        Some(PolicySelection::Resources {
            iam_role_arn,
            resource_types: patterns,
            not_resource_types,
            conditions,
        })
    }

    fn conditions(&mut self, selection: &BackupSelection, path: &str) -> Vec<PolicyCondition> {
        self.problems.check(
            format!("{path}.conditions"),
            rules::check_policy_condition_count(selection.conditions.len()),
        );
        let mut seen: HashMap<String, usize> = HashMap::new();
        selection
            .conditions
            .iter()
            .map(|condition| {
                let key = condition.condition_key();
                let tag = key.trim_start_matches("aws:ResourceTag/").to_string();
                let count = seen.entry(tag.clone()).or_insert(0);
                *count += 1;
                let name = if *count == 1 {
                    tag
                } else {
                    format!("{tag}_{count}")
                };
                PolicyCondition {
                    operator: condition_operator(condition.operator),
                    name,
                    key,
                    value: condition.value.clone(),
                }
            })
            .collect()
    }
}

/// The violation for a vault reference a policy cannot name.
fn unnamed(vault: &VaultRef) -> crate::problem::Violation {
    let what = match vault {
        VaultRef::Stack { stack, vault } => format!("vault `{vault}` of stack `{stack}`"),
        VaultRef::Cfn(logical) => format!("template resource `{logical}`"),
        VaultRef::InStack(id) | VaultRef::AirGapped(id) => format!("vault `{id}`"),
        VaultRef::Name(_) | VaultRef::Arn(_) => "a vault name resolved at deploy time".to_string(),
    };
    rules::policy_vault_unnamed(&what)
}

fn minutes(duration: Option<Duration>) -> Option<Leaf<String>> {
    duration
        .and_then(|d| d.to_minutes().ok())
        .map(|m| Leaf::assign(m.to_string()))
}

fn condition_operator(operator: ConditionOperator) -> &'static str {
    match operator {
        ConditionOperator::StringEquals => "string_equals",
        ConditionOperator::StringLike => "string_like",
        ConditionOperator::StringNotEquals => "string_not_equals",
        ConditionOperator::StringNotLike => "string_not_like",
    }
}

/// A selected resource as the policy would have to write it.
fn shown_resource(resource: &BackupResource) -> String {
    match resource {
        BackupResource::Arn(arn) => arn.as_literal().map_or_else(
            || "an ARN resolved at deploy time".to_string(),
            str::to_string,
        ),
        BackupResource::Formatted {
            service,
            resource,
            separator,
            id,
        } => format!(
            "arn:aws:{service}:<region>:<account>:{resource}{separator}{}",
            id.as_literal().unwrap_or("<id>")
        ),
        BackupResource::Construct(path) => format!("every resource below construct `{path}`"),
        BackupResource::Tag { key, value, .. } => format!("tag {key}={value}"),
    }
}

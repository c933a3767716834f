//! An organization unit ([`OrgBackup`]): the same backup plans for every account of an AWS
//! Organizations root or OU, in every Region listed.
//!
//! From one model it synthesizes (reference `aws-backup-next.md` §2.4):
//!
//! * (a) the **member template**: the vaults (with their locks), keys and topics the plans
//!   write to, and one backup role with a fixed name and the managed policies the selections
//!   need: a normal [`Stack`], so every rule of the book runs on it. IAM is global, so the role
//!   is created in the first Region only (a template condition); vault names are pinned, so
//!   every copy of the template creates the vaults the policy names;
//! * (b) a **service-managed StackSet** carrying (a) as its `TemplateBody` to the same OUs and
//!   Regions, with automatic deployment to accounts that join them;
//! * (c) the **backup policy** (`AWS::Organizations::Policy`, `BACKUP_POLICY`) attached to the
//!   same targets;
//! * (d) optionally, (a) as one stack per Region for the **management account**, which a
//!   service-managed StackSet never deploys to.
//!
//! (b) and (c) form the management stack of an [`App`] ([`OrgBackup::app`]), whose cloud
//! assembly the CDK CLI deploys.

mod stack_set;
mod target;

pub use target::OrgTarget;

use std::collections::HashSet;

use serde_json::{json, Value};

use crate::cfn::organizations_policy::CfnPolicy;
use crate::cfn::ToCfn;
use crate::org_policy::{MemberResources, OrgPolicy};
use crate::resource::CfnResource;
use crate::value::CfnValue;

use crate::air_gapped::LogicallyAirGappedBackupVault;
use crate::app::{App, AppError, CloudAssembly};
use crate::key::Key;
use crate::plan::BackupPlan;
use crate::problem::{Problem, Problems, Severity, SynthError};
use crate::role::{ManagedPolicy, Role};
use crate::rules;
use crate::selection::RolePolicies;
use crate::stack::{Stack, StackItem, Template};
use crate::topic::Topic;
use crate::value::Environment;
use crate::vault::{BackupVault, VaultRef};

/// The construct id of the member role in the member template.
const ROLE_ID: &str = "BackupRole";
/// The logical id of the backup policy in the management stack.
const POLICY_ID: &str = "BackupPolicy";
/// The template condition that creates the (global) IAM role in one Region only.
const ROLE_CONDITION: &str = "CreateBackupRole";

/// The same backup plans for every account of an AWS Organizations root or OU: a member
/// template, a service-managed StackSet deploying it, and a backup policy (see the module
/// documentation).
///
/// ```
/// use backup_dsl::{BackupPlan, BackupPlanRule, BackupResource, BackupSelection, BackupVault, OrgBackup};
/// let vault = BackupVault::new("Primary").name("org-primary");
/// let plan = BackupPlan::new("Daily")
///     .vault(&vault)
///     .rule(BackupPlanRule::daily())
///     .selection(BackupSelection::new("Tagged").resource(BackupResource::tag("backup", "daily")));
/// let org = OrgBackup::new("OrgBackup")
///     .target("ou-ab12-cdef3456")
///     .regions(["eu-west-1", "eu-central-1"])
///     .vault(vault)
///     .plan(plan);
/// let member = org.member_template().unwrap();
/// assert!(member.json()["Resources"].as_object().unwrap().len() >= 2);
/// let stack_set = org.stack_set().unwrap();
/// assert_eq!(stack_set["Properties"]["PermissionModel"], "SERVICE_MANAGED");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct OrgBackup {
    id: String,
    targets: Vec<OrgTarget>,
    regions: Vec<String>,
    plans: Vec<BackupPlan>,
    members: Vec<StackItem>,
    role_name: Option<String>,
    management_account: Option<String>,
    management_environment: Option<Environment>,
    description: Option<String>,
}

impl OrgBackup {
    /// An organization unit with construct id `id`: it names the StackSet (`<id>-members`),
    /// the policy (`<id>`), the member role (`<id>BackupRole`) and the stacks of the app.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            targets: Vec::new(),
            regions: Vec::new(),
            plans: Vec::new(),
            members: Vec::new(),
            role_name: None,
            management_account: None,
            management_environment: None,
            description: None,
        }
    }

    /// The construct id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Adds a target: the root (`r-…`), an OU (`ou-…-…`) or an account (12 digits, reached by
    /// the StackSet only through its OU: [`OrgTarget::account_in`]).
    pub fn target(mut self, target: impl Into<OrgTarget>) -> Self {
        self.targets.push(target.into());
        self
    }

    /// Adds targets (see [`Self::target`]).
    pub fn targets<T: Into<OrgTarget>>(mut self, targets: impl IntoIterator<Item = T>) -> Self {
        self.targets.extend(targets.into_iter().map(Into::into));
        self
    }

    /// Adds a Region the plans run in and the member template is deployed to.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.regions.push(region.into());
        self
    }

    /// Adds Regions (see [`Self::region`]); the first also holds the member role.
    pub fn regions<S: Into<String>>(mut self, regions: impl IntoIterator<Item = S>) -> Self {
        self.regions.extend(regions.into_iter().map(Into::into));
        self
    }

    /// Adds a plan: it goes into the backup policy, and its vaults must be the organization's.
    pub fn plan(mut self, plan: BackupPlan) -> Self {
        self.plans.push(plan);
        self
    }

    /// Adds a vault the member template creates in every account and Region.
    pub fn vault(mut self, vault: BackupVault) -> Self {
        self.members.push(StackItem::Vault(vault));
        self
    }

    /// Adds a logically air-gapped vault the member template creates.
    pub fn air_gapped_vault(mut self, vault: LogicallyAirGappedBackupVault) -> Self {
        self.members.push(StackItem::AirGappedVault(vault));
        self
    }

    /// Adds a KMS key the member template creates (for a vault's `encryption_key`).
    pub fn key(mut self, key: Key) -> Self {
        self.members.push(StackItem::Key(key));
        self
    }

    /// Adds an SNS topic the member template creates (for a vault's notifications).
    pub fn topic(mut self, topic: Topic) -> Self {
        self.members.push(StackItem::Topic(topic));
        self
    }

    /// Sets the member role's `RoleName` (default `<id>BackupRole`); the policy's selections
    /// name it as `arn:aws:iam::$account:role/<name>`.
    pub fn role_name(mut self, name: impl Into<String>) -> Self {
        self.role_name = Some(name.into());
        self
    }

    /// Deploys the member template to the management account `account` too, one stack per
    /// Region (a service-managed StackSet never deploys there).
    pub fn management_account(mut self, account: impl Into<String>) -> Self {
        self.management_account = Some(account.into());
        self
    }

    /// The environment of the management stack (the StackSet and the policy): the management
    /// account or a delegated administrator (default: environment-agnostic).
    pub fn management_environment(mut self, env: Environment) -> Self {
        self.management_environment = Some(env);
        self
    }

    /// Sets the description of the StackSet and the policy.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The description of the StackSet and the policy, if set.
    pub fn description_text(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The targets, in the order added.
    pub fn target_list(&self) -> &[OrgTarget] {
        &self.targets
    }

    /// The Regions, in the order added.
    pub fn region_list(&self) -> &[String] {
        &self.regions
    }

    /// The plans, in the order added.
    pub fn plan_list(&self) -> &[BackupPlan] {
        &self.plans
    }

    /// The member role's `RoleName`.
    pub fn member_role_name(&self) -> String {
        self.role_name
            .clone()
            .unwrap_or_else(|| format!("{}BackupRole", self.id))
    }

    /// The StackSet's name: `<id>-members`.
    pub fn stack_set_name(&self) -> String {
        format!("{}-members", self.id)
    }

    /// The id of the member stack (it enters the vaults' generated names): `<id>Member`.
    fn member_stack_id(&self) -> String {
        format!("{}Member", self.id)
    }

    /// The name of the management stack (StackSet and policy): `<id>Management`.
    pub fn management_stack_name(&self) -> String {
        format!("{}Management", self.id)
    }

    /// The member template as a [`Stack`]: the organization's vaults (names pinned to what
    /// the policy names), keys and topics, and the member role with the managed policies the
    /// plans' selections need.
    pub fn member_stack(&self) -> Stack {
        self.member_stack_as(&self.member_stack_id(), true)
    }

    /// The member stack with id `id`, vault names pinned to the member stack's, with or
    /// without the role.
    fn member_stack_as(&self, id: &str, with_role: bool) -> Stack {
        let generated = Stack::new(self.member_stack_id());
        let mut stack = Stack::new(id);
        for item in &self.members {
            stack.add(pin_name(item, &generated));
        }
        if with_role {
            stack.add(self.member_role());
        }
        stack
    }

    /// The member role: AWS Backup may assume it; the managed policies every selection needs.
    fn member_role(&self) -> Role {
        let mut role = Role::backup_service(ROLE_ID)
            .name(self.member_role_name().as_str())
            .description("AWS Backup runs the organization's backup policy as this role");
        for name in self.role_policy_names() {
            role = role.managed_policy(ManagedPolicy::aws_managed(name));
        }
        role
    }

    /// The managed policies the selections need (what a generated selection role would get),
    /// each once, in first-use order.
    fn role_policy_names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        for selection in self.plans.iter().flat_map(BackupPlan::selections) {
            for name in selection.managed_policy_names(RolePolicies::ForSelection) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        if names.is_empty() {
            names.push("service-role/AWSBackupServiceRolePolicyForBackup");
        }
        names
    }

    /// The names of the vaults the member template creates (literal or pinned), and whether
    /// some vault is named by a token (then a missing vault cannot be proven).
    fn member_vault_names(&self) -> (Vec<String>, bool) {
        let stack = self.member_stack();
        let mut names = Vec::new();
        let mut token = false;
        for item in stack.items() {
            let name = match item {
                StackItem::Vault(vault) => vault.literal_name(),
                StackItem::AirGappedVault(vault) => vault.literal_name(),
                _ => continue,
            };
            match name {
                Some(name) => names.push(name.to_string()),
                None => token = true,
            }
        }
        (names, token)
    }

    /// The name of the vault `vault` refers to in the member accounts, when known.
    pub fn vault_name(&self, vault: &VaultRef) -> Option<String> {
        let stack = self.member_stack();
        let by_id = |id: &str| {
            stack.items().iter().find_map(|item| match item {
                StackItem::Vault(v) if v.id() == id => v.literal_name().map(str::to_string),
                StackItem::AirGappedVault(v) if v.id() == id => {
                    v.literal_name().map(str::to_string)
                }
                _ => None,
            })
        };
        match vault {
            VaultRef::InStack(id) | VaultRef::AirGapped(id) => by_id(id),
            VaultRef::Name(name) => name.as_literal().map(str::to_string),
            VaultRef::Arn(arn) => rules::parse_vault_arn(arn).ok().map(str::to_string),
            VaultRef::Stack { .. } | VaultRef::Cfn(_) => None,
        }
    }

    /// Every problem of the organization: its own rules (targets, Regions, StackSet, `org-*`),
    /// the plans' and the member template's rules, paths under `organization[<id>]`.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Problems::new();
        self.check(&mut problems);
        tidy(problems)
    }

    /// The warnings (AWS accepts them, worth a look): the organization's own, such as
    /// `org-management-account`, which [`Self::app`] does not carry, and the member
    /// template's.
    pub fn warnings(&self) -> Vec<Problem> {
        let mut problems = self.validate();
        problems.retain(|p| p.severity() == Severity::Warning);
        problems
    }

    /// Errors and warnings of the model, without the member template's rendering (what
    /// `backup_plan!` runs at compile time).
    pub fn validate_model(&self) -> Vec<Problem> {
        let mut problems = Problems::new();
        self.check_model(&mut problems);
        tidy(problems)
    }

    fn path(&self) -> String {
        format!("organization[{}]", self.id)
    }

    fn check(&self, problems: &mut Problems) {
        self.check_model(problems);
        if let Ok(template) = self.synth_member(problems) {
            self.check_stack_set_rules(&template, problems);
        }
    }

    /// The rules that need no rendering: targets, Regions, names, plans (all of the rule book,
    /// with the organization's vaults beside them: `org-lock-fit`), vaults and roles.
    fn check_model(&self, problems: &mut Problems) {
        let base = self.path();
        problems.check(
            format!("{base}.id"),
            rules::check_stack_set_name(&self.stack_set_name()),
        );
        self.check_targets(&base, problems);
        self.check_regions(&base, problems);
        let mut model = self.member_stack();
        for plan in &self.plans {
            model.add(plan.clone());
        }
        for problem in model.validate_model() {
            // A policy's role is `$account`'s: `orgpolicy-role-arn` checks its form instead.
            let policy_role =
                problem.violation.rule == "iam-role-arn" && problem.path.starts_with("plans[");
            if !policy_role {
                problems.push(format!("{base}.{}", problem.path), problem.violation);
            }
        }
        self.check_vaults_exist(&base, problems);
        self.check_roles_exist(&base, problems);
        self.convert_policy(problems);
    }

    /// The backup policy (c): the plans converted by [`OrgPolicy::from_plans`] with the
    /// member template's vaults (pinned names) and role; its problems go to `problems` (paths
    /// under `organization[<id>]`; the policy's size at `organization[<id>].policy`).
    fn convert_policy(&self, problems: &mut Problems) -> Option<OrgPolicy> {
        let stack = self.member_stack();
        let role = self.member_role_name();
        let mut member = MemberResources::new(&role);
        for item in stack.items() {
            match item {
                StackItem::Vault(vault) => member = member.vault(vault),
                StackItem::AirGappedVault(vault) => member = member.air_gapped_vault(vault),
                _ => {}
            }
        }
        let plans: Vec<&BackupPlan> = self.plans.iter().collect();
        let regions: Vec<&str> = self.regions.iter().map(String::as_str).collect();
        let base = self.path();
        let place = |path: &str| match path {
            "/plans" => format!("{base}.policy"),
            _ => format!("{base}.{path}"),
        };
        match OrgPolicy::from_plans(&self.id, &plans, &member, &regions) {
            Ok(policy) => {
                for warning in policy.warnings() {
                    problems.push(place(&warning.path), warning.violation.clone());
                }
                Some(policy)
            }
            Err(error) => {
                for problem in error.problems {
                    problems.push(place(&problem.path), problem.violation);
                }
                None
            }
        }
    }

    /// The backup policy document (c) as minified JSON, the `Content` of the policy (for
    /// teams that attach policies elsewhere), or every error.
    pub fn policy_json(&self) -> Result<String, SynthError> {
        let mut problems = Problems::new();
        self.check_model(&mut problems);
        let policy = self.convert_policy(&mut Problems::new()).ok_or(());
        finish(problems, policy).map(|p| p.to_minified_json())
    }

    /// The `AWS::Organizations::Policy` resource: `BACKUP_POLICY`, the minified document,
    /// attached to the targets.
    fn policy_resource(&self, policy: &OrgPolicy) -> CfnResource {
        let properties = CfnPolicy {
            content: Some(Value::String(policy.to_minified_json()).into()),
            description: self.description.as_deref().map(CfnValue::literal),
            name: Some(CfnValue::literal(policy.name())),
            target_ids: Some(
                self.targets
                    .iter()
                    .map(|t| CfnValue::literal(t.id()))
                    .collect(),
            ),
            type_: Some("BACKUP_POLICY".into()),
            ..CfnPolicy::default()
        };
        CfnResource::new(POLICY_ID, CfnPolicy::TYPE_NAME).properties(properties.into_cfn())
    }

    fn check_targets(&self, base: &str, problems: &mut Problems) {
        let mut seen = HashSet::new();
        for (index, target) in self.targets.iter().enumerate() {
            let at = format!("{base}.targets[{index}]");
            problems.check(at.as_str(), target.validate());
            problems.check(
                at.as_str(),
                rules::check_org_target_unique(target.id(), !seen.insert(target.id())),
            );
            problems.check(
                at.as_str(),
                rules::check_org_target_covered(target.id(), target.reached_by_stack_set()),
            );
            problems.check(
                at.as_str(),
                rules::check_org_management_account(target.id(), self.management_account.is_some()),
            );
        }
        if self.targets.is_empty() {
            problems.push(format!("{base}.targets"), rules::org_targets_missing());
        }
        if let Some(account) = &self.management_account {
            problems.check(
                format!("{base}.management_account"),
                rules::check_account_id(account),
            );
        }
    }

    fn check_regions(&self, base: &str, problems: &mut Problems) {
        problems.check(
            format!("{base}.regions"),
            rules::check_stack_set_regions(self.regions.len()),
        );
        let mut seen = HashSet::new();
        for (index, region) in self.regions.iter().enumerate() {
            problems.check(
                format!("{base}.regions[{index}]"),
                rules::check_stack_set_region(region),
            );
            problems.check(
                format!("{base}.regions[{index}]"),
                rules::check_stack_set_region_unique(region, !seen.insert(region.as_str())),
            );
        }
    }

    /// `org-vault-exists`: each rule's vault, air-gapped vault and same-account copy
    /// destination is one the member template creates.
    fn check_vaults_exist(&self, base: &str, problems: &mut Problems) {
        let (names, token) = self.member_vault_names();
        for plan in &self.plans {
            for (index, rule) in plan.rules().iter().enumerate() {
                let at = format!("{base}.plans[{}].rules[{index}]", plan.id());
                let rule_name = plan.rule_name(index);
                let has_vault = !plan.needs_auto_vault() || rule.target_vault().is_some();
                if problems
                    .check(
                        format!("{at}.vault"),
                        rules::check_org_plan_vault(&rule_name, has_vault),
                    )
                    .is_none()
                {
                    continue;
                }
                // A rule's own vault, else the plan's (where it was written).
                let vault_path = match rule.target_vault() {
                    Some(_) => format!("{at}.vault"),
                    None => format!("{base}.plans[{}].vault", plan.id()),
                };
                let mut targets = vec![(vault_path, plan.rule_vault(index))];
                if let Some(air_gapped) = rule.target_logically_air_gapped_vault() {
                    targets.push((
                        format!("{at}.logically_air_gapped_vault"),
                        air_gapped.clone(),
                    ));
                }
                for (copy, action) in rule.copy_actions().iter().enumerate() {
                    if !matches!(action.destination, VaultRef::Arn(_)) {
                        targets.push((
                            format!("{at}.copy_actions[{copy}].destination"),
                            action.destination.clone(),
                        ));
                    }
                }
                for (path, vault) in targets {
                    match self.vault_name(&vault) {
                        Some(name) if !token => {
                            problems.check(
                                path,
                                rules::check_org_vault_exists(&rule_name, &name, &names),
                            );
                        }
                        Some(_) => {}
                        None => problems.push(path, rules::org_vault_unknown(&rule_name)),
                    }
                }
            }
        }
    }

    /// `org-role-exists`: a selection's own role ARN must name the member role.
    fn check_roles_exist(&self, base: &str, problems: &mut Problems) {
        let role = self.member_role_name();
        for plan in &self.plans {
            for selection in plan.selections() {
                let Some(arn) = selection.existing_role_arn() else {
                    continue;
                };
                let text = arn.as_literal().unwrap_or("(a token)");
                problems.check(
                    format!(
                        "{base}.plans[{}].selections[{}].role",
                        plan.id(),
                        selection.id()
                    ),
                    rules::check_org_role_exists(selection.id(), text, Some(&role)),
                );
            }
        }
    }

    /// The member template (a), or every error (of the organization too).
    pub fn member_template(&self) -> Result<Template, SynthError> {
        let mut problems = Problems::new();
        self.check_model(&mut problems);
        let template = self.synth_member(&mut problems);
        finish(problems, template)
    }

    /// Synthesizes the member stack, adds the role's Region condition; its problems go to
    /// `problems` (paths under `organization[<id>].member`).
    fn synth_member(&self, problems: &mut Problems) -> Result<Template, ()> {
        let base = format!("{}.member", self.path());
        match self.member_stack().synth() {
            Ok(mut template) => {
                for warning in template.warnings() {
                    problems.push(
                        format!("{base}.{}", warning.path),
                        warning.violation.clone(),
                    );
                }
                self.add_role_condition(template.json_mut());
                Ok(template)
            }
            Err(error) => {
                for problem in error.problems {
                    problems.push(format!("{base}.{}", problem.path), problem.violation);
                }
                Err(())
            }
        }
    }

    /// IAM roles are global: the role is created in the first Region only.
    fn add_role_condition(&self, template: &mut Value) {
        let Some(region) = self.regions.first() else {
            return;
        };
        let role_id = Role::backup_service(ROLE_ID).logical_id();
        if let Some(role) = template["Resources"][&role_id].as_object_mut() {
            role.insert("Condition".into(), ROLE_CONDITION.into());
        }
        if let Some(object) = template.as_object_mut() {
            object.insert(
                "Conditions".into(),
                json!({ ROLE_CONDITION: { "Fn::Equals": [{ "Ref": "AWS::Region" }, region] } }),
            );
        }
    }

    /// The `AWS::CloudFormation::StackSet` resource (b), or every error.
    pub fn stack_set(&self) -> Result<Value, SynthError> {
        let template = self.member_template()?;
        Ok(stack_set::render(self, &template).to_json())
    }

    fn check_stack_set_rules(&self, template: &Template, problems: &mut Problems) {
        let at = format!("{}.stack_set", self.path());
        let body = stack_set::template_body(template);
        problems.check(
            at.as_str(),
            rules::check_stack_set_template_size(body.chars().count()),
        );
        let types: Vec<&str> = template.json()["Resources"]
            .as_object()
            .map(|r| r.values().filter_map(|v| v["Type"].as_str()).collect())
            .unwrap_or_default();
        problems.check(at.as_str(), rules::check_stack_set_nested(&types));
        self.check_rendered_stack_set(template, &at, problems);
    }

    /// The rules the rendering meets by construction, checked on what was rendered: the
    /// permission model, the capabilities the named role needs, and the policy's Regions
    /// (`self.regions`) deployed by the StackSet.
    fn check_rendered_stack_set(&self, template: &Template, at: &str, problems: &mut Problems) {
        let stack_set = stack_set::render(self, template).to_json();
        let properties = &stack_set["Properties"];
        let strings = |value: &Value| -> Vec<String> {
            value
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let groups = properties["StackInstancesGroup"].as_array();
        let targets = groups
            .into_iter()
            .flatten()
            .map(|g| &g["DeploymentTargets"]);
        let facts = rules::PermissionModelFacts {
            model: properties["PermissionModel"].as_str().unwrap_or_default(),
            auto_deployment: properties.get("AutoDeployment").is_some(),
            organizational_units: targets
                .clone()
                .any(|t| t.get("OrganizationalUnitIds").is_some()),
            accounts_only: targets
                .clone()
                .any(|t| t.get("OrganizationalUnitIds").is_none() && t.get("Accounts").is_some()),
            self_managed_roles: properties.get("AdministrationRoleARN").is_some()
                || properties.get("ExecutionRoleName").is_some(),
        };
        problems.check(at, rules::check_stack_set_permission_model(facts));
        let iam = rules::IamUse {
            resources: true,
            named: true,
        };
        let capabilities = strings(&properties["Capabilities"]);
        problems.check(at, rules::check_stack_set_capabilities(iam, &capabilities));
        for group in groups.into_iter().flatten() {
            let deployed = strings(&group["Regions"]);
            for region in &self.regions {
                problems.check(at, rules::check_org_region_covered(region, &deployed));
            }
        }
    }

    /// The app: the management stack (StackSet and policy) and, with
    /// [`Self::management_account`], the member template once per Region for that account;
    /// or every error. Add other stacks to it as to any [`App`]. The organization's warnings
    /// are [`Self::warnings`].
    pub fn app(&self) -> Result<App, SynthError> {
        let mut problems = Problems::new();
        self.check_model(&mut problems);
        let member = self.synth_member(&mut problems);
        if let Ok(template) = &member {
            self.check_stack_set_rules(template, &mut problems);
        }
        let policy = self.convert_policy(&mut Problems::new()).ok_or(());
        let (template, policy) = finish(problems, member.and_then(|m| policy.map(|p| (m, p))))?;
        let mut management = Stack::new(self.management_stack_name());
        if let Some(env) = &self.management_environment {
            management = management.environment(env.clone());
        }
        management.add(stack_set::render(self, &template));
        management.add(self.policy_resource(&policy));
        let mut app = App::new().with_stack(management);
        if let Some(account) = &self.management_account {
            for region in &self.regions {
                app.add_stack(self.management_member_stack(account, region));
            }
        }
        Ok(app)
    }

    /// The member template as a stack of the management account in `region`: the same
    /// resources (pinned names); the (global) role only in the first Region.
    fn management_member_stack(&self, account: &str, region: &str) -> Stack {
        let id = format!("{}Member-{region}", self.management_stack_name());
        let with_role = self.regions.first().is_some_and(|first| first == region);
        self.member_stack_as(&id, with_role)
            .environment(Environment::new(account, region))
    }

    /// Synthesizes [`Self::app`] and writes its cloud assembly to `dir`.
    pub fn synth_to(&self, dir: impl AsRef<std::path::Path>) -> Result<CloudAssembly, AppError> {
        let assembly = self.app()?.synth()?;
        assembly.write_to(dir)?;
        Ok(assembly)
    }
}

/// A member item with its name pinned to the name `generated` (the member stack) gives it, so
/// that every copy of the member template (StackSet, management account) creates the vault
/// the policy names.
fn pin_name(item: &StackItem, generated: &Stack) -> StackItem {
    match item {
        StackItem::Vault(vault) if vault.literal_name().is_none() && !vault.has_token_name() => {
            let name = generated.generated_name_of(vault.id());
            StackItem::Vault(vault.clone().name(name.as_str()))
        }
        StackItem::AirGappedVault(vault) if vault.name_is_generated() => {
            let name = generated.generated_name_of(vault.id());
            StackItem::AirGappedVault(vault.clone().name(name.as_str()))
        }
        other => other.clone(),
    }
}

/// The problems, each once: the plans' own rules run both in the model and in the policy
/// conversion, and a rule whose vault the member template lacks is reported once, as
/// `org-vault-exists` (not again as the policy's `orgpolicy-vault-name`), a role ARN not in the
/// policy's `$account` form once, as `orgpolicy-role-arn` (not again as `org-role-exists`),
/// a missing Region once, as `stackset-regions` (not again as the policy's `orgpolicy-shape`).
fn tidy(problems: Problems) -> Vec<Problem> {
    let mut problems = problems.into_vec();
    let role_forms: HashSet<String> = problems
        .iter()
        .filter(|p| p.violation.rule == "orgpolicy-role-arn")
        .map(|p| p.path.clone())
        .collect();
    problems.retain(|p| p.violation.rule != "org-role-exists" || !role_forms.contains(&p.path));
    // No Region: `stackset-regions` says it for the StackSet and the policy alike.
    let no_region: HashSet<String> = problems
        .iter()
        .filter(|p| p.violation.rule == "stackset-regions")
        .map(|p| p.path.clone())
        .collect();
    problems.retain(|p| p.violation.rule != "orgpolicy-shape" || !no_region.contains(&p.path));
    let missing: Vec<String> = problems
        .iter()
        .filter(|p| p.violation.rule == "org-vault-exists")
        .filter_map(|p| {
            p.path
                .split_once(".rules[")
                .map(|(plan, _)| plan.to_string())
        })
        .collect();
    let mut seen = HashSet::new();
    problems.retain(|p| {
        let shadowed = p.violation.rule == "orgpolicy-vault-name"
            && missing.iter().any(|plan| p.path.starts_with(plan.as_str()));
        !shadowed
            && seen.insert((
                p.path.clone(),
                p.violation.rule,
                p.violation.message.clone(),
            ))
    });
    problems
}

/// The template when there is no error, else every problem.
fn finish<T>(problems: Problems, result: Result<T, ()>) -> Result<T, SynthError> {
    let problems = tidy(problems);
    match result {
        Ok(value) if problems.iter().all(|p| p.severity() == Severity::Warning) => Ok(value),
        _ => Err(SynthError { problems }),
    }
}

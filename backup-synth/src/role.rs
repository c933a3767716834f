//! IAM roles (`AWS::IAM::Role`) at CDK's level for what AWS Backup needs: trust principals,
//! managed and inline policies, a name, and the default policy grants accumulate into
//! ([`Grantee`], rendered by `grant`).
//!
//! A [`Role`] added to the stack and given to a selection ([`crate::BackupSelection::role`])
//! receives the managed policies the selection asks for, once each, as CDK's
//! `role.addManagedPolicy` does (inventory: `BackupSelection` constructor); an imported role
//! ([`crate::BackupSelection::role_arn`]) does not, as in CDK.

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use crate::cfn::iam_role::{CfnRole, Policy, Tag as RoleTag};

use crate::ids::resource_logical_id;
use crate::problem::{Problems, Violation};
use crate::rendered::Rendered;
use crate::resource::CfnResource;
use crate::restore_testing::{RestoreTestingSelection, RESTORES_POLICY};
use crate::selection::{BackupSelection, RolePolicies};
use crate::stack::StackItem;
use crate::value::{object, CfnValue, Environment};

/// The service principal of AWS Backup.
pub const BACKUP_SERVICE: &str = "backup.amazonaws.com";

/// Who may assume a role: one `sts:AssumeRole` statement each, in order (as CDK renders a
/// `CompositePrincipal`).
#[derive(Clone, Debug, PartialEq)]
pub enum Principal {
    /// An AWS service (`backup.amazonaws.com`): `Principal: { Service: … }`.
    Service(String),
    /// An account's root (`123456789012`): `Principal: { AWS: arn:<partition>:iam::<account>:root }`.
    Account(String),
    /// An IAM ARN (a role or user in another account): `Principal: { AWS: <arn> }`.
    Arn(CfnValue),
}

impl Principal {
    /// A service principal.
    pub fn service(name: impl Into<String>) -> Self {
        Principal::Service(name.into())
    }

    /// An account principal.
    pub fn account(account: impl Into<String>) -> Self {
        Principal::Account(account.into())
    }

    fn render(&self) -> Value {
        match self {
            Principal::Service(name) => json!({ "Service": name }),
            Principal::Account(account) => json!({
                "AWS": CfnValue::join([
                    CfnValue::literal("arn:"),
                    CfnValue::reference("AWS::Partition"),
                    CfnValue::literal(format!(":iam::{account}:root")),
                ]).to_json()
            }),
            Principal::Arn(arn) => json!({ "AWS": arn.to_json() }),
        }
    }
}

/// A managed policy attached to a role.
#[derive(Clone, Debug, PartialEq)]
pub enum ManagedPolicy {
    /// An AWS-managed policy by name (`service-role/AWSBackupServiceRolePolicyForBackup`),
    /// rendered as `arn:<partition>:iam::aws:policy/<name>` like CDK's
    /// `ManagedPolicy.fromAwsManagedPolicyName`.
    AwsManaged(String),
    /// A customer-managed policy by ARN.
    Arn(CfnValue),
}

impl ManagedPolicy {
    /// An AWS-managed policy by name.
    pub fn aws_managed(name: impl Into<String>) -> Self {
        ManagedPolicy::AwsManaged(name.into())
    }

    fn arn(&self) -> CfnValue {
        match self {
            ManagedPolicy::AwsManaged(name) => Environment::managed_policy_arn(name),
            ManagedPolicy::Arn(arn) => arn.clone(),
        }
    }
}

/// An IAM role in the stack (CDK's `iam.Role`), usually one AWS Backup assumes.
///
/// ```
/// use backup_dsl::{BackupPlan, BackupResource, BackupSelection, Role, Stack};
/// let role = Role::backup_service("BackupRole");
/// let selection = BackupSelection::new("Selection")
///     .resource(BackupResource::tag("stage", "prod"))
///     .role(&role);
/// let mut stack = Stack::new("Stack");
/// stack.add(BackupPlan::daily_35_day_retention("Plan").selection(selection));
/// stack.add(role);
/// let template = stack.synth().unwrap();
/// let role = &template.json()["Resources"]["BackupRoleF43CFD90"];
/// // The backup policy, and the S3 backup policy: a tag selection may cover S3 buckets.
/// assert_eq!(role["Properties"]["ManagedPolicyArns"].as_array().unwrap().len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    id: String,
    principals: Vec<Principal>,
    name: Option<CfnValue>,
    description: Option<String>,
    managed_policies: Vec<ManagedPolicy>,
    inline_policies: Vec<(String, Vec<Value>)>,
}

impl Role {
    /// A role with construct id `id` that `principal` may assume.
    pub fn new(id: impl Into<String>, principal: Principal) -> Self {
        Self {
            id: id.into(),
            principals: vec![principal],
            name: None,
            description: None,
            managed_policies: Vec::new(),
            inline_policies: Vec::new(),
        }
    }

    /// A role AWS Backup (`backup.amazonaws.com`) may assume, with no policy of its own: a
    /// selection using it attaches the managed policies it needs.
    pub fn backup_service(id: impl Into<String>) -> Self {
        Self::new(id, Principal::service(BACKUP_SERVICE))
    }

    /// The construct id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Adds a principal that may assume the role (CDK's `CompositePrincipal`).
    pub fn assumed_by(mut self, principal: Principal) -> Self {
        self.principals.push(principal);
        self
    }

    /// Sets `RoleName` (default: generated by CloudFormation).
    pub fn name(mut self, name: impl Into<CfnValue>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets `Description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Attaches a managed policy (`ManagedPolicyArns`, in order, each once).
    pub fn managed_policy(mut self, policy: ManagedPolicy) -> Self {
        if !self.managed_policies.contains(&policy) {
            self.managed_policies.push(policy);
        }
        self
    }

    /// Adds an inline policy (`Policies`) named `name` with these statements (IAM JSON, each
    /// with `Action`, `Effect` and `Resource`).
    pub fn inline_policy(
        mut self,
        name: impl Into<String>,
        statements: impl IntoIterator<Item = Value>,
    ) -> Self {
        self.inline_policies
            .push((name.into(), statements.into_iter().collect()));
        self
    }

    /// The role's logical id (`<id>/Resource`, as CDK derives it).
    pub fn logical_id(&self) -> String {
        resource_logical_id(&self.id)
    }

    /// The role's ARN (`Fn::GetAtt [<role>, Arn]`), for a role property such as a restore
    /// testing selection's [`crate::RestoreTestingSelection::role_arn`].
    pub fn arn(&self) -> CfnValue {
        CfnValue::get_att_of(&self.logical_id(), "Arn")
    }

    /// Renders the role with `attached` managed policies added after its own (each once), and
    /// the stack's tags.
    pub(crate) fn render(&self, attached: &[ManagedPolicy], tags: &Map<String, Value>) -> Rendered {
        let mut policies: Vec<&ManagedPolicy> = Vec::new();
        for policy in self.managed_policies.iter().chain(attached) {
            if !policies.contains(&policy) {
                policies.push(policy);
            }
        }
        let statements: Vec<Value> = self
            .principals
            .iter()
            .map(|p| {
                object([
                    ("Action", "sts:AssumeRole".into()),
                    ("Effect", "Allow".into()),
                    ("Principal", p.render()),
                ])
            })
            .collect();
        let inline = self
            .inline_policies
            .iter()
            .map(|(name, statements)| Policy {
                policy_document: Some(policy_document(statements.clone()).into()),
                policy_name: Some(CfnValue::literal(name.as_str())),
            });
        let properties = CfnRole {
            assume_role_policy_document: Some(policy_document(statements).into()),
            description: self.description.as_deref().map(CfnValue::literal),
            managed_policy_arns: Some(policies.iter().map(|p| p.arn()).collect::<Vec<_>>())
                .filter(|p| !p.is_empty()),
            policies: Some(inline.collect::<Vec<_>>()).filter(|p| !p.is_empty()),
            role_name: self.name.clone(),
            tags: role_tags(tags),
            ..CfnRole::default()
        };
        Rendered::new(CfnRole::TYPE_NAME, properties)
    }
}

/// An IAM policy document with these statements.
pub(crate) fn policy_document(statements: Vec<Value>) -> Value {
    object([
        ("Statement", Value::Array(statements)),
        ("Version", "2012-10-17".into()),
    ])
}

/// The stack's tags as a role's `Tags` (left out when there are none).
pub(crate) fn role_tags(tags: &Map<String, Value>) -> Option<Vec<RoleTag>> {
    let tags: Vec<RoleTag> = tags
        .iter()
        .map(|(k, v)| RoleTag {
            key: Some(CfnValue::literal(k.as_str())),
            value: Some(CfnValue::raw(v.clone())),
        })
        .collect();
    (!tags.is_empty()).then_some(tags)
}

/// A role in the stack that grants can land on: its construct path (where CDK puts the
/// `DefaultPolicy`) and its logical id. Made from a [`Role`], a raw [`CfnResource`] role, or a
/// selection's generated role ([`crate::BackupPlan::grant_principal`],
/// [`crate::BackupSelection::grant_principal`]) — CDK's `grantPrincipal`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grantee {
    path: String,
    logical_id: String,
}

impl Grantee {
    /// The role of the L2-style construct at `path` (`<path>/Resource`).
    pub(crate) fn at(path: String) -> Self {
        let logical_id = resource_logical_id(&path);
        Self { path, logical_id }
    }

    /// The role's construct path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The role's logical id.
    pub fn logical_id(&self) -> &str {
        &self.logical_id
    }
}

/// A role given to a construct, as CDK's `IRole`: a [`Role`] of the stack (which receives the
/// managed policies the construct needs, as CDK's `role.addManagedPolicy`), or an existing
/// role by ARN (CDK's `Role.fromRoleArn`: its policies are managed where it was made).
///
/// ```
/// use backup_dsl::{Role, RoleRef};
/// let role = Role::backup_service("Restores");
/// assert_eq!(RoleRef::from(&role).in_stack(), Some("Restores"));
/// assert_eq!(RoleRef::from("arn:aws:iam::123456789012:role/r").in_stack(), None);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum RoleRef {
    /// A [`Role`] of the stack, by construct id, with its ARN (`Fn::GetAtt`).
    InStack {
        /// The role's construct id.
        id: String,
        /// The role's ARN.
        arn: CfnValue,
    },
    /// An existing role's ARN.
    Arn(CfnValue),
}

impl RoleRef {
    /// The construct id of the stack [`Role`], if this is one.
    pub fn in_stack(&self) -> Option<&str> {
        match self {
            RoleRef::InStack { id, .. } => Some(id),
            RoleRef::Arn(_) => None,
        }
    }

    /// The role's ARN as rendered.
    pub fn arn(&self) -> &CfnValue {
        match self {
            RoleRef::InStack { arn, .. } | RoleRef::Arn(arn) => arn,
        }
    }
}

impl From<&Role> for RoleRef {
    fn from(role: &Role) -> Self {
        RoleRef::InStack {
            id: role.id().to_string(),
            arn: role.arn(),
        }
    }
}

impl From<CfnValue> for RoleRef {
    fn from(arn: CfnValue) -> Self {
        RoleRef::Arn(arn)
    }
}

impl From<&str> for RoleRef {
    fn from(arn: &str) -> Self {
        RoleRef::Arn(arn.into())
    }
}

impl From<String> for RoleRef {
    fn from(arn: String) -> Self {
        RoleRef::Arn(arn.into())
    }
}

impl From<&String> for RoleRef {
    fn from(arn: &String) -> Self {
        RoleRef::Arn(arn.into())
    }
}

impl From<&Role> for Grantee {
    fn from(role: &Role) -> Self {
        Grantee::at(role.id.clone())
    }
}

impl From<&CfnResource> for Grantee {
    fn from(role: &CfnResource) -> Self {
        Self {
            path: role.path().to_string(),
            logical_id: role.logical_id().to_string(),
        }
    }
}

// --- the stack side: which selections use a role, where grants may land --------------------

/// Every selection of the stack (in plans and on their own) with its construct scope.
fn selections(items: &[StackItem]) -> impl Iterator<Item = (&str, &BackupSelection)> {
    items.iter().flat_map(|item| {
        let (scope, list): (&str, &[BackupSelection]) = match item {
            StackItem::Plan(plan) => (plan.id(), plan.selections()),
            StackItem::Selection(selection) => ("", std::slice::from_ref(selection)),
            _ => ("", &[]),
        };
        list.iter().map(move |s| (scope, s))
    })
}

/// Every restore testing selection of the stack (in plans and on their own) with the field
/// path of its `role`.
fn restore_selections(
    items: &[StackItem],
) -> impl Iterator<Item = (String, &RestoreTestingSelection)> {
    items.iter().flat_map(|item| {
        let (scope, list): (String, &[RestoreTestingSelection]) = match item {
            StackItem::RestoreTestingPlan(plan) => (
                format!("restore_testing_plans[{}].", plan.id()),
                plan.selections(),
            ),
            StackItem::RestoreTestingSelection(selection) => (
                "restore_testing_".to_string(),
                std::slice::from_ref(selection),
            ),
            _ => (String::new(), &[]),
        };
        list.iter()
            .map(move |s| (format!("{scope}selections[{}].role", s.id()), s))
    })
}

/// The managed policies the selections using the [`Role`] `role_id` attach to it, in order:
/// backup selections' (as CDK's `BackupSelection`), then the restores policy when a restore
/// testing selection uses it (the policy of the role it replaces).
pub(crate) fn attached_policies(
    items: &[StackItem],
    role_id: &str,
    choice: RolePolicies,
) -> Vec<ManagedPolicy> {
    let restores = restore_selections(items)
        .any(|(_, s)| s.in_stack_role() == Some(role_id))
        .then_some(RESTORES_POLICY);
    selections(items)
        .filter(|(_, s)| s.in_stack_role() == Some(role_id))
        .flat_map(|(_, s)| s.managed_policy_names(choice))
        .chain(restores)
        .map(ManagedPolicy::aws_managed)
        .collect()
}

/// The logical ids of the roles in the stack grants can land on: [`Role`]s, raw
/// `AWS::IAM::Role` resources, and the generated roles of selections and restore testing
/// selections.
pub(crate) fn grantable_roles(items: &[StackItem]) -> HashSet<String> {
    let mut roles: HashSet<String> = items
        .iter()
        .filter_map(|item| match item {
            StackItem::Role(role) => Some(role.logical_id()),
            StackItem::Resource(r) if r.resource_type() == CfnRole::TYPE_NAME => {
                Some(r.logical_id().to_string())
            }
            _ => None,
        })
        .collect();
    roles.extend(
        selections(items)
            .filter_map(|(scope, s)| s.grant_principal_in(scope))
            .map(|g| g.logical_id),
    );
    roles
}

/// A selection's [`Role`] is added to the stack.
pub(crate) fn validate_selection_roles(items: &[StackItem], problems: &mut Problems) {
    let roles: HashSet<&str> = items
        .iter()
        .filter_map(|item| match item {
            StackItem::Role(role) => Some(role.id()),
            _ => None,
        })
        .collect();
    // A selection's path is written only when its role is missing.
    for (scope, selection) in selections(items) {
        let Some(id) = selection.in_stack_role() else {
            continue;
        };
        if roles.contains(id) {
            continue;
        }
        let path = if scope.is_empty() {
            format!("selections[{}].role", selection.id())
        } else {
            format!("plans[{scope}].selections[{}].role", selection.id())
        };
        problems.push(path, role_not_in_stack(id));
    }
    for (path, selection) in restore_selections(items) {
        match selection.in_stack_role() {
            Some(id) if !roles.contains(id) => problems.push(path, role_not_in_stack(id)),
            _ => {}
        }
    }
}

fn role_not_in_stack(id: &str) -> Violation {
    Violation::error(
        "role-not-in-stack",
        format!("role `{id}` is referenced but not added to the stack"),
        "add the role to the stack with `stack.add(role)`, or use an existing role with `.role_arn(..)`",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_are_attached_once_after_the_roles_own() {
        let role = Role::backup_service("Role")
            .managed_policy(ManagedPolicy::aws_managed("A"))
            .managed_policy(ManagedPolicy::aws_managed("A"));
        let rendered = role
            .render(
                &[
                    ManagedPolicy::aws_managed("B"),
                    ManagedPolicy::aws_managed("A"),
                ],
                &Map::new(),
            )
            .to_json();
        let arns = rendered["Properties"]["ManagedPolicyArns"]
            .as_array()
            .cloned();
        assert_eq!(arns.map(|a| a.len()), Some(2));
        assert!(rendered["Properties"].get("Tags").is_none());
    }

    #[test]
    fn each_principal_is_its_own_statement() {
        let role = Role::backup_service("Role").assumed_by(Principal::account("123456789012"));
        let rendered = role.render(&[], &Map::new()).to_json();
        let statements = &rendered["Properties"]["AssumeRolePolicyDocument"]["Statement"];
        assert_eq!(statements[0]["Principal"]["Service"], BACKUP_SERVICE);
        assert!(statements[1]["Principal"]["AWS"]["Fn::Join"].is_array());
    }
}

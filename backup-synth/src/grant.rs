//! Vault grants: an IAM identity policy that lets a role act on a vault (CDK's
//! `vault.grant(grantee, ...actions)`), rendered as the role's `DefaultPolicy`.

use serde_json::{json, Value};

use crate::ids::logical_id;
use crate::problem::Problems;
use crate::rendered::Rendered;
#[cfg(doc)]
use crate::resource::CfnResource;
use crate::role::{policy_document, Grantee};
use crate::rules;
use crate::value::{object, Environment};
use crate::vault::VaultRef;

/// Actions on a vault granted to a role declared in the stack.
///
/// ```
/// use backup_dsl::{CfnResource, Grant, VaultRef};
/// let role = CfnResource::l2("Role", "AWS::IAM::Role");
/// let grant = Grant::new(VaultRef::from_name("dr"), &role, ["backup:StartBackupJob"]);
/// assert_eq!(grant.actions(), ["backup:StartBackupJob"]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Grant {
    vault: VaultRef,
    role_path: String,
    role_logical_id: String,
    actions: Vec<String>,
}

impl Grant {
    /// Grants `actions` on `vault` to `role`: a [`crate::Role`], a selection's role
    /// ([`crate::BackupPlan::grant_principal`]) or a raw `AWS::IAM::Role` ([`CfnResource::l2`]).
    pub fn new(
        vault: impl Into<VaultRef>,
        role: impl Into<Grantee>,
        actions: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        let role = role.into();
        Self {
            vault: vault.into(),
            role_path: role.path().to_string(),
            role_logical_id: role.logical_id().to_string(),
            actions: actions.into_iter().map(Into::into).collect(),
        }
    }

    /// The granted actions, in order.
    pub fn actions(&self) -> &[String] {
        &self.actions
    }

    /// The vault the actions apply to.
    pub fn vault(&self) -> &VaultRef {
        &self.vault
    }

    /// The logical id of the role receiving the grant.
    pub fn role_logical_id(&self) -> &str {
        &self.role_logical_id
    }

    /// Checks the grant alone; paths are `path.<key>`.
    pub(crate) fn validate(&self, path: &str, problems: &mut Problems) {
        problems.check(
            || format!("{path}.actions"),
            rules::check_grant_actions(&self.actions),
        );
        problems.check(|| format!("{path}.vault"), self.vault.validate());
    }

    /// The logical id of the role's default policy, where CDK puts granted statements.
    pub(crate) fn policy_logical_id(&self) -> String {
        logical_id(&format!("{}/DefaultPolicy/Resource", self.role_path))
    }

    /// The policy statement: one action renders as a string, several as a list (as in CDK).
    pub(crate) fn statement(&self, env: &Environment) -> Value {
        let action = match self.actions.as_slice() {
            [one] => Value::String(one.clone()),
            many => many.iter().map(|a| Value::String(a.clone())).collect(),
        };
        object([
            ("Action", action),
            ("Effect", "Allow".into()),
            ("Resource", self.vault.arn_value(env)),
        ])
    }
}

/// Renders one `AWS::IAM::Policy` per role, statements in grant order:
/// `(logical id, the role's logical id, resource)`.
pub(crate) fn render_policies(
    grants: &[Grant],
    env: &Environment,
) -> Vec<(String, String, Rendered)> {
    let mut policies: Vec<(String, &str, Vec<Value>)> = Vec::new();
    for grant in grants {
        let id = grant.policy_logical_id();
        match policies.iter_mut().find(|(existing, ..)| *existing == id) {
            Some((_, _, statements)) => statements.push(grant.statement(env)),
            None => policies.push((id, &grant.role_logical_id, vec![grant.statement(env)])),
        }
    }
    policies
        .into_iter()
        .map(|(id, role, statements)| {
            let document = policy_document(statements);
            let properties = object([
                ("PolicyDocument", document),
                ("PolicyName", id.as_str().into()),
                ("Roles", json!([{ "Ref": role }])),
            ]);
            (
                id,
                role.to_string(),
                Rendered::new("AWS::IAM::Policy", properties),
            )
        })
        .collect()
}

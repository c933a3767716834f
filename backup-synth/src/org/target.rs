//! Targets of an organization unit: the root, an OU, or an account (through its OU for the
//! StackSet).

use crate::problem::Violation;
use crate::rules::{self, TargetKind};

/// A target of the backup policy and the StackSet: the root (`r-…`), an OU (`ou-…-…`) or an
/// account (12 digits). A service-managed StackSet reaches an account only through an OU, so
/// an account target names its OU with [`OrgTarget::account_in`].
///
/// ```
/// use backup_dsl::OrgTarget;
/// let ou = OrgTarget::from("ou-ab12-cdef3456");
/// assert_eq!(ou.id(), "ou-ab12-cdef3456");
/// let account = OrgTarget::account_in("111122223333", "ou-ab12-cdef3456");
/// assert_eq!(account.parent_ou(), Some("ou-ab12-cdef3456"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgTarget {
    id: String,
    parent_ou: Option<String>,
}

impl OrgTarget {
    /// A root, OU or account id.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            parent_ou: None,
        }
    }

    /// The account `account` in the OU `ou`: the policy attaches to the account, the StackSet
    /// deploys to it through the OU (`AccountFilterType: INTERSECTION`).
    pub fn account_in(account: impl Into<String>, ou: impl Into<String>) -> Self {
        Self {
            id: account.into(),
            parent_ou: Some(ou.into()),
        }
    }

    /// The id the policy attaches to.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The OU an account target is reached through, if given.
    pub fn parent_ou(&self) -> Option<&str> {
        self.parent_ou.as_deref()
    }

    /// The kind of target, when the id has one of the three forms.
    pub fn kind(&self) -> Option<TargetKind> {
        rules::target_kind(&self.id)
    }

    /// The id's form, and the parent OU's (an OU or the root).
    pub(crate) fn validate(&self) -> Result<(), Violation> {
        rules::check_org_target(&self.id)?;
        match &self.parent_ou {
            Some(ou) => rules::check_org_parent_ou(ou),
            None => Ok(()),
        }
    }

    /// Whether the StackSet deploys to this target: the root and OUs directly, an account
    /// through its OU.
    pub(crate) fn reached_by_stack_set(&self) -> bool {
        match self.kind() {
            Some(TargetKind::Account) => self.parent_ou.is_some(),
            _ => true,
        }
    }
}

impl From<&str> for OrgTarget {
    fn from(id: &str) -> Self {
        Self::new(id)
    }
}

impl From<String> for OrgTarget {
    fn from(id: String) -> Self {
        Self::new(id)
    }
}

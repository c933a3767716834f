//! The rules of an organization unit: the targets (root, OUs, accounts), the service-managed
//! StackSet that creates the member accounts' vaults and role (`stackset-*`), and the
//! consistency between the StackSet's member template and the backup policy (`org-*`), the
//! part no peer checks.
//!
//! Sources: `reference/aws-backup-next.md` §2.2–2.5: the `AWS::Organizations::Policy` registry
//! schema (`TargetIds` pattern), the `AWS::CloudFormation::StackSet` registry schema
//! (`StackSetName`, `OrganizationalUnitIds`, `Regions` ≥ 1, `TemplateBody` ≤ 51,200
//! characters, `Capabilities`), the CloudFormation user guide "Create a StackSet with
//! service-managed permissions" (`stacksets-orgs-associate-stackset-with-org`: a
//! service-managed StackSet never deploys to the management account and cannot deploy nested
//! stacks) and the Organizations backup-policy syntax page (`[ORG]`: vaults and roles must
//! already exist in every member account and Region; the policy creates neither).

use crate::problem::Violation;

/// Longest `TemplateBody` a StackSet takes inline, in characters (StackSet schema §2.3).
pub const STACK_SET_TEMPLATE_BODY_MAX: usize = 51_200;
/// Longest StackSet name (StackSet schema `StackSetName` `^[a-zA-Z][a-zA-Z0-9\-]{0,127}$`).
pub const STACK_SET_NAME_MAX: usize = 128;

/// What an organization target id is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// The organization's root, `r-…`.
    Root,
    /// An organizational unit, `ou-…-…`.
    OrganizationalUnit,
    /// A member account, 12 digits.
    Account,
}

fn lower_alnum(text: &str, lengths: std::ops::RangeInclusive<usize>) -> bool {
    lengths.contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The kind of a target id, or `None` when it has none of the three forms.
///
/// ```
/// use backup_dsl::rules::{target_kind, TargetKind};
/// assert_eq!(target_kind("r-ab12"), Some(TargetKind::Root));
/// assert_eq!(target_kind("ou-ab12-abcd1234"), Some(TargetKind::OrganizationalUnit));
/// assert_eq!(target_kind("123456789012"), Some(TargetKind::Account));
/// assert_eq!(target_kind("ou-ab12"), None);
/// ```
pub fn target_kind(id: &str) -> Option<TargetKind> {
    if let Some(rest) = id.strip_prefix("r-") {
        return lower_alnum(rest, 4..=32).then_some(TargetKind::Root);
    }
    if let Some(rest) = id.strip_prefix("ou-") {
        let (root, ou) = rest.split_once('-')?;
        return (lower_alnum(root, 4..=32) && lower_alnum(ou, 8..=32))
            .then_some(TargetKind::OrganizationalUnit);
    }
    super::is_account_id(id).then_some(TargetKind::Account)
}

/// A target of the backup policy and the StackSet: the root (`r-` and 4–32 lower-case
/// letters or digits), an OU (`ou-<4–32>-<8–32>`) or an account (12 digits)
/// (`AWS::Organizations::Policy` `TargetIds` pattern
/// `^(r-[0-9a-z]{4,32})|(\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$`, §2.2).
///
/// ```
/// use backup_dsl::rules::check_org_target;
/// assert!(check_org_target("ou-ab12-abcd1234").is_ok());
/// assert_eq!(check_org_target("ou-AB12-abcd1234").unwrap_err().rule, "orgpolicy-target-id");
/// ```
pub fn check_org_target(id: &str) -> Result<TargetKind, Violation> {
    target_kind(id).ok_or_else(|| {
        Violation::error(
            "orgpolicy-target-id",
            format!("target `{id}` is not a root, OU or account id; AWS Organizations takes `r-` and 4 to 32 lower-case letters or digits (the root), `ou-<4 to 32>-<8 to 32>` of the same (an OU) or a 12-digit account id"),
            "copy the id from the AWS Organizations console or `aws organizations list-roots` / `list-organizational-units-for-parent`, for example `ou-ab12-cdef3456`",
        )
    })
}

/// The OU of an account target (`account_in`): an OU or the root, the
/// `OrganizationalUnitIds` of the StackSet's deployment targets
/// (`^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$`, §2.3).
///
/// ```
/// use backup_dsl::rules::check_org_parent_ou;
/// assert!(check_org_parent_ou("ou-ab12-cdef3456").is_ok());
/// assert_eq!(check_org_parent_ou("111122223333").unwrap_err().rule, "orgpolicy-target-id");
/// ```
pub fn check_org_parent_ou(ou: &str) -> Result<(), Violation> {
    match check_org_target(ou)? {
        TargetKind::Account => Err(Violation::error(
            "orgpolicy-target-id",
            format!("`{ou}` is an account id, not an OU; the StackSet reaches an account through the OU (or root) that holds it"),
            "name the account's OU, for example `ou-ab12-cdef3456` (`aws organizations list-parents --child-id <account>`)",
        )),
        _ => Ok(()),
    }
}

/// A target named twice: `TargetIds` and `OrganizationalUnitIds` take each id once (unique
/// items in both schemas, §2.2, §2.3).
///
/// ```
/// assert!(backup_dsl::rules::check_org_target_unique("r-ab12", true).is_err());
/// ```
pub fn check_org_target_unique(id: &str, seen_before: bool) -> Result<(), Violation> {
    if !seen_before {
        return Ok(());
    }
    Err(Violation::error(
        "orgpolicy-target-id",
        format!("target `{id}` is listed twice; a policy attaches to each target once"),
        "remove the second occurrence",
    ))
}

/// An organization unit names at least one target: the policy and the StackSet attach to
/// nothing otherwise (`TargetIds`, `DeploymentTargets`, §2.2, §2.3).
///
/// ```
/// assert_eq!(backup_dsl::rules::org_targets_missing().rule, "orgpolicy-target-id");
/// ```
pub fn org_targets_missing() -> Violation {
    Violation::error(
        "orgpolicy-target-id",
        "the organization names no target; the backup policy and the StackSet would apply to no account",
        "list the root, OUs or accounts, for example `targets: [\"ou-ab12-cdef3456\"]`",
    )
}

/// `StackSetName`: a letter, then up to 127 letters, digits and `-` (StackSet schema, §2.3).
///
/// ```
/// use backup_dsl::rules::check_stack_set_name;
/// assert!(check_stack_set_name("OrgBackup-Members").is_ok());
/// assert_eq!(check_stack_set_name("org_backup").unwrap_err().rule, "stackset-name");
/// ```
pub fn check_stack_set_name(name: &str) -> Result<(), Violation> {
    let found = if name.is_empty() {
        "is empty".to_string()
    } else if name.len() > STACK_SET_NAME_MAX {
        format!("has {} characters", name.chars().count())
    } else if let Some(first) = name.chars().next().filter(|c| !c.is_ascii_alphabetic()) {
        format!("starts with `{}`", first.escape_default())
    } else if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        format!("contains `{}`", c.escape_default())
    } else {
        return Ok(());
    };
    Err(Violation::error(
        "stackset-name",
        format!("StackSet name `{name}` {found}; CloudFormation allows 1 to {STACK_SET_NAME_MAX} letters, digits and `-`, starting with a letter"),
        "rename it to match `^[a-zA-Z][a-zA-Z0-9-]{0,127}$`, for example `OrgBackupMembers`",
    ))
}

/// `StackInstancesGroup[].Regions`: at least one Region (StackSet schema `minItems: 1`, §2.3;
/// the backup policy's `regions` is required, §2.1).
///
/// ```
/// use backup_dsl::rules::check_stack_set_regions;
/// assert!(check_stack_set_regions(1).is_ok());
/// assert_eq!(check_stack_set_regions(0).unwrap_err().rule, "stackset-regions");
/// ```
pub fn check_stack_set_regions(count: usize) -> Result<(), Violation> {
    if count > 0 {
        return Ok(());
    }
    Err(Violation::error(
        "stackset-regions",
        "the organization names no Region; the StackSet deploys the member template to each Region listed, and the backup policy's `regions` is required",
        "list the Regions the plans run in, for example `regions: [\"eu-west-1\", \"eu-central-1\"]`",
    ))
}

/// A Region of the StackSet: a Region code, lower-case letters, digits and `-` (StackSet
/// schema `Regions` items `^[a-z0-9-]{1,128}$`).
///
/// ```
/// use backup_dsl::rules::check_stack_set_region;
/// assert!(check_stack_set_region("eu-west-1").is_ok());
/// assert_eq!(check_stack_set_region("EU West").unwrap_err().rule, "stackset-regions");
/// ```
pub fn check_stack_set_region(region: &str) -> Result<(), Violation> {
    if super::is_region_code(region) {
        return Ok(());
    }
    Err(Violation::error(
        "stackset-regions",
        format!(
            "`{region}` is not a Region code; a Region code is lower-case letters, digits and `-`"
        ),
        "write the Region code, for example `eu-west-1`",
    ))
}

/// A Region listed twice: each Region once (a StackSet instance per account and Region).
///
/// ```
/// assert!(backup_dsl::rules::check_stack_set_region_unique("eu-west-1", true).is_err());
/// ```
pub fn check_stack_set_region_unique(region: &str, seen_before: bool) -> Result<(), Violation> {
    if !seen_before {
        return Ok(());
    }
    Err(Violation::error(
        "stackset-regions",
        format!(
            "Region `{region}` is listed twice; the StackSet deploys once per account and Region"
        ),
        "remove the second occurrence",
    ))
}

/// `TemplateBody`: at most 51,200 characters (StackSet schema, §2.3). The tool uploads no
/// assets, so a larger member template cannot be deployed by this StackSet.
///
/// ```
/// use backup_dsl::rules::check_stack_set_template_size;
/// assert!(check_stack_set_template_size(51_200).is_ok());
/// assert_eq!(check_stack_set_template_size(51_201).unwrap_err().rule, "stackset-template-size");
/// ```
pub fn check_stack_set_template_size(characters: usize) -> Result<(), Violation> {
    if characters <= STACK_SET_TEMPLATE_BODY_MAX {
        return Ok(());
    }
    Err(Violation::error(
        "stackset-template-size",
        format!("the member template is {characters} characters; a StackSet's `TemplateBody` holds at most {STACK_SET_TEMPLATE_BODY_MAX}"),
        "move vaults into fewer, shared ones (each vault is a resource of the member template), or upload the template to S3 and deploy a StackSet with `TemplateURL` yourself",
    ))
}

/// What IAM resources a StackSet's template declares, for [`check_stack_set_capabilities`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IamUse {
    /// Some `AWS::IAM::*` resource.
    pub resources: bool,
    /// Some IAM resource with a fixed name (`RoleName`, `UserName`, `GroupName`,
    /// `ManagedPolicyName`, `InstanceProfileName`).
    pub named: bool,
}

/// `Capabilities`: a template with IAM resources needs `CAPABILITY_IAM` (or
/// `CAPABILITY_NAMED_IAM`), with named ones `CAPABILITY_NAMED_IAM` (StackSet schema
/// `Capabilities`, §2.3, §2.5; CloudFormation refuses the operation with
/// `InsufficientCapabilities` otherwise).
///
/// ```
/// use backup_dsl::rules::{check_stack_set_capabilities, IamUse};
/// let named = IamUse { resources: true, named: true };
/// assert!(check_stack_set_capabilities(named, &["CAPABILITY_NAMED_IAM"]).is_ok());
/// assert_eq!(check_stack_set_capabilities(named, &["CAPABILITY_IAM"]).unwrap_err().rule, "stackset-capabilities");
/// let unnamed = IamUse { resources: true, named: false };
/// assert!(check_stack_set_capabilities(unnamed, &["CAPABILITY_IAM"]).is_ok());
/// assert!(check_stack_set_capabilities::<&str>(unnamed, &[]).is_err());
/// ```
pub fn check_stack_set_capabilities<S: AsRef<str>>(
    iam: IamUse,
    capabilities: &[S],
) -> Result<(), Violation> {
    let has = |c: &str| capabilities.iter().any(|x| x.as_ref() == c);
    let (needed, what) = if iam.named {
        ("CAPABILITY_NAMED_IAM", "an IAM resource with a fixed name")
    } else if iam.resources {
        ("CAPABILITY_IAM", "IAM resources")
    } else {
        return Ok(());
    };
    if has("CAPABILITY_NAMED_IAM") || (needed == "CAPABILITY_IAM" && has("CAPABILITY_IAM")) {
        return Ok(());
    }
    Err(Violation::error(
        "stackset-capabilities",
        format!("the StackSet's template creates {what}, but its `Capabilities` lacks `{needed}`; CloudFormation refuses the stack instances with `InsufficientCapabilities`"),
        format!("add `{needed}` to `Capabilities`"),
    ))
}

/// The permission model: `SERVICE_MANAGED` needs `AutoDeployment` and deploys to OUs or the
/// root (`OrganizationalUnitIds`) with no administration or execution role; `SELF_MANAGED`
/// deploys to `Accounts`/`AccountsUrl` and takes no `AutoDeployment` (StackSet schema, §2.3,
/// §2.5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PermissionModelFacts<'a> {
    /// `PermissionModel`.
    pub model: &'a str,
    /// `AutoDeployment` is set.
    pub auto_deployment: bool,
    /// Some `DeploymentTargets` names `OrganizationalUnitIds`.
    pub organizational_units: bool,
    /// Some `DeploymentTargets` names `Accounts` or `AccountsUrl` without OUs.
    pub accounts_only: bool,
    /// `AdministrationRoleARN` or `ExecutionRoleName` is set.
    pub self_managed_roles: bool,
}

/// See [`PermissionModelFacts`]. A service-managed StackSet without `AutoDeployment` is a
/// warning: the API documents it as optional (`API_AutoDeployment`, "Required: No"), but then
/// accounts that join the OUs later get the backup policy without the member template.
///
/// ```
/// use backup_dsl::rules::{check_stack_set_permission_model, PermissionModelFacts};
/// use backup_dsl::Severity;
/// let ok = PermissionModelFacts { model: "SERVICE_MANAGED", auto_deployment: true, organizational_units: true, ..Default::default() };
/// assert!(check_stack_set_permission_model(ok).is_ok());
/// let manual = PermissionModelFacts { auto_deployment: false, ..ok };
/// assert_eq!(check_stack_set_permission_model(manual).unwrap_err().severity, Severity::Warning);
/// let self_managed = PermissionModelFacts { model: "SELF_MANAGED", ..ok };
/// assert_eq!(check_stack_set_permission_model(self_managed).unwrap_err().rule, "stackset-permission-model");
/// ```
pub fn check_stack_set_permission_model(facts: PermissionModelFacts<'_>) -> Result<(), Violation> {
    let help = "for organization-wide backups use `PermissionModel: SERVICE_MANAGED` with `AutoDeployment: { Enabled: true }` and OU or root ids in `OrganizationalUnitIds`";
    let problem = match facts.model {
        "SERVICE_MANAGED" if facts.self_managed_roles => {
            "a `SERVICE_MANAGED` StackSet takes no `AdministrationRoleARN` nor `ExecutionRoleName`; Organizations provides the roles"
        }
        "SERVICE_MANAGED" if facts.accounts_only => {
            "a `SERVICE_MANAGED` StackSet deploys to OUs or the root (`OrganizationalUnitIds`), accounts only through their OU"
        }
        "SERVICE_MANAGED" if !facts.auto_deployment => {
            return Err(Violation::warning(
                "stackset-permission-model",
                "this `SERVICE_MANAGED` StackSet has no `AutoDeployment`: accounts that join its OUs later get no stack instance (no vault, no role), though a backup policy on the OU applies to them",
                help,
            ));
        }
        "SELF_MANAGED" if facts.auto_deployment => {
            "a `SELF_MANAGED` StackSet takes no `AutoDeployment` (service-managed permissions only)"
        }
        "SELF_MANAGED" if facts.organizational_units => {
            "a `SELF_MANAGED` StackSet deploys to `Accounts` or `AccountsUrl`, not to OUs (service-managed permissions only)"
        }
        _ => return Ok(()),
    };
    Err(Violation::error(
        "stackset-permission-model",
        format!("{problem}; CloudFormation refuses the StackSet"),
        help,
    ))
}

/// `stackset-nested`: a StackSet's template may not declare a nested stack or StackSet
/// (`AWS::CloudFormation::Stack`, `AWS::CloudFormation::StackSet`; §2.3; the StackSet
/// resource provider's `Validator`: "Nested … is not allowed").
///
/// ```
/// use backup_dsl::rules::check_stack_set_nested;
/// assert!(check_stack_set_nested(&["AWS::Backup::BackupVault"]).is_ok());
/// assert_eq!(check_stack_set_nested(&["AWS::CloudFormation::Stack"]).unwrap_err().rule, "stackset-nested");
/// assert!(check_stack_set_nested(&["AWS::CloudFormation::StackSet"]).is_err());
/// ```
pub fn check_stack_set_nested<S: AsRef<str>>(resource_types: &[S]) -> Result<(), Violation> {
    let nested = resource_types
        .iter()
        .map(AsRef::as_ref)
        .find(|t| *t == "AWS::CloudFormation::Stack" || *t == "AWS::CloudFormation::StackSet");
    let Some(nested) = nested else {
        return Ok(());
    };
    Err(Violation::error(
        "stackset-nested",
        format!("the StackSet's template declares a nested `{nested}`; CloudFormation refuses nested stacks and StackSets in a StackSet"),
        "declare the nested template's resources in the StackSet's template itself",
    ))
}

/// `org-vault-exists`: a vault the policy's rules write or copy to in the member accounts
/// (`target_backup_vault_name`, a same-account copy destination, an air-gapped vault) must be
/// created by the member template: the policy creates no vault, and a rule whose vault is
/// missing fails in every account (\[ORG\]: "the vault must already exist").
///
/// ```
/// use backup_dsl::rules::check_org_vault_exists;
/// assert!(check_org_vault_exists("Daily", "primary", &["primary"]).is_ok());
/// assert_eq!(check_org_vault_exists("Daily", "prod", &["primary"]).unwrap_err().rule, "org-vault-exists");
/// ```
pub fn check_org_vault_exists<S: AsRef<str>>(
    rule: &str,
    vault: &str,
    member_vaults: &[S],
) -> Result<(), Violation> {
    if member_vaults.iter().any(|v| v.as_ref() == vault) {
        return Ok(());
    }
    let created = if member_vaults.is_empty() {
        "creates no vault".to_string()
    } else {
        let names: Vec<String> = member_vaults
            .iter()
            .map(|v| format!("`{}`", v.as_ref()))
            .collect();
        format!("creates {}", names.join(", "))
    };
    Err(Violation::error(
        "org-vault-exists",
        format!("rule `{rule}` writes to vault `{vault}`, but the member template {created}; a backup policy creates no vault, so the rule fails in every member account"),
        "add the vault to the organization (`OrgBackup::vault`) so the StackSet creates it in every account and Region, or target a vault the member template creates",
    ))
}

/// `org-vault-exists` for a plan without a vault: CDK would create one beside the plan, but a
/// backup policy's plans get no vault of their own.
///
/// ```
/// assert_eq!(backup_dsl::rules::check_org_plan_vault("Daily", false).unwrap_err().rule, "org-vault-exists");
/// ```
pub fn check_org_plan_vault(rule: &str, has_vault: bool) -> Result<(), Violation> {
    if has_vault {
        return Ok(());
    }
    Err(Violation::error(
        "org-vault-exists",
        format!("rule `{rule}` names no vault; in a stack CDK creates one beside the plan, but a backup policy creates none"),
        "give the plan (or the rule) a vault of the organization, e.g. `.vault(&vault)` with `OrgBackup::vault(vault)`",
    ))
}

/// `org-vault-exists` when a rule's vault is not known by name in the member accounts: a vault
/// of another stack or a raw resource (only the organization's vaults, a name or an ARN can be
/// named by a backup policy).
///
/// ```
/// assert_eq!(backup_dsl::rules::org_vault_unknown("Daily").rule, "org-vault-exists");
/// ```
pub fn org_vault_unknown(rule: &str) -> Violation {
    Violation::error(
        "org-vault-exists",
        format!("rule `{rule}` writes to a vault of another stack or a raw resource; a backup policy names its vaults by name, and only the organization's vaults exist in every member account"),
        "add the vault to the organization (`OrgBackup::vault`) and refer to it",
    )
}

/// `org-vault-exists`, by Region: every Region of the policy is a Region the StackSet deploys
/// the member template to (§2.5).
///
/// ```
/// use backup_dsl::rules::check_org_region_covered;
/// assert!(check_org_region_covered("eu-west-1", &["eu-west-1"]).is_ok());
/// assert!(check_org_region_covered("us-east-1", &["eu-west-1"]).is_err());
/// ```
pub fn check_org_region_covered<S: AsRef<str>>(
    region: &str,
    stack_set_regions: &[S],
) -> Result<(), Violation> {
    if stack_set_regions.iter().any(|r| r.as_ref() == region) {
        return Ok(());
    }
    Err(Violation::error(
        "org-vault-exists",
        format!("the backup policy runs in Region `{region}`, but the StackSet does not deploy the member template there; its vaults and role do not exist in `{region}`"),
        format!("add `{region}` to the StackSet's Regions, or remove it from the policy's `regions`"),
    ))
}

/// `org-vault-exists`, by target: every target of the policy is reached by the StackSet. An
/// account is reached through an OU or root the StackSet deploys to (a service-managed
/// StackSet deploys to accounts only through their OU, §2.3).
///
/// ```
/// use backup_dsl::rules::check_org_target_covered;
/// assert!(check_org_target_covered("ou-ab12-abcd1234", true).is_ok());
/// assert_eq!(check_org_target_covered("123456789012", false).unwrap_err().rule, "org-vault-exists");
/// ```
pub fn check_org_target_covered(target: &str, covered: bool) -> Result<(), Violation> {
    if covered {
        return Ok(());
    }
    let help = if target_kind(target) == Some(TargetKind::Account) {
        format!("a service-managed StackSet reaches an account only through its OU: name it with `OrgTarget::account_in(\"{target}\", \"ou-…\")`, or target its OU")
    } else {
        format!("deploy the StackSet to `{target}` too, or detach the policy from it")
    };
    Err(Violation::error(
        "org-vault-exists",
        format!("the backup policy is attached to `{target}`, but the StackSet does not deploy the member template there; its accounts get plans whose vaults and role do not exist"),
        help,
    ))
}

/// `org-role-exists`: the role the policy's selections name
/// (`arn:<partition>:iam::$account:role/<name>`) is the member template's role, whose
/// `RoleName` is therefore fixed (§2.5).
///
/// ```
/// use backup_dsl::rules::check_org_role_exists;
/// assert!(check_org_role_exists("Tagged", "arn:aws:iam::$account:role/OrgBackup", Some("OrgBackup")).is_ok());
/// assert_eq!(check_org_role_exists("Tagged", "arn:aws:iam::$account:role/Other", Some("OrgBackup")).unwrap_err().rule, "org-role-exists");
/// ```
pub fn check_org_role_exists(
    selection: &str,
    role_arn: &str,
    member_role: Option<&str>,
) -> Result<(), Violation> {
    let named = role_arn
        .split_once(":role/")
        .map(|(_, path)| path.rsplit('/').next().unwrap_or(path));
    if named.is_some() && named == member_role {
        return Ok(());
    }
    let created = member_role.map_or_else(
        || "creates no role with a fixed name".to_string(),
        |name| format!("creates role `{name}`"),
    );
    Err(Violation::error(
        "org-role-exists",
        format!("selection `{selection}` has AWS Backup assume `{role_arn}`, but the member template {created}; a backup policy creates no role, so the selection fails in every member account"),
        "leave the selection's role out: the organization's member role (`OrgBackup::role_name`) is used",
    ))
}

/// `org-management-account` (warning): a service-managed StackSet never deploys to the
/// management account, even inside a targeted OU or the root (§2.3), so a policy attached to
/// the root gives the management account plans whose vaults and role do not exist, unless a
/// management-account stack is deployed (§2.5). An OU rarely holds the management account
/// (it sits under the root unless moved), so only the root is warned about.
///
/// ```
/// use backup_dsl::{rules::check_org_management_account, Severity};
/// assert!(check_org_management_account("r-ab12", true).is_ok());
/// assert_eq!(check_org_management_account("r-ab12", false).unwrap_err().severity, Severity::Warning);
/// ```
pub fn check_org_management_account(target: &str, management_stack: bool) -> Result<(), Violation> {
    if management_stack || target_kind(target) != Some(TargetKind::Root) {
        return Ok(());
    }
    Err(Violation::warning(
        "org-management-account",
        format!("the backup policy is attached to the root `{target}`, which holds the management account: it gets the plans but not the vaults and role, because a service-managed StackSet never deploys to the management account"),
        "deploy the member template to the management account too (`OrgBackup::management_account`), or attach the policy to OUs instead of the root",
    ))
}

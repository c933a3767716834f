//! The linter for `AWS::CloudFormation::StackSet` resources: the `stackset-*` rules of the
//! rule book (name, permission model, Regions, template size, capabilities, nested stacks) on
//! each StackSet of a template, and the `org-*` consistency of its backup policies with them.
//! StackSets are read through the generated [`CfnStackSet`] (the linter's reader lists their
//! intrinsics as skipped); a `TemplateBody` is read when it is JSON (a YAML body is checked for
//! its size only), its vaults and roles through their generated types. Which resource types a
//! body holds, and whether an IAM resource names itself (`RoleName`, `UserName`, …: a key
//! present, whatever its value), is read from the body as written: most `AWS::IAM::*` types
//! have no generated type.

use serde_json::Value;

use super::{child, Finding, Linter};
use crate::cfn::backup_backup_vault::CfnBackupVault;
use crate::cfn::backup_logically_air_gapped_backup_vault::CfnLogicallyAirGappedBackupVault;
use crate::cfn::cloudformation_stack_set::{CfnStackSet, StackInstances};
use crate::cfn::iam_role::CfnRole;
use crate::cfn::{FromCfn, Reader};
use crate::problem::Violation;
use crate::rules::{self, IamUse, PermissionModelFacts};
use crate::CfnValue;

/// The resource type of a StackSet.
const STACK_SET: &str = "AWS::CloudFormation::StackSet";

/// IAM name properties that make a resource named (`CAPABILITY_NAMED_IAM`).
const IAM_NAMES: [&str; 5] = [
    "RoleName",
    "UserName",
    "GroupName",
    "ManagedPolicyName",
    "InstanceProfileName",
];

/// A StackSet of the template, its `Properties` read into the generated [`CfnStackSet`].
pub(super) struct StackSet {
    /// JSON pointer of its `Properties`.
    at: String,
    /// `None` when `Properties` is absent or not an object.
    properties: Option<CfnStackSet>,
    /// Its instance groups as written: `None` where an item could not be read.
    groups: Vec<(usize, Option<StackInstances>)>,
}

/// The literal text of an optional value.
fn literal(value: &Option<CfnValue>) -> Option<&str> {
    value.as_ref().and_then(CfnValue::as_literal)
}

/// The literals of a list as written, by position: `None` for an intrinsic or an item that
/// could not be read.
fn literals(reader: &Reader, at: &str, list: Option<Vec<CfnValue>>) -> Vec<Option<String>> {
    reader
        .slots(at, list.unwrap_or_default())
        .into_iter()
        .map(|(_, item)| item.and_then(|v| v.as_literal().map(String::from)))
        .collect()
}

impl<'t> Linter<'t> {
    /// Reads every StackSet of the template into its generated type (the reader records the
    /// intrinsics, listed as skipped, and the values of the wrong kind).
    pub(super) fn read_stack_sets(&mut self) -> Vec<StackSet> {
        let mut read = Vec::new();
        for (index, (logical, resource)) in self.resources.iter().enumerate() {
            if resource.get("Type").and_then(Value::as_str) != Some(STACK_SET) {
                continue;
            }
            let base = child("/Resources", logical);
            let mut properties = self.properties::<CfnStackSet>(resource, &base);
            self.flush_skipped(index, resource);
            let at = child(&base, "Properties");
            let groups_at = child(&at, "StackInstancesGroup");
            let groups = properties
                .as_mut()
                .and_then(|p| p.stack_instances_group.take())
                .map(|groups| self.reader.slots(&groups_at, groups))
                .unwrap_or_default();
            read.push(StackSet {
                at,
                properties,
                groups,
            });
        }
        read
    }

    /// Whether the property `key` of the object at `at` is present: read, or present but
    /// unreadable (an intrinsic where an object or a list is expected, or another kind).
    fn present<T>(&self, value: &Option<T>, at: &str, key: &str) -> bool {
        value.is_some() || self.reader.unread(&child(at, key))
    }

    /// Findings of the `stackset-*` rules on every StackSet.
    pub(super) fn lint_stack_sets(&mut self, stack_sets: &[StackSet]) {
        for stack_set in stack_sets {
            let Some(properties) = &stack_set.properties else {
                continue;
            };
            let base = &stack_set.at;
            let mut findings = Vec::new();
            let mut check = |key: &str, present: bool, result: Result<(), Violation>| {
                if let Err(violation) = result {
                    let pointer = if present {
                        child(base, key)
                    } else {
                        base.clone()
                    };
                    findings.push(Finding::new(pointer, violation));
                }
            };
            if let Some(name) = literal(&properties.stack_set_name) {
                check("StackSetName", true, rules::check_stack_set_name(name));
            }
            if let Some(model) = literal(&properties.permission_model) {
                let facts = self.permission_model_facts(model, stack_set);
                check(
                    "PermissionModel",
                    true,
                    rules::check_stack_set_permission_model(facts),
                );
            }
            if let Some(body) = literal(&properties.template_body) {
                check(
                    "TemplateBody",
                    true,
                    rules::check_stack_set_template_size(body.chars().count()),
                );
                if let Ok(template) = serde_json::from_str::<Value>(body) {
                    let (types, iam) = body_resources(&template);
                    check("TemplateBody", true, rules::check_stack_set_nested(&types));
                    let capabilities_at = child(base, "Capabilities");
                    let present = self.present(&properties.capabilities, base, "Capabilities");
                    let capabilities: Vec<String> = literals(
                        &self.reader,
                        &capabilities_at,
                        properties.capabilities.clone(),
                    )
                    .into_iter()
                    .flatten()
                    .collect();
                    check(
                        "Capabilities",
                        present,
                        rules::check_stack_set_capabilities(iam, &capabilities),
                    );
                }
            }
            findings.extend(self.region_findings(stack_set));
            self.findings.extend(findings);
        }
    }

    /// What the permission-model rule needs of a StackSet: which properties are set.
    fn permission_model_facts<'m>(
        &self,
        model: &'m str,
        stack_set: &StackSet,
    ) -> PermissionModelFacts<'m> {
        let base = &stack_set.at;
        let properties = stack_set.properties.as_ref();
        let set = |key: &str| {
            self.reader.unread(&child(base, key))
                || properties.is_some_and(|p| match key {
                    "AutoDeployment" => p.auto_deployment.is_some(),
                    "AdministrationRoleARN" => p.administration_role_arn.is_some(),
                    _ => p.execution_role_name.is_some(),
                })
        };
        // Which targets each group's `DeploymentTargets` (an object) names.
        let targets: Vec<(bool, bool)> = stack_set
            .groups
            .iter()
            .filter_map(|(index, group)| {
                let targets = group.as_ref()?.deployment_targets.as_ref()?;
                let at = child(
                    &child(&child(base, "StackInstancesGroup"), index),
                    "DeploymentTargets",
                );
                let units = self.present(
                    &targets.organizational_unit_ids,
                    &at,
                    "OrganizationalUnitIds",
                );
                let accounts = self.present(&targets.accounts, &at, "Accounts")
                    || self.present(&targets.accounts_url, &at, "AccountsUrl");
                Some((units, accounts))
            })
            .collect();
        PermissionModelFacts {
            model,
            auto_deployment: set("AutoDeployment"),
            organizational_units: targets.iter().any(|(units, _)| *units),
            accounts_only: targets.iter().any(|(units, accounts)| !units && *accounts),
            self_managed_roles: set("AdministrationRoleARN") || set("ExecutionRoleName"),
        }
    }

    /// `stackset-regions` on the number of Regions of each instance group, and the form of
    /// each literal Region.
    fn region_findings(&self, stack_set: &StackSet) -> Vec<Finding> {
        let mut findings = Vec::new();
        for (index, group) in &stack_set.groups {
            let Some(regions) = group.as_ref().and_then(|g| g.regions.clone()) else {
                continue;
            };
            let at = child(
                &child(&child(&stack_set.at, "StackInstancesGroup"), index),
                "Regions",
            );
            let regions = literals(&self.reader, &at, Some(regions));
            if let Err(violation) = rules::check_stack_set_regions(regions.len()) {
                findings.push(Finding::new(at.clone(), violation));
            }
            for (item, region) in regions.iter().enumerate() {
                let Some(region) = region else {
                    continue;
                };
                if let Err(violation) = rules::check_stack_set_region(region) {
                    findings.push(Finding::new(child(&at, item), violation));
                }
            }
        }
        findings
    }
}

/// The resource types of a template body, and its IAM resources (keys present, read as
/// written: the IAM types other than `AWS::IAM::Role` have no generated type).
fn body_resources(template: &Value) -> (Vec<&str>, IamUse) {
    let mut types = Vec::new();
    let mut iam = IamUse::default();
    for resource in template["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, r)| r)
    {
        let Some(kind) = resource["Type"].as_str() else {
            continue;
        };
        types.push(kind);
        if CAPABILITY_IAM_TYPES.contains(&kind) {
            iam.resources = true;
            iam.named |= IAM_NAMES
                .iter()
                .any(|name| resource["Properties"].get(name).is_some());
        }
    }
    (types, iam)
}

/// The resource types that need `CAPABILITY_IAM` (CloudFormation "Acknowledging IAM resources
/// in CloudFormation templates"); other `AWS::IAM::*` types (OIDC and SAML providers,
/// service-linked roles) do not.
const CAPABILITY_IAM_TYPES: [&str; 11] = [
    "AWS::IAM::AccessKey",
    "AWS::IAM::Group",
    "AWS::IAM::GroupPolicy",
    "AWS::IAM::InstanceProfile",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::Policy",
    "AWS::IAM::Role",
    "AWS::IAM::RolePolicy",
    "AWS::IAM::User",
    "AWS::IAM::UserPolicy",
    "AWS::IAM::UserToGroupAddition",
];

/// What the StackSets of a template deploy: Regions, OU/root ids, accounts, and the vault and
/// role names their (JSON) member templates create.
#[derive(Default)]
struct Deployed {
    regions: Vec<String>,
    units: Vec<String>,
    accounts: Vec<String>,
    vaults: Vec<String>,
    roles: Vec<String>,
    /// Some body is not JSON or names a vault or role by an intrinsic: its names are unknown.
    names_unknown: bool,
    /// Some StackSet's Regions are intrinsics, or it has no instances in the template: which
    /// Regions are deployed is unknown.
    regions_unknown: bool,
}

impl Deployed {
    /// Adds what one StackSet deploys.
    fn add(&mut self, reader: &Reader, stack_set: &StackSet) {
        if stack_set.groups.is_empty() {
            self.regions_unknown = true; // instances may be added outside the template
        }
        let groups_at = child(&stack_set.at, "StackInstancesGroup");
        for (index, group) in &stack_set.groups {
            let at = child(&groups_at, index);
            let Some(group) = group else {
                self.regions_unknown = true;
                continue;
            };
            let regions_at = child(&at, "Regions");
            let regions = group.regions.clone();
            self.regions_unknown |= regions.is_none();
            for region in literals(reader, &regions_at, regions) {
                match region {
                    Some(region) => self.regions.push(region),
                    None => self.regions_unknown = true,
                }
            }
            let Some(targets) = &group.deployment_targets else {
                continue;
            };
            let targets_at = child(&at, "DeploymentTargets");
            let known = |key: &str, list: &Option<Vec<CfnValue>>| {
                literals(reader, &child(&targets_at, key), list.clone())
                    .into_iter()
                    .flatten()
            };
            let units = known("OrganizationalUnitIds", &targets.organizational_unit_ids);
            self.units.extend(units);
            // Under `DIFFERENCE` the accounts listed are the ones left out.
            if literal(&targets.account_filter_type) != Some("DIFFERENCE") {
                self.accounts.extend(known("Accounts", &targets.accounts));
            }
        }
        let body = stack_set
            .properties
            .as_ref()
            .and_then(|p| literal(&p.template_body))
            .map(serde_json::from_str::<Value>);
        match body {
            Some(Ok(body)) => self.add_member_names(&body),
            _ => self.names_unknown = true,
        }
    }

    /// The names of the vaults and roles a member template creates, each read into its
    /// generated type.
    fn add_member_names(&mut self, body: &Value) {
        let members = body.get("Resources").and_then(Value::as_object);
        for member in members.into_iter().flatten().map(|(_, r)| r) {
            let properties = member.get("Properties");
            let (name, list) = match member.get("Type").and_then(Value::as_str) {
                Some("AWS::Backup::BackupVault") => (
                    properties
                        .and_then(CfnBackupVault::from_cfn)
                        .and_then(|v| v.backup_vault_name),
                    &mut self.vaults,
                ),
                Some("AWS::Backup::LogicallyAirGappedBackupVault") => (
                    properties
                        .and_then(CfnLogicallyAirGappedBackupVault::from_cfn)
                        .and_then(|v| v.backup_vault_name),
                    &mut self.vaults,
                ),
                Some("AWS::IAM::Role") => (
                    properties
                        .and_then(CfnRole::from_cfn)
                        .and_then(|r| r.role_name),
                    &mut self.roles,
                ),
                _ => continue,
            };
            match name.as_ref().and_then(CfnValue::as_literal) {
                Some(name) => list.push(name.to_string()),
                None => self.names_unknown = true,
            }
        }
    }
}

impl Linter<'_> {
    /// The `org-*` consistency of each backup policy of the template with the StackSets beside
    /// it: the policy's targets, Regions, vaults and role are deployed by them
    /// (`org-vault-exists`, `org-role-exists`). Without a StackSet in the template nothing is
    /// known: no finding.
    pub(super) fn lint_org_consistency(
        &mut self,
        stack_sets: &[StackSet],
        policies: &[super::org_policy::BackupPolicy],
    ) {
        if stack_sets.is_empty() {
            return;
        }
        let mut deployed = Deployed::default();
        for stack_set in stack_sets {
            deployed.add(&self.reader, stack_set);
        }
        let mut findings = Vec::new();
        for policy in policies {
            let targets_at = child(&policy.at, "TargetIds");
            for (index, target) in policy.targets.iter().flatten().enumerate() {
                let Some(target) = target else {
                    continue;
                };
                let covered = deployed.units.contains(target)
                    || deployed.accounts.contains(target)
                    || deployed.units.iter().any(|u| u.starts_with("r-"));
                let at = child(&targets_at, index);
                if let Err(violation) = rules::check_org_target_covered(target, covered) {
                    findings.push(Finding::new(at.clone(), nested_maybe(violation)));
                }
                // A management-account stack is another stack: the template cannot show one.
                if let Err(violation) = rules::check_org_management_account(target, false) {
                    findings.push(Finding::new(at, violation));
                }
            }
            let content = match &policy.content {
                Some(Value::String(text)) => serde_json::from_str(text).unwrap_or(Value::Null),
                Some(other) => other.clone(),
                None => Value::Null,
            };
            let content_at = child(&policy.at, "Content");
            for (plan, body) in content["plans"].as_object().into_iter().flatten() {
                let at = child(&child(&content_at, "plans"), plan);
                policy_plan(&deployed, body, &at, &mut findings);
            }
        }
        self.findings.extend(findings);
    }
}

/// A target the StackSets do not list may still be inside an OU they target (a template does
/// not show the organization's tree): a warning that says so, never an error.
fn nested_maybe(mut violation: Violation) -> Violation {
    violation.severity = crate::problem::Severity::Warning;
    violation.with_note(
        "unless it is inside an OU the StackSet targets: a template does not show the organization's tree",
    )
}

/// The Regions, vaults and roles one plan of a policy names.
fn policy_plan(deployed: &Deployed, plan: &Value, at: &str, findings: &mut Vec<Finding>) {
    let regions = &plan["regions"]["@@assign"];
    let known = if deployed.regions_unknown {
        None
    } else {
        regions.as_array()
    };
    for (index, region) in known.into_iter().flatten().enumerate() {
        let Some(region) = region.as_str() else {
            continue;
        };
        if let Err(violation) = rules::check_org_region_covered(region, &deployed.regions) {
            let pointer = child(&child(&child(at, "regions"), "@@assign"), index);
            findings.push(Finding::new(pointer, violation));
        }
    }
    if deployed.names_unknown {
        return;
    }
    for (rule, body) in plan["rules"].as_object().into_iter().flatten() {
        let Some(vault) = body["target_backup_vault_name"]["@@assign"].as_str() else {
            continue;
        };
        if let Err(violation) = rules::check_org_vault_exists(rule, vault, &deployed.vaults) {
            let pointer = child(
                &child(
                    &child(&child(at, "rules"), rule),
                    "target_backup_vault_name",
                ),
                "@@assign",
            );
            findings.push(Finding::new(pointer, violation));
        }
    }
    for (kind, selections) in plan["selections"].as_object().into_iter().flatten() {
        for (name, selection) in selections.as_object().into_iter().flatten() {
            let Some(arn) = selection["iam_role_arn"]["@@assign"].as_str() else {
                continue;
            };
            let member = arn
                .rsplit('/')
                .next()
                .filter(|r| deployed.roles.iter().any(|x| x == r));
            if let Err(violation) = rules::check_org_role_exists(name, arn, member) {
                let pointer = [kind.as_str(), name, "iam_role_arn", "@@assign"]
                    .iter()
                    .fold(child(at, "selections"), |p, step| child(&p, step));
                findings.push(Finding::new(pointer, violation));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::problem::Severity;

    /// A StackSet deployed to the root reaches every OU; Regions given as a parameter are not
    /// known: neither gives an `org-*` error for a policy beside it.
    #[test]
    fn the_root_and_unknown_regions_raise_no_org_error() {
        let policy = json!({"plans": {"Daily": {
            "regions": {"@@assign": ["eu-west-1"]},
            "rules": {"Daily": {
                "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
                "target_backup_vault_name": {"@@assign": "Default"}
            }},
            "selections": {"tags": {"All": {
                "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/Backup"},
                "tag_key": {"@@assign": "backup"},
                "tag_value": {"@@assign": ["true"]}
            }}}
        }}});
        let template = json!({"Resources": {
            "Members": {"Type": "AWS::CloudFormation::StackSet", "Properties": {
                "StackSetName": "members", "PermissionModel": "SERVICE_MANAGED",
                "AutoDeployment": {"Enabled": true, "RetainStacksOnAccountRemoval": true},
                "StackInstancesGroup": [{
                    "DeploymentTargets": {"OrganizationalUnitIds": ["r-ab12"]},
                    "Regions": {"Ref": "Regions"}
                }],
                "TemplateURL": "https://example.com/member.json"
            }},
            "Policy": {"Type": "AWS::Organizations::Policy", "Properties": {
                "Name": "backup", "Type": "BACKUP_POLICY",
                "TargetIds": ["ou-ab12-cdefgh34"], "Content": policy
            }}
        }});
        let report = crate::lint::lint_template(&template);
        let org_errors: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("org-") && f.severity == Severity::Error)
            .collect();
        assert!(org_errors.is_empty(), "{org_errors:#?}");
    }

    /// The StackSet and the backup policy are read through their generated types: their
    /// intrinsics are listed as skipped at their pointers (as the `AWS::Backup::*` types'
    /// are), an item that cannot be read keeps the positions of the others, and a policy of
    /// another type is not looked into.
    #[test]
    fn intrinsics_are_listed_and_positions_kept() {
        let template = json!({"Resources": {
            "Members": {"Type": "AWS::CloudFormation::StackSet", "Properties": {
                "StackSetName": {"Fn::Sub": "${AWS::StackName}-members"},
                "PermissionModel": "SERVICE_MANAGED",
                "AutoDeployment": {"Enabled": true, "RetainStacksOnAccountRemoval": true},
                "StackInstancesGroup": [
                    "not a group",
                    {"DeploymentTargets": {"OrganizationalUnitIds": [{"Ref": "Unit"}]},
                     "Regions": [{"Ref": "AWS::Region"}, "EU West"]}
                ],
                "TemplateURL": "https://example.com/member.json"
            }},
            "Policy": {"Type": "AWS::Organizations::Policy", "Properties": {
                "Name": "backup", "Type": "BACKUP_POLICY",
                "TargetIds": [{"Ref": "Unit"}], "Content": {"Fn::GetAtt": ["Doc", "Text"]}
            }},
            "Scp": {"Type": "AWS::Organizations::Policy", "Properties": {
                "Name": {"Ref": "Name"}, "Type": "SERVICE_CONTROL_POLICY",
                "TargetIds": ["r-ab12"], "Content": {}
            }}
        }});
        let report = crate::lint::lint_template(&template);
        let skipped: Vec<_> = report.skipped.iter().map(|s| s.pointer.as_str()).collect();
        assert_eq!(
            skipped,
            [
                "/Resources/Members/Properties/StackSetName",
                "/Resources/Members/Properties/StackInstancesGroup/1/DeploymentTargets/OrganizationalUnitIds/0",
                "/Resources/Members/Properties/StackInstancesGroup/1/Regions/0",
                "/Resources/Policy/Properties/TargetIds/0",
                "/Resources/Policy/Properties/Content",
            ]
        );
        let regions: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == "stackset-regions")
            .map(|f| f.pointer.as_str())
            .collect();
        assert_eq!(
            regions,
            ["/Resources/Members/Properties/StackInstancesGroup/1/Regions/1"]
        );
    }

    /// A member template's vault and role names are read through the generated types: a name
    /// left to deploy time makes the names unknown (no `org-*` error); literal names are
    /// compared with the policy's.
    #[test]
    fn member_names_are_read_through_the_generated_types() {
        let member = |vault: serde_json::Value| {
            json!({"Resources": {
                "Vault": {"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": vault}},
                "Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "Backup",
                    "AssumeRolePolicyDocument": {}}}
            }})
            .to_string()
        };
        let template = |vault: serde_json::Value| {
            json!({"Resources": {
                "Members": {"Type": "AWS::CloudFormation::StackSet", "Properties": {
                    "StackSetName": "members", "PermissionModel": "SERVICE_MANAGED",
                    "AutoDeployment": {"Enabled": true, "RetainStacksOnAccountRemoval": true},
                    "Capabilities": ["CAPABILITY_NAMED_IAM"],
                    "StackInstancesGroup": [{
                        "DeploymentTargets": {"OrganizationalUnitIds": ["ou-ab12-cdefgh34"]},
                        "Regions": ["eu-west-1"]
                    }],
                    "TemplateBody": member(vault)
                }},
                "Policy": {"Type": "AWS::Organizations::Policy", "Properties": {
                    "Name": "backup", "Type": "BACKUP_POLICY",
                    "TargetIds": ["ou-ab12-cdefgh34"], "Content": {"plans": {"Daily": {
                        "regions": {"@@assign": ["eu-west-1"]},
                        "rules": {"Daily": {
                            "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
                            "target_backup_vault_name": {"@@assign": "Primary"}
                        }},
                        "selections": {"tags": {"All": {
                            "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/Backup"},
                            "tag_key": {"@@assign": "backup"},
                            "tag_value": {"@@assign": ["true"]}
                        }}}
                    }}}
                }}
            }})
        };
        let org_rules = |vault| {
            let report = crate::lint::lint_template(&template(vault));
            report
                .findings
                .into_iter()
                .filter(|f| f.rule.starts_with("org-"))
                .map(|f| f.rule)
                .collect::<Vec<_>>()
        };
        assert_eq!(org_rules(json!("Primary")), Vec::<&str>::new());
        assert_eq!(org_rules(json!("Other")), ["org-vault-exists"]);
        assert_eq!(org_rules(json!({"Ref": "VaultName"})), Vec::<&str>::new());
    }
}

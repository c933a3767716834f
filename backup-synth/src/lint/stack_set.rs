//! The linter for `AWS::CloudFormation::StackSet` resources: the `stackset-*` rules of the
//! rule book (name, permission model, Regions, template size, capabilities, nested stacks) on
//! each StackSet of a template. A `TemplateBody` is read when it is JSON (a YAML body is
//! checked for its size only).

use serde_json::{Map, Value};

use super::{child, Finding};
use crate::problem::Violation;
use crate::rules::{self, IamUse, PermissionModelFacts};

/// IAM name properties that make a resource named (`CAPABILITY_NAMED_IAM`).
const IAM_NAMES: [&str; 5] = [
    "RoleName",
    "UserName",
    "GroupName",
    "ManagedPolicyName",
    "InstanceProfileName",
];

/// Findings of the `stackset-*` rules on every StackSet of `resources`.
pub(super) fn lint_stack_sets(resources: &Map<String, Value>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (logical, resource) in resources {
        if resource["Type"] != "AWS::CloudFormation::StackSet" {
            continue;
        }
        let Some(properties) = resource["Properties"].as_object() else {
            continue;
        };
        let base = child(&child("/Resources", logical), "Properties");
        let mut check = |key: &str, result: Result<(), Violation>| {
            if let Err(violation) = result {
                let pointer = if properties.contains_key(key) {
                    child(&base, key)
                } else {
                    base.clone()
                };
                findings.push(Finding::new(pointer, violation));
            }
        };
        if let Some(name) = properties.get("StackSetName").and_then(Value::as_str) {
            check("StackSetName", rules::check_stack_set_name(name));
        }
        let groups = instance_groups(properties);
        if let Some(model) = properties.get("PermissionModel").and_then(Value::as_str) {
            let facts = PermissionModelFacts {
                model,
                auto_deployment: properties.contains_key("AutoDeployment"),
                organizational_units: groups.iter().any(|g| has(g, "OrganizationalUnitIds")),
                accounts_only: groups.iter().any(|g| {
                    !has(g, "OrganizationalUnitIds")
                        && (has(g, "Accounts") || has(g, "AccountsUrl"))
                }),
                self_managed_roles: properties.contains_key("AdministrationRoleARN")
                    || properties.contains_key("ExecutionRoleName"),
            };
            check(
                "PermissionModel",
                rules::check_stack_set_permission_model(facts),
            );
        }
        if let Some(body) = properties.get("TemplateBody").and_then(Value::as_str) {
            check(
                "TemplateBody",
                rules::check_stack_set_template_size(body.chars().count()),
            );
            if let Ok(template) = serde_json::from_str::<Value>(body) {
                let (types, iam) = body_resources(&template);
                check("TemplateBody", rules::check_stack_set_nested(&types));
                let capabilities: Vec<&str> = properties
                    .get("Capabilities")
                    .and_then(Value::as_array)
                    .map(|c| c.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                check(
                    "Capabilities",
                    rules::check_stack_set_capabilities(iam, &capabilities),
                );
            }
        }
        let all = properties
            .get("StackInstancesGroup")
            .and_then(Value::as_array);
        for (index, group) in all.into_iter().flatten().enumerate() {
            let Some(regions) = group.get("Regions").and_then(Value::as_array) else {
                continue;
            };
            let at = child(
                &child(&child(&base, "StackInstancesGroup"), index),
                "Regions",
            );
            if let Err(violation) = rules::check_stack_set_regions(regions.len()) {
                findings.push(Finding::new(at.clone(), violation));
            }
            for (item, region) in regions.iter().enumerate() {
                let Some(region) = region.as_str() else {
                    continue;
                };
                if let Err(violation) = rules::check_stack_set_region(region) {
                    findings.push(Finding::new(child(&at, item), violation));
                }
            }
        }
    }
    findings
}

fn instance_groups(properties: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    properties
        .get("StackInstancesGroup")
        .and_then(Value::as_array)
        .map(|groups| {
            groups
                .iter()
                .filter_map(|g| g.get("DeploymentTargets").and_then(Value::as_object))
                .collect()
        })
        .unwrap_or_default()
}

fn has(targets: &Map<String, Value>, key: &str) -> bool {
    targets.contains_key(key)
}

/// The resource types of a template body, and its IAM resources.
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
struct Deployed<'t> {
    regions: Vec<&'t str>,
    units: Vec<&'t str>,
    accounts: Vec<&'t str>,
    vaults: Vec<String>,
    roles: Vec<String>,
    /// Some body is not JSON or names a vault or role by an intrinsic: its names are unknown.
    names_unknown: bool,
    /// Some StackSet's Regions are intrinsics, or it has no instances in the template: which
    /// Regions are deployed is unknown.
    regions_unknown: bool,
}

/// Whether every item of a JSON array is a literal string (an absent list counts as empty).
fn all_literal(value: &Value) -> bool {
    value.as_array().into_iter().flatten().all(Value::is_string)
}

/// The strings of a JSON array (intrinsics left out).
fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn deployed(resources: &Map<String, Value>) -> Option<Deployed<'_>> {
    let mut found = Deployed::default();
    let mut any = false;
    for resource in resources.values() {
        if resource["Type"] != "AWS::CloudFormation::StackSet" {
            continue;
        }
        any = true;
        let properties = &resource["Properties"];
        let groups = properties["StackInstancesGroup"].as_array();
        if groups.is_none_or(Vec::is_empty) {
            found.regions_unknown = true; // instances may be added outside the template
        }
        for group in groups.into_iter().flatten() {
            found.regions_unknown |=
                !group["Regions"].is_array() || !all_literal(&group["Regions"]);
            found.regions.extend(strings(&group["Regions"]));
            let targets = &group["DeploymentTargets"];
            found
                .units
                .extend(strings(&targets["OrganizationalUnitIds"]));
            // Under `DIFFERENCE` the accounts listed are the ones left out.
            if targets["AccountFilterType"] != "DIFFERENCE" {
                found.accounts.extend(strings(&targets["Accounts"]));
            }
        }
        let body = properties["TemplateBody"]
            .as_str()
            .map(serde_json::from_str::<Value>);
        let Some(Ok(body)) = body else {
            found.names_unknown = true;
            continue;
        };
        for member in body["Resources"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, r)| r)
        {
            let (list, key) = match member["Type"].as_str() {
                Some("AWS::Backup::BackupVault" | "AWS::Backup::LogicallyAirGappedBackupVault") => {
                    (&mut found.vaults, "BackupVaultName")
                }
                Some("AWS::IAM::Role") => (&mut found.roles, "RoleName"),
                _ => continue,
            };
            match member["Properties"][key].as_str() {
                Some(name) => list.push(name.to_string()),
                None => found.names_unknown = true,
            }
        }
    }
    any.then_some(found)
}

/// The `org-*` consistency of each backup policy of the template with the StackSets beside it:
/// the policy's targets, Regions, vaults and role are deployed by them (`org-vault-exists`,
/// `org-role-exists`). Without a StackSet in the template nothing is known: no finding.
pub(super) fn lint_org_consistency(resources: &Map<String, Value>) -> Vec<Finding> {
    let Some(deployed) = deployed(resources) else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    for (logical, resource) in resources {
        if resource["Type"] != "AWS::Organizations::Policy"
            || resource["Properties"]["Type"] != "BACKUP_POLICY"
        {
            continue;
        }
        let base = child(&child("/Resources", logical), "Properties");
        let properties = &resource["Properties"];
        for (index, target) in properties["TargetIds"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let Some(target) = target.as_str() else {
                continue;
            };
            let covered = deployed.units.contains(&target)
                || deployed.accounts.contains(&target)
                || deployed.units.iter().any(|u| u.starts_with("r-"));
            let at = child(&child(&base, "TargetIds"), index);
            if let Err(violation) = rules::check_org_target_covered(target, covered) {
                findings.push(Finding::new(at.clone(), nested_maybe(violation)));
            }
            // A management-account stack is another stack: the template cannot show one.
            if let Err(violation) = rules::check_org_management_account(target, false) {
                findings.push(Finding::new(at, violation));
            }
        }
        let content = match &properties["Content"] {
            Value::String(text) => serde_json::from_str(text).unwrap_or(Value::Null),
            other => other.clone(),
        };
        let content_at = child(&base, "Content");
        for (plan, body) in content["plans"].as_object().into_iter().flatten() {
            let at = child(&child(&content_at, "plans"), plan);
            policy_plan(&deployed, body, &at, &mut findings);
        }
    }
    findings
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
fn policy_plan(deployed: &Deployed<'_>, plan: &Value, at: &str, findings: &mut Vec<Finding>) {
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
}

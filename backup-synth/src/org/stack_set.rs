//! The service-managed StackSet (b) that deploys the member template to the organization's
//! OUs and Regions, rendered through the generated `AWS::CloudFormation::StackSet` type.

use crate::cfn::cloudformation_stack_set::{
    AutoDeployment, CfnStackSet, DeploymentTargets, StackInstances,
};
use crate::cfn::ToCfn;
use crate::org::OrgBackup;
use crate::resource::CfnResource;
use crate::rules::TargetKind;
use crate::stack::Template;
use crate::value::CfnValue;

/// The logical id of the StackSet in the management stack.
pub(crate) const STACK_SET_ID: &str = "MemberStackSet";

/// The member template as the StackSet's `TemplateBody`: compact JSON (deterministic; the
/// 51,200-character limit counts every character).
pub(crate) fn template_body(template: &Template) -> String {
    serde_json::to_string(template.json()).unwrap_or_default()
}

fn literals<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<CfnValue> {
    values.into_iter().map(CfnValue::literal).collect()
}

/// The deployment groups: the root and OUs together, then one group per account target
/// reached through an OU not targeted itself (`AccountFilterType: INTERSECTION`).
fn instance_groups(org: &OrgBackup) -> Vec<StackInstances> {
    let regions = || Some(literals(org.region_list().iter().map(String::as_str)));
    let units: Vec<&str> = org
        .target_list()
        .iter()
        .filter(|t| t.kind() != Some(TargetKind::Account))
        .map(|t| t.id())
        .collect();
    let mut groups = Vec::new();
    if !units.is_empty() {
        groups.push(StackInstances {
            deployment_targets: Some(DeploymentTargets {
                organizational_unit_ids: Some(literals(units.iter().copied())),
                ..DeploymentTargets::default()
            }),
            regions: regions(),
            ..StackInstances::default()
        });
    }
    for target in org.target_list() {
        let Some(ou) = target.parent_ou() else {
            continue;
        };
        if units.contains(&ou) {
            continue;
        }
        groups.push(StackInstances {
            deployment_targets: Some(DeploymentTargets {
                account_filter_type: Some("INTERSECTION".into()),
                accounts: Some(literals([target.id()])),
                organizational_unit_ids: Some(literals([ou])),
                ..DeploymentTargets::default()
            }),
            regions: regions(),
            ..StackInstances::default()
        });
    }
    groups
}

/// The StackSet resource: service-managed, deployed automatically to accounts joining the
/// targets (and kept when they leave: their vaults hold recovery points), with
/// `CAPABILITY_NAMED_IAM` for the fixed-name role.
pub(crate) fn render(org: &OrgBackup, member: &Template) -> CfnResource {
    let properties = CfnStackSet {
        auto_deployment: Some(AutoDeployment {
            enabled: Some(true.into()),
            retain_stacks_on_account_removal: Some(true.into()),
            ..AutoDeployment::default()
        }),
        capabilities: Some(vec!["CAPABILITY_NAMED_IAM".into()]),
        description: org.description_text().map(CfnValue::literal),
        permission_model: Some("SERVICE_MANAGED".into()),
        stack_instances_group: Some(instance_groups(org)),
        stack_set_name: Some(CfnValue::literal(org.stack_set_name())),
        template_body: Some(CfnValue::literal(template_body(member))),
        ..CfnStackSet::default()
    };
    CfnResource::new(STACK_SET_ID, CfnStackSet::TYPE_NAME).properties(properties.into_cfn())
}

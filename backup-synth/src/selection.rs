//! Backup selections: which resources a plan backs up (ARNs, tags, resource helpers,
//! everything below a construct), and the IAM role AWS Backup assumes to do it.

use std::sync::{Arc, LazyLock};

use serde_json::{json, Map, Value};

use crate::cfn::backup_backup_selection::{
    BackupSelectionResourceType, CfnBackupSelection, ConditionParameter, ConditionResourceType,
    Conditions,
};
use crate::cfn::iam_role::{CfnRole, Tag as RoleTag};
use crate::cfn::CfnJson;

use crate::ids::{logical_id_of, resource_logical_id};
use crate::problem::Problems;
use crate::rendered::Rendered;
use crate::resource::CfnResource;
use crate::role::{Grantee, RoleRef};
use crate::rules;
use crate::value::{CfnValue, Environment};

/// How a tag condition compares (`ConditionType`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TagOperation {
    /// `STRINGEQUALS`, the only value AWS Backup takes.
    #[default]
    StringEquals,
    /// CDK's placeholder `dummy`: emitted by CDK, refused by AWS; always rejected here.
    Dummy,
}

impl TagOperation {
    /// The CloudFormation value.
    pub fn as_str(self) -> &'static str {
        match self {
            TagOperation::StringEquals => "STRINGEQUALS",
            TagOperation::Dummy => "dummy",
        }
    }
}

/// How a [`TagCondition`] compares a resource's tag (`Conditions` operators, row 26).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConditionOperator {
    /// The tag equals the value.
    StringEquals,
    /// The tag matches the value, where `*` matches any characters.
    StringLike,
    /// The tag is absent or differs from the value.
    StringNotEquals,
    /// The tag is absent or does not match the value.
    StringNotLike,
}

impl ConditionOperator {
    /// The CloudFormation key under `Conditions`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionOperator::StringEquals => "StringEquals",
            ConditionOperator::StringLike => "StringLike",
            ConditionOperator::StringNotEquals => "StringNotEquals",
            ConditionOperator::StringNotLike => "StringNotLike",
        }
    }
}

/// A condition on a resource tag that **every** selected resource must meet: conditions are
/// AND-ed with each other and with the selection's resources (`Conditions`). Contrast with
/// [`BackupResource::tag`], an alternative: any resource with that tag is selected.
///
/// ```
/// use backup_dsl::TagCondition;
/// let prod = TagCondition::equals("stage", "prod");
/// assert_eq!(prod.condition_key(), "aws:ResourceTag/stage");
/// let prefixed = TagCondition::like("aws:ResourceTag/name", "db-*");
/// assert_eq!(prefixed.condition_key(), "aws:ResourceTag/name");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagCondition {
    /// The comparison.
    pub operator: ConditionOperator,
    /// The tag key, bare or with the `aws:ResourceTag/` prefix.
    pub key: String,
    /// The value compared with.
    pub value: String,
}

impl TagCondition {
    /// A condition with an explicit operator.
    pub fn new(
        operator: ConditionOperator,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        Self {
            operator,
            key: key.into(),
            value: value.into(),
        }
    }

    /// The tag `key` equals `value`.
    pub fn equals(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(ConditionOperator::StringEquals, key, value)
    }

    /// The tag `key` matches `pattern` (`*` matches any characters).
    pub fn like(key: impl Into<String>, pattern: impl Into<String>) -> Self {
        Self::new(ConditionOperator::StringLike, key, pattern)
    }

    /// The tag `key` is absent or differs from `value`.
    pub fn not_equals(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(ConditionOperator::StringNotEquals, key, value)
    }

    /// The tag `key` is absent or does not match `pattern`.
    pub fn not_like(key: impl Into<String>, pattern: impl Into<String>) -> Self {
        Self::new(ConditionOperator::StringNotLike, key, pattern)
    }

    /// `aws:ResourceTag/<key>`, the prefix added once.
    pub fn condition_key(&self) -> String {
        if self.key.starts_with("aws:ResourceTag/") {
            self.key.clone()
        } else {
            format!("aws:ResourceTag/{}", self.key)
        }
    }
}

/// Which managed policies a generated selection role gets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RolePolicies {
    /// Exactly what the selection needs: the backup policy (unless disabled), the restores
    /// policy with `allow_restores`, and the S3 backup (and, with `allow_restores`, restore)
    /// policies when the selection can cover S3 buckets (an S3 ARN, `*`, a tag or a condition).
    #[default]
    ForSelection,
    /// CDK's choice: the backup and restores policies only, never the S3 ones (byte-for-byte
    /// CDK templates; S3 backups then fail for lack of permissions).
    AsCdk,
}

/// One entry of a selection (CDK's `BackupResource`).
///
/// ```
/// use backup_dsl::BackupResource;
/// let by_tag = BackupResource::tag("stage", "prod");
/// let table = BackupResource::dynamodb_table("orders");
/// assert_ne!(by_tag, table);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum BackupResource {
    /// A resource ARN (a trailing `*` matches a prefix).
    Arn(CfnValue),
    /// An ARN CDK formats from the stack's environment: service, resource type, separator, id.
    Formatted {
        /// The ARN's service (`dynamodb`).
        service: &'static str,
        /// The resource type (`table`).
        resource: &'static str,
        /// `/` or `:` between resource type and id.
        separator: char,
        /// The resource's name or id.
        id: CfnValue,
    },
    /// A tag condition (`ListOfTags`).
    Tag {
        /// Tag key.
        key: String,
        /// Tag value.
        value: String,
        /// Comparison.
        operation: TagOperation,
    },
    /// Every backupable raw resource at or below this construct path (CDK `fromConstruct`).
    Construct(String),
}

impl BackupResource {
    /// A resource by ARN.
    pub fn arn(arn: impl Into<CfnValue>) -> Self {
        BackupResource::Arn(arn.into())
    }

    /// Resources carrying tag `key` = `value`.
    pub fn tag(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self::tag_with(key, value, TagOperation::StringEquals)
    }

    /// A tag condition with an explicit operation.
    pub fn tag_with(
        key: impl Into<String>,
        value: impl Into<String>,
        operation: TagOperation,
    ) -> Self {
        BackupResource::Tag {
            key: key.into(),
            value: value.into(),
            operation,
        }
    }

    fn formatted(
        service: &'static str,
        resource: &'static str,
        separator: char,
        id: CfnValue,
    ) -> Self {
        BackupResource::Formatted {
            service,
            resource,
            separator,
            id,
        }
    }

    /// A DynamoDB table by name (`arn:…:dynamodb:<region>:<account>:table/<name>`).
    pub fn dynamodb_table(name: impl Into<CfnValue>) -> Self {
        Self::formatted("dynamodb", "table", '/', name.into())
    }

    /// A DynamoDB table declared in the stack (`Fn::GetAtt [Table, Arn]`).
    pub fn dynamodb_table_resource(table: &CfnResource) -> Self {
        Self::arn(table.get_att("Arn"))
    }

    /// An EC2 instance by id (`…:ec2:<region>:<account>:instance/<id>`).
    pub fn ec2_instance(instance_id: impl Into<CfnValue>) -> Self {
        Self::formatted("ec2", "instance", '/', instance_id.into())
    }

    /// An EFS file system by id (`…:elasticfilesystem:<region>:<account>:file-system/<id>`).
    pub fn efs_file_system(file_system_id: impl Into<CfnValue>) -> Self {
        Self::formatted(
            "elasticfilesystem",
            "file-system",
            '/',
            file_system_id.into(),
        )
    }

    /// An RDS instance by identifier (`…:rds:<region>:<account>:db:<id>`).
    pub fn rds_instance(identifier: impl Into<CfnValue>) -> Self {
        Self::formatted("rds", "db", ':', identifier.into())
    }

    /// An RDS instance declared in the stack (`Fn::GetAtt [Db, DBInstanceArn]`).
    pub fn rds_instance_resource(instance: &CfnResource) -> Self {
        Self::arn(instance.get_att("DBInstanceArn"))
    }

    /// An RDS cluster by identifier; CDK always builds this ARN from the stack's environment
    /// (`…:rds:<region>:<account>:cluster:<id>`), for a cluster in the stack too (pass its `Ref`).
    pub fn rds_cluster(identifier: impl Into<CfnValue>) -> Self {
        Self::formatted("rds", "cluster", ':', identifier.into())
    }

    /// An RDS serverless cluster by identifier (same ARN shape as [`Self::rds_cluster`]).
    pub fn rds_serverless_cluster(identifier: impl Into<CfnValue>) -> Self {
        Self::rds_cluster(identifier)
    }

    /// An RDS serverless cluster declared in the stack (`Fn::GetAtt [Cluster, DBClusterArn]`).
    pub fn rds_serverless_cluster_resource(cluster: &CfnResource) -> Self {
        Self::arn(cluster.get_att("DBClusterArn"))
    }

    /// Every backupable resource declared in the stack at or below `path` (CDK
    /// `fromConstruct`): DynamoDB tables, EFS file systems, EC2 instances and volumes, RDS
    /// instances outside a cluster, and RDS clusters.
    pub fn construct(path: impl Into<String>) -> Self {
        BackupResource::Construct(path.into())
    }
}

/// The role a selection's backups run as.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RoleChoice {
    Generated,
    Existing(CfnValue),
    /// A [`Role`](crate::Role) in the stack, by construct id: it receives the selection's managed policies.
    InStack(String),
}

/// Which plan a selection belongs to.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanRef {
    /// A plan in the stack, by construct id.
    InStack(String),
    /// An existing plan, by id (`BackupPlanId`).
    Existing(CfnValue),
}

impl PlanRef {
    fn plan_id(&self) -> CfnValue {
        match self {
            PlanRef::InStack(id) => CfnValue::get_att_of(&resource_logical_id(id), "BackupPlanId"),
            PlanRef::Existing(id) => id.clone(),
        }
    }
}

/// A backup selection (`AWS::Backup::BackupSelection`) and, unless a role is given, its role.
///
/// ```
/// use backup_dsl::{BackupResource, BackupSelection};
/// let selection = BackupSelection::new("Selection")
///     .resource(BackupResource::tag("stage", "prod"))
///     .allow_restores(true);
/// assert_eq!(selection.id(), "Selection");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BackupSelection {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) resources: Vec<BackupResource>,
    pub(crate) role: RoleChoice,
    pub(crate) disable_default_backup_policy: bool,
    pub(crate) allow_restores: bool,
    pub(crate) plan: Option<PlanRef>,
    pub(crate) conditions: Vec<TagCondition>,
    pub(crate) not_resources: Vec<CfnValue>,
}

/// Backupable types collected by [`BackupResource::construct`]: type, service, resource, separator.
const COLLECTED_TYPES: &[(&str, &str, &str, char)] = &[
    (
        "AWS::EFS::FileSystem",
        "elasticfilesystem",
        "file-system",
        '/',
    ),
    ("AWS::DynamoDB::Table", "dynamodb", "table", '/'),
    ("AWS::EC2::Instance", "ec2", "instance", '/'),
    ("AWS::EC2::Volume", "ec2", "volume", '/'),
    ("AWS::RDS::DBInstance", "rds", "db", ':'),
    ("AWS::RDS::DBCluster", "rds", "cluster", ':'),
];

impl BackupSelection {
    /// A selection with construct id `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: None,
            resources: Vec::new(),
            role: RoleChoice::Generated,
            disable_default_backup_policy: false,
            allow_restores: false,
            plan: None,
            conditions: Vec::new(),
            not_resources: Vec::new(),
        }
    }

    /// The construct id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Sets `SelectionName` (default: the id; an empty name also falls back to it, as in CDK).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds a resource or tag: **any** of the selection's resources is backed up (`Resources`
    /// and `ListOfTags` are OR-ed).
    pub fn resource(mut self, resource: BackupResource) -> Self {
        self.resources.push(resource);
        self
    }

    /// Adds several resources or tags.
    pub fn resources(mut self, resources: impl IntoIterator<Item = BackupResource>) -> Self {
        self.resources.extend(resources);
        self
    }

    /// Adds a tag condition that **all** selected resources must meet (`Conditions`, AND-ed).
    /// A selection of conditions alone selects `*` filtered by them.
    pub fn condition(mut self, condition: TagCondition) -> Self {
        self.conditions.push(condition);
        self
    }

    /// Adds several conditions, all of which must hold.
    pub fn all_of(mut self, conditions: impl IntoIterator<Item = TagCondition>) -> Self {
        self.conditions.extend(conditions);
        self
    }

    /// Excludes resources by ARN (`NotResources`), whatever else selects them.
    pub fn exclude(mut self, arn: impl Into<CfnValue>) -> Self {
        self.not_resources.push(arn.into());
        self
    }

    /// Uses an existing role (by ARN) instead of a generated one; managed policies are then
    /// the role's business (CDK does not attach them to an imported role either).
    pub fn role_arn(mut self, arn: impl Into<CfnValue>) -> Self {
        self.role = RoleChoice::Existing(arn.into());
        self
    }

    /// Uses a [`Role`](crate::Role) of the stack instead of a generated one. As in CDK, the role receives
    /// the managed policies the selection asks for (backup unless
    /// [`disable_default_backup_policy`](Self::disable_default_backup_policy), restores with
    /// [`allow_restores`](Self::allow_restores), and, unless [`RolePolicies::AsCdk`], S3's).
    /// Any [`RoleRef`] is taken, as CDK's `role: IRole`: an ARN is [`role_arn`](Self::role_arn).
    pub fn role(mut self, role: impl Into<RoleRef>) -> Self {
        self.role = match role.into() {
            RoleRef::InStack { id, .. } => RoleChoice::InStack(id),
            RoleRef::Arn(arn) => RoleChoice::Existing(arn),
        };
        self
    }

    /// The role ARN given with [`role_arn`](Self::role_arn), if any (an organization checks it
    /// names its member role).
    pub(crate) fn existing_role_arn(&self) -> Option<&CfnValue> {
        match &self.role {
            RoleChoice::Existing(arn) => Some(arn),
            _ => None,
        }
    }

    /// The role grants to this selection land on (CDK's `selection.grantPrincipal`), for a
    /// selection outside a plan: its generated role or its [`Role`](crate::Role); `None` for an imported
    /// role ([`role_arn`](Self::role_arn)), whose policies are managed where it was made. For a
    /// selection of a plan, use [`crate::BackupPlan::grant_principal`].
    pub fn grant_principal(&self) -> Option<Grantee> {
        self.grant_principal_in("")
    }

    /// [`grant_principal`](Self::grant_principal) for a selection at construct scope `scope`.
    pub(crate) fn grant_principal_in(&self, scope: &str) -> Option<Grantee> {
        match &self.role {
            RoleChoice::Generated if scope.is_empty() => {
                Some(Grantee::at(format!("{}/Role", self.id)))
            }
            RoleChoice::Generated => Some(Grantee::at(format!("{scope}/{}/Role", self.id))),
            RoleChoice::InStack(id) => Some(Grantee::at(id.clone())),
            RoleChoice::Existing(_) => None,
        }
    }

    /// The construct id of the stack [`Role`](crate::Role) this selection uses, if any.
    pub(crate) fn in_stack_role(&self) -> Option<&str> {
        match &self.role {
            RoleChoice::InStack(id) => Some(id),
            _ => None,
        }
    }

    /// Leaves `AWSBackupServiceRolePolicyForBackup` off the generated role.
    pub fn disable_default_backup_policy(mut self, disable: bool) -> Self {
        self.disable_default_backup_policy = disable;
        self
    }

    /// Attaches `AWSBackupServiceRolePolicyForRestores` to the generated role.
    pub fn allow_restores(mut self, allow: bool) -> Self {
        self.allow_restores = allow;
        self
    }

    /// For a selection outside a plan: the plan it belongs to.
    pub fn plan(mut self, plan: PlanRef) -> Self {
        self.plan = Some(plan);
        self
    }

    pub(crate) fn plan_ref(&self) -> Option<&PlanRef> {
        self.plan.as_ref()
    }

    pub(crate) fn selection_name(&self) -> &str {
        self.name
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or(&self.id)
    }

    /// Checks the selection alone; paths are `path.<key>`.
    pub fn validate(&self, path: &(impl std::fmt::Display + ?Sized), problems: &mut Problems) {
        problems.check(
            || format!("{path}.name"),
            rules::check_selection_name(self.selection_name()),
        );
        let mut tags = 0;
        let mut literal_arns = Vec::new();
        for (index, resource) in self.resources.iter().enumerate() {
            match resource {
                BackupResource::Tag { operation, .. } => {
                    tags += 1;
                    problems.check(
                        || format!("{path}.resources[{index}]"),
                        rules::check_tag_condition_type(operation.as_str()),
                    );
                }
                BackupResource::Arn(arn) => {
                    if let Some(arn) = arn.as_literal() {
                        problems.check(
                            || format!("{path}.resources[{index}]"),
                            rules::check_resource_arn(arn),
                        );
                        literal_arns.push(arn);
                    }
                }
                _ => {}
            }
        }
        self.validate_lists(path, &literal_arns, tags, problems);
        for (index, condition) in self.conditions.iter().enumerate() {
            problems.check(
                || format!("{path}.all_of[{index}]"),
                rules::check_condition_key(&condition.key),
            );
        }
        if let RoleChoice::Existing(role) = &self.role {
            if let Some(role) = role.as_literal() {
                problems.check(|| format!("{path}.role"), rules::check_iam_role_arn(role));
            }
        }
        // A construct may collect nothing; the stack checks the final list.
        let others = self.resources.len() - tags + self.conditions.len();
        problems.check(
            || format!("{path}.resources"),
            rules::check_selection_selects(others, tags),
        );
    }

    /// ARN counts of `Resources` and `NotResources`, and the tags-or-wildcard warning.
    fn validate_lists(
        &self,
        path: &(impl std::fmt::Display + ?Sized),
        literal_arns: &[&str],
        tags: usize,
        problems: &mut Problems,
    ) {
        let wildcard = |arn: &&str| arn.contains('*');
        let arn_count = self.resources.len() - tags;
        let wildcards = literal_arns.iter().any(wildcard);
        problems.check(
            || format!("{path}.resources"),
            rules::check_selection_arn_count("resources", arn_count, wildcards),
        );
        if let Some(arn) = literal_arns.iter().find(|arn| wildcard(arn)) {
            problems.check(
                || format!("{path}.resources"),
                rules::check_tags_with_wildcard(tags, arn),
            );
        }
        let excluded: Vec<&str> = self
            .not_resources
            .iter()
            .filter_map(CfnValue::as_literal)
            .collect();
        for (index, arn) in self.not_resources.iter().enumerate() {
            if let Some(arn) = arn.as_literal() {
                problems.check(
                    || format!("{path}.not_resources[{index}]"),
                    rules::check_resource_arn(arn),
                );
            }
        }
        problems.check(
            || format!("{path}.not_resources"),
            rules::check_selection_arn_count(
                "not_resources",
                self.not_resources.len(),
                excluded.iter().any(wildcard),
            ),
        );
    }

    /// Whether the selection can cover S3 buckets: an S3 or `*` ARN, a tag or a condition.
    fn covers_s3(&self) -> bool {
        let s3_arn = |arn: &CfnValue| {
            arn.as_literal().is_some_and(|arn| {
                arn == "*"
                    || arn
                        .split(':')
                        .nth(2)
                        .is_some_and(|service| service == "s3" || service.contains('*'))
            })
        };
        !self.conditions.is_empty()
            || self.resources.iter().any(|r| match r {
                BackupResource::Tag { .. } => true,
                BackupResource::Arn(arn) => s3_arn(arn),
                _ => false,
            })
    }

    /// Renders the role (if generated) and the selection: `(logical id, resource)` pairs.
    pub(crate) fn render(
        &self,
        scope: &str,
        plan: &PlanRef,
        context: &SelectionContext<'_>,
        problems: &mut Problems,
    ) -> Vec<(String, Rendered)> {
        // The construct path: `<scope>/<id>`, as components.
        let path = || {
            let scope = (!scope.is_empty()).then(|| scope.split('/'));
            scope.into_iter().flatten().chain(self.id.split('/'))
        };
        let mut rendered = Vec::with_capacity(2);
        let role_arn = match &self.role {
            RoleChoice::Existing(arn) => arn.clone(),
            RoleChoice::InStack(id) => CfnValue::get_att_of(&resource_logical_id(id), "Arn"),
            RoleChoice::Generated => {
                let role_id = logical_id_of(path().chain(["Role", "Resource"]));
                rendered.push((role_id.clone(), self.render_role(context)));
                CfnValue::get_att_of(&role_id, "Arn")
            }
        };
        let (mut arns, tags) = self.resolve(context);
        if arns.is_empty() && tags.is_empty() && !self.conditions.is_empty() {
            // AWS needs `Resources` or `ListOfTags`: conditions alone filter everything.
            arns.push(CfnValue::literal("*"));
        }
        // An empty list is reported by `validate`; here only constructs that collected nothing.
        if arns.is_empty() && tags.is_empty() && !self.resources.is_empty() {
            problems.check(
                || format!("{}.resources", context.path),
                rules::check_selection_selects(0, 0),
            );
        }
        let non_empty = |items: Vec<CfnValue>| (!items.is_empty()).then_some(items);
        let properties = CfnBackupSelection {
            backup_plan_id: Some(plan.plan_id()),
            backup_selection: Some(BackupSelectionResourceType {
                conditions: self.render_conditions(),
                iam_role_arn: Some(role_arn),
                list_of_tags: (!tags.is_empty()).then_some(tags),
                not_resources: non_empty(self.not_resources.clone()),
                resources: non_empty(arns),
                selection_name: Some(CfnValue::literal(self.selection_name())),
            }),
        };
        let resource = Rendered::new(CfnBackupSelection::TYPE_NAME, properties);
        rendered.push((logical_id_of(path().chain(["Resource"])), resource));
        rendered
    }

    /// `Conditions`: one list per operator.
    fn render_conditions(&self) -> Option<Conditions> {
        if self.conditions.is_empty() {
            return None;
        }
        let mut conditions = Conditions::default();
        for condition in &self.conditions {
            let list = match condition.operator {
                ConditionOperator::StringEquals => &mut conditions.string_equals,
                ConditionOperator::StringLike => &mut conditions.string_like,
                ConditionOperator::StringNotEquals => &mut conditions.string_not_equals,
                ConditionOperator::StringNotLike => &mut conditions.string_not_like,
            };
            list.get_or_insert_with(Vec::new).push(ConditionParameter {
                condition_key: Some(CfnValue::literal(condition.condition_key())),
                condition_value: Some(CfnValue::literal(condition.value.as_str())),
            });
        }
        Some(conditions)
    }

    /// The managed policies of the generated role, as [`RolePolicies`] says.
    pub fn managed_policy_names(&self, choice: RolePolicies) -> Vec<&'static str> {
        self.managed_policies(choice).collect()
    }

    /// [`BackupSelection::managed_policy_names`], in order.
    fn managed_policies(&self, choice: RolePolicies) -> impl Iterator<Item = &'static str> {
        let s3 = choice == RolePolicies::ForSelection && self.covers_s3();
        let backup = !self.disable_default_backup_policy;
        let restores = self.allow_restores;
        [
            (backup, "service-role/AWSBackupServiceRolePolicyForBackup"),
            (
                restores,
                "service-role/AWSBackupServiceRolePolicyForRestores",
            ),
            (s3 && backup, "AWSBackupServiceRolePolicyForS3Backup"),
            (s3 && restores, "AWSBackupServiceRolePolicyForS3Restore"),
        ]
        .into_iter()
        .filter_map(|(attached, name)| attached.then_some(name))
    }

    fn render_role(&self, context: &SelectionContext<'_>) -> Rendered {
        let policies = self
            .managed_policies(context.role_policies)
            .map(Environment::builtin_policy_arn)
            .collect();
        backup_service_role(policies, context.tags)
    }

    /// Explicit ARNs in order, then ARNs collected from constructs; and the tag conditions.
    fn resolve(
        &self,
        context: &SelectionContext<'_>,
    ) -> (Vec<CfnValue>, Vec<ConditionResourceType>) {
        let mut arns = Vec::new();
        let mut collected = Vec::new();
        let mut tags = Vec::new();
        for resource in &self.resources {
            match resource {
                BackupResource::Arn(arn) => arns.push(arn.clone()),
                BackupResource::Formatted {
                    service,
                    resource,
                    separator,
                    id,
                } => arns.push(
                    context
                        .env
                        .format_arn(service, resource, *separator, id.clone()),
                ),
                BackupResource::Tag {
                    key,
                    value,
                    operation,
                } => tags.push(ConditionResourceType {
                    condition_key: Some(CfnValue::literal(key.as_str())),
                    condition_type: Some(CfnValue::literal_static(operation.as_str())),
                    condition_value: Some(CfnValue::literal(value.as_str())),
                }),
                BackupResource::Construct(prefix) => {
                    collected.extend(collect_below(prefix, context))
                }
            }
        }
        arns.extend(collected);
        (arns, tags)
    }
}

/// A role AWS Backup assumes, with `managed_policies` (left out when empty) and the stack's
/// tags: the generated role of a selection and of a restore testing selection.
pub(crate) fn backup_service_role(
    managed_policies: Vec<CfnValue>,
    tags: &Map<String, Value>,
) -> Rendered {
    static TRUST: LazyLock<Arc<Value>> = LazyLock::new(|| {
        Arc::new(json!({
            "Statement": [{ "Action": "sts:AssumeRole", "Effect": "Allow", "Principal": { "Service": "backup.amazonaws.com" } }],
            "Version": "2012-10-17"
        }))
    });
    let trust = CfnJson::shared(Arc::clone(&TRUST));
    let tags = tags.iter().map(|(k, v)| RoleTag {
        key: Some(CfnValue::literal(k.as_str())),
        value: Some(CfnValue::raw(v.clone())),
    });
    let properties = CfnRole {
        assume_role_policy_document: Some(trust),
        managed_policy_arns: (!managed_policies.is_empty()).then_some(managed_policies),
        tags: Some(tags.collect::<Vec<_>>()).filter(|t| !t.is_empty()),
        ..CfnRole::default()
    };
    Rendered::new(CfnRole::TYPE_NAME, properties)
}

fn collect_below(prefix: &str, context: &SelectionContext<'_>) -> Vec<CfnValue> {
    let below = |path: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    context
        .resources
        .iter()
        .filter(|r| below(r.path()))
        .filter(|r| {
            !(r.resource_type() == "AWS::RDS::DBInstance"
                && r.property("DBClusterIdentifier").is_some())
        })
        .filter_map(|r| {
            let (_, service, kind, separator) = COLLECTED_TYPES
                .iter()
                .find(|(t, ..)| *t == r.resource_type())?;
            Some(
                context
                    .env
                    .format_arn(service, kind, *separator, r.reference()),
            )
        })
        .collect()
}

/// What a selection needs from its stack to render.
pub(crate) struct SelectionContext<'a> {
    pub env: &'a Environment,
    pub resources: &'a [&'a CfnResource],
    pub tags: &'a Map<String, Value>,
    pub path: &'a dyn std::fmt::Display,
    pub role_policies: RolePolicies,
}

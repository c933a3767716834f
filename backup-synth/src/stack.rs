//! A stack: plans, vaults, selections and raw resources, synthesized into one deterministic
//! CloudFormation template with CDK's logical ids and generated names.

use std::borrow::Cow;
use std::cell::LazyCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use serde_json::{json, Map, Value};

use crate::air_gapped::LogicallyAirGappedBackupVault;
use crate::cfn::JsonWriter;
use crate::cross_stack;
use crate::framework::{self, Framework};
use crate::grant::{self, Grant};
use crate::ids::{generated_name_of, logical_id, resource_logical_id, FastHashSet, NameMap, Seen};
use crate::key::Key;
use crate::legal_hold::LegalHold;
use crate::plan::BackupPlan;
use crate::problem::{Below, Problem, Problems, Severity, SynthError, Violation};
use crate::rendered::{Rendered, Resources, WrittenResources};
use crate::report_plan::ReportPlan;
use crate::resource::CfnResource;
use crate::restore_testing::{
    RestoreTestingPlan, RestoreTestingPlanRef, RestoreTestingSelection, RestoreTestingVault,
};
use crate::role::{self, Grantee, Role};
use crate::rules;
use crate::selection::{BackupSelection, PlanRef, RolePolicies, SelectionContext};
use crate::tiering::TieringConfiguration;
use crate::topic::Topic;
use crate::value::{CfnValue, Environment};
use crate::vault::{BackupVault, LockConfiguration, VaultRef};

/// Something a stack holds.
#[derive(Clone, Debug, PartialEq)]
pub enum StackItem {
    /// A plan, with its rules, selections and automatic vault.
    Plan(BackupPlan),
    /// A vault.
    Vault(BackupVault),
    /// A selection outside a plan (on [`BackupPlan::from_id`] or a plan's reference).
    Selection(BackupSelection),
    /// A raw CloudFormation resource.
    Resource(CfnResource),
    /// A logically air-gapped vault.
    AirGappedVault(LogicallyAirGappedBackupVault),
    /// A restore testing plan, with its selections.
    RestoreTestingPlan(RestoreTestingPlan),
    /// A restore testing selection outside a plan (with [`RestoreTestingSelection::plan`]).
    RestoreTestingSelection(RestoreTestingSelection),
    /// An IAM role.
    Role(Role),
    /// A KMS key.
    Key(Key),
    /// An SNS topic.
    Topic(Topic),
    /// A tiering configuration.
    TieringConfiguration(TieringConfiguration),
    /// A legal hold.
    LegalHold(LegalHold),
    /// An AWS Backup Audit Manager framework, proven against the stack's plans.
    Framework(Framework),
    /// An AWS Backup Audit Manager report plan.
    ReportPlan(ReportPlan),
}

impl From<Role> for StackItem {
    fn from(role: Role) -> Self {
        StackItem::Role(role)
    }
}

impl From<Key> for StackItem {
    fn from(key: Key) -> Self {
        StackItem::Key(key)
    }
}

impl From<Topic> for StackItem {
    fn from(topic: Topic) -> Self {
        StackItem::Topic(topic)
    }
}

impl From<TieringConfiguration> for StackItem {
    fn from(configuration: TieringConfiguration) -> Self {
        StackItem::TieringConfiguration(configuration)
    }
}

impl From<LegalHold> for StackItem {
    fn from(hold: LegalHold) -> Self {
        StackItem::LegalHold(hold)
    }
}

impl From<Framework> for StackItem {
    fn from(framework: Framework) -> Self {
        StackItem::Framework(framework)
    }
}

impl From<ReportPlan> for StackItem {
    fn from(plan: ReportPlan) -> Self {
        StackItem::ReportPlan(plan)
    }
}

impl From<LogicallyAirGappedBackupVault> for StackItem {
    fn from(vault: LogicallyAirGappedBackupVault) -> Self {
        StackItem::AirGappedVault(vault)
    }
}

impl From<RestoreTestingPlan> for StackItem {
    fn from(plan: RestoreTestingPlan) -> Self {
        StackItem::RestoreTestingPlan(plan)
    }
}

impl From<RestoreTestingSelection> for StackItem {
    fn from(selection: RestoreTestingSelection) -> Self {
        StackItem::RestoreTestingSelection(selection)
    }
}

impl From<BackupPlan> for StackItem {
    fn from(plan: BackupPlan) -> Self {
        StackItem::Plan(plan)
    }
}

impl From<BackupVault> for StackItem {
    fn from(vault: BackupVault) -> Self {
        StackItem::Vault(vault)
    }
}

impl From<BackupSelection> for StackItem {
    fn from(selection: BackupSelection) -> Self {
        StackItem::Selection(selection)
    }
}

impl From<CfnResource> for StackItem {
    fn from(resource: CfnResource) -> Self {
        StackItem::Resource(resource)
    }
}

/// A synthesized template and the warnings found on the way.
///
/// Synthesis writes the template's text straight from the rendered resources; the JSON value
/// ([`Template::json`]) is parsed from that text the first time it is asked for.
#[derive(Clone, Debug)]
pub struct Template {
    /// The pretty-printed text; emptied when the app changes `json` (written again on demand).
    text: OnceLock<String>,
    /// The JSON value, parsed from `text` on demand. At least one of the two is set.
    json: OnceLock<Value>,
    /// Whether rendering wrote a reference to a vault of another stack (`cross_stack`).
    placeholders: bool,
    warnings: Vec<Problem>,
}

impl PartialEq for Template {
    /// Templates are equal when their JSON values are (key order aside) and their warnings are.
    fn eq(&self, other: &Self) -> bool {
        self.warnings == other.warnings && self.json() == other.json()
    }
}

impl Template {
    fn from_text(text: String, placeholders: bool) -> Self {
        Self {
            text: OnceLock::from(text),
            json: OnceLock::new(),
            placeholders,
            warnings: Vec::new(),
        }
    }

    /// The template as a JSON value.
    pub fn json(&self) -> &Value {
        self.json.get_or_init(|| parse_json(self.text.get()))
    }

    /// Whether the template holds references to vaults of other stacks that only the app
    /// resolves (see `cross_stack`).
    pub(crate) fn holds_placeholders(&self) -> bool {
        self.placeholders
    }

    /// The template as JSON, to add what the app links (exports).
    pub(crate) fn json_mut(&mut self) -> &mut Value {
        self.json();
        self.text = OnceLock::new();
        self.json
            .get_mut()
            .unwrap_or_else(|| unreachable!("parsed above"))
    }

    /// The template as JSON, consuming it.
    pub fn into_json(self) -> Value {
        let Self { text, json, .. } = self;
        json.into_inner().unwrap_or_else(|| parse_json(text.get()))
    }

    /// Pretty-printed JSON (two-space indent), byte-for-byte deterministic.
    pub fn to_pretty_string(&self) -> String {
        self.as_pretty_str().to_owned()
    }

    /// [`Self::to_pretty_string`] without a copy: the text synthesis wrote.
    ///
    /// ```
    /// use backup_dsl::{BackupPlan, Stack};
    /// let template = Stack::new("Stack").with(BackupPlan::daily_35_day_retention("Plan")).synth().unwrap();
    /// assert_eq!(template.as_pretty_str(), serde_json::to_string_pretty(template.json()).unwrap());
    /// ```
    pub fn as_pretty_str(&self) -> &str {
        self.text
            .get_or_init(|| self.json.get().map(pretty_json).unwrap_or_default())
    }

    /// Warnings: accepted by AWS, but worth a look.
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }
}

/// The JSON of a template's text (synthesis wrote it: it parses; nesting is not limited, as
/// the value it was written from was not).
fn parse_json(text: Option<&String>) -> Value {
    let Some(text) = text else {
        return Value::Null;
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.disable_recursion_limit();
    let parsed = <Value as serde::Deserialize>::deserialize(&mut deserializer);
    debug_assert!(parsed.is_ok(), "a template's own text parses: {parsed:?}");
    parsed.unwrap_or(Value::Null)
}

/// `value` pretty-printed with a two-space indent.
fn pretty_json(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Room reserved for the text of one stack item (a plan with its vault, role and selection
/// prints about 3.4 KB).
const TEXT_PER_ITEM: usize = 4096;

/// Resource ids reserved for one stack item (a plan with its vault, role and selection has
/// four).
const RESOURCES_PER_ITEM: usize = 4;

/// The most text reserved before writing (64 MiB; a larger template grows the buffer).
const MAX_RESERVED_TEXT: usize = 1 << 26;

/// A CloudFormation stack of backup resources.
///
/// ```
/// use backup_dsl::{BackupPlan, Stack};
/// let mut stack = Stack::new("Stack");
/// stack.add(BackupPlan::daily_35_day_retention("Plan"));
/// let template = stack.synth().unwrap();
/// assert!(template.json()["Resources"]["PlanDAF4E53A"].is_object());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    id: String,
    stages: Vec<String>,
    env: Environment,
    items: Vec<StackItem>,
    tags: BTreeMap<String, String>,
    parameters: Vec<(String, Value)>,
    bootstrap_version_rule: bool,
    grants: Vec<Grant>,
    resource_limit: usize,
    role_policies: RolePolicies,
    allowed_warnings: BTreeSet<String>,
}

impl Stack {
    /// An empty stack with id `id` (it enters generated names, as in CDK).
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            stages: Vec::new(),
            env: Environment::default(),
            items: Vec::new(),
            tags: BTreeMap::new(),
            parameters: Vec::new(),
            bootstrap_version_rule: false,
            grants: Vec::new(),
            resource_limit: rules::MAX_STACK_RESOURCES,
            role_policies: RolePolicies::ForSelection,
            allowed_warnings: BTreeSet::new(),
        }
    }

    /// The stack id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The stage ids the stack is placed in, outermost first (see [`Self::in_stage`]).
    ///
    /// ```
    /// let stack = backup_dsl::Stack::new("Backups").in_stage("Prod");
    /// assert_eq!(stack.stages(), ["Prod"]);
    /// ```
    pub fn stages(&self) -> &[String] {
        &self.stages
    }

    /// The environment the stack deploys to (see [`Self::environment`]).
    ///
    /// ```
    /// use backup_dsl::{Environment, Stack};
    /// let stack = Stack::new("Backups").environment(Environment::new("123456789012", "eu-west-1"));
    /// assert_eq!(stack.env().region.as_deref(), Some("eu-west-1"));
    /// ```
    pub fn env(&self) -> &Environment {
        &self.env
    }

    /// Places the stack inside a CDK stage (outermost first); stage ids enter generated names.
    pub fn in_stage(mut self, stage: impl Into<String>) -> Self {
        self.stages.push(stage.into());
        self
    }

    /// Deploys to a concrete account and region (ARNs get them as literals).
    pub fn environment(mut self, env: Environment) -> Self {
        self.env = env;
        self
    }

    /// Tags every taggable resource (plans, vaults, generated roles), like CDK's `Tags.of(stack)`.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }

    /// Declares a template parameter.
    pub fn parameter(mut self, name: impl Into<String>, declaration: Value) -> Self {
        self.parameters.push((name.into(), declaration));
        self
    }

    /// Adds CDK's bootstrap-version parameter and rule (the stock `DefaultStackSynthesizer`).
    pub fn bootstrap_version_rule(mut self, enable: bool) -> Self {
        self.bootstrap_version_rule = enable;
        self
    }

    /// Sets the resource limit, as CDK's `@aws-cdk/core:stackResourceLimit` context does
    /// (default 500, CloudFormation's quota). `0` disables the error: a template above 500
    /// resources then synthesizes with a `stack-resource-count` warning.
    pub fn resource_limit(mut self, limit: usize) -> Self {
        self.resource_limit = limit;
        self
    }

    /// Chooses the managed policies of generated selection roles (default: what each
    /// selection needs, S3 policies included; [`RolePolicies::AsCdk`] reproduces CDK).
    pub fn role_policies(mut self, choice: RolePolicies) -> Self {
        self.role_policies = choice;
        self
    }

    /// Silences the warning with rule id `rule` (e.g. `vault-without-customer-key`).
    pub fn allow(mut self, rule: impl Into<String>) -> Self {
        self.allowed_warnings.insert(rule.into());
        self
    }

    /// The problems to report: every error, and the warnings not silenced by [`Self::allow`].
    fn reported(&self, problems: Problems) -> Vec<Problem> {
        let mut problems = problems.into_vec();
        problems.retain(|p| {
            p.severity() == Severity::Error || !self.allowed_warnings.contains(p.violation.rule)
        });
        problems
    }

    /// Room for `additional` more items (the linter builds stacks of thousands of items).
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.items.reserve_exact(additional);
    }

    /// Adds a plan, vault, selection or raw resource.
    pub fn add(&mut self, item: impl Into<StackItem>) -> &mut Self {
        self.items.push(item.into());
        self
    }

    /// Builder form of [`Self::add`].
    pub fn with(mut self, item: impl Into<StackItem>) -> Self {
        self.add(item);
        self
    }

    /// Grants `actions` on `vault` to `role`, a role declared in the stack (CDK's
    /// `vault.grant(role, ...actions)`): the statement goes into the role's default
    /// `AWS::IAM::Policy`. Actions with a wildcard are rejected at synthesis.
    ///
    /// ```
    /// use backup_dsl::{BackupVault, CfnResource, Stack};
    /// let vault = BackupVault::new("Vault");
    /// let role = CfnResource::l2("Role", "AWS::IAM::Role");
    /// let mut stack = Stack::new("Stack");
    /// stack.grant(&vault, &role, ["backup:StartBackupJob"]);
    /// stack.add(vault).add(role);
    /// let template = stack.synth().unwrap();
    /// assert!(template.json()["Resources"]["RoleDefaultPolicy5FFB7DAB"].is_object());
    /// ```
    pub fn grant(
        &mut self,
        vault: impl Into<VaultRef>,
        role: impl Into<Grantee>,
        actions: impl IntoIterator<Item = impl Into<String>>,
    ) -> &mut Self {
        self.grants.push(Grant::new(vault, role, actions));
        self
    }

    /// The grants, in the order made.
    pub fn grants(&self) -> &[Grant] {
        &self.grants
    }

    /// The items, in the order added.
    pub fn items(&self) -> &[StackItem] {
        &self.items
    }

    /// Every problem of the stack: errors and warnings, in model order.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Problems::new();
        self.validate_items(&mut problems);
        self.render_json(&mut problems);
        self.reported(problems)
    }

    /// The problems found in the model alone, without rendering the template: every rule
    /// except those that need the rendered resources (what a construct collects, logical-id
    /// clashes, the resource count). The `backup_plan!` macro runs this at compile time.
    pub fn validate_model(&self) -> Vec<Problem> {
        let mut problems = Problems::new();
        self.validate_items(&mut problems);
        self.reported(problems)
    }

    /// The template, or every error found (with the warnings beside them).
    pub fn synth(&self) -> Result<Template, SynthError> {
        self.synth_checked(true)
    }

    /// [`Stack::synth`] for an [`crate::App`], which resolves references to vaults of its other
    /// stacks itself (`standalone` false).
    pub(crate) fn synth_checked(&self, standalone: bool) -> Result<Template, SynthError> {
        let mut problems = Problems::new();
        self.validate_items(&mut problems);
        let (text, placeholders) = cross_stack::rendering(|| self.render_text(&mut problems));
        let mut template = Template::from_text(text, placeholders);
        if !self.frameworks().is_empty() {
            self.prove_frameworks(template.json(), &mut problems);
        }
        if standalone && template.holds_placeholders() {
            cross_stack::check_standalone(template.json(), &mut problems);
        }
        problems.check(
            "template",
            rules::check_template_inline_size(template.as_pretty_str().len()),
        );
        if problems.has_errors() {
            return Err(SynthError {
                problems: self.reported(problems),
            });
        }
        template.warnings = self.reported(problems);
        debug_assert!(template
            .warnings
            .iter()
            .all(|w| w.severity() == Severity::Warning));
        Ok(template)
    }

    /// The template rendered even when the stack has errors, with every problem found: for
    /// tests that lint what synthesis refuses (synthesis and lint report the same errors).
    /// Not for deployment: use [`Stack::synth`].
    #[doc(hidden)]
    pub fn render_despite_errors(&self) -> (Value, Vec<Problem>) {
        let mut problems = Problems::new();
        self.validate_items(&mut problems);
        let json = self.render_json(&mut problems);
        (json, self.reported(problems))
    }

    /// The findings of the stack's framework controls against its rendered template, each
    /// with the control's field path: what synthesis reports about them. The `backup_plan!`
    /// macro runs it at compile time. Not for deployment: use [`Stack::synth`].
    #[doc(hidden)]
    pub fn control_findings(&self) -> Vec<(String, crate::compliance::Finding)> {
        let frameworks = self.frameworks();
        if frameworks.is_empty() {
            return Vec::new();
        }
        let (template, _) = self.render_despite_errors();
        crate::compliance::prove_frameworks(&frameworks, &template, &self.env)
    }

    /// Pretty-printed template JSON, or every error found.
    pub fn synth_string(&self) -> Result<String, SynthError> {
        self.synth().map(|t| t.to_pretty_string())
    }

    fn item_path(item: &StackItem) -> String {
        ItemPath(item).to_string()
    }

    fn item_id(item: &StackItem) -> &str {
        match item {
            StackItem::Plan(plan) => plan.id(),
            StackItem::Vault(vault) => vault.id(),
            StackItem::Selection(selection) => selection.id(),
            StackItem::Resource(resource) => resource.path(),
            StackItem::AirGappedVault(vault) => vault.id(),
            StackItem::RestoreTestingPlan(plan) => plan.id(),
            StackItem::RestoreTestingSelection(selection) => selection.id(),
            StackItem::Role(role) => role.id(),
            StackItem::Key(key) => key.id(),
            StackItem::Topic(topic) => topic.id(),
            StackItem::TieringConfiguration(configuration) => configuration.id(),
            StackItem::LegalHold(hold) => hold.id(),
            StackItem::Framework(framework) => framework.id(),
            StackItem::ReportPlan(plan) => plan.id(),
        }
    }

    fn validate_items(&self, problems: &mut Problems) {
        // Stack tags reach every plan's `BackupPlanTags`, every vault's `BackupVaultTags` and the
        // generated roles: the rules the linter applies to those properties.
        for (key, value) in &self.tags {
            problems.check(|| format!("tags[{key}]"), rules::check_tag_key(key));
            problems.check(
                || format!("tags[{key}]"),
                rules::check_tag_value(key, value),
            );
        }
        let mut ids = Seen::for_count(self.items.len());
        for item in &self.items {
            let path = ItemPath(item);
            let id = Self::item_id(item);
            problems.check(|| format!("{path}.id"), rules::check_construct_id(id));
            problems.check(
                || format!("{path}.id"),
                rules::check_unique_id(id, ids.repeated(id.into())),
            );
            match item {
                StackItem::Plan(plan) => plan.validate(&path, problems),
                StackItem::Selection(selection) => {
                    selection.validate(&path, problems);
                    if selection.plan_ref().is_none() {
                        problems.push(
                            format!("{path}.plan"),
                            Violation::error(
                                "selection-without-plan",
                                format!("selection `{}` belongs to no plan", selection.id()),
                                "add it to a plan with `BackupPlan::selection`, or set `.plan(BackupPlan::from_id(..))`",
                            ),
                        );
                    }
                }
                other => self.validate_item(other, &path.to_string(), problems),
            }
        }
        self.validate_frameworks(problems);
        crate::tiering::validate_vaults(self, problems);
        crate::legal_hold::validate_quota(&self.items, problems);
        self.validate_vault_names(problems);
        self.validate_restore_testing_vaults(problems);
        self.validate_vault_references(problems);
        self.validate_grants(problems);
        role::validate_selection_roles(&self.items, problems);
    }

    /// The checks of one item at `path` (`validate_items` checks plans and selections with a
    /// path written only when a problem is reported).
    fn validate_item(&self, item: &StackItem, path: &str, problems: &mut Problems) {
        match item {
            StackItem::Plan(plan) => plan.validate(path, problems),
            StackItem::Selection(selection) => selection.validate(path, problems),
            StackItem::Vault(vault) => vault.validate(path, problems),
            StackItem::Key(key) => key.validate(path, problems),
            StackItem::Resource(_) | StackItem::Role(_) | StackItem::Topic(_) => {}
            StackItem::AirGappedVault(vault) => vault.validate(path, problems),
            StackItem::RestoreTestingPlan(plan) => plan.validate(path, problems),
            StackItem::RestoreTestingSelection(selection) => {
                selection.validate(path, problems);
                self.validate_restore_testing_plan_ref(path, selection, problems);
            }
            StackItem::TieringConfiguration(configuration) => {
                configuration.validate(path, problems);
            }
            StackItem::LegalHold(hold) => hold.validate(path, problems),
            StackItem::Framework(framework) => framework.validate(path, problems),
            StackItem::ReportPlan(plan) => {
                plan.validate(path, |id| self.has_framework(id), problems)
            }
        }
    }

    fn has_framework(&self, id: &str) -> bool {
        self.items
            .iter()
            .any(|item| matches!(item, StackItem::Framework(f) if f.id() == id))
    }

    /// The frameworks, with their field paths.
    fn frameworks(&self) -> Vec<(String, &Framework)> {
        self.items
            .iter()
            .filter_map(|item| match item {
                StackItem::Framework(f) => Some((Self::item_path(item), f)),
                _ => None,
            })
            .collect()
    }

    /// The frameworks together: duplicates, quotas, the AWS Config reminder. (Each is proven
    /// against the plans after rendering, from the rendered template.)
    fn validate_frameworks(&self, problems: &mut Problems) {
        let frameworks = self.frameworks();
        let borrowed: Vec<(&str, &Framework)> =
            frameworks.iter().map(|(p, f)| (p.as_str(), *f)).collect();
        framework::validate_frameworks(&borrowed, problems);
    }

    /// Vault names are unique per account and Region (row 14): a literal name given to two
    /// vaults of the stack (backup or logically air-gapped) is an error on the second.
    fn validate_vault_names(&self, problems: &mut Problems) {
        let mut names = FastHashSet::default();
        for item in &self.items {
            let name = match item {
                StackItem::Vault(vault) => vault.literal_name(),
                StackItem::AirGappedVault(vault) => vault.literal_name(),
                _ => None,
            };
            if let Some(name) = name {
                let path = Self::item_path(item);
                problems.check(
                    || format!("{path}.name"),
                    rules::check_vault_name_unique(name, !names.insert(name)),
                );
            }
        }
    }

    /// Each grant's actions, vault, and role (which must be a role in the stack).
    fn validate_grants(&self, problems: &mut Problems) {
        if self.grants.is_empty() {
            return;
        }
        let vaults = self.vault_locks();
        let roles = role::grantable_roles(&self.items);
        for (index, grant) in self.grants.iter().enumerate() {
            let path = format!("grants[{index}]");
            grant.validate(&path, problems);
            if let VaultRef::InStack(id) = grant.vault() {
                if vaults.get(id).is_none() {
                    problems.push(format!("{path}.vault"), vault_not_in_stack(id));
                }
            }
            if !roles.contains(grant.role_logical_id()) {
                problems.push(
                    format!("{path}.role"),
                    Violation::error(
                        "grant-role-not-in-stack",
                        format!(
                            "the grant's role `{}` is not a role of the stack",
                            grant.role_logical_id()
                        ),
                        "add the role to the stack with `stack.add(role)`; for a selection's role, grant to `plan.grant_principal(\"<selection id>\")`",
                    ),
                );
            }
        }
    }

    /// Vaults in the stack by construct id (automatic plan vaults included), with their lock.
    fn vault_locks(&self) -> VaultLocks<'_> {
        let mut vaults = NameMap::for_count(self.items.len());
        for item in &self.items {
            match item {
                StackItem::Vault(vault) => {
                    vaults.insert(Cow::Borrowed(vault.id()), vault.lock());
                }
                StackItem::Plan(plan) if plan.needs_auto_vault() => {
                    vaults.insert(Cow::Owned(format!("{}/Vault", plan.id())), None);
                }
                _ => {}
            }
        }
        vaults
    }

    /// Warns of a copy to another account out of a vault that uses the AWS-managed key. Known
    /// only when the stack's account, the destination ARN and the source vault are literal.
    fn check_copy_key(
        &self,
        source: &VaultRef,
        destination: &VaultRef,
        path: impl FnOnce() -> String,
        problems: &mut Problems,
    ) {
        let (Some(account), VaultRef::Arn(arn), VaultRef::InStack(id)) =
            (&self.env.account, destination, source)
        else {
            return;
        };
        let Some(destination_account) = arn.split(':').nth(4) else {
            return;
        };
        let has_key = self.items.iter().any(
            |item| matches!(item, StackItem::Vault(v) if v.id() == id && v.has_customer_key()),
        );
        problems.check(
            path,
            rules::check_cross_account_copy_key(account, destination_account, has_key),
        );
    }

    /// Logically air-gapped vaults in the stack by construct id, with their retention range in
    /// days when known.
    fn air_gapped_vaults(&self) -> HashMap<&str, Option<(i64, i64)>> {
        self.items
            .iter()
            .filter_map(|item| match item {
                StackItem::AirGappedVault(vault) => Some((vault.id(), vault.retention_days())),
                _ => None,
            })
            .collect()
    }

    /// A restore testing selection on its own names a plan, and an in-stack plan exists.
    fn validate_restore_testing_plan_ref(
        &self,
        path: &str,
        selection: &RestoreTestingSelection,
        problems: &mut Problems,
    ) {
        let violation = match selection.plan_ref() {
            None => Violation::error(
                "restore-testing-selection-without-plan",
                format!("restore testing selection `{}` belongs to no plan", selection.id()),
                "add it to a plan with `RestoreTestingPlan::selection`, or set `.plan(..)`",
            ),
            Some(RestoreTestingPlanRef::InStack(id))
                if !self.items.iter().any(|item| {
                    matches!(item, StackItem::RestoreTestingPlan(plan) if plan.id() == id)
                }) =>
            {
                Violation::error(
                    "restore-testing-plan-not-in-stack",
                    format!("restore testing plan `{id}` is referenced but not added to the stack"),
                    "add the plan to the stack with `stack.add(plan)`, or name an existing plan with `RestoreTestingPlanRef::from_name`",
                )
            }
            Some(_) => return,
        };
        problems.push(format!("{path}.plan"), violation);
    }

    /// The in-stack vaults restore testing plans include or exclude exist.
    fn validate_restore_testing_vaults(&self, problems: &mut Problems) {
        if !self
            .items
            .iter()
            .any(|item| matches!(item, StackItem::RestoreTestingPlan(_)))
        {
            return; // nothing to check: no vault map to build
        }
        let vaults = self.vault_locks();
        let air_gapped = self.air_gapped_vaults();
        for item in &self.items {
            let StackItem::RestoreTestingPlan(plan) = item else {
                continue;
            };
            for (key, index, vault) in plan.vaults() {
                let missing = match vault {
                    RestoreTestingVault::Vault(VaultRef::InStack(id)) => {
                        vaults.get(id).is_none().then_some(id)
                    }
                    RestoreTestingVault::Vault(VaultRef::AirGapped(id)) => {
                        (!air_gapped.contains_key(id.as_str())).then_some(id)
                    }
                    _ => None,
                };
                if let Some(id) = missing {
                    problems.push(
                        format!("restore_testing_plans[{}].{key}[{index}]", plan.id()),
                        vault_not_in_stack(id),
                    );
                }
            }
        }
    }

    /// A rule's `TargetLogicallyAirGappedBackupVaultArn`: same account and Region as the
    /// stack (literal ARNs), an air-gapped vault of the stack, retention within its range.
    fn check_air_gapped_target(
        &self,
        target: &VaultRef,
        delete_after_days: Option<i64>,
        air_gapped: &HashMap<&str, Option<(i64, i64)>>,
        path: impl Fn() -> String,
        problems: &mut Problems,
    ) {
        match target {
            VaultRef::Arn(arn) => {
                problems.check(
                    &path,
                    rules::check_air_gapped_target_region(
                        arn,
                        self.env.account.as_deref(),
                        self.env.region.as_deref(),
                    ),
                );
            }
            VaultRef::AirGapped(_) => {
                check_air_gapped_reference(target, delete_after_days, air_gapped, path, problems);
            }
            _ => {}
        }
    }

    /// Every in-stack vault a rule or copy action names exists, and retention fits its lock.
    fn validate_vault_references(&self, problems: &mut Problems) {
        let vaults = self.vault_locks();
        let air_gapped = self.air_gapped_vaults();
        for item in &self.items {
            let StackItem::Plan(plan) = item else {
                continue;
            };
            let auto = LazyCell::new(|| VaultRef::InStack(format!("{}/Vault", plan.id())));
            for (index, rule) in plan.rules().iter().enumerate() {
                let at = || format!("plans[{}].rules[{index}]", plan.id());
                let days = rule.effective_delete_after().and_then(|d| d.to_days().ok());
                let target = plan.rule_vault_or(index, || &*auto);
                check_vault_reference(
                    target,
                    days,
                    &vaults,
                    || format!("{}.vault", at()),
                    problems,
                );
                if let VaultRef::AirGapped(id) = target {
                    problems.check(
                        || format!("{}.vault", at()),
                        rules::check_air_gapped_as_backup_vault(id, true),
                    );
                    check_air_gapped_reference(
                        target,
                        days,
                        &air_gapped,
                        || format!("{}.vault", at()),
                        problems,
                    );
                }
                if let Some(lag) = rule.target_logically_air_gapped_vault() {
                    self.check_air_gapped_target(
                        lag,
                        days,
                        &air_gapped,
                        || format!("{}.logically_air_gapped_vault", at()),
                        problems,
                    );
                }
                for (copy_index, copy) in rule.copy_actions().iter().enumerate() {
                    let copy_days = copy
                        .delete_after
                        .or(rule.effective_delete_after())
                        .and_then(|d| d.to_days().ok());
                    let copy_at = || format!("{}.copy_actions[{copy_index}].destination", at());
                    self.check_copy_key(target, &copy.destination, copy_at, problems);
                    check_vault_reference(&copy.destination, copy_days, &vaults, copy_at, problems);
                    check_air_gapped_reference(
                        &copy.destination,
                        copy_days,
                        &air_gapped,
                        copy_at,
                        problems,
                    );
                }
            }
        }
    }

    /// The template's text, each resource written as it is rendered (no JSON value built).
    fn render_text(&self, problems: &mut Problems) -> String {
        let reserved = (TEXT_PER_ITEM * self.items.len().max(1)).min(MAX_RESERVED_TEXT);
        let mut writer = JsonWriter::with_capacity(reserved);
        writer.begin_object();
        writer.field("Parameters", self.parameters_json().as_ref());
        writer.key("Resources");
        let mut resources =
            WrittenResources::open(&mut writer, RESOURCES_PER_ITEM * self.items.len());
        self.render_resources(problems, &mut resources);
        resources.close();
        writer.field("Rules", self.rules_json().as_ref());
        writer.end_object();
        writer.into_string()
    }

    /// The template as JSON, with the findings of the stack's framework controls.
    fn render_json(&self, problems: &mut Problems) -> Value {
        let mut resources = Map::new();
        self.render_resources(problems, &mut resources);
        let template = self.template(resources);
        self.prove_frameworks(&template, problems);
        template
    }

    /// Proves the stack's framework controls against its rendered template.
    fn prove_frameworks(&self, template: &Value, problems: &mut Problems) {
        crate::compliance::prove_stack(&self.frameworks(), template, &self.env, problems);
    }

    /// Renders every resource into `resources`, in CDK's order: the items in the order added
    /// (each construct's resources together), each grant's policy right after its role.
    fn render_resources(&self, problems: &mut Problems, resources: &mut dyn Resources) {
        let tags: Map<String, Value> = self
            .tags
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        let raw: Vec<&CfnResource> = self
            .items
            .iter()
            .filter_map(|i| match i {
                StackItem::Resource(r) => Some(r),
                _ => None,
            })
            .collect();
        let mut policies: Vec<Option<(String, String, Rendered)>> =
            grant::render_policies(&self.grants, &self.env)
                .into_iter()
                .map(Some)
                .collect();
        let mut placed = FastHashSet::default();
        let mut insert =
            |problems: &mut Problems, path: ItemPath, id: String, resource: Rendered| {
                let attached: Vec<(String, String, Rendered)> = policies
                    .iter_mut()
                    .filter_map(|slot| slot.take_if(|(_, role, _)| *role == id))
                    .collect();
                if let Err(id) = resources.put(id, resource) {
                    // A clash with a grant's policy placed earlier is the grant's, as before the
                    // policies were placed while rendering.
                    let at = if placed.contains(&id) {
                        "grants".to_string()
                    } else {
                        format!("{path}.id")
                    };
                    problems.push(at, duplicate_logical_id(&id));
                }
                for (policy_id, _, policy) in attached {
                    match resources.put(policy_id.clone(), policy) {
                        Ok(()) => {
                            placed.insert(policy_id);
                        }
                        Err(id) => problems.push("grants", duplicate_logical_id(&id)),
                    }
                }
            };
        // One topic policy per topic, however many vaults notify it: CDK's topic keeps one
        // policy document and drops the identical statement a second vault adds.
        let mut topic_policies = HashSet::new();
        let mut seen = FastHashSet::with_capacity_and_hasher(self.items.len(), Default::default());
        for item in &self.items {
            if !seen.insert(Self::item_id(item)) {
                continue; // reported as `duplicate-id` by validation
            }
            let path = ItemPath(item);
            match item {
                StackItem::Plan(plan) => {
                    let plan_id = resource_logical_id(plan.id());
                    // The selections name the plan by the logical id just computed.
                    let plan_ref =
                        PlanRef::Existing(CfnValue::get_att_of(&plan_id, "BackupPlanId"));
                    let auto_vault = plan.auto_vault();
                    let auto_vault_id = auto_vault.as_ref().map(|v| resource_logical_id(v.id()));
                    let rendered = plan.render(&self.env, &tags, auto_vault_id.as_deref());
                    insert(problems, path, plan_id, rendered);
                    if let (Some(vault), Some(id)) = (auto_vault, auto_vault_id) {
                        insert(problems, path, id, self.render_vault_as(&vault, &tags));
                    }
                    let mut selection_ids = FastHashSet::default();
                    for selection in plan
                        .selections()
                        .iter()
                        .filter(|s| selection_ids.insert(s.id()))
                    {
                        let at = Below::new(&path, "selections", selection.id());
                        let context = self.selection_context(&raw, &tags, &at);
                        for (id, rendered) in
                            selection.render(plan.id(), &plan_ref, &context, problems)
                        {
                            insert(problems, path, id, rendered);
                        }
                    }
                }
                StackItem::Vault(vault) => {
                    let (id, rendered) = self.render_vault(vault, &tags);
                    if let Some((policy_id, policy)) = vault.topic_policy() {
                        if topic_policies.insert(policy_id.clone()) {
                            insert(problems, path, policy_id, policy);
                        }
                    }
                    insert(problems, path, id, rendered);
                }
                StackItem::Selection(selection) => {
                    let Some(plan) = selection.plan_ref() else {
                        continue;
                    };
                    let context = self.selection_context(&raw, &tags, &path);
                    for (id, rendered) in selection.render("", plan, &context, problems) {
                        insert(problems, path, id, rendered);
                    }
                }
                StackItem::Resource(resource) => insert(
                    problems,
                    path,
                    resource.logical_id().to_string(),
                    resource.render(),
                ),
                StackItem::AirGappedVault(vault) => {
                    if let Some((policy_id, policy)) = vault.topic_policy() {
                        if topic_policies.insert(policy_id.clone()) {
                            insert(problems, path, policy_id, policy);
                        }
                    }
                    let rendered = vault.render(|| self.generated_name(vault.id()), &tags);
                    let id = resource_logical_id(vault.id());
                    insert(problems, path, id, rendered);
                }
                StackItem::RestoreTestingPlan(plan) => {
                    let rendered = plan.render(|| self.generated_name(plan.id()), &self.env, &tags);
                    let id = resource_logical_id(plan.id());
                    insert(problems, path, id, rendered);
                    let reference = plan.reference();
                    let mut selection_ids = HashSet::new();
                    for selection in plan
                        .selections()
                        .iter()
                        .filter(|s| selection_ids.insert(s.id()))
                    {
                        let at = format!("{}/{}", plan.id(), selection.id());
                        let name = || self.generated_name(&at);
                        for (id, rendered) in selection.render(&at, &reference, name, &tags) {
                            insert(problems, path, id, rendered);
                        }
                    }
                }
                StackItem::Framework(framework) => {
                    insert(
                        problems,
                        path,
                        logical_id(framework.id()),
                        framework.render(&tags),
                    );
                }
                StackItem::ReportPlan(plan) => {
                    insert(problems, path, logical_id(plan.id()), plan.render(&tags));
                }
                StackItem::RestoreTestingSelection(selection) => {
                    let Some(plan) = selection.plan_ref() else {
                        continue;
                    };
                    let name = || self.generated_name(selection.id());
                    for (id, rendered) in selection.render(selection.id(), plan, name, &tags) {
                        insert(problems, path, id, rendered);
                    }
                }
                StackItem::Role(role) => {
                    let attached =
                        role::attached_policies(&self.items, role.id(), self.role_policies);
                    insert(
                        problems,
                        path,
                        role.logical_id(),
                        role.render(&attached, &tags),
                    );
                }
                StackItem::Key(key) => insert(problems, path, key.logical_id(), key.render(&tags)),
                StackItem::Topic(topic) => {
                    insert(problems, path, topic.logical_id(), topic.render(&tags))
                }
                StackItem::TieringConfiguration(configuration) => {
                    let name = || self.generated_name(configuration.id());
                    let rendered = configuration.render(name, &tags);
                    let id = resource_logical_id(configuration.id());
                    insert(problems, path, id, rendered);
                }
                StackItem::LegalHold(hold) => {
                    let id = resource_logical_id(hold.id());
                    insert(problems, path, id, hold.render(&tags));
                }
            }
        }
        for (policy_id, _, policy) in policies.into_iter().flatten() {
            if let Err(id) = resources.put(policy_id, policy) {
                problems.push("grants", duplicate_logical_id(&id));
            }
        }
        problems.check(
            "resources",
            rules::check_resource_limit(resources.len(), self.resource_limit),
        );
    }

    fn selection_context<'a>(
        &'a self,
        raw: &'a [&'a CfnResource],
        tags: &'a Map<String, Value>,
        path: &'a dyn fmt::Display,
    ) -> SelectionContext<'a> {
        SelectionContext {
            env: &self.env,
            resources: raw,
            tags,
            path,
            role_policies: self.role_policies,
        }
    }

    /// The name CDK would generate for the construct at `path` (stages and stack id included),
    /// at most 50 characters of letters and digits.
    /// The name CDK generates for the construct at `path` of this stack.
    /// The literal `BackupVaultName` of the stack's vault `id`, if it has one.
    pub(crate) fn vault_literal_name(&self, id: &str) -> Option<&str> {
        self.items.iter().find_map(|item| match item {
            StackItem::Vault(vault) if vault.id() == id => vault.literal_name(),
            _ => None,
        })
    }

    /// Whether the stack has a backup vault with construct id `id`.
    pub(crate) fn has_vault(&self, id: &str) -> bool {
        self.items
            .iter()
            .any(|item| matches!(item, StackItem::Vault(vault) if vault.id() == id))
    }

    pub(crate) fn generated_name_of(&self, path: &str) -> String {
        self.generated_name(path)
    }

    fn generated_name(&self, path: &str) -> String {
        let components = self
            .stages
            .iter()
            .map(String::as_str)
            .chain([self.id.as_str()])
            .chain(path.split('/'));
        generated_name_of(components, 50)
    }

    fn render_vault(&self, vault: &BackupVault, tags: &Map<String, Value>) -> (String, Rendered) {
        (
            resource_logical_id(vault.id()),
            self.render_vault_as(vault, tags),
        )
    }

    /// The vault's resource (its logical id is the caller's).
    fn render_vault_as(&self, vault: &BackupVault, tags: &Map<String, Value>) -> Rendered {
        vault.render(|| self.generated_name(vault.id()), tags)
    }

    /// The template as JSON around its `resources`.
    fn template(&self, resources: Map<String, Value>) -> Value {
        let mut template = Map::new();
        if let Some(parameters) = self.parameters_json() {
            template.insert("Parameters".into(), parameters);
        }
        template.insert("Resources".into(), Value::Object(resources));
        if let Some(rules) = self.rules_json() {
            template.insert("Rules".into(), rules);
        }
        Value::Object(template)
    }

    /// The template's `Parameters`: the stack's, and CDK's bootstrap version when asked for.
    fn parameters_json(&self) -> Option<Value> {
        let mut parameters: Map<String, Value> = self.parameters.iter().cloned().collect();
        if self.bootstrap_version_rule {
            parameters.insert(
                "BootstrapVersion".into(),
                json!({
                    "Type": "AWS::SSM::Parameter::Value<String>",
                    "Default": "/cdk-bootstrap/hnb659fds/version",
                    "Description": "Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]"
                }),
            );
        }
        (!parameters.is_empty()).then_some(Value::Object(parameters))
    }

    /// The template's `Rules`: CDK's bootstrap version check, when asked for.
    fn rules_json(&self) -> Option<Value> {
        self.bootstrap_version_rule.then(|| {
            json!({ "CheckBootstrapVersion": { "Assertions": [{
                "Assert": { "Fn::Not": [{ "Fn::Contains": [["1", "2", "3", "4", "5"], { "Ref": "BootstrapVersion" }] }] },
                "AssertDescription": "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI."
            }] } })
        })
    }
}

fn check_vault_reference(
    target: &VaultRef,
    delete_after_days: Option<i64>,
    vaults: &VaultLocks<'_>,
    path: impl FnOnce() -> String,
    problems: &mut Problems,
) {
    let VaultRef::InStack(id) = target else {
        return;
    };
    let Some(&lock) = vaults.get(id) else {
        problems.push(path(), vault_not_in_stack(id));
        return;
    };
    let Some(lock) = lock else { return };
    let (Ok(min), max) = (
        lock.min_retention.to_days(),
        lock.max_retention.map(|d| d.to_days()),
    ) else {
        return;
    };
    let max = match max {
        Some(Ok(days)) => Some(days),
        Some(Err(_)) => return,
        None => None,
    };
    problems.check(
        path,
        rules::check_retention_fits_lock(delete_after_days, min, max),
    );
}

/// The stack's vaults by construct id (automatic plan vaults included) with their lock.
type VaultLocks<'a> = NameMap<'a, Option<&'a LockConfiguration>>;

fn duplicate_logical_id(id: &str) -> Violation {
    Violation::error(
        "duplicate-logical-id",
        format!("two resources get the logical id `{id}`"),
        "give the constructs different ids",
    )
}

fn vault_not_in_stack(id: &str) -> Violation {
    Violation::error(
        "vault-not-in-stack",
        format!("vault `{id}` is referenced but not added to the stack"),
        "add the vault to the stack with `stack.add(vault)`, or reference an existing vault with `VaultRef::from_name`",
    )
}

/// An air-gapped vault a rule or copy action names exists in the stack, and the retention fits
/// its range (row 33; as a lock's, row 32).
fn check_air_gapped_reference(
    target: &VaultRef,
    delete_after_days: Option<i64>,
    air_gapped: &HashMap<&str, Option<(i64, i64)>>,
    path: impl FnOnce() -> String,
    problems: &mut Problems,
) {
    let VaultRef::AirGapped(id) = target else {
        return;
    };
    match air_gapped.get(id.as_str()) {
        None => problems.push(path(), vault_not_in_stack(id)),
        Some(Some((min, max))) => {
            problems.check(
                path,
                rules::check_retention_fits_air_gapped_range(delete_after_days, *min, *max),
            );
        }
        Some(None) => {}
    }
}

/// The field path of a stack item (`plans[Daily]`), written only when a problem needs it.
#[derive(Clone, Copy)]
struct ItemPath<'a>(&'a StackItem);

impl fmt::Display for ItemPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let item = self.0;
        match item {
            StackItem::Plan(plan) => write!(f, "plans[{}]", plan.id()),
            StackItem::Vault(vault) => write!(f, "vaults[{}]", vault.id()),
            StackItem::Selection(selection) => write!(f, "selections[{}]", selection.id()),
            StackItem::Resource(resource) => write!(f, "resources[{}]", resource.path()),
            StackItem::AirGappedVault(vault) => write!(f, "air_gapped_vaults[{}]", vault.id()),
            StackItem::RestoreTestingPlan(plan) => {
                write!(f, "restore_testing_plans[{}]", plan.id())
            }
            StackItem::RestoreTestingSelection(selection) => {
                write!(f, "restore_testing_selections[{}]", selection.id())
            }
            StackItem::Role(role) => write!(f, "roles[{}]", role.id()),
            StackItem::Key(key) => write!(f, "keys[{}]", key.id()),
            StackItem::Topic(topic) => write!(f, "topics[{}]", topic.id()),
            StackItem::TieringConfiguration(configuration) => {
                write!(f, "tiering_configurations[{}]", configuration.id())
            }
            StackItem::LegalHold(hold) => write!(f, "legal_holds[{}]", hold.id()),
            StackItem::Framework(framework) => write!(f, "frameworks[{}]", framework.id()),
            StackItem::ReportPlan(plan) => write!(f, "report_plans[{}]", plan.id()),
        }
    }
}

//! Coverage proof: is every resource AWS Backup can protect selected by a backup plan?
//!
//! The analysis reads CloudFormation templates (as `serde_json::Value`, the linter's input
//! form) or an [`App`], finds every resource of the 19 types AWS Backup protects and every
//! `AWS::Backup::BackupSelection`, and decides for each resource, with AWS Backup's selection
//! semantics, whether some selection selects it:
//!
//! - [`Status::Covered`], with the selections and why (ARN, wildcard, tag, condition);
//! - [`Status::Uncovered`], with the nearest miss (`tag \`backup\` is \`no\`, selection
//!   \`Tagged\` wants \`yes\``);
//! - [`Status::Unknown`], only when a value computed at deployment (a parameter, `Fn::If`, an
//!   import) decides, naming it.
//!
//! Every selection of every input applies to every resource of every input, in the same account
//! and Region unless the inputs' environments say otherwise. An ARN built with `Ref`,
//! `Fn::GetAtt`, `Fn::Sub` or `Fn::Join` of a resource in the same template is computed, so it
//! matches that resource. A resource's tags are its tag property (`Tags`, EFS's
//! `FileSystemTags`, a global table's replica `Tags`), the stack-level tags, and CloudFormation's
//! `aws:cloudformation:*` system tags for the types whose schema says it adds them.
//!
//! ```
//! use backup_dsl::coverage::{analyse, Input, Status};
//! use serde_json::json;
//!
//! let template = json!({"Resources": {
//!     "Table": {"Type": "AWS::DynamoDB::Table",
//!               "Properties": {"Tags": [{"Key": "backup", "Value": "no"}]}},
//!     "Selection": {"Type": "AWS::Backup::BackupSelection", "Properties": {
//!         "BackupPlanId": "plan-1",
//!         "BackupSelection": {"SelectionName": "Tagged", "IamRoleArn": "arn:aws:iam::1:role/r",
//!             "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup",
//!                             "ConditionValue": "yes"}]}}}
//! }});
//! let coverage = analyse(&[Input::new("app.json", template)]);
//! let table = &coverage.resources[0];
//! assert_eq!(table.status, Status::Uncovered);
//! assert!(table.reason.contains("tag `backup` is `no`, selection `Selection` wants `yes`"));
//! ```

mod resource;
mod selection;
mod symbolic;
mod template;
mod types;
mod verdict;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

use serde_json::{json, Value};

use crate::app::{App, CloudAssembly};
use crate::problem::{SynthError, Violation};
use resource::Protected;
use selection::Selection;
use template::{resource_type, resources, Scope};
use types::{protectable, OptIn, SystemTags};
use verdict::{Truth, Verdict};

/// One template to analyse, with what is known of where it deploys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Input {
    /// How the template is named in the results (its path as given).
    pub file: String,
    /// The template.
    pub template: Value,
    /// The 12-digit account it deploys to, when known.
    pub account: Option<String>,
    /// The Region it deploys to, when known.
    pub region: Option<String>,
    /// The stack name, when known (the value of `aws:cloudformation:stack-name`).
    pub stack_name: Option<String>,
    /// Stack-level tags, which CloudFormation propagates to the resources.
    pub stack_tags: BTreeMap<String, String>,
}

impl Input {
    /// A template deployed to an unknown account and Region, under an unknown stack name.
    pub fn new(file: impl Into<String>, template: Value) -> Self {
        Self {
            file: file.into(),
            template,
            ..Self::default()
        }
    }

    /// Sets the account and Region (`None`: unknown).
    pub fn environment(mut self, account: Option<String>, region: Option<String>) -> Self {
        self.account = account;
        self.region = region;
        self
    }

    /// Sets the environment from a cloud assembly's `aws://ACCOUNT/REGION` (CDK's
    /// `unknown-account` / `unknown-region` placeholders are unknown).
    pub fn assembly_environment(self, environment: &str) -> Self {
        let rest = environment.strip_prefix("aws://").unwrap_or("");
        let (account, region) = rest.split_once('/').unwrap_or(("", ""));
        let known =
            |v: &str, placeholder: &str| (!v.is_empty() && v != placeholder).then(|| v.to_string());
        self.environment(
            known(account, "unknown-account"),
            known(region, "unknown-region"),
        )
    }

    /// Sets the stack name.
    pub fn stack_name(mut self, name: impl Into<String>) -> Self {
        self.stack_name = Some(name.into());
        self
    }

    /// Adds a stack-level tag.
    pub fn stack_tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.stack_tags.insert(key.into(), value.into());
        self
    }
}

/// Whether a resource is selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Some selection selects it.
    Covered,
    /// No selection selects it.
    Uncovered,
    /// A value computed at deployment decides.
    Unknown,
}

impl Status {
    /// `"covered"`, `"uncovered"` or `"unknown"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Covered => "covered",
            Status::Uncovered => "uncovered",
            Status::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The verdict on one protectable resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceCoverage {
    /// The input's file.
    pub file: String,
    /// The resource's logical id.
    pub logical_id: String,
    /// The CloudFormation type.
    pub resource_type: String,
    /// Covered, uncovered or unknown.
    pub status: Status,
    /// The covering selections as `"<file>#<logical id>"` (empty unless covered).
    pub selections: Vec<String>,
    /// Why, as a sentence.
    pub reason: String,
}

impl ResourceCoverage {
    /// The JSON object of `backup-dsl coverage --format json`: `file`, `logical_id`, `type`,
    /// `status`, `selections`, `reason`.
    pub fn to_json(&self) -> Value {
        json!({
            "file": self.file,
            "logical_id": self.logical_id,
            "type": self.resource_type,
            "status": self.status.as_str(),
            "selections": self.selections,
            "reason": self.reason,
        })
    }
}

/// A warning about a covered resource or a selection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageWarning {
    /// The input's file.
    pub file: String,
    /// The logical id of the resource or selection concerned.
    pub logical_id: String,
    /// The rule (`coverage-opt-in`, `coverage-s3-versioning`, `coverage-system-tag`), message
    /// and help.
    pub violation: Violation,
}

/// The result of an analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// One entry per protectable resource, sorted by file then logical id.
    pub resources: Vec<ResourceCoverage>,
    /// Warnings, sorted by file then logical id then rule.
    pub warnings: Vec<CoverageWarning>,
}

impl Coverage {
    /// The resources with `status`.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &ResourceCoverage> {
        self.resources.iter().filter(move |r| r.status == status)
    }

    /// The entry of resource `logical_id` in `file`.
    pub fn resource(&self, file: &str, logical_id: &str) -> Option<&ResourceCoverage> {
        self.resources
            .iter()
            .find(|r| r.file == file && r.logical_id == logical_id)
    }

    /// The inputs of a synthesized cloud assembly: one per stack, with its template file name,
    /// environment and stack name.
    pub fn inputs_of(assembly: &CloudAssembly) -> Vec<Input> {
        assembly
            .stacks()
            .iter()
            .map(|stack| {
                Input::new(stack.template_file(), stack.template().json().clone())
                    .assembly_environment(stack.environment())
                    .stack_name(stack.stack_name())
            })
            .collect()
    }
}

impl App {
    /// Synthesizes the app and analyses the coverage of its stacks (see [`crate::coverage`]).
    ///
    /// ```
    /// use backup_dsl::{App, BackupPlan, BackupResource, BackupSelection, CfnResource, Stack};
    /// use backup_dsl::coverage::Status;
    /// use serde_json::json;
    ///
    /// let data = Stack::new("Data").with(
    ///     CfnResource::new("Orders", "AWS::DynamoDB::Table")
    ///         .properties(json!({"TableName": "orders"})),
    /// );
    /// let backups = Stack::new("Backups").with(
    ///     BackupPlan::daily_35_day_retention("Plan")
    ///         .selection(BackupSelection::new("Tables").resource(BackupResource::dynamodb_table("orders"))),
    /// );
    /// let coverage = App::new().with_stack(data).with_stack(backups).coverage().unwrap();
    /// let orders = coverage.resource("Data.template.json", "Orders").unwrap();
    /// assert_eq!(orders.status, Status::Covered);
    /// assert_eq!(orders.selections, ["Backups.template.json#PlanTables4B047F8C"]);
    /// ```
    pub fn coverage(&self) -> Result<Coverage, SynthError> {
        Ok(analyse(&Coverage::inputs_of(&self.synth()?)))
    }
}

/// The AWS Backup resource type name (`RDS`, `EBS`, ...) of a protectable CloudFormation type:
/// what a framework control's `ComplianceResourceTypes` scope names.
pub(crate) fn backup_type_of(cfn: &str) -> Option<&'static str> {
    protectable(cfn).map(|t| t.service)
}

/// Analyses `inputs`: every selection of any input against every protectable resource of any
/// input.
pub fn analyse(inputs: &[Input]) -> Coverage {
    let mut found = Vec::new();
    let mut selections = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        let budget = Cell::new(0);
        let scope = Scope {
            input,
            budget: &budget,
        };
        for (logical_id, resource) in resources(&input.template) {
            let Some(kind) = resource_type(resource) else {
                continue;
            };
            if kind == "AWS::Backup::BackupSelection" {
                selections.push(Selection::read(scope, index, logical_id, resource));
            } else if let Some(kind) = protectable(kind) {
                if protected_through_cluster(resource) {
                    continue;
                }
                found.push(Protected::read(scope, index, logical_id, resource, kind));
            }
        }
    }
    let mut coverage = Coverage::default();
    for resource in &found {
        let entry = decide(inputs, &selections, resource);
        if entry.status == Status::Covered {
            coverage.warnings.extend(covered_warnings(inputs, resource));
        }
        coverage.resources.push(entry);
    }
    coverage
        .warnings
        .extend(system_tag_warnings(inputs, &selections, &found));
    coverage
        .resources
        .sort_by(|a, b| (&a.file, &a.logical_id).cmp(&(&b.file, &b.logical_id)));
    coverage.warnings.sort_by(|a, b| {
        (&a.file, &a.logical_id, a.violation.rule).cmp(&(&b.file, &b.logical_id, b.violation.rule))
    });
    coverage
}

/// An `AWS::RDS::DBInstance` in a cluster (`DBClusterIdentifier` set) is backed up through its
/// cluster; AWS Backup does not protect it on its own.
fn protected_through_cluster(resource: &Value) -> bool {
    resource_type(resource) == Some("AWS::RDS::DBInstance")
        && template::properties(resource).contains_key("DBClusterIdentifier")
}

fn decide(inputs: &[Input], selections: &[Selection], resource: &Protected) -> ResourceCoverage {
    let mut covering = Vec::new();
    let mut unknown: Option<(String, Verdict)> = None;
    let mut nearest: Option<Verdict> = None;
    for selection in selections {
        let verdict = selection.selects(inputs, resource);
        match verdict.truth {
            Truth::Yes => covering.push((selection.id.clone(), verdict.reason.to_string())),
            Truth::Unknown => {
                unknown.get_or_insert((selection.id.clone(), verdict));
            }
            Truth::No => {
                nearest = Some(match nearest {
                    Some(n) if n.closeness >= verdict.closeness => n,
                    _ => verdict,
                });
            }
        }
    }
    covering.sort();
    let (status, reason) = if !covering.is_empty() {
        let why: Vec<String> = covering
            .iter()
            .map(|(id, why)| format!("`{id}` ({why})"))
            .collect();
        (Status::Covered, format!("Selected by {}.", why.join(", ")))
    } else if let Some((id, verdict)) = unknown {
        (
            Status::Unknown,
            format!(
                "Undecidable before deployment for `{id}`: {}.",
                verdict.reason
            ),
        )
    } else if let Some(miss) = nearest {
        (
            Status::Uncovered,
            format!("Not selected; nearest miss: {}.", miss.reason),
        )
    } else {
        (
            Status::Uncovered,
            "Not selected: the inputs have no `AWS::Backup::BackupSelection`.".to_string(),
        )
    };
    ResourceCoverage {
        file: inputs[resource.input].file.clone(),
        logical_id: resource.logical_id.clone(),
        resource_type: resource.kind.cfn.to_string(),
        status,
        selections: covering.into_iter().map(|(id, _)| id).collect(),
        reason,
    }
}

/// Opt-in and S3 versioning warnings for a covered resource.
fn covered_warnings(inputs: &[Input], resource: &Protected) -> Vec<CoverageWarning> {
    let mut warnings = Vec::new();
    let warn = |violation| CoverageWarning {
        file: inputs[resource.input].file.clone(),
        logical_id: resource.logical_id.clone(),
        violation,
    };
    let engine = resource.properties.get("Engine").and_then(Value::as_str);
    let service = match resource.kind.cfn {
        "AWS::RDS::DBCluster" if engine.is_some_and(|e| e.starts_with("aurora")) => Some("Aurora"),
        "AWS::RDS::DBCluster" => None,
        _ if resource.kind.opt_in == OptIn::Always => Some(resource.kind.service),
        _ => None,
    };
    if let Some(service) = service {
        warnings.push(warn(Violation::warning(
            "coverage-opt-in",
            format!("`{}` is selected, but AWS Backup backs up {service} only in Regions where the {service} service opt-in is on, even when it is assigned by ARN", resource.logical_id),
            format!("turn {service} on under \"Service opt-in\" in the AWS Backup settings of the Region (https://docs.aws.amazon.com/aws-backup/latest/devguide/working-with-supported-services.html)"),
        )));
    }
    if resource.kind.cfn == "AWS::S3::Bucket" {
        let versioning = resource.properties.get("VersioningConfiguration");
        let status = versioning.and_then(|v| v.get("Status"));
        let computed = status.is_some_and(|s| !s.is_string());
        if !computed && status.and_then(Value::as_str) != Some("Enabled") {
            warnings.push(warn(Violation::warning(
                "coverage-s3-versioning",
                format!("bucket `{}` is selected but its versioning is not enabled; AWS Backup cannot back up an S3 bucket without versioning, so its backup jobs fail", resource.logical_id),
                "set `VersioningConfiguration: {Status: Enabled}` on the bucket (https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html)",
            )));
        }
    }
    warnings
}

/// A selection by a CloudFormation system tag misses the types CloudFormation does not tag.
fn system_tag_warnings(
    inputs: &[Input],
    selections: &[Selection],
    found: &[Protected],
) -> Vec<CoverageWarning> {
    let mut warnings = Vec::new();
    for selection in selections {
        let tests = selection.system_tag_tests();
        if tests.is_empty() {
            continue;
        }
        let mut keys: Vec<&str> = tests.iter().map(|(key, _)| key.as_str()).collect();
        keys.dedup();
        // A resource of another stack than the one a `stack-name` test wants is not missed.
        let concerned = |r: &&Protected| {
            tests.iter().all(|(key, want)| {
                key != "aws:cloudformation:stack-name"
                    || match (&inputs[r.input].stack_name, want) {
                        (Some(stack), Some(want)) => selection::like(want, stack),
                        _ => true,
                    }
            })
        };
        let missed: Vec<String> = found
            .iter()
            .filter(|r| r.kind.system_tags == SystemTags::No)
            .filter(concerned)
            .map(|r| {
                format!(
                    "`{}#{}` ({})",
                    inputs[r.input].file, r.logical_id, r.kind.cfn
                )
            })
            .collect();
        let mut message = format!(
            "selection `{}` selects by `{}`, which CloudFormation does not add to DynamoDB tables, EBS volumes and Redshift Serverless namespaces",
            selection.logical_id,
            keys.join("`, `")
        );
        if !missed.is_empty() {
            message.push_str(&format!("; it cannot select {}", missed.join(", ")));
        }
        warnings.push(CoverageWarning {
            file: inputs[selection.input].file.clone(),
            logical_id: selection.logical_id.clone(),
            violation: Violation::warning(
                "coverage-system-tag",
                message,
                "select those resources by a tag of your own (stack-level tags reach them) or by ARN (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html)",
            ),
        });
    }
    warnings
}

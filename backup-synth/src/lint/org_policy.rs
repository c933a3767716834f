//! Backup policies in the linter: a standalone policy document (a JSON file whose top-level
//! object has `plans`), and the `Content` of each `AWS::Organizations::Policy` of type
//! `BACKUP_POLICY` in a template, as an object or as a JSON string. Findings point into the
//! document: `/plans/…` for a standalone file, `/Resources/<Id>/Properties/Content/plans/…` in
//! a template (for a string, the linter's reader places them on the string). A finding about
//! the whole document (its size) points at `/plans` (standalone) or at `Content` (template).

use serde_json::Value;

use super::{child, Finding, LintReport, Linter};
use crate::cfn::organizations_policy::CfnPolicy;
use crate::cfn::CfnJson;
use crate::org_policy::{check_attachments, check_policy, PolicyKind};
use crate::rules;

/// The resource type of an Organizations policy.
const POLICY_TYPE: &str = "AWS::Organizations::Policy";

pub(crate) use crate::org_policy::is_policy_document;

/// Lints a standalone backup policy document; findings in document order.
pub(crate) fn lint_document(document: &Value) -> LintReport {
    let mut keyed: Vec<(Vec<usize>, Finding)> = check_policy(document, PolicyKind::Attached)
        .into_iter()
        .map(|f| {
            (
                document_order(document, &f.pointer),
                Finding::new(f.pointer, f.violation),
            )
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let findings = keyed.into_iter().map(|(_, f)| f).collect();
    LintReport {
        findings,
        skipped: Vec::new(),
    }
}

/// The position of `pointer` in `document`: the index of each step among its siblings (keys
/// in the order written), so that sorting by it gives document order.
fn document_order(document: &Value, pointer: &str) -> Vec<usize> {
    let mut node = document;
    let mut key = Vec::new();
    for raw in pointer.split('/').skip(1) {
        let step = raw.replace("~1", "/").replace("~0", "~");
        let found = match node {
            Value::Object(map) => map.iter().enumerate().find(|(_, (k, _))| **k == step),
            _ => None,
        };
        match found {
            Some((index, (_, child))) => {
                key.push(index);
                node = child;
            }
            None => {
                key.push(step.parse().unwrap_or(usize::MAX));
                break;
            }
        }
    }
    key
}

/// A backup policy of the template (an `AWS::Organizations::Policy` of type `BACKUP_POLICY`),
/// read through the generated [`CfnPolicy`].
pub(super) struct BackupPolicy {
    /// JSON pointer of its `Properties`.
    pub(super) at: String,
    /// `TargetIds` as written, each a literal or `None` (an intrinsic, or unreadable); `None`
    /// when the property is absent or not a list.
    pub(super) targets: Option<Vec<Option<String>>>,
    /// `Content` as written (an intrinsic is listed as skipped by the reader).
    pub(super) content: Option<Value>,
}

impl Linter<'_> {
    /// Reads every backup policy of the template into its generated type. The values the
    /// reader leaves to deploy time are listed as skipped, unless the policy's `Type` is a
    /// literal other than `BACKUP_POLICY` (the linter does not look into other policies).
    pub(super) fn read_backup_policies(&mut self) -> Vec<BackupPolicy> {
        let mut read = Vec::new();
        for (index, (logical, resource)) in self.resources.iter().enumerate() {
            if resource.get("Type").and_then(Value::as_str) != Some(POLICY_TYPE) {
                continue;
            }
            let base = child("/Resources", logical);
            let properties = self.properties::<CfnPolicy>(resource, &base);
            let kind = properties.as_ref().and_then(|p| p.type_.as_ref());
            if kind.and_then(|k| k.as_literal()) != Some("BACKUP_POLICY") {
                if kind.is_some_and(|k| k.as_literal().is_some()) {
                    self.reader.take_skipped();
                }
                self.flush_skipped(index, resource);
                continue;
            }
            self.flush_skipped(index, resource);
            let Some(properties) = properties else {
                continue;
            };
            let at = child(&base, "Properties");
            let targets = properties.target_ids.map(|ids| {
                self.reader
                    .slots(&child(&at, "TargetIds"), ids)
                    .into_iter()
                    .map(|(_, id)| id.and_then(|id| id.as_literal().map(String::from)))
                    .collect()
            });
            read.push(BackupPolicy {
                at,
                targets,
                content: properties.content.map(CfnJson::into_value),
            });
        }
        read
    }

    /// The findings of every backup policy of the template: its document, and the attachment
    /// limits across policies.
    pub(super) fn lint_policies(&mut self, policies: &[BackupPolicy]) {
        let mut findings = Vec::new();
        let mut attached: Vec<(String, Vec<&str>)> = Vec::new();
        for policy in policies {
            if let Some(targets) = &policy.targets {
                let targets = targets.iter().flatten().map(String::as_str).collect();
                attached.push((child(&policy.at, "TargetIds"), targets));
            }
            let content_at = child(&policy.at, "Content");
            match &policy.content {
                Some(Value::String(text)) => content_string(text, &content_at, &mut findings),
                // An intrinsic is resolved at deploy time: the reader listed it as skipped.
                Some(content @ Value::Object(_)) if super::intrinsic(content).is_none() => {
                    let size = content.to_string().chars().count();
                    content_findings(content, size, &content_at, &mut findings);
                }
                // A missing or mistyped Content is the schema's finding (`cfn-required`,
                // `cfn-type`).
                _ => {}
            }
        }
        let targets: Vec<Vec<&str>> = attached.iter().map(|(_, t)| t.clone()).collect();
        for (index, violation) in check_attachments(&targets) {
            findings.push(Finding::new(attached[index].0.clone(), violation));
        }
        self.findings.extend(findings);
    }
}

/// `Content` written as a JSON string: parsed, then checked; its size is the string's, as the
/// API receives it (whitespace counts).
fn content_string(text: &str, pointer: &str, findings: &mut Vec<Finding>) {
    match serde_json::from_str::<Value>(text) {
        Ok(content) => content_findings(&content, text.chars().count(), pointer, findings),
        Err(error) => findings.push(Finding::new(
            pointer,
            rules::policy_type_error(
                "Content",
                &format!("a string that is not JSON ({error})"),
                "the policy document as a JSON object or as a string of JSON",
            ),
        )),
    }
}

fn content_findings(content: &Value, size: usize, pointer: &str, findings: &mut Vec<Finding>) {
    for finding in check_policy(content, PolicyKind::Attached) {
        if finding.violation.rule == "orgpolicy-size" {
            continue;
        }
        findings.push(Finding::new(
            format!("{pointer}{}", finding.pointer),
            finding.violation,
        ));
    }
    if let Err(violation) = rules::check_policy_size(size) {
        findings.push(Finding::new(pointer, violation));
    }
}

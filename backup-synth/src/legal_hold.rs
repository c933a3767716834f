//! Legal holds (`AWS::Backup::LegalHold`): recovery points that must not be deleted, chosen by
//! vault, by resource and by creation date, until the hold is released.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::cfn::backup_legal_hold::{CfnLegalHold, DateRange, RecoveryPointSelection, Tag};
use crate::problem::Problems;
use crate::rendered::Rendered;
use crate::rules;
use crate::stack::{Stack, StackItem};
use crate::value::CfnValue;
use crate::vault::VaultRef;

/// A legal hold created by the stack.
///
/// `Title`, `Description` and `RecoveryPointSelection` are required and create-only: any
/// change replaces the hold (which releases the old one).
///
/// ```
/// use backup_dsl::{BackupVault, LegalHold, Stack};
/// let vault = BackupVault::new("Vault");
/// let hold = LegalHold::new("Hold", "case-42", "litigation hold for case 42")
///     .vault(&vault)
///     .date_range("2026-01-01T00:00:00Z", "2026-06-30T23:59:59Z");
/// let template = Stack::new("Stack").with(vault).with(hold).synth().unwrap();
/// let json = template.json();
/// let resource = json["Resources"].as_object().unwrap().values()
///     .find(|r| r["Type"] == "AWS::Backup::LegalHold")
///     .unwrap();
/// assert_eq!(resource["Properties"]["Title"], "case-42");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LegalHold {
    id: String,
    title: CfnValue,
    description: CfnValue,
    vaults: Vec<VaultRef>,
    resources: Vec<CfnValue>,
    date_range: Option<(CfnValue, CfnValue)>,
}

impl LegalHold {
    /// A hold with construct id `id`, its `Title` and `Description`.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<CfnValue>,
        description: impl Into<CfnValue>,
    ) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            description: description.into(),
            vaults: Vec::new(),
            resources: Vec::new(),
            date_range: None,
        }
    }

    /// The construct id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Holds the recovery points of a vault (`VaultNames`).
    pub fn vault(mut self, vault: impl Into<VaultRef>) -> Self {
        self.vaults.push(vault.into());
        self
    }

    /// Holds the recovery points of a resource, by ARN (`ResourceIdentifiers`).
    pub fn resource(mut self, arn: impl Into<CfnValue>) -> Self {
        self.resources.push(arn.into());
        self
    }

    /// Holds the recovery points created from `from` to `to` (`DateRange`; ISO 8601
    /// timestamps such as `2026-01-01T00:00:00Z`).
    pub fn date_range(mut self, from: impl Into<CfnValue>, to: impl Into<CfnValue>) -> Self {
        self.date_range = Some((from.into(), to.into()));
        self
    }

    /// Checks the hold alone; paths are `path.<key>`.
    pub(crate) fn validate(&self, path: &str, problems: &mut Problems) {
        for (index, vault) in self.vaults.iter().enumerate() {
            problems.check(|| format!("{path}.vaults[{index}]"), vault.validate());
        }
        let Some((from, to)) = &self.date_range else {
            return;
        };
        let from_at = || format!("{path}.date_range.from");
        let to_at = || format!("{path}.date_range.to");
        let from = from
            .as_literal()
            .and_then(|f| problems.check(from_at, rules::check_legal_hold_date("from", f)));
        let to = to
            .as_literal()
            .and_then(|t| problems.check(to_at, rules::check_legal_hold_date("to", t)));
        if let (Some(from), Some(to)) = (from, to) {
            problems.check(to_at, rules::check_legal_hold_date_order(&from, &to));
        }
    }

    /// Renders the hold.
    pub(crate) fn render(&self, tags: &Map<String, Value>) -> Rendered {
        let non_empty = |values: Vec<CfnValue>| (!values.is_empty()).then_some(values);
        let properties = CfnLegalHold {
            description: Some(self.description.clone()),
            recovery_point_selection: Some(RecoveryPointSelection {
                date_range: self.date_range.as_ref().map(|(from, to)| DateRange {
                    from_date: Some(from.clone()),
                    to_date: Some(to.clone()),
                }),
                resource_identifiers: non_empty(self.resources.clone()),
                vault_names: non_empty(
                    self.vaults
                        .iter()
                        .map(|v| CfnValue::raw(v.name_value()))
                        .collect(),
                ),
            }),
            tags: (!tags.is_empty()).then(|| {
                tags.iter()
                    .map(|(key, value)| Tag {
                        key: Some(CfnValue::literal(key.clone())),
                        value: Some(CfnValue::raw(value.clone())),
                    })
                    .collect()
            }),
            title: Some(self.title.clone()),
        };
        Rendered::new(CfnLegalHold::TYPE_NAME, properties)
    }
}

/// The legal holds of a stack fit the account's quota (`legal-hold-quota`: a stack deploys
/// into one account and Region), on each hold past it.
pub(crate) fn validate_quota(items: &[StackItem], problems: &mut Problems) {
    let holds = items.iter().filter_map(|item| match item {
        StackItem::LegalHold(hold) => Some(hold),
        _ => None,
    });
    for (index, hold) in holds.enumerate() {
        problems.check(
            || format!("legal_holds[{}]", hold.id()),
            rules::check_legal_hold_quota(index + 1, true),
        );
    }
}

/// The quota across the stacks of an app with a known account: in one Region (an error past
/// it) and in every Region (a warning). Holds past the quota within their own stack are that
/// stack's rule. `names[i]` is the name of `stacks[i]`.
pub(crate) fn validate_app_quota(stacks: &[Stack], names: &[String], problems: &mut Problems) {
    let mut per_region: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    let mut per_account: HashMap<&str, usize> = HashMap::new();
    for (index, stack) in stacks.iter().enumerate() {
        let Some(account) = stack.env().account.as_deref() else {
            continue;
        };
        let region = stack.env().region.as_deref();
        let mut own = 0;
        for item in stack.items() {
            let StackItem::LegalHold(hold) = item else {
                continue;
            };
            own += 1;
            let in_region = per_region.entry((account, region)).or_default();
            *in_region += 1;
            let in_account = per_account.entry(account).or_default();
            *in_account += 1;
            if own > rules::MAX_LEGAL_HOLDS {
                continue;
            }
            // An unknown Region may be any Region: only the account-wide count is certain.
            let (ordinal, same_region) = match region {
                Some(_) if *in_region > rules::MAX_LEGAL_HOLDS => (*in_region, true),
                _ => (*in_account, false),
            };
            problems.check(
                || format!("stacks[{}].legal_holds[{}]", names[index], hold.id()),
                rules::check_legal_hold_quota(ordinal, same_region),
            );
        }
    }
}

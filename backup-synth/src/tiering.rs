//! Tiering configurations (`AWS::Backup::TieringConfiguration`): S3 backups in a vault move to
//! the lower-cost warm storage tier after a number of days.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::cfn::backup_tiering_configuration::{CfnTieringConfiguration, ResourceSelection};
use crate::cfn::Cfn;
use crate::duration::Duration;
use crate::plan::tag_map;
use crate::problem::Problems;
use crate::rendered::Rendered;
use crate::rules;
use crate::stack::{Stack, StackItem};
use crate::value::CfnValue;
use crate::vault::VaultRef;

/// The only resource type a tiering configuration takes (`ResourceType`, API reference
/// `ResourceSelection`).
pub const TIERING_RESOURCE_TYPE: &str = "S3";

/// A tiering configuration created by the stack: S3 backups in one vault (or in every vault)
/// move to the warm storage tier after `TieringDownSettingsInDays`.
///
/// ```
/// use backup_dsl::{BackupVault, Duration, Stack, TieringConfiguration, TieringSelection};
/// let vault = BackupVault::new("Vault");
/// let tiering = TieringConfiguration::new("Tiering", &vault)
///     .selection(TieringSelection::all_buckets(Duration::days(60)));
/// let template = Stack::new("Stack").with(vault).with(tiering).synth().unwrap();
/// let json = template.json();
/// let resource = json["Resources"].as_object().unwrap().values()
///     .find(|r| r["Type"] == "AWS::Backup::TieringConfiguration")
///     .unwrap();
/// assert_eq!(resource["Properties"]["ResourceSelection"][0]["TieringDownSettingsInDays"], 60);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TieringConfiguration {
    id: String,
    name: Option<CfnValue>,
    vault: Option<VaultRef>,
    selections: Vec<TieringSelection>,
}

/// One `ResourceSelection` of a tiering configuration: which S3 backups tier down, and when.
#[derive(Clone, Debug, PartialEq)]
pub struct TieringSelection {
    resources: Vec<CfnValue>,
    tier_down_after: Duration,
}

impl TieringSelection {
    /// Every S3 bucket's backups (`Resources: ["*"]`), after `tier_down_after` (60 to 36,500
    /// whole days).
    pub fn all_buckets(tier_down_after: Duration) -> Self {
        Self {
            resources: vec![CfnValue::literal("*")],
            tier_down_after,
        }
    }

    /// The backups of the S3 buckets `arns` (at most 100), after `tier_down_after`.
    pub fn buckets<I, A>(arns: I, tier_down_after: Duration) -> Self
    where
        I: IntoIterator<Item = A>,
        A: Into<CfnValue>,
    {
        Self {
            resources: arns.into_iter().map(Into::into).collect(),
            tier_down_after,
        }
    }

    /// When the backups move to the warm tier.
    pub fn tier_down_after(&self) -> Duration {
        self.tier_down_after
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        let at = || format!("{path}.tier_down_after");
        if let Some(days) = problems.check(at, self.tier_down_after.to_days_of("tier_down_after")) {
            problems.check(at, rules::check_tiering_down_days(days));
        }
        let literal: Vec<&str> = self
            .resources
            .iter()
            .filter_map(CfnValue::as_literal)
            .collect();
        problems.check(
            || format!("{path}.resources"),
            rules::check_tiering_resources(self.resources.len(), &literal),
        );
    }

    fn render(&self) -> ResourceSelection {
        ResourceSelection {
            resource_type: Some(CfnValue::literal(TIERING_RESOURCE_TYPE)),
            resources: Some(self.resources.clone()),
            tiering_down_settings_in_days: Some(Cfn::from(
                self.tier_down_after.to_days().unwrap_or_default(),
            )),
        }
    }
}

impl TieringConfiguration {
    /// A configuration with construct id `id` for the vault `vault`.
    pub fn new(id: impl Into<String>, vault: impl Into<VaultRef>) -> Self {
        Self {
            id: id.into(),
            name: None,
            vault: Some(vault.into()),
            selections: Vec::new(),
        }
    }

    /// A configuration with construct id `id` for every vault of the account and Region
    /// (`BackupVaultName: "*"`).
    pub fn all_vaults(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: None,
            vault: None,
            selections: Vec::new(),
        }
    }

    /// The construct id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `TieringConfigurationName` (1 to 200 letters, digits and `_`); generated from the
    /// construct path when not set (the property is required).
    pub fn name(mut self, name: impl Into<CfnValue>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds a `ResourceSelection` (1 to 5).
    pub fn selection(mut self, selection: TieringSelection) -> Self {
        self.selections.push(selection);
        self
    }

    /// The vault, `None` for every vault.
    pub fn vault(&self) -> Option<&VaultRef> {
        self.vault.as_ref()
    }

    /// Checks the configuration alone; paths are `path.<key>`.
    pub(crate) fn validate(&self, path: &str, problems: &mut Problems) {
        if let Some(name) = self.name.as_ref().and_then(CfnValue::as_literal) {
            problems.check(|| format!("{path}.name"), rules::check_tiering_name(name));
        }
        if let Some(vault) = &self.vault {
            problems.check(|| format!("{path}.vault"), vault.validate());
        }
        problems.check(
            || format!("{path}.selections"),
            rules::check_tiering_selection_count(self.selections.len()),
        );
        for (index, selection) in self.selections.iter().enumerate() {
            selection.validate(&format!("{path}.selections[{index}]"), problems);
        }
    }

    /// Renders the configuration; `generated_name` is used when no name was given.
    pub(crate) fn render(
        &self,
        generated_name: impl FnOnce() -> String,
        tags: &Map<String, Value>,
    ) -> Rendered {
        let vault_name = match &self.vault {
            Some(vault) => CfnValue::raw(vault.name_value()),
            None => CfnValue::literal("*"),
        };
        let properties = CfnTieringConfiguration {
            backup_vault_name: Some(vault_name),
            resource_selection: Some(self.selections.iter().map(|s| s.render()).collect()),
            tiering_configuration_name: Some(
                self.name
                    .clone()
                    .unwrap_or_else(|| CfnValue::literal(generated_name().replace('-', "_"))),
            ),
            tiering_configuration_tags: tag_map(tags),
        };
        Rendered::new(CfnTieringConfiguration::TYPE_NAME, properties)
    }
}

/// The vault a configuration applies to, to compare configurations: `(key, shown)` where the
/// key tells a vault of the stack by id (`id:`) from a vault by name (`name:`) and `*`, and
/// `shown` is how a message names it. `None` when only deployment knows the vault (a token,
/// an air-gapped vault, a vault of another stack: the app's rule compares those).
fn vault_key(configuration: &TieringConfiguration, stack: &Stack) -> Option<(String, String)> {
    let by_name = |name: &str| Some((format!("name:{name}"), name.to_string()));
    match &configuration.vault {
        None => Some(("*".to_string(), "*".to_string())),
        Some(VaultRef::InStack(id)) => match stack.vault_literal_name(id) {
            Some(name) => by_name(name),
            None => Some((format!("id:{id}"), id.clone())),
        },
        Some(VaultRef::Name(name)) => by_name(name.as_literal()?),
        Some(VaultRef::Arn(arn)) => by_name(rules::parse_vault_arn(arn).ok()?),
        Some(VaultRef::Cfn(id)) => Some((format!("cfn:{id}"), id.clone())),
        Some(VaultRef::Stack { .. } | VaultRef::AirGapped(_)) => None,
    }
}

/// One vault-specific tiering configuration per vault, one for every vault (`*`), in a stack
/// (`tiering-vault-unique`, on the later configuration's `vault`).
pub(crate) fn validate_vaults(stack: &Stack, problems: &mut Problems) {
    let mut first: HashMap<String, &str> = HashMap::new();
    for item in stack.items() {
        let StackItem::TieringConfiguration(configuration) = item else {
            continue;
        };
        let Some((key, shown)) = vault_key(configuration, stack) else {
            continue;
        };
        let earlier = first.get(&key).copied();
        first.entry(key).or_insert(configuration.id());
        problems.check(
            || format!("tiering_configurations[{}].vault", configuration.id()),
            rules::check_tiering_vault_unique(&shown, earlier),
        );
    }
}

/// [`validate_vaults`] across the stacks of an app that share a known account and Region
/// (vault names: literal, or generated for the vaults of our stacks); two configurations of
/// one stack are that stack's rule. `names[i]` is the name of `stacks[i]`.
pub(crate) fn validate_app_vaults(stacks: &[Stack], names: &[String], problems: &mut Problems) {
    let mut first: HashMap<(String, String, String), (usize, String)> = HashMap::new();
    for (index, stack) in stacks.iter().enumerate() {
        let (Some(account), Some(region)) = (&stack.env().account, &stack.env().region) else {
            continue;
        };
        for item in stack.items() {
            let StackItem::TieringConfiguration(configuration) = item else {
                continue;
            };
            let Some(name) = app_vault_name(configuration, stack, stacks) else {
                continue;
            };
            let key = (account.clone(), region.clone(), name.clone());
            let earlier = match first.get(&key) {
                Some((stack_index, id)) if *stack_index != index => {
                    Some(format!("{}/{id}", names[*stack_index]))
                }
                _ => None,
            };
            first
                .entry(key)
                .or_insert((index, configuration.id().to_string()));
            problems.check(
                || {
                    format!(
                        "stacks[{}].tiering_configurations[{}].vault",
                        names[index],
                        configuration.id()
                    )
                },
                rules::check_tiering_vault_unique(&name, earlier.as_deref()),
            );
        }
    }
}

/// The vault name a configuration of `stack` names once deployed, if known at synthesis.
fn app_vault_name(
    configuration: &TieringConfiguration,
    stack: &Stack,
    stacks: &[Stack],
) -> Option<String> {
    let in_stack = |stack: &Stack, id: &str| {
        stack
            .vault_literal_name(id)
            .map(str::to_string)
            .or_else(|| stack.has_vault(id).then(|| stack.generated_name_of(id)))
    };
    match &configuration.vault {
        None => Some("*".to_string()),
        Some(VaultRef::InStack(id)) => in_stack(stack, id),
        Some(VaultRef::Stack {
            stack: other,
            vault,
        }) => {
            let other = stacks.iter().find(|s| s.id() == other)?;
            in_stack(other, vault)
        }
        Some(VaultRef::Name(name)) => name.as_literal().map(str::to_string),
        Some(VaultRef::Arn(arn)) => rules::parse_vault_arn(arn).ok().map(str::to_string),
        Some(VaultRef::Cfn(_) | VaultRef::AirGapped(_)) => None,
    }
}

//! The language's declarations, parsed from the entry tree: an invocation holds vaults and
//! plans; plans hold rules and selections; rules hold copy actions.

use backup_synth::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupSelection, BackupVault, Duration,
    LogicallyAirGappedBackupVault, RemovalPolicy, RestoreTestingAlgorithm, RestoreTestingPlan,
    RestoreTestingSelection,
};
use proc_macro2::{Ident, Span, TokenStream, TokenTree};

use crate::diag::{did_you_mean, Diagnostics, Place};
use crate::property::{Keys, Property, Table, Values};
use crate::tree::{entries, span_of, Accepts, Entry, Word};
use crate::values::{self, Scalar, Str};

/// A construct id, from an identifier or a string literal.
#[derive(Clone)]
pub struct Name {
    /// The id.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// The whole invocation.
pub struct Invocation {
    /// The path to the facade (`$crate`), as its tokens (kept apart, not joined into a stream:
    /// the expansion's alias puts them among its own).
    pub krate: Vec<TokenTree>,
    /// `in <expr>;`: the stack to add everything to.
    pub target: Option<TokenStream>,
    /// Top-level `vault Name { … }` declarations.
    pub vaults: Vec<VaultDecl>,
    /// The plans.
    pub plans: Vec<PlanDecl>,
    /// Top-level `air_gapped_vault Name { … }` declarations.
    pub air_gapped_vaults: Vec<AirGappedDecl>,
    /// Top-level `restore_testing_plan Name { … }` declarations.
    pub restore_testing_plans: Vec<RestoreTestingPlanDecl>,
    /// Top-level `tiering_configuration Name { … }` declarations.
    pub tiering_configurations: Vec<crate::tiering::TieringDecl>,
    /// Top-level `legal_hold Name { … }` declarations.
    pub legal_holds: Vec<crate::legal_hold::LegalHoldDecl>,
    /// Top-level `framework Name { … }` declarations.
    pub frameworks: Vec<crate::framework::FrameworkDecl>,
    /// Top-level `report_plan Name { … }` declarations.
    pub report_plans: Vec<crate::report_plan::ReportPlanDecl>,
    /// Top-level `key Name { … }` declarations.
    pub keys: Vec<crate::keys::KeyDecl>,
    /// Top-level `topic Name { … }` declarations.
    pub topics: Vec<crate::keys::TopicDecl>,
    /// `organization Name { … }`: the invocation is an organization unit.
    pub organizations: Vec<crate::organization::OrganizationDecl>,
}

/// `air_gapped_vault Name { … }`: a logically air-gapped vault created by the stack.
pub struct AirGappedDecl {
    /// Construct id.
    pub id: Name,
    /// The keys of the table [`AIR_GAPPED`], as written.
    pub properties: Values<LogicallyAirGappedBackupVault>,
    /// `min_retention` (required).
    pub min_retention: Option<Scalar<Duration>>,
    /// `max_retention` (required).
    pub max_retention: Option<Scalar<Duration>>,
    /// `encryption_key`.
    pub encryption_key: Option<crate::keys::Reference>,
    /// `notification_topic` (with `notification_events`).
    pub notification_topic: Option<crate::keys::Reference>,
    /// `notification_events` (with `notification_topic`).
    pub notification_events: Option<Vec<Ident>>,
}

/// `restore_testing_plan Name { … }`.
pub struct RestoreTestingPlanDecl {
    /// Construct id.
    pub id: Name,
    /// The keys of the table [`RESTORE_PLAN`], as written.
    pub properties: Values<RestoreTestingPlan>,
    /// `schedule` (required).
    pub schedule: Option<Scalar<Str>>,
    /// `recovery_point_types`, and the span of the key.
    pub recovery_point_types: Option<(Vec<Ident>, Span)>,
    /// `include_vaults`, and the span of the key.
    pub include_vaults: Option<(Vec<RestoreVault>, Span)>,
    /// `exclude_vaults`, and the span of the key.
    pub exclude_vaults: Option<(Vec<RestoreVault>, Span)>,
    /// `selection …` items.
    pub selections: Vec<RestoreSelectionDecl>,
}

/// One entry of `include_vaults` / `exclude_vaults`.
pub enum RestoreVault {
    /// `"*"` or an ARN (pattern), verbatim.
    Pattern(Str),
    /// A vault: a declared id, `from_name("…")`, `from_arn("…")` or `{ expr }`.
    Vault(VaultValue),
    /// Already reported as malformed.
    Invalid(Place),
}

/// One entry of a restore testing selection's `conditions`.
pub struct RestoreCondition {
    /// `==` (`StringEquals`) rather than `!=` (`StringNotEquals`).
    pub equals: bool,
    /// The tag key.
    pub key: Str,
    /// The value.
    pub value: Str,
}

/// A selection of a restore testing plan.
pub struct RestoreSelectionDecl {
    /// Construct id.
    pub id: Name,
    /// The keys of the table [`RESTORE_SELECTION`], as written.
    pub properties: Values<RestoreTestingSelection>,
    /// `protected_resource_type` (required).
    pub protected_resource_type: Option<Scalar<Str>>,
    /// `protected_resource_arns` (malformed entries dropped, reported), and the key's span.
    pub protected_resource_arns: Option<(Vec<Scalar<Str>>, Span)>,
    /// `conditions` (malformed ones dropped, reported), and the key's span.
    pub conditions: Option<(Vec<RestoreCondition>, Span)>,
    /// `restore_metadata_overrides`.
    pub restore_metadata_overrides: Option<Vec<(Str, Str)>>,
}

/// Where a plan, rule or copy action sends its backups.
#[derive(Clone)]
pub enum VaultValue {
    /// `new Name { … }`: a vault created in the stack.
    New(Box<VaultDecl>),
    /// `Name`: a vault declared elsewhere in the stack, by id.
    InStack(Name),
    /// `from_name("…")`.
    FromName(Scalar<Str>),
    /// `from_arn("…")`.
    FromArn(Scalar<Str>),
    /// `{ expr }`: anything that converts into a `VaultRef`.
    Splice(TokenStream, Place),
}

/// A vault created by the stack.
#[derive(Clone)]
pub struct VaultDecl {
    /// Construct id.
    pub id: Name,
    /// The keys of the table [`VAULT`], as written.
    pub properties: Values<BackupVault>,
    /// `encryption_key`.
    pub encryption_key: Option<crate::keys::Reference>,
    /// `notification_topic`.
    pub notification_topic: Option<crate::keys::Reference>,
    /// `notification_events`.
    pub notification_events: Option<Vec<Ident>>,
    /// `lock_configuration`.
    pub lock: Option<LockDecl>,
}

/// `lock_configuration: { … }`.
#[derive(Clone)]
pub struct LockDecl {
    /// The `lock_configuration` key.
    pub span: Span,
    /// `min_retention` (required).
    pub min_retention: Option<Scalar<Duration>>,
    /// `max_retention`.
    pub max_retention: Option<Scalar<Duration>>,
    /// `changeable_for`.
    pub changeable_for: Option<Scalar<Duration>>,
}

/// A plan.
pub struct PlanDecl {
    /// Construct id.
    pub id: Name,
    /// `= daily_35_day_retention`: a ready-made plan to start from.
    pub ready_made: Option<Ident>,
    /// The keys of the table [`PLAN`], as written.
    pub properties: Values<BackupPlan>,
    /// `vault`.
    pub vault: Option<VaultValue>,
    /// `scan_setting`.
    pub scan_setting: Option<crate::scan::ScanSettingDecl>,
    /// `s3_backup_options`.
    pub s3_backup_options: Option<crate::s3_options::S3OptionsDecl>,
    /// `rule …` items.
    pub rules: Vec<RuleDecl>,
    /// `selection …` items.
    pub selections: Vec<SelectionDecl>,
    /// The ready-made plan named was unknown (reported): its rules are unknown too.
    pub unknown_ready_made: bool,
}

/// A rule.
pub struct RuleDecl {
    /// The `rule` keyword.
    pub span: Span,
    /// `rule daily();`: a ready-made rule, with an optional vault argument.
    pub ready_made: Option<(Ident, Option<VaultValue>)>,
    /// `rule Name { … }`.
    pub name: Option<Name>,
    /// The keys of the table [`RULE`], as written.
    pub properties: Values<BackupPlanRule>,
    /// `scan_mode`: the mode of the rule's GuardDuty scan action.
    pub scan_mode: Option<Ident>,
    /// `index_actions`: the resource types of the one index action.
    pub index_actions: Option<Vec<(String, Span)>>,
    /// `vault`.
    pub vault: Option<VaultValue>,
    /// `logically_air_gapped_vault`.
    pub logically_air_gapped_vault: Option<VaultValue>,
    /// `copy_to …` items.
    pub copies: Vec<CopyDecl>,
    /// An unknown ready-made rule (reported): the rule stands in, unchecked.
    pub unknown: bool,
}

/// `copy_to <vault> { … }`.
pub struct CopyDecl {
    /// The `copy_to` keyword.
    pub span: Span,
    /// The destination.
    pub destination: VaultValue,
    /// The keys of the table [`COPY`], as written.
    pub properties: Values<BackupPlanCopyAction>,
}

/// A selection.
pub struct SelectionDecl {
    /// Construct id.
    pub id: Name,
    /// The keys of the table [`SELECTION`], as written.
    pub properties: Values<BackupSelection>,
    /// `resources` and the span of the key.
    pub resources: Option<(Vec<ResourceDecl>, Span)>,
    /// `all_of`: tag conditions every selected resource meets, and the span of the key.
    pub all_of: Option<(Vec<ConditionDecl>, Span)>,
    /// `not_resources`: ARNs excluded, and the span of the key.
    pub not_resources: Option<(Vec<ResourceDecl>, Span)>,
}

/// How a tag is compared: `==`, `!=`, `like`, `not like`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `==`.
    Equals,
    /// `!=`.
    NotEquals,
    /// `like`.
    Like,
    /// `not like`.
    NotLike,
}

/// One entry of `all_of: [ … ]`: `tag("key" <comparison> "value")`, or a spliced condition.
pub enum ConditionDecl {
    /// A literal tag condition.
    Tag {
        /// Key.
        key: Str,
        /// Comparison.
        comparison: Comparison,
        /// Value.
        value: Str,
        /// The whole entry.
        span: Place,
    },
    /// `{ expr }`: a spliced `TagCondition`.
    Splice(TokenStream, Place),
    /// Already reported as malformed.
    Invalid,
}

/// One entry of `resources: [ … ]`.
pub enum ResourceDecl {
    /// `tag("key" == "value")`.
    Tag {
        /// Key.
        key: Str,
        /// Value.
        value: Str,
        /// The whole entry.
        span: Place,
    },
    /// `arn("…")`, `dynamodb_table("…")`, …: a helper named by `kind`.
    Helper {
        /// The helper.
        kind: Ident,
        /// Its argument.
        argument: Scalar<Str>,
    },
    /// `{ expr }`: a spliced `BackupResource`.
    Splice(TokenStream, Place),
    /// An entry already reported as malformed (kept so that no second error follows).
    Invalid,
}

/// The ready-made plans (CDK's four).
pub const READY_MADE_PLANS: &[&str] = &[
    "daily_35_day_retention",
    "daily_monthly_1_year_retention",
    "daily_weekly_monthly_5_year_retention",
    "daily_weekly_monthly_7_year_retention",
];
/// The ready-made rules (CDK's five).
pub const READY_MADE_RULES: &[&str] = &[
    "daily",
    "weekly",
    "monthly_1_year",
    "monthly_5_year",
    "monthly_7_year",
];
/// Resource helpers of `resources: [ … ]` besides `tag`.
pub const RESOURCE_HELPERS: &[&str] = &[
    "arn",
    "dynamodb_table",
    "ec2_instance",
    "efs_file_system",
    "rds_instance",
    "rds_cluster",
    "rds_serverless_cluster",
    "construct",
];
/// `removal_policy` values.
pub const REMOVAL_POLICIES: &[&str] = &[
    "retain",
    "destroy",
    "retain_on_update_or_delete",
    "snapshot",
];

/// `algorithm` values of a restore testing plan.
pub const RESTORE_TESTING_ALGORITHMS: &[&str] = &["latest_within_window", "random_within_window"];
/// `recovery_point_types` values of a restore testing plan.
pub const RECOVERY_POINT_TYPES: &[&str] = &["SNAPSHOT", "CONTINUOUS"];

/// The keys and items a block kind allows, for blocks whose keys are all hand-written (a
/// block with simple keys is a [`Table`]).
pub(crate) struct Block {
    /// How messages name the block (`a rule`).
    pub(crate) what: &'static str,
    /// The `key: value` entries it takes.
    pub(crate) keys: &'static [&'static str],
    /// The nested items it takes (`rule`, `selection`, `copy_to`, …).
    pub(crate) items: &'static [&'static str],
}

impl Keys for Block {
    fn what(&self) -> &'static str {
        self.what
    }

    fn key_names(&self) -> &[&'static str] {
        self.keys
    }

    fn items(&self) -> &'static [&'static str] {
        self.items
    }
}

pub(crate) const TOP: Block = Block {
    what: "the invocation",
    keys: &[],
    items: &[
        "in",
        "plan",
        "vault",
        "air_gapped_vault",
        "restore_testing_plan",
        "tiering_configuration",
        "legal_hold",
        "framework",
        "report_plan",
        "key",
        "topic",
        "organization",
    ],
};
/// The keys of a plan.
pub(crate) const PLAN: Table<BackupPlan> = Table::new(
    "a plan",
    &[
        Property::text("name", |plan, name| plan.name(name)),
        Property::custom("vault"),
        Property::flag("windows_vss", BackupPlan::windows_vss),
        Property::custom("scan_setting"),
        Property::custom("s3_backup_options"),
    ],
    &["rule", "selection"],
);
/// The keys of a rule.
pub(crate) const RULE: Table<BackupPlanRule> = Table::new(
    "a rule",
    &[
        Property::text("schedule", |rule, cron| rule.schedule(cron)),
        Property::text("schedule_timezone", |rule, zone| {
            rule.schedule_timezone(zone)
        }),
        Property::duration("start_window", BackupPlanRule::start_window),
        Property::duration("completion_window", BackupPlanRule::completion_window),
        Property::duration("delete_after", BackupPlanRule::delete_after),
        Property::duration(
            "move_to_cold_storage_after",
            BackupPlanRule::move_to_cold_storage_after,
        ),
        Property::flag(
            "enable_continuous_backup",
            BackupPlanRule::enable_continuous_backup,
        ),
        Property::flag("opt_in_to_archive", BackupPlanRule::opt_in_to_archive),
        Property::custom("scan_mode"),
        Property::pairs(
            "recovery_point_tags",
            "recovery_point_tag",
            "recovery_point_tags",
            |rule, tags| rule.recovery_point_tags(tags),
        ),
        Property::custom("index_actions"),
        Property::custom("vault"),
        Property::custom("logically_air_gapped_vault"),
    ],
    &["copy_to"],
);
/// The keys of a copy action.
pub(crate) const COPY: Table<BackupPlanCopyAction> = Table::new(
    "a copy action",
    &[
        Property::duration("delete_after", BackupPlanCopyAction::delete_after),
        Property::duration(
            "move_to_cold_storage_after",
            BackupPlanCopyAction::move_to_cold_storage_after,
        ),
        Property::flag("opt_in_to_archive", BackupPlanCopyAction::opt_in_to_archive),
    ],
    &[],
);
/// The keys of a selection.
pub(crate) const SELECTION: Table<BackupSelection> = Table::new(
    "a selection",
    &[
        Property::text("name", |selection, name| selection.name(name)),
        Property::custom("resources"),
        Property::flag("allow_restores", BackupSelection::allow_restores),
        Property::flag(
            "disable_default_backup_policy",
            BackupSelection::disable_default_backup_policy,
        ),
        // An ARN literal is `.role_arn("…")`; a splice is `.role(expr)`, which also takes a
        // `&Role` of the stack (it receives the selection's managed policies).
        Property::value("role", |selection: BackupSelection, arn| {
            selection.role_arn(arn)
        })
        .method("role_arn")
        .splice_method("role"),
        Property::custom("all_of"),
        Property::custom("not_resources"),
    ],
    &[],
);
/// The keys of a vault.
pub(crate) const VAULT: Table<BackupVault> = Table::new(
    "a vault",
    &[
        Property::value("name", |vault, name| vault.name(name)),
        Property::custom("encryption_key"),
        Property::custom("notification_topic"),
        Property::custom("notification_events"),
        Property::expr("access_policy", POLICY_DOCUMENT),
        Property::flag(
            "block_recovery_point_deletion",
            BackupVault::block_recovery_point_deletion,
        ),
        Property::custom("lock_configuration"),
        Property::word(
            "removal_policy",
            REMOVAL_POLICIES,
            "RemovalPolicy",
            |vault, policy| vault.removal_policy(removal_policy(policy)),
        ),
        Property::pairs("tags", "tag", "tags", |vault, tags| vault.tags(tags)),
    ],
    &[],
);
pub(crate) const LOCK: Block = Block {
    what: "a lock configuration",
    keys: &["min_retention", "max_retention", "changeable_for"],
    items: &[],
};

/// The keys of an air-gapped vault.
pub(crate) const AIR_GAPPED: Table<LogicallyAirGappedBackupVault> = Table::new(
    "an air-gapped vault",
    &[
        Property::value("name", |vault, name| vault.name(name)),
        Property::custom("min_retention"),
        Property::custom("max_retention"),
        Property::custom("encryption_key"),
        Property::value("mpa_approval_team", |vault, arn| {
            vault.mpa_approval_team(arn)
        }),
        Property::custom("notification_topic"),
        Property::custom("notification_events"),
        Property::expr("access_policy", POLICY_DOCUMENT),
        Property::word(
            "removal_policy",
            REMOVAL_POLICIES,
            "RemovalPolicy",
            |vault, policy| vault.removal_policy(removal_policy(policy)),
        ),
    ],
    &[],
);
/// The keys of a restore testing plan.
pub(crate) const RESTORE_PLAN: Table<RestoreTestingPlan> = Table::new(
    "a restore testing plan",
    &[
        Property::text("name", |plan, name| plan.name(name)),
        Property::custom("schedule"),
        Property::text("schedule_timezone", |plan, zone| {
            plan.schedule_timezone(zone)
        }),
        Property::duration("start_window", RestoreTestingPlan::start_window),
        Property::word(
            "algorithm",
            RESTORE_TESTING_ALGORITHMS,
            "RestoreTestingAlgorithm",
            |plan, algorithm| match algorithm {
                "random_within_window" => {
                    plan.algorithm(RestoreTestingAlgorithm::RandomWithinWindow)
                }
                _ => plan.algorithm(RestoreTestingAlgorithm::LatestWithinWindow),
            },
        ),
        Property::custom("recovery_point_types"),
        Property::custom("include_vaults"),
        Property::custom("exclude_vaults"),
        Property::duration("selection_window", RestoreTestingPlan::selection_window),
    ],
    &["selection"],
);
/// The keys of a restore testing selection.
pub(crate) const RESTORE_SELECTION: Table<RestoreTestingSelection> = Table::new(
    "a restore testing selection",
    &[
        Property::text("name", |selection, name| selection.name(name)),
        Property::custom("protected_resource_type"),
        Property::custom("protected_resource_arns"),
        Property::custom("conditions"),
        Property::duration(
            "validation_window",
            RestoreTestingSelection::validation_window,
        ),
        Property::custom("restore_metadata_overrides"),
        Property::value("role", |selection: RestoreTestingSelection, arn| {
            selection.role_arn(arn)
        })
        .method("role_arn")
        .splice_method("role"),
    ],
    &[],
);

/// What `access_policy` takes.
const POLICY_DOCUMENT: &str = "a policy document (`serde_json::json!({ … })`)";

/// The model's removal policy for a `removal_policy` word. Only `snapshot` is told apart: it
/// is the only policy a rule looks at (`vault-removal-snapshot`), and the check keeps the
/// model's default otherwise.
fn removal_policy(word: &str) -> RemovalPolicy {
    match word {
        "snapshot" => RemovalPolicy::Snapshot,
        _ => RemovalPolicy::Retain,
    }
}

/// Every item keyword of the language, to tell a misplaced block from an unknown word.
const ALL_ITEMS: &[&str] = &[
    "in",
    "plan",
    "vault",
    "rule",
    "selection",
    "copy_to",
    "air_gapped_vault",
    "restore_testing_plan",
    "tiering_configuration",
    "legal_hold",
    "framework",
    "control",
    "report_plan",
    "key",
    "topic",
    "organization",
];

/// The words `block_entries` reads as items of `block`: its own, then every other item keyword
/// that is not also one of its keys (a misplaced block, reported as such).
struct ItemWords<'a>(&'a dyn Keys);

impl Accepts for ItemWords<'_> {
    fn accepts(&self, word: &str) -> bool {
        let block = self.0;
        block.items().contains(&word) || (ALL_ITEMS.contains(&word) && !block.has_key(word))
    }

    fn words(&self) -> Vec<&str> {
        let block = self.0;
        let others = ALL_ITEMS
            .iter()
            .filter(|i| !(block.items().contains(i) || block.has_key(i)));
        block.items().iter().chain(others).copied().collect()
    }
}

/// Splits `tokens` into the entries `block` allows, reporting unknown, misplaced and
/// duplicate keys and items.
pub(crate) fn block_entries(
    block: &dyn Keys,
    tokens: impl IntoIterator<Item = TokenTree>,
    diagnostics: &mut Diagnostics,
) -> Vec<Entry> {
    let keys = block.key_names();
    let mut kept: Vec<Entry> = Vec::new();
    for entry in entries(tokens, &ItemWords(block), diagnostics) {
        match &entry {
            Entry::Key { key, .. } => {
                let name = key.as_str();
                if !keys.contains(&name) {
                    unknown_key(block, key, diagnostics);
                } else if kept
                    .iter()
                    .any(|e| matches!(e, Entry::Key { key, .. } if key.as_str() == name))
                {
                    diagnostics.error(
                        key.span(),
                        format!(
                            "`{key}` is given twice in {}\n= help: remove one of them",
                            block.what()
                        ),
                    );
                } else {
                    kept.push(entry);
                }
            }
            Entry::Item { keyword, .. } if !block.items().contains(&keyword.as_str()) => {
                let allowed = if block.items().is_empty() {
                    "it takes no blocks".to_string()
                } else {
                    format!("it takes {}", list_words(block.items()))
                };
                diagnostics.error(
                    keyword.span(),
                    format!(
                        "`{keyword}` cannot appear in {}; {allowed}\n= help: {}",
                        block.what(),
                        placement(keyword)
                    ),
                );
            }
            Entry::Item { .. } => kept.push(entry),
        }
    }
    kept
}

fn placement(keyword: &Word) -> &'static str {
    match keyword.as_str() {
        "plan" | "in" | "air_gapped_vault" | "restore_testing_plan" | "tiering_configuration" | "legal_hold" | "framework" | "report_plan" | "key" | "topic" | "organization" => {
            "write it at the top level of `backup_plan!`"
        }
        "vault" => "declare vaults at the top level (`vault Name { … }`) or as a value (`vault: new Name { … }`)",
        "rule" | "selection" => "write it inside a `plan Name { … }` block",
        "control" => "write it inside a `framework Name { … }` block",
        _ => "write `copy_to <vault> { … }` inside a `rule` block",
    }
}

fn list_words(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every block kind with keys, to say where a misplaced key belongs.
const KEYED_BLOCKS: &[&dyn Keys] = &[
    &PLAN,
    &RULE,
    &COPY,
    &SELECTION,
    &VAULT,
    &LOCK,
    &AIR_GAPPED,
    &RESTORE_PLAN,
    &RESTORE_SELECTION,
    &crate::scan::SCAN_SETTING,
    &crate::tiering::TIERING,
    &crate::tiering::TIERING_SELECTION,
    &crate::s3_options::S3_BACKUP_OPTIONS,
    &crate::legal_hold::LEGAL_HOLD,
    &crate::framework::FRAMEWORK,
    &crate::report_plan::REPORT_PLAN,
    &crate::keys::KEY,
    &crate::keys::TOPIC,
    &crate::organization::ORGANIZATION,
];

/// The help for a key `block` does not take but other blocks do: which blocks take it.
fn belongs_in(block: &dyn Keys, key: &str) -> Option<String> {
    let homes: Vec<&str> = KEYED_BLOCKS
        .iter()
        .filter(|b| b.what() != block.what() && b.has_key(key))
        .map(|b| b.what())
        .collect();
    let (last, rest) = homes.split_last()?;
    let places = if rest.is_empty() {
        (*last).to_string()
    } else {
        format!("{} or {last}", rest.join(", "))
    };
    Some(format!(
        "\n= help: `{key}` is a key of {places}, not of {}: move it there",
        block.what()
    ))
}

fn unknown_key(block: &dyn Keys, key: &Ident, diagnostics: &mut Diagnostics) {
    let found = key.to_string();
    let keys = block.key_names();
    let hint = belongs_in(block, &found).unwrap_or_else(|| {
        did_you_mean(&found, keys)
            .map_or(String::new(), |s| format!("\n= help: did you mean `{s}`?"))
    });
    let allowed = if keys.is_empty() {
        "no keys".to_string()
    } else {
        list_words(keys)
    };
    diagnostics.error(
        key.span(),
        format!(
            "unknown key `{found}` in {}; allowed keys: {allowed}{hint}",
            block.what()
        ),
    );
}

/// The construct id in `tokens` (`Name` or `"name"`), reporting a missing one after `keyword`.
pub(crate) fn id(
    keyword: &Ident,
    tokens: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Name> {
    match tokens.first() {
        Some(TokenTree::Ident(i)) => Some(Name {
            text: i.to_string(),
            span: i.span(),
        }),
        Some(token) => match values::string_literal(token) {
            Some(s) => Some(Name {
                text: s.text.clone(),
                span: s.span(),
            }),
            None => {
                diagnostics.error(token.span(), format!("expected an id after `{keyword}`, found `{token}`\n= help: write `{keyword} Name {{ … }}`"));
                None
            }
        },
        None => {
            diagnostics.error(
                keyword.span(),
                format!("`{keyword}` needs an id\n= help: write `{keyword} Name {{ … }}`"),
            );
            None
        }
    }
}

pub(crate) fn body_or_report(
    keyword: &Ident,
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> TokenStream {
    match body {
        Some(group) => group.stream(),
        None => {
            diagnostics.error(
                keyword.span(),
                format!("`{keyword}` needs a body `{{ … }}`"),
            );
            TokenStream::new()
        }
    }
}

pub(crate) fn extra_tokens(tokens: &[TokenTree], diagnostics: &mut Diagnostics) {
    if let Some(first) = tokens.first() {
        diagnostics.error(
            span_of(tokens, first.span()),
            format!(
                "unexpected `{}`",
                tokens.iter().cloned().collect::<TokenStream>()
            ),
        );
    }
}

/// Parses the invocation `krate; …`.
pub fn invocation(
    krate: Vec<TokenTree>,
    tokens: impl IntoIterator<Item = TokenTree>,
    diagnostics: &mut Diagnostics,
) -> Invocation {
    let mut invocation = Invocation {
        krate,
        target: None,
        vaults: Vec::new(),
        plans: Vec::new(),
        air_gapped_vaults: Vec::new(),
        restore_testing_plans: Vec::new(),
        tiering_configurations: Vec::new(),
        legal_holds: Vec::new(),
        frameworks: Vec::new(),
        report_plans: Vec::new(),
        keys: Vec::new(),
        topics: Vec::new(),
        organizations: Vec::new(),
    };
    for entry in block_entries(&TOP, tokens, diagnostics) {
        let Entry::Item {
            keyword,
            header,
            body,
        } = entry
        else {
            continue;
        };
        match keyword.as_str() {
            "in" => target(&mut invocation, &keyword, header, body, diagnostics),
            "vault" => {
                if let Some(vault) = id(&keyword, &header, diagnostics) {
                    extra_tokens(&header[1..], diagnostics);
                    let body = body_or_report(&keyword, body, diagnostics);
                    invocation.vaults.push(vault_decl(vault, body, diagnostics));
                }
            }
            "air_gapped_vault" => {
                if let Some(vault) = air_gapped_vault(&keyword, &header, body, diagnostics) {
                    invocation.air_gapped_vaults.push(vault);
                }
            }
            "restore_testing_plan" => {
                if let Some(plan) = restore_testing_plan(&keyword, &header, body, diagnostics) {
                    invocation.restore_testing_plans.push(plan);
                }
            }
            "tiering_configuration" => {
                if let Some(decl) = crate::tiering::parse(&keyword, &header, body, diagnostics) {
                    invocation.tiering_configurations.push(decl);
                }
            }
            "legal_hold" => {
                if let Some(decl) = crate::legal_hold::parse(&keyword, &header, body, diagnostics) {
                    invocation.legal_holds.push(decl);
                }
            }
            "framework" => {
                if let Some(decl) = crate::framework::parse(&keyword, &header, body, diagnostics) {
                    invocation.frameworks.push(decl);
                }
            }
            "report_plan" => {
                if let Some(decl) = crate::report_plan::parse(&keyword, &header, body, diagnostics)
                {
                    invocation.report_plans.push(decl);
                }
            }
            "key" => {
                if let Some(decl) = crate::keys::parse_key(&keyword, &header, body, diagnostics) {
                    invocation.keys.push(decl);
                }
            }
            "topic" => {
                if let Some(decl) = crate::keys::parse_topic(&keyword, &header, body, diagnostics) {
                    invocation.topics.push(decl);
                }
            }
            "organization" => {
                if let Some(decl) = crate::organization::parse(&keyword, &header, body, diagnostics)
                {
                    invocation.organizations.push(decl);
                }
            }
            _ => {
                if let Some(plan) = plan(&keyword, &header, body, diagnostics) {
                    invocation.plans.push(plan);
                }
            }
        }
    }
    invocation
}

fn target(
    invocation: &mut Invocation,
    keyword: &Ident,
    header: Vec<TokenTree>,
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) {
    if invocation.target.is_some() {
        diagnostics.error(
            keyword.span(),
            "`in` is given twice\n= help: name one stack",
        );
    } else if header.is_empty() || body.is_some() {
        diagnostics.error(keyword.span(), "`in` needs a stack: write `in stack;`");
    } else {
        invocation.target = Some(header.into_iter().collect());
    }
}

fn plan(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<PlanDecl> {
    let id = id(keyword, header, diagnostics)?;
    let mut unknown_ready_made = false;
    let ready_made = match &header[1..] {
        [] => None,
        [TokenTree::Punct(eq), TokenTree::Ident(name)] if eq.as_char() == '=' => {
            let text = name.to_string();
            if READY_MADE_PLANS.contains(&text.as_str()) {
                Some(name.clone())
            } else {
                let hint = did_you_mean(&text, READY_MADE_PLANS)
                    .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
                diagnostics.error(
                    name.span(),
                    format!(
                        "unknown ready-made plan `{name}`{hint}\n= help: use one of {}",
                        list_words(READY_MADE_PLANS)
                    ),
                );
                unknown_ready_made = true;
                None
            }
        }
        rest => {
            extra_tokens(rest, diagnostics);
            None
        }
    };
    let mut plan = PlanDecl {
        id,
        ready_made,
        properties: Values::new(&PLAN),
        vault: None,
        scan_setting: None,
        s3_backup_options: None,
        rules: Vec::new(),
        selections: Vec::new(),
        unknown_ready_made,
    };
    let tokens = body.map(|b| b.stream()).unwrap_or_default();
    for entry in block_entries(&PLAN, tokens, diagnostics) {
        match entry {
            Entry::Key { key, value } => match plan.properties.parse(&key, &value, diagnostics) {
                None => {}
                Some("vault") => plan.vault = vault_value(&key, &value, diagnostics),
                Some("scan_setting") => {
                    plan.scan_setting = crate::scan::parse(&key, &value, diagnostics)
                }
                Some(_) => {
                    plan.s3_backup_options = crate::s3_options::parse(&key, &value, diagnostics)
                }
            },
            Entry::Item {
                keyword,
                header,
                body,
            } if keyword == "rule" => {
                if let Some(rule) = rule(&keyword, &header, body, diagnostics) {
                    plan.rules.push(rule);
                }
            }
            Entry::Item {
                keyword,
                header,
                body,
            } => {
                if let Some(selection) = selection(&keyword, &header, body, diagnostics) {
                    plan.selections.push(selection);
                }
            }
        }
    }
    Some(plan)
}

fn rule(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<RuleDecl> {
    let mut rule = RuleDecl {
        span: keyword.span(),
        ready_made: None,
        name: None,
        properties: Values::new(&RULE),
        scan_mode: None,
        index_actions: None,
        vault: None,
        logically_air_gapped_vault: None,
        copies: Vec::new(),
        unknown: false,
    };
    match header {
        [] => {}
        [TokenTree::Ident(name), TokenTree::Group(args)]
            if args.delimiter() == proc_macro2::Delimiter::Parenthesis =>
        {
            let text = name.to_string();
            if !READY_MADE_RULES.contains(&text.as_str()) {
                let hint = did_you_mean(&text, READY_MADE_RULES)
                    .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
                diagnostics.error(
                    name.span(),
                    format!(
                        "unknown ready-made rule `{name}`{hint}\n= help: use one of {}",
                        list_words(READY_MADE_RULES)
                    ),
                );
                rule.unknown = true;
                return Some(rule);
            }
            let args: Vec<TokenTree> = args.stream().into_iter().collect();
            let vault = if args.is_empty() {
                None
            } else {
                Some(vault_value(name, &args, diagnostics)?)
            };
            rule.ready_made = Some((name.clone(), vault));
            if let Some(body) = body {
                diagnostics.error(body.span(), format!("a ready-made rule takes no body\n= help: write `rule {name}();`, or a rule of your own `rule Name {{ … }}`"));
            }
            return Some(rule);
        }
        [_] => rule.name = id(keyword, header, diagnostics),
        [_, rest @ ..] => {
            rule.name = id(keyword, header, diagnostics);
            extra_tokens(rest, diagnostics);
        }
    }
    let tokens = body_or_report(keyword, body, diagnostics);
    for entry in block_entries(&RULE, tokens, diagnostics) {
        match entry {
            Entry::Key { key, value } => {
                if let Some(custom) = rule.properties.parse(&key, &value, diagnostics) {
                    rule_key(&mut rule, custom, &key, &value, diagnostics);
                }
            }
            Entry::Item {
                keyword,
                header,
                body,
            } => {
                if let Some(copy) = copy(&keyword, &header, body, diagnostics) {
                    rule.copies.push(copy);
                }
            }
        }
    }
    Some(rule)
}

/// A key of a rule that is not a table row: `custom` is its name.
fn rule_key(
    rule: &mut RuleDecl,
    custom: &str,
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) {
    match custom {
        "scan_mode" => rule.scan_mode = scan_mode(key, value, diagnostics),
        "index_actions" => rule.index_actions = index_types(key, value, diagnostics),
        "logically_air_gapped_vault" => {
            rule.logically_air_gapped_vault = vault_value(key, value, diagnostics)
        }
        _ => rule.vault = vault_value(key, value, diagnostics),
    }
}

/// `scan_mode` values of a rule (its GuardDuty scan action's `ScanMode`).
pub const SCAN_MODES: &[&str] = &["full", "incremental"];

/// `scan_mode: full` or `scan_mode: incremental`.
fn scan_mode(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> Option<Ident> {
    match value {
        [TokenTree::Ident(mode)] if SCAN_MODES.contains(&mode.to_string().as_str()) => {
            Some(mode.clone())
        }
        _ => {
            let found = value.iter().cloned().collect::<TokenStream>();
            diagnostics.error(
                span_of(value, key.span()),
                format!(
                    "`{key}` takes `full` or `incremental`, found `{found}`\n= help: write `{key}: incremental` to scan only what changed since the last scanned backup"
                ),
            );
            None
        }
    }
}

fn index_types(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<(String, Span)>> {
    let (items, _) = values::list(key, value, diagnostics)?;
    let mut types = Vec::new();
    for item in items {
        match item.as_slice() {
            [TokenTree::Ident(i)] => types.push((i.to_string(), i.span())),
            [token] if values::string_literal(token).is_some() => {
                let s = values::string_literal(token)?;
                types.push((s.text.clone(), s.span()));
            }
            other => {
                diagnostics.error(
                    span_of(other, key.span()),
                    "an index action resource type is `S3` or `EBS`",
                );
                return None;
            }
        }
    }
    Some(types)
}

fn copy(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<CopyDecl> {
    if header.is_empty() {
        diagnostics.error(keyword.span(), "`copy_to` needs a destination vault\n= help: write `copy_to from_arn(\"arn:aws:backup:…:backup-vault:name\") { delete_after: 365 days }`");
        return None;
    }
    let destination = vault_value(keyword, header, diagnostics)?;
    let mut copy = CopyDecl {
        span: keyword.span(),
        destination,
        properties: Values::new(&COPY),
    };
    let tokens = body.map(|b| b.stream()).unwrap_or_default();
    for entry in block_entries(&COPY, tokens, diagnostics) {
        if let Entry::Key { key, value } = entry {
            // Every key of a copy action is a table row.
            let _ = copy.properties.parse(&key, &value, diagnostics);
        }
    }
    Some(copy)
}

fn selection(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<SelectionDecl> {
    let id = id(keyword, header, diagnostics)?;
    extra_tokens(&header[1..], diagnostics);
    let mut selection = SelectionDecl {
        id,
        properties: Values::new(&SELECTION),
        resources: None,
        all_of: None,
        not_resources: None,
    };
    let tokens = body_or_report(keyword, body, diagnostics);
    for entry in block_entries(&SELECTION, tokens, diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        let Some(custom) = selection.properties.parse(&key, &value, diagnostics) else {
            continue;
        };
        match custom {
            "resources" => {
                selection.resources = resources(&key, &value, diagnostics).map(|r| (r, key.span()))
            }
            "all_of" => {
                selection.all_of = all_of(&key, &value, diagnostics).map(|c| (c, key.span()))
            }
            _ => {
                selection.not_resources =
                    not_resources(&key, &value, diagnostics).map(|r| (r, key.span()))
            }
        }
    }
    Some(selection)
}

/// `all_of: [tag("key" == "value"), tag("key" like "pattern*"), { expr }, …]`.
fn all_of(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<ConditionDecl>> {
    let Some((items, _)) = values::list(key, value, diagnostics) else {
        return Some(vec![ConditionDecl::Invalid]);
    };
    Some(
        items
            .iter()
            .map(|item| condition(item, diagnostics))
            .collect(),
    )
}

fn condition(item: &[TokenTree], diagnostics: &mut Diagnostics) -> ConditionDecl {
    if let Some((expr, span)) = values::splice(item) {
        return ConditionDecl::Splice(expr, span.into());
    }
    let span = span_of(item, proc_macro2::Span::call_site());
    if let [TokenTree::Ident(kind), TokenTree::Group(args)] = item {
        if kind == "tag" {
            let args: Vec<TokenTree> = args.stream().into_iter().collect();
            if let Some((key, comparison, value)) = tag_comparison(&args) {
                return ConditionDecl::Tag {
                    key,
                    comparison,
                    value,
                    span,
                };
            }
            diagnostics.error(span_of(&args, kind.span()), TAG_COMPARISON_HELP);
            return ConditionDecl::Invalid;
        }
    }
    diagnostics.error(
        span,
        format!(
            "`all_of` takes tag conditions, found `{}`\n= help: write `tag(\"stage\" == \"prod\")`; resources and ARNs go in `resources` (any of them is backed up)",
            item.iter().cloned().collect::<TokenStream>()
        ),
    );
    ConditionDecl::Invalid
}

const TAG_COMPARISON_HELP: &str = "a tag condition is `tag(\"key\" == \"value\")`, `!=`, `like` or `not like`\n= help: write `tag(\"stage\" == \"prod\")` or `tag(\"name\" like \"db-*\")`";

/// The comparison operators of a tag condition, as written.
pub(crate) const COMPARISONS: &[(&str, Comparison)] = &[
    ("==", Comparison::Equals),
    ("!=", Comparison::NotEquals),
    ("like", Comparison::Like),
    ("not like", Comparison::NotLike),
];

/// The operator tokens as written: `==` and `!=` are two punctuation tokens, `not like` two
/// words.
fn operator_text(operator: &[TokenTree]) -> Option<String> {
    match operator {
        [TokenTree::Punct(a), TokenTree::Punct(b)] => {
            Some(format!("{}{}", a.as_char(), b.as_char()))
        }
        [TokenTree::Ident(word)] => Some(word.to_string()),
        [TokenTree::Ident(first), TokenTree::Ident(second)] => Some(format!("{first} {second}")),
        _ => None,
    }
}

/// `"key" == "value"`, `"key" != "value"`, `"key" like "value"`, `"key" not like "value"`.
fn tag_comparison(args: &[TokenTree]) -> Option<(Str, Comparison, Str)> {
    let (key, rest) = args.split_first()?;
    let (value, operator) = rest.split_last()?;
    let written = operator_text(operator)?;
    let comparison = COMPARISONS
        .iter()
        .find(|(text, _)| *text == written)
        .map(|(_, comparison)| *comparison)?;
    Some((
        values::string_literal(key)?,
        comparison,
        values::string_literal(value)?,
    ))
}

/// `not_resources: [arn("…"), { expr }, …]`.
fn not_resources(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<ResourceDecl>> {
    let parsed = resources(key, value, diagnostics)?;
    Some(
        parsed
            .into_iter()
            .map(|entry| match entry {
                ResourceDecl::Helper { ref kind, ref argument } if kind != "arn" => {
                    diagnostics.error(argument.span(), format!("`not_resources` takes ARNs, found `{kind}(…)`\n= help: write `arn(\"arn:aws:…\")`"));
                    ResourceDecl::Invalid
                }
                ResourceDecl::Tag { span, .. } => {
                    diagnostics.error(span, "`not_resources` takes ARNs, found a tag\n= help: exclude by tag with `all_of: [tag(\"key\" != \"value\")]`");
                    ResourceDecl::Invalid
                }
                other => other,
            })
            .collect(),
    )
}

fn resources(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<ResourceDecl>> {
    let Some((items, _)) = values::list(key, value, diagnostics) else {
        return Some(vec![ResourceDecl::Invalid]);
    };
    Some(
        items
            .iter()
            .map(|item| resource(item, diagnostics).unwrap_or(ResourceDecl::Invalid))
            .collect(),
    )
}

fn resource(item: &[TokenTree], diagnostics: &mut Diagnostics) -> Option<ResourceDecl> {
    if let Some((expr, span)) = values::splice(item) {
        return Some(ResourceDecl::Splice(expr, span.into()));
    }
    let span = span_of(item, proc_macro2::Span::call_site());
    let [TokenTree::Ident(kind), TokenTree::Group(args)] = item else {
        diagnostics.error(span, format!("expected a resource such as `tag(\"key\" == \"value\")` or `arn(\"…\")`, found `{}`", item.iter().cloned().collect::<TokenStream>()));
        return None;
    };
    let args: Vec<TokenTree> = args.stream().into_iter().collect();
    let text = kind.to_string();
    if text == "tag" {
        return tag(kind, &args, span, diagnostics);
    }
    if !RESOURCE_HELPERS.contains(&text.as_str()) {
        let mut known = RESOURCE_HELPERS.to_vec();
        known.push("tag");
        let hint = did_you_mean(&text, &known)
            .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
        diagnostics.error(
            kind.span(),
            format!(
                "unknown resource `{kind}`{hint}\n= help: use one of {}",
                list_words(&known)
            ),
        );
        return None;
    }
    let argument = values::string(kind, &args, diagnostics)?;
    Some(ResourceDecl::Helper {
        kind: kind.clone(),
        argument,
    })
}

fn tag(
    kind: &Ident,
    args: &[TokenTree],
    span: Place,
    diagnostics: &mut Diagnostics,
) -> Option<ResourceDecl> {
    match tag_comparison(args) {
        Some((key, Comparison::Equals, value)) => {
            return Some(ResourceDecl::Tag { key, value, span })
        }
        Some(_) => {
            diagnostics.error(
                span,
                "a tag in `resources` compares with `==` only: `resources` entries are alternatives (`ListOfTags` takes `STRINGEQUALS` only)\n= help: move the condition to `all_of: [ … ]`, where `!=`, `like` and `not like` are taken and every condition must hold",
            );
            return None;
        }
        None => {}
    }
    diagnostics.error(
        span_of(args, kind.span()),
        "`tag` takes `\"key\" == \"value\"`\n= help: write `tag(\"stage\" == \"prod\")`",
    );
    None
}

/// A vault value: `new Name { … }`, `Name`, `from_name("…")`, `from_arn("…")` or `{ expr }`.
pub(crate) fn vault_value(
    key: &Ident,
    tokens: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<VaultValue> {
    if let Some((expr, span)) = values::splice(tokens) {
        return Some(VaultValue::Splice(expr, span.into()));
    }
    match tokens {
        [TokenTree::Ident(new), rest @ ..] if new == "new" => {
            let id = id(new, rest, diagnostics)?;
            let body = match rest.get(1..) {
                Some([TokenTree::Group(g)]) if g.delimiter() == proc_macro2::Delimiter::Brace => {
                    g.stream()
                }
                Some([]) => TokenStream::new(),
                Some(other) => {
                    extra_tokens(other, diagnostics);
                    TokenStream::new()
                }
                None => TokenStream::new(),
            };
            Some(VaultValue::New(Box::new(vault_decl(id, body, diagnostics))))
        }
        [TokenTree::Ident(kind), TokenTree::Group(args)]
            if kind == "from_name" || kind == "from_arn" =>
        {
            let args: Vec<TokenTree> = args.stream().into_iter().collect();
            let value = values::string(kind, &args, diagnostics)?;
            Some(if kind == "from_name" {
                VaultValue::FromName(value)
            } else {
                VaultValue::FromArn(value)
            })
        }
        [TokenTree::Ident(name)] => Some(VaultValue::InStack(Name {
            text: name.to_string(),
            span: name.span(),
        })),
        _ => {
            diagnostics.error(
                span_of(tokens, key.span()),
                format!("`{key}` takes a vault: `new Name {{ … }}`, a vault id declared with `vault Name {{ … }}`, `from_name(\"…\")`, `from_arn(\"…\")` or `{{ expr }}`"),
            );
            None
        }
    }
}

fn vault_decl(id: Name, tokens: TokenStream, diagnostics: &mut Diagnostics) -> VaultDecl {
    let mut vault = VaultDecl {
        id,
        properties: Values::new(&VAULT),
        encryption_key: None,
        notification_topic: None,
        notification_events: None,
        lock: None,
    };
    for entry in block_entries(&VAULT, tokens, diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        let Some(custom) = vault.properties.parse(&key, &value, diagnostics) else {
            continue;
        };
        match custom {
            "encryption_key" => {
                vault.encryption_key = crate::keys::reference(&key, &value, diagnostics)
            }
            "notification_topic" => {
                vault.notification_topic = crate::keys::reference(&key, &value, diagnostics)
            }
            "notification_events" => vault.notification_events = events(&key, &value, diagnostics),
            _ => vault.lock = lock(&key, &value, diagnostics),
        }
    }
    vault
}

fn events(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> Option<Vec<Ident>> {
    let (items, _) = values::list(key, value, diagnostics)?;
    let names: Vec<&str> = backup_synth::BackupVaultEvent::ALL
        .iter()
        .map(|e| e.as_str())
        .collect();
    let mut events = Vec::new();
    for item in items {
        match item.as_slice() {
            [TokenTree::Ident(event)] if names.contains(&event.to_string().as_str()) => {
                events.push(event.clone())
            }
            [TokenTree::Ident(event)] => {
                // The rule book's words; a near miss gets a "did you mean" as its help.
                let name = event.to_string();
                if let Err(mut violation) = backup_synth::rules::check_vault_event(&name) {
                    if let Some(near) = did_you_mean(&name, &names) {
                        violation.help = format!("did you mean `{near}`?");
                    }
                    diagnostics.violation(event.span().into(), &violation);
                }
            }
            other => diagnostics.error(
                span_of(other, key.span()),
                "a vault event is a name such as `BACKUP_JOB_COMPLETED`",
            ),
        }
    }
    Some(events)
}

fn lock(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> Option<LockDecl> {
    let [TokenTree::Group(group)] = value else {
        diagnostics.error(span_of(value, key.span()), "`lock_configuration` takes `{ min_retention: 7 days, max_retention: 365 days, changeable_for: 3 days }`");
        return None;
    };
    let mut lock = LockDecl {
        span: key.span(),
        min_retention: None,
        max_retention: None,
        changeable_for: None,
    };
    for entry in block_entries(&LOCK, group.stream(), diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        let duration = values::duration(&key, &value, diagnostics);
        match key.as_str() {
            "min_retention" => lock.min_retention = duration,
            "max_retention" => lock.max_retention = duration,
            _ => lock.changeable_for = duration,
        }
    }
    if lock.min_retention.is_none() {
        diagnostics.error(key.span(), "`lock_configuration` needs `min_retention`\n= help: add `min_retention: 1 day` (or more) to the lock configuration");
    }
    Some(lock)
}

/// A required key left out: an error on the declaration's id.
pub(crate) fn missing_key(
    id: &Name,
    what: &str,
    key: &str,
    help: &str,
    diagnostics: &mut Diagnostics,
) {
    diagnostics.error(
        id.span,
        format!("{what} `{}` needs `{key}`\n= help: {help}", id.text),
    );
}

/// `air_gapped_vault Name { … }`.
fn air_gapped_vault(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<AirGappedDecl> {
    let id = id(keyword, header, diagnostics)?;
    extra_tokens(&header[1..], diagnostics);
    let has_body = body.is_some();
    let tokens = body_or_report(keyword, body, diagnostics);
    let mut vault = AirGappedDecl {
        id,
        properties: Values::new(&AIR_GAPPED),
        min_retention: None,
        max_retention: None,
        encryption_key: None,
        notification_topic: None,
        notification_events: None,
    };
    let mut topic_key = None;
    let mut events_key = None;
    for entry in block_entries(&AIR_GAPPED, tokens, diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        let Some(custom) = vault.properties.parse(&key, &value, diagnostics) else {
            continue;
        };
        match custom {
            "min_retention" => vault.min_retention = values::duration(&key, &value, diagnostics),
            "max_retention" => vault.max_retention = values::duration(&key, &value, diagnostics),
            "encryption_key" => {
                vault.encryption_key = crate::keys::reference(&key, &value, diagnostics)
            }
            "notification_topic" => {
                vault.notification_topic = crate::keys::reference(&key, &value, diagnostics);
                topic_key = Some(key);
            }
            _ => {
                vault.notification_events = events(&key, &value, diagnostics);
                events_key = Some(key);
            }
        }
    }
    match (&topic_key, &events_key) {
        (Some(topic), None) => diagnostics.error(
            topic.span(),
            "`notification_topic` needs `notification_events` in an air-gapped vault\n= help: CloudFormation takes both: add `notification_events: [BACKUP_JOB_COMPLETED, …]`",
        ),
        (None, Some(events)) => diagnostics.error(
            events.span(),
            "`notification_events` needs `notification_topic` in an air-gapped vault\n= help: CloudFormation takes both: add `notification_topic: \"arn:aws:sns:…\"`",
        ),
        _ => {}
    }
    if has_body {
        let what = "air-gapped vault";
        let range = "AWS requires both ends of a logically air-gapped vault's retention range";
        if vault.min_retention.is_none() {
            let help = format!("add `min_retention: 7 days` (or more); {range}");
            missing_key(&vault.id, what, "min_retention", &help, diagnostics);
        }
        if vault.max_retention.is_none() {
            let help = format!("add `max_retention: 365 days` (at most 36500 days); {range}");
            missing_key(&vault.id, what, "max_retention", &help, diagnostics);
        }
    }
    Some(vault)
}

/// `restore_testing_plan Name { … }`.
fn restore_testing_plan(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<RestoreTestingPlanDecl> {
    let id = id(keyword, header, diagnostics)?;
    extra_tokens(&header[1..], diagnostics);
    let has_body = body.is_some();
    let tokens = body_or_report(keyword, body, diagnostics);
    let mut plan = RestoreTestingPlanDecl {
        id,
        properties: Values::new(&RESTORE_PLAN),
        schedule: None,
        recovery_point_types: None,
        include_vaults: None,
        exclude_vaults: None,
        selections: Vec::new(),
    };
    for entry in block_entries(&RESTORE_PLAN, tokens, diagnostics) {
        match entry {
            Entry::Key { key, value } => {
                if let Some(custom) = plan.properties.parse(&key, &value, diagnostics) {
                    restore_plan_key(&mut plan, custom, &key, &value, diagnostics);
                }
            }
            Entry::Item {
                keyword,
                header,
                body,
            } => {
                if let Some(selection) = restore_selection(&keyword, &header, body, diagnostics) {
                    plan.selections.push(selection);
                }
            }
        }
    }
    if has_body && plan.schedule.is_none() {
        let help = "add `schedule: \"cron(0 5 ? * SUN *)\"` (an AWS cron expression)";
        missing_key(
            &plan.id,
            "restore testing plan",
            "schedule",
            help,
            diagnostics,
        );
    }
    Some(plan)
}

/// A key of a restore testing plan that is not a table row: `custom` is its name.
fn restore_plan_key(
    plan: &mut RestoreTestingPlanDecl,
    custom: &str,
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) {
    match custom {
        "schedule" => plan.schedule = values::string(key, value, diagnostics),
        "recovery_point_types" => {
            plan.recovery_point_types =
                recovery_point_types(key, value, diagnostics).map(|t| (t, key.span()))
        }
        "include_vaults" => {
            plan.include_vaults = restore_vaults(key, value, diagnostics).map(|v| (v, key.span()))
        }
        _ => plan.exclude_vaults = restore_vaults(key, value, diagnostics).map(|v| (v, key.span())),
    }
}

fn recovery_point_types(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Ident>> {
    let (items, _) = values::list(key, value, diagnostics)?;
    let mut types = Vec::new();
    let mut malformed = false;
    for item in items {
        match item.as_slice() {
            [TokenTree::Ident(kind)]
                if RECOVERY_POINT_TYPES.contains(&kind.to_string().as_str()) =>
            {
                types.push(kind.clone())
            }
            [TokenTree::Ident(kind)] => {
                malformed = true;
                let hint = did_you_mean(&kind.to_string(), RECOVERY_POINT_TYPES)
                    .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
                diagnostics.error(
                    kind.span(),
                    format!("unknown recovery point type `{kind}`{hint}\n= help: use `SNAPSHOT`, `CONTINUOUS` or both"),
                );
            }
            other => {
                malformed = true;
                diagnostics.error(
                    span_of(other, key.span()),
                    "a recovery point type is `SNAPSHOT` or `CONTINUOUS`\n= help: write `recovery_point_types: [SNAPSHOT, CONTINUOUS]`",
                )
            }
        }
    }
    // A malformed entry is reported: leave the key out so that "no type" does not follow.
    (!malformed).then_some(types)
}

/// `include_vaults` / `exclude_vaults`: `[ "*", "arn:…", Vault, from_arn("…"), { expr }, … ]`.
fn restore_vaults(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<RestoreVault>> {
    let (items, _) = values::list(key, value, diagnostics)?;
    Some(
        items
            .iter()
            .map(|item| restore_vault(key, item, diagnostics))
            .collect(),
    )
}

fn restore_vault(key: &Ident, item: &[TokenTree], diagnostics: &mut Diagnostics) -> RestoreVault {
    let place = span_of(item, key.span());
    let vault_shaped = values::splice(item).is_some()
        || matches!(item, [TokenTree::Ident(i)] if i != "new")
        || matches!(item, [TokenTree::Ident(kind), TokenTree::Group(_)] if kind == "from_name" || kind == "from_arn");
    match item {
        [token] if values::string_literal(token).is_some() => values::string_literal(token)
            .map_or(RestoreVault::Invalid(place), RestoreVault::Pattern),
        _ if vault_shaped => match vault_value(key, item, diagnostics) {
            Some(vault) => RestoreVault::Vault(vault),
            None => RestoreVault::Invalid(place),
        },
        _ => {
            diagnostics.error(
                place,
                format!(
                    "`{key}` takes vaults, found `{}`\n= help: write `\"*\"` (every vault), an ARN pattern `\"arn:aws:backup:*:*:backup-vault:prod-*\"`, a vault id declared in this invocation, `from_name(\"…\")`, `from_arn(\"…\")` or `{{ expr }}`",
                    item.iter().cloned().collect::<TokenStream>()
                ),
            );
            RestoreVault::Invalid(place)
        }
    }
}

/// `selection Name { … }` in a restore testing plan.
fn restore_selection(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<RestoreSelectionDecl> {
    let id = id(keyword, header, diagnostics)?;
    extra_tokens(&header[1..], diagnostics);
    let has_body = body.is_some();
    let tokens = body_or_report(keyword, body, diagnostics);
    let mut selection = RestoreSelectionDecl {
        id,
        properties: Values::new(&RESTORE_SELECTION),
        protected_resource_type: None,
        protected_resource_arns: None,
        conditions: None,
        restore_metadata_overrides: None,
    };
    for entry in block_entries(&RESTORE_SELECTION, tokens, diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        let Some(custom) = selection.properties.parse(&key, &value, diagnostics) else {
            continue;
        };
        match custom {
            "protected_resource_type" => {
                selection.protected_resource_type = values::string(&key, &value, diagnostics)
            }
            "protected_resource_arns" => {
                selection.protected_resource_arns =
                    protected_arns(&key, &value, diagnostics).map(|a| (a, key.span()))
            }
            "conditions" => {
                selection.conditions =
                    restore_conditions(&key, &value, diagnostics).map(|c| (c, key.span()))
            }
            _ => {
                selection.restore_metadata_overrides = metadata_overrides(&key, &value, diagnostics)
            }
        }
    }
    if has_body && selection.protected_resource_type.is_none() {
        let help = format!(
            "add `protected_resource_type: \"EBS\"` (one of {})",
            list_words(&backup_synth::rules::RESTORE_TESTING_RESOURCE_TYPES)
        );
        missing_key(
            &selection.id,
            "restore testing selection",
            "protected_resource_type",
            &help,
            diagnostics,
        );
    }
    Some(selection)
}

/// `protected_resource_arns: ["*"]` or `[arn("…"), "arn:…", { expr }, …]`.
fn protected_arns(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Scalar<Str>>> {
    let (items, _) = values::list(key, value, diagnostics)?;
    let mut arns = Vec::new();
    for item in items {
        if let Some((expr, span)) = values::splice(&item) {
            arns.push(Scalar::Splice(expr, span.into()));
            continue;
        }
        match item.as_slice() {
            [token] if values::string_literal(token).is_some() => {
                if let Some(s) = values::string_literal(token) {
                    let span = s.span().into();
                    arns.push(Scalar::Lit(s, span));
                }
            }
            [TokenTree::Ident(kind), TokenTree::Group(args)] if kind == "arn" => {
                let args: Vec<TokenTree> = args.stream().into_iter().collect();
                arns.extend(values::string(kind, &args, diagnostics));
            }
            other => diagnostics.error(
                span_of(other, key.span()),
                format!(
                    "`protected_resource_arns` takes ARNs, found `{}`\n= help: write `[\"*\"]` for every protected resource of the type, or `[arn(\"arn:aws:…\"), {{ expr }}]`",
                    other.iter().cloned().collect::<TokenStream>()
                ),
            ),
        }
    }
    Some(arns)
}

/// `conditions: [tag("key" == "value"), tag("key" != "value"), …]`.
fn restore_conditions(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<RestoreCondition>> {
    let (items, _) = values::list(key, value, diagnostics)?;
    let mut conditions = Vec::new();
    for item in items {
        let place = span_of(&item, key.span());
        let parsed = match item.as_slice() {
            [TokenTree::Ident(kind), TokenTree::Group(args)] if kind == "tag" => {
                let args: Vec<TokenTree> = args.stream().into_iter().collect();
                tag_comparison(&args)
            }
            _ => None,
        };
        match parsed {
            Some((key, comparison @ (Comparison::Equals | Comparison::NotEquals), value)) => {
                conditions.push(RestoreCondition {
                    equals: comparison == Comparison::Equals,
                    key,
                    value,
                })
            }
            Some(_) => diagnostics.error(
                place,
                "a restore testing condition compares with `==` or `!=` only (`StringEquals`, `StringNotEquals`)\n= help: write `tag(\"backup\" == \"daily\")` or `tag(\"stage\" != \"dev\")`",
            ),
            None => diagnostics.error(
                place,
                format!(
                    "`conditions` takes tag conditions, found `{}`\n= help: write `tag(\"backup\" == \"daily\")` or `tag(\"stage\" != \"dev\")`",
                    item.iter().cloned().collect::<TokenStream>()
                ),
            ),
        }
    }
    Some(conditions)
}

fn metadata_overrides(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<(Str, Str)>> {
    if let [TokenTree::Group(group)] = value {
        if group.delimiter() == proc_macro2::Delimiter::Brace {
            if let Some(pairs) = values::string_map(group) {
                return Some(pairs);
            }
        }
    }
    diagnostics.error(
        span_of(value, key.span()),
        format!("`{key}` takes a map `{{ \"key\": \"value\", … }}` of string literals\n= help: write `{key}: {{ \"availabilityZone\": \"eu-west-1a\" }}`"),
    );
    None
}

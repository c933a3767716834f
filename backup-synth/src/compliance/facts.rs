//! What the proofs read: plain facts about plans, rules, copies and vaults, built from a
//! [`crate::Stack`] by synthesis (and from a template by the linter), so that both run the same
//! proof functions.

/// How long a rule or copy keeps its recovery points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retention {
    /// `DeleteAfterDays`.
    Days(i64),
    /// No `DeleteAfterDays`: kept forever.
    Forever,
    /// A token or a value not in whole days: not decidable before deploy.
    Unknown,
}

impl Retention {
    /// Whether the retention is at least `days`: `None` when unknown.
    pub fn at_least(self, days: i64) -> Option<bool> {
        match self {
            Retention::Days(kept) => Some(kept >= days),
            Retention::Forever => Some(true),
            Retention::Unknown => None,
        }
    }
}

impl std::fmt::Display for Retention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Retention::Days(1) => f.write_str("1 day"),
            Retention::Days(days) => write!(f, "{days} days"),
            Retention::Forever => f.write_str("forever"),
            Retention::Unknown => f.write_str("an unknown time"),
        }
    }
}

/// Where a copy goes, relative to the source (a Region or an account).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The source's own (a vault of the same template, or an ARN built from `AWS::Region` /
    /// `AWS::AccountId`).
    Same,
    /// A literal Region code or account id.
    Named(String),
    /// A token hides it.
    Unknown,
}

/// A copy action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyFacts {
    /// The destination as the user wrote it (an ARN, a vault id), for messages.
    pub destination: String,
    /// The destination's Region.
    pub region: Place,
    /// The destination's account.
    pub account: Place,
    /// How long the copy is kept.
    pub retention: Retention,
    /// Whether the destination is a logically air-gapped vault.
    pub air_gapped: bool,
    /// Whether the destination vault is declared in the inputs.
    pub in_inputs: bool,
}

/// A backup rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleFacts {
    /// The rule name.
    pub name: String,
    /// `ScheduleExpression`, `None` when absent or a token.
    pub schedule: Option<String>,
    /// `ScheduleExpressionTimezone` (default UTC).
    pub timezone: Option<String>,
    /// `Lifecycle.DeleteAfterDays`.
    pub retention: Retention,
    /// `EnableContinuousBackup`.
    pub continuous: bool,
    /// The target vault's key in [`Facts::vaults`], `None` when outside the inputs.
    pub vault: Option<String>,
    /// The target vault as written, for messages.
    pub vault_shown: String,
    /// Whether the rule also writes to a logically air-gapped vault.
    pub air_gapped_target: bool,
    /// The copy actions.
    pub copies: Vec<CopyFacts>,
}

/// A backup plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanFacts {
    /// The plan as messages name it (its construct or logical id).
    pub name: String,
    /// Names a control scope's resource ids may use for it (id, literal `BackupPlanName`).
    pub ids: Vec<String>,
    /// Its tags (literal ones).
    pub tags: Vec<(String, String)>,
    /// Its rules.
    pub rules: Vec<RuleFacts>,
    /// Where the plan is, for placing findings (a field path or a JSON pointer).
    pub location: String,
}

/// A vault's lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockFacts {
    /// `MinRetentionDays`.
    pub min_days: Option<i64>,
    /// `MaxRetentionDays`.
    pub max_days: Option<i64>,
    /// Compliance mode (`ChangeableForDays` set) rather than governance.
    pub compliance_mode: bool,
}

/// Whether a vault's access policy stops manual deletion, as AWS Config's rule reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeletionPolicy {
    /// A statement denies every required action to every principal on every resource.
    Denied,
    /// No such statement; the text says what is missing.
    Missing(String),
    /// The policy is a token.
    Unknown,
}

/// A vault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultFacts {
    /// The vault as messages name it.
    pub name: String,
    /// Names a control scope's resource ids may use for it.
    pub ids: Vec<String>,
    /// Its tags.
    pub tags: Vec<(String, String)>,
    /// Its lock, `None` when unlocked.
    pub lock: Option<LockFacts>,
    /// Whether it is a logically air-gapped vault (locked in compliance mode by construction).
    pub air_gapped: bool,
    /// What its access policy says about deletion.
    pub deletion: DeletionPolicy,
    /// Where the vault is.
    pub location: String,
}

/// A resource AWS Backup can protect, and whether a selection of the inputs covers it (the
/// coverage analysis, [`crate::coverage`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceFacts {
    /// Its logical id.
    pub logical_id: String,
    /// Its AWS Backup type name (`RDS`, `EBS`, ...).
    pub backup_type: String,
    /// Its literal tags, `None` when not readable.
    pub tags: Option<Vec<(String, String)>>,
    /// Covered, uncovered or unknown.
    pub status: crate::coverage::Status,
    /// Why (the covering selections, the nearest miss, or the intrinsic that decides).
    pub reason: String,
    /// Where it is.
    pub location: String,
    /// The locations of the plans whose selections cover it (see [`PlanFacts::location`]).
    pub covering_plans: Vec<String>,
    /// Whether its recovery points are encrypted.
    pub encryption: super::Encryption,
}

/// Everything the proofs read about one account and Region.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// The Region, when literal.
    pub region: Option<String>,
    /// The account, when literal.
    pub account: Option<String>,
    /// The plans.
    pub plans: Vec<PlanFacts>,
    /// The vaults, keyed as [`RuleFacts::vault`] names them.
    pub vaults: Vec<(String, VaultFacts)>,
    /// Whether restore testing selections exist (proxy for control 10).
    pub restore_testing: bool,
    /// The protectable resources of the inputs, with their coverage.
    pub resources: Vec<ResourceFacts>,
}

impl Facts {
    /// The same facts read from input `file` among others: every location becomes
    /// `<file>#<pointer>` and every vault key `<file>#<key>`, so that they do not meet those of
    /// another input.
    pub fn located_in(mut self, file: &str) -> Self {
        let at = |text: &mut String| *text = format!("{file}#{text}");
        for plan in &mut self.plans {
            at(&mut plan.location);
            for rule in &mut plan.rules {
                if let Some(vault) = rule.vault.as_mut() {
                    at(vault);
                }
            }
        }
        for (key, vault) in &mut self.vaults {
            at(key);
            at(&mut vault.location);
        }
        for resource in &mut self.resources {
            at(&mut resource.location);
            resource.covering_plans.iter_mut().for_each(at);
        }
        self
    }

    /// The vault keyed `key`.
    pub fn vault(&self, key: &str) -> Option<&VaultFacts> {
        self.vaults.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

//! The rule book: every AWS Backup rule, written once. The builder API, the `backup_plan!`
//! macro and the template linter call these functions and report their words unchanged.
//!
//! Each function checks plain values (days, minutes, names) and returns a [`Violation`] with a
//! stable rule id; callers place it (a field path, a span, a JSON pointer). Sources are the
//! rows of `reference/cloudformation-rules.md` ("row N"), `reference/cron-spec.md` and CDK.

mod framework;
mod org;
mod org_policy;
mod report_plan;

pub use framework::*;
pub use org::*;
pub use org_policy::*;
pub use report_plan::*;

use crate::problem::Violation;
use crate::schedule::{validate_timezone, CronError, CronSchedule};

/// Longest retention AWS Backup accepts, in days (100 years; row 10).
pub const MAX_RETENTION_DAYS: i64 = 36_500;
/// Minimum gap between cold storage and deletion, in days (row 9).
pub const COLD_STORAGE_MIN_DAYS: i64 = 90;
/// Continuous-backup retention bounds, in days (row 12).
pub const CONTINUOUS_RETENTION_DAYS: std::ops::RangeInclusive<i64> = 1..=35;
/// Start-window bounds, in minutes (row 7).
pub const START_WINDOW_MINUTES: std::ops::RangeInclusive<i64> = 60..=52_560_000;
/// Resources one CloudFormation template may declare.
pub const MAX_STACK_RESOURCES: usize = 500;
/// Resource assignments (selections) per backup plan (row 19).
pub const MAX_SELECTIONS_PER_PLAN: usize = 100;

/// `1 day`, `2 days`: a day count as messages write it.
fn days(count: i64) -> String {
    if count == 1 {
        "1 day".to_string()
    } else {
        format!("{count} days")
    }
}

/// The schedule: an AWS cron expression that AWS Backup accepts (rows 1–5, `cron-spec.md`).
///
/// ```
/// use backup_dsl::rules::check_schedule;
/// assert!(check_schedule("cron(0 5 ? * * *)").is_ok());
/// assert_eq!(check_schedule("rate(1 day)").unwrap_err().rule, "schedule-syntax");
/// ```
pub fn check_schedule(expression: &str) -> Result<(), Violation> {
    if VALID_SCHEDULES.with_borrow(|valid| valid.contains(expression)) {
        return Ok(());
    }
    check_schedule_once(expression)?;
    VALID_SCHEDULES.with_borrow_mut(|valid| valid.insert(expression));
    Ok(())
}

thread_local! {
    /// Schedules this thread found valid: [`check_schedule`] is a pure function and a stack
    /// repeats its schedules (every ready-made plan has the same three), so a valid one is
    /// parsed once. Errors are not remembered (they are rare, and keep their full message).
    static VALID_SCHEDULES: std::cell::RefCell<ValidSchedules> =
        std::cell::RefCell::default();
}

/// The valid schedules a thread remembers: the first few in a list compared one by one
/// (cheaper than hashing, above all in `backup_plan!`, whose checks run unoptimized; the
/// ready-made rules' schedules are among them), the rest in a hash set.
#[derive(Default)]
struct ValidSchedules {
    first: Vec<String>,
    more: crate::ids::FastHashSet<String>,
}

impl ValidSchedules {
    /// How many schedules the list holds.
    const FIRST: usize = 8;
    /// How many schedules the hash set holds before it forgets them all.
    const MORE: usize = 1024;

    fn contains(&self, expression: &str) -> bool {
        for known in &self.first {
            if known == expression {
                return true;
            }
        }
        self.more.contains(expression)
    }

    fn insert(&mut self, expression: &str) {
        if self.first.len() < Self::FIRST {
            self.first.push(expression.to_string());
            return;
        }
        if self.more.len() >= Self::MORE {
            self.more.clear();
        }
        self.more.insert(expression.to_string());
    }
}

fn check_schedule_once(expression: &str) -> Result<(), Violation> {
    let schedule = CronSchedule::parse(expression)
        .map_err(|e| cron_violation("schedule-syntax", expression, e))?;
    schedule
        .check_backup_interval()
        .map_err(|e| cron_violation("schedule-interval", expression, e))
}

fn cron_violation(rule: &'static str, expression: &str, error: CronError) -> Violation {
    let note = error.caret_line(expression);
    let help = error
        .help
        .clone()
        .unwrap_or_else(|| "write `cron(minutes hours day-of-month month day-of-week year)`, for example `cron(0 5 ? * * *)`".to_string());
    Violation::error(rule, error.message, help).with_note(note)
}

/// The schedule's time zone: an IANA name (row 6).
///
/// ```
/// use backup_dsl::rules::check_timezone;
/// assert!(check_timezone("Europe/Brussels").is_ok());
/// assert!(check_timezone("Mars/Olympus_Mons").is_err());
/// ```
pub fn check_timezone(name: &str) -> Result<(), Violation> {
    let reason = match validate_timezone(name) {
        Ok(_) => return Ok(()),
        Err(reason) => reason,
    };
    // The engine's reason reads "unknown time zone `…`; <advice>": keep the advice as help.
    let help = reason
        .split_once("; ")
        .map_or(reason.as_str(), |(_, advice)| advice);
    Err(Violation::error(
        "schedule-timezone",
        format!("`schedule_timezone` is `{name}`, which is not an IANA time zone name"),
        help.to_string(),
    ))
}

/// Retention (`delete_after`, whole days): 1 to 36,500 (row 10).
///
/// ```
/// assert!(backup_dsl::rules::check_delete_after(0).is_err());
/// ```
pub fn check_delete_after(days_kept: i64) -> Result<(), Violation> {
    if (1..=MAX_RETENTION_DAYS).contains(&days_kept) {
        return Ok(());
    }
    Err(Violation::error(
        "lifecycle-delete-range",
        format!(
            "`delete_after` is {}; AWS Backup keeps recovery points 1 to {MAX_RETENTION_DAYS} days",
            days(days_kept)
        ),
        if days_kept < 1 {
            "set `delete_after` to at least 1 day, or leave it out to keep recovery points forever"
                .to_string()
        } else {
            format!("set `delete_after` to at most {MAX_RETENTION_DAYS} days (100 years)")
        },
    ))
}

/// Cold storage: `delete_after ≥ move_to_cold_storage_after + 90` days, on rules and on copy
/// actions (row 9; cfn-lint E3504). CDK checks only `delete ≥ cold` on rules.
///
/// ```
/// use backup_dsl::rules::check_cold_storage_gap;
/// assert!(check_cold_storage_gap(120, 30).is_ok());
/// assert!(check_cold_storage_gap(119, 30).is_err());
/// ```
pub fn check_cold_storage_gap(
    delete_after_days: i64,
    cold_after_days: i64,
) -> Result<(), Violation> {
    let earliest = cold_after_days.saturating_add(COLD_STORAGE_MIN_DAYS);
    if delete_after_days >= earliest {
        return Ok(());
    }
    Err(Violation::error(
        "lifecycle-cold-storage-gap",
        format!(
            "`delete_after` is {} but recovery points move to cold storage after {}; AWS Backup keeps them in cold \
             storage at least {COLD_STORAGE_MIN_DAYS} days",
            days(delete_after_days),
            days(cold_after_days)
        ),
        match delete_after_days.saturating_sub(COLD_STORAGE_MIN_DAYS) {
            latest_cold if latest_cold >= 1 => format!(
                "set `delete_after` to at least {earliest} days, or lower `move_to_cold_storage_after` to at most {}",
                days(latest_cold)
            ),
            _ => format!("set `delete_after` to at least {earliest} days, or leave out `move_to_cold_storage_after`"),
        },
    ))
}

/// Continuous backup (point-in-time recovery) has no cold storage (row 12; CDK).
///
/// ```
/// assert!(backup_dsl::rules::check_continuous_cold_storage(true, true).is_err());
/// ```
pub fn check_continuous_cold_storage(
    continuous: bool,
    has_cold_storage: bool,
) -> Result<(), Violation> {
    if !(continuous && has_cold_storage) {
        return Ok(());
    }
    Err(Violation::error(
        "continuous-backup-cold-storage",
        "`move_to_cold_storage_after` is set on a rule with `enable_continuous_backup: true`; continuous backups never move to cold storage",
        "remove `move_to_cold_storage_after`, or use a separate snapshot rule for cold storage",
    ))
}

/// Continuous backup retention: 1 to 35 days (row 12; CDK).
///
/// ```
/// assert!(backup_dsl::rules::check_continuous_retention(36).is_err());
/// ```
pub fn check_continuous_retention(delete_after_days: i64) -> Result<(), Violation> {
    if CONTINUOUS_RETENTION_DAYS.contains(&delete_after_days) {
        return Ok(());
    }
    Err(Violation::error(
        "continuous-backup-retention",
        format!(
            "`delete_after` is {delete_after_days} days on a rule with `enable_continuous_backup: true`; continuous backups are kept 1 to 35 days"
        ),
        "set `delete_after` between 1 and 35 days (the default is 35), or use a snapshot rule for longer retention",
    ))
}

/// Start window: at least 60 minutes, at most 100 years (row 7).
///
/// ```
/// assert!(backup_dsl::rules::check_start_window(30).is_err());
/// ```
pub fn check_start_window(minutes: i64) -> Result<(), Violation> {
    if START_WINDOW_MINUTES.contains(&minutes) {
        return Ok(());
    }
    Err(Violation::error(
        "start-window-range",
        format!("`start_window` is {minutes} minutes; AWS Backup takes 60 to 52560000 minutes"),
        if minutes < 60 {
            "set `start_window` to at least 1 hour, or leave it out for the default of 8 hours"
        } else {
            "set `start_window` to at most 52560000 minutes (100 years)"
        },
    ))
}

/// Completion window: a warning below 1 minute. AWS documents no minimum (row 8), so this is
/// not an error; but a window of 0 minutes leaves no time for any backup to finish.
///
/// ```
/// use backup_dsl::{rules::check_completion_window, Severity};
/// assert_eq!(check_completion_window(0).unwrap_err().severity, Severity::Warning);
/// assert!(check_completion_window(120).is_ok());
/// ```
pub fn check_completion_window(minutes: i64) -> Result<(), Violation> {
    if minutes >= 1 {
        return Ok(());
    }
    Err(Violation::warning(
        "completion-window-range",
        format!("`completion_window` is {minutes} minutes; AWS Backup cancels a job that has not completed within it, so no backup can finish"),
        "set `completion_window` to the time a backup may take, or leave it out for the default of 7 days",
    ))
}

/// Whether `text` holds only ASCII letters and digits and the ASCII characters `extra`. A byte
/// at a time: no byte of a non-ASCII character is ASCII.
fn matches_charset(text: &str, extra: &[char]) -> bool {
    for &byte in text.as_bytes() {
        if !(byte.is_ascii_alphanumeric() || (byte.is_ascii() && extra.contains(&char::from(byte))))
        {
            return false;
        }
    }
    true
}

fn first_bad_char(text: &str, extra: &[char]) -> Option<char> {
    text.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || extra.contains(c)))
}

fn name_violation(
    rule: &'static str,
    what: &str,
    name: &str,
    extra: &[char],
    allowed: &str,
    min: usize,
    max: usize,
) -> Violation {
    let found = match first_bad_char(name, extra) {
        _ if name.is_empty() => "is empty".to_string(),
        _ if name.chars().count() == 1 && min > 1 => "has 1 character".to_string(),
        _ if name.chars().count() < min => format!("has {} characters", name.chars().count()),
        _ if name.chars().count() > max => format!("has {} characters", name.chars().count()),
        Some(c) => format!("contains `{}`", c.escape_default()),
        None => "contains a character that is not allowed".to_string(),
    };
    Violation::error(
        rule,
        format!(
            "{what} `{name}` {found}; AWS Backup allows {min} to {max} characters from {allowed}"
        ),
        format!(
            "rename it to match `^[{}]{{{min},{max}}}$`",
            allowed_class(allowed)
        ),
    )
}

fn allowed_class(allowed: &str) -> &'static str {
    if allowed.contains('.') {
        r"a-zA-Z0-9\-_."
    } else {
        r"a-zA-Z0-9\-_"
    }
}

fn check_name(
    rule: &'static str,
    what: &str,
    name: &str,
    extra: &[char],
    max: usize,
    allowed: &str,
) -> Result<(), Violation> {
    let min = if rule == "vault-name" { 2 } else { 1 };
    // Every character a name may hold is ASCII: where it holds only those, its length in
    // bytes is its length in characters (any other name is refused by the charset anyway).
    if (min..=max).contains(&name.len()) && matches_charset(name, extra) {
        return Ok(());
    }
    Err(name_violation(rule, what, name, extra, allowed, min, max))
}

/// Rule name: `^[a-zA-Z0-9\-\_\.]{1,50}$` (row 16, API).
///
/// ```
/// assert!(backup_dsl::rules::check_rule_name("Daily").is_ok());
/// assert!(backup_dsl::rules::check_rule_name("my rule").is_err());
/// ```
pub fn check_rule_name(name: &str) -> Result<(), Violation> {
    check_name(
        "rule-name",
        "rule name",
        name,
        &['-', '_', '.'],
        50,
        "letters, digits, `-`, `_` and `.`",
    )
}

/// Warning: two rules of a plan with one name. Row 18 recommends unique rule names but marks
/// it "not verified": neither the API reference (`BackupRuleInput.RuleName` gives a pattern
/// only) nor CDK refuses a repeated name, so this is a warning, not an error.
///
/// ```
/// use backup_dsl::{rules::check_rule_name_unique, Severity};
/// assert_eq!(check_rule_name_unique("Daily", true).unwrap_err().severity, Severity::Warning);
/// ```
pub fn check_rule_name_unique(name: &str, seen_before: bool) -> Result<(), Violation> {
    if !seen_before {
        return Ok(());
    }
    Err(Violation::warning(
        "rule-name-unique",
        format!("rule name `{name}` is used twice in this plan; AWS Backup identifies a plan's rules by name"),
        "give each rule of a plan its own name",
    ))
}

/// Plan name: an error outside `^[A-Za-z0-9._-]{1,200}$` (API), a warning above 50 characters
/// (the console's limit; row 15).
///
/// ```
/// use backup_dsl::{rules::check_plan_name, Severity};
/// assert!(check_plan_name("nightly").is_ok());
/// assert_eq!(check_plan_name(&"p".repeat(60)).unwrap_err().severity, Severity::Warning);
/// ```
pub fn check_plan_name(name: &str) -> Result<(), Violation> {
    check_name(
        "plan-name",
        "plan name",
        name,
        &['-', '_', '.'],
        200,
        "letters, digits, `-`, `_` and `.`",
    )?;
    let length = name.chars().count();
    if length <= 50 {
        return Ok(());
    }
    Err(Violation::warning(
        "plan-name-console-length",
        format!("plan name `{name}` has {length} characters; the AWS console accepts at most 50 (the API 200)"),
        "shorten the plan name to 50 characters so the plan can be edited in the console",
    ))
}

/// Selection name: `^[a-zA-Z0-9\-\_\.]{1,50}$` (row 17, API; stricter than the CFN schema).
///
/// ```
/// assert!(backup_dsl::rules::check_selection_name(&"s".repeat(51)).is_err());
/// ```
pub fn check_selection_name(name: &str) -> Result<(), Violation> {
    check_name(
        "selection-name",
        "selection name",
        name,
        &['-', '_', '.'],
        50,
        "letters, digits, `-`, `_` and `.`",
    )
}

/// Vault name: `^[a-zA-Z0-9\-\_]{2,50}$` (row 14; CDK; cfn-lint E3031). No dots.
///
/// ```
/// assert!(backup_dsl::rules::check_vault_name("my-vault_01").is_ok());
/// assert!(backup_dsl::rules::check_vault_name("vault.with.dots").is_err());
/// ```
pub fn check_vault_name(name: &str) -> Result<(), Violation> {
    check_name(
        "vault-name",
        "vault name",
        name,
        &['-', '_'],
        50,
        "letters, digits, `-` and `_`",
    )
}

/// A plan has at least one rule (row 18; CDK).
///
/// ```
/// assert!(backup_dsl::rules::check_plan_has_rules(0).is_err());
/// ```
pub fn check_plan_has_rules(rule_count: usize) -> Result<(), Violation> {
    if rule_count > 0 {
        return Ok(());
    }
    Err(Violation::error(
        "plan-without-rules",
        "this backup plan has no rule; AWS Backup needs at least 1",
        "add a rule, for example the ready-made `BackupPlanRule::daily()`",
    ))
}

/// A plan has at most 100 selections (row 19).
///
/// ```
/// assert!(backup_dsl::rules::check_selection_count(101).is_err());
/// ```
pub fn check_selection_count(count: usize) -> Result<(), Violation> {
    if count <= MAX_SELECTIONS_PER_PLAN {
        return Ok(());
    }
    Err(Violation::error(
        "plan-selection-count",
        format!("this plan has {count} selections; AWS Backup allows at most {MAX_SELECTIONS_PER_PLAN} per plan"),
        "merge selections (one selection can list many resources and tags) or split the plan",
    ))
}

/// A selection selects something: `Resources` or `ListOfTags` non-empty (row 23).
///
/// ```
/// assert!(backup_dsl::rules::check_selection_selects(0, 0).is_err());
/// ```
pub fn check_selection_selects(resource_count: usize, tag_count: usize) -> Result<(), Violation> {
    if resource_count + tag_count > 0 {
        return Ok(());
    }
    Err(Violation::error(
        "selection-empty",
        "this selection selects nothing; AWS Backup needs at least one resource or tag",
        "add at least one resource to back up (an ARN, a table, an instance, ...) or a tag condition",
    ))
}

/// Tag conditions of `ListOfTags` use `STRINGEQUALS` (row 25).
///
/// ```
/// assert!(backup_dsl::rules::check_tag_condition_type("dummy").is_err());
/// ```
pub fn check_tag_condition_type(condition_type: &str) -> Result<(), Violation> {
    if condition_type.eq_ignore_ascii_case("STRINGEQUALS") {
        return Ok(());
    }
    Err(Violation::error(
        "selection-tag-operation",
        format!("tag condition type `{condition_type}` is not supported; `ListOfTags` takes only `STRINGEQUALS`"),
        "use `TagOperation::StringEquals`",
    ))
}

/// Tag keys (recovery point, plan, vault and stack tags): 1 to 128 characters (row 46).
///
/// ```
/// assert!(backup_dsl::rules::check_tag_key("").is_err());
/// ```
pub fn check_tag_key(key: &str) -> Result<(), Violation> {
    let length = key.chars().count();
    if (1..=128).contains(&length) {
        return Ok(());
    }
    Err(Violation::error(
        "tag-key-length",
        format!("tag key `{key}` has {length} characters; AWS takes 1 to 128"),
        "use a tag key of 1 to 128 characters",
    ))
}

/// Tag values: at most 256 characters (AWS Backup's `KeyValue` and the tags of the IAM roles
/// that stack tags reach: `Value` maximum length 256; row 46).
///
/// ```
/// assert!(backup_dsl::rules::check_tag_value("team", "").is_ok());
/// assert!(backup_dsl::rules::check_tag_value("team", &"v".repeat(257)).is_err());
/// ```
pub fn check_tag_value(key: &str, value: &str) -> Result<(), Violation> {
    let length = value.chars().count();
    if length <= 256 {
        return Ok(());
    }
    Err(Violation::error(
        "tag-value-length",
        format!("the value of tag `{key}` has {length} characters; AWS takes at most 256"),
        "use a tag value of at most 256 characters",
    ))
}

/// Index actions: at most one per rule, with exactly one resource type, `EBS` or `S3` (row 44).
///
/// ```
/// assert!(backup_dsl::rules::check_index_actions(&[vec!["S3"]]).is_ok());
/// assert!(backup_dsl::rules::check_index_actions(&[vec!["S3", "EBS"]]).is_err());
/// ```
pub fn check_index_actions<S: AsRef<str>>(actions: &[Vec<S>]) -> Result<(), Violation> {
    if actions.len() > 1 {
        return Err(Violation::error(
            "index-actions",
            format!(
                "this rule has {} index actions; AWS Backup takes at most 1",
                actions.len()
            ),
            "keep one index action per rule, and one rule per resource type to index",
        ));
    }
    let Some(types) = actions.first() else {
        return Ok(());
    };
    match types.as_slice() {
        [one] if matches!(one.as_ref(), "EBS" | "S3") => Ok(()),
        _ => {
            Err(Violation::error(
                "index-actions",
                format!(
                "index action resource types are [{}]; AWS Backup takes exactly one, `EBS` or `S3`",
                types.iter().map(|t| format!("`{}`", t.as_ref())).collect::<Vec<_>>().join(", ")
            ),
                "list exactly one resource type, `EBS` or `S3`, in the index action",
            ))
        }
    }
}

/// Vault lock (rows 29–31; CDK): cooling-off of at least 3 days (72 hours), maximum retention
/// at most 36,500 days and greater than the minimum, minimum at least 1 day. Values in days.
///
/// ```
/// use backup_dsl::rules::check_vault_lock;
/// assert!(check_vault_lock(7, Some(365), Some(3)).is_empty());
/// assert_eq!(check_vault_lock(30, Some(30), None).len(), 1);
/// ```
pub fn check_vault_lock(
    min_days: i64,
    max_days: Option<i64>,
    changeable_days: Option<i64>,
) -> Vec<(&'static str, Violation)> {
    check_vault_lock_known(Some(min_days), max_days, changeable_days)
}

/// [`check_vault_lock`] over the values that are known: `None` for a value that is absent or
/// could not be converted to whole days (that problem is reported on its own), so every other
/// range is still checked.
///
/// ```
/// use backup_dsl::rules::check_vault_lock_known;
/// let found = check_vault_lock_known(None, Some(40_000), None);
/// assert_eq!(found[0].0, "max_retention");
/// ```
pub fn check_vault_lock_known(
    min_days: Option<i64>,
    max_days: Option<i64>,
    changeable_days: Option<i64>,
) -> Vec<(&'static str, Violation)> {
    let mut found = Vec::new();
    if let Some(count) = changeable_days.filter(|d| !(3..=MAX_RETENTION_DAYS).contains(d)) {
        found.push((
            "changeable_for",
            Violation::error(
                "vault-lock-changeable-for",
                format!("`changeable_for` is {}; AWS Backup enforces a 3-day (72-hour) cooling-off period and allows at most {MAX_RETENTION_DAYS} days", days(count)),
                "set `changeable_for` to at least 3 days, or leave it out for a lock that stays removable (governance mode)",
            ),
        ));
    }
    if let Some(count) = max_days.filter(|d| *d > MAX_RETENTION_DAYS) {
        found.push((
            "max_retention",
            Violation::error(
                "vault-lock-max-retention",
                format!("`max_retention` is {}; the longest maximum retention AWS Backup accepts is {MAX_RETENTION_DAYS} days", days(count)),
                format!("set `max_retention` to at most {MAX_RETENTION_DAYS} days"),
            ),
        ));
    } else if let (Some(max_count), Some(min_count)) = (
        max_days,
        min_days.filter(|min| max_days.is_some_and(|max| max <= *min)),
    ) {
        found.push((
            "max_retention",
            Violation::error(
                "vault-lock-retention-order",
                format!(
                    "`max_retention` ({}) is not greater than `min_retention` ({})",
                    days(max_count),
                    days(min_count)
                ),
                "make `max_retention` greater than `min_retention`",
            ),
        ));
    }
    if let Some(min_count) = min_days.filter(|d| *d < 1) {
        found.push((
            "min_retention",
            Violation::error(
                "vault-lock-min-retention",
                format!("`min_retention` is {}; the shortest minimum retention AWS Backup accepts is 1 day", days(min_count)),
                "set `min_retention` to at least 1 day",
            ),
        ));
    }
    found
}

/// The rules relating a retention to the range of the vault it writes to. The rule book
/// reports them at the vault reference (`….vault`, `….logically_air_gapped_vault`,
/// `….copy_actions[i].destination`); the macro and the linter point at the `delete_after`
/// their help asks to change ([`retention_paths`]), the linter naming the vault beside it.
pub const RETENTION_VS_TARGET: &[&str] = &[
    "retention-outside-vault-lock",
    "retention-outside-air-gapped-range",
];

/// For a problem of a [`RETENTION_VS_TARGET`] rule at `path`, the paths of the `delete_after`
/// that sets the retention, most specific first: a copy action's own, then its rule's (a copy
/// without a lifecycle keeps the rule's). Empty for other rules or paths.
///
/// ```
/// use backup_dsl::rules::retention_paths;
/// let rule = "retention-outside-vault-lock";
/// assert_eq!(retention_paths(rule, "plans[P].rules[0].vault"), ["plans[P].rules[0].delete_after"]);
/// assert_eq!(
///     retention_paths(rule, "plans[P].rules[0].copy_actions[1].destination"),
///     ["plans[P].rules[0].copy_actions[1].delete_after", "plans[P].rules[0].delete_after"],
/// );
/// assert!(retention_paths("vault-name", "plans[P].rules[0].vault").is_empty());
/// ```
pub fn retention_paths(rule: &str, path: &str) -> Vec<String> {
    if !RETENTION_VS_TARGET.contains(&rule) {
        return Vec::new();
    }
    let rule_path = path
        .strip_suffix(".vault")
        .or_else(|| path.strip_suffix(".logically_air_gapped_vault"));
    if let Some(rule_path) = rule_path {
        return vec![format!("{rule_path}.delete_after")];
    }
    let Some(copy_path) = path.strip_suffix(".destination") else {
        return Vec::new();
    };
    let Some((rule_path, _)) = copy_path.rsplit_once(".copy_actions[") else {
        return Vec::new();
    };
    vec![
        format!("{copy_path}.delete_after"),
        format!("{rule_path}.delete_after"),
    ]
}

/// Retention into a locked vault lies within its lock range (row 32): jobs outside it fail.
///
/// ```
/// assert!(backup_dsl::rules::check_retention_fits_lock(Some(5), 7, None).is_err());
/// ```
pub fn check_retention_fits_lock(
    delete_after_days: Option<i64>,
    min_days: i64,
    max_days: Option<i64>,
) -> Result<(), Violation> {
    let fits = match delete_after_days {
        Some(days) => days >= min_days && max_days.is_none_or(|max| days <= max),
        None => max_days.is_none(),
    };
    if fits {
        return Ok(());
    }
    let kept = delete_after_days.map_or("forever".to_string(), days);
    let range = max_days.map_or(format!("at least {min_days} days"), |max| {
        format!("{min_days} to {max} days")
    });
    Err(Violation::error(
        "retention-outside-vault-lock",
        format!("recovery points are kept {kept} but the target vault's lock requires {range}; AWS Backup fails such jobs"),
        format!("set `delete_after` within {range}"),
    ))
}

/// Retention into a logically air-gapped vault lies within the vault's own retention range
/// (`min_retention` to `max_retention`; rows 32 and 33): jobs outside it fail. An air-gapped
/// vault has no Vault Lock, so the message names its range, not a lock.
///
/// ```
/// assert!(backup_dsl::rules::check_retention_fits_air_gapped_range(Some(365), 7, 90).is_err());
/// assert!(backup_dsl::rules::check_retention_fits_air_gapped_range(Some(30), 7, 90).is_ok());
/// ```
pub fn check_retention_fits_air_gapped_range(
    delete_after_days: Option<i64>,
    min_days: i64,
    max_days: i64,
) -> Result<(), Violation> {
    if delete_after_days.is_some_and(|days| days >= min_days && days <= max_days) {
        return Ok(());
    }
    let kept = delete_after_days.map_or("forever".to_string(), days);
    let range = format!("{min_days} to {max_days} days");
    Err(Violation::error(
        "retention-outside-air-gapped-range",
        format!("recovery points are kept {kept} but the target logically air-gapped vault keeps recovery points {range} (its `min_retention` to `max_retention`); AWS Backup fails such jobs"),
        format!("set `delete_after` within {range}"),
    ))
}

/// An imported vault ARN: `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`
/// (CDK `fromBackupVaultArn`; row 37). Returns the vault name.
///
/// ```
/// use backup_dsl::rules::parse_vault_arn;
/// assert_eq!(parse_vault_arn("arn:aws:backup:us-east-1:123456789012:backup-vault:dr").unwrap(), "dr");
/// assert!(parse_vault_arn("arn:aws:backup:us-east-1:123456789012:backup-vault/dr").is_err());
/// assert!(parse_vault_arn("arn:aws:backup:us-east-1:${AWS::AccountId}:backup-vault:dr").is_err());
/// ```
pub fn parse_vault_arn(arn: &str) -> Result<&str, Violation> {
    let expected = "arn:<partition>:backup:<region>:<account>:backup-vault:<name>";
    let wrong = |what: String| {
        Violation::error("vault-arn", format!("vault ARN `{arn}` {what}; expected `{expected}`"), "copy the vault's ARN from the AWS Backup console or `aws backup describe-backup-vault`")
    };
    if arn.contains("${") {
        return Err(wrong(
            "holds a `${…}` placeholder, which CloudFormation replaces only inside `Fn::Sub`"
                .to_string(),
        ));
    }
    let parts: Vec<&str> = arn.splitn(7, ':').collect();
    if parts.len() < 6 || parts[0] != "arn" {
        return Err(wrong("is not an ARN".to_string()));
    }
    if parts[2] != "backup" {
        return Err(wrong("does not name a backup vault".to_string()));
    }
    match (parts[5], parts.get(6).copied()) {
        (kind, _) if kind.starts_with("backup-vault/") => Err(wrong(
            "separates the vault name with `/` instead of `:`".to_string(),
        )),
        ("backup-vault", None) => Err(wrong("has no vault name".to_string())),
        ("backup-vault", Some("")) => Err(wrong("has an empty vault name".to_string())),
        ("backup-vault", Some(name)) => Ok(name),
        _ => Err(wrong("does not name a backup vault".to_string())),
    }
}

/// Vault removal: CloudFormation has no snapshot for `AWS::Backup::BackupVault` (CDK; cfn-lint
/// F0018/F3016).
///
/// ```
/// assert!(backup_dsl::rules::check_vault_removal_snapshot(true).is_err());
/// ```
pub fn check_vault_removal_snapshot(snapshot: bool) -> Result<(), Violation> {
    if !snapshot {
        return Ok(());
    }
    Err(Violation::error(
        "vault-removal-snapshot",
        "`removal_policy` is `Snapshot`; `AWS::Backup::BackupVault` does not support snapshot removal",
        "use `RemovalPolicy::Retain` (the default) or `RemovalPolicy::Destroy`",
    ))
}

/// Key removal: CloudFormation takes `Delete`, `Retain` or `RetainExceptOnCreate` as an
/// `AWS::KMS::Key`'s `DeletionPolicy`, and `Delete` or `Retain` as its `UpdateReplacePolicy`
/// (cfn-lint 1.58.0 E3035/E3036 from the resource's schema: a KMS key has no snapshot).
///
/// ```
/// assert!(backup_dsl::rules::check_key_removal_snapshot(true).is_err());
/// assert!(backup_dsl::rules::check_key_removal_snapshot(false).is_ok());
/// ```
pub fn check_key_removal_snapshot(snapshot: bool) -> Result<(), Violation> {
    if !snapshot {
        return Ok(());
    }
    Err(Violation::error(
        "key-removal-snapshot",
        "`removal_policy` is `Snapshot`; `AWS::KMS::Key` does not support snapshot removal",
        "use `RemovalPolicy::Retain` (the default, as CDK's keys) or `RemovalPolicy::Destroy`",
    ))
}

/// Access-policy grants: no wildcard in an action (CDK `grant`).
///
/// ```
/// assert!(backup_dsl::rules::check_grant_actions(&["backup:*"]).is_err());
/// ```
pub fn check_grant_actions<S: AsRef<str>>(actions: &[S]) -> Result<(), Violation> {
    if actions.is_empty() {
        return Err(Violation::error(
            "grant-no-actions",
            "this grant lists no action; an IAM policy statement needs at least one",
            "list the actions to allow, for example `backup:StartBackupJob`",
        ));
    }
    match actions.iter().find(|a| a.as_ref().contains('*')) {
        None => Ok(()),
        Some(action) => Err(Violation::error(
            "grant-wildcard-action",
            format!("grant action `{}` has a wildcard; AWS Backup access policies don't support one in the Action key", action.as_ref()),
            "list each action by name, for example `backup:StartBackupJob`",
        )),
    }
}

/// A template declares 1 to 500 resources (CloudFormation quota; CDK).
///
/// ```
/// assert!(backup_dsl::rules::check_resource_count(0).is_err());
/// ```
pub fn check_resource_count(count: usize) -> Result<(), Violation> {
    if (1..=MAX_STACK_RESOURCES).contains(&count) {
        return Ok(());
    }
    Err(Violation::error(
        "stack-resource-count",
        format!("the stack has {count} resources; a CloudFormation template takes 1 to {MAX_STACK_RESOURCES}"),
        if count == 0 { "add a plan or a vault to the stack" } else { "split the plans across several stacks" },
    ))
}

/// CloudFormation's inline template limit: `TemplateBody` takes at most 51,200 bytes
/// (CloudFormation quotas, "Template body size in a request"); a larger template deploys only
/// from S3. A warning: the template is valid, the deploy path decides.
///
/// ```
/// use backup_dsl::rules::check_template_inline_size;
/// assert!(check_template_inline_size(51_200).is_ok());
/// assert!(check_template_inline_size(51_201).is_err());
/// ```
pub fn check_template_inline_size(bytes: usize) -> Result<(), Violation> {
    if bytes <= 51_200 {
        return Ok(());
    }
    Err(Violation::warning(
        "template-inline-limit",
        format!("the template is {bytes} bytes; CloudFormation takes at most 51,200 bytes inline (`TemplateBody`)"),
        "with `aws cloudformation deploy`, pass `--s3-bucket <bucket>` so the template is uploaded to S3; `cdk deploy` uploads it to the bootstrap bucket itself, so run `cdk bootstrap aws://<account>/<region>` once (without it the CDK CLI stops with `TemplateTooLargeToDeploy`)",
    ))
}

/// [`check_resource_count`] with CDK's `@aws-cdk/core:stackResourceLimit`: an error above
/// `limit` resources; with `limit` 0 (no limit, as in CDK) or above 500, a template over
/// CloudFormation's 500 is a warning instead, since the deployment is the user's call.
///
/// ```
/// use backup_dsl::{rules::check_resource_limit, Severity};
/// assert!(check_resource_limit(400, 500).is_ok());
/// assert_eq!(check_resource_limit(501, 0).unwrap_err().severity, Severity::Warning);
/// assert_eq!(check_resource_limit(201, 200).unwrap_err().severity, Severity::Error);
/// ```
pub fn check_resource_limit(count: usize, limit: usize) -> Result<(), Violation> {
    if limit == MAX_STACK_RESOURCES || count == 0 {
        return check_resource_count(count);
    }
    if limit != 0 && count > limit {
        return Err(Violation::error(
            "stack-resource-count",
            format!("the stack has {count} resources; its resource limit is {limit}"),
            "split the plans across several stacks, or raise the stack's resource limit",
        ));
    }
    if count > MAX_STACK_RESOURCES {
        return Err(Violation::warning(
            "stack-resource-count",
            format!("the stack has {count} resources; CloudFormation deploys at most {MAX_STACK_RESOURCES} per template"),
            "split the plans across several stacks before deploying",
        ));
    }
    Ok(())
}

/// Construct ids are unique among siblings (CDK constructs).
///
/// ```
/// assert!(backup_dsl::rules::check_unique_id("Selection", true).is_err());
/// ```
pub fn check_unique_id(id: &str, seen_before: bool) -> Result<(), Violation> {
    if !seen_before {
        return Ok(());
    }
    Err(Violation::error(
        "duplicate-id",
        format!("id `{id}` is used twice in the same scope; ids name resources and must be unique"),
        "give each plan, vault and selection its own id",
    ))
}

/// A construct id is non-empty and has no `/` except as a path separator between non-empty ids.
///
/// ```
/// assert!(backup_dsl::rules::check_construct_id("Plan").is_ok());
/// assert!(backup_dsl::rules::check_construct_id("").is_err());
/// ```
pub fn check_construct_id(id: &str) -> Result<(), Violation> {
    if !id.is_empty() && id.split('/').all(|c| !c.is_empty()) {
        return Ok(());
    }
    Err(Violation::error(
        "construct-id",
        format!("id `{id}` is empty or has an empty path component"),
        "use a non-empty id such as `Plan`; `/` separates the ids of nested scopes",
    ))
}

/// A template property holds a value of the wrong JSON type: CloudFormation validates each
/// property against the resource type's schema (the `cfn-schemas/` copies; cfn-lint E3012).
/// `found` is the value as JSON text; `expected` names the type (`a whole number`, `a list`).
///
/// ```
/// let v = backup_dsl::rules::property_type("StartWindowMinutes", "\"sixty\"", "a whole number");
/// assert_eq!(v.rule, "property-type");
/// ```
pub fn property_type(property: &str, found: &str, expected: &str) -> Violation {
    Violation::error(
        "property-type",
        format!("`{property}` is `{found}`; CloudFormation takes {expected} here"),
        format!("write {expected} for `{property}`, or an intrinsic function such as `Ref`"),
    )
}

/// Vault names are unique per account and Region (row 14; cfn-lint E3019 on the primary
/// identifier `BackupVaultName`).
///
/// ```
/// assert!(backup_dsl::rules::check_vault_name_unique("dr", true).is_err());
/// ```
pub fn check_vault_name_unique(name: &str, seen_before: bool) -> Result<(), Violation> {
    if !seen_before {
        return Ok(());
    }
    Err(Violation::error(
        "vault-name-unique",
        format!("vault name `{name}` is used by two vaults; AWS Backup vault names are unique per account and Region"),
        "give each vault its own name, or leave the name out to have one generated",
    ))
}

/// Resources in one selection list: at most 500 ARNs, or 30 when any has a wildcard (row 21).
///
/// ```
/// assert!(backup_dsl::rules::check_selection_arn_count("resources", 31, true).is_err());
/// assert!(backup_dsl::rules::check_selection_arn_count("resources", 500, false).is_ok());
/// ```
pub fn check_selection_arn_count(
    list: &str,
    count: usize,
    wildcards: bool,
) -> Result<(), Violation> {
    let limit = if wildcards { 30 } else { 500 };
    if count <= limit {
        return Ok(());
    }
    let kind = if wildcards {
        "ARNs when any has a wildcard"
    } else {
        "ARNs"
    };
    Err(Violation::error(
        "selection-arn-count",
        format!("`{list}` lists {count} ARNs; AWS Backup takes at most {limit} {kind}"),
        "split the selection in two, or select by tag instead of listing ARNs",
    ))
}

/// A resource ARN in a selection: `arn:<partition>:<service>:<region>:<account>:<resource>`,
/// or `*` alone for every resource (rows 21–22). An ARN ending in `*` is a prefix: it may stop
/// in any field (`arn:aws:ec2:*`, "selection by service name").
///
/// Wildcards, where the sources disagree: the API reference (`API_BackupSelection`, row 22)
/// says the `*` must be at the end of the ARN (a prefix match, `arn:aws:s3:::*-logs` "is not
/// supported"); AWS's guide "Assign resources with AWS CLI" (`assigning-resources-json.html`)
/// selects `arn:aws:ec2:*:*:instance/*`, `arn:aws:ec2:*:*:volume/*` and `arn:aws:rds:*:*:db:*`
/// and says a `*` is "zero or more non-whitespace characters", and CDK's integration test
/// `integ.backup` deploys such selections. So a `*` that is a whole Region or account field is
/// accepted; any other `*` before the end is the strict reading's case: a warning, not an error.
///
/// ```
/// use backup_dsl::{rules::check_resource_arn, Severity};
/// assert!(check_resource_arn("arn:aws:s3:::my-bucket-*").is_ok());
/// assert!(check_resource_arn("arn:aws:ec2:*:*:volume/*").is_ok());
/// assert!(check_resource_arn("arn:aws:ec2:*").is_ok());
/// assert_eq!(check_resource_arn("arn:aws:s3:::*-logs").unwrap_err().severity, Severity::Warning);
/// assert_eq!(check_resource_arn("my-bucket").unwrap_err().severity, Severity::Error);
/// ```
pub fn check_resource_arn(arn: &str) -> Result<(), Violation> {
    if arn == "*" {
        return Ok(());
    }
    let shape = "`arn:<partition>:<service>:<region>:<account>:<resource>`";
    // A trailing `*` is a prefix match: what precedes it may end in any field.
    let (body, prefix) = match arn.strip_suffix('*') {
        Some(body) => (body, true),
        None => (arn, false),
    };
    let parts: Vec<&str> = body.splitn(6, ':').collect();
    let followed = |index: usize| parts.len() > index + 1;
    let malformed = if prefix {
        parts[0] != "arn" && !"arn:".starts_with(body)
            || followed(1) && parts[1].is_empty()
            || followed(2) && parts[2].is_empty()
    } else {
        parts.len() < 6
            || parts[0] != "arn"
            || parts[1].is_empty()
            || parts[2].is_empty()
            || parts[5].is_empty()
    };
    if malformed {
        return Err(Violation::error(
            "selection-arn",
            format!("`{arn}` is not a resource ARN; AWS Backup selects resources by {shape}"),
            "copy the resource's ARN, or select it by tag with `tag(\"key\" == \"value\")`",
        ));
    }
    // A `*` that is a whole Region or account field (before the body's end) is documented.
    let whole_field = |index: usize| parts.get(index) == Some(&"*") && followed(index);
    let inner_star = parts.iter().enumerate().any(|(index, part)| {
        part.contains('*') && !((index == 3 || index == 4) && whole_field(index))
    });
    if !inner_star {
        return Ok(());
    }
    Err(Violation::warning(
        "selection-arn-wildcard",
        format!("`{arn}` has a `*` inside a field; AWS Backup documents a wildcard at the end of an ARN (a prefix match) or as a whole Region or account field, so it may select nothing"),
        "list the resources one by one, or select them by a common prefix followed by `*` (or by tag)",
    ))
}

/// A tag condition's key is a tag name, written bare or as `aws:ResourceTag/<name>` (row 26).
///
/// ```
/// assert!(backup_dsl::rules::check_condition_key("aws:ResourceTag/").is_err());
/// assert!(backup_dsl::rules::check_condition_key("stage").is_ok());
/// ```
pub fn check_condition_key(key: &str) -> Result<(), Violation> {
    let name = key.strip_prefix("aws:ResourceTag/").unwrap_or(key);
    if (1..=128).contains(&name.chars().count()) {
        return Ok(());
    }
    Err(Violation::error(
        "selection-condition-key",
        format!("tag condition key `{key}` names no tag; AWS Backup compares `aws:ResourceTag/<tag key>` with a key of 1 to 128 characters"),
        "write the tag key alone, e.g. `stage`; the `aws:ResourceTag/` prefix is added for you",
    ))
}

/// A vault notification event: an error for a name AWS Backup does not know, a warning for a
/// deprecated one, accepted but never sent (row 35: `API_PutBackupVaultNotifications`,
/// `BackupVaultEvents` valid values, botocore 1.44.8 enum; backup-notifications.html for the
/// deprecated names).
///
/// ```
/// use backup_dsl::{rules::check_vault_event, Severity};
/// assert_eq!(check_vault_event("BACKUP_JOB_FAILED").unwrap_err().severity, Severity::Warning);
/// assert_eq!(check_vault_event("BACKUP_JOB_DONE").unwrap_err().severity, Severity::Error);
/// assert!(check_vault_event("BACKUP_JOB_COMPLETED").is_ok());
/// ```
pub fn check_vault_event(event: &str) -> Result<(), Violation> {
    if crate::vault::BackupVaultEvent::from_name(event).is_none() {
        return Err(Violation::error(
            "vault-event-name",
            format!("vault event `{event}` is not an AWS Backup vault event"),
            "use one of AWS Backup's event names, such as `BACKUP_JOB_STARTED`, `BACKUP_JOB_COMPLETED`, `COPY_JOB_FAILED` or `RESTORE_JOB_COMPLETED`",
        ));
    }
    let replacement = match event {
        "BACKUP_JOB_SUCCESSFUL" | "BACKUP_JOB_FAILED" | "BACKUP_JOB_EXPIRED" => {
            "`BACKUP_JOB_COMPLETED` (its message carries the job's state)"
        }
        "RESTORE_JOB_SUCCESSFUL" | "RESTORE_JOB_FAILED" => {
            "`RESTORE_JOB_COMPLETED` (its message carries the job's state)"
        }
        "BACKUP_PLAN_CREATED" | "BACKUP_PLAN_MODIFIED" => {
            "an EventBridge rule on AWS Backup's plan events"
        }
        _ => return Ok(()),
    };
    Err(Violation::warning(
        "vault-event-deprecated",
        format!("vault event `{event}` is deprecated by AWS Backup: it is accepted but never sent"),
        format!("use {replacement}"),
    ))
}

/// The six fields of `arn:<partition>:<service>:<region>:<account>:<resource>`, if `text` has
/// that shape (the resource may hold further `:`).
fn arn_fields(text: &str) -> Option<[&str; 6]> {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let fields: [&str; 6] = parts.try_into().ok()?;
    (fields[0] == "arn" && fields[1].starts_with("aws")).then_some(fields)
}

/// Whether `text` is an AWS account id: 12 digits.
pub(crate) fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// A selection's `role` (`IamRoleArn`), and a restore testing selection's: the ARN of an IAM
/// role, `arn:<partition>:iam::<12-digit account>:role/<path and name>` (row 28; cfn-lint
/// E1156/E3511 pattern `^arn:aws[a-zA-Z-]*:iam::\d{12}:role/.+$`; `API_BackupSelection`
/// `IamRoleArn`, "for example, `arn:aws:iam::123456789012:role/S3Access`").
///
/// ```
/// use backup_dsl::rules::check_iam_role_arn;
/// assert!(check_iam_role_arn("arn:aws:iam::123456789012:role/service-role/Backup").is_ok());
/// assert_eq!(check_iam_role_arn("backup-role").unwrap_err().rule, "iam-role-arn");
/// ```
pub fn check_iam_role_arn(arn: &str) -> Result<(), Violation> {
    let valid = arn_fields(arn).is_some_and(|[_, _, service, region, account, resource]| {
        service == "iam"
            && region.is_empty()
            && is_account_id(account)
            && resource.len() > "role/".len()
            && resource.starts_with("role/")
    });
    if valid {
        return Ok(());
    }
    Err(Violation::error(
        "iam-role-arn",
        format!("`role` is `{arn}`, which is not an IAM role ARN; AWS Backup assumes the role named by `arn:<partition>:iam::<12-digit account>:role/<name>`"),
        "write the role's ARN, for example `arn:aws:iam::123456789012:role/BackupRole`, or leave `role` out to have a role generated",
    ))
}

/// A vault's `encryption_key` (`EncryptionKeyArn`): the ARN of a KMS key, not an alias nor a
/// bare key id (row 34; CloudFormation `AWS::Backup::BackupVault`: "If you specify a key, you
/// must specify its ARN, not its alias"; the same for logically air-gapped vaults).
///
/// ```
/// use backup_dsl::rules::check_kms_key_arn;
/// assert!(check_kms_key_arn("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab").is_ok());
/// assert_eq!(check_kms_key_arn("alias/aws/backup").unwrap_err().rule, "kms-key-arn");
/// assert!(check_kms_key_arn("arn:aws:kms:eu-west-1:111122223333:alias/backup").is_err());
/// ```
pub fn check_kms_key_arn(arn: &str) -> Result<(), Violation> {
    let fields = arn_fields(arn).filter(|f| f[2] == "kms");
    let alias = arn.starts_with("alias/") || fields.is_some_and(|f| f[5].starts_with("alias/"));
    let valid = fields.is_some_and(|[_, _, _, region, account, resource]| {
        !region.is_empty()
            && is_account_id(account)
            && resource.len() > "key/".len()
            && resource.starts_with("key/")
    });
    if valid {
        return Ok(());
    }
    let found = if alias {
        "a KMS alias"
    } else {
        "which is not a KMS key ARN"
    };
    Err(Violation::error(
        "kms-key-arn",
        format!("`encryption_key` is `{arn}`, {found}; AWS Backup takes the ARN of a KMS key, `arn:<partition>:kms:<region>:<account>:key/<key id>`, not an alias"),
        "write the key's ARN, for example `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`, or leave `encryption_key` out to use the AWS-managed key",
    ))
}

/// A vault's `notification_topic` (`Notifications.SNSTopicArn`): the ARN of a standard SNS
/// topic, `arn:<partition>:sns:<region>:<account>:<topic name>` (row 36;
/// `API_PutBackupVaultNotifications` `SNSTopicArn`; cfn-lint E1158 `AWS::SNS::Topic.Arn`;
/// backup-notifications.html: FIFO topics are not supported).
///
/// ```
/// use backup_dsl::rules::check_sns_topic_arn;
/// assert!(check_sns_topic_arn("arn:aws:sns:eu-west-1:111122223333:backup-events").is_ok());
/// assert_eq!(check_sns_topic_arn("backup-events").unwrap_err().rule, "sns-topic-arn");
/// assert!(check_sns_topic_arn("arn:aws:sns:eu-west-1:111122223333:events.fifo").is_err());
/// ```
pub fn check_sns_topic_arn(arn: &str) -> Result<(), Violation> {
    let topic = arn_fields(arn).and_then(|[_, _, service, region, account, name]| {
        let valid = service == "sns"
            && !region.is_empty()
            && is_account_id(account)
            && !name.is_empty()
            && !name.contains(':');
        valid.then_some(name)
    });
    let found = match topic {
        Some(name) if name.ends_with(".fifo") => "a FIFO topic; AWS Backup notifies standard SNS topics only",
        Some(_) => return Ok(()),
        None => "which is not an SNS topic ARN; AWS Backup notifies the topic named by `arn:<partition>:sns:<region>:<account>:<topic name>`",
    };
    Err(Violation::error(
        "sns-topic-arn",
        format!("`notification_topic` is `{arn}`, {found}"),
        "write the ARN of a standard SNS topic in the vault's account, for example `arn:aws:sns:eu-west-1:111122223333:backup-events`",
    ))
}

/// Warning: a vault encrypted with the AWS-managed key (checkov CKV_AWS_166); copies of it to
/// another account fail for fully managed resource types (issue: cross-account copy).
///
/// ```
/// assert!(backup_dsl::rules::check_vault_customer_key(false).is_err());
/// ```
pub fn check_vault_customer_key(has_customer_key: bool) -> Result<(), Violation> {
    if has_customer_key {
        return Ok(());
    }
    Err(Violation::warning(
        "vault-without-customer-key",
        "this vault is encrypted with the AWS-managed key; its recovery points cannot be shared or copied to another account for fully managed resource types",
        "set `encryption_key` to a customer-managed KMS key ARN (checkov CKV_AWS_166)",
    ))
}

/// Warning: a copy to another account from a vault that uses the AWS-managed key: AWS
/// documents that such copies fail for fully managed resource types.
///
/// ```
/// assert!(backup_dsl::rules::check_cross_account_copy_key("111111111111", "222222222222", false).is_err());
/// assert!(backup_dsl::rules::check_cross_account_copy_key("111111111111", "111111111111", false).is_ok());
/// ```
pub fn check_cross_account_copy_key(
    source_account: &str,
    destination_account: &str,
    source_has_customer_key: bool,
) -> Result<(), Violation> {
    if source_account == destination_account || source_has_customer_key {
        return Ok(());
    }
    Err(Violation::warning(
        "cross-account-copy-aws-managed-key",
        format!(
            "this rule copies from account {source_account} to account {destination_account}, but its vault uses the AWS-managed key; such copies fail for fully managed resource types (DynamoDB, EFS, S3, …)"
        ),
        "encrypt the source vault with a customer-managed KMS key shared with the destination account",
    ))
}

/// Warning: tags and a wildcard ARN in one selection are OR-ed, so the wildcard widens what
/// the tags select (row 24).
///
/// ```
/// assert!(backup_dsl::rules::check_tags_with_wildcard(1, "arn:aws:ec2:*").is_err());
/// ```
pub fn check_tags_with_wildcard(tag_count: usize, wildcard_arn: &str) -> Result<(), Violation> {
    if tag_count == 0 {
        return Ok(());
    }
    Err(Violation::warning(
        "selection-tags-widened-by-wildcard",
        format!("this selection backs up resources with the tags *or* matching `{wildcard_arn}`: `resources` entries are alternatives, so the wildcard widens the tag selection"),
        "to back up only tagged resources among those the wildcard matches, move the tags to `all_of` (conditions are AND-ed with the resources)",
    ))
}

/// Longest CloudFormation stack name.
pub const MAX_STACK_NAME_LENGTH: usize = 128;

/// Stack name: `^[A-Za-z][A-Za-z0-9-]*$`, 1 to 128 characters (CloudFormation `CreateStack`;
/// CDK's `Stack` validates the same). A stack in stages is named `<Stage>-<Stack>`, as in CDK.
///
/// ```
/// use backup_dsl::rules::check_stack_name;
/// assert!(check_stack_name("Prod-Backups").is_ok());
/// assert_eq!(check_stack_name("backups_prod").unwrap_err().rule, "stack-name");
/// assert!(check_stack_name("1Backups").is_err());
/// ```
pub fn check_stack_name(name: &str) -> Result<(), Violation> {
    let length = name.chars().count();
    let found = if name.is_empty() {
        "is empty".to_string()
    } else if length > MAX_STACK_NAME_LENGTH {
        format!("has {length} characters")
    } else if let Some(first) = name.chars().next().filter(|c| !c.is_ascii_alphabetic()) {
        format!("starts with `{}`", first.escape_default())
    } else if let Some(c) = first_bad_char(name, &['-']) {
        format!("contains `{}`", c.escape_default())
    } else {
        return Ok(());
    };
    Err(Violation::error(
        "stack-name",
        format!("stack name `{name}` {found}; CloudFormation allows 1 to {MAX_STACK_NAME_LENGTH} letters, digits and `-`, starting with a letter"),
        "rename the stack to match `^[A-Za-z][A-Za-z0-9-]*$`, for example `Backups`",
    ))
}

/// Stack names are unique within an app: the CDK CLI selects and deploys stacks by name (CDK
/// requires unique stack ids).
///
/// ```
/// assert!(backup_dsl::rules::check_stack_name_unique("Backups", true).is_err());
/// assert!(backup_dsl::rules::check_stack_name_unique("Backups", false).is_ok());
/// ```
pub fn check_stack_name_unique(name: &str, seen_before: bool) -> Result<(), Violation> {
    if !seen_before {
        return Ok(());
    }
    Err(Violation::error(
        "stack-name-unique",
        format!("stack name `{name}` is used by two stacks in this app; the CDK CLI lists, selects and deploys stacks by name"),
        "give each stack its own id, or place one of them in a stage with `Stack::in_stage`",
    ))
}

/// A stack's account: an AWS account id, 12 digits (AWS account identifiers).
///
/// ```
/// use backup_dsl::rules::check_account_id;
/// assert!(check_account_id("123456789012").is_ok());
/// assert_eq!(check_account_id("1234").unwrap_err().rule, "stack-account");
/// ```
pub fn check_account_id(account: &str) -> Result<(), Violation> {
    if is_account_id(account) {
        return Ok(());
    }
    Err(Violation::error(
        "stack-account",
        format!("the stack's account `{account}` is not an AWS account id; an account id is 12 digits"),
        "write the 12-digit account id, for example `123456789012`, or leave the environment out for an environment-agnostic stack",
    ))
}

/// Whether `region` has the form of a Region code: a lower-case letter, then lower-case
/// letters, digits and `-`.
pub(crate) fn is_region_code(region: &str) -> bool {
    region.starts_with(|c: char| c.is_ascii_lowercase())
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A stack's region: a region code of lower-case letters, digits and `-`, such as `eu-west-1`
/// (the form the CDK CLI parses in `aws://<account>/<region>`).
///
/// ```
/// use backup_dsl::rules::check_region;
/// assert!(check_region("us-gov-west-1").is_ok());
/// assert_eq!(check_region("EU West").unwrap_err().rule, "stack-region");
/// ```
pub fn check_region(region: &str) -> Result<(), Violation> {
    if is_region_code(region) {
        return Ok(());
    }
    Err(Violation::error(
        "stack-region",
        format!("the stack's region `{region}` is not a region code; a region code is lower-case letters, digits and `-`"),
        "write the region code, for example `eu-west-1`, or leave the environment out for an environment-agnostic stack",
    ))
}

/// Shortest minimum retention of a logically air-gapped vault, in days (row 33).
pub const AIR_GAPPED_MIN_RETENTION_DAYS: i64 = 7;
/// Longest start window of a restore testing plan, in hours (row 50).
pub const RESTORE_TESTING_MAX_START_WINDOW_HOURS: i64 = 168;
/// Selection window of a restore testing plan, in days (row 50).
pub const RESTORE_TESTING_SELECTION_WINDOW_DAYS: std::ops::RangeInclusive<i64> = 1..=365;
/// Validation window of a restore testing selection, in hours (row 51).
pub const RESTORE_TESTING_VALIDATION_WINDOW_HOURS: std::ops::RangeInclusive<i64> = 0..=168;
/// The protected resource types AWS documents for restore testing selections
/// (API `RestoreTestingSelectionForCreate`, \[S2\]).
pub const RESTORE_TESTING_RESOURCE_TYPES: [&str; 10] = [
    "Aurora",
    "DocumentDB",
    "DynamoDB",
    "EBS",
    "EC2",
    "EFS",
    "FSx",
    "Neptune",
    "RDS",
    "S3",
];

/// Logically air-gapped vault: `min_retention` at least 7 days (row 33).
///
/// ```
/// assert!(backup_dsl::rules::check_air_gapped_min_retention(7).is_ok());
/// assert_eq!(backup_dsl::rules::check_air_gapped_min_retention(6).unwrap_err().rule, "air-gapped-min-retention");
/// ```
pub fn check_air_gapped_min_retention(min_days: i64) -> Result<(), Violation> {
    if min_days >= AIR_GAPPED_MIN_RETENTION_DAYS {
        return Ok(());
    }
    Err(Violation::error(
        "air-gapped-min-retention",
        format!("`min_retention` is {}; a logically air-gapped vault keeps recovery points at least {AIR_GAPPED_MIN_RETENTION_DAYS} days", days(min_days)),
        format!("set `min_retention` to at least {AIR_GAPPED_MIN_RETENTION_DAYS} days"),
    ))
}

/// Logically air-gapped vault: `max_retention` at most 36,500 days (rows 10 and 30).
///
/// ```
/// assert!(backup_dsl::rules::check_air_gapped_max_retention(36_500).is_ok());
/// assert_eq!(backup_dsl::rules::check_air_gapped_max_retention(36_501).unwrap_err().rule, "air-gapped-max-retention");
/// ```
pub fn check_air_gapped_max_retention(max_days: i64) -> Result<(), Violation> {
    if max_days <= MAX_RETENTION_DAYS {
        return Ok(());
    }
    Err(Violation::error(
        "air-gapped-max-retention",
        format!("`max_retention` is {}; the longest retention AWS Backup accepts is {MAX_RETENTION_DAYS} days", days(max_days)),
        format!("set `max_retention` to at most {MAX_RETENTION_DAYS} days"),
    ))
}

/// Logically air-gapped vault: `min_retention` ≤ `max_retention` (row 33; API
/// `CreateLogicallyAirGappedBackupVault`). Equal values are allowed.
///
/// ```
/// assert!(backup_dsl::rules::check_air_gapped_retention_order(7, 7).is_ok());
/// assert_eq!(backup_dsl::rules::check_air_gapped_retention_order(30, 7).unwrap_err().rule, "air-gapped-retention-order");
/// ```
pub fn check_air_gapped_retention_order(min_days: i64, max_days: i64) -> Result<(), Violation> {
    if min_days <= max_days {
        return Ok(());
    }
    Err(Violation::error(
        "air-gapped-retention-order",
        format!(
            "`max_retention` ({}) is less than `min_retention` ({})",
            days(max_days),
            days(min_days)
        ),
        "make `max_retention` at least `min_retention`",
    ))
}

/// A rule's logically air-gapped target is a logically air-gapped vault, not a backup vault
/// (row 42).
///
/// ```
/// assert!(backup_dsl::rules::check_air_gapped_target_kind("Vault", true).is_err());
/// ```
pub fn check_air_gapped_target_kind(vault: &str, is_backup_vault: bool) -> Result<(), Violation> {
    if !is_backup_vault {
        return Ok(());
    }
    Err(Violation::error(
        "air-gapped-target-kind",
        format!("`logically_air_gapped_vault` is `{vault}`, a backup vault; `TargetLogicallyAirGappedBackupVaultArn` takes a logically air-gapped vault"),
        "pass a `LogicallyAirGappedBackupVault` (or its ARN), or set the backup vault with `vault`",
    ))
}

/// A rule's logically air-gapped target is in the plan's account and Region (row 42). Checked
/// when the target ARN and the stack's environment are both literal.
///
/// ```
/// use backup_dsl::rules::check_air_gapped_target_region;
/// let arn = "arn:aws:backup:eu-west-1:123456789012:backup-vault:lag";
/// assert!(check_air_gapped_target_region(arn, Some("123456789012"), Some("eu-west-1")).is_ok());
/// assert!(check_air_gapped_target_region(arn, Some("123456789012"), Some("us-east-1")).is_err());
/// ```
pub fn check_air_gapped_target_region(
    arn: &str,
    account: Option<&str>,
    region: Option<&str>,
) -> Result<(), Violation> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let (Some(arn_region), Some(arn_account)) = (parts.get(3), parts.get(4)) else {
        return Ok(());
    };
    let differs = |ours: Option<&str>, theirs: &str| ours.is_some_and(|o| o != theirs);
    let place = match (differs(account, arn_account), differs(region, arn_region)) {
        (false, false) => return Ok(()),
        (true, false) => format!("account {arn_account}"),
        (false, true) => format!("Region {arn_region}"),
        (true, true) => format!("account {arn_account} and Region {arn_region}"),
    };
    Err(Violation::error(
        "air-gapped-target-region",
        format!("the logically air-gapped vault `{arn}` is in {place}, not the plan's; AWS Backup takes a target in the plan's own account and Region"),
        "back up to a logically air-gapped vault of the same account and Region, and copy to other accounts or Regions with a copy action",
    ))
}

/// Logically air-gapped vault removal: CloudFormation has no snapshot for it (cfn-lint
/// F0018/F3016, as for backup vaults).
///
/// ```
/// assert!(backup_dsl::rules::check_air_gapped_removal_snapshot(true).is_err());
/// ```
pub fn check_air_gapped_removal_snapshot(snapshot: bool) -> Result<(), Violation> {
    if !snapshot {
        return Ok(());
    }
    Err(Violation::error(
        "vault-removal-snapshot",
        "`removal_policy` is `Snapshot`; `AWS::Backup::LogicallyAirGappedBackupVault` does not support snapshot removal",
        "use `RemovalPolicy::Retain` (the default) or `RemovalPolicy::Destroy`",
    ))
}

/// Warning: a logically air-gapped vault as a rule's `TargetBackupVault`. AWS Backup writes
/// backups to a backup vault and takes a logically air-gapped one in
/// `TargetLogicallyAirGappedBackupVaultArn` (row 42).
///
/// ```
/// use backup_dsl::{rules::check_air_gapped_as_backup_vault, Severity};
/// assert_eq!(check_air_gapped_as_backup_vault("Lag", true).unwrap_err().severity, Severity::Warning);
/// ```
pub fn check_air_gapped_as_backup_vault(vault: &str, air_gapped: bool) -> Result<(), Violation> {
    if !air_gapped {
        return Ok(());
    }
    Err(Violation::warning(
        "air-gapped-as-backup-vault",
        format!("the rule's backup vault `{vault}` is a logically air-gapped vault; `TargetBackupVault` names a backup vault"),
        "keep a backup vault in `vault` and set the air-gapped vault with `logically_air_gapped_vault`",
    ))
}

/// Restore testing plan name: alphanumerics and `_` (row 50; the API sets no length).
///
/// ```
/// assert!(backup_dsl::rules::check_restore_testing_plan_name("weekly_restores").is_ok());
/// assert!(backup_dsl::rules::check_restore_testing_plan_name("weekly-restores").is_err());
/// ```
pub fn check_restore_testing_plan_name(name: &str) -> Result<(), Violation> {
    let bad = first_bad_char(name, &['_']);
    if !name.is_empty() && bad.is_none() {
        return Ok(());
    }
    let found = match bad {
        _ if name.is_empty() => "is empty".to_string(),
        Some(c) => format!("contains `{}`", c.escape_default()),
        None => "contains a character that is not allowed".to_string(),
    };
    Err(Violation::error(
        "restore-testing-plan-name",
        format!(
            "restore testing plan name `{name}` {found}; AWS Backup allows letters, digits and `_`"
        ),
        "rename it to match `^[a-zA-Z0-9_]+$`",
    ))
}

/// Restore testing selection name: 1 to 50 alphanumerics and `_` (row 51).
///
/// ```
/// assert!(backup_dsl::rules::check_restore_testing_selection_name("ebs_volumes").is_ok());
/// assert!(backup_dsl::rules::check_restore_testing_selection_name(&"s".repeat(51)).is_err());
/// ```
pub fn check_restore_testing_selection_name(name: &str) -> Result<(), Violation> {
    let length = name.chars().count();
    let bad = first_bad_char(name, &['_']);
    if (1..=50).contains(&length) && bad.is_none() {
        return Ok(());
    }
    let found = match bad {
        _ if name.is_empty() => "is empty".to_string(),
        _ if length > 50 => format!("has {length} characters"),
        Some(c) => format!("contains `{}`", c.escape_default()),
        None => "contains a character that is not allowed".to_string(),
    };
    Err(Violation::error(
        "restore-testing-selection-name",
        format!("restore testing selection name `{name}` {found}; AWS Backup allows 1 to 50 characters from letters, digits and `_`"),
        "rename it to match `^[a-zA-Z0-9_]{1,50}$`",
    ))
}

/// Restore testing schedule: an AWS cron expression (rows 1–5, `cron-spec.md`; API
/// `RestoreTestingPlanForCreate`). Backup rules' 60-minute rule is not documented for restore
/// testing, so only the syntax is checked.
///
/// ```
/// use backup_dsl::rules::check_restore_testing_schedule;
/// assert!(check_restore_testing_schedule("cron(0/30 * ? * * *)").is_ok());
/// assert_eq!(check_restore_testing_schedule("rate(1 day)").unwrap_err().rule, "schedule-syntax");
/// ```
pub fn check_restore_testing_schedule(expression: &str) -> Result<(), Violation> {
    CronSchedule::parse(expression)
        .map(drop)
        .map_err(|e| cron_violation("schedule-syntax", expression, e))
}

/// Restore testing start window: at most 168 hours (row 50). AWS documents no minimum; a
/// window under 1 hour is a warning (the Terraform provider refuses it).
///
/// ```
/// use backup_dsl::{rules::check_restore_testing_start_window, Severity};
/// assert!(check_restore_testing_start_window(24).is_ok());
/// assert_eq!(check_restore_testing_start_window(169).unwrap_err().severity, Severity::Error);
/// assert_eq!(check_restore_testing_start_window(0).unwrap_err().severity, Severity::Warning);
/// ```
pub fn check_restore_testing_start_window(hours: i64) -> Result<(), Violation> {
    if hours > RESTORE_TESTING_MAX_START_WINDOW_HOURS {
        return Err(Violation::error(
            "restore-testing-start-window",
            format!("`start_window` is {hours} hours; a restore testing plan's start window is at most {RESTORE_TESTING_MAX_START_WINDOW_HOURS} hours (7 days)"),
            "set `start_window` to at most 168 hours, or leave it out for the default of 24 hours",
        ));
    }
    if hours < 1 {
        return Err(Violation::warning(
            "restore-testing-start-window",
            format!("`start_window` is {hours} hours; a restore test that must start at once is likely canceled"),
            "set `start_window` to at least 1 hour, or leave it out for the default of 24 hours",
        ));
    }
    Ok(())
}

/// Restore testing selection window (`SelectionWindowDays`): 1 to 365 days (row 50).
///
/// ```
/// assert!(backup_dsl::rules::check_restore_testing_selection_window(30).is_ok());
/// assert!(backup_dsl::rules::check_restore_testing_selection_window(366).is_err());
/// ```
pub fn check_restore_testing_selection_window(window_days: i64) -> Result<(), Violation> {
    if RESTORE_TESTING_SELECTION_WINDOW_DAYS.contains(&window_days) {
        return Ok(());
    }
    Err(Violation::error(
        "restore-testing-selection-window",
        format!("`selection_window` is {}; restore testing picks recovery points from the last 1 to 365 days", days(window_days)),
        "set `selection_window` between 1 and 365 days, or leave it out for the default of 30 days",
    ))
}

/// Restore testing algorithm: `LATEST_WITHIN_WINDOW` or `RANDOM_WITHIN_WINDOW` (row 50; schema
/// enum).
///
/// ```
/// assert!(backup_dsl::rules::check_restore_testing_algorithm("RANDOM_WITHIN_WINDOW").is_ok());
/// assert!(backup_dsl::rules::check_restore_testing_algorithm("OLDEST").is_err());
/// ```
pub fn check_restore_testing_algorithm(algorithm: &str) -> Result<(), Violation> {
    if matches!(algorithm, "LATEST_WITHIN_WINDOW" | "RANDOM_WITHIN_WINDOW") {
        return Ok(());
    }
    Err(Violation::error(
        "restore-testing-algorithm",
        format!("restore testing algorithm `{algorithm}` is not one of `LATEST_WITHIN_WINDOW`, `RANDOM_WITHIN_WINDOW`"),
        "use `RestoreTestingAlgorithm::LatestWithinWindow` or `RestoreTestingAlgorithm::RandomWithinWindow`",
    ))
}

/// Restore testing recovery point types: at least one, each `SNAPSHOT` or `CONTINUOUS` (row 50;
/// schema enum; required by the API).
///
/// ```
/// use backup_dsl::rules::check_restore_testing_recovery_point_types;
/// assert!(check_restore_testing_recovery_point_types(&["SNAPSHOT", "CONTINUOUS"]).is_ok());
/// assert!(check_restore_testing_recovery_point_types::<&str>(&[]).is_err());
/// assert!(check_restore_testing_recovery_point_types(&["PITR"]).is_err());
/// ```
pub fn check_restore_testing_recovery_point_types<S: AsRef<str>>(
    types: &[S],
) -> Result<(), Violation> {
    let help = "list `RecoveryPointType::Snapshot`, `RecoveryPointType::Continuous` or both";
    if types.is_empty() {
        return Err(Violation::error(
            "restore-testing-recovery-point-types",
            "this restore testing plan lists no recovery point type; AWS Backup needs `SNAPSHOT`, `CONTINUOUS` or both",
            help,
        ));
    }
    match types
        .iter()
        .find(|t| !matches!(t.as_ref(), "SNAPSHOT" | "CONTINUOUS"))
    {
        None => Ok(()),
        Some(other) => Err(Violation::error(
            "restore-testing-recovery-point-types",
            format!(
                "recovery point type `{}` is not one of `SNAPSHOT`, `CONTINUOUS`",
                other.as_ref()
            ),
            help,
        )),
    }
}

/// Restore testing `IncludeVaults`: one or more (row 50; API `RestoreTestingRecoveryPointSelection`).
///
/// ```
/// assert!(backup_dsl::rules::check_restore_testing_include_vaults(0).is_err());
/// ```
pub fn check_restore_testing_include_vaults(count: usize) -> Result<(), Violation> {
    if count > 0 {
        return Ok(());
    }
    Err(Violation::error(
        "restore-testing-include-vaults",
        "this restore testing plan includes no vault; AWS Backup needs one or more (`*` for every vault)",
        "add `include_vault(...)` with a vault or its ARN, or `include_all_vaults()`",
    ))
}

/// A restore testing `include_vaults` / `exclude_vaults` entry (`IncludeVaults`,
/// `ExcludeVaults`): `*` or a backup vault ARN, `*` allowed inside it
/// (`arn:aws:backup:*:*:backup-vault:prod-*`). API `RestoreTestingRecoveryPointSelection`:
/// `IncludeVaults` "Use the wildcard \["*"\] or specific ARNs", so anything else there is an
/// error; `ExcludeVaults` takes "specific backup vault ARNs … Or … a list of selectors", which
/// AWS does not define, so anything else there is a warning.
///
/// ```
/// use backup_dsl::{rules::check_restore_testing_vault_selector, Severity};
/// assert!(check_restore_testing_vault_selector("include_vaults", "*").is_ok());
/// assert!(check_restore_testing_vault_selector("include_vaults", "arn:aws:backup:*:*:backup-vault:prod-*").is_ok());
/// assert_eq!(check_restore_testing_vault_selector("include_vaults", "prod").unwrap_err().severity, Severity::Error);
/// assert_eq!(check_restore_testing_vault_selector("exclude_vaults", "prod").unwrap_err().severity, Severity::Warning);
/// ```
pub fn check_restore_testing_vault_selector(key: &str, selector: &str) -> Result<(), Violation> {
    let vault_arn = arn_fields(selector).is_some_and(|f| {
        f[2] == "backup"
            && f[5]
                .strip_prefix("backup-vault:")
                .is_some_and(|name| !name.is_empty())
    });
    if selector == "*" || vault_arn {
        return Ok(());
    }
    let found = if selector.starts_with("arn:") {
        "which is not a backup vault ARN; AWS Backup picks recovery points from vaults by ARN"
    } else {
        "which is neither `*` nor a vault ARN; AWS Backup matches vaults by ARN"
    };
    let message = format!("`{key}` lists `{selector}`, {found}");
    let help = "write the vault's ARN (`arn:aws:backup:<region>:<account>:backup-vault:<name>`, `*` allowed), `*` for every vault, or pass the vault itself";
    if key == "include_vaults" {
        Err(Violation::error(
            "restore-testing-vault-selector",
            message,
            help,
        ))
    } else {
        Err(Violation::warning(
            "restore-testing-vault-selector",
            message,
            help,
        ))
    }
}

/// Restore testing selection `ValidationWindowHours`: 0 to 168 (row 51).
///
/// ```
/// assert!(backup_dsl::rules::check_restore_testing_validation_window(0).is_ok());
/// assert!(backup_dsl::rules::check_restore_testing_validation_window(169).is_err());
/// ```
pub fn check_restore_testing_validation_window(hours: i64) -> Result<(), Violation> {
    if RESTORE_TESTING_VALIDATION_WINDOW_HOURS.contains(&hours) {
        return Ok(());
    }
    Err(Violation::error(
        "restore-testing-validation-window",
        format!("`validation_window` is {hours} hours; AWS Backup keeps restored data for validation 0 to 168 hours"),
        "set `validation_window` to at most 168 hours (7 days)",
    ))
}

/// Restore testing protected resource type: not empty (required); a type AWS does not list for
/// restore testing is a warning, since AWS adds types over time (\[S2\]
/// `RestoreTestingSelectionForCreate`).
///
/// ```
/// use backup_dsl::{rules::check_restore_testing_resource_type, Severity};
/// assert!(check_restore_testing_resource_type("EBS").is_ok());
/// assert_eq!(check_restore_testing_resource_type("").unwrap_err().severity, Severity::Error);
/// assert_eq!(check_restore_testing_resource_type("Ebs").unwrap_err().severity, Severity::Warning);
/// ```
pub fn check_restore_testing_resource_type(resource_type: &str) -> Result<(), Violation> {
    let listed = RESTORE_TESTING_RESOURCE_TYPES.join("`, `");
    if resource_type.is_empty() {
        return Err(Violation::error(
            "restore-testing-resource-type",
            "the protected resource type is empty; a restore testing selection tests one resource type",
            format!("use one of `{listed}`"),
        ));
    }
    if RESTORE_TESTING_RESOURCE_TYPES.contains(&resource_type) {
        return Ok(());
    }
    Err(Violation::warning(
        "restore-testing-resource-type",
        format!("protected resource type `{resource_type}` is not one AWS documents for restore testing"),
        format!("use one of `{listed}` (AWS's spelling)"),
    ))
}

/// Restore testing `ProtectedResourceArns`: specific ARNs or `["*"]`, not both (row 51).
///
/// ```
/// use backup_dsl::rules::check_protected_resource_arns;
/// assert!(check_protected_resource_arns(&["*"]).is_ok());
/// assert!(check_protected_resource_arns(&["*", "arn:aws:ec2:us-east-1:123456789012:volume/vol-1"]).is_err());
/// ```
pub fn check_protected_resource_arns<S: AsRef<str>>(arns: &[S]) -> Result<(), Violation> {
    let wildcard = arns.iter().any(|a| a.as_ref() == "*");
    if !wildcard || arns.len() == 1 {
        return Ok(());
    }
    Err(Violation::error(
        "restore-testing-protected-resource-arns",
        format!("`protected_resource_arns` lists `*` beside {} specific ARN(s); AWS Backup takes specific ARNs or `[\"*\"]`, not both", arns.len() - 1),
        "keep `*` alone (narrowed with conditions), or list only specific ARNs",
    ))
}

/// Restore testing `ProtectedResourceConditions` only with `ProtectedResourceArns: ["*"]`
/// (row 51).
///
/// ```
/// assert!(backup_dsl::rules::check_protected_resource_conditions(2, false).is_err());
/// assert!(backup_dsl::rules::check_protected_resource_conditions(2, true).is_ok());
/// ```
pub fn check_protected_resource_conditions(
    condition_count: usize,
    wildcard: bool,
) -> Result<(), Violation> {
    if condition_count == 0 || wildcard {
        return Ok(());
    }
    Err(Violation::error(
        "restore-testing-conditions-without-wildcard",
        "this restore testing selection has resource conditions and specific ARNs; AWS Backup takes conditions only with `protected_resource_arns: [\"*\"]`",
        "drop the specific ARNs and select with `*` and conditions, or drop the conditions",
    ))
}

/// Warning: a restore testing selection with neither protected resource ARNs nor conditions:
/// AWS documents specific ARNs or `["*"]` (row 51).
///
/// ```
/// assert!(backup_dsl::rules::check_restore_testing_selects(0, 0).is_err());
/// ```
pub fn check_restore_testing_selects(
    arn_count: usize,
    condition_count: usize,
) -> Result<(), Violation> {
    if arn_count + condition_count > 0 {
        return Ok(());
    }
    Err(Violation::warning(
        "restore-testing-selection-empty",
        "this restore testing selection names no protected resource; AWS Backup documents specific ARNs or `[\"*\"]`",
        "add `all_protected_resources()` to test every protected resource of the type, or list ARNs",
    ))
}

/// Restore testing selection names are unique within their plan (row 51; the schema's primary
/// identifier is the plan name and the selection name).
///
/// ```
/// assert!(backup_dsl::rules::check_restore_testing_selection_name_unique("ebs", true).is_err());
/// ```
pub fn check_restore_testing_selection_name_unique(
    name: &str,
    seen_before: bool,
) -> Result<(), Violation> {
    if !seen_before {
        return Ok(());
    }
    Err(Violation::error(
        "restore-testing-selection-name-unique",
        format!("restore testing selection name `{name}` is used twice in this plan; AWS Backup identifies a plan's selections by name"),
        "give each selection of a restore testing plan its own name",
    ))
}

/// Days after which a tiering configuration moves S3 backups to the warm tier (API reference
/// `ResourceSelection.TieringDownSettingsInDays`; `aws-backup-next.md` §4 `tiering-selection`).
pub const TIERING_DOWN_DAYS: std::ops::RangeInclusive<i64> = 60..=36_500;
/// `ResourceSelection` items per tiering configuration (API reference
/// `TieringConfigurationInputForCreate`; `aws-backup-next.md` §4 `tiering-selection`).
pub const TIERING_SELECTIONS: std::ops::RangeInclusive<usize> = 1..=5;
/// Resource ARNs per tiering `ResourceSelection` (API reference `ResourceSelection.Resources`).
pub const MAX_TIERING_RESOURCES: usize = 100;

/// A tiering configuration name: 1 to 200 letters, digits and underscores (API reference
/// `TieringConfigurationInputForCreate.TieringConfigurationName`; `tiering-name`).
///
/// ```
/// use backup_dsl::rules::check_tiering_name;
/// assert!(check_tiering_name("s3_warm_tier").is_ok());
/// assert_eq!(check_tiering_name("s3-warm").unwrap_err().rule, "tiering-name");
/// ```
pub fn check_tiering_name(name: &str) -> Result<(), Violation> {
    let length = name.chars().count();
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Err(Violation::error(
            "tiering-name",
            format!("tiering configuration name `{name}` contains `{bad}`; AWS takes letters, digits and `_` only"),
            "use letters, digits and underscores, for example `s3_warm_tier`",
        ));
    }
    if !(1..=200).contains(&length) {
        return Err(Violation::error(
            "tiering-name",
            format!(
                "tiering configuration name `{name}` has {length} characters; AWS takes 1 to 200"
            ),
            "use a name of 1 to 200 letters, digits and underscores",
        ));
    }
    Ok(())
}

/// One tiering configuration per vault: "Each vault can only have one vault-specific tiering
/// configuration, in addition to any global configuration that applies to all vaults" (API
/// reference `CreateTieringConfiguration`; `tiering-vault`). `vault` is the vault's name (or
/// `*`), `first` the id of an earlier configuration for the same vault. A second
/// configuration for one vault is an error; a second for every vault (`*`) is a warning: the
/// sentence implies one global configuration without stating that a second is refused.
///
/// ```
/// use backup_dsl::rules::check_tiering_vault_unique;
/// assert!(check_tiering_vault_unique("logs", None).is_ok());
/// assert_eq!(check_tiering_vault_unique("logs", Some("Warm")).unwrap_err().rule, "tiering-vault-unique");
/// assert_eq!(
///     check_tiering_vault_unique("*", Some("Warm")).unwrap_err().severity,
///     backup_dsl::Severity::Warning,
/// );
/// ```
pub fn check_tiering_vault_unique(vault: &str, first: Option<&str>) -> Result<(), Violation> {
    let Some(first) = first else {
        return Ok(());
    };
    let help = "put the selections into one configuration (up to 5 `ResourceSelection`s, each with its own `tier_down_after`)";
    if vault == "*" {
        return Err(Violation::warning(
            "tiering-vault-unique",
            format!("tiering configuration `{first}` already applies to every vault (`*`); AWS documents one global tiering configuration besides the vault-specific ones"),
            help,
        ));
    }
    Err(Violation::error(
        "tiering-vault-unique",
        format!("vault `{vault}` already has tiering configuration `{first}`; AWS allows one vault-specific tiering configuration per vault"),
        help,
    ))
}

/// Legal holds per account: 50, not adjustable (AWS Backup quotas page, "Legal holds per
/// account").
pub const MAX_LEGAL_HOLDS: usize = 50;

/// The `ordinal`-th legal hold (1-based) of one account fits AWS Backup's quota of 50
/// (`legal-hold-quota`). `same_region`: the holds counted are in one Region too. The quotas
/// page says "per account" where its other rows say "per Region per account": past 50 in one
/// account and Region is refused under either reading (error); past 50 only across Regions is
/// refused if the quota is account-wide (warning).
///
/// ```
/// use backup_dsl::rules::check_legal_hold_quota;
/// assert!(check_legal_hold_quota(50, true).is_ok());
/// assert_eq!(check_legal_hold_quota(51, true).unwrap_err().severity, backup_dsl::Severity::Error);
/// assert_eq!(check_legal_hold_quota(51, false).unwrap_err().severity, backup_dsl::Severity::Warning);
/// ```
pub fn check_legal_hold_quota(ordinal: usize, same_region: bool) -> Result<(), Violation> {
    if ordinal <= MAX_LEGAL_HOLDS {
        return Ok(());
    }
    let help = "one legal hold can select several vaults, resources and a date range: combine holds, or cancel the ones no longer needed";
    if same_region {
        return Err(Violation::error(
            "legal-hold-quota",
            format!("this is legal hold {ordinal} in one account and Region; AWS Backup allows {MAX_LEGAL_HOLDS} legal holds per account (a quota that cannot be raised)"),
            help,
        ));
    }
    Err(Violation::warning(
        "legal-hold-quota",
        format!("this is legal hold {ordinal} of one account across its Regions; AWS Backup's quota is {MAX_LEGAL_HOLDS} legal holds per account (it cannot be raised): if the quota counts every Region, this hold is refused"),
        help,
    ))
}

/// `TieringDownSettingsInDays` lies in 60 to 36,500 days (`tiering-selection`).
///
/// ```
/// use backup_dsl::rules::check_tiering_down_days;
/// assert!(check_tiering_down_days(60).is_ok());
/// assert!(check_tiering_down_days(30).is_err());
/// ```
pub fn check_tiering_down_days(count: i64) -> Result<(), Violation> {
    if TIERING_DOWN_DAYS.contains(&count) {
        return Ok(());
    }
    Err(Violation::error(
        "tiering-down-days",
        format!(
            "backups move to the warm tier after {}; AWS takes 60 to 36500 days",
            days(count)
        ),
        "set `tier_down_after` to 60 to 36500 days",
    ))
}

/// A tiering configuration has 1 to 5 resource selections (`tiering-selection`).
pub fn check_tiering_selection_count(count: usize) -> Result<(), Violation> {
    if TIERING_SELECTIONS.contains(&count) {
        return Ok(());
    }
    Err(Violation::error(
        "tiering-selection-count",
        format!("the tiering configuration has {count} resource selections; AWS takes 1 to 5"),
        "add one to five selections (`TieringSelection::all_buckets` or `TieringSelection::buckets`)",
    ))
}

/// A tiering selection's `Resources`: `["*"]` or 1 to 100 S3 bucket ARNs (`tiering-selection`);
/// `literal` holds the literal entries of the `count` written.
///
/// ```
/// use backup_dsl::rules::check_tiering_resources;
/// assert!(check_tiering_resources(1, &["*"]).is_ok());
/// assert!(check_tiering_resources(1, &["arn:aws:s3:::bucket"]).is_ok());
/// assert!(check_tiering_resources(1, &["bucket"]).is_err());
/// assert!(check_tiering_resources(0, &[]).is_err());
/// ```
pub fn check_tiering_resources(count: usize, literal: &[&str]) -> Result<(), Violation> {
    let wrong = |message: String| {
        Violation::error(
            "tiering-resources",
            message,
            "select `*` (every bucket) or 1 to 100 S3 bucket ARNs such as `arn:aws:s3:::my-bucket`",
        )
    };
    if count == 0 || count > MAX_TIERING_RESOURCES {
        return Err(wrong(format!(
            "the tiering selection names {count} resources; AWS takes `*` or 1 to 100 S3 bucket ARNs"
        )));
    }
    if count > 1 && literal.contains(&"*") {
        return Err(wrong(
            "the tiering selection mixes `*` with other resources; `*` stands alone".to_string(),
        ));
    }
    if let Some(bad) = literal
        .iter()
        .find(|r| **r != "*" && !(r.starts_with("arn:") && r.contains(":s3:::")))
    {
        return Err(wrong(format!(
            "tiering resource `{bad}` is not an S3 bucket ARN"
        )));
    }
    Ok(())
}

/// A legal hold's `DateRange` end (`FromDate`, `ToDate`): an ISO 8601 date or timestamp
/// (`2026-01-01`, `2026-01-01T00:00:00Z`, `2026-01-01T00:00:00+02:00`); returns the instant in
/// seconds since 1970 (UTC) (`legal-hold-date`, `aws-backup-next.md` §4).
///
/// ```
/// use backup_dsl::rules::check_legal_hold_date;
/// assert!(check_legal_hold_date("from", "2026-01-01T00:00:00Z").is_ok());
/// assert_eq!(check_legal_hold_date("to", "01/02/2026").unwrap_err().rule, "legal-hold-date");
/// ```
pub fn check_legal_hold_date(key: &str, text: &str) -> Result<i64, Violation> {
    parse_timestamp(text).ok_or_else(|| {
        Violation::error(
            "legal-hold-date",
            format!("`{key}` date `{text}` is not an ISO 8601 date or timestamp"),
            "write a date such as `2026-01-01` or a timestamp such as `2026-01-01T00:00:00Z`",
        )
    })
}

/// A legal hold's date range runs forward: `FromDate` after `ToDate` selects no recovery point
/// (a warning: CloudFormation does not check it; `legal-hold-*`, `aws-backup-next.md` §4).
pub fn check_legal_hold_date_order(from: &i64, to: &i64) -> Result<(), Violation> {
    if from <= to {
        return Ok(());
    }
    Err(Violation::warning(
        "legal-hold-date-order",
        "the legal hold's date range ends before it starts; it holds no recovery point",
        "swap `from` and `to`",
    ))
}

/// Seconds since 1970-01-01T00:00:00Z of `YYYY-MM-DD[Thh:mm:ss[.fraction](Z|±hh:mm)]`.
fn parse_timestamp(text: &str) -> Option<i64> {
    let number = |s: &str, width: usize| -> Option<i64> {
        (s.len() == width && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (date, time) = match text.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    let mut parts = date.split('-');
    let year = number(parts.next()?, 4)?;
    let month = number(parts.next()?, 2)?;
    let day = number(parts.next()?, 2)?;
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let Some(time) = time else {
        return Some(days * 86_400);
    };
    let (clock, offset) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, 0)
    } else {
        let at = time.rfind(['+', '-'])?;
        let (clock, zone) = time.split_at(at);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let (hours, minutes) = zone[1..].split_once(':')?;
        (
            clock,
            sign * (number(hours, 2)? * 3600 + number(minutes, 2)? * 60),
        )
    };
    let clock = clock.split_once('.').map_or(clock, |(whole, fraction)| {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            ""
        } else {
            whole
        }
    });
    let mut fields = clock.split(':');
    let hour = number(fields.next()?, 2)?;
    let minute = number(fields.next()?, 2)?;
    let second = number(fields.next()?, 2)?;
    if fields.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Resource types GuardDuty malware scanning takes in `ScanSettings[].ResourceTypes`
/// (`aws-backup-next.md` §4 `scan-resource-types`).
pub const SCAN_RESOURCE_TYPES: &[&str] = &["EBS", "EC2", "S3", "ALL"];

/// A scan setting's resource types: at least one, each of `EBS`, `EC2`, `S3`, `ALL`
/// (`scan-resource-types`, `scan-fields`).
///
/// ```
/// use backup_dsl::rules::check_scan_resource_types;
/// assert!(check_scan_resource_types(&["EBS", "S3"]).is_ok());
/// assert_eq!(check_scan_resource_types(&["RDS"]).unwrap_err().rule, "scan-resource-types");
/// ```
pub fn check_scan_resource_types(types: &[&str]) -> Result<(), Violation> {
    let allowed = "`EBS`, `EC2`, `S3` or `ALL`";
    if types.is_empty() {
        return Err(Violation::error(
            "scan-resource-types",
            format!("the scan setting names no resource type; AWS takes {allowed}"),
            "name the resource types to scan, for example `[\"EBS\", \"S3\"]`",
        ));
    }
    match types.iter().find(|t| !SCAN_RESOURCE_TYPES.contains(t)) {
        Some(bad) => Err(Violation::error(
            "scan-resource-types",
            format!("malware scanning does not take resource type `{bad}`; AWS takes {allowed}"),
            format!("use {allowed}"),
        )),
        None => Ok(()),
    }
}

/// A rule's scan action needs a scan setting of its plan for the same scanner: without one,
/// the plan deploys but no scanning job starts (a warning; `scan-settings-missing`,
/// `aws-backup-next.md` §4).
pub fn check_scan_settings_for_actions(
    scanner: &str,
    has_actions: bool,
    has_settings: bool,
) -> Result<(), Violation> {
    if !has_actions || has_settings {
        return Ok(());
    }
    Err(Violation::warning(
        "scan-settings-missing",
        format!("the rule scans backups with `{scanner}` but the plan has no scan setting for `{scanner}`; scanning jobs do not start"),
        "add a scan setting to the plan (`BackupPlan::scan_setting`) with the scanner's role and resource types",
    ))
}

/// `OptInToArchiveForSupportedResources` moves recovery points to the archive tier when they
/// move to cold storage: without `move_to_cold_storage_after` nothing moves (a warning;
/// `archive-*`, `aws-backup-next.md` §4).
pub fn check_archive_opt_in(opt_in: bool, has_cold_storage: bool) -> Result<(), Violation> {
    if !opt_in || has_cold_storage {
        return Ok(());
    }
    Err(Violation::warning(
        "archive-without-cold-storage",
        "`opt_in_to_archive` is set but nothing moves to cold storage; it has no effect",
        "set `move_to_cold_storage_after`, or remove `opt_in_to_archive`",
    ))
}

/// S3 advanced backup options: CloudFormation's early validation refuses `disabled` for
/// `BackupACLs` and `BackupObjectTags` although the API takes it
/// ([cloudformation-coverage-roadmap#2507](https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/2507);
/// `advanced-settings-s3`, `aws-backup-next.md` §4).
pub fn check_s3_backup_option(key: &str, enabled: bool) -> Result<(), Violation> {
    if enabled {
        return Ok(());
    }
    Err(Violation::error(
        "advanced-settings-s3",
        format!("`{key}` is disabled; CloudFormation refuses `disabled` for S3 advanced backup options although the AWS Backup API takes it"),
        "leave the option enabled in the template and disable it with `aws backup update-backup-plan` after deployment",
    ))
}

/// A tiering selection's `ResourceType`: `S3` is the only value (API reference
/// `ResourceSelection.ResourceType`; `tiering-selection`).
///
/// ```
/// use backup_dsl::rules::check_tiering_resource_type;
/// assert!(check_tiering_resource_type("S3").is_ok());
/// assert!(check_tiering_resource_type("EBS").is_err());
/// ```
pub fn check_tiering_resource_type(kind: &str) -> Result<(), Violation> {
    if kind == "S3" {
        return Ok(());
    }
    Err(Violation::error(
        "tiering-resource-type",
        format!("tiering configurations do not take resource type `{kind}`; AWS takes `S3` only"),
        "set `ResourceType` to `S3`",
    ))
}

/// A scan setting's `ScannerRoleArn`: an IAM role ARN, as [`check_iam_role_arn`] (`scan-role`,
/// `aws-backup-next.md` §4); no role is generated for scanning, so the help asks for one.
///
/// ```
/// use backup_dsl::rules::check_scanner_role_arn;
/// assert!(check_scanner_role_arn("arn:aws:iam::123456789012:role/scanner").is_ok());
/// assert_eq!(check_scanner_role_arn("scanner").unwrap_err().rule, "iam-role-arn");
/// ```
pub fn check_scanner_role_arn(arn: &str) -> Result<(), Violation> {
    check_iam_role_arn(arn).map_err(|violation| Violation {
        help: "write the ARN of the role AWS Backup scans with (it needs `AWSBackupServiceRolePolicyForScans`), for example `arn:aws:iam::123456789012:role/BackupScanner`".to_string(),
        ..violation
    })
}

#[cfg(test)]
mod tests {
    use super::ValidSchedules;

    #[test]
    fn valid_schedules_remembers_each_one_and_forgets_past_its_limit() {
        let mut valid = ValidSchedules::default();
        let schedules: Vec<String> = (0..30).map(|m| format!("cron({m} 5 ? * * *)")).collect();
        for schedule in &schedules {
            assert!(!valid.contains(schedule));
            valid.insert(schedule);
        }
        assert!(schedules.iter().all(|s| valid.contains(s)));
        assert!(!valid.contains("cron(0 6 ? * * *)"));
        for hour in 0..ValidSchedules::MORE {
            valid.insert(&format!("cron(0 {hour} ? * * 2099)"));
        }
        // The set was full: forgotten, the list kept.
        assert!(valid.contains(&schedules[0]));
        assert!(!valid.contains(&schedules[29]));
    }
}

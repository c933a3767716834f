//! Every error case of `tests/fixtures/cdk-errors.json` that the API can express is
//! rejected at synthesis, with our rule id, the path of the offending field and our message.
//!
//! The messages are the rule book's own words (`backup_dsl::rules`), not CDK's: they say what
//! was found, what is allowed, and (in `help`) how to fix it. Where CDK stops at the first
//! problem, we report every one (`err-rule-multiple-violations`,
//! `err-vault-lock-multiple-violations`).
//!
//! # Covered (31 of 33)
//!
//! All `err-rule-*`, `err-duration-negative`, `err-cron-day-and-weekday`, `err-plan-no-rules*`,
//! `err-vault-name-*`, `err-vault-lock-*`, `err-vault-grant-wildcard`, `err-vault-arn-*`,
//! `err-selection-duplicate-id`, `err-stack-over-500-resources`,
//! `err-vault-removal-snapshot-with-flag` (rejected without any flag: vaults never snapshot).
//!
//! # Not expressible (2 of 33)
//!
//! - `err-plan-backupVault-getter-no-vault` and `err-plan-backupVault-getter-l1-vault`: CDK's
//!   `plan.backupVault` getter throws when the plan has no vault yet or when its vault is an L1.
//!   Our plan has no such getter: a plan's vault is a [`VaultRef`] the caller already holds, and
//!   the automatic vault is decided at synthesis, so there is nothing that can fail.
//!
//! `every_error_case_is_accounted_for` checks these lists against the JSON file.

use backup_dsl::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection, BackupVault,
    CfnResource, CronOptions, Duration, LockConfiguration, RemovalPolicy, Schedule, Stack,
    VaultRef,
};
use backup_dsl_tests::{reference_dir, synth_err};

/// Synthesis fails with exactly these errors: `(rule, path, message)`, in order.
fn assert_errors(stack: Stack, expected: &[(&str, &str, &str)]) {
    let error = synth_err(&stack);
    let found: Vec<(&str, &str, &str)> = error
        .errors()
        .map(|p| (p.violation.rule, p.path.as_str(), p.message()))
        .collect();
    assert_eq!(found, expected, "{error}");
    for problem in error.errors() {
        assert!(!problem.violation.help.is_empty(), "{problem} has no help");
    }
}

fn plan_with(rule: BackupPlanRule) -> Stack {
    Stack::new("Stack").with(BackupPlan::new("Plan").rule(rule))
}

fn vault_with(vault: BackupVault) -> Stack {
    Stack::new("Stack").with(vault)
}

fn locked(lock: LockConfiguration) -> Stack {
    vault_with(BackupVault::new("Vault").lock_configuration(lock))
}

fn plan_vault_arn(arn: &str) -> Stack {
    Stack::new("Stack")
        .with(BackupPlan::daily_35_day_retention("Plan").vault(VaultRef::from_arn(arn)))
}

fn tagged(id: &str) -> BackupSelection {
    BackupSelection::new(id).resource(BackupResource::tag("stage", "prod"))
}

const DAYS: fn(i64) -> Duration = Duration::days;
const HOURS: fn(i64) -> Duration = Duration::hours;

const COLD_GAP: &str = "lifecycle-cold-storage-gap";
const NOT_WHOLE: &str = "duration-not-whole";
const RULE_SCHEDULE: &str = "plans[Plan].rules[0].schedule";
const RULE_DELETE: &str = "plans[Plan].rules[0].delete_after";
const RATE_1H: &str =
    "a rate schedule (every 1 hour) is not supported; AWS Backup takes only `cron(...)` schedules";
const CONTINUOUS_COLD: &str =
    "`move_to_cold_storage_after` is set on a rule with `enable_continuous_backup: true`; \
                               continuous backups never move to cold storage";
const NO_RULE: &str = "this backup plan has no rule; AWS Backup needs at least 1";
const VAULT_NAME_ALLOWED: &str =
    "AWS Backup allows 2 to 50 characters from letters, digits, `-` and `_`";
const ARN_EXPECTED: &str =
    "expected `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`";

#[test]
fn err_rule_delete_before_cold() {
    assert_errors(
        plan_with(
            BackupPlanRule::new()
                .move_to_cold_storage_after(DAYS(30))
                .delete_after(DAYS(10)),
        ),
        &[(
            COLD_GAP,
            RULE_DELETE,
            "`delete_after` is 10 days but recovery points move to cold storage after 30 days; \
             AWS Backup keeps them in cold storage at least 90 days",
        )],
    );
}

#[test]
fn err_rule_schedule_rate() {
    assert_errors(
        plan_with(BackupPlanRule::new().schedule(Schedule::Rate(HOURS(1)))),
        &[("schedule-syntax", RULE_SCHEDULE, RATE_1H)],
    );
}

#[test]
fn err_rule_schedule_literal_rate() {
    assert_errors(
        plan_with(BackupPlanRule::new().schedule("rate(1 day)")),
        &[(
            "schedule-syntax",
            RULE_SCHEDULE,
            "`rate(...)` expressions are not taken by AWS Backup, only `cron(...)`",
        )],
    );
}

#[test]
fn err_rule_schedule_literal_at() {
    assert_errors(
        plan_with(BackupPlanRule::new().schedule("at(2030-01-01T00:00:00)")),
        &[(
            "schedule-syntax",
            RULE_SCHEDULE,
            "one-time `at(...)` schedules are not taken by AWS Backup, only `cron(...)`",
        )],
    );
}

#[test]
fn err_rule_continuous_with_cold() {
    assert_errors(
        plan_with(
            BackupPlanRule::new()
                .enable_continuous_backup(true)
                .move_to_cold_storage_after(DAYS(7)),
        ),
        &[(
            "continuous-backup-cold-storage",
            "plans[Plan].rules[0].move_to_cold_storage_after",
            CONTINUOUS_COLD,
        )],
    );
}

#[test]
fn err_rule_continuous_delete_0d() {
    assert_errors(
        plan_with(BackupPlanRule::new().enable_continuous_backup(true).delete_after(DAYS(0))),
        &[(
            "continuous-backup-retention",
            RULE_DELETE,
            "`delete_after` is 0 days on a rule with `enable_continuous_backup: true`; continuous backups are kept 1 to 35 days",
        )],
    );
}

#[test]
fn err_rule_copy_delete_too_early() {
    let copy = BackupPlanCopyAction::new(VaultRef::from_name("other"))
        .move_to_cold_storage_after(DAYS(30))
        .delete_after(DAYS(119));
    assert_errors(
        plan_with(BackupPlanRule::new().copy_action(copy)),
        &[(
            COLD_GAP,
            "plans[Plan].rules[0].copy_actions[0].delete_after",
            "`delete_after` is 119 days but recovery points move to cold storage after 30 days; \
             AWS Backup keeps them in cold storage at least 90 days",
        )],
    );
}

/// CDK reports the first problem only; we report the schedule and the cold storage. (The
/// cold-to-delete gap is not checked on a continuous rule: it may not have cold storage at all.)
#[test]
fn err_rule_multiple_violations() {
    let rule = BackupPlanRule::new()
        .move_to_cold_storage_after(DAYS(30))
        .delete_after(DAYS(10))
        .schedule(Schedule::Rate(HOURS(1)))
        .enable_continuous_backup(true);
    assert_errors(
        plan_with(rule),
        &[
            ("schedule-syntax", RULE_SCHEDULE, RATE_1H),
            (
                "continuous-backup-cold-storage",
                "plans[Plan].rules[0].move_to_cold_storage_after",
                CONTINUOUS_COLD,
            ),
        ],
    );
}

#[test]
fn err_rule_delete_non_integral_days() {
    assert_errors(
        plan_with(BackupPlanRule::new().delete_after(HOURS(36))),
        &[(
            NOT_WHOLE,
            RULE_DELETE,
            "`delete_after` is `36 hours`, which cannot be converted into a whole number of days",
        )],
    );
}

#[test]
fn err_rule_completion_window_seconds() {
    assert_errors(
        plan_with(BackupPlanRule::new().completion_window(Duration::seconds(90))),
        &[(
            NOT_WHOLE,
            "plans[Plan].rules[0].completion_window",
            "`completion_window` is `90 seconds`, which cannot be converted into a whole number of minutes",
        )],
    );
}

#[test]
fn err_rule_copy_delete_non_integral() {
    let copy = BackupPlanCopyAction::new(VaultRef::from_name("other")).delete_after(HOURS(25));
    assert_errors(
        plan_with(BackupPlanRule::new().copy_action(copy)),
        &[(
            NOT_WHOLE,
            "plans[Plan].rules[0].copy_actions[0].delete_after",
            "`delete_after` is `25 hours`, which cannot be converted into a whole number of days",
        )],
    );
}

#[test]
fn err_duration_negative() {
    assert_errors(
        plan_with(BackupPlanRule::new().delete_after(DAYS(-1))),
        &[(
            "duration-negative",
            RULE_DELETE,
            "`delete_after` is `-1 days`, a negative duration",
        )],
    );
}

#[test]
fn err_cron_day_and_weekday() {
    let cron = CronOptions {
        day: Some("1".into()),
        week_day: Some("MON".into()),
        ..CronOptions::default()
    };
    assert_errors(
        plan_with(BackupPlanRule::new().schedule(Schedule::Cron(cron))),
        &[(
            "schedule-day-and-week-day",
            RULE_SCHEDULE,
            "both `day` and `week_day` are given; a cron schedule takes one of them",
        )],
    );
}

#[test]
fn err_plan_no_rules() {
    assert_errors(
        Stack::new("Stack").with(BackupPlan::new("Plan")),
        &[("plan-without-rules", "plans[Plan].rules", NO_RULE)],
    );
}

#[test]
fn err_plan_no_rules_with_selection() {
    let plan = BackupPlan::new("Plan").selection(tagged("Sel"));
    assert_errors(
        Stack::new("Stack").with(plan),
        &[("plan-without-rules", "plans[Plan].rules", NO_RULE)],
    );
}

#[test]
fn err_vault_name_too_short() {
    let message = format!("vault name `a` has 1 character; {VAULT_NAME_ALLOWED}");
    assert_errors(
        vault_with(BackupVault::new("Vault").name("a")),
        &[("vault-name", "vaults[Vault].name", &message)],
    );
}

#[test]
fn err_vault_name_too_long() {
    let name = "x".repeat(51);
    let message = format!("vault name `{name}` has 51 characters; {VAULT_NAME_ALLOWED}");
    assert_errors(
        vault_with(BackupVault::new("Vault").name(name)),
        &[("vault-name", "vaults[Vault].name", &message)],
    );
}

#[test]
fn err_vault_lock_max_over_36500d() {
    assert_errors(
        locked(LockConfiguration::new(DAYS(1)).max_retention(DAYS(36_501))),
        &[(
            "vault-lock-max-retention",
            "vaults[Vault].lock_configuration.max_retention",
            "`max_retention` is 36501 days; the longest maximum retention AWS Backup accepts is 36500 days",
        )],
    );
}

#[test]
fn err_vault_lock_max_equals_min() {
    assert_errors(
        locked(LockConfiguration::new(DAYS(30)).max_retention(DAYS(30))),
        &[(
            "vault-lock-retention-order",
            "vaults[Vault].lock_configuration.max_retention",
            "`max_retention` (30 days) is not greater than `min_retention` (30 days)",
        )],
    );
}

#[test]
fn err_vault_lock_min_0d() {
    assert_errors(
        locked(LockConfiguration::new(DAYS(0))),
        &[(
            "vault-lock-min-retention",
            "vaults[Vault].lock_configuration.min_retention",
            "`min_retention` is 0 days; the shortest minimum retention AWS Backup accepts is 1 day",
        )],
    );
}

#[test]
fn err_vault_lock_min_36h() {
    assert_errors(
        locked(LockConfiguration::new(HOURS(36))),
        &[(
            NOT_WHOLE,
            "vaults[Vault].lock_configuration.min_retention",
            "`min_retention` is `36 hours`, which cannot be converted into a whole number of days",
        )],
    );
}

#[test]
fn err_vault_lock_changeable_80h() {
    assert_errors(
        locked(LockConfiguration::new(DAYS(1)).changeable_for(HOURS(80))),
        &[(
            NOT_WHOLE,
            "vaults[Vault].lock_configuration.changeable_for",
            "`changeable_for` is `80 hours`, which cannot be converted into a whole number of days",
        )],
    );
}

/// CDK reports the cooling-off period only; we report all three fields.
#[test]
fn err_vault_lock_multiple_violations() {
    assert_errors(
        locked(LockConfiguration::new(HOURS(12)).max_retention(DAYS(40_000)).changeable_for(HOURS(10))),
        &[
            (NOT_WHOLE, "vaults[Vault].lock_configuration.min_retention", "`min_retention` is `12 hours`, which cannot be converted into a whole number of days"),
            (NOT_WHOLE, "vaults[Vault].lock_configuration.changeable_for", "`changeable_for` is `10 hours`, which cannot be converted into a whole number of days"),
            (
                "vault-lock-max-retention",
                "vaults[Vault].lock_configuration.max_retention",
                "`max_retention` is 40000 days; the longest maximum retention AWS Backup accepts is 36500 days",
            ),
        ],
    );
}

#[test]
fn err_vault_grant_wildcard() {
    let role = CfnResource::l2("Role", "AWS::IAM::Role");
    let mut stack = Stack::new("Stack");
    stack.grant(VaultRef::from_name("vault"), &role, ["backup:*"]);
    stack.add(role);
    assert_errors(
        stack,
        &[(
            "grant-wildcard-action",
            "grants[0].actions",
            "grant action `backup:*` has a wildcard; AWS Backup access policies don't support one in the Action key",
        )],
    );
}

#[test]
fn err_vault_arn_slash_format() {
    let arn = "arn:aws:backup:us-east-1:123456789012:backup-vault/myVault";
    let message = format!(
        "vault ARN `{arn}` separates the vault name with `/` instead of `:`; {ARN_EXPECTED}"
    );
    assert_errors(
        plan_vault_arn(arn),
        &[("vault-arn", "plans[Plan].vault", &message)],
    );
}

#[test]
fn err_vault_arn_no_resource_name_segment() {
    let arn = "arn:aws:backup:us-east-1:123456789012:backup-vault";
    let message = format!("vault ARN `{arn}` has no vault name; {ARN_EXPECTED}");
    assert_errors(
        plan_vault_arn(arn),
        &[("vault-arn", "plans[Plan].vault", &message)],
    );
}

#[test]
fn err_vault_arn_empty_resource_name() {
    let arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:";
    let message = format!("vault ARN `{arn}` has an empty vault name; {ARN_EXPECTED}");
    assert_errors(
        plan_vault_arn(arn),
        &[("vault-arn", "plans[Plan].vault", &message)],
    );
}

#[test]
fn err_vault_arn_not_an_arn() {
    let message = format!("vault ARN `myVault` is not an ARN; {ARN_EXPECTED}");
    assert_errors(
        plan_vault_arn("myVault"),
        &[("vault-arn", "plans[Plan].vault", &message)],
    );
}

/// One problem for the duplicate, not a cascade of colliding logical ids.
#[test]
fn err_selection_duplicate_id() {
    let plan = BackupPlan::daily_35_day_retention("Plan")
        .selection(tagged("Selection"))
        .selection(tagged("Selection"));
    assert_errors(
        Stack::new("Stack").with(plan),
        &[(
            "duplicate-id",
            "plans[Plan].selections[Selection].id",
            "id `Selection` is used twice in the same scope; ids name resources and must be unique",
        )],
    );
}

/// 126 × (plan + automatic vault + selection role + selection) = 504 resources.
#[test]
fn err_stack_over_500_resources() {
    let mut stack = Stack::new("Stack");
    for index in 0..126 {
        stack.add(
            BackupPlan::daily_35_day_retention(format!("Plan{index}"))
                .selection(tagged("Selection")),
        );
    }
    assert_errors(
        stack,
        &[(
            "stack-resource-count",
            "resources",
            "the stack has 504 resources; a CloudFormation template takes 1 to 500",
        )],
    );
}

/// The boundary: 125 plans with a selection each (500 resources) synthesize.
#[test]
fn stack_of_500_resources_synthesizes() {
    let mut stack = Stack::new("Stack");
    for index in 0..125 {
        stack.add(
            BackupPlan::daily_35_day_retention(format!("Plan{index}"))
                .selection(tagged("Selection")),
        );
    }
    let template = stack.synth().expect("500 resources are allowed");
    assert_eq!(
        template.json()["Resources"].as_object().map(|r| r.len()),
        Some(500)
    );
}

#[test]
fn err_vault_removal_snapshot_with_flag() {
    assert_errors(
        vault_with(BackupVault::new("Vault").removal_policy(RemovalPolicy::Snapshot)),
        &[(
            "vault-removal-snapshot",
            "vaults[Vault].removal_policy",
            "`removal_policy` is `Snapshot`; `AWS::Backup::BackupVault` does not support snapshot removal",
        )],
    );
}

/// The lists in the module docs match `cdk-errors.json`.
#[test]
fn every_error_case_is_accounted_for() {
    let path = reference_dir().join("cdk-errors.json");
    let text = std::fs::read_to_string(&path).expect("cdk-errors.json is readable");
    let cases: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).expect("cdk-errors.json is an object");
    let not_expressible = [
        "err-plan-backupVault-getter-no-vault",
        "err-plan-backupVault-getter-l1-vault",
    ];
    let source = include_str!("cdk_errors.rs");
    for name in cases.keys() {
        let test = format!("fn {}()", name.replace('-', "_"));
        let covered = source.contains(&test);
        assert!(
            covered ^ not_expressible.contains(&name.as_str()),
            "{name}: covered {covered}"
        );
    }
    assert_eq!(cases.len(), 33);
}

//! Same rule, same words: every rule-book error `backup_plan!` raises at compile time (the
//! `.stderr` files of `tests/ui/fail`) is raised by the builder at synthesis for the same
//! input, with the same message and the same help.

use backup_dsl::{
    BackupPlan, BackupPlanCopyAction, BackupPlanRule, BackupResource, BackupSelection, BackupVault,
    BackupVaultEvent, Control, Duration, Framework, IndexActionResourceType, LockConfiguration,
    LogicallyAirGappedBackupVault, RemovalPolicy, RestoreTestingPlan, RestoreTestingSelection,
    RestoreTestingVault, Stack, TagCondition, VaultRef,
};

/// The `(message, help)` of each error in a trybuild `.stderr` file.
fn compile_errors(case: &str) -> Vec<(String, String)> {
    let path = format!("{}/ui/fail/{case}.stderr", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut errors = Vec::new();
    for line in text.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            errors.push((message.to_string(), String::new()));
        } else if let (Some(help), Some(last)) = (
            line.trim_start().strip_prefix("= help: "),
            errors.last_mut(),
        ) {
            last.1 = help.to_string();
        }
    }
    assert!(!errors.is_empty(), "{path} has no error");
    errors
}

/// Asserts the builder reports every compile-time error of `case`, word for word.
fn same_words(case: &str, stack: Stack) {
    let problems = stack
        .synth()
        .expect_err("the builder must reject what the macro rejects")
        .problems;
    let runtime: Vec<(String, String)> = problems
        .iter()
        .map(|p| (p.violation.message.clone(), p.violation.help.clone()))
        .collect();
    for error in compile_errors(case) {
        assert!(
            runtime.contains(&error),
            "{case}: the builder does not say\n  {error:?}\nit says\n  {runtime:#?}"
        );
    }
}

fn with_plan(plan: BackupPlan) -> Stack {
    Stack::new("Stack").with(plan)
}

fn with_rule(rule: BackupPlanRule) -> Stack {
    with_plan(BackupPlan::new("Plan").rule(rule.name("Daily")))
}

fn with_vault(vault: BackupVault) -> Stack {
    Stack::new("Stack").with(vault)
}

fn schedule(expression: &str) -> Stack {
    with_rule(BackupPlanRule::new().schedule(expression))
}

fn lock(min: Duration) -> LockConfiguration {
    LockConfiguration::new(min)
}

#[test]
fn continuous_backup() {
    let continuous = || BackupPlanRule::new().enable_continuous_backup(true);
    same_words(
        "continuous/retention-over-35-days",
        with_rule(continuous().delete_after(Duration::days(36))),
    );
    same_words(
        "continuous/retention-zero",
        with_rule(continuous().delete_after(Duration::days(0))),
    );
    same_words(
        "continuous/with-cold-storage",
        with_rule(continuous().move_to_cold_storage_after(Duration::days(7))),
    );
}

#[test]
fn copy_actions() {
    let copy = |copy: BackupPlanCopyAction| with_rule(BackupPlanRule::new().copy_action(copy));
    same_words(
        "copy/bad-destination-arn",
        copy(
            BackupPlanCopyAction::new(VaultRef::from_arn(
                "arn:aws:backup:us-east-1:123456789012:backup-vault/dr",
            ))
            .delete_after(Duration::days(35)),
        ),
    );
    same_words(
        "copy/cold-storage-gap",
        copy(
            BackupPlanCopyAction::new(VaultRef::from_name("other"))
                .move_to_cold_storage_after(Duration::days(30))
                .delete_after(Duration::days(119)),
        ),
    );
    same_words(
        "copy/destination-empty-name",
        copy(BackupPlanCopyAction::new(VaultRef::from_arn(
            "arn:aws:backup:us-east-1:123456789012:backup-vault:",
        ))),
    );
    same_words(
        "copy/destination-placeholder-outside-sub",
        copy(BackupPlanCopyAction::new(VaultRef::from_arn(
            "arn:aws:backup:ap-northeast-3:${AWS::AccountId}:backup-vault:dr",
        ))),
    );
    same_words(
        "copy/from-name-with-dots",
        copy(BackupPlanCopyAction::new(VaultRef::from_name("my.vault"))),
    );
    same_words(
        "copy/destination-not-an-arn",
        copy(BackupPlanCopyAction::new(VaultRef::from_arn("dr")).delete_after(Duration::days(35))),
    );
    let locked = BackupVault::new("Locked").lock_configuration(lock(Duration::days(30)));
    let rule = BackupPlanRule::new()
        .delete_after(Duration::days(35))
        .copy_action(
            BackupPlanCopyAction::new(VaultRef::in_stack("Locked")).delete_after(Duration::days(7)),
        );
    same_words("copy/retention-outside-lock", with_rule(rule).with(locked));
}

#[test]
fn lifecycle() {
    let cold_delete = |cold: Duration, delete: Duration| {
        with_rule(
            BackupPlanRule::new()
                .move_to_cold_storage_after(cold)
                .delete_after(delete),
        )
    };
    let delete = |delete: Duration| with_rule(BackupPlanRule::new().delete_after(delete));
    same_words(
        "lifecycle/cold-not-whole-days",
        cold_delete(Duration::hours(25), Duration::days(365)),
    );
    same_words(
        "lifecycle/cold-storage-gap",
        cold_delete(Duration::days(30), Duration::days(100)),
    );
    same_words(
        "lifecycle/delete-equals-cold",
        cold_delete(Duration::days(30), Duration::days(30)),
    );
    same_words(
        "lifecycle/delete-not-whole-days",
        delete(Duration::hours(36)),
    );
    same_words(
        "lifecycle/delete-over-100-years",
        delete(Duration::days(36501)),
    );
    same_words("lifecycle/delete-zero", delete(Duration::days(0)));
    same_words("lifecycle/negative-duration", delete(Duration::days(-1)));
}

#[test]
fn plans() {
    let tagged = || BackupSelection::new("S").resource(BackupResource::tag("a", "b"));
    same_words(
        "plan/duplicate-plan-id",
        with_plan(BackupPlan::daily_35_day_retention("Plan"))
            .with(BackupPlan::new("Plan").rule(BackupPlanRule::weekly())),
    );
    same_words(
        "plan/name-empty-id",
        with_plan(BackupPlan::daily_35_day_retention("")),
    );
    same_words(
        "plan/name-with-slash",
        with_plan(BackupPlan::daily_35_day_retention("Plan").name("nightly/prod")),
    );
    same_words("plan/no-rules", with_plan(BackupPlan::new("Plan")));
    same_words(
        "plan/no-rules-with-selection",
        with_plan(BackupPlan::new("Plan").selection(tagged())),
    );
    same_words(
        "plan/plan-vault-bad-arn",
        with_plan(BackupPlan::daily_35_day_retention("Plan").vault(VaultRef::from_arn("myVault"))),
    );
}

#[test]
fn rules() {
    let named = |name: &str| {
        with_plan(
            BackupPlan::new("Plan").rule(
                BackupPlanRule::new()
                    .name(name)
                    .delete_after(Duration::days(35)),
            ),
        )
    };
    same_words("rule/name-with-space", named("my rule"));
    same_words("rule/name-too-long", named(&"r".repeat(51)));
    same_words(
        "rule/index-actions-several-types",
        with_rule(
            BackupPlanRule::new()
                .index_action([IndexActionResourceType::S3, IndexActionResourceType::Ebs]),
        ),
    );
    same_words(
        "rule/recovery-point-tag-key-empty",
        with_rule(BackupPlanRule::new().recovery_point_tag("", "x")),
    );
    let locked = BackupVault::new("Locked")
        .lock_configuration(lock(Duration::days(30)).max_retention(Duration::days(60)));
    let rule = BackupPlanRule::new()
        .vault(VaultRef::in_stack("Locked"))
        .delete_after(Duration::days(90));
    same_words(
        "rule/retention-outside-lock",
        with_vault(locked).with(BackupPlan::new("Plan").rule(rule.name("Daily"))),
    );
    same_words(
        "rule/recovery-point-tag-key-second",
        with_rule(
            BackupPlanRule::new()
                .recovery_point_tag("team", "storage")
                .recovery_point_tag("", "x"),
        ),
    );
    let locked = BackupVault::new("Locked").lock_configuration(lock(Duration::days(30)));
    same_words(
        "rule/retention-outside-lock-plan-vault",
        with_vault(locked).with(
            BackupPlan::new("Plan")
                .vault(VaultRef::in_stack("Locked"))
                .rule(
                    BackupPlanRule::new()
                        .name("Daily")
                        .delete_after(Duration::days(7)),
                ),
        ),
    );
    same_words(
        "rule/rule-vault-bad-arn",
        with_rule(BackupPlanRule::new().vault(VaultRef::from_arn(
            "arn:aws:backup:us-east-1:123456789012:backup-vault",
        ))),
    );
}

#[test]
fn schedules() {
    for (case, expression) in [
        ("rate", "rate(1 day)"),
        ("at", "at(2030-01-01T00:00:00)"),
        ("five-fields", "cron(0 5 * * ?)"),
        ("seven-fields", "cron(0 0 5 * * ? *)"),
        ("minute-out-of-range", "cron(60 5 * * ? *)"),
        ("hour-out-of-range", "cron(0 24 * * ? *)"),
        ("day-of-month-out-of-range", "cron(0 5 32 * ? *)"),
        ("month-out-of-range", "cron(0 5 ? 13 MON *)"),
        ("day-of-week-out-of-range", "cron(0 5 ? * 8 *)"),
        ("year-out-of-range", "cron(0 5 * * ? 2200)"),
        ("both-day-fields", "cron(0 5 1 * MON *)"),
        ("neither-question-mark", "cron(0 5 * * * *)"),
        ("unknown-name", "cron(0 5 ? * MONDAY *)"),
        ("step-zero", "cron(0 */0 * * ? *)"),
        ("trailing-comma", "cron(0 5,6, * * ? *)"),
        ("sub-hourly", "cron(0/30 * * * ? *)"),
        ("every-minute", "cron(* * * * ? *)"),
        ("not-cron-wrapper", "crn(0 5 * * ? *)"),
    ] {
        same_words(&format!("schedule/{case}"), schedule(expression));
    }
    same_words(
        "schedule/unknown-timezone",
        with_rule(
            BackupPlanRule::new()
                .schedule("cron(0 5 * * ? *)")
                .schedule_timezone("Mars/Olympus_Mons"),
        ),
    );
}

#[test]
fn selections() {
    let plan = || BackupPlan::new("Plan").rule(BackupPlanRule::daily());
    let tagged = |id: &str| BackupSelection::new(id).resource(BackupResource::tag("a", "b"));
    same_words(
        "selection/neither-resources-nor-all-of",
        with_plan(plan().selection(BackupSelection::new("S").allow_restores(true))),
    );
    same_words(
        "selection/selects-nothing",
        with_plan(plan().selection(BackupSelection::new("S"))),
    );
    same_words(
        "selection/name-too-long",
        with_plan(plan().selection(tagged("S").name("s".repeat(51)))),
    );
    same_words(
        "selection/name-with-colon",
        with_plan(plan().selection(tagged("S").name("db:prod"))),
    );
    same_words(
        "selection/duplicate-id",
        with_plan(plan().selection(tagged("S")).selection(tagged("S"))),
    );
}

#[test]
fn selections_beyond_cdk() {
    let plan = || BackupPlan::new("Plan").rule(BackupPlanRule::daily());
    let selection = || BackupSelection::new("S");
    let with = |s: BackupSelection| with_plan(plan().selection(s));
    same_words(
        "selection/arn-not-an-arn",
        with(selection().resource(BackupResource::arn("my-bucket"))),
    );
    same_words(
        "selection/role-not-an-arn",
        with(
            selection()
                .resource(BackupResource::tag("backup", "true"))
                .role_arn("backup-role"),
        ),
    );
    let wildcards = (0..31).map(|i| BackupResource::arn(format!("arn:aws:s3:::bucket-{i}-*")));
    same_words(
        "selection/too-many-wildcard-arns",
        with(selection().resources(wildcards)),
    );
    same_words(
        "selection/condition-key-names-no-tag",
        with(selection().condition(TagCondition::equals("aws:ResourceTag/", "x"))),
    );
    same_words(
        "selection/not-resources-bad-arn",
        with(
            selection()
                .resource(BackupResource::tag("a", "b"))
                .exclude("arn:aws:s3"),
        ),
    );
}

#[test]
fn vaults() {
    let vault = || BackupVault::new("Main");
    same_words("vault/name-too-short", with_vault(vault().name("a")));
    same_words(
        "vault/name-too-long",
        with_vault(vault().name("v".repeat(51))),
    );
    same_words(
        "vault/name-with-dots",
        with_vault(vault().name("vault.with.dots")),
    );
    same_words(
        "vault/removal-snapshot",
        with_vault(vault().removal_policy(RemovalPolicy::Snapshot)),
    );
    let locked = |config: LockConfiguration| with_vault(vault().lock_configuration(config));
    same_words(
        "vault/lock-max-equals-min",
        locked(lock(Duration::days(30)).max_retention(Duration::days(30))),
    );
    same_words(
        "vault/lock-max-over-100-years",
        locked(lock(Duration::days(1)).max_retention(Duration::days(36501))),
    );
    same_words("vault/lock-min-zero", locked(lock(Duration::days(0))));
    same_words(
        "vault/lock-min-not-whole-days",
        locked(lock(Duration::hours(36))),
    );
    same_words(
        "vault/lock-changeable-under-3-days",
        locked(lock(Duration::days(1)).changeable_for(Duration::days(2))),
    );
    same_words(
        "vault/lock-several-mistakes",
        locked(
            lock(Duration::days(0))
                .max_retention(Duration::days(40000))
                .changeable_for(Duration::days(1)),
        ),
    );
    same_words(
        "vault/duplicate-vault-id",
        with_vault(vault()).with(vault()),
    );
    same_words(
        "vault/encryption-key-alias",
        with_vault(vault().encryption_key("alias/aws/backup")),
    );
    same_words(
        "vault/notification-topic-not-an-arn",
        with_vault(
            vault()
                .notification_topic("backup-events")
                .notification_events([BackupVaultEvent::BackupJobCompleted]),
        ),
    );
    same_words(
        "vault/encryption-key-id",
        with_vault(vault().encryption_key("1234abcd-12ab-34cd-56ef-1234567890ab")),
    );
    same_words(
        "vault/notification-topic-fifo",
        with_vault(
            vault()
                .notification_topic("arn:aws:sns:eu-west-1:111122223333:backup-events.fifo")
                .notification_events([BackupVaultEvent::BackupJobCompleted]),
        ),
    );
    same_words(
        "vault/same-name-twice",
        with_vault(BackupVault::new("First").name("backups"))
            .with(BackupVault::new("Second").name("backups")),
    );
}

#[test]
fn windows() {
    same_words(
        "windows/start-window-under-an-hour",
        with_rule(BackupPlanRule::new().start_window(Duration::minutes(30))),
    );
    same_words(
        "windows/start-window-over-100-years",
        with_rule(BackupPlanRule::new().start_window(Duration::minutes(52_560_001))),
    );
    same_words(
        "windows/start-window-negative",
        with_rule(BackupPlanRule::new().start_window(Duration::hours(-1))),
    );
    same_words(
        "windows/completion-window-seconds",
        with_rule(BackupPlanRule::new().completion_window(Duration::seconds(90))),
    );
}

fn air_gapped(min: Duration, max: Duration) -> LogicallyAirGappedBackupVault {
    LogicallyAirGappedBackupVault::new("AirGapped", min, max)
}

#[test]
fn air_gapped_vaults() {
    let days = Duration::days;
    let alone = |vault: LogicallyAirGappedBackupVault| Stack::new("Stack").with(vault);
    same_words(
        "air_gapped/min-under-7-days",
        alone(air_gapped(days(6), days(30))),
    );
    same_words(
        "air_gapped/max-over-100-years",
        alone(air_gapped(days(7), days(36_501))),
    );
    same_words(
        "air_gapped/max-less-than-min",
        alone(air_gapped(days(30), days(10))),
    );
    same_words(
        "air_gapped/min-not-whole-days",
        alone(air_gapped(Duration::hours(36), days(30))),
    );
    same_words(
        "air_gapped/name-with-dots",
        alone(air_gapped(days(7), days(30)).name("air.gapped")),
    );
    same_words(
        "air_gapped/encryption-key-not-a-key-arn",
        alone(
            air_gapped(days(7), days(30))
                .encryption_key("arn:aws:kms:eu-west-1:111122223333:alias/backup"),
        ),
    );
    same_words(
        "air_gapped/removal-snapshot",
        alone(air_gapped(days(7), days(30)).removal_policy(RemovalPolicy::Snapshot)),
    );
    let rule = || BackupPlanRule::new().name("Daily").delete_after(days(35));
    same_words(
        "air_gapped/target-is-a-backup-vault",
        with_vault(BackupVault::new("Primary")).with(
            BackupPlan::new("Plan")
                .rule(rule().logically_air_gapped_vault(VaultRef::in_stack("Primary"))),
        ),
    );
    same_words(
        "air_gapped/target-bad-arn",
        with_plan(
            BackupPlan::new("Plan")
                .rule(rule().logically_air_gapped_vault(VaultRef::from_arn("air-gapped"))),
        ),
    );
    let vault = air_gapped(days(7), days(30));
    same_words(
        "air_gapped/rule-retention-outside-range",
        with_plan(BackupPlan::new("Plan").rule(rule().logically_air_gapped_vault(&vault)))
            .with(vault.clone()),
    );
    let vault = air_gapped(days(7), days(90));
    same_words(
        "air_gapped/copy-retention-outside-range",
        with_plan(
            BackupPlan::new("Plan").rule(
                rule().copy_action(BackupPlanCopyAction::new(&vault).delete_after(days(365))),
            ),
        )
        .with(vault.clone()),
    );
}

fn restore_plan() -> RestoreTestingPlan {
    RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)").include_all_vaults()
}

fn volumes() -> RestoreTestingSelection {
    RestoreTestingSelection::new("Volumes", "EBS").all_protected_resources()
}

#[test]
fn restore_testing() {
    let alone = |plan: RestoreTestingPlan| Stack::new("Stack").with(plan);
    same_words(
        "restore_testing/plan-name-with-dash",
        alone(restore_plan().name("weekly-restores")),
    );
    let scheduled =
        |expression: &str| alone(RestoreTestingPlan::new("Tests", expression).include_all_vaults());
    same_words("restore_testing/schedule-rate", scheduled("rate(7 days)"));
    same_words(
        "restore_testing/schedule-bad-field",
        scheduled("cron(0 25 ? * SUN *)"),
    );
    same_words(
        "restore_testing/timezone-unknown",
        alone(restore_plan().schedule_timezone("Mars/Olympus_Mons")),
    );
    same_words(
        "restore_testing/start-window-over-a-week",
        alone(restore_plan().start_window(Duration::hours(169))),
    );
    same_words(
        "restore_testing/start-window-not-whole-hours",
        alone(restore_plan().start_window(Duration::minutes(90))),
    );
    same_words(
        "restore_testing/selection-window-over-a-year",
        alone(restore_plan().selection_window(Duration::days(366))),
    );
    same_words(
        "restore_testing/selection-window-not-whole-days",
        alone(restore_plan().selection_window(Duration::hours(36))),
    );
    same_words(
        "restore_testing/no-recovery-point-type",
        alone(restore_plan().recovery_point_types([])),
    );
    let no_vaults = || RestoreTestingPlan::new("Tests", "cron(0 3 ? * SUN *)");
    same_words("restore_testing/no-include-vaults", alone(no_vaults()));
    same_words("restore_testing/include-vaults-empty", alone(no_vaults()));
    same_words(
        "restore_testing/include-vault-bad-arn",
        alone(no_vaults().include_vault(VaultRef::from_arn(
            "arn:aws:backup:us-east-1:123456789012:backup-vault/prod",
        ))),
    );
    same_words(
        "restore_testing/include-vault-bare-name",
        alone(no_vaults().include_vault(RestoreTestingVault::from("prod"))),
    );
    same_words(
        "restore_testing/include-vault-other-arn",
        alone(no_vaults().include_vault(RestoreTestingVault::from("arn:aws:s3:::prod-backups"))),
    );
    let selected = |selection: RestoreTestingSelection| alone(restore_plan().selection(selection));
    same_words(
        "restore_testing/role-not-an-arn",
        selected(volumes().role_arn("arn:aws:iam::123456789012:policy/restore-testing")),
    );
    same_words(
        "restore_testing/selection-name-with-dash",
        selected(volumes().name("ebs-volumes")),
    );
    same_words(
        "restore_testing/selection-name-too-long",
        selected(volumes().name("s".repeat(51))),
    );
    same_words(
        "restore_testing/resource-type-empty",
        selected(RestoreTestingSelection::new("Volumes", "").all_protected_resources()),
    );
    let volume = "arn:aws:ec2:us-east-1:123456789012:volume/vol-1";
    same_words(
        "restore_testing/wildcard-beside-arns",
        selected(volumes().protected_resource_arn(volume)),
    );
    same_words(
        "restore_testing/conditions-with-specific-arns",
        selected(
            RestoreTestingSelection::new("Volumes", "EBS")
                .protected_resource_arn(volume)
                .string_equals("backup", "daily"),
        ),
    );
    same_words(
        "restore_testing/validation-window-over-a-week",
        selected(volumes().validation_window(Duration::hours(169))),
    );
    same_words(
        "restore_testing/validation-window-not-whole-hours",
        selected(volumes().validation_window(Duration::minutes(30))),
    );
    let other = RestoreTestingSelection::new("Other", "EBS").all_protected_resources();
    same_words(
        "restore_testing/selection-names-twice",
        alone(
            restore_plan()
                .selection(volumes().name("volumes"))
                .selection(other.name("volumes")),
        ),
    );
    let efs = RestoreTestingSelection::new("Volumes", "EFS").all_protected_resources();
    same_words(
        "restore_testing/selection-id-twice",
        alone(restore_plan().selection(volumes()).selection(efs)),
    );
}

#[test]
fn tiering_configurations() {
    use backup_dsl::{TieringConfiguration, TieringSelection};
    let all = |days: i64| TieringSelection::all_buckets(Duration::days(days));
    let main = BackupVault::new("Main");
    same_words(
        "tiering/down-under-60-days",
        with_vault(main.clone()).with(TieringConfiguration::new("Warm", &main).selection(all(30))),
    );
    same_words(
        "tiering/name-with-dash",
        Stack::new("Stack").with(
            TieringConfiguration::all_vaults("Warm")
                .name("warm-tier")
                .selection(all(60)),
        ),
    );
    same_words(
        "tiering/resource-not-a-bucket-arn",
        Stack::new("Stack").with(
            TieringConfiguration::all_vaults("Warm")
                .selection(TieringSelection::buckets(["my-bucket"], Duration::days(90))),
        ),
    );
}

#[test]
fn legal_holds() {
    use backup_dsl::LegalHold;
    let hold = || LegalHold::new("Case", "case-42", "litigation hold");
    same_words(
        "legal_hold/date-not-iso",
        Stack::new("Stack").with(
            hold()
                .vault(VaultRef::from_name("prod"))
                .date_range("01/02/2026", "2026-06-30"),
        ),
    );
    same_words(
        "legal_hold/vault-name-with-dots",
        Stack::new("Stack").with(hold().vault(VaultRef::from_name("my.vault"))),
    );
}

#[test]
fn scan_settings() {
    use backup_dsl::{ScanMode, ScanSetting};
    let plan = |setting: ScanSetting| {
        with_plan(
            BackupPlan::new("Plan").scan_setting(setting).rule(
                BackupPlanRule::new()
                    .name("Daily")
                    .delete_after(Duration::days(35))
                    .scan_action(ScanMode::Full),
            ),
        )
    };
    same_words(
        "scan/resource-type-unknown",
        plan(ScanSetting::new(
            "arn:aws:iam::123456789012:role/scanner",
            ["RDS"],
        )),
    );
    same_words(
        "scan/role-not-an-arn",
        plan(ScanSetting::new("scanner", ["EBS"])),
    );
}

fn audited(control: Control) -> Stack {
    Stack::new("Stack")
        .allow("framework-config-recording")
        .with(Framework::new("Audit").control(control))
}

fn nightly(schedule: &str, days: i64) -> BackupPlanRule {
    BackupPlanRule::new()
        .name("Nightly")
        .schedule(schedule)
        .delete_after(Duration::days(days))
}

/// The framework controls the macro proves at compile time (`tests/ui/fail/framework/proof-*`):
/// synthesis of the same stack reports the same words.
#[test]
fn controls_proven_at_compile_time() {
    let daily = "cron(0 5 * * ? *)";
    same_words(
        "framework/proof-frequency",
        audited(
            Control::named("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK")
                .parameter_value("requiredFrequencyUnit", "days")
                .parameter_value("requiredFrequencyValue", "1")
                .parameter_value("requiredRetentionDays", "35"),
        )
        .with(BackupPlan::new("Weekdays").rule(nightly("cron(0 5 ? * MON-FRI *)", 35))),
    );
    same_words(
        "framework/proof-minimum-retention",
        audited(
            Control::named("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK")
                .parameter_value("requiredRetentionDays", "35"),
        )
        .with(BackupPlan::new("Daily").rule(nightly(daily, 34))),
    );
    same_words(
        "framework/proof-manual-deletion",
        audited(Control::named(
            "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
        ))
        .with(BackupVault::new("Main"))
        .with(BackupVault::new("Locked").block_recovery_point_deletion(true))
        .with(
            BackupPlan::new("Daily")
                .vault(VaultRef::in_stack("Locked"))
                .rule(nightly(daily, 35).vault(VaultRef::in_stack("Main"))),
        ),
    );
    same_words(
        "framework/proof-cross-region",
        audited(
            Control::named("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION")
                .parameter_value("crossRegionList", "eu-west-2"),
        )
        .with(
            BackupPlan::new("Daily").rule(
                nightly(daily, 35).copy_action(
                    BackupPlanCopyAction::new(VaultRef::from_arn(
                        "arn:aws:backup:us-west-2:111122223333:backup-vault:dr",
                    ))
                    .delete_after(Duration::days(35)),
                ),
            ),
        ),
    );
    same_words(
        "framework/proof-vault-lock",
        audited(
            Control::named("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK")
                .parameter_value("minRetentionDays", "8"),
        )
        .with(BackupVault::new("Locked").lock_configuration(
            LockConfiguration::new(Duration::days(7)).max_retention(Duration::days(365)),
        ))
        .with(
            BackupPlan::new("Daily")
                .vault(VaultRef::in_stack("Locked"))
                .rule(nightly(daily, 35)),
        ),
    );
}

#[test]
fn plan_neighbours() {
    use backup_dsl::{Key, LegalHold, S3BackupOptions, TieringConfiguration, TieringSelection};
    let all = |days: i64| TieringSelection::all_buckets(Duration::days(days));
    let logs = BackupVault::new("Main").name("logs");
    same_words(
        "tiering/two-for-one-vault",
        with_vault(logs.clone())
            .with(TieringConfiguration::new("Warm", &logs).selection(all(60)))
            .with(
                TieringConfiguration::new("Cold", VaultRef::from_name("logs")).selection(all(90)),
            ),
    );
    let bucket = |arn: &str| TieringSelection::buckets([arn], Duration::days(60));
    let mut six = TieringConfiguration::all_vaults("Warm");
    for name in ["a", "b", "c", "d", "e", "f"] {
        six = six.selection(bucket(&format!("arn:aws:s3:::{name}")));
    }
    same_words("tiering/six-selections", Stack::new("Stack").with(six));
    same_words(
        "tiering/selection-down-under-60-days",
        Stack::new("Stack").with(
            TieringConfiguration::all_vaults("Warm")
                .selection(TieringSelection::buckets(
                    ["arn:aws:s3:::logs"],
                    Duration::days(90),
                ))
                .selection(all(45)),
        ),
    );
    same_words(
        "plan/s3-backup-acls-disabled",
        with_plan(
            BackupPlan::new("Plan")
                .s3_backup_options(S3BackupOptions {
                    backup_acls: false,
                    backup_object_tags: true,
                })
                .rule(BackupPlanRule::daily()),
        ),
    );
    let key = Key::new("VaultKey").removal_policy(RemovalPolicy::Snapshot);
    same_words(
        "keys/key-removal-snapshot",
        Stack::new("Stack")
            .with(BackupVault::new("Main").encryption_key(&key))
            .with(key),
    );
    let mut holds = with_vault(BackupVault::new("Main"));
    for index in 1..=51 {
        holds = holds.with(
            LegalHold::new(
                format!("Hold{index}"),
                format!("case-{index}"),
                format!("litigation hold {index}"),
            )
            .vault(VaultRef::in_stack("Main")),
        );
    }
    same_words("legal_hold/over-quota", holds);
}

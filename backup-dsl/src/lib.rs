//! AWS Backup policy as compiler-checked Rust code, synthesized to CloudFormation.
//!
//! Write backup plans in [`backup_plan!`]; `cargo build` rejects what AWS would reject at
//! deploy time (a malformed cron schedule, retention shorter than cold storage plus 90 days, a
//! vault name AWS refuses, a selection that selects nothing, …) with an error on the offending
//! token. Then [`Stack::synth`] gives the CloudFormation template CDK's `aws-backup` module
//! would synthesize for the same plan: same logical ids, same generated names.
//!
//! ```
//! use backup_dsl::{backup_plan, Stack};
//!
//! let mut stack = Stack::new("Backups");
//! backup_plan! {
//!     in stack;
//!     plan Production {
//!         rule Daily {
//!             schedule: "cron(0 5 ? * * *)",
//!             delete_after: 35 days,
//!         }
//!         selection Tagged {
//!             resources: [tag("backup" == "true")],
//!         }
//!     }
//! }
//! let template = stack.synth().unwrap();
//! assert!(template.to_pretty_string().contains("\"RuleName\": \"Daily\""));
//! ```
//!
//! Everything the macro writes is a chain of public builder calls ([`BackupPlan`],
//! [`BackupPlanRule`], [`BackupSelection`], [`BackupVault`], …); use them directly where a
//! plan is built at run time. Both run the same rule book with the same words: the macro at
//! compile time, the builder in [`Stack::validate`] and [`Stack::synth`], and
//! [`lint::lint_template`] on a CloudFormation template.
//!
//! # The `backup_plan!` language
//!
//! ## Grammar
//!
//! ```text
//! invocation  = [ "in" EXPR ";" ]
//!               { vault_decl | air_gapped | plan | restore_plan | tiering
//!                 | legal_hold | framework | report_plan | key_decl | topic_decl
//!                 | organization } ;
//! organization = "organization" ID "{" { organization_key } "}" ;   (an `OrgBackup`)
//! target      = string                        (a root `r-…`, OU `ou-…-…` or 12-digit account)
//!             | "account_in" "(" string "," string ")" ;   (an account and its OU)
//! vault_decl  = "vault" ID "{" { vault_key } "}" ;
//! air_gapped  = "air_gapped_vault" ID "{" { air_gapped_key } "}" ;
//! restore_plan = "restore_testing_plan" ID "{" { restore_plan_key | restore_sel } "}" ;
//! restore_sel = "selection" ID "{" { restore_selection_key } "}" ;
//! tiering     = "tiering_configuration" ID "{" { tiering_key | tiering_sel } "}" ;
//!               (`tier_down_after` and `resources` in the configuration for one selection,
//!                or one to five `selection` blocks: not both)
//! tiering_sel = "selection" "{" { tiering_selection_key } "}" ;
//! legal_hold  = "legal_hold" ID "{" { legal_hold_key } "}" ;
//! framework   = "framework" ID "{" { framework_key | control } "}" ;
//! control     = "control" CONTROL_NAME ( ";" | "{" { PARAMETER_NAME ":" parameter ","
//!               | "scope" ":" "{" [ "tags" ":" "{" STRING ":" STRING "}" ]
//!               [ "types" ":" "[" STRING, … "]" ] [ "ids" ":" "[" STRING, … "]" ] "}" } "}" ) ;
//!               (CONTROL_NAME: one of AWS Backup Audit Manager's 11 controls, e.g.
//!                `BACKUP_RECOVERY_POINT_ENCRYPTED`; PARAMETER_NAME: AWS's `ParameterName`,
//!                e.g. `requiredRetentionDays`)
//! parameter   = INTEGER | STRING | "[" STRING, … "]"   (a list is joined with `,`)
//! report_plan = "report_plan" ID "{" { report_plan_key } "}" ;
//! key_decl    = "key" ID "{" { key_key } "}" ;        (a KMS key, `Key`)
//! topic_decl  = "topic" ID "{" { topic_key } "}" ;    (an SNS topic, `Topic`)
//! key_ref     = ID                              (a key declared with `key ID { … }`)
//!             | "new" ID "{" { key_key } "}"    (a key created in the stack, as `key`)
//!             | string ;                        (a KMS key ARN)
//! topic_ref   = ID                              (a topic declared with `topic ID { … }`)
//!             | "new" ID "{" { topic_key } "}"  (a topic created in the stack, as `topic`)
//!             | string ;                        (an SNS topic ARN)
//! plan        = "plan" ID [ "=" READY_MADE_PLAN ] ( "{" { plan_entry } "}" | ";" ) ;
//! plan_entry  = plan_key | rule | selection ;
//! rule        = "rule" READY_MADE_RULE "(" [ vault ] ")" ";"
//!             | "rule" [ ID ] "{" { rule_key | copy } "}" ;
//! copy        = "copy_to" vault [ "{" { copy_key } "}" ] ;   (vault may be a splice:
//!               `copy_to { VaultRef::other_stack("Dr", "Vault") } { … }`)
//! selection   = "selection" ID "{" { selection_key } "}" ;
//! KEY entries = KEY ":" value "," ;            (the comma may be left out before "}")
//! vault       = "new" ID "{" { vault_key } "}"  (a vault created in the stack)
//!             | ID                              (a vault declared with `vault ID { … }`
//!                                                or `air_gapped_vault ID { … }`)
//!             | "from_name" "(" string ")" | "from_arn" "(" string ")" | splice ;
//! resource    = "tag" "(" STRING "==" STRING ")"    (in `resources`: any of them is backed up)
//!             | ( "arn" | "dynamodb_table" | "ec2_instance" | "efs_file_system"
//!               | "rds_instance" | "rds_cluster" | "rds_serverless_cluster"
//!               | "construct" ) "(" string ")"
//!             | splice ;
//! restore_vault = STRING                      (`"*"`, or an ARN pattern)
//!             | ID | "from_name" "(" string ")" | "from_arn" "(" string ")" | splice ;
//! protected_arn = STRING | "arn" "(" string ")" | splice ;
//! condition   = "tag" "(" STRING ( "==" | "!=" | "like" | "not" "like" ) STRING ")"
//!             | splice ;                      (in `all_of`: every one must hold)
//! restore_condition = "tag" "(" STRING ( "==" | "!=" ) STRING ")" ;   (restore testing)
//! duration    = [ "-" ] INTEGER ( "day" | "days" | "hour" | "hours" | "minute" | "minutes"
//!                               | "second" | "seconds" ) | splice ;
//! string      = STRING | splice ;    boolean = "true" | "false" | splice ;
//! splice      = "{" EXPR "}" ;       (a Rust expression, checked when the stack is synthesized)
//! ID          = IDENT | STRING ;
//! ```
//!
//! Without `in stack;` the macro is an expression giving one [`BackupPlan`] (no vault or
//! restore testing plan may be declared then: they go into a stack). With `in stack;`
//! everything is added to `stack` (a [`Stack`] place, or a `&mut Stack`): the keys, the
//! topics (the top-level ones, then those created with `new`), the vaults, the air-gapped vaults, each plan after the vaults it creates with
//! `new`, then the restore testing plans, each group in source order.
//!
//! With an `organization` block (and no `in stack;`) the macro is an expression giving an
//! [`OrgBackup`]: its member template creates the invocation's keys, topics and vaults (with
//! a fixed-name backup role), its backup policy holds the plans; restore testing plans,
//! tiering configurations, legal holds, frameworks and report plans belong in a stack.
//!
//! A vault id names the vault declared with it: a `vault` gives [`VaultRef::in_stack`], an
//! `air_gapped_vault` gives [`VaultRef::air_gapped`].
//!
//! ## Keys
//!
//! | block | key | value | default | CloudFormation |
//! |---|---|---|---|---|
//! | plan | `name` | string | the plan's id | `BackupPlan.BackupPlanName` |
//! | plan | `vault` | vault | a vault created for the plan (`<Plan>/Vault`), as CDK does | each rule's `TargetBackupVault` |
//! | plan | `scan_setting` | `{ role, resource_types }` (GuardDuty malware scanning; rules scan with `scan_mode`) | none | `BackupPlan.ScanSettings` |
//! | scan setting | `role` | string (IAM role ARN) | required | `ScanSettings[].ScannerRoleArn` |
//! | scan setting | `resource_types` | `[EBS, EC2, S3, ALL]` (some of) | required | `ScanSettings[].ResourceTypes` |
//! | plan | `windows_vss` | boolean | `false` | `BackupPlan.AdvancedBackupSettings` (EC2 `WindowsVSS: enabled`) |
//! | plan | `s3_backup_options` | `{ backup_acls, backup_object_tags }` (the builder's `S3BackupOptions`) | none (AWS backs up both) | `BackupPlan.AdvancedBackupSettings` (`S3`) |
//! | S3 backup options | `backup_acls` | boolean (`false` is refused by CloudFormation, `advanced-settings-s3`: disable it with the AWS CLI after deployment) | `true` | `BackupOptions.BackupACLs` |
//! | S3 backup options | `backup_object_tags` | boolean (`false` refused, as `backup_acls`) | `true` | `BackupOptions.BackupObjectTags` |
//! | rule | *(id)* | `rule Name { … }` | `<Plan>Rule<index>` | `RuleName` |
//! | rule | `schedule` | string (`cron(…)`) | AWS's default `cron(0 5 ? * * *)` | `ScheduleExpression` |
//! | rule | `schedule_timezone` | string (IANA name) | UTC | `ScheduleExpressionTimezone` |
//! | rule | `start_window` | duration (≥ 1 hour) | 8 hours | `StartWindowMinutes` |
//! | rule | `completion_window` | duration | 7 days | `CompletionWindowMinutes` |
//! | rule | `delete_after` | duration (1–36500 days) | kept forever (35 days with continuous backup) | `Lifecycle.DeleteAfterDays` |
//! | rule | `move_to_cold_storage_after` | duration | never | `Lifecycle.MoveToColdStorageAfterDays` |
//! | rule | `enable_continuous_backup` | boolean | `false` | `EnableContinuousBackup` |
//! | rule | `opt_in_to_archive` | boolean (moves recovery points of supported types to the archive tier when they move to cold storage) | not set | `Lifecycle.OptInToArchiveForSupportedResources` |
//! | rule | `scan_mode` | `full` or `incremental` (a GuardDuty malware scan of each backup; the plan needs a scan setting, through the builder's `BackupPlan::scan_setting`) | no scan | `ScanActions` (`FULL_SCAN`, `INCREMENTAL_SCAN`) |
//! | rule | `recovery_point_tags` | `{ "key": "value", … }` or splice | none | `RecoveryPointTags` |
//! | rule | `index_actions` | `[S3]` or `[EBS]` | none | `IndexActions[0].ResourceTypes` |
//! | rule | `vault` | vault | the plan's vault | `TargetBackupVault` |
//! | copy | *(destination)* | vault | required | `CopyActions[].DestinationBackupVaultArn` |
//! | copy | `delete_after`, `move_to_cold_storage_after` | duration | the source's lifecycle | `CopyActions[].Lifecycle` |
//! | copy | `opt_in_to_archive` | boolean | not set | `CopyActions[].Lifecycle.OptInToArchiveForSupportedResources` |
//! | tiering configuration | *(id)* | `tiering_configuration Name { … }` | required | logical id |
//! | tiering configuration | `name` | string (1–200 letters, digits, `_`) | generated from the construct path | `TieringConfigurationName` |
//! | tiering configuration | `vault` | vault | every vault (`*`) | `BackupVaultName` |
//! | tiering configuration | `tier_down_after` | duration (60–36500 days); one selection written in the configuration | required (or `selection` blocks) | `ResourceSelection[0].TieringDownSettingsInDays` |
//! | tiering configuration | *(selection)* | `selection { tier_down_after, resources }`, 1 to 5 of them, instead of the keys written in the configuration; one configuration per vault (`tiering-vault-unique`) | none | `ResourceSelection[]` |
//! | tiering selection | `tier_down_after` | duration (60–36500 days) | required | `ResourceSelection[].TieringDownSettingsInDays` |
//! | tiering selection | `resources` | `["arn:aws:s3:::bucket", …]` (at most 100) or `["*"]` | `["*"]` (every bucket) | `ResourceSelection[].Resources` |
//! | legal hold | *(id)* | `legal_hold Name { … }` | required | logical id |
//! | legal hold | `title`, `description` | string | required (a change replaces the hold) | `Title`, `Description` |
//! | legal hold | `vaults` | `[vault, …]` | none | `RecoveryPointSelection.VaultNames` |
//! | legal hold | `resources` | `["arn:…", …]` (resource ARNs) | none | `RecoveryPointSelection.ResourceIdentifiers` |
//! | legal hold | `from`, `to` | string (ISO 8601 date or timestamp), both or neither | every date | `RecoveryPointSelection.DateRange` |
//! | framework | *(id)* | `framework Name { … }` | required | logical id |
//! | framework | `name` | string (1–256 letters, digits, `_`, starting with a letter) | generated by CloudFormation | `FrameworkName` |
//! | framework | `description` | string (up to 1024 characters) | none | `FrameworkDescription` |
//! | framework | *(control)* | `control NAME;` or `control NAME { parameterName: value, scope: { … } }` (at least one; the 11 controls only) | required | `FrameworkControls[]` (`ControlName`, `ControlInputParameters`, `ControlScope`) |
//! | report plan | *(id)* | `report_plan Name { … }` | required | logical id |
//! | report plan | `name`, `description` | string (name: a letter, then letters, digits and `_`, up to 256) | generated by CloudFormation / none | `ReportPlanName`, `ReportPlanDescription` |
//! | report plan | `template` | word: `RESOURCE_COMPLIANCE_REPORT`, `CONTROL_COMPLIANCE_REPORT`, `BACKUP_JOB_REPORT`, `COPY_JOB_REPORT`, `RESTORE_JOB_REPORT`, `SCAN_JOB_REPORT` | required | `ReportSetting.ReportTemplate` |
//! | report plan | `formats` | `[CSV, JSON]` | `[CSV]` | `ReportDeliveryChannel.Formats` |
//! | report plan | `bucket`, `key_prefix` | string | bucket required; no prefix | `ReportDeliveryChannel.S3BucketName`, `S3KeyPrefix` |
//! | report plan | `frameworks` | `[Name, "arn:…", …]` (a framework of the stack, or an ARN); the compliance templates need one | none | `ReportSetting.FrameworkArns` |
//! | report plan | `accounts`, `organization_units`, `regions` | `["…", …]` | this account and Region | `ReportSetting.Accounts`, `OrganizationUnits`, `Regions` |
//! | tiering configuration | `resources` | `["arn:aws:s3:::bucket", …]` (at most 100) or `["*"]` | `["*"]` (every bucket) | `ResourceSelection[0].Resources` (`ResourceType: S3`) |
//! | selection | *(id)* | `selection Name { … }` | required | logical id, and `SelectionName` by default |
//! | selection | `name` | string | the selection's id | `BackupSelection.SelectionName` |
//! | selection | `resources` | `[resource, …]` (any of them is backed up) | required, unless `all_of` is set | `BackupSelection.Resources` / `ListOfTags` |
//! | selection | `all_of` | `[condition, …]` (every one must hold: `==`, `!=`, `like`, `not like`) | none | `BackupSelection.Conditions` (`StringEquals`, `StringNotEquals`, `StringLike`, `StringNotLike`) |
//! | selection | `not_resources` | `[resource, …]` (ARNs excluded from the selection) | none | `BackupSelection.NotResources` |
//! | selection | `allow_restores` | boolean | `false` | restores policy on the generated role |
//! | selection | `disable_default_backup_policy` | boolean | `false` | no backup policy on the generated role |
//! | selection | `role` | string (role ARN), or a splice giving a `&Role` of the stack (it receives the selection's managed policies, as in CDK) or an ARN | a generated role | `BackupSelection.IamRoleArn` |
//! | vault | `name` | string | generated as CDK does | `BackupVaultName` |
//! | vault | `encryption_key` | key_ref (a `key` id, or a KMS key ARN) | AWS-managed key | `EncryptionKeyArn` |
//! | vault | `notification_topic` | topic_ref (a `topic` id, with CDK's topic policy, or an SNS topic ARN) | none | `Notifications.SNSTopicArn` |
//! | vault | `notification_events` | `[BACKUP_JOB_COMPLETED, …]` | CDK's 17 events | `Notifications.BackupVaultEvents` |
//! | vault | `access_policy` | splice (a policy document) | none | `AccessPolicy` |
//! | vault | `block_recovery_point_deletion` | boolean | `false` | a deny statement in `AccessPolicy` |
//! | vault | `lock_configuration` | `{ min_retention, max_retention, changeable_for }` | no lock | `LockConfiguration` |
//! | vault | `removal_policy` | `retain`, `destroy`, `retain_on_update_or_delete` (`snapshot` is refused: a vault has no snapshot) | `retain` | `DeletionPolicy`, `UpdateReplacePolicy` |
//! | vault | `tags` | `{ "key": "value", … }` or splice (pairs); the vault's own win over the stack's on a key | the stack's tags | `BackupVaultTags` |
//! | lock configuration | `min_retention` | duration (whole days, ≥ 1) | required | `LockConfiguration.MinRetentionDays` |
//! | lock configuration | `max_retention` | duration (whole days, ≥ `min_retention`) | no maximum | `LockConfiguration.MaxRetentionDays` |
//! | lock configuration | `changeable_for` | duration (whole days, ≥ 3) | governance mode (never locked) | `LockConfiguration.ChangeableForDays` |
//! | rule | `logically_air_gapped_vault` | vault (an `air_gapped_vault` id, or its ARN) | none | `TargetLogicallyAirGappedBackupVaultArn` |
//! | air-gapped vault | *(id)* | `air_gapped_vault Name { … }` | required | logical id |
//! | air-gapped vault | `name` | string | generated as CDK does | `BackupVaultName` |
//! | air-gapped vault | `min_retention` | duration (whole days, ≥ 7) | required | `MinRetentionDays` |
//! | air-gapped vault | `max_retention` | duration (whole days, ≥ `min_retention`, ≤ 36500) | required | `MaxRetentionDays` |
//! | air-gapped vault | `encryption_key` | key_ref (a `key` id, or a KMS key ARN) | AWS-owned key | `EncryptionKeyArn` |
//! | air-gapped vault | `mpa_approval_team` | string (approval team ARN) | none | `MpaApprovalTeamArn` |
//! | air-gapped vault | `notification_topic` | topic_ref (a `topic` id or an SNS topic ARN), with `notification_events` | none | `Notifications.SNSTopicArn` |
//! | air-gapped vault | `notification_events` | `[COPY_JOB_FAILED, …]`, with `notification_topic` | none | `Notifications.BackupVaultEvents` |
//! | air-gapped vault | `access_policy` | splice (a policy document) | none | `AccessPolicy` |
//! | air-gapped vault | `removal_policy` | `retain`, `destroy`, `retain_on_update_or_delete` (`snapshot` is refused) | `retain` | `DeletionPolicy`, `UpdateReplacePolicy` |
//! | key | *(id)* | `key Name { … }` | required | logical id (`<Name>/Resource`) |
//! | key | `description` | string | none | `AWS::KMS::Key.Description` |
//! | key | `enable_key_rotation` | boolean | not set | `EnableKeyRotation` |
//! | key | `share_with_accounts` | `["222222222222", …]` (accounts that may use the key for copies) | none | two `KeyPolicy` statements per account |
//! | key | `removal_policy` | `retain`, `destroy`, `retain_on_update_or_delete` (`snapshot` is refused: a KMS key has no snapshot) | `retain`, as CDK's keys | `DeletionPolicy`, `UpdateReplacePolicy` |
//! | topic | *(id)* | `topic Name { … }` | required | logical id (`<Name>/Resource`) |
//! | topic | `name` | string | generated by CloudFormation | `AWS::SNS::Topic.TopicName` |
//! | topic | `display_name` | string | none | `DisplayName` |
//! | restore testing plan | *(id)* | `restore_testing_plan Name { … }` | required | logical id |
//! | restore testing plan | `name` | string (letters, digits, `_`) | generated as CDK does | `RestoreTestingPlanName` |
//! | restore testing plan | `schedule` | string (`cron(…)`) | required | `ScheduleExpression` |
//! | restore testing plan | `schedule_timezone` | string (IANA name) | UTC | `ScheduleExpressionTimezone` |
//! | restore testing plan | `start_window` | duration (whole hours, ≤ 168) | 24 hours | `StartWindowHours` |
//! | restore testing plan | `algorithm` | `latest_within_window`, `random_within_window` | `latest_within_window` | `RecoveryPointSelection.Algorithm` |
//! | restore testing plan | `recovery_point_types` | `[SNAPSHOT, CONTINUOUS]` (one or both) | `[SNAPSHOT]` | `RecoveryPointSelection.RecoveryPointTypes` |
//! | restore testing plan | `include_vaults` | `[restore_vault, …]` (one or more) | required | `RecoveryPointSelection.IncludeVaults` |
//! | restore testing plan | `exclude_vaults` | `[restore_vault, …]` | none | `RecoveryPointSelection.ExcludeVaults` |
//! | restore testing plan | `selection_window` | duration (whole days, 1–365) | 30 days | `RecoveryPointSelection.SelectionWindowDays` |
//! | restore selection | *(id)* | `selection Name { … }` in a restore testing plan | required | logical id |
//! | restore selection | `name` | string (1–50 letters, digits, `_`) | generated as CDK does | `RestoreTestingSelectionName` |
//! | restore selection | `protected_resource_type` | string (`EBS`, `DynamoDB`, …) | required | `ProtectedResourceType` |
//! | restore selection | `protected_resource_arns` | `["*"]` or `[protected_arn, …]` | `["*"]` with conditions | `ProtectedResourceArns` |
//! | restore selection | `conditions` | `[restore_condition, …]` (all must hold; with `"*"` only) | none | `ProtectedResourceConditions` |
//! | restore selection | `validation_window` | duration (whole hours, 0–168) | AWS's default | `ValidationWindowHours` |
//! | restore selection | `restore_metadata_overrides` | `{ "key": "value", … }` | none | `RestoreMetadataOverrides` |
//! | restore selection | `role` | string (role ARN), or a splice giving a `&Role` of the stack (it receives the restores policy) or an ARN | a generated role with the restores policy | `IamRoleArn` |
//! | organization | *(id)* | `organization Name { … }` | required | StackSet `<Name>-members`, policy `<Name>`, stacks `<Name>Management` |
//! | organization | `targets` | `[target, …]` (root, OUs, accounts) | required | policy `TargetIds`, StackSet `DeploymentTargets` |
//! | organization | `regions` | `[string, …]` (Region codes; the first holds the role) | required | policy `regions`, StackSet `StackInstancesGroup[].Regions` |
//! | organization | `role_name` | string | `<Name>BackupRole` | member `AWS::IAM::Role.RoleName`, policy `iam_role_arn` |
//! | organization | `management_account` | string (12 digits) | none (warned about with the root) | one member stack per Region for that account |
//! | organization | `description` | string | none | StackSet and policy `Description` |
//!
//! Ready-made plans (`plan P = …;`): `daily_35_day_retention`, `daily_monthly_1_year_retention`,
//! `daily_weekly_monthly_5_year_retention`, `daily_weekly_monthly_7_year_retention`. Ready-made
//! rules (`rule …();`): `daily`, `weekly`, `monthly_1_year`, `monthly_5_year`, `monthly_7_year`.
//! Both are exactly CDK's.
//!
//! ## Constructs
//!
//! A ready-made plan, extended with a rule of its own and a vault that already exists:
//!
//! ```
//! use backup_dsl::backup_plan;
//!
//! let plan = backup_plan! {
//!     plan Nightly = daily_weekly_monthly_5_year_retention {
//!         vault: from_name("existing-vault"),
//!         rule Hourly { schedule: "cron(15 * ? * * *)", delete_after: 2 days }
//!     }
//! };
//! assert_eq!(plan.rules().len(), 4);
//! ```
//!
//! Ready-made rules, one with its own vault:
//!
//! ```
//! use backup_dsl::backup_plan;
//!
//! let plan = backup_plan! {
//!     plan Mixed {
//!         rule daily();
//!         rule monthly_7_year(from_arn("arn:aws:backup:us-east-1:123456789012:backup-vault:archive"));
//!     }
//! };
//! assert_eq!(plan.rule_name(1), "Monthly7Year");
//! ```
//!
//! An organization: the same plan in every account of two OUs and two Regions (a
//! service-managed StackSet creates the vault and the backup role, a backup policy the plan):
//!
//! ```
//! use backup_dsl::backup_plan;
//!
//! let org = backup_plan! {
//!     organization Company {
//!         targets: ["ou-ab12-prod1234", "ou-ab12-stag1234"],
//!         regions: ["eu-west-1", "eu-central-1"],
//!     }
//!     plan Daily {
//!         vault: new Primary { name: "company-backups" },
//!         rule Daily { schedule: "cron(0 3 ? * * *)", delete_after: 35 days }
//!         selection Tagged { resources: [tag("backup" == "daily")] }
//!     }
//! };
//! let stacks = org.app().unwrap().synth().unwrap();
//! assert_eq!(stacks.stacks()[0].stack_name(), "CompanyManagement");
//! assert!(org.policy_json().unwrap().contains("arn:aws:iam::$account:role/CompanyBackupRole"));
//! ```
//!
//! A rule with windows, time zone, cold storage, tags, an index action and copy actions:
//!
//! ```
//! use backup_dsl::{backup_plan, Stack};
//!
//! let mut stack = Stack::new("Stack");
//! backup_plan! {
//!     in stack;
//!     vault Replica {}
//!     plan Plan {
//!         rule Monthly {
//!             schedule: "cron(0 3 1 * ? *)",
//!             schedule_timezone: "Europe/Brussels",
//!             start_window: 1 hour,
//!             completion_window: 12 hours,
//!             move_to_cold_storage_after: 30 days,
//!             delete_after: 365 days,
//!             recovery_point_tags: { "team": "storage" },
//!             index_actions: [S3],
//!             copy_to Replica { delete_after: 120 days }
//!             copy_to from_arn("arn:aws:backup:us-west-2:123456789012:backup-vault:dr") {
//!                 move_to_cold_storage_after: 30 days,
//!                 delete_after: 365 days,
//!             }
//!         }
//!     }
//! }
//! assert!(stack.synth().is_ok());
//! ```
//!
//! Continuous backup (point-in-time recovery; retention defaults to 35 days):
//!
//! ```
//! use backup_dsl::backup_plan;
//!
//! let plan = backup_plan! {
//!     plan Pitr { rule Continuous { enable_continuous_backup: true, delete_after: 14 days } }
//! };
//! assert_eq!(plan.rules()[0].effective_delete_after(), Some(backup_dsl::Duration::days(14)));
//! ```
//!
//! Selections: tags, ARNs, resource helpers, a spliced resource, restores, an existing role:
//!
//! ```
//! use backup_dsl::{backup_plan, BackupResource};
//!
//! let extra = BackupResource::arn("arn:aws:s3:::reports");
//! let plan = backup_plan! {
//!     plan Plan {
//!         rule daily();
//!         selection Production {
//!             resources: [
//!                 tag("stage" == "prod"),
//!                 arn("arn:aws:ec2:us-east-1:123456789012:volume/*"),
//!                 dynamodb_table("orders"),
//!                 ec2_instance("i-1234567890abcdef0"),
//!                 efs_file_system("fs-12345678"),
//!                 rds_instance("orders-db"),
//!                 rds_cluster("orders-cluster"),
//!                 { extra },
//!             ],
//!             allow_restores: true,
//!         }
//!         selection Legacy {
//!             resources: [tag("legacy" == "true")],
//!             role: "arn:aws:iam::123456789012:role/backup-role",
//!         }
//!     }
//! };
//! assert_eq!(plan.selections().len(), 2);
//! ```
//!
//! Vaults: declared at the top level and referenced by id, or created in place with `new`:
//!
//! ```
//! use backup_dsl::{backup_plan, Stack};
//!
//! let mut stack = Stack::new("Stack");
//! backup_plan! {
//!     in stack;
//!     vault Locked {
//!         name: "locked-vault",
//!         encryption_key: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
//!         notification_topic: "arn:aws:sns:us-east-1:123456789012:backup-events",
//!         notification_events: [BACKUP_JOB_COMPLETED, COPY_JOB_FAILED],
//!         access_policy: { serde_json::json!({ "Statement": [] }) },
//!         block_recovery_point_deletion: true,
//!         lock_configuration: { min_retention: 7 days, max_retention: 3650 days, changeable_for: 3 days },
//!         removal_policy: retain,
//!     }
//!     plan Plan {
//!         vault: new Primary { removal_policy: destroy },
//!         rule Daily { delete_after: 35 days }
//!         rule Audit { vault: Locked, delete_after: 400 days }
//!     }
//! }
//! assert_eq!(stack.items().len(), 3);
//! ```
//!
//! A logically air-gapped vault as a rule's air-gapped target and a copy destination:
//!
//! ```
//! use backup_dsl::{backup_plan, Stack};
//!
//! let mut stack = Stack::new("Stack");
//! backup_plan! {
//!     in stack;
//!     air_gapped_vault AirGapped {
//!         name: "air-gapped",
//!         min_retention: 7 days,
//!         max_retention: 365 days,
//!         notification_topic: "arn:aws:sns:us-east-1:123456789012:backup-events",
//!         notification_events: [COPY_JOB_FAILED],
//!     }
//!     plan Plan {
//!         rule Daily {
//!             delete_after: 35 days,
//!             logically_air_gapped_vault: AirGapped,
//!             copy_to AirGapped { delete_after: 90 days }
//!         }
//!     }
//! }
//! let template = stack.synth().unwrap();
//! assert_eq!(
//!     template.json()["Resources"]["AirGappedB22F77BE"]["Type"],
//!     "AWS::Backup::LogicallyAirGappedBackupVault"
//! );
//! ```
//!
//! Restore testing: a plan that restores the latest snapshot of the week every Sunday, with a
//! selection by tag and one by ARN:
//!
//! ```
//! use backup_dsl::{backup_plan, Stack};
//!
//! let mut stack = Stack::new("Stack");
//! backup_plan! {
//!     in stack;
//!     vault Primary {}
//!     restore_testing_plan RestoreTests {
//!         schedule: "cron(0 3 ? * SUN *)",
//!         schedule_timezone: "Europe/Brussels",
//!         start_window: 12 hours,
//!         algorithm: latest_within_window,
//!         recovery_point_types: [SNAPSHOT],
//!         include_vaults: [Primary, "arn:aws:backup:us-east-1:123456789012:backup-vault:prod-*"],
//!         selection_window: 7 days,
//!         selection Volumes {
//!             protected_resource_type: "EBS",
//!             protected_resource_arns: ["*"],
//!             conditions: [tag("backup" == "daily"), tag("stage" != "dev")],
//!             validation_window: 4 hours,
//!             restore_metadata_overrides: { "availabilityZone": "us-east-1a" },
//!         }
//!         selection Orders {
//!             name: "orders_table",
//!             protected_resource_type: "DynamoDB",
//!             protected_resource_arns: [arn("arn:aws:dynamodb:us-east-1:123456789012:table/orders")],
//!             role: "arn:aws:iam::123456789012:role/restore-testing",
//!         }
//!     }
//! }
//! let template = stack.synth().unwrap();
//! let resources = template.json()["Resources"].as_object().unwrap();
//! let selections = resources
//!     .values()
//!     .filter(|r| r["Type"] == "AWS::Backup::RestoreTestingSelection")
//!     .count();
//! assert_eq!(selections, 2);
//! ```
//!
//! Splices: a Rust value where it is only known at run time. The rule book checks it when the
//! stack is synthesized, with the same message the macro gives a literal:
//!
//! ```
//! use backup_dsl::{backup_plan, Duration, Stack};
//!
//! let retention = Duration::days(0); // from configuration
//! let mut stack = Stack::new("Stack");
//! backup_plan! {
//!     in stack;
//!     plan Plan { rule Daily { delete_after: { retention } } }
//! }
//! let error = stack.synth().unwrap_err();
//! assert_eq!(error.problems[0].path, "plans[Plan].rules[0].delete_after");
//! assert_eq!(error.problems[0].message(), "`delete_after` is 0 days; AWS Backup keeps recovery points 1 to 36500 days");
//! ```
//!
//! A mistake does not compile, and the error points at it:
//!
//! ```compile_fail
//! use backup_dsl::backup_plan;
//!
//! let plan = backup_plan! {
//!     plan Plan {
//!         rule Daily {
//!             schedule: "cron(0 5 1 * MON *)", // error: day-of-month `1` and day-of-week `MON` are both set
//!             move_to_cold_storage_after: 30 days,
//!             delete_after: 100 days,          // error: AWS Backup keeps them in cold storage at least 90 days
//!         }
//!     }
//! };
//! ```
//!
//! A framework of AWS Backup Audit Manager controls next to the plan it audits, and a report
//! plan on it. Control names are a closed set of AWS's 11 (a misspelt one is a compile error
//! with did-you-mean); parameters use AWS's `ParameterName`s, and their values and scopes are
//! checked at compile time. Whether the plans satisfy each control is proven twice: at compile
//! time against the invocation's own plans and vaults (an unmet control is an error on the plan
//! or vault at fault, when every value that decides it is a literal), and when the stack is
//! synthesized, against every plan of the stack (plans added outside the macro included, and
//! what needs them all: the resources each plan protects):
//!
//! ```
//! use backup_dsl::{backup_plan, BackupPlan, BackupPlanRule, Stack};
//!
//! let mut stack = Stack::new("Stack").allow("framework-config-recording");
//! backup_plan! {
//!     in stack;
//!     plan Daily = daily_35_day_retention;
//!     framework Audit {
//!         description: "daily backups kept at least 35 days",
//!         control BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK {
//!             requiredFrequencyUnit: "days",
//!             requiredFrequencyValue: 1,
//!             requiredRetentionDays: 35,
//!         }
//!     }
//!     report_plan Compliance {
//!         template: CONTROL_COMPLIANCE_REPORT,
//!         formats: [CSV, JSON],
//!         frameworks: [Audit],
//!         bucket: "audit-reports",
//!     }
//! }
//! assert!(stack.synth().is_ok());
//! // A plan added outside the macro that runs weekly: synthesis refuses the stack.
//! stack.add(BackupPlan::new("Weekly").rule(BackupPlanRule::weekly()));
//! let error = stack.synth().unwrap_err();
//! assert!(error.to_string().contains("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK"));
//! ```
//!
//! A plan of the invocation that misses a control is a compile error on the plan, with the
//! words synthesis would use:
//!
//! ```compile_fail
//! use backup_dsl::{backup_plan, Stack};
//!
//! let mut stack = Stack::new("Stack");
//! backup_plan! {
//!     in stack;
//!     plan Daily = daily_35_day_retention; // error: has no rule that … keeps recovery points at least 90 days
//!     framework Audit {
//!         control BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK { requiredRetentionDays: 90 }
//!     }
//! }
//! ```
//!
//! # Testing your policy
//!
//! Literal values are checked when your crate compiles; values spliced in braces
//! (`delete_after: { config.retention }`) are checked when the stack is synthesized. Two tests
//! cover both.
//!
//! **A `#[test]` that synthesizes every stack you deploy**, with the configurations you deploy
//! it with. It is the safety net for splices: the rule book runs on them with the words the
//! macro gives a literal, and every problem is listed with its path. Asserting that there are
//! no warnings (or exactly the ones you accept) keeps advisories from piling up:
//!
//! ```
//! use backup_dsl::{backup_plan, Duration, Stack};
//!
//! /// The stack your program deploys (in your crate, not in the test).
//! fn backup_stack(retention_days: i64) -> Stack {
//!     let mut stack = Stack::new("Backups");
//!     backup_plan! {
//!         in stack;
//!         vault Primary {
//!             encryption_key: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
//!         }
//!         plan Production {
//!             vault: Primary,
//!             rule Daily { delete_after: { Duration::days(retention_days) } }
//!             selection Tagged { resources: [tag("backup" == "true")] }
//!         }
//!     }
//!     stack
//! }
//!
//! // #[test]
//! fn every_deployed_configuration_synthesizes() {
//!     for retention_days in [35, 400] {
//!         let template = backup_stack(retention_days)
//!             .synth()
//!             .unwrap_or_else(|error| panic!("retention {retention_days}: {error}"));
//!         assert!(template.warnings().is_empty(), "{:?}", template.warnings());
//!     }
//!     // A configuration AWS would refuse fails with the rule book's words.
//!     let error = backup_stack(0).synth().unwrap_err();
//!     assert_eq!(error.problems[0].violation.rule, "lifecycle-delete-range");
//! }
//! # every_deployed_configuration_synthesizes();
//! ```
//!
//! **A compile-fail test of your own policy rules**, with
//! [trybuild](https://docs.rs/trybuild): put programs that must not compile in `tests/ui/`,
//! run them from a test, and keep the `.stderr` snapshots (`TRYBUILD=overwrite cargo test`
//! writes them; read the diff). It proves that a mistake your team fears — a schedule every 10
//! minutes, a retention shorter than the lock — stays a compile error.
//!
//! ```text
//! # Cargo.toml
//! [dev-dependencies]
//! trybuild = "1"
//!
//! // tests/ui.rs
//! #[test]
//! fn policy_mistakes_do_not_compile() {
//!     trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
//! }
//! ```
//!
//! The snapshots are portable: every error of the rule book and of the language points only at
//! tokens of your program, and a spliced duration or boolean of the wrong Rust type is
//! reported at the splice alone. Other Rust type errors inside a splice (a number where a
//! string, resource or vault is expected) carry rustc's "defined here" note into this crate's
//! source: trybuild rewrites it to `$CARGO/backup-synth-$VERSION/…` with line numbers hidden
//! when `backup-dsl` comes from a registry, but with a `path` or `git` dependency the note holds
//! an absolute path of your machine. Keep such cases out of snapshot tests (the compiler
//! already rejects them), or depend on `backup-dsl` from a registry in the crate that holds
//! them.

pub use backup_synth::*;

/// Declares backup plans and vaults, checked at compile time; see the [crate
/// documentation](crate#the-backup_plan-language) for the language.
///
/// ```
/// let plan = backup_dsl::backup_plan! { plan Plan { rule daily(); } };
/// assert_eq!(plan.id(), "Plan");
/// ```
#[macro_export]
macro_rules! backup_plan {
    ($($body:tt)*) => {
        $crate::__private::backup_plan_impl! { $crate; $($body)* }
    };
}

#[doc(hidden)]
pub mod __private {
    pub use backup_macros::backup_plan_impl;
    pub use backup_synth::*;
}

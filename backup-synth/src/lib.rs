//! Runtime of `backup-dsl`: the AWS Backup domain model, the rule book, the AWS cron engine and
//! deterministic CloudFormation synthesis.
//!
//! Build a [`Stack`] of [`BackupPlan`]s (with [`BackupPlanRule`]s and [`BackupSelection`]s) and
//! [`BackupVault`]s, then [`Stack::synth`] it: the result is the template CDK would synthesize
//! for the same constructs (same logical ids, same generated names), or every problem AWS would
//! refuse at deploy time, each with the path of the offending field.
//!
//! # Public surface
//!
//! Semver-public: the model and its builders, [`Stack`], [`App`], [`Problem`] and
//! [`SynthError`] (each problem carries its rule id, [`Violation::rule`], which
//! [`Stack::allow`] and `backup-dsl lint --allow` take), the cron engine ([`schedule`]), CDK's
//! logical-id algorithm ([`logical_id`]), and the two ways to run the rule book:
//! [`Stack::validate`] (or [`Stack::synth`]) on a model, [`lint::lint_template`] on a
//! CloudFormation template. The individual rule functions, path bookkeeping and id helpers
//! the macro and the linter share are `#[doc(hidden)]` below: they may change in any release.

mod air_gapped;
mod app;
pub mod cfn;
pub mod compliance;
pub mod coverage;
mod cross_stack;
mod duration;
mod framework;
mod grant;
mod key;
mod legal_hold;
pub mod lint;
mod org;
pub mod org_policy;
mod plan;
pub mod reference;
mod rendered;
pub mod report;
mod report_plan;
mod resource;
mod restore_testing;
mod role;
mod rule;
mod scan;
pub mod schedule;
mod selection;
mod stack;
mod tiering;
mod topic;
mod value;
mod vault;

pub use air_gapped::LogicallyAirGappedBackupVault;
pub use app::{App, AppError, CloudAssembly, StackArtifact, MANIFEST_VERSION, STACK_ARTIFACT_TYPE};
pub use duration::{Duration, TimeUnit};
pub use framework::{Control, ControlName, ControlScope, Framework};
pub use grant::Grant;
pub use ids::logical_id;
pub use key::Key;
pub use legal_hold::LegalHold;
pub use org::{OrgBackup, OrgTarget};
pub use plan::BackupPlan;
pub use problem::{FieldPath, Problem, Problems, Severity, SynthError, Violation};
pub use report_plan::{FrameworkRef, ReportFormat, ReportPlan, ReportTemplate};
pub use resource::CfnResource;
pub use restore_testing::{
    RecoveryPointType, ResourceConditionOperator, RestoreTestingAlgorithm, RestoreTestingPlan,
    RestoreTestingPlanRef, RestoreTestingSelection, RestoreTestingVault,
};
pub use role::{Grantee, ManagedPolicy, Principal, Role, RoleRef, BACKUP_SERVICE};
pub use rule::{
    BackupPlanCopyAction, BackupPlanRule, CronOptions, IndexActionResourceType, Schedule,
};
pub use scan::{S3BackupOptions, ScanMode, ScanSetting, MALWARE_SCANNER};
pub use selection::{
    BackupResource, BackupSelection, ConditionOperator, PlanRef, RolePolicies, TagCondition,
    TagOperation,
};
pub use stack::{Stack, StackItem, Template};
pub use tiering::{TieringConfiguration, TieringSelection, TIERING_RESOURCE_TYPE};
pub use topic::Topic;
pub use value::{CfnValue, Environment};
pub use vault::{
    BackupVault, BackupVaultEvent, DeletionProtection, LockConfiguration, NotificationTopic,
    RemovalPolicy, VaultRef,
};

// Not semver-public: shared by the macro (`backup-macros`), the linter and the tests, hidden
// from the documentation, and free to change in any release.
#[doc(hidden)]
pub mod ids;
#[doc(hidden)]
pub mod problem;
#[doc(hidden)]
pub mod rules;
#[doc(hidden)]
pub use problem::PathIndex;

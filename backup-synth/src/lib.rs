//! Runtime of `backup-dsl`: the AWS Backup domain model, the rule book, the AWS cron engine and
//! deterministic CloudFormation synthesis.
//!
//! Build a [`Stack`] of [`BackupPlan`]s (with [`BackupPlanRule`]s and [`BackupSelection`]s) and
//! [`BackupVault`]s, then [`Stack::synth`] it: the result is the template CDK would synthesize
//! for the same constructs (same logical ids, same generated names), or every problem AWS would
//! refuse at deploy time, each with the path of the offending field.

mod air_gapped;
mod app;
pub mod cfn;
mod duration;
mod grant;
pub mod ids;
pub mod lint;
mod plan;
pub mod problem;
mod resource;
mod restore_testing;
mod rule;
pub mod rules;
pub mod schedule;
mod selection;
mod stack;
mod value;
mod vault;

pub use air_gapped::LogicallyAirGappedBackupVault;
pub use app::{App, AppError, CloudAssembly, StackArtifact, MANIFEST_VERSION, STACK_ARTIFACT_TYPE};
pub use duration::{Duration, TimeUnit};
pub use grant::Grant;
pub use plan::BackupPlan;
pub use problem::{FieldPath, PathIndex, Problem, Problems, Severity, SynthError, Violation};
pub use resource::CfnResource;
pub use restore_testing::{
    RecoveryPointType, ResourceConditionOperator, RestoreTestingAlgorithm, RestoreTestingPlan,
    RestoreTestingPlanRef, RestoreTestingSelection, RestoreTestingVault,
};
pub use rule::{
    BackupPlanCopyAction, BackupPlanRule, CronOptions, IndexActionResourceType, Schedule,
};
pub use selection::{
    BackupResource, BackupSelection, ConditionOperator, PlanRef, RolePolicies, TagCondition,
    TagOperation,
};
pub use stack::{Stack, StackItem, Template};
pub use value::{CfnValue, Environment};
pub use vault::{
    BackupVault, BackupVaultEvent, LockConfiguration, NotificationTopic, RemovalPolicy, VaultRef,
};

//! Runtime of `backup-dsl`: the AWS Backup domain model, the rule book, the AWS cron engine and
//! deterministic CloudFormation synthesis.

pub mod schedule;

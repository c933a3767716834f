//! The AWS cron dialect as AWS Backup takes it (placeholder until the cron engine lands).

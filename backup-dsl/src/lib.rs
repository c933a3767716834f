//! AWS Backup policy as compiler-checked Rust code, synthesized to CloudFormation.

pub use backup_synth::*;

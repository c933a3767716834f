//! Malware scanning of backups (`ScanSettings` on a plan, `ScanActions` on its rules; GuardDuty,
//! GA November 2025) and the S3 advanced backup options (`BackupACLs`, `BackupObjectTags`).

use serde_json::json;

use crate::cfn::backup_backup_plan::{
    AdvancedBackupSettingResourceType, ScanActionResourceType, ScanSettingResourceType,
};
use crate::problem::Problems;
use crate::rules;
use crate::value::CfnValue;

/// The malware scanner AWS Backup offers (`MalwareScanner`).
pub const MALWARE_SCANNER: &str = "GUARDDUTY";

/// How a rule's backups are scanned (`ScanActions[].ScanMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanMode {
    /// `FULL_SCAN`: every backup is scanned whole.
    Full,
    /// `INCREMENTAL_SCAN`: only what changed since the last scanned backup.
    Incremental,
}

impl ScanMode {
    /// The CloudFormation value.
    pub fn as_str(self) -> &'static str {
        match self {
            ScanMode::Full => "FULL_SCAN",
            ScanMode::Incremental => "INCREMENTAL_SCAN",
        }
    }

    pub(crate) fn render(self) -> ScanActionResourceType {
        ScanActionResourceType {
            malware_scanner: Some(CfnValue::literal(MALWARE_SCANNER)),
            scan_mode: Some(CfnValue::literal(self.as_str())),
        }
    }
}

/// A plan's scan setting (`ScanSettings[]`): which resource types GuardDuty scans, and the role
/// it scans with. A rule's scan action needs one for the same scanner.
///
/// ```
/// use backup_dsl::{BackupPlan, BackupPlanRule, ScanMode, ScanSetting, Stack};
/// let plan = BackupPlan::new("Plan")
///     .scan_setting(ScanSetting::new("arn:aws:iam::123456789012:role/scanner", ["EBS", "S3"]))
///     .rule(BackupPlanRule::daily().scan_action(ScanMode::Incremental));
/// let template = Stack::new("Stack").with(plan).synth().unwrap();
/// let json = template.json();
/// let plan = json["Resources"].as_object().unwrap().values()
///     .find(|r| r["Type"] == "AWS::Backup::BackupPlan")
///     .unwrap();
/// let plan = &plan["Properties"]["BackupPlan"];
/// assert_eq!(plan["ScanSettings"][0]["MalwareScanner"], "GUARDDUTY");
/// assert_eq!(plan["BackupPlanRule"][0]["ScanActions"][0]["ScanMode"], "INCREMENTAL_SCAN");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ScanSetting {
    pub(crate) role: CfnValue,
    pub(crate) resource_types: Vec<String>,
}

impl ScanSetting {
    /// GuardDuty scans `resource_types` (`EBS`, `EC2`, `S3` or `ALL`) with the role
    /// `scanner_role_arn` (`ScannerRoleArn`).
    pub fn new<I, S>(scanner_role_arn: impl Into<CfnValue>, resource_types: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            role: scanner_role_arn.into(),
            resource_types: resource_types.into_iter().map(Into::into).collect(),
        }
    }

    pub(crate) fn validate(&self, path: &str, problems: &mut Problems) {
        if let Some(role) = self.role.as_literal() {
            problems.check(
                || format!("{path}.scanner_role"),
                rules::check_scanner_role_arn(role),
            );
        }
        let types: Vec<&str> = self.resource_types.iter().map(String::as_str).collect();
        problems.check(
            || format!("{path}.resource_types"),
            rules::check_scan_resource_types(&types),
        );
    }

    pub(crate) fn render(&self) -> ScanSettingResourceType {
        ScanSettingResourceType {
            malware_scanner: Some(CfnValue::literal(MALWARE_SCANNER)),
            resource_types: Some(
                self.resource_types
                    .iter()
                    .map(|t| CfnValue::literal(t.as_str()))
                    .collect(),
            ),
            scanner_role_arn: Some(self.role.clone()),
        }
    }
}

/// The S3 advanced backup options of a plan (`AdvancedBackupSettings` for `S3`): whether S3
/// backups include object ACLs (`BackupACLs`) and object tags (`BackupObjectTags`). AWS Backup
/// includes both by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct S3BackupOptions {
    /// `BackupACLs`: back up object ACLs.
    pub backup_acls: bool,
    /// `BackupObjectTags`: back up object tags.
    pub backup_object_tags: bool,
}

impl S3BackupOptions {
    pub(crate) fn validate(&self, path: &str, problems: &mut Problems) {
        for (key, enabled) in [
            ("backup_acls", self.backup_acls),
            ("backup_object_tags", self.backup_object_tags),
        ] {
            problems.check(
                || format!("{path}.{key}"),
                rules::check_s3_backup_option(key, enabled),
            );
        }
    }

    pub(crate) fn render(&self) -> AdvancedBackupSettingResourceType {
        let value = |enabled: bool| if enabled { "enabled" } else { "disabled" };
        AdvancedBackupSettingResourceType {
            backup_options: Some(
                json!({
                    "BackupACLs": value(self.backup_acls),
                    "BackupObjectTags": value(self.backup_object_tags),
                })
                .into(),
            ),
            resource_type: Some(CfnValue::literal_static("S3")),
        }
    }
}

//! Whether a resource's recovery points are encrypted, as the template shows it: the fact
//! behind control `BACKUP_RECOVERY_POINT_ENCRYPTED`.
//!
//! Sources: AWS Backup "Encryption for backups in AWS Backup" (encryption.html): types with
//! full AWS Backup management (S3, EFS, …) are encrypted with the vault's key whatever the
//! source; the others inherit the source's encryption, so an unencrypted source gives an
//! unencrypted recovery point. The properties that decide each type are those of the
//! registry schemas (`StorageEncrypted`, `Encrypted`, `BlockDeviceMappings[].Ebs.Encrypted`);
//! the table in `tests/fixtures/README.md` (from the project's reference facts) lists them.

use serde_json::Value;

/// What a template says about the encryption of a resource's recovery points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Encryption {
    /// Encrypted, whatever the account's settings.
    Encrypted,
    /// Provably not encrypted; the text says which property says so.
    Unencrypted(String),
    /// Not decidable from the template; the text says what decides it.
    Unknown(String),
}

/// Properties that create a database from a snapshot or another database: its encryption is
/// then the source's.
const RESTORED_FROM: [&str; 12] = [
    "SnapshotIdentifier",
    "DBSnapshotIdentifier",
    "DBClusterSnapshotIdentifier",
    "SourceDBInstanceIdentifier",
    "SourceDBClusterIdentifier",
    "SourceDBInstanceAutomatedBackupsArn",
    "SourceDbiResourceId",
    "ReplicationSourceIdentifier",
    "GlobalClusterIdentifier",
    "RestoreType",
    "RestoreTime",
    "UseLatestRestorableTime",
];

/// The encryption of the recovery points of a resource of CloudFormation type `cfn` with
/// `properties`.
pub fn encryption_of(cfn: &str, properties: &Value) -> Encryption {
    match cfn {
        // Full AWS Backup management: the vault's key (encryption.html).
        "AWS::EFS::FileSystem" | "AWS::S3::Bucket" => Encryption::Encrypted,
        // Always encrypted at rest, so are their backups.
        "AWS::FSx::FileSystem" | "AWS::FSx::Volume" => Encryption::Encrypted,
        "AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable" => Encryption::Encrypted,
        "AWS::EC2::Volume" => ebs_volume(properties),
        "AWS::EC2::Instance" => ec2_instance(properties),
        "AWS::RDS::DBInstance" if properties.get("DBClusterIdentifier").is_some() => {
            Encryption::Unknown("its cluster's `StorageEncrypted` decides".into())
        }
        "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster" | "AWS::DocDB::DBCluster"
        | "AWS::Neptune::DBCluster" => database(properties),
        "AWS::Redshift::Cluster" => match properties.get("Encrypted").and_then(boolean) {
            Some(true) => Encryption::Encrypted,
            _ => Encryption::Unknown(
                "its `Encrypted` is not `true`, and Redshift's default encryption depends on when and how the cluster is created".into(),
            ),
        },
        _ => Encryption::Unknown(format!(
            "whether AWS Backup encrypts {cfn} recovery points independently of the source is not known to this version"
        )),
    }
}

fn ebs_volume(properties: &Value) -> Encryption {
    match properties.get("Encrypted").and_then(boolean) {
        Some(true) => Encryption::Encrypted,
        _ => Encryption::Unknown(
            "its `Encrypted` is not `true`; the account's EBS encryption by default, invisible to the template, decides".into(),
        ),
    }
}

fn ec2_instance(properties: &Value) -> Encryption {
    let mappings = properties
        .get("BlockDeviceMappings")
        .and_then(Value::as_array)
        .filter(|list| !list.is_empty());
    let all_encrypted = mappings.is_some_and(|list| {
        list.iter().all(|m| {
            m.get("Ebs")
                .and_then(|ebs| ebs.get("Encrypted"))
                .and_then(Value::as_bool)
                == Some(true)
        })
    });
    if all_encrypted {
        Encryption::Encrypted
    } else {
        Encryption::Unknown(
            "not every `BlockDeviceMappings[].Ebs.Encrypted` is `true`; the image and the account's EBS encryption by default decide".into(),
        )
    }
}

fn database(properties: &Value) -> Encryption {
    if RESTORED_FROM.iter().any(|p| properties.get(*p).is_some()) {
        return Encryption::Unknown(
            "it is created from a snapshot or another database, whose encryption it keeps".into(),
        );
    }
    if properties.get("EngineMode").and_then(Value::as_str) == Some("serverless") {
        return Encryption::Encrypted; // Aurora Serverless v1 clusters are always encrypted.
    }
    match properties.get("StorageEncrypted").and_then(boolean) {
        Some(true) => Encryption::Encrypted,
        Some(false) => Encryption::Unencrypted("`StorageEncrypted` is `false`".into()),
        None if properties.get("StorageEncrypted").is_none() => Encryption::Unencrypted(
            "`StorageEncrypted` is not set (CloudFormation's default is `false`)".into(),
        ),
        None => Encryption::Unknown("`StorageEncrypted` is not a literal".into()),
    }
}

/// A literal boolean, also as CloudFormation reads `"true"` / `"false"` strings.
fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{encryption_of, Encryption};
    use serde_json::json;

    #[test]
    fn databases_are_judged_by_storage_encrypted_unless_they_inherit_it() {
        let rds = |p| encryption_of("AWS::RDS::DBCluster", &p);
        assert_eq!(
            rds(json!({"StorageEncrypted": true})),
            Encryption::Encrypted
        );
        assert_eq!(
            rds(json!({"StorageEncrypted": "true"})),
            Encryption::Encrypted
        );
        assert!(matches!(
            rds(json!({"StorageEncrypted": "false"})),
            Encryption::Unencrypted(_)
        ));
        assert!(matches!(rds(json!({})), Encryption::Unencrypted(_)));
        for inherited in [
            "GlobalClusterIdentifier",
            "SnapshotIdentifier",
            "RestoreType",
        ] {
            assert!(
                matches!(rds(json!({ inherited: "x" })), Encryption::Unknown(_)),
                "{inherited}"
            );
        }
        let token = rds(json!({"StorageEncrypted": {"Ref": "Encrypt"}}));
        assert!(matches!(token, Encryption::Unknown(_)));
    }
}

//! KMS keys (`AWS::KMS::Key`) for vaults: CDK's default key policy, and the statements another
//! account needs to copy recovery points encrypted with the key.
//!
//! - In the key's own account, CDK's default policy (the account root may do `kms:*`) lets IAM
//!   policies decide, and the policies AWS Backup's roles get
//!   (`AWSBackupServiceRolePolicyForBackup`) allow the grants it makes on the key
//!   (AWS Backup, "Encryption for backups in AWS Backup").
//! - For copies to another account, "if your resources are encrypted with a customer managed
//!   key, you must share this customer managed key with the destination account" (AWS Backup,
//!   "Creating backup copies across AWS accounts"); [`Key::share_with_account`] adds the two
//!   statements AWS KMS documents for that ("Allowing users in other accounts to use a KMS
//!   key": use of the key, and `kms:CreateGrant` for AWS resources).

use serde_json::{json, Map, Value};

use crate::cfn::kms_key::{CfnKey, Tag as KeyTag};

use crate::ids::resource_logical_id;
use crate::rendered::Rendered;
use crate::role::policy_document;
use crate::value::{object, CfnValue};
use crate::vault::RemovalPolicy;

/// A customer-managed KMS key in the stack (CDK's `kms.Key`), kept on stack deletion as CDK
/// keeps it.
///
/// ```
/// use backup_dsl::{BackupVault, Key, Stack};
/// let key = Key::new("Key").share_with_account("222222222222");
/// let vault = BackupVault::new("Vault").encryption_key(&key);
/// let mut stack = Stack::new("Stack");
/// stack.add(key).add(vault);
/// let template = stack.synth().unwrap();
/// let policy = &template.json()["Resources"]["Key961B73FD"]["Properties"]["KeyPolicy"];
/// assert_eq!(policy["Statement"].as_array().unwrap().len(), 3);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    id: String,
    description: Option<String>,
    enable_key_rotation: Option<bool>,
    shared_with: Vec<String>,
    removal_policy: RemovalPolicy,
}

impl Key {
    /// A key with construct id `id` and CDK's default key policy.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            description: None,
            enable_key_rotation: None,
            shared_with: Vec::new(),
            removal_policy: RemovalPolicy::Retain,
        }
    }

    /// The construct id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Sets `Description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets `EnableKeyRotation`.
    pub fn enable_key_rotation(mut self, enable: bool) -> Self {
        self.enable_key_rotation = Some(enable);
        self
    }

    /// Lets `account` (12 digits) use the key for copies of recovery points it encrypts.
    pub fn share_with_account(mut self, account: impl Into<String>) -> Self {
        self.shared_with.push(account.into());
        self
    }

    /// Sets the removal policy (default [`RemovalPolicy::Retain`], as CDK's keys).
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.removal_policy = policy;
        self
    }

    /// Checks the key alone; paths are `path.<key>`.
    pub(crate) fn validate(&self, path: &str, problems: &mut crate::problem::Problems) {
        problems.check(
            || format!("{path}.removal_policy"),
            crate::rules::check_key_removal_snapshot(
                self.removal_policy == RemovalPolicy::Snapshot,
            ),
        );
    }

    /// The accounts the key is shared with, in order.
    pub fn shared_accounts(&self) -> &[String] {
        &self.shared_with
    }

    /// The key's logical id (`<id>/Resource`).
    pub fn logical_id(&self) -> String {
        resource_logical_id(&self.id)
    }

    /// The key's ARN (`Fn::GetAtt [<key>, Arn]`), as a vault's `EncryptionKeyArn` wants it.
    pub fn arn(&self) -> CfnValue {
        CfnValue::get_att_of(&self.logical_id(), "Arn")
    }

    /// Renders the key with the stack's tags.
    pub(crate) fn render(&self, tags: &Map<String, Value>) -> Rendered {
        let mut statements = vec![json!({
            "Action": "kms:*",
            "Effect": "Allow",
            "Principal": { "AWS": root(CfnValue::reference("AWS::AccountId")) },
            "Resource": "*"
        })];
        for account in &self.shared_with {
            statements.extend(shared_statements(account));
        }
        let tags: Vec<KeyTag> = tags
            .iter()
            .map(|(k, v)| KeyTag {
                key: Some(CfnValue::literal(k.as_str())),
                value: Some(CfnValue::raw(v.clone())),
            })
            .collect();
        let properties = CfnKey {
            description: self.description.as_deref().map(CfnValue::literal),
            enable_key_rotation: self.enable_key_rotation.map(Into::into),
            key_policy: Some(policy_document(statements).into()),
            tags: (!tags.is_empty()).then_some(tags),
            ..CfnKey::default()
        };
        self.removal_policy
            .apply(Rendered::new(CfnKey::TYPE_NAME, properties))
    }
}

impl From<&Key> for CfnValue {
    /// The key's ARN.
    fn from(key: &Key) -> Self {
        key.arn()
    }
}

/// `arn:<partition>:iam::<account>:root`.
fn root(account: CfnValue) -> Value {
    CfnValue::join([
        CfnValue::literal("arn:"),
        CfnValue::reference("AWS::Partition"),
        CfnValue::literal(":iam::"),
        account,
        CfnValue::literal(":root"),
    ])
    .to_json()
}

/// The two statements AWS KMS documents for another account's use of a key.
fn shared_statements(account: &str) -> [Value; 2] {
    let principal = json!({ "AWS": root(CfnValue::literal(account)) });
    [
        object([
            (
                "Action",
                json!([
                    "kms:Decrypt",
                    "kms:DescribeKey",
                    "kms:Encrypt",
                    "kms:GenerateDataKey*",
                    "kms:ReEncrypt*"
                ]),
            ),
            ("Effect", "Allow".into()),
            ("Principal", principal.clone()),
            ("Resource", "*".into()),
            ("Sid", format!("AllowUseOfTheKeyBy{account}").into()),
        ]),
        object([
            ("Action", "kms:CreateGrant".into()),
            (
                "Condition",
                json!({ "Bool": { "kms:GrantIsForAWSResource": true } }),
            ),
            ("Effect", "Allow".into()),
            ("Principal", principal),
            ("Resource", "*".into()),
            (
                "Sid",
                format!("AllowGrantsForAwsResourcesBy{account}").into(),
            ),
        ]),
    ]
}

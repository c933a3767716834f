//! The escape hatch: raw CloudFormation resources declared beside the plans (a table, an
//! instance, a key, a topic), which selections and vaults can refer to.

use serde_json::Value;

use crate::ids::{logical_id, resource_logical_id};
use crate::rendered::Rendered;
use crate::value::CfnValue;

/// A raw CloudFormation resource at a construct path, rendered as given.
///
/// Its logical id follows CDK: [`CfnResource::new`] is an L1 construct at exactly that path (a
/// single-component path keeps its id verbatim, a longer one gets CDK's hash);
/// [`CfnResource::l2`] is the resource an L2 construct creates (a `Table`, a `Key`, a `Topic`),
/// which CDK places at `<path>/Resource`.
///
/// ```
/// use backup_dsl::CfnResource;
/// let table = CfnResource::new("MyCoolConstruct/Table", "AWS::DynamoDB::Table");
/// assert_eq!(table.logical_id(), "MyCoolConstructTable37B6685C");
/// assert_eq!(CfnResource::new("L1Vault", "AWS::Backup::BackupVault").logical_id(), "L1Vault");
/// assert_eq!(CfnResource::l2("Table", "AWS::DynamoDB::Table").logical_id(), "TableCD117FA1");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CfnResource {
    path: String,
    logical_id: String,
    resource_type: String,
    properties: Option<Value>,
    retain: bool,
}

impl CfnResource {
    /// An L1 resource of `resource_type` at construct `path` (`/`-separated ids below the
    /// stack), like CDK's `new CfnTable(scope, id)`.
    pub fn new(path: impl Into<String>, resource_type: impl Into<String>) -> Self {
        let path = path.into();
        let logical_id = logical_id(&path);
        Self::with_logical_id(path, logical_id, resource_type.into())
    }

    /// The resource of an L2 construct at `path` (CDK's `new Table(scope, id)`): its logical id
    /// is derived from `<path>/Resource`.
    pub fn l2(path: impl Into<String>, resource_type: impl Into<String>) -> Self {
        let path = path.into();
        let logical_id = resource_logical_id(&path);
        Self::with_logical_id(path, logical_id, resource_type.into())
    }

    fn with_logical_id(path: String, logical_id: String, resource_type: String) -> Self {
        Self {
            path,
            logical_id,
            resource_type,
            properties: None,
            retain: false,
        }
    }

    /// Sets the `Properties` object.
    pub fn properties(mut self, properties: Value) -> Self {
        self.properties = Some(properties);
        self
    }

    /// Adds `UpdateReplacePolicy: Retain` and `DeletionPolicy: Retain`.
    pub fn retain(mut self) -> Self {
        self.retain = true;
        self
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The logical id in the template.
    pub fn logical_id(&self) -> &str {
        &self.logical_id
    }

    /// The CloudFormation type.
    pub fn resource_type(&self) -> &str {
        &self.resource_type
    }

    /// The property `name`, if set.
    pub fn property(&self, name: &str) -> Option<&Value> {
        self.properties.as_ref().and_then(|p| p.get(name))
    }

    /// `{"Ref": <logical id>}`.
    pub fn reference(&self) -> CfnValue {
        CfnValue::reference(&self.logical_id)
    }

    /// `{"Fn::GetAtt": [<logical id>, attribute]}`.
    pub fn get_att(&self, attribute: &str) -> CfnValue {
        CfnValue::get_att(&self.logical_id, attribute)
    }

    /// The resource as it appears in a template (`Type`, `Properties`, retention policies).
    pub fn to_json(&self) -> Value {
        self.render().to_json()
    }

    pub(crate) fn render(&self) -> Rendered {
        let resource = Rendered::raw(self.resource_type.clone(), self.properties.clone());
        if self.retain {
            resource.removal_policies("Retain", "Retain")
        } else {
            resource
        }
    }
}

//! A protectable resource of a template: its ARN and its tags as AWS Backup sees them.

use std::collections::BTreeMap;

use serde_json::Value;

use super::symbolic::{Subject, Sym};
use super::template::{properties, Scope};
use super::types::{ProtectableType, SystemTags, TagProperty};
use crate::reference::{intrinsic, resolve, Resolved};

/// A tag value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TagValue {
    /// Known before deployment.
    Known(String),
    /// Computed at deployment by the named intrinsic.
    Unknown(String),
}

/// What looking a tag key up gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Lookup<'a> {
    /// The resource has the tag with this value.
    Value(&'a str),
    /// The resource does not have the tag.
    Absent,
    /// Not known before deployment, because of the named value.
    Unknown(&'a str),
    /// Either this value or absent: a system tag of a type whose schema does not say whether
    /// CloudFormation adds its system tags.
    ValueOrAbsent(&'a str),
}

/// The tags of a resource: explicit, stack-level, and CloudFormation's system tags.
#[derive(Clone, Debug)]
pub(crate) struct Tags {
    explicit: BTreeMap<String, TagValue>,
    /// Set when the tag list itself is computed (`Fn::If`, a computed key): any key may be there.
    blocked: Option<String>,
    stack: BTreeMap<String, String>,
    system: SystemTags,
    logical_id: String,
    stack_name: Option<String>,
}

/// The prefix of CloudFormation's system tags.
pub(crate) const SYSTEM_TAG_PREFIX: &str = "aws:cloudformation:";

impl Tags {
    /// The value of tag `key`.
    pub fn get(&self, key: &str) -> Lookup<'_> {
        if let Some(system) = key.strip_prefix(SYSTEM_TAG_PREFIX) {
            return self.system_tag(system);
        }
        match self.explicit.get(key) {
            Some(TagValue::Known(v)) => return Lookup::Value(v),
            Some(TagValue::Unknown(what)) => return Lookup::Unknown(what),
            None => {}
        }
        if let Some(what) = &self.blocked {
            return Lookup::Unknown(what);
        }
        match self.stack.get(key) {
            Some(v) => Lookup::Value(v),
            None => Lookup::Absent,
        }
    }

    fn system_tag(&self, name: &str) -> Lookup<'_> {
        match self.system {
            SystemTags::No => Lookup::Absent,
            SystemTags::Unknown => match self.system_tag_value(name) {
                Lookup::Value(value) => Lookup::ValueOrAbsent(value),
                Lookup::Absent => Lookup::Absent,
                _ => Lookup::Unknown(
                    "whether CloudFormation adds its system tags to this type (its schema does not say)",
                ),
            },
            SystemTags::Yes => self.system_tag_value(name),
        }
    }

    /// The value of system tag `aws:cloudformation:<name>` when the resource has it.
    fn system_tag_value(&self, name: &str) -> Lookup<'_> {
        match name {
            "logical-id" => Lookup::Value(&self.logical_id),
            "stack-name" => match &self.stack_name {
                Some(stack) => Lookup::Value(stack),
                None => Lookup::Unknown("the stack name (not known for a template file)"),
            },
            "stack-id" => Lookup::Unknown("the stack id (assigned at deployment)"),
            _ => Lookup::Absent,
        }
    }
}

/// A protectable resource found in an input.
#[derive(Clone, Debug)]
pub(crate) struct Protected {
    /// Index of its input.
    pub input: usize,
    /// Its logical id.
    pub logical_id: String,
    /// Its type.
    pub kind: &'static ProtectableType,
    /// Its ARN.
    pub arn: Sym,
    /// The ARN ready for matching.
    pub subject: Subject,
    /// Its tags.
    pub tags: Tags,
    /// Its `Properties`.
    pub properties: serde_json::Map<String, Value>,
}

impl Protected {
    /// Reads resource `logical_id` of type `kind` in `scope`.
    pub fn read(
        scope: Scope<'_>,
        input: usize,
        logical_id: &str,
        resource: &Value,
        kind: &'static ProtectableType,
    ) -> Self {
        let arn = scope.resource_arn(logical_id, resource);
        let subject = Subject::new(&arn);
        let mut tags = Tags {
            explicit: BTreeMap::new(),
            blocked: None,
            stack: scope.input.stack_tags.clone(),
            system: kind.system_tags,
            logical_id: logical_id.to_string(),
            stack_name: scope.input.stack_name.clone(),
        };
        read_tags(scope, resource, kind.tags, &mut tags);
        Self {
            input,
            logical_id: logical_id.to_string(),
            kind,
            arn,
            subject,
            tags,
            properties: properties(resource).clone(),
        }
    }
}

fn read_tags(scope: Scope<'_>, resource: &Value, property: TagProperty, tags: &mut Tags) {
    let props = properties(resource);
    let list = match property {
        TagProperty::List(name) => props.get(name),
        TagProperty::Replicas => match replica_tags(scope, props.get("Replicas")) {
            Ok(list) => list,
            Err(what) => {
                tags.blocked = Some(what);
                return;
            }
        },
    };
    let Some(list) = list else { return };
    if let Some(name) = intrinsic(list) {
        tags.blocked = Some(format!("the tags (computed by `{name}`)"));
        return;
    }
    // (key, or why the key is not known; value)
    let entries: Vec<(Result<String, String>, Option<&Value>)> = match list {
        Value::Array(items) => items
            .iter()
            .map(|item| match (item.get("Key"), intrinsic(item)) {
                (_, Some(name)) => (Err(format!("a tag computed by `{name}`")), None),
                (Some(Value::String(key)), None) => (Ok(key.clone()), item.get("Value")),
                _ => (Err("a tag whose key is computed".into()), None),
            })
            .collect(),
        Value::Object(map) => map.iter().map(|(k, v)| (Ok(k.clone()), Some(v))).collect(),
        _ => return,
    };
    for (key, value) in entries {
        let key = match key {
            Ok(key) => key,
            Err(what) => {
                tags.blocked = Some(what);
                continue;
            }
        };
        let value = value.map(|v| scope.eval(v)).unwrap_or_default();
        let value = match (value.literal(), value.unknown_part()) {
            (Some(text), _) => TagValue::Known(text),
            (None, Some(part)) => TagValue::Unknown(part.shown.clone()),
            (None, None) => TagValue::Unknown(value.to_string()),
        };
        tags.explicit.insert(key, value);
    }
}

/// The `Tags` of the replica in the stack's Region (`Replicas[].Region` literal or
/// `AWS::Region`); the only replica when there is one.
fn replica_tags<'a>(
    scope: Scope<'_>,
    replicas: Option<&'a Value>,
) -> Result<Option<&'a Value>, String> {
    let Some(replicas) = replicas.and_then(Value::as_array) else {
        return Ok(None);
    };
    let here = |replica: &&Value| match replica.get("Region").map(|r| resolve(r, None)) {
        Some(Resolved::Literal(region)) => scope.input.region.as_deref() == Some(region.as_str()),
        Some(region) => region == Resolved::Parameter("AWS::Region"),
        None => false,
    };
    match replicas.iter().find(here) {
        Some(replica) => Ok(replica.get("Tags")),
        None if replicas.len() == 1 => Ok(replicas[0].get("Tags")),
        None => {
            Err("the tags of the replica in the stack's Region (the Region is not known)".into())
        }
    }
}

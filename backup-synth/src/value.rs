//! CloudFormation values: a literal string or an intrinsic function (`Ref`, `Fn::GetAtt`,
//! `Fn::Join`), and the ARNs CDK builds from the stack's environment.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::cfn::{JsonWriter, WriteCfn};

/// A CloudFormation string value: a literal, or an intrinsic resolved at deploy time.
///
/// The rule book checks literals and skips intrinsics, as CDK skips tokens.
///
/// ```
/// use backup_dsl::CfnValue;
/// assert_eq!(CfnValue::from("my-vault").as_literal(), Some("my-vault"));
/// assert_eq!(CfnValue::reference("VaultName").as_literal(), None);
/// ```
#[derive(Clone, Debug)]
pub struct CfnValue(Repr);

/// How a [`CfnValue`] is held: the values synthesis makes most (literals, `Fn::GetAtt` of a
/// resource of the template) without a JSON tree, any other as JSON.
#[derive(Clone, Debug)]
enum Repr {
    /// A literal string, owned or spelled by the crate.
    Text(Cow<'static, str>),
    /// `{"Fn::GetAtt": [logical_id, attribute]}`; the id shared by the value's clones.
    GetAtt(Arc<str>, Cow<'static, str>),
    /// Any other value (an intrinsic function), as JSON shared by the value's clones (behind
    /// a pointer, so that the values synthesis makes most stay small).
    Json(Arc<Value>),
}

impl CfnValue {
    /// A literal string.
    pub fn literal(text: impl Into<String>) -> Self {
        Self(Repr::Text(Cow::Owned(text.into())))
    }

    /// A literal string the crate spells (no copy).
    pub(crate) fn literal_static(text: &'static str) -> Self {
        Self(Repr::Text(Cow::Borrowed(text)))
    }

    /// `{"Ref": name}`: a parameter, a pseudo parameter or a resource's logical id.
    pub fn reference(name: &str) -> Self {
        Self::raw(json!({ "Ref": name }))
    }

    /// `{"Fn::GetAtt": [logical_id, attribute]}`.
    pub fn get_att(logical_id: &str, attribute: &str) -> Self {
        Self(Repr::GetAtt(
            logical_id.into(),
            Cow::Owned(attribute.to_string()),
        ))
    }

    /// [`CfnValue::get_att`] of an attribute the crate spells.
    pub(crate) fn get_att_of(logical_id: &str, attribute: &'static str) -> Self {
        Self(Repr::GetAtt(logical_id.into(), Cow::Borrowed(attribute)))
    }

    /// Any intrinsic function or value, taken verbatim (an escape hatch).
    pub fn raw(value: Value) -> Self {
        match value {
            Value::String(text) => Self::literal(text),
            value => Self(Repr::Json(Arc::new(value))),
        }
    }

    /// Concatenates parts as CDK resolves a token string: adjacent literals merge, and a
    /// result made only of literals is a plain string, otherwise `Fn::Join` with `""`.
    pub fn join(parts: impl IntoIterator<Item = CfnValue>) -> Self {
        let mut merged: Vec<Value> = Vec::new();
        for part in parts {
            match (merged.last_mut(), part.into_json()) {
                (Some(Value::String(previous)), Value::String(next)) => previous.push_str(&next),
                (_, Value::String(next)) if next.is_empty() => {}
                (_, next) => merged.push(next),
            }
        }
        match merged.as_slice() {
            [] => Self::literal(""),
            [Value::String(_)] => Self::raw(merged.remove(0)),
            _ => Self::raw(object([(
                "Fn::Join",
                Value::Array(vec!["".into(), Value::Array(merged)]),
            )])),
        }
    }

    /// The literal text, or `None` for an intrinsic.
    pub fn as_literal(&self) -> Option<&str> {
        match &self.0 {
            Repr::Text(text) => Some(text),
            Repr::GetAtt(..) => None,
            Repr::Json(json) => json.as_str(),
        }
    }

    /// The JSON of this value: borrowed when it is held as JSON, built otherwise.
    pub fn as_json(&self) -> Cow<'_, Value> {
        match &self.0 {
            Repr::Json(json) => Cow::Borrowed(json),
            _ => Cow::Owned(self.to_json()),
        }
    }

    /// The JSON this value renders to.
    pub fn to_json(&self) -> Value {
        match &self.0 {
            Repr::Text(text) => Value::String(text.to_string()),
            Repr::GetAtt(id, attribute) => get_att_json(id, attribute),
            Repr::Json(json) => Value::clone(json),
        }
    }

    /// The JSON this value renders to, without a copy.
    pub fn into_json(self) -> Value {
        match self.0 {
            Repr::Text(text) => Value::String(text.into_owned()),
            Repr::GetAtt(id, attribute) => get_att_json(&id, &attribute),
            Repr::Json(json) => Arc::unwrap_or_clone(json),
        }
    }
}

/// `{"Fn::GetAtt": [logical_id, attribute]}` as JSON.
fn get_att_json(logical_id: &str, attribute: &str) -> Value {
    json!({ "Fn::GetAtt": [logical_id, attribute] })
}

impl PartialEq for CfnValue {
    /// Values are equal when their JSON is, however they are held.
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Repr::Text(a), Repr::Text(b)) => a == b,
            (Repr::GetAtt(a, x), Repr::GetAtt(b, y)) => a == b && x == y,
            _ => self.as_json() == other.as_json(),
        }
    }
}

impl WriteCfn for CfnValue {
    fn write_cfn(&self, writer: &mut JsonWriter) {
        match &self.0 {
            Repr::Text(text) => writer.string(text),
            Repr::GetAtt(id, attribute) => {
                writer.begin_object();
                writer.plain_key("Fn::GetAtt");
                writer.begin_array();
                writer.item();
                writer.string(id);
                writer.item();
                writer.string(attribute);
                writer.end_array();
                writer.end_object();
            }
            Repr::Json(json) => writer.shared_json(json),
        }
    }
}

impl From<&str> for CfnValue {
    fn from(text: &str) -> Self {
        Self::literal(text)
    }
}

impl From<String> for CfnValue {
    fn from(text: String) -> Self {
        Self::literal(text)
    }
}

impl From<&String> for CfnValue {
    fn from(text: &String) -> Self {
        Self::literal(text.as_str())
    }
}

/// A JSON object from `(key, value)` pairs, moving the values (`json!` would deep-copy a
/// `Value` it is given through `serde_json::to_value`).
pub(crate) fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    let mut map = serde_json::Map::with_capacity(N);
    for (key, value) in entries {
        map.insert(key.to_string(), value);
    }
    Value::Object(map)
}

/// The account and region a stack deploys to; unknown parts render as pseudo parameters.
///
/// ```
/// use backup_dsl::Environment;
/// let env = Environment::new("123456789012", "eu-west-1");
/// assert_eq!(env.region.as_deref(), Some("eu-west-1"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    /// The 12-digit account id, or `None` for `AWS::AccountId`.
    pub account: Option<String>,
    /// The region, or `None` for `AWS::Region`.
    pub region: Option<String>,
}

impl Environment {
    /// A concrete environment.
    pub fn new(account: impl Into<String>, region: impl Into<String>) -> Self {
        Self {
            account: Some(account.into()),
            region: Some(region.into()),
        }
    }

    /// `arn:${Partition}:<service>:<region>:<account>:<resource><separator><name>`, as CDK's
    /// `Stack.formatArn` renders it (the partition is always the pseudo parameter).
    pub fn format_arn(
        &self,
        service: &str,
        resource: &str,
        separator: char,
        name: CfnValue,
    ) -> CfnValue {
        let region = self
            .region
            .as_deref()
            .map_or_else(|| CfnValue::reference("AWS::Region"), CfnValue::from);
        let account = self
            .account
            .as_deref()
            .map_or_else(|| CfnValue::reference("AWS::AccountId"), CfnValue::from);
        CfnValue::join([
            CfnValue::literal("arn:"),
            CfnValue::reference("AWS::Partition"),
            CfnValue::literal(format!(":{service}:")),
            region,
            CfnValue::literal(":"),
            account,
            CfnValue::literal(format!(":{resource}{separator}")),
            name,
        ])
    }

    /// `arn:${Partition}:iam::aws:policy/<name>`, an AWS managed policy.
    pub fn managed_policy_arn(name: &str) -> CfnValue {
        CfnValue::join([
            CfnValue::literal("arn:"),
            CfnValue::reference("AWS::Partition"),
            CfnValue::literal(format!(":iam::aws:policy/{name}")),
        ])
    }

    /// [`Environment::managed_policy_arn`] of a name the crate spells (a policy every
    /// generated role carries): built once per thread, then shared.
    pub(crate) fn builtin_policy_arn(name: &'static str) -> CfnValue {
        thread_local! {
            static ARNS: RefCell<Vec<(&'static str, CfnValue)>> = const { RefCell::new(Vec::new()) };
        }
        ARNS.with_borrow_mut(|arns| {
            if let Some((_, arn)) = arns.iter().find(|(known, _)| *known == name) {
                return arn.clone();
            }
            let arn = Self::managed_policy_arn(name);
            arns.push((name, arn.clone()));
            arn
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_merges_adjacent_literals() {
        let joined = CfnValue::join([
            CfnValue::literal("a"),
            CfnValue::literal("b"),
            CfnValue::reference("X"),
            CfnValue::literal("c"),
        ]);
        assert_eq!(
            joined.to_json(),
            json!({"Fn::Join": ["", ["ab", {"Ref": "X"}, "c"]]})
        );
        assert_eq!(
            CfnValue::join([CfnValue::literal("a"), CfnValue::literal("b")]).as_literal(),
            Some("ab")
        );
    }

    #[test]
    fn concrete_environment_renders_literal_region_and_account() {
        let arn = Environment::new("123456789012", "eu-west-1").format_arn(
            "dynamodb",
            "table",
            '/',
            "t".into(),
        );
        assert_eq!(
            arn.to_json(),
            json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":dynamodb:eu-west-1:123456789012:table/t"]]})
        );
    }
}

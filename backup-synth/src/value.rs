//! CloudFormation values: a literal string or an intrinsic function (`Ref`, `Fn::GetAtt`,
//! `Fn::Join`), and the ARNs CDK builds from the stack's environment.

use std::cell::RefCell;

use serde_json::{json, Value};

use crate::cfn::CfnJson;

/// A CloudFormation string value: a literal, or an intrinsic resolved at deploy time.
///
/// The rule book checks literals and skips intrinsics, as CDK skips tokens.
///
/// ```
/// use backup_dsl::CfnValue;
/// assert_eq!(CfnValue::from("my-vault").as_literal(), Some("my-vault"));
/// assert_eq!(CfnValue::reference("VaultName").as_literal(), None);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CfnValue(CfnJson);

impl CfnValue {
    /// A literal string.
    pub fn literal(text: impl Into<String>) -> Self {
        Self(Value::String(text.into()).into())
    }

    /// `{"Ref": name}`: a parameter, a pseudo parameter or a resource's logical id.
    pub fn reference(name: &str) -> Self {
        Self(json!({ "Ref": name }).into())
    }

    /// `{"Fn::GetAtt": [logical_id, attribute]}`.
    pub fn get_att(logical_id: &str, attribute: &str) -> Self {
        Self(json!({ "Fn::GetAtt": [logical_id, attribute] }).into())
    }

    /// Any intrinsic function or value, taken verbatim (an escape hatch).
    pub fn raw(value: Value) -> Self {
        Self(value.into())
    }

    /// The same value, shared with its clones: cloning it then copies a pointer (an
    /// intrinsic every rule of a plan repeats, an ARN every generated role carries).
    pub fn shared(self) -> Self {
        Self(self.0.into_shared())
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
        self.0.as_str()
    }

    /// The JSON of this value, borrowed.
    pub fn as_json(&self) -> &Value {
        &self.0
    }

    /// The JSON this value renders to.
    pub fn to_json(&self) -> Value {
        (*self.0).clone()
    }

    /// The JSON this value renders to, without a copy.
    pub fn into_json(self) -> Value {
        self.0.into_value()
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
            let arn = Self::managed_policy_arn(name).shared();
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

//! Values of the generated types: every one may be a literal or an intrinsic function, renders
//! to JSON ([`ToCfn`]) and reads from a template ([`FromCfn`]).

use serde_json::{Map, Number, Value};

use crate::value::CfnValue;

/// A number or boolean property: a literal, or an intrinsic resolved at deploy time.
///
/// ```
/// use backup_dsl::cfn::{Cfn, ToCfn};
/// assert_eq!(Cfn::<i64>::from(60).into_cfn(), serde_json::json!(60));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Cfn<T> {
    /// A literal value.
    Value(T),
    /// An intrinsic function (`Ref`, `Fn::*`), kept verbatim.
    Intrinsic(Value),
}

impl<T> From<T> for Cfn<T> {
    fn from(value: T) -> Self {
        Cfn::Value(value)
    }
}

impl From<i64> for Cfn<Number> {
    fn from(value: i64) -> Self {
        Cfn::Value(value.into())
    }
}

/// A map property (tags): names to values, in the order given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CfnMap<T>(pub Vec<(String, T)>);

/// Renders a value as CloudFormation JSON.
pub trait ToCfn {
    /// The JSON, consuming the value (no copy).
    fn into_cfn(self) -> Value;
}

/// Reads a value from CloudFormation JSON: `None` when it is not of the expected kind (the
/// generated checks report that).
pub trait FromCfn: Sized {
    /// The value, or `None`.
    fn from_cfn(value: &Value) -> Option<Self>;
}

/// Inserts `key` when `value` is set.
pub fn put<T: ToCfn>(map: &mut Map<String, Value>, key: &str, value: Option<T>) {
    if let Some(value) = value {
        map.insert(key.to_string(), value.into_cfn());
    }
}

/// Reads `key`, when present and readable.
pub fn take<T: FromCfn>(map: &Map<String, Value>, key: &str) -> Option<T> {
    map.get(key).and_then(T::from_cfn)
}

/// The intrinsic function a value is (`Ref`, `Condition`, `Fn::…`), if it is one.
pub(crate) fn intrinsic(value: &Value) -> Option<&str> {
    let Value::Object(map) = value else {
        return None;
    };
    if map.len() != 1 {
        return None;
    }
    let key = map.keys().next()?;
    (key == "Ref" || key == "Condition" || key.starts_with("Fn::")).then_some(key.as_str())
}

impl ToCfn for CfnValue {
    fn into_cfn(self) -> Value {
        self.into_json()
    }
}

impl FromCfn for CfnValue {
    fn from_cfn(value: &Value) -> Option<Self> {
        match value {
            Value::String(text) => Some(CfnValue::literal(text.as_str())),
            Value::Number(number) => Some(CfnValue::literal(number.to_string())),
            Value::Bool(flag) => Some(CfnValue::literal(flag.to_string())),
            other => intrinsic(other).map(|_| CfnValue::raw(other.clone())),
        }
    }
}

impl<T: Into<Value>> ToCfn for Cfn<T> {
    fn into_cfn(self) -> Value {
        match self {
            Cfn::Value(value) => value.into(),
            Cfn::Intrinsic(value) => value,
        }
    }
}

/// A number, or a numeric string, as CloudFormation reads it.
fn number(value: &Value) -> Option<Number> {
    match value {
        Value::Number(number) => Some(number.clone()),
        Value::String(text) => serde_json::from_str::<Number>(text.trim()).ok(),
        _ => None,
    }
}

impl FromCfn for Cfn<Number> {
    fn from_cfn(value: &Value) -> Option<Self> {
        match intrinsic(value) {
            Some(_) => Some(Cfn::Intrinsic(value.clone())),
            None => number(value).map(Cfn::Value),
        }
    }
}

impl FromCfn for Cfn<i64> {
    fn from_cfn(value: &Value) -> Option<Self> {
        if intrinsic(value).is_some() {
            return Some(Cfn::Intrinsic(value.clone()));
        }
        let number = number(value)?;
        number
            .as_i64()
            .or_else(|| {
                number
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            })
            .map(Cfn::Value)
    }
}

impl FromCfn for Cfn<bool> {
    fn from_cfn(value: &Value) -> Option<Self> {
        match value {
            Value::Bool(flag) => Some(Cfn::Value(*flag)),
            Value::String(text) if text.eq_ignore_ascii_case("true") => Some(Cfn::Value(true)),
            Value::String(text) if text.eq_ignore_ascii_case("false") => Some(Cfn::Value(false)),
            other => intrinsic(other).map(|_| Cfn::Intrinsic(other.clone())),
        }
    }
}

impl ToCfn for Value {
    fn into_cfn(self) -> Value {
        self
    }
}

impl FromCfn for Value {
    fn from_cfn(value: &Value) -> Option<Self> {
        Some(value.clone())
    }
}

impl<T: ToCfn> ToCfn for Vec<T> {
    fn into_cfn(self) -> Value {
        Value::Array(self.into_iter().map(ToCfn::into_cfn).collect())
    }
}

impl<T: FromCfn> FromCfn for Vec<T> {
    fn from_cfn(value: &Value) -> Option<Self> {
        Some(value.as_array()?.iter().filter_map(T::from_cfn).collect())
    }
}

impl<T: ToCfn> ToCfn for CfnMap<T> {
    fn into_cfn(self) -> Value {
        Value::Object(self.0.into_iter().map(|(k, v)| (k, v.into_cfn())).collect())
    }
}

impl<T: FromCfn> FromCfn for CfnMap<T> {
    fn from_cfn(value: &Value) -> Option<Self> {
        let map = value.as_object().filter(|_| intrinsic(value).is_none())?;
        Some(CfnMap(
            map.iter()
                .filter_map(|(k, v)| T::from_cfn(v).map(|v| (k.clone(), v)))
                .collect(),
        ))
    }
}

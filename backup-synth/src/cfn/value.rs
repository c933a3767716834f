//! Values of the generated types: every one may be a literal or an intrinsic function, renders
//! to JSON ([`ToCfn`]) and reads from a template ([`FromCfn`]).

use std::collections::HashSet;
use std::ops::Deref;
use std::sync::Arc;

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

/// A JSON document property (a policy, a settings object), owned or shared: cloning a shared
/// document copies a pointer (the trust policy every generated role carries is one value).
///
/// ```
/// use backup_dsl::cfn::CfnJson;
/// let document = CfnJson::from(serde_json::json!({"Version": "2012-10-17"}));
/// assert_eq!(document["Version"], "2012-10-17");
/// assert_eq!(document, CfnJson::shared(document.clone().into_value().into()));
/// ```
#[derive(Clone, Debug)]
pub struct CfnJson(JsonRepr);

#[derive(Clone, Debug)]
enum JsonRepr {
    Owned(Value),
    Shared(Arc<Value>),
}

impl CfnJson {
    /// A document shared with every clone.
    pub fn shared(value: Arc<Value>) -> Self {
        Self(JsonRepr::Shared(value))
    }

    /// The document, when it is shared.
    pub(crate) fn as_shared(&self) -> Option<&Arc<Value>> {
        match &self.0 {
            JsonRepr::Owned(_) => None,
            JsonRepr::Shared(value) => Some(value),
        }
    }

    /// The JSON, copied only when it is shared.
    pub fn into_value(self) -> Value {
        match self.0 {
            JsonRepr::Owned(value) => value,
            JsonRepr::Shared(value) => Arc::unwrap_or_clone(value),
        }
    }
}

impl Deref for CfnJson {
    type Target = Value;

    fn deref(&self) -> &Value {
        match &self.0 {
            JsonRepr::Owned(value) => value,
            JsonRepr::Shared(value) => value,
        }
    }
}

impl From<Value> for CfnJson {
    fn from(value: Value) -> Self {
        Self(JsonRepr::Owned(value))
    }
}

impl PartialEq for CfnJson {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl PartialEq<Value> for CfnJson {
    fn eq(&self, other: &Value) -> bool {
        **self == *other
    }
}

impl ToCfn for CfnJson {
    fn into_cfn(self) -> Value {
        self.into_value()
    }
}

impl FromCfn for CfnJson {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        Value::read(value, reader).map(Self::from)
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
///
/// Reading is lenient: a property of the wrong kind is `None` and its siblings are still read;
/// an item of a list that cannot be read leaves a hole the [`Reader`] remembers, so the items
/// that are read keep their positions ([`Reader::slots`]).
pub trait FromCfn: Sized {
    /// The value read at `reader`'s pointer, or `None`; intrinsics and unreadable values are
    /// recorded in `reader`.
    fn read(value: &Value, reader: &mut Reader) -> Option<Self>;

    /// The value, or `None` (nothing recorded).
    fn from_cfn(value: &Value) -> Option<Self> {
        Self::read(value, &mut Reader::new(""))
    }
}

/// Where a template is being read, and what could not be read there: the intrinsics left to
/// deploy time and the values of the wrong kind, each at its JSON pointer (RFC 6901).
///
/// ```
/// use backup_dsl::cfn::{backup_backup_vault::CfnBackupVault, FromCfn, Reader};
/// let properties = serde_json::json!({"BackupVaultName": {"Ref": "Name"}, "LockConfiguration": []});
/// let mut reader = Reader::new("/Resources/Vault/Properties");
/// let vault = CfnBackupVault::read(&properties, &mut reader).unwrap();
/// assert!(vault.lock_configuration.is_none());
/// assert!(reader.unread("/Resources/Vault/Properties/LockConfiguration"));
/// assert_eq!(reader.skipped()[0].0, "/Resources/Vault/Properties/BackupVaultName");
/// ```
#[derive(Debug, Default)]
pub struct Reader {
    /// The pointer of the value being read.
    at: String,
    /// Intrinsics met: pointer and function (`Ref`, `Fn::…`, `Condition`).
    skipped: Vec<(String, String)>,
    /// Pointers of values present but not of the expected kind, or intrinsics where an object
    /// or a list is expected (they cannot be read into a struct).
    unread: HashSet<String>,
}

impl Reader {
    /// A reader at `pointer` (the `Properties` of a resource, say).
    pub fn new(pointer: &str) -> Self {
        Self {
            at: pointer.to_string(),
            ..Self::default()
        }
    }

    /// Moves the reader to `pointer` (the next resource), keeping what it recorded.
    pub fn at(&mut self, pointer: &str) {
        self.at.clear();
        self.at.push_str(pointer);
    }

    /// Reads `key` of `map`, when present.
    pub fn field<T: FromCfn>(&mut self, map: &Map<String, Value>, key: &str) -> Option<T> {
        let value = map.get(key)?;
        self.below(key, |reader| reader.value(value))
    }

    /// Reads `value` at the current pointer, recording it as unread when it cannot be read.
    fn value<T: FromCfn>(&mut self, value: &Value) -> Option<T> {
        let read = T::read(value, self);
        if read.is_none() {
            self.unreadable();
        }
        read
    }

    /// Reads `read` one step below the current pointer, at the key `step` (escaped as RFC
    /// 6901 says; no allocation unless the pointer grows past its capacity).
    fn below<R>(&mut self, step: &str, read: impl FnOnce(&mut Self) -> R) -> R {
        let length = self.at.len();
        self.at.push('/');
        for c in step.chars() {
            match c {
                '~' => self.at.push_str("~0"),
                '/' => self.at.push_str("~1"),
                c => self.at.push(c),
            }
        }
        let result = read(self);
        self.at.truncate(length);
        result
    }

    /// Reads `read` one step below the current pointer, at the list index `index`.
    fn item<R>(&mut self, index: usize, read: impl FnOnce(&mut Self) -> R) -> R {
        use std::fmt::Write;
        let length = self.at.len();
        let _ = write!(self.at, "/{index}");
        let result = read(self);
        self.at.truncate(length);
        result
    }

    /// Records the intrinsic `function` at the current pointer.
    fn intrinsic(&mut self, function: &str) {
        self.skipped.push((self.at.clone(), function.to_string()));
    }

    /// Records the current pointer as holding a value that cannot be read.
    fn unreadable(&mut self) {
        self.unread.insert(self.at.clone());
    }

    /// Whether the value at `pointer` is present but could not be read (of another kind, or an
    /// intrinsic where an object or a list is expected).
    pub fn unread(&self, pointer: &str) -> bool {
        !self.unread.is_empty() && self.unread.contains(pointer)
    }

    /// The intrinsics met, in reading order: pointer and function.
    pub fn skipped(&self) -> &[(String, String)] {
        &self.skipped
    }

    /// Forgets the intrinsic recorded at `pointer` (a reference the caller resolved), if any.
    pub fn forget(&mut self, pointer: &str) {
        if let Some(index) = self.skipped.iter().rposition(|(at, _)| at == pointer) {
            self.skipped.remove(index);
        }
    }

    /// Takes the intrinsics met, leaving none.
    pub fn take_skipped(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.skipped)
    }

    /// The items of the list at `pointer` (as read into `items`) with their positions in the
    /// template: `None` where an item could not be read.
    pub fn slots<T>(&self, pointer: &str, items: Vec<T>) -> Vec<(usize, Option<T>)> {
        let mut slots = Vec::with_capacity(items.len());
        let mut items = items.into_iter();
        let mut index = 0;
        loop {
            let hole = !self.unread.is_empty() && self.unread(&format!("{pointer}/{index}"));
            let slot = if hole { None } else { Some(items.next()) };
            match slot {
                None => slots.push((index, None)),
                Some(Some(item)) => slots.push((index, Some(item))),
                Some(None) => break,
            }
            index += 1;
        }
        slots
    }
}

/// Reads an object into a struct with `fields`; an intrinsic or another kind of value is
/// recorded and gives `None` (used by the generated `read`).
pub fn read_object<T>(
    value: &Value,
    reader: &mut Reader,
    fields: impl FnOnce(&Map<String, Value>, &mut Reader) -> T,
) -> Option<T> {
    if let Some(function) = intrinsic(value) {
        reader.intrinsic(function);
        reader.unreadable();
        return None;
    }
    match value {
        Value::Object(map) => Some(fields(map, reader)),
        _ => {
            reader.unreadable();
            None
        }
    }
}

/// Inserts `key` when `value` is set.
pub fn put<T: ToCfn>(map: &mut Map<String, Value>, key: &str, value: Option<T>) {
    if let Some(value) = value {
        map.insert(key.to_string(), value.into_cfn());
    }
}

pub(crate) use crate::reference::intrinsic;

impl ToCfn for CfnValue {
    fn into_cfn(self) -> Value {
        self.into_json()
    }
}

impl FromCfn for CfnValue {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        match value {
            Value::String(text) => Some(CfnValue::literal(text.as_str())),
            Value::Number(number) => Some(CfnValue::literal(number.to_string())),
            Value::Bool(flag) => Some(CfnValue::literal(flag.to_string())),
            other => {
                reader.intrinsic(intrinsic(other)?);
                Some(CfnValue::raw(other.clone()))
            }
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

/// An intrinsic kept verbatim (and recorded), or `None` for any other value.
fn kept<T>(value: &Value, reader: &mut Reader) -> Option<Cfn<T>> {
    reader.intrinsic(intrinsic(value)?);
    Some(Cfn::Intrinsic(value.clone()))
}

impl FromCfn for Cfn<Number> {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        match number(value) {
            Some(number) => Some(Cfn::Value(number)),
            None => kept(value, reader),
        }
    }
}

impl FromCfn for Cfn<i64> {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        let Some(number) = number(value) else {
            return kept(value, reader);
        };
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
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        match value {
            Value::Bool(flag) => Some(Cfn::Value(*flag)),
            Value::String(text) if text.eq_ignore_ascii_case("true") => Some(Cfn::Value(true)),
            Value::String(text) if text.eq_ignore_ascii_case("false") => Some(Cfn::Value(false)),
            other => kept(other, reader),
        }
    }
}

impl ToCfn for Value {
    fn into_cfn(self) -> Value {
        self
    }
}

impl FromCfn for Value {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        if let Some(function) = intrinsic(value) {
            reader.intrinsic(function);
        }
        Some(value.clone())
    }
}

impl<T: ToCfn> ToCfn for Vec<T> {
    fn into_cfn(self) -> Value {
        Value::Array(self.into_iter().map(ToCfn::into_cfn).collect())
    }
}

impl<T: FromCfn> FromCfn for Vec<T> {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        if let Some(function) = intrinsic(value) {
            reader.intrinsic(function);
            return None;
        }
        let items = value.as_array()?;
        let mut read = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            if let Some(item) = reader.item(index, |reader| reader.value(item)) {
                read.push(item);
            }
        }
        Some(read)
    }
}

impl<T: ToCfn> ToCfn for CfnMap<T> {
    fn into_cfn(self) -> Value {
        Value::Object(self.0.into_iter().map(|(k, v)| (k, v.into_cfn())).collect())
    }
}

impl<T: FromCfn> FromCfn for CfnMap<T> {
    fn read(value: &Value, reader: &mut Reader) -> Option<Self> {
        read_object(value, reader, |map, reader| {
            CfnMap(
                map.iter()
                    .filter_map(|(k, v)| {
                        let v = reader.below(k, |reader| reader.value(v))?;
                        Some((k.clone(), v))
                    })
                    .collect(),
            )
        })
    }
}

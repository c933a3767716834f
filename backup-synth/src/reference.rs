//! One reading of references in a template: what a value written as `Ref`, `Fn::GetAtt`,
//! `Fn::Sub`, `Fn::Join` or `Fn::ImportValue` names before deployment — a resource of this
//! template (and which attribute), a parameter, a literal, or something only known at deploy
//! time. The linter, the coverage analysis, the compliance facts and the report read references
//! through [`resolve`] and nowhere else.
//!
//! ```
//! use backup_dsl::reference::{resolve, Resolved};
//! use serde_json::json;
//! let resources = json!({"Vault": {"Type": "AWS::Backup::BackupVault"}});
//! let resources = resources.as_object();
//! assert_eq!(
//!     resolve(&json!({"Fn::GetAtt": "Vault.BackupVaultArn"}), resources),
//!     Resolved::Resource { logical_id: "Vault", attribute: Some("BackupVaultArn") }
//! );
//! assert_eq!(
//!     resolve(&json!({"Fn::Sub": "${Vault}"}), resources),
//!     Resolved::Resource { logical_id: "Vault", attribute: None }
//! );
//! assert_eq!(
//!     resolve(&json!({"Fn::Join": ["-", ["a", "b"]]}), resources),
//!     Resolved::Literal("a-b".into())
//! );
//! assert_eq!(resolve(&json!({"Ref": "Name"}), resources), Resolved::Parameter("Name"));
//! assert_eq!(
//!     resolve(&json!({"Fn::ImportValue": "Shared"}), resources),
//!     Resolved::Unknown("Fn::ImportValue")
//! );
//! ```

use serde_json::{Map, Value};

/// What a value names, as far as the template tells before deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved<'v> {
    /// A literal string (numbers and booleans as text, as CloudFormation reads them; an
    /// `Fn::Sub` without variables, an `Fn::Join` of literals).
    Literal(String),
    /// A resource of this template: `Ref` (no attribute), `Fn::GetAtt`, or an `Fn::Sub` that is
    /// exactly one `${Id}` / `${Id.Attribute}`.
    Resource {
        /// The resource's logical id.
        logical_id: &'v str,
        /// The attribute (`Fn::GetAtt`), `None` for `Ref`.
        attribute: Option<&'v str>,
    },
    /// `Ref` of a name that is not a resource of this template: a parameter or a pseudo
    /// parameter (`AWS::Region`), known at deploy time.
    Parameter(&'v str),
    /// Anything else known only at deploy time (another stack's export, a condition, a value
    /// built from parameters): the intrinsic function.
    Unknown(&'v str),
}

impl<'v> Resolved<'v> {
    /// The logical id of the resource of this template named with `attribute` (`None`: by
    /// `Ref`), if that is what the value names.
    pub fn resource(&self, attribute: Option<&str>) -> Option<&'v str> {
        match *self {
            Resolved::Resource {
                logical_id,
                attribute: found,
            } if found == attribute => Some(logical_id),
            _ => None,
        }
    }

    /// The logical id of the resource of this template the value names, by `Ref` or by any
    /// attribute.
    pub fn logical_id(&self) -> Option<&'v str> {
        match *self {
            Resolved::Resource { logical_id, .. } => Some(logical_id),
            _ => None,
        }
    }

    /// The literal text, if the value is one.
    pub fn literal(&self) -> Option<&str> {
        match self {
            Resolved::Literal(text) => Some(text),
            _ => None,
        }
    }
}

/// The intrinsic function a value is (`Ref`, `Condition`, `Fn::…`: an object of that one
/// key), if it is one.
pub fn intrinsic(value: &Value) -> Option<&str> {
    let Value::Object(map) = value else {
        return None;
    };
    if map.len() != 1 {
        return None;
    }
    let key = map.keys().next()?;
    (key == "Ref" || key == "Condition" || key.starts_with("Fn::")).then_some(key.as_str())
}

/// A piece of an `Fn::Sub` string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubPart<'s> {
    /// Text as written.
    Text(&'s str),
    /// `${!`: the literal `${`.
    Escaped,
    /// `${Name}` (trimmed): a parameter, a resource (`Ref`), `Id.Attribute` (`Fn::GetAtt`),
    /// or a variable of the `Fn::Sub` map.
    Variable(&'s str),
    /// `${` without a closing brace: the rest of the text, as written.
    Unclosed(&'s str),
}

/// The pieces of an `Fn::Sub` string, in order.
pub fn sub_parts(text: &str) -> Vec<SubPart<'_>> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("${") {
        if open > 0 {
            parts.push(SubPart::Text(&rest[..open]));
        }
        let after = &rest[open + 2..];
        if let Some(literal) = after.strip_prefix('!') {
            parts.push(SubPart::Escaped);
            rest = literal;
            continue;
        }
        let Some(close) = after.find('}') else {
            parts.push(SubPart::Unclosed(&rest[open..]));
            return parts;
        };
        parts.push(SubPart::Variable(after[..close].trim()));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(SubPart::Text(rest));
    }
    parts
}

/// The text and variables of an `Fn::Sub` argument: `"text"` or `["text", {variables}]`.
pub fn sub_argument(argument: &Value) -> Option<(&str, Option<&Map<String, Value>>)> {
    match argument {
        Value::String(text) => Some((text, None)),
        Value::Array(parts) => match parts.as_slice() {
            [Value::String(text), Value::Object(variables)] => Some((text, Some(variables))),
            _ => None,
        },
        _ => None,
    }
}

/// The separator and parts of an `Fn::Join` argument: `["separator", [parts]]`.
pub fn join_argument(argument: &Value) -> Option<(&str, &[Value])> {
    match argument.as_array()?.as_slice() {
        [Value::String(separator), Value::Array(parts)] => Some((separator, parts)),
        _ => None,
    }
}

/// What `value` names; `resources` are the template's resources (`None`: unknown, every
/// `Ref` is then a [`Resolved::Resource`] unless it names a pseudo parameter).
pub fn resolve<'v>(value: &'v Value, resources: Option<&Map<String, Value>>) -> Resolved<'v> {
    match value {
        Value::String(text) => Resolved::Literal(text.clone()),
        Value::Number(number) => Resolved::Literal(number.to_string()),
        Value::Bool(flag) => Resolved::Literal(flag.to_string()),
        Value::Object(map) if intrinsic(value).is_some() => {
            let Some((function, argument)) = map.iter().next() else {
                return Resolved::Unknown("");
            };
            match function.as_str() {
                "Ref" => match argument.as_str() {
                    Some(name) => reference(name, None, resources),
                    None => Resolved::Unknown("Ref"),
                },
                "Fn::GetAtt" => match get_att(argument) {
                    Some((id, attribute)) => reference(id, Some(attribute), resources),
                    None => Resolved::Unknown("Fn::GetAtt"),
                },
                "Fn::Sub" => sub(argument, resources).unwrap_or(Resolved::Unknown("Fn::Sub")),
                "Fn::Join" => join(argument, resources).unwrap_or(Resolved::Unknown("Fn::Join")),
                other => Resolved::Unknown(other),
            }
        }
        _ => Resolved::Unknown(""),
    }
}

/// The logical id and attribute of an `Fn::GetAtt` argument: `[Id, Attribute]` or
/// `"Id.Attribute"` (the attribute may itself hold dots: `Endpoint.Address`).
pub fn get_att(argument: &Value) -> Option<(&str, &str)> {
    match argument {
        Value::Array(parts) => match parts.as_slice() {
            [Value::String(id), Value::String(attribute)] => Some((id, attribute)),
            _ => None,
        },
        Value::String(dotted) => dotted.split_once('.'),
        _ => None,
    }
}

/// `Ref`/`Fn::GetAtt` of `name`: a resource of the template, or a parameter.
fn reference<'v>(
    name: &'v str,
    attribute: Option<&'v str>,
    resources: Option<&Map<String, Value>>,
) -> Resolved<'v> {
    let is_resource = match resources {
        Some(resources) => resources.contains_key(name),
        None => attribute.is_some() || !name.starts_with("AWS::"),
    };
    match (is_resource, attribute) {
        (true, _) => Resolved::Resource {
            logical_id: name,
            attribute,
        },
        (false, None) => Resolved::Parameter(name),
        (false, Some(_)) => Resolved::Unknown("Fn::GetAtt"),
    }
}

/// `Fn::Sub` of a string without variables (a literal; `${!x}` is the literal `${x}`), or of
/// exactly one `${Id}` / `${Id.Attribute}` variable that is not in its map. `None`: anything
/// else.
fn sub<'v>(argument: &'v Value, resources: Option<&Map<String, Value>>) -> Option<Resolved<'v>> {
    let (text, variables) = sub_argument(argument)?;
    let parts = sub_parts(text);
    if let [SubPart::Variable(name)] = parts.as_slice() {
        if variables.is_some_and(|v| v.contains_key(*name)) {
            return None;
        }
        return Some(match name.split_once('.') {
            Some((id, attribute)) => reference(id, Some(attribute), resources),
            None => reference(name, None, resources),
        });
    }
    let mut literal = String::with_capacity(text.len());
    for part in parts {
        match part {
            SubPart::Text(text) | SubPart::Unclosed(text) => literal.push_str(text),
            SubPart::Escaped => literal.push_str("${"),
            SubPart::Variable(_) => return None,
        }
    }
    Some(Resolved::Literal(literal))
}

/// `Fn::Join` of literals (after resolving each part), or `None`.
fn join<'v>(argument: &'v Value, resources: Option<&Map<String, Value>>) -> Option<Resolved<'v>> {
    let (separator, parts) = join_argument(argument)?;
    let mut texts = Vec::with_capacity(parts.len());
    for part in parts {
        match resolve(part, resources) {
            Resolved::Literal(text) => texts.push(text),
            _ => return None,
        }
    }
    Some(Resolved::Literal(texts.join(separator)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_form_of_reference() {
        let resources = json!({"Plan": {}, "Vault": {}});
        let resources = resources.as_object();
        let cases = [
            (
                json!({"Ref": "Plan"}),
                Resolved::Resource {
                    logical_id: "Plan",
                    attribute: None,
                },
            ),
            (
                json!({"Ref": "AWS::Region"}),
                Resolved::Parameter("AWS::Region"),
            ),
            (
                json!({"Fn::GetAtt": ["Plan", "BackupPlanId"]}),
                Resolved::Resource {
                    logical_id: "Plan",
                    attribute: Some("BackupPlanId"),
                },
            ),
            (
                json!({"Fn::GetAtt": ["Other", "Arn"]}),
                Resolved::Unknown("Fn::GetAtt"),
            ),
            (json!({"Fn::GetAtt": 3}), Resolved::Unknown("Fn::GetAtt")),
            (
                json!({"Fn::Sub": "${Vault.BackupVaultName}"}),
                Resolved::Resource {
                    logical_id: "Vault",
                    attribute: Some("BackupVaultName"),
                },
            ),
            (
                json!({"Fn::Sub": "a-${!b}"}),
                Resolved::Literal("a-${b}".into()),
            ),
            (
                json!({"Fn::Sub": ["plain", {}]}),
                Resolved::Literal("plain".into()),
            ),
            (
                json!({"Fn::Sub": "${AWS::Region}-x"}),
                Resolved::Unknown("Fn::Sub"),
            ),
            (
                json!({"Fn::Join": ["", ["a", {"Ref": "AWS::Region"}]]}),
                Resolved::Unknown("Fn::Join"),
            ),
            (
                json!({"Fn::Join": [":", ["a", 1, {"Fn::Sub": "b"}]]}),
                Resolved::Literal("a:1:b".into()),
            ),
            (
                json!({"Fn::If": ["C", "a", "b"]}),
                Resolved::Unknown("Fn::If"),
            ),
            (json!(["a"]), Resolved::Unknown("")),
            (json!(7), Resolved::Literal("7".into())),
            (json!({"Ref": "Plan", "Other": 1}), Resolved::Unknown("")),
        ];
        for (value, expected) in cases {
            assert_eq!(resolve(&value, resources), expected, "{value}");
        }
    }
}

#[cfg(test)]
mod sub_tests {
    use super::*;

    #[test]
    fn sub_strings_split_into_text_escapes_and_variables() {
        assert_eq!(
            sub_parts("arn:${AWS::Partition}:x:${!Literal}-${ Id.Arn }${open"),
            [
                SubPart::Text("arn:"),
                SubPart::Variable("AWS::Partition"),
                SubPart::Text(":x:"),
                SubPart::Escaped,
                SubPart::Text("Literal}-"),
                SubPart::Variable("Id.Arn"),
                SubPart::Unclosed("${open"),
            ]
        );
        assert_eq!(sub_parts(""), []);
    }
}

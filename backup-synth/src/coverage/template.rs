//! Reading a CloudFormation template (a `serde_json::Value`, as the linter reads it) and
//! evaluating the intrinsic functions an ARN or a tag value is built with, as far as they can
//! be before deployment. All template access of the coverage analysis goes through here.

use std::cell::Cell;

use serde_json::{Map, Value};

use super::symbolic::{Opaque, OpaqueKind, Sym};
use super::types::{protectable, ref_is_arn};
use super::Input;
use crate::reference::{get_att, join_argument, sub_argument, sub_parts, SubPart};

/// Deepest nesting of intrinsics evaluated; deeper values are unknown.
const MAX_DEPTH: usize = 32;

/// Most evaluation steps spent on one value (against templates whose names refer to each
/// other many times over): the cost stays linear in the template; values beyond it are unknown.
const STEPS: usize = 10_000;

/// The resources of a template, by logical id (empty when absent or not an object).
pub(crate) fn resources(template: &Value) -> impl Iterator<Item = (&str, &Value)> {
    template
        .get("Resources")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.iter().map(|(k, v)| (k.as_str(), v)))
}

/// The `Type` of a resource.
pub(crate) fn resource_type(resource: &Value) -> Option<&str> {
    resource.get("Type").and_then(Value::as_str)
}

/// The `Properties` of a resource (empty when absent).
pub(crate) fn properties(resource: &Value) -> &Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    resource
        .get("Properties")
        .and_then(Value::as_object)
        .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
}

/// The resource `logical_id` of `template`.
fn resource<'a>(template: &'a Value, logical_id: &str) -> Option<&'a Value> {
    template.get("Resources")?.get(logical_id)
}

/// Where a value is evaluated: its input (file, template, environment).
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    /// The input the value belongs to.
    pub input: &'a Input,
    /// Evaluation steps left for the value being evaluated.
    pub budget: &'a Cell<usize>,
}

impl<'a> Scope<'a> {
    /// The partition: from the Region (`cn-…` → `aws-cn`, `us-gov-…` → `aws-us-gov`), `aws`
    /// when the Region is not known.
    pub fn partition(&self) -> Sym {
        let region = self.input.region.as_deref().unwrap_or("");
        Sym::text(if region.starts_with("cn-") {
            "aws-cn"
        } else if region.starts_with("us-gov-") {
            "aws-us-gov"
        } else if region.starts_with("us-isob-") {
            "aws-iso-b"
        } else if region.starts_with("us-iso-") {
            "aws-iso"
        } else {
            "aws"
        })
    }

    /// The Region: known, or the one unknown Region every template without one shares.
    pub fn region(&self) -> Sym {
        environment_part(self.input.region.as_deref(), "AWS::Region")
    }

    /// The account: known, or the one unknown account every template without one shares.
    pub fn account(&self) -> Sym {
        environment_part(self.input.account.as_deref(), "AWS::AccountId")
    }

    /// A value CloudFormation assigns to `logical_id` at deployment (`what`: which one).
    pub fn generated(&self, logical_id: &str, what: &str) -> Sym {
        Sym::opaque(Opaque {
            key: format!("{}#{logical_id}#{what}", self.input.file),
            shown: format!("<{what} of `{logical_id}`>"),
            kind: OpaqueKind::Generated,
            hint: Some(logical_id.to_string()),
        })
    }

    /// A value only known at deployment, `shown` in messages.
    pub fn unknown(&self, value: &Value, shown: String) -> Sym {
        Sym::opaque(Opaque {
            key: format!("{}#{value}", self.input.file),
            shown,
            kind: OpaqueKind::Unknown,
            hint: None,
        })
    }

    /// Evaluates `value` to a string as far as it is known before deployment.
    pub fn eval(&self, value: &Value) -> Sym {
        self.budget.set(STEPS);
        self.eval_at(value, 0)
    }

    /// The ARN of the protectable resource `logical_id`, evaluated afresh.
    pub fn resource_arn(&self, logical_id: &str, resource: &Value) -> Sym {
        self.budget.set(STEPS);
        self.arn_of(logical_id, resource, 0)
    }

    fn eval_at(&self, value: &Value, depth: usize) -> Sym {
        let left = self.budget.get();
        if depth > MAX_DEPTH || left == 0 {
            return Sym::opaque(Opaque {
                key: format!("{}#<too deep>", self.input.file),
                shown: "<a value nested too deeply to evaluate>".into(),
                kind: OpaqueKind::Unknown,
                hint: None,
            });
        }
        self.budget.set(left - 1);
        match value {
            Value::String(text) => Sym::text(text.clone()),
            Value::Number(n) => Sym::text(n.to_string()),
            Value::Bool(b) => Sym::text(b.to_string()),
            Value::Object(map) if map.len() == 1 => {
                let Some((key, arg)) = map.iter().next() else {
                    return self.unknown(value, "<an empty object>".into());
                };
                match key.as_str() {
                    "Ref" => match arg.as_str() {
                        Some(name) => self.reference(name, depth),
                        None => self.unknown(value, "`Ref`".into()),
                    },
                    "Fn::GetAtt" => self.get_att_value(value, arg, depth),
                    "Fn::Join" => self.join(value, arg, depth),
                    "Fn::Sub" => self.sub(value, arg, depth),
                    other => self.unknown(value, format!("`{other}`")),
                }
            }
            _ => self.unknown(value, "<a value that is not a string>".into()),
        }
    }

    /// `Ref`: pseudo parameters, parameters (unknown) and resources.
    fn reference(&self, name: &str, depth: usize) -> Sym {
        match name {
            "AWS::Partition" => self.partition(),
            "AWS::Region" => self.region(),
            "AWS::AccountId" => self.account(),
            "AWS::URLSuffix" => Sym::text("amazonaws.com"),
            "AWS::StackName" => match &self.input.stack_name {
                Some(stack) => Sym::text(stack.clone()),
                None => self.unknown(&Value::from(name), "${AWS::StackName}".into()),
            },
            _ => {
                let template = &self.input.template;
                if let Some(resource) = resource(template, name) {
                    return self.resource_ref(name, resource, depth);
                }
                let what = if template
                    .get("Parameters")
                    .and_then(|p| p.get(name))
                    .is_some()
                {
                    format!("parameter `{name}`")
                } else {
                    format!("`{name}`")
                };
                self.unknown(
                    &serde_json::json!({ "Ref": name }),
                    format!("`Ref` to {what}"),
                )
            }
        }
    }

    /// What `Ref` of a resource returns.
    fn resource_ref(&self, logical_id: &str, resource: &Value, depth: usize) -> Sym {
        let Some(kind) = resource_type(resource).and_then(protectable) else {
            let value = serde_json::json!({ "Ref": logical_id });
            return self.unknown(&value, format!("`Ref` to `{logical_id}`"));
        };
        if ref_is_arn(kind.cfn) {
            return self.arn_of(logical_id, resource, depth);
        }
        match kind.ref_property {
            Some(property) => {
                self.name_property(logical_id, resource, property, kind.lowercase_name, depth)
            }
            None => self.generated(logical_id, "id"),
        }
    }

    /// The name `property` of a resource, or the name CloudFormation generates when absent.
    pub fn name_property(
        &self,
        logical_id: &str,
        resource: &Value,
        property: &str,
        lowercase: bool,
        depth: usize,
    ) -> Sym {
        match properties(resource).get(property) {
            Some(value) => {
                let sym = self.eval_at(value, depth + 1);
                if lowercase {
                    sym.lowercase()
                } else {
                    sym
                }
            }
            None => self.generated(logical_id, property),
        }
    }

    /// The ARN of the protectable resource `logical_id` of this input.
    pub fn arn_of(&self, logical_id: &str, resource: &Value, depth: usize) -> Sym {
        let Some(kind) = resource_type(resource).and_then(protectable) else {
            let value = serde_json::json!({ "Fn::GetAtt": [logical_id, "Arn"] });
            return self.unknown(&value, format!("<ARN of `{logical_id}`>"));
        };
        let mut out = Sym::default();
        let mut rest = kind.arn;
        while let Some(open) = rest.find('{') {
            out.push(Sym::text(&rest[..open]));
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
            let name = &rest[open + 1..close];
            out.push(match name {
                "p" => self.partition(),
                "r" => self.region(),
                "a" => self.account(),
                "id" => self.generated(logical_id, "id"),
                property => {
                    self.name_property(logical_id, resource, property, kind.lowercase_name, depth)
                }
            });
            rest = rest.get(close + 1..).unwrap_or("");
        }
        out.push(Sym::text(rest));
        out
    }

    fn get_att_value(&self, value: &Value, arg: &Value, depth: usize) -> Sym {
        let Some((logical_id, attribute)) = get_att(arg) else {
            return self.unknown(value, "`Fn::GetAtt`".into());
        };
        self.get_att(logical_id, attribute, depth)
            .unwrap_or_else(|| {
                self.unknown(value, format!("`Fn::GetAtt` `{logical_id}.{attribute}`"))
            })
    }

    /// `Fn::GetAtt` of a protectable resource's ARN attribute.
    fn get_att(&self, logical_id: &str, attribute: &str, depth: usize) -> Option<Sym> {
        let resource = resource(&self.input.template, logical_id)?;
        let kind = resource_type(resource).and_then(protectable)?;
        (kind.arn_attribute == Some(attribute))
            .then(|| self.arn_of(logical_id, resource, depth + 1))
    }

    fn join(&self, value: &Value, arg: &Value, depth: usize) -> Sym {
        let Some((delimiter, items)) = join_argument(arg) else {
            return self.unknown(value, "`Fn::Join`".into());
        };
        let mut out = Sym::default();
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                out.push(Sym::text(delimiter));
            }
            out.push(self.eval_at(item, depth + 1));
        }
        out
    }

    fn sub(&self, value: &Value, arg: &Value, depth: usize) -> Sym {
        let Some((text, variables)) = sub_argument(arg) else {
            return self.unknown(value, "`Fn::Sub`".into());
        };
        let mut out = Sym::default();
        for part in sub_parts(text) {
            out.push(match part {
                SubPart::Text(text) | SubPart::Unclosed(text) => Sym::text(text),
                SubPart::Escaped => Sym::text("${"),
                SubPart::Variable(name) => match variables.and_then(|v| v.get(name)) {
                    Some(bound) => self.eval_at(bound, depth + 1),
                    None => match name.split_once('.') {
                        Some((id, attr)) => self.get_att(id, attr, depth).unwrap_or_else(|| {
                            self.unknown(
                                &Value::from(format!("${{{name}}}")),
                                format!("`${{{name}}}`"),
                            )
                        }),
                        None => self.reference(name, depth + 1),
                    },
                },
            });
        }
        out
    }
}

fn environment_part(known: Option<&str>, pseudo: &str) -> Sym {
    match known {
        Some(value) => Sym::text(value),
        None => Sym::opaque(Opaque {
            key: pseudo.to_string(),
            shown: format!("${{{pseudo}}}"),
            kind: OpaqueKind::Environment,
            hint: None,
        }),
    }
}

//! The schema as data: what a value must be. Generated modules hold one static
//! [`ResourceSchema`] per resource type; [`super::check_resource`] walks it.

use std::sync::OnceLock;

use crate::problem::Severity;

/// The kind of a value.
#[derive(Debug)]
pub enum Kind {
    /// A string (numbers and booleans are accepted: CloudFormation converts them).
    String,
    /// A whole number (numeric strings are accepted, as CloudFormation reads them).
    Integer,
    /// A number (numeric strings are accepted).
    Number,
    /// `true` or `false` (the strings `"true"` and `"false"` are accepted).
    Boolean,
    /// A JSON document: an object or a string.
    Json,
    /// A list of values of one shape.
    Array(&'static Shape),
    /// A map from names (matching the pattern, when there is one) to values of one shape.
    Map(Option<&'static Pattern>, &'static Shape),
    /// An object with known properties.
    Object(&'static ObjectShape),
}

/// A value's kind and the schema's constraints on it.
#[derive(Debug)]
pub struct Shape {
    /// What kind of value.
    pub kind: Kind,
    /// The allowed values (`enum`), empty when any value is allowed.
    pub enum_values: &'static [&'static str],
    /// Whether `enum_values` compare without case (cfn-lint's `enumCaseInsensitive`).
    pub enum_case_insensitive: bool,
    /// A pattern a string must match somewhere (JSON Schema's search semantics).
    pub pattern: Option<&'static Pattern>,
    /// Fewest characters of a string.
    pub min_length: Option<u64>,
    /// Most characters of a string.
    pub max_length: Option<u64>,
    /// Smallest number.
    pub minimum: Option<f64>,
    /// Largest number.
    pub maximum: Option<f64>,
    /// Fewest items of a list.
    pub min_items: Option<u64>,
    /// Most items of a list.
    pub max_items: Option<u64>,
    /// Whether a list's items must be distinct.
    pub unique_items: bool,
}

impl Shape {
    /// A value of `kind` without constraints.
    pub const fn of(kind: Kind) -> Self {
        Self {
            kind,
            enum_values: &[],
            enum_case_insensitive: false,
            pattern: None,
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
            min_items: None,
            max_items: None,
            unique_items: false,
        }
    }
}

/// A schema pattern, with its translation for `regex-lite` compiled on first use.
#[derive(Debug)]
pub struct Pattern {
    /// The pattern as the schema writes it (quoted in messages).
    pub source: &'static str,
    /// The same pattern in `regex-lite` syntax, or `None` when it cannot be expressed there
    /// (a look-around): such a pattern is not checked.
    pub regex: Option<&'static str>,
    /// `Error`, or `Warning` where the schema is stricter than what AWS accepts.
    pub severity: Severity,
    compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl Pattern {
    /// A pattern (used by the generated statics).
    pub const fn new(
        source: &'static str,
        regex: Option<&'static str>,
        severity: Severity,
    ) -> Self {
        Self {
            source,
            regex,
            severity,
            compiled: OnceLock::new(),
        }
    }

    /// Whether `text` matches; `None` when the pattern is not checked.
    pub fn matches(&self, text: &str) -> Option<bool> {
        let regex = self
            .compiled
            .get_or_init(|| self.regex.and_then(|r| regex_lite::Regex::new(r).ok()));
        regex.as_ref().map(|r| r.is_match(text))
    }
}

/// An object with known properties.
#[derive(Debug)]
pub struct ObjectShape {
    /// The generated struct's name.
    pub name: &'static str,
    /// Every property and its shape, in CDK's order (sorted by name).
    pub properties: &'static [(&'static str, &'static Shape)],
    /// The properties that must be present.
    pub required: &'static [&'static str],
    /// Whether other properties are refused (`additionalProperties: false`).
    pub closed: bool,
    /// Properties of which exactly one must be present (a schema's top-level `oneOf`).
    pub one_of_required: &'static [&'static str],
}

impl ObjectShape {
    /// The shape of `property`, if the object has it.
    pub fn property(&self, property: &str) -> Option<&'static Shape> {
        self.properties
            .iter()
            .find(|(name, _)| *name == property)
            .map(|(_, shape)| *shape)
    }
}

/// A resource type's schema.
#[derive(Debug)]
pub struct ResourceSchema {
    /// `AWS::Backup::BackupPlan`.
    pub type_name: &'static str,
    /// The writable properties.
    pub properties: &'static ObjectShape,
    /// Properties AWS sets (`readOnlyProperties`): a template may name them, but they are not
    /// sent to the resource provider.
    pub read_only: &'static [&'static str],
}

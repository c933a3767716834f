//! The generated checks: a walk of a resource's properties along its schema, reporting each
//! violation of CloudFormation's contract at its JSON pointer.
//!
//! | rule | what | source |
//! |---|---|---|
//! | `cfn-required` | a required property is missing (pointer: where it would be) | the schema's `required` (cfn-lint E3003) |
//! | `cfn-unknown-property` | a property the type does not have | `additionalProperties: false` (E3002) |
//! | `cfn-read-only` (warning) | a property AWS sets, written in the template | `readOnlyProperties` (cfn-lint E3040: "not sent to the resource provider") |
//! | `property-type` | a value of the wrong kind (the rule book's rule) | `type` (E3012) |
//! | `cfn-enum` | a value outside the allowed list | `enum` (E3030) |
//! | `cfn-pattern` | a string or a map key that does not match the pattern | `pattern`, `patternProperties` (E3031) |
//! | `cfn-length` | a string too short or too long | `minLength`, `maxLength` (E3033) |
//! | `cfn-range` | a number too small or too large | `minimum`, `maximum` (E3034) |
//! | `cfn-item-count` | a list with too few or too many items | `minItems`, `maxItems` (E3032) |
//! | `cfn-unique-items` | a list naming an item twice | `uniqueItems` (E3037) |
//! | `cfn-one-of` | none or both of two alternative properties | a schema's top-level `oneOf` (E2523) |
//!
//! Intrinsic functions (`Ref`, `Fn::*`, `Condition`) are resolved at deploy time: they are
//! skipped, at any depth.

use serde_json::{Map, Value};

use super::shape::{Kind, ObjectShape, Pattern, ResourceSchema, Shape};
use super::value::intrinsic;
use crate::problem::Violation;
use crate::rules;

/// A violation at a JSON pointer.
pub type Found = (String, Violation);

/// Checks the resource `resource` (`{"Type": …, "Properties": …}`) at `pointer` against the
/// schema of its type; nothing for a type without a generated schema.
///
/// ```
/// use serde_json::json;
/// let resource = json!({"Type": "AWS::Backup::RestoreTestingPlan", "Properties": {
///     "RestoreTestingPlanName": "p", "ScheduleExpression": "cron(0 5 ? * * *)",
///     "ScheduleStatus": "ENABLED",
///     "RecoveryPointSelection": {"Algorithm": "LATEST_WITHIN_WINDOW",
///         "IncludeVaults": ["*"], "RecoveryPointTypes": ["SNAPSHOT"]}}});
/// let found = backup_dsl::cfn::check_resource(&resource, "/Resources/Plan");
/// assert_eq!(found[0].0, "/Resources/Plan/Properties/ScheduleStatus");
/// assert_eq!(found[0].1.rule, "cfn-unknown-property");
/// ```
pub fn check_resource(resource: &Value, pointer: &str) -> Vec<Found> {
    let Some(schema) = resource
        .get("Type")
        .and_then(Value::as_str)
        .and_then(super::schema)
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let empty = Value::Object(Map::new());
    let properties = resource.get("Properties").unwrap_or(&empty);
    check_properties(
        schema,
        properties,
        &child(pointer, "Properties"),
        &mut found,
    );
    found
}

/// Checks a resource's `Properties` value at `pointer` against `schema`.
pub fn check_properties(
    schema: &ResourceSchema,
    properties: &Value,
    pointer: &str,
    found: &mut Vec<Found>,
) {
    if intrinsic(properties).is_some() {
        return;
    }
    let Value::Object(map) = properties else {
        type_error(properties, "Properties", pointer, "an object", found);
        return;
    };
    let context = format!("`{}`", schema.type_name);
    for key in map.keys() {
        if schema.read_only.contains(&key.as_str()) {
            found.push((child(pointer, key), read_only(schema.type_name, key)));
        }
    }
    Walk { found }.object(schema.properties, map, pointer, &context, schema.read_only);
}

/// JSON pointer of `key` below `base` (RFC 6901 escaping).
fn child(base: &str, key: impl std::fmt::Display) -> String {
    let key = key.to_string().replace('~', "~0").replace('/', "~1");
    format!("{base}/{key}")
}

fn type_error(
    value: &Value,
    property: &str,
    pointer: &str,
    expected: &str,
    found: &mut Vec<Found>,
) {
    let text = serde_json::to_string(value).unwrap_or_default();
    found.push((
        pointer.to_string(),
        rules::property_type(property, &text, expected),
    ));
}

struct Walk<'f> {
    found: &'f mut Vec<Found>,
}

impl Walk<'_> {
    fn push(&mut self, pointer: String, violation: Violation) {
        self.found.push((pointer, violation));
    }

    /// An object's properties; `context` names it in messages (`` `Lifecycle` ``).
    fn object(
        &mut self,
        shape: &ObjectShape,
        map: &Map<String, Value>,
        pointer: &str,
        context: &str,
        ignored: &[&str],
    ) {
        if map.keys().any(|k| k.starts_with("Fn::")) {
            // `Fn::Transform` beside properties: a macro rewrites the object at deploy time.
            return;
        }
        for required in shape.required {
            if !map.contains_key(*required) {
                // At the pointer the property would have (like the rule book's findings about
                // absent properties); a reader places it at the nearest existing ancestor.
                self.push(child(pointer, required), missing(context, required));
            }
        }
        if !shape.one_of_required.is_empty() {
            let present: Vec<&str> = shape
                .one_of_required
                .iter()
                .copied()
                .filter(|p| map.contains_key(*p))
                .collect();
            if present.len() != 1 {
                self.push(
                    pointer.to_string(),
                    one_of(context, shape.one_of_required, &present),
                );
            }
        }
        for (key, value) in map {
            let at = child(pointer, key);
            match shape.property(key) {
                Some(property) => self.value(property, value, &at, key),
                None if shape.closed && !ignored.contains(&key.as_str()) => {
                    let names: Vec<&str> = shape.properties.iter().map(|(n, _)| *n).collect();
                    self.push(at, unknown(context, key, &names));
                }
                None => {}
            }
        }
    }

    /// One value of `shape` named `name` (the property it is, for messages).
    fn value(&mut self, shape: &Shape, value: &Value, pointer: &str, name: &str) {
        if intrinsic(value).is_some() {
            return;
        }
        match &shape.kind {
            Kind::String => match scalar_text(value) {
                Some(text) => self.string(shape, &text, pointer, name),
                None => type_error(value, name, pointer, "a string", self.found),
            },
            Kind::Integer => match whole(value) {
                Some(number) => self.number(shape, number, pointer, name),
                None => type_error(value, name, pointer, "a whole number", self.found),
            },
            Kind::Number => match float(value) {
                Some(number) => self.number(shape, number, pointer, name),
                None => type_error(value, name, pointer, "a number", self.found),
            },
            Kind::Boolean => {
                let ok = match value {
                    Value::Bool(_) => true,
                    Value::String(text) => {
                        text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false")
                    }
                    _ => false,
                };
                if !ok {
                    type_error(value, name, pointer, "`true` or `false`", self.found);
                }
            }
            Kind::Json => match value {
                Value::Object(_) => {}
                Value::String(text) => self.string(shape, text, pointer, name),
                other => type_error(
                    other,
                    name,
                    pointer,
                    "an object or a JSON string",
                    self.found,
                ),
            },
            Kind::Array(item) => match value {
                Value::Array(items) => self.array(shape, item, items, pointer, name),
                other => type_error(other, name, pointer, "a list", self.found),
            },
            Kind::Map(key_pattern, item) => match value {
                Value::Object(map) => {
                    for (key, entry) in map {
                        let at = child(pointer, key);
                        if let Some(pattern) = key_pattern {
                            if pattern.matches(key) == Some(false) {
                                self.push(at.clone(), key_mismatch(name, key, pattern));
                            }
                        }
                        self.value(item, entry, &at, key);
                    }
                }
                other => type_error(other, name, pointer, "an object", self.found),
            },
            Kind::Object(object) => match value {
                Value::Object(map) => {
                    self.object(object, map, pointer, &format!("`{name}`"), &[]);
                }
                other => type_error(other, name, pointer, "an object", self.found),
            },
        }
    }

    fn string(&mut self, shape: &Shape, text: &str, pointer: &str, name: &str) {
        if !shape.enum_values.is_empty() {
            let allowed = shape.enum_values.iter().any(|v| {
                *v == text || (shape.enum_case_insensitive && v.eq_ignore_ascii_case(text))
            });
            if !allowed {
                self.push(pointer.to_string(), not_in_enum(name, text, shape));
                return;
            }
        }
        let length = text.chars().count() as u64;
        let short = shape.min_length.is_some_and(|min| length < min);
        let long = shape.max_length.is_some_and(|max| length > max);
        if short || long {
            self.push(pointer.to_string(), bad_length(name, length, shape));
            return;
        }
        if let Some(pattern) = shape.pattern {
            if pattern.matches(text) == Some(false) {
                self.push(pointer.to_string(), mismatch(name, text, pattern));
            }
        }
    }

    fn number(&mut self, shape: &Shape, number: f64, pointer: &str, name: &str) {
        let low = shape.minimum.is_some_and(|min| number < min);
        let high = shape.maximum.is_some_and(|max| number > max);
        if low || high {
            self.push(pointer.to_string(), out_of_range(name, number, shape));
        }
    }

    fn array(&mut self, shape: &Shape, item: &Shape, items: &[Value], pointer: &str, name: &str) {
        let count = items.len() as u64;
        let few = shape.min_items.is_some_and(|min| count < min);
        let many = shape.max_items.is_some_and(|max| count > max);
        if few || many {
            self.push(pointer.to_string(), item_count(name, count, shape));
        }
        if shape.unique_items {
            for (index, value) in items.iter().enumerate() {
                if items[..index].contains(value) {
                    self.push(child(pointer, index), repeated(name, value));
                }
            }
        }
        for (index, value) in items.iter().enumerate() {
            self.value(item, value, &child(pointer, index), name);
        }
    }
}

/// A string, number or boolean as text (CloudFormation converts scalars to strings).
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn float(value: &Value) -> Option<f64> {
    match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

fn whole(value: &Value) -> Option<f64> {
    float(value).filter(|f| f.fract() == 0.0)
}

/// `value` quoted for a message, shortened past 60 characters.
fn quoted(text: &str) -> String {
    let mut short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!("`{short}`")
}

fn plural(count: u64, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// "from 2 to 50 characters", "at least 1 item", "at most 100 items".
fn bounds(min: Option<u64>, max: Option<u64>, word: &str) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("{min} to {}", plural(max, word)),
        (Some(min), None) => format!("at least {}", plural(min, word)),
        (None, Some(max)) => format!("at most {}", plural(max, word)),
        (None, None) => format!("any number of {word}s"),
    }
}

fn listed(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Edit distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            let cost = usize::from(!ca.eq_ignore_ascii_case(cb));
            row[j + 1] = (previous + cost).min(row[j] + 1).min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// The closest of `names` to `found`, when it is a near miss.
fn near<'n>(found: &str, names: &[&'n str]) -> Option<&'n str> {
    names
        .iter()
        .map(|n| (distance(found, n), *n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 4))
        .min()
        .map(|(_, n)| n)
}

fn missing(context: &str, property: &str) -> Violation {
    Violation::error(
        "cfn-required",
        format!("{context} has no `{property}`; CloudFormation requires it"),
        format!("add `{property}` to {context}"),
    )
}

fn one_of(context: &str, alternatives: &[&str], present: &[&str]) -> Violation {
    let message = if present.is_empty() {
        format!(
            "{context} has none of {}; CloudFormation requires exactly one",
            listed(alternatives)
        )
    } else {
        format!(
            "{context} has {}; CloudFormation takes exactly one of them",
            listed(present)
        )
    };
    Violation::error(
        "cfn-one-of",
        message,
        format!("keep exactly one of {}", listed(alternatives)),
    )
}

fn unknown(context: &str, key: &str, names: &[&str]) -> Violation {
    let help = match near(key, names) {
        Some(name) => format!("did you mean `{name}`?"),
        None => format!("remove `{key}`; the properties are {}", listed(names)),
    };
    Violation::error(
        "cfn-unknown-property",
        format!("{context} has no property `{key}`; CloudFormation rejects properties its schema does not list"),
        help,
    )
}

fn read_only(type_name: &str, key: &str) -> Violation {
    Violation::warning(
        "cfn-read-only",
        format!("`{key}` of `{type_name}` is set by AWS; CloudFormation does not send it to the resource provider, so the value written here is ignored"),
        format!("remove `{key}`; read it with `Fn::GetAtt` where it is needed"),
    )
}

fn not_in_enum(name: &str, text: &str, shape: &Shape) -> Violation {
    let case = if shape.enum_case_insensitive {
        " (in any case)"
    } else {
        ""
    };
    let allowed = match shape.enum_values {
        [only] => format!("only `{only}`"),
        values => format!("one of {}", listed(values)),
    };
    let help = match near(text, shape.enum_values) {
        Some(value) => format!("did you mean `{value}`?"),
        None => format!("use {}", allowed.trim_start_matches("only ")),
    };
    Violation::error(
        "cfn-enum",
        format!(
            "`{name}` is {}; CloudFormation takes {allowed}{case}",
            quoted(text)
        ),
        help,
    )
}

fn bad_length(name: &str, length: u64, shape: &Shape) -> Violation {
    let range = bounds(shape.min_length, shape.max_length, "character");
    Violation::error(
        "cfn-length",
        format!(
            "`{name}` is {} long; CloudFormation takes {range}",
            plural(length, "character")
        ),
        format!("write `{name}` with {range}"),
    )
}

fn mismatch(name: &str, text: &str, pattern: &Pattern) -> Violation {
    let message = format!(
        "`{name}` is {}, which does not match the pattern `{}` of its CloudFormation schema",
        quoted(text),
        pattern.source
    );
    let help = format!("write a value that matches `{}`", pattern.source);
    match pattern.severity {
        crate::Severity::Error => Violation::error("cfn-pattern", message, help),
        crate::Severity::Warning => Violation::warning("cfn-pattern", message, help),
    }
}

fn key_mismatch(name: &str, key: &str, pattern: &Pattern) -> Violation {
    let message = format!(
        "key {} of `{name}` does not match the pattern `{}` of its CloudFormation schema",
        quoted(key),
        pattern.source
    );
    Violation::error(
        "cfn-pattern",
        message,
        format!("rename the key so that it matches `{}`", pattern.source),
    )
}

fn out_of_range(name: &str, number: f64, shape: &Shape) -> Violation {
    let range = match (shape.minimum, shape.maximum) {
        (Some(min), Some(max)) => format!("from {min} to {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => "any number".to_string(),
    };
    Violation::error(
        "cfn-range",
        format!("`{name}` is {number}; CloudFormation takes {range}"),
        format!("set `{name}` to a value {range}"),
    )
}

fn item_count(name: &str, count: u64, shape: &Shape) -> Violation {
    let range = bounds(shape.min_items, shape.max_items, "item");
    Violation::error(
        "cfn-item-count",
        format!(
            "`{name}` has {}; CloudFormation takes {range}",
            plural(count, "item")
        ),
        format!("give `{name}` {range}"),
    )
}

fn repeated(name: &str, value: &Value) -> Violation {
    let text = scalar_text(value).unwrap_or_else(|| value.to_string());
    Violation::error(
        "cfn-unique-items",
        format!(
            "`{name}` lists {} more than once; CloudFormation requires its items to be unique",
            quoted(&text)
        ),
        format!("remove the repeated {}", quoted(&text)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules_at(resource: Value) -> Vec<(String, &'static str)> {
        check_resource(&resource, "/Resources/R")
            .into_iter()
            .map(|(p, v)| (p, v.rule))
            .collect()
    }

    #[test]
    fn required_unknown_and_read_only() {
        let found = rules_at(json!({"Type": "AWS::Backup::BackupPlan", "Properties": {
            "BackupPlanArn": "arn:aws:backup:us-east-1:111122223333:backup-plan:x",
            "BackupPlan": {"BackupPlanName": "p", "BackupPlanRule": [{"RuleNam": "r"}]}}}));
        assert_eq!(
            found,
            [
                (
                    "/Resources/R/Properties/BackupPlanArn".to_string(),
                    "cfn-read-only"
                ),
                (
                    "/Resources/R/Properties/BackupPlan/BackupPlanRule/0/TargetBackupVault"
                        .to_string(),
                    "cfn-required"
                ),
                (
                    "/Resources/R/Properties/BackupPlan/BackupPlanRule/0/RuleName".to_string(),
                    "cfn-required"
                ),
                (
                    "/Resources/R/Properties/BackupPlan/BackupPlanRule/0/RuleNam".to_string(),
                    "cfn-unknown-property"
                ),
            ]
        );
        let found = check_resource(
            &json!({"Type": "AWS::Backup::BackupVault", "Properties": {}}),
            "/Resources/V",
        );
        assert_eq!(
            found[0].1.message,
            "`AWS::Backup::BackupVault` has no `BackupVaultName`; CloudFormation requires it"
        );
        let unknown = &check_resource(
            &json!({"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
                "BackupPlanName": "p", "BackupPlanRule": [{"RuleNam": "r", "RuleName": "r", "TargetBackupVault": "v"}]}}}),
            "/Resources/R",
        )[0]
        .1;
        assert_eq!(unknown.help, "did you mean `RuleName`?");
    }

    #[test]
    fn enums_patterns_lengths_items() {
        let found = check_resource(
            &json!({"Type": "AWS::Backup::RestoreTestingPlan", "Properties": {
                "RestoreTestingPlanName": "p", "ScheduleExpression": "cron(0 5 ? * * *)",
                "RecoveryPointSelection": {"Algorithm": "LATEST", "IncludeVaults": ["*"],
                    "RecoveryPointTypes": ["SNAPSHOT"]},
                "Tags": [{"Key": "", "Value": "v"}]}}),
            "/Resources/R",
        );
        let rules: Vec<_> = found.iter().map(|(p, v)| (p.as_str(), v.rule)).collect();
        assert_eq!(
            rules,
            [
                (
                    "/Resources/R/Properties/RecoveryPointSelection/Algorithm",
                    "cfn-enum"
                ),
                ("/Resources/R/Properties/Tags/0/Key", "cfn-length"),
            ]
        );
        assert_eq!(found[0].1.message, "`Algorithm` is `LATEST`; CloudFormation takes one of `LATEST_WITHIN_WINDOW`, `RANDOM_WITHIN_WINDOW`");
        assert_eq!(
            found[1].1.message,
            "`Key` is 0 characters long; CloudFormation takes 1 to 128 characters"
        );
        let found = check_resource(
            &json!({"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": "my vault!"}}),
            "/Resources/V",
        );
        assert_eq!(found[0].1.rule, "cfn-pattern");
        assert_eq!(found[0].1.message, "`BackupVaultName` is `my vault!`, which does not match the pattern `^[a-zA-Z0-9\\-\\_]{2,50}$` of its CloudFormation schema");
        let found = rules_at(json!({"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {}, "ManagedPolicyArns": ["arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/A"]}}));
        assert_eq!(
            found,
            [(
                "/Resources/R/Properties/ManagedPolicyArns/1".to_string(),
                "cfn-unique-items"
            )]
        );
    }

    #[test]
    fn types_and_intrinsics() {
        let found = rules_at(json!({"Type": "AWS::Backup::BackupVault", "Properties": {
            "BackupVaultName": {"Ref": "Name"},
            "LockConfiguration": {"MinRetentionDays": "seven", "MaxRetentionDays": "30"},
            "Notifications": {"Fn::If": ["C", {}, {"Ref": "AWS::NoValue"}]}}}));
        assert_eq!(
            found,
            [(
                "/Resources/R/Properties/LockConfiguration/MinRetentionDays".to_string(),
                "property-type"
            )]
        );
        assert!(
            rules_at(json!({"Type": "AWS::Backup::BackupVault", "Properties": {"Ref": "P"}}))
                .is_empty()
        );
        assert!(rules_at(json!({"Type": "AWS::S3::Bucket", "Properties": {"Nope": 1}})).is_empty());
        // A transform rewrites the object at deploy time: nothing in it is checked.
        assert!(
            rules_at(json!({"Type": "AWS::Backup::BackupVault", "Properties": {
            "Fn::Transform": {"Name": "M"}, "Unknown": 1}}))
            .is_empty()
        );
    }

    #[test]
    fn one_of_alternatives() {
        let found = check_resource(
            &json!({"Type": "AWS::CloudFormation::StackSet", "Properties": {
                "StackSetName": "s", "PermissionModel": "SERVICE_MANAGED"}}),
            "/Resources/S",
        );
        assert_eq!(found[0].1.rule, "cfn-one-of");
        assert_eq!(found[0].1.message, "`AWS::CloudFormation::StackSet` has none of `TemplateURL`, `TemplateBody`; CloudFormation requires exactly one");
    }

    /// Every translated pattern compiles (a pattern that does not would silently check nothing).
    #[test]
    fn every_pattern_compiles() {
        fn walk(shape: &Shape, seen: &mut Vec<&'static str>) {
            if let Some(pattern) = shape.pattern {
                assert_eq!(
                    pattern.matches("").is_some(),
                    pattern.regex.is_some(),
                    "{}",
                    pattern.source
                );
                seen.push(pattern.source);
            }
            match &shape.kind {
                Kind::Array(item) => walk(item, seen),
                Kind::Map(key, value) => {
                    if let Some(key) = key {
                        assert!(key.matches("").is_some(), "{}", key.source);
                    }
                    walk(value, seen);
                }
                Kind::Object(object) => object.properties.iter().for_each(|(_, s)| walk(s, seen)),
                _ => {}
            }
        }
        let mut seen = Vec::new();
        for schema in super::super::SCHEMAS {
            schema
                .properties
                .properties
                .iter()
                .for_each(|(_, s)| walk(s, &mut seen));
        }
        assert!(seen.len() > 20, "{seen:?}");
    }
}

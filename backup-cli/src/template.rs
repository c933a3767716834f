//! Reading CloudFormation templates: JSON, or YAML with CloudFormation's short-form tags
//! (`!Ref`, `!GetAtt A.B`, `!Sub`, …) turned into their long JSON forms, plus where each
//! value was written (line and column by JSON pointer) for the human output.
//!
//! YAML is read with `saphyr-parser` (YAML 1.2, events with tags and spans); the tree is built
//! here so that tags are kept and positions recorded. Plain scalars follow the YAML 1.2 core
//! schema (`true`, `~`, `12`, `1.5`); quoted scalars are strings.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

/// Deepest nesting read; deeper input is refused rather than risking the stack.
const MAX_DEPTH: usize = 200;
/// Most values built (alias expansion included), against "billion laughs" documents.
const MAX_NODES: usize = 2_000_000;

/// A parsed template and the positions of its values.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The template as JSON.
    pub value: Value,
    /// `(line, column)`, both 1-based, of each value by JSON pointer (empty when unknown).
    pub positions: HashMap<String, (usize, usize)>,
}

impl Parsed {
    /// The position of `pointer`, or of its nearest ancestor that has one.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut at = pointer;
        loop {
            if let Some(found) = self.positions.get(at) {
                return Some(*found);
            }
            at = &at[..at.rfind('/')?];
        }
    }
}

/// Parses `text`: JSON when `json` is set or when the text is a JSON object, YAML otherwise.
pub fn parse(text: &str, json: bool) -> Result<Parsed, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if json || text.trim_start().starts_with('{') {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                // Positions come from reading the same text as YAML (JSON is YAML 1.2).
                let positions = parse_yaml(text).map(|p| p.positions).unwrap_or_default();
                return Ok(Parsed { value, positions });
            }
            Err(error) if json => return Err(format!("invalid JSON: {error}")),
            Err(_) => {}
        }
    }
    parse_yaml(text).map_err(|e| format!("invalid YAML: {e}"))
}

/// Parses a YAML document (the first of the stream).
pub fn parse_yaml(text: &str) -> Result<Parsed, String> {
    let mut builder = Builder {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        positions: HashMap::new(),
        nodes: 0,
    };
    loop {
        match builder.next()? {
            (Event::StreamStart | Event::DocumentStart(_) | Event::Nothing, _) => {}
            (Event::StreamEnd | Event::DocumentEnd, _) => {
                return Err("the file holds no YAML document".to_string())
            }
            (event, span) => {
                let value = builder.node(event, span, String::new(), 0)?;
                return Ok(Parsed {
                    value,
                    positions: builder.positions,
                });
            }
        }
    }
}

struct Builder<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    anchors: HashMap<usize, (Value, usize)>,
    positions: HashMap<String, (usize, usize)>,
    nodes: usize,
}

/// The long form of a CloudFormation short-form tag (`!Ref` → `Ref`, `!Sub` → `Fn::Sub`).
fn function(tag: &Tag) -> Option<String> {
    if tag.handle != "!" {
        return None;
    }
    match tag.suffix.as_str() {
        "Ref" | "Condition" => Some(tag.suffix.clone()),
        "GetAtt" | "Sub" | "Join" | "If" | "Select" | "Split" | "FindInMap" | "Base64" | "Cidr"
        | "GetAZs" | "ImportValue" | "Equals" | "And" | "Or" | "Not" | "Length"
        | "ToJsonString" | "Transform" | "ForEach" => Some(format!("Fn::{}", tag.suffix)),
        _ => None,
    }
}

fn is_core(tag: &Tag, name: &str) -> bool {
    (tag.is_yaml_core_schema() || tag.handle == "!!") && tag.suffix == name
}

/// A plain scalar resolved by the YAML 1.2 core schema.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(number) = text.parse::<i64>() {
            return Value::Number(number.into());
        }
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(number) = i64::from_str_radix(hex, 16) {
            return Value::Number(number.into());
        }
    }
    if let Some(octal) = text.strip_prefix("0o") {
        if let Ok(number) = i64::from_str_radix(octal, 8) {
            return Value::Number(number.into());
        }
    }
    let looks_float = digits
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float {
        if let Some(number) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(number);
        }
    }
    Value::String(text.to_string())
}

/// Number of values in `value` (for the alias budget).
fn size(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(size).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(size).sum::<usize>(),
        _ => 1,
    }
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), String> {
        match self.parser.next_event() {
            Some(Ok(event)) => Ok(event),
            Some(Err(error)) => {
                let mark = error.marker();
                Err(format!(
                    "{} at line {} column {}",
                    error.info(),
                    mark.line(),
                    mark.col() + 1
                ))
            }
            None => Err("unexpected end of input".to_string()),
        }
    }

    fn count(&mut self, nodes: usize) -> Result<(), String> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > MAX_NODES {
            return Err(format!(
                "the document expands to more than {MAX_NODES} values"
            ));
        }
        Ok(())
    }

    /// The value starting with `event`, at `pointer`.
    fn node(
        &mut self,
        event: Event<'a>,
        span: Span,
        pointer: String,
        depth: usize,
    ) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        self.count(1)?;
        self.positions
            .insert(pointer.clone(), (span.start.line(), span.start.col() + 1));
        let (value, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = match tag.as_deref() {
                    Some(tag) if function(tag).is_some() => {
                        let name = function(tag).unwrap_or_default();
                        let argument = if name == "Fn::GetAtt" {
                            match text.split_once('.') {
                                Some((id, attribute)) => {
                                    Value::Array(vec![id.into(), attribute.into()])
                                }
                                None => Value::String(text.to_string()),
                            }
                        } else {
                            Value::String(text.to_string())
                        };
                        single(name, argument)
                    }
                    Some(tag) if is_core(tag, "str") => Value::String(text.to_string()),
                    _ if style == ScalarStyle::Plain => resolve_plain(&text),
                    _ => Value::String(text.to_string()),
                };
                (value, anchor)
            }
            Event::SequenceStart(anchor, tag) => {
                let mut items = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    let at = format!("{pointer}/{}", items.len());
                    items.push(self.node(event, span, at, depth + 1)?);
                }
                (wrap(tag.as_deref(), Value::Array(items)), anchor)
            }
            Event::MappingStart(anchor, tag) => {
                let mut map = Map::new();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    let key = match self.node(event, span, format!("{pointer}/~key"), depth + 1)? {
                        Value::String(key) => key,
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    let at = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                    let (event, span) = self.next()?;
                    let value = self.node(event, span, at, depth + 1)?;
                    map.insert(key, value);
                }
                (wrap(tag.as_deref(), Value::Object(map)), anchor)
            }
            Event::Alias(anchor) => {
                let (value, nodes) = self
                    .anchors
                    .get(&anchor)
                    .cloned()
                    .ok_or_else(|| "an alias refers to an unknown anchor".to_string())?;
                self.count(nodes)?;
                return Ok(value);
            }
            other => return Err(format!("unexpected YAML event {other:?}")),
        };
        if anchor > 0 {
            let nodes = size(&value);
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        Ok(value)
    }
}

fn single(key: String, value: Value) -> Value {
    let mut map = Map::new();
    map.insert(key, value);
    Value::Object(map)
}

/// A tagged collection in its long form (`!If [c, a, b]` → `{"Fn::If": [c, a, b]}`).
fn wrap(tag: Option<&Tag>, value: Value) -> Value {
    match tag.and_then(function) {
        Some(name) => single(name, value),
        None => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn short_forms_become_long_forms() {
        let yaml = "\
A: !Ref Vault
B: !GetAtt Role.Arn
C: !Sub 'arn:${AWS::Partition}:x'
D: !Join ['', [a, !Ref B]]
E: !If [Cond, 1, !Ref AWS::NoValue]
F: !Select [0, !GetAZs '']
G: !Split [',', !ImportValue Out]
H: !FindInMap [M, K, V]
I: !Base64 text
J: !Cidr [10.0.0.0/16, 4, 8]
K: !Equals [a, b]
L: !And [!Condition C1, !Not [!Or [!Condition C2, !Condition C3]]]
M: !GetAtt [Role, Arn]
";
        let parsed = parse(yaml, false).unwrap().value;
        assert_eq!(
            parsed,
            json!({
                "A": {"Ref": "Vault"},
                "B": {"Fn::GetAtt": ["Role", "Arn"]},
                "C": {"Fn::Sub": "arn:${AWS::Partition}:x"},
                "D": {"Fn::Join": ["", ["a", {"Ref": "B"}]]},
                "E": {"Fn::If": ["Cond", 1, {"Ref": "AWS::NoValue"}]},
                "F": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
                "G": {"Fn::Split": [",", {"Fn::ImportValue": "Out"}]},
                "H": {"Fn::FindInMap": ["M", "K", "V"]},
                "I": {"Fn::Base64": "text"},
                "J": {"Fn::Cidr": ["10.0.0.0/16", 4, 8]},
                "K": {"Fn::Equals": ["a", "b"]},
                "L": {"Fn::And": [{"Condition": "C1"}, {"Fn::Not": [{"Fn::Or": [{"Condition": "C2"}, {"Condition": "C3"}]}]}]},
                "M": {"Fn::GetAtt": ["Role", "Arn"]},
            })
        );
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let parsed = parse("a: 60\nb: '60'\nc: true\nd: ~\ne: 1.5\nf: 2012-10-17\ng: !!str 7\nh: cron(0 5 ? * * *)\n", false)
            .unwrap()
            .value;
        assert_eq!(
            parsed,
            json!({"a": 60, "b": "60", "c": true, "d": null, "e": 1.5, "f": "2012-10-17", "g": "7", "h": "cron(0 5 ? * * *)"})
        );
    }

    #[test]
    fn anchors_and_positions() {
        let parsed = parse(
            "base: &b {x: 1}\ncopy: *b\nlist:\n  - one\n  - two\n",
            false,
        )
        .unwrap();
        assert_eq!(parsed.value["copy"], json!({"x": 1}));
        assert_eq!(parsed.position("/list/1"), Some((5, 5)));
        assert_eq!(parsed.position("/list/1/deeper"), Some((5, 5)));
        assert_eq!(parsed.position("/base"), Some((1, 7)));
    }

    #[test]
    fn json_keeps_positions() {
        let parsed = parse("{\n  \"Resources\": {\n    \"A\": 1\n  }\n}", true).unwrap();
        assert_eq!(parsed.value, json!({"Resources": {"A": 1}}));
        assert_eq!(parsed.position("/Resources/A"), Some((3, 10)));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(parse("a: [1, 2", false).is_err());
        assert!(parse("{\"a\": ", true).is_err());
        assert!(parse("", false).is_err());
        assert!(parse(&"[".repeat(10_000), false).is_err());
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n\
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        assert!(parse(bomb, false).unwrap_err().contains("expands"));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Arbitrary YAML-ish text never panics the reader or the linter.
        #[test]
        fn yamlish_text_never_panics(text in "([ \\-:!\\[\\]{},'\"&*|>#\\n]|[a-zA-Z0-9]{1,6}|!Ref |!GetAtt |Resources:\\n  |Type: AWS::Backup::Backup(Plan|Vault|Selection)\\n|    Properties:\\n|      BackupPlan:\\n|BackupPlanRule:|DeleteAfterDays: |cron\\(){0,60}") {
            if let Ok(parsed) = parse(&text, false) {
                let _ = backup_synth::lint::lint_template(&parsed.value);
            }
        }

        /// Arbitrary bytes read as text never panic the reader.
        #[test]
        fn any_text_never_panics(text in ".{0,200}") {
            if let Ok(parsed) = parse(&text, false) {
                let _ = backup_synth::lint::lint_template(&parsed.value);
            }
            let _ = parse(&text, true);
        }
    }
}

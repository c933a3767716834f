//! YAML templates, read as CloudFormation reads them.
//!
//! CloudFormation's "Template formats" page: "CloudFormation supports the YAML Version 1.1
//! specification with a few exceptions. CloudFormation doesn't support the following features:
//! the binary, omap, pairs, set, and timestamp tags; aliases; hash merges." So:
//!
//! * the text is parsed by libyaml (`libyaml-safer`), the YAML 1.1 reference parser — the one
//!   under PyYAML, and the design SnakeYAML ports — which, like them, ignores indentation inside
//!   flow collections: a `Key: {` whose `}` sits at the indentation of `Key` reads, as it does in
//!   CloudFormation (issue 11: three real templates were refused by the YAML 1.2 parser used
//!   before, saphyr-parser, which checks that indentation);
//! * plain scalars resolve by YAML 1.1 ([`super::scalar`]);
//! * an anchor or alias, a `<<` merge key, or one of the five tags makes the template unreadable,
//!   naming the feature and its line. Refusing the anchor ends every alias bomb before anything
//!   is expanded;
//! * a duplicate key is an error naming both places; a second document (or text after `...`)
//!   is an error;
//! * CloudFormation's short forms (`!Ref X`, `!GetAtt A.B`, `!Sub …`) become their long JSON
//!   forms; any other local tag `!Name` becomes `Fn::Name`, as cfn-lint reads it, and the
//!   function check then refuses names CloudFormation does not know.

use std::cell::Cell;
use std::io::{BufReader, Chain, Read};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use libyaml_safer::{Event, EventData, Mark, Parser, ScalarStyle};
use serde_json::{Map, Value};

use super::positions::{Position, Positions};
use super::{scalar, ReadError, MAX_DEPTH};

/// Bytes handed to libyaml at a time.
const CHUNK: usize = 16 * 1024;

/// The prefix libyaml gives the `!!` (YAML core) tags.
const CORE: &str = "tag:yaml.org,2002:";

/// Reads the single YAML document of `text`, with its positions.
pub fn read(text: &str) -> Result<(Value, Positions), ReadError> {
    let mut parser = Parser::new();
    // libyaml decodes whatever its input offers into a buffer of `char`s (4 bytes each): handed
    // the whole text, it would hold 4 × the input; handed 16 KB at a time, 64 KB.
    // libyaml-safer 0.3.0 panics where C libyaml stops at the end of the text without a line
    // break ("unexpected end of input" in a block scalar's last line), so a line break ends the
    // text it reads. A block scalar (`|`, `>`, `|+`) whose last line ends the text gains that
    // line break in its value; [`Reader::unterminated`] takes it off again.
    let ending: &[u8] = if text.ends_with(['\n', '\r']) {
        b""
    } else {
        b"\n"
    };
    parser.set_input(BufReader::with_capacity(
        CHUNK,
        text.as_bytes().chain(ending),
    ));
    let mut reader = Reader {
        parser,
        positions: Positions::default(),
        last: (1, 1),
        added_break_at: (!ending.is_empty()).then_some(text.len()),
    };
    reader.document()
}

/// The input libyaml reads: the text, then a line break if it has none at its end.
type Input<'a> = BufReader<Chain<&'a [u8], &'static [u8]>>;

struct Reader<'a> {
    parser: Parser<Input<'a>>,
    positions: Positions,
    /// Where the last event read ended.
    last: Position,
    /// The byte offset of the line break added at the end of the text, if one was.
    added_break_at: Option<usize>,
}

thread_local! {
    /// Set while libyaml runs on this thread: its panics are caught and reported as errors.
    static IN_LIBYAML: Cell<bool> = const { Cell::new(false) };
}

/// Makes the panic hook silent for panics inside libyaml, which [`Reader::next`] catches and
/// turns into an "invalid YAML" error; every other panic is reported as before.
///
/// libyaml-safer 0.3.0 still has `panic!`s where its C original reports or accepts: a tag
/// directly followed by `,` in a flow collection (`[!Ref, x]`, scanner.rs "TODO: What is
/// expected here?"), and any other its authors left. The linter must end with a message and
/// exit status 2 on any input, never a panic, so each call into libyaml is isolated.
fn quiet_libyaml_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_LIBYAML.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

fn position(mark: Mark) -> Position {
    let line = usize::try_from(mark.line).unwrap_or(usize::MAX);
    let column = usize::try_from(mark.column).unwrap_or(usize::MAX);
    (line.saturating_add(1), column.saturating_add(1))
}

fn refused(at: Position, message: &str) -> ReadError {
    ReadError::Refused(format!("line {} column {}: {message}", at.0, at.1))
}

/// What a tag means to CloudFormation.
enum Tag<'t> {
    /// No tag, or the non-specific `!`.
    None,
    /// A `!!` core tag: `str`, `int`, `seq`, … (its suffix).
    Core(&'t str),
    /// A short-form function: the long name (`Ref`, `Fn::Sub`).
    Function(String),
}

fn classify(tag: Option<&str>, at: Position) -> Result<Tag<'_>, ReadError> {
    let Some(tag) = tag else {
        return Ok(Tag::None);
    };
    if tag == "!" {
        return Ok(Tag::None);
    }
    if let Some(kind) = tag.strip_prefix(CORE) {
        if matches!(
            kind,
            "binary" | "omap" | "pairs" | "set" | "timestamp" | "merge"
        ) {
            return Err(refused(
                at,
                &format!(
                    "the YAML tag `!!{kind}`: CloudFormation does not support the binary, omap, \
                     pairs, set and timestamp tags, nor merges; write the value as a plain \
                     string, list or mapping"
                ),
            ));
        }
        if matches!(
            kind,
            "str" | "int" | "float" | "bool" | "null" | "seq" | "map"
        ) {
            return Ok(Tag::Core(kind));
        }
        return Err(refused(
            at,
            &format!("the YAML tag `!!{kind}` is not one CloudFormation reads; remove it"),
        ));
    }
    match tag.strip_prefix('!') {
        Some(name) if !name.is_empty() && !name.contains('!') => Ok(Tag::Function(match name {
            "Ref" | "Condition" => name.to_string(),
            _ => format!("Fn::{name}"),
        })),
        _ => Err(refused(
            at,
            &format!(
                "the YAML tag `{tag}` is not one CloudFormation reads; use a short-form \
                 function such as `!Ref` or `!Sub`, or no tag"
            ),
        )),
    }
}

fn refuse_anchor(anchor: Option<&String>, at: Position) -> Result<(), ReadError> {
    match anchor {
        Some(name) => Err(refused(
            at,
            &format!(
                "a YAML anchor `&{name}`: CloudFormation does not support anchors and aliases; \
                 write the value out at each place it is used"
            ),
        )),
        None => Ok(()),
    }
}

impl Reader<'_> {
    fn next(&mut self) -> Result<Event, ReadError> {
        quiet_libyaml_panics();
        IN_LIBYAML.with(|inside| inside.set(true));
        let parsed = panic::catch_unwind(AssertUnwindSafe(|| self.parser.parse()));
        IN_LIBYAML.with(|inside| inside.set(false));
        let Ok(parsed) = parsed else {
            let (line, column) = self.last;
            return Err(ReadError::Syntax(format!(
                "invalid YAML after line {line} column {column}: the YAML parser cannot read \
                 what follows; check the syntax there (a tag directly followed by `,` is one such \
                 case: write `!Ref ''` or remove the tag)"
            )));
        };
        if let Ok(event) = &parsed {
            self.last = position(event.end_mark);
        }
        parsed.map_err(|error| {
            let at = error.problem_mark().map_or((1, 1), position);
            let context = match (error.context(), error.context_mark()) {
                (Some(context), Some(mark)) => {
                    let (line, column) = position(mark);
                    format!(" ({context} at line {line} column {column})")
                }
                _ => String::new(),
            };
            ReadError::Syntax(format!(
                "invalid YAML at line {} column {}: {}{context}",
                at.0,
                at.1,
                error.problem()
            ))
        })
    }

    /// The stream: exactly one document.
    fn document(&mut self) -> Result<(Value, Positions), ReadError> {
        let root = loop {
            let event = self.next()?;
            match event.data {
                EventData::StreamStart { .. } | EventData::DocumentStart { .. } => {}
                EventData::StreamEnd => {
                    return Err(ReadError::Syntax(
                        "the file holds no YAML document".to_string(),
                    ))
                }
                _ => break self.node(event, 0)?,
            }
        };
        loop {
            let event = self.next()?;
            match event.data {
                EventData::DocumentEnd { .. } => {}
                EventData::StreamEnd => return Ok((root, std::mem::take(&mut self.positions))),
                _ => {
                    return Err(refused(
                        position(event.start_mark),
                        "a second YAML document: CloudFormation reads a template from a single \
                         document; put each template in its own file, and nothing after `...`",
                    ))
                }
            }
        }
    }

    /// The value that starts with `event`.
    fn node(&mut self, event: Event, depth: usize) -> Result<Value, ReadError> {
        let at = position(event.start_mark);
        if depth > MAX_DEPTH {
            return Err(refused(
                at,
                &format!(
                    "nesting deeper than {MAX_DEPTH} levels; no CloudFormation template nests \
                     that deep"
                ),
            ));
        }
        match event.data {
            EventData::Scalar {
                anchor,
                tag,
                mut value,
                style,
                ..
            } => {
                refuse_anchor(anchor.as_ref(), at)?;
                if self.unterminated(style, event.end_mark) && value.ends_with('\n') {
                    value.pop();
                }
                self.scalar(classify(tag.as_deref(), at)?, value, style, at)
            }
            EventData::SequenceStart { anchor, tag, .. } => {
                refuse_anchor(anchor.as_ref(), at)?;
                let tag = classify(tag.as_deref(), at)?;
                self.collection(tag, "seq", at, |reader| reader.sequence(depth))
            }
            EventData::MappingStart { anchor, tag, .. } => {
                refuse_anchor(anchor.as_ref(), at)?;
                let tag = classify(tag.as_deref(), at)?;
                self.collection(tag, "map", at, |reader| reader.mapping(depth))
            }
            EventData::Alias { anchor } => Err(refused(
                at,
                &format!(
                    "a YAML alias `*{anchor}`: CloudFormation does not support anchors and \
                     aliases; write the value out at each place it is used"
                ),
            )),
            other => Err(ReadError::Syntax(format!(
                "invalid YAML at line {} column {}: unexpected {other:?}",
                at.0, at.1
            ))),
        }
    }

    /// Whether a scalar of `style` ending at `end` is a block scalar whose last line is the
    /// end of the text, without the line break [`read`] added there.
    fn unterminated(&self, style: ScalarStyle, end: Mark) -> bool {
        let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
        let after = usize::try_from(end.index).unwrap_or(usize::MAX);
        block && self.added_break_at.is_some_and(|at| after > at)
    }

    fn scalar(
        &mut self,
        tag: Tag<'_>,
        text: String,
        style: ScalarStyle,
        at: Position,
    ) -> Result<Value, ReadError> {
        match tag {
            Tag::None if style == ScalarStyle::Plain => {
                self.positions.leaf(at);
                Ok(scalar::resolve_plain(&text))
            }
            Tag::None => {
                self.positions.leaf(at);
                Ok(Value::String(text))
            }
            Tag::Core(kind) => match scalar::resolve_tagged(kind, &text) {
                Some(Ok(value)) => {
                    self.positions.leaf(at);
                    Ok(value)
                }
                Some(Err(why)) => Err(refused(at, &format!("`!!{kind}` tag: {why}"))),
                None => Err(refused(
                    at,
                    &format!("the YAML tag `!!{kind}` does not apply to a scalar"),
                )),
            },
            Tag::Function(name) => {
                let wrapper = self.positions.open(at);
                let argument = if name == "Fn::GetAtt" {
                    getatt(&mut self.positions, text, at)
                } else {
                    self.positions.leaf(at);
                    Value::String(text)
                };
                self.positions.close(wrapper);
                Ok(single(name, argument))
            }
        }
    }

    /// A sequence or mapping (`build` reads its content), wrapped in its function if tagged.
    fn collection(
        &mut self,
        tag: Tag<'_>,
        kind: &str,
        at: Position,
        build: impl FnOnce(&mut Self) -> Result<Value, ReadError>,
    ) -> Result<Value, ReadError> {
        match tag {
            Tag::None => self.open_close(at, build),
            Tag::Core(core) if core == kind => self.open_close(at, build),
            Tag::Core(core) => Err(refused(
                at,
                &format!("the YAML tag `!!{core}` does not apply to a {kind}"),
            )),
            Tag::Function(name) => {
                let wrapper = self.positions.open(at);
                let value = self.open_close(at, build)?;
                self.positions.close(wrapper);
                Ok(single(name, value))
            }
        }
    }

    fn open_close(
        &mut self,
        at: Position,
        build: impl FnOnce(&mut Self) -> Result<Value, ReadError>,
    ) -> Result<Value, ReadError> {
        let node = self.positions.open(at);
        let value = build(self)?;
        self.positions.close_value(node, &value);
        Ok(value)
    }

    fn sequence(&mut self, depth: usize) -> Result<Value, ReadError> {
        let mut items = Vec::new();
        loop {
            let event = self.next()?;
            if matches!(event.data, EventData::SequenceEnd) {
                return Ok(Value::Array(items));
            }
            items.push(self.node(event, depth + 1)?);
        }
    }

    fn mapping(&mut self, depth: usize) -> Result<Value, ReadError> {
        let mut map = Map::new();
        let mut key_positions: Vec<Position> = Vec::new();
        loop {
            let event = self.next()?;
            if matches!(event.data, EventData::MappingEnd) {
                return Ok(Value::Object(map));
            }
            let key_at = position(event.start_mark);
            let key = key(event)?;
            let value_event = self.next()?;
            let value = self.node(value_event, depth + 1)?;
            if map.contains_key(&key) {
                let first = map.keys().position(|k| k == &key).unwrap_or_default();
                let first = key_positions.get(first).copied().unwrap_or(key_at);
                return Err(super::duplicate_key("mapping", &key, first, key_at));
            }
            map.insert(key, value);
            key_positions.push(key_at);
        }
    }
}

/// A mapping key as the JSON key CloudFormation sees: a scalar, resolved as a value would be
/// (`yes:` is the key `true`), and never a merge.
fn key(event: Event) -> Result<String, ReadError> {
    let at = position(event.start_mark);
    let EventData::Scalar {
        anchor,
        tag,
        value,
        style,
        ..
    } = event.data
    else {
        return match event.data {
            EventData::Alias { anchor } => Err(refused(
                at,
                &format!(
                    "a YAML alias `*{anchor}`: CloudFormation does not support anchors and \
                     aliases; write the key out"
                ),
            )),
            _ => Err(refused(
                at,
                "a mapping key that is a list or a mapping; CloudFormation keys are strings",
            )),
        };
    };
    refuse_anchor(anchor.as_ref(), at)?;
    let plain = style == ScalarStyle::Plain;
    let resolved = match classify(tag.as_deref(), at)? {
        Tag::None if plain && value == "<<" => {
            return Err(refused(
                at,
                "a `<<` merge key: CloudFormation does not support hash merges; write the \
                 merged keys out in this mapping",
            ))
        }
        Tag::None if plain => scalar::resolve_plain(&value),
        Tag::None | Tag::Core("str") => Value::String(value),
        Tag::Core(_) | Tag::Function(_) => {
            return Err(refused(
                at,
                "a tagged mapping key; CloudFormation keys are plain strings",
            ))
        }
    };
    Ok(match resolved {
        Value::String(text) => text,
        other => other.to_string(),
    })
}

/// `!GetAtt Resource.Attribute` → `["Resource", "Attribute"]` (split at the first dot).
fn getatt(positions: &mut Positions, text: String, at: Position) -> Value {
    match text.split_once('.') {
        Some((resource, attribute)) => {
            let list = positions.open(at);
            positions.leaf(at);
            positions.leaf(at);
            positions.close(list);
            Value::Array(vec![resource.into(), attribute.into()])
        }
        None => {
            positions.leaf(at);
            Value::String(text)
        }
    }
}

fn single(key: String, value: Value) -> Value {
    let mut map = Map::new();
    map.insert(key, value);
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_ok(text: &str) -> (Value, Positions) {
        match read(text) {
            Ok(read) => read,
            Err(error) => panic!("{text}: {}", error.message()),
        }
    }

    fn read_err(text: &str) -> String {
        match read(text) {
            Ok((value, _)) => panic!("{text}: read as {value}"),
            Err(error) => error.message().to_string(),
        }
    }

    #[test]
    fn flow_mapping_closed_at_the_parent_key_indentation() {
        // The layout of three real templates (issue 11): `}` at the indentation of the key.
        let text = "\
Resources:
  Role:
    Properties:
      AssumeRolePolicyDocument: {
        \"Version\": \"2012-10-17\",
        \"Statement\": [
          {\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"}
        ]
      }
      Path: /
  Sub:
    Properties:
      FilterPolicy: {
        \"State\": [\"anything-but\": \"COMPLETED\"]
      }
      Protocol: email
";
        let (value, positions) = read_ok(text);
        let role = &value["Resources"]["Role"]["Properties"];
        assert_eq!(
            role["AssumeRolePolicyDocument"]["Version"],
            json!("2012-10-17")
        );
        assert_eq!(role["Path"], json!("/"));
        let filter = &value["Resources"]["Sub"]["Properties"]["FilterPolicy"];
        assert_eq!(filter, &json!({"State": [{"anything-but": "COMPLETED"}]}));
        assert_eq!(
            positions.find(&value, "/Resources/Role/Properties/Path"),
            Some((10, 13))
        );
        assert_eq!(
            positions.find(
                &value,
                "/Resources/Role/Properties/AssumeRolePolicyDocument/Statement/0/Action"
            ),
            Some((7, 41))
        );
    }

    #[test]
    fn positions_follow_short_forms() {
        let text = "A: !GetAtt Role.Arn\nB: !If [C, !Ref X, 2]\nC: [x, y]\n";
        let (value, positions) = read_ok(text);
        assert_eq!(value["A"], json!({"Fn::GetAtt": ["Role", "Arn"]}));
        assert_eq!(positions.find(&value, "/A/Fn::GetAtt/1"), Some((1, 4)));
        assert_eq!(positions.find(&value, "/B/Fn::If/1/Ref"), Some((2, 12)));
        assert_eq!(positions.find(&value, "/B/Fn::If/2"), Some((2, 20)));
        assert_eq!(positions.find(&value, "/C/1"), Some((3, 8)));
    }

    #[test]
    fn anchors_aliases_and_merges_are_refused_with_their_line() {
        let cases = [
            ("a: &base {x: 1}\nb: *base\n", "line 1 column 4: a YAML anchor `&base`: CloudFormation does not support anchors and aliases"),
            ("a: 1\nb: *nowhere\n", "line 2 column 4: a YAML alias `*nowhere`"),
            ("a:\n  <<: {x: 1}\n  y: 2\n", "line 2 column 3: a `<<` merge key: CloudFormation does not support hash merges"),
            ("a: !!merge {x: 1}\n", "line 1 column 4: the YAML tag `!!merge`"),
            ("- &a [x]\n- *a\n", "line 1 column 3: a YAML anchor `&a`"),
        ];
        for (text, expected) in cases {
            let message = read_err(text);
            assert!(message.starts_with(expected), "{text}: {message}");
        }
        // A quoted "<<" is an ordinary key.
        assert_eq!(read_ok("'<<': 1\n").0, json!({"<<": 1}));
    }

    #[test]
    fn each_unsupported_tag_is_refused() {
        for tag in ["binary", "omap", "pairs", "set", "timestamp"] {
            let message = read_err(&format!("Resources:\n  A: !!{tag} x\n"));
            assert!(
                message.starts_with(&format!(
                    "line 2 column 6: the YAML tag `!!{tag}`: CloudFormation does not support \
                     the binary, omap, pairs, set and timestamp tags"
                )),
                "{message}"
            );
        }
        let message = read_err("a: !!python/object:os.system x\n");
        assert!(
            message.starts_with(
                "line 1 column 4: the YAML tag `!!python/object:os.system` is not one \
                 CloudFormation reads"
            ),
            "{message}"
        );
        let message = read_err("a: !<tag:example.com,2000:x> 1\n");
        assert!(message.starts_with("line 1 column 4: the YAML tag `tag:example.com,2000:x` is not one CloudFormation reads"), "{message}");
    }

    #[test]
    fn core_tags_and_yaml_1_1_scalars() {
        let text = "a: !!str 0755\nb: !!int '12'\nc: !!bool yes\nd: yes\ne: Off\nf: 0755\ng: '0755'\nh: 1_000\ni: 2012-10-17\nj: ! 12\nk: !!seq [1]\nl: !!map {m: 1}\nyes: key\n";
        // `! 12`: the non-specific tag leaves a plain scalar to resolution, as in PyYAML.
        let value = read_ok(text).0;
        assert_eq!(
            value,
            json!({"a": "0755", "b": 12, "c": true, "d": true, "e": false, "f": 493, "g": "0755",
                   "h": 1000, "i": "2012-10-17", "j": 12, "k": [1], "l": {"m": 1}, "true": "key"})
        );
        assert!(read_err("a: !!int ten\n")
            .starts_with("line 1 column 4: `!!int` tag: `ten` is not a YAML 1.1 int"));
        assert!(read_err("a: !!seq x\n").contains("`!!seq` does not apply to a scalar"));
        assert!(read_err("a: !!map [x]\n").contains("`!!map` does not apply to a seq"));
    }

    #[test]
    fn duplicate_keys_name_both_places() {
        let message = read_err("Resources:\n  A: 1\n  B: 2\n  A: 3\n");
        assert_eq!(
            message,
            "duplicate key `A` at line 4 column 3: the same mapping already has it at line 2 \
             column 3; CloudFormation refuses a template with duplicate keys: keep one of them"
        );
        // In a flow mapping too, and after resolution (`yes` and `true` are one key).
        assert!(read_err("{a: 1, a: 2}").starts_with("duplicate key `a` at line 1 column 8"));
        assert!(read_err("yes: 1\ntrue: 2\n").starts_with("duplicate key `true` at line 2"));
    }

    #[test]
    fn one_document_only() {
        for text in [
            "a: 1\n---\nb: 2\n",
            "a: 1\n--- \n",
            "a: 1\n...\n--- x\n",
            "--- 1\n--- 2\n",
        ] {
            let message = read_err(text);
            assert!(
                message.contains("a second YAML document"),
                "{text:?}: {message}"
            );
        }
        let message = read_err("a: 1\n...\ngarbage: [\n");
        assert!(message.starts_with("invalid YAML at line 3"), "{message}");
        assert_eq!(read_ok("---\na: 1\n...\n# the end\n").0, json!({"a": 1}));
        assert_eq!(read_err("# nothing\n"), "the file holds no YAML document");
    }

    #[test]
    fn keys_must_be_scalars() {
        assert!(read_err("? [a, b]\n: 1\n").contains("a mapping key that is a list or a mapping"));
        assert!(read_err("!Ref a: 1\n").contains("a tagged mapping key"));
    }

    #[test]
    fn syntax_errors_name_the_place() {
        let message = read_err("Resources:\n  Plan: [1, 2\n");
        assert!(
            message.starts_with("invalid YAML at line 3 column 1: "),
            "{message}"
        );
    }

    #[test]
    fn the_end_of_the_text_needs_no_line_break() {
        // The values PyYAML gives (a block scalar's last line has no line break to keep).
        let cases = [
            ("a: |\n  x", json!({"a": "x"})),
            ("a: |+\n  x\n  y", json!({"a": "x\ny"})),
            ("a: >\n  x\n  y", json!({"a": "x y"})),
            ("a: !Sub |\n  x", json!({"a": {"Fn::Sub": "x"}})),
            ("a: >-\n  x\n  y", json!({"a": "x y"})),
            ("a: |\n  x\n# the end", json!({"a": "x\n"})),
            ("a: |\n  x\n", json!({"a": "x\n"})),
            ("a: x", json!({"a": "x"})),
            ("a: |\r\n  x\r\n", json!({"a": "x\n"})),
        ];
        for (text, expected) in cases {
            assert_eq!(read_ok(text).0, expected, "{text:?}");
        }
    }

    #[test]
    fn libyaml_panics_are_errors() {
        for text in ["a: [!Ref, x]\n", "{a: !!str,}"] {
            let message = read_err(text);
            assert!(
                message.starts_with("invalid YAML after line 1 column ")
                    && message.contains("the YAML parser cannot read what follows"),
                "{text}: {message}"
            );
        }
        // The reader still works afterwards, on this thread.
        assert_eq!(
            read_ok("a: [!Ref b, x]\n").0,
            json!({"a": [{"Ref": "b"}, "x"]})
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 2), "]".repeat(MAX_DEPTH + 2));
        assert!(read_err(&deep).contains("nesting deeper than"));
        assert!(read_err(&"[".repeat(100_000)).contains("nesting deeper than"));
    }
}

//! JSON templates, read with the position of every value.
//!
//! A small RFC 8259 reader rather than `serde_json::from_str`, because the linter needs what
//! serde's data model drops: the line and column of each value, and both places of a duplicate
//! key (CloudFormation refuses duplicate keys; serde keeps the last silently). Escaped UTF-16
//! surrogate pairs (`"\ud83d\ude00"`, Python's default output) decode to one character; a lone
//! surrogate, which has no character, becomes U+FFFD.

use serde_json::{Map, Number, Value};

use super::positions::{Position, Positions};
use super::{ReadError, MAX_DEPTH};

/// Reads `text` as one JSON value, with its positions.
pub fn read(text: &str) -> Result<(Value, Positions), ReadError> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        line_start: 0,
        column_cache: (0, 1),
        positions: Positions::default(),
    };
    reader.whitespace();
    let value = reader.value(0)?;
    reader.whitespace();
    if reader.at < reader.bytes.len() {
        return Err(reader.syntax("text after the end of the JSON value"));
    }
    Ok((value, reader.positions))
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    line: usize,
    line_start: usize,
    /// A byte offset on the current line and its column, so columns are counted once.
    column_cache: (usize, usize),
    positions: Positions,
}

impl Reader<'_> {
    /// The line and column of the next byte.
    fn position(&mut self) -> Position {
        let cached = self.column_cache.0;
        let (from, column) = if self.line_start <= cached && cached <= self.at {
            self.column_cache
        } else {
            (self.line_start, 1)
        };
        let more = self.bytes[from..self.at]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        self.column_cache = (self.at, column + more);
        (self.line, column + more)
    }

    fn syntax(&mut self, message: &str) -> ReadError {
        let (line, column) = self.position();
        ReadError::Syntax(format!(
            "invalid JSON at line {line} column {column}: {message}"
        ))
    }

    /// `expected X, found Y`, naming the character found.
    fn expected(&mut self, what: &str) -> ReadError {
        let found = match self.text[self.at..].chars().next() {
            Some(c) => format!("`{}`", c.escape_debug()),
            None => "the end of the text".to_string(),
        };
        self.syntax(&format!("expected {what}, found {found}"))
    }

    fn whitespace(&mut self) {
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'\n' => {
                    self.at += 1;
                    self.line += 1;
                    self.line_start = self.at;
                }
                _ => break,
            }
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.bytes.get(self.at) == Some(&byte);
        self.at += usize::from(found);
        found
    }

    fn value(&mut self, depth: usize) -> Result<Value, ReadError> {
        if depth > MAX_DEPTH {
            let (line, column) = self.position();
            return Err(ReadError::Refused(format!(
                "line {line} column {column}: nesting deeper than {MAX_DEPTH} levels; \
                 no CloudFormation template nests that deep"
            )));
        }
        let at = self.position();
        match self.bytes.get(self.at) {
            Some(b'{') => self.object(at, depth),
            Some(b'[') => self.array(at, depth),
            Some(b'"') => {
                self.positions.leaf(at);
                self.string().map(Value::String)
            }
            Some(b'-' | b'0'..=b'9') => {
                self.positions.leaf(at);
                self.number()
            }
            Some(b't' | b'f' | b'n') => {
                self.positions.leaf(at);
                self.literal()
            }
            _ => Err(self.expected("a JSON value")),
        }
    }

    fn object(&mut self, at: Position, depth: usize) -> Result<Value, ReadError> {
        let node = self.positions.open(at);
        self.at += 1;
        let mut map = Map::new();
        let mut key_positions: Vec<Position> = Vec::new();
        self.whitespace();
        if !self.eat(b'}') {
            loop {
                self.whitespace();
                let key_at = self.position();
                if self.bytes.get(self.at) != Some(&b'"') {
                    return Err(self.expected("a key in double quotes"));
                }
                let key = self.string()?;
                self.whitespace();
                if !self.eat(b':') {
                    return Err(self.expected("`:` after the key"));
                }
                self.whitespace();
                let value = self.value(depth + 1)?;
                if map.contains_key(&key) {
                    let first = map.keys().position(|k| k == &key).unwrap_or_default();
                    let first = key_positions.get(first).copied().unwrap_or(key_at);
                    return Err(super::duplicate_key("object", &key, first, key_at));
                }
                map.insert(key, value);
                key_positions.push(key_at);
                self.whitespace();
                if self.eat(b'}') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.expected("`,` or `}` after an object member"));
                }
            }
        }
        let value = Value::Object(map);
        self.positions.close_value(node, &value);
        Ok(value)
    }

    fn array(&mut self, at: Position, depth: usize) -> Result<Value, ReadError> {
        let node = self.positions.open(at);
        self.at += 1;
        let mut items = Vec::new();
        self.whitespace();
        if !self.eat(b']') {
            loop {
                self.whitespace();
                items.push(self.value(depth + 1)?);
                self.whitespace();
                if self.eat(b']') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.expected("`,` or `]` after an array item"));
                }
            }
        }
        let value = Value::Array(items);
        self.positions.close_value(node, &value);
        Ok(value)
    }

    fn literal(&mut self) -> Result<Value, ReadError> {
        for (word, value) in [
            ("true", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("null", Value::Null),
        ] {
            if self.bytes[self.at..].starts_with(word.as_bytes()) {
                self.at += word.len();
                return Ok(value);
            }
        }
        Err(self.expected("`true`, `false` or `null`"))
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<Value, ReadError> {
        let start = self.at;
        self.eat(b'-');
        if !self.eat(b'0') && self.digits() == 0 {
            return Err(self.expected("a digit"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.expected("a digit after the decimal point"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            if self.digits() == 0 {
                return Err(self.expected("a digit in the exponent"));
            }
        }
        let written = &self.text[start..self.at];
        match number(written) {
            Some(number) => Ok(Value::Number(number)),
            None => {
                self.at = start;
                Err(self.syntax(&format!("the number `{written}` is out of range")))
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        self.at - start
    }

    /// A string, the opening quote at `self.at`.
    fn string(&mut self) -> Result<String, ReadError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let run = self.bytes[self.at..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            let Some(run) = run else {
                self.at = self.bytes.len();
                return Err(self.syntax("a string is not closed (missing `\"`)"));
            };
            out.push_str(&self.text[self.at..self.at + run]);
            self.at += run;
            match self.bytes[self.at] {
                b'"' => {
                    self.at += 1;
                    return Ok(out);
                }
                b'\\' => out.push(self.escape()?),
                _ => {
                    return Err(self.syntax(
                        "a control character inside a string; write it as an escape such as `\\n`",
                    ))
                }
            }
        }
    }

    /// The character of the escape at `self.at` (the backslash).
    fn escape(&mut self) -> Result<char, ReadError> {
        let c = match self.bytes.get(self.at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(),
            _ => {
                return Err(self.syntax(
                    "an unknown escape; JSON has `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, \
                     `\\r`, `\\t` and `\\uXXXX`",
                ))
            }
        };
        self.at += 2;
        Ok(c)
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`.
    fn unicode_escape(&mut self) -> Result<char, ReadError> {
        let first = self.hex4(self.at + 2)?;
        self.at += 6;
        if !(0xD800..0xDC00).contains(&first) {
            return Ok(char::from_u32(first).unwrap_or('\u{FFFD}'));
        }
        if self.bytes[self.at..].starts_with(b"\\u") {
            let second = self.hex4(self.at + 2)?;
            if (0xDC00..0xE000).contains(&second) {
                self.at += 6;
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
        }
        Ok('\u{FFFD}')
    }

    fn hex4(&mut self, from: usize) -> Result<u32, ReadError> {
        let hex = self.bytes.get(from..from + 4).unwrap_or_default();
        if hex.len() == 4 && hex.iter().all(u8::is_ascii_hexdigit) {
            let text = std::str::from_utf8(hex).unwrap_or("0");
            Ok(u32::from_str_radix(text, 16).unwrap_or(0xFFFD))
        } else {
            Err(self.syntax("`\\u` must be followed by four hexadecimal digits"))
        }
    }
}

/// The value of a well-formed JSON number: an integer when it has neither fraction nor
/// exponent and fits 64 bits, otherwise the nearest `f64` (correctly rounded); `None` when it
/// is too large for an `f64`.
fn number(written: &str) -> Option<Number> {
    if !written.contains(['.', 'e', 'E']) {
        if let Ok(small) = written.parse::<i64>() {
            return Some(small.into());
        }
        if let Ok(big) = written.parse::<u64>() {
            return Some(big.into());
        }
    }
    written.parse::<f64>().ok().and_then(Number::from_f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::TestCaseError;
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
    fn values_and_positions() {
        let text =
            "{\n  \"a\": [1, -2.5e3, true, false, null],\n  \"b\": {\"c\": \"x\\\"\\n\\u00e9\"}\n}";
        let (value, positions) = read_ok(text);
        assert_eq!(
            value,
            json!({"a": [1, -2500.0, true, false, null], "b": {"c": "x\"\né"}})
        );
        assert_eq!(positions.find(&value, ""), Some((1, 1)));
        assert_eq!(positions.find(&value, "/a"), Some((2, 8)));
        assert_eq!(positions.find(&value, "/a/1"), Some((2, 12)));
        assert_eq!(positions.find(&value, "/a/4"), Some((2, 33)));
        assert_eq!(positions.find(&value, "/b/c"), Some((3, 14)));
    }

    #[test]
    fn surrogate_pairs_decode_and_keep_columns() {
        let text =
            "{\"e\": \"\\ud83d\\ude00\", \"n\": \"😀é\", \"after\": 7, \"lone\": \"\\ud83d!\"}";
        let (value, positions) = read_ok(text);
        assert_eq!(value["e"], json!("😀"));
        assert_eq!(value["lone"], json!("\u{FFFD}!"));
        // Columns count characters: `😀` and `é` are one column each.
        assert_eq!(positions.find(&value, "/after"), Some((1, 43)));
        assert_eq!(positions.find(&value, "/lone"), Some((1, 54)));
    }

    #[test]
    fn duplicate_keys_name_both_places() {
        let message = read_err("{\n  \"A\": 1,\n  \"B\": 2,\n  \"A\": 3\n}");
        assert_eq!(
            message,
            "duplicate key `A` at line 4 column 3: the same object already has it at line 2 \
             column 3; CloudFormation refuses a template with duplicate keys: keep one of them"
        );
    }

    #[test]
    fn syntax_errors_say_where_and_what() {
        let cases = [
            ("{\"a\": }", "invalid JSON at line 1 column 7: expected a JSON value, found `}`"),
            ("{\"a\": 1", "invalid JSON at line 1 column 8: expected `,` or `}` after an object member, found the end of the text"),
            ("{\"a\": 1} x", "invalid JSON at line 1 column 10: text after the end of the JSON value"),
            ("{\"a\": 01}", "invalid JSON at line 1 column 8: expected `,` or `}` after an object member, found `1`"),
            ("{\"a\": \"\\x\"}", "invalid JSON at line 1 column 8: an unknown escape"),
            ("{\"a\": \"\\u12\"}", "invalid JSON at line 1 column 8: `\\u` must be followed"),
            ("{\"a\": \"x\ny\"}", "invalid JSON at line 1 column 9: a control character inside a string"),
            ("{\"a\": tru}", "invalid JSON at line 1 column 7: expected `true`, `false` or `null`"),
            ("{\"a\": 1e999}", "invalid JSON at line 1 column 7: the number `1e999` is out of range"),
            ("{a: 1}", "invalid JSON at line 1 column 2: expected a key in double quotes, found `a`"),
            ("[1 2]", "invalid JSON at line 1 column 4: expected `,` or `]` after an array item"),
            ("\"abc", "invalid JSON at line 1 column 5: a string is not closed"),
            ("", "invalid JSON at line 1 column 1: expected a JSON value, found the end of the text"),
        ];
        for (text, expected) in cases {
            let message = read_err(text);
            assert!(message.starts_with(expected), "{text}: {message}");
        }
    }

    /// Values of every JSON kind, nested a few levels; `text` draws the strings.
    fn any_value(text: &'static str) -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            text.prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::vec((text, inner), 0..8)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    fn count(value: &Value) -> usize {
        match value {
            Value::Array(items) => 1 + items.iter().map(count).sum::<usize>(),
            Value::Object(map) => 1 + map.values().map(count).sum::<usize>(),
            _ => 1,
        }
    }

    proptest! {
        /// This reader and `serde_json` read the same values from what `serde_json` writes,
        /// and every value gets its own position.
        #[test]
        fn reads_what_serde_json_reads(value in any_value("\\PC*|[\\x00-\\x1f\"\\\\/]*")) {
            for text in [value.to_string(), serde_json::to_string_pretty(&value).unwrap_or_default()] {
                let (read, positions) = read(&text).map_err(|e| TestCaseError::fail(e.message().to_string()))?;
                prop_assert_eq!(&read, &value);
                prop_assert_eq!(positions.len(), count(&value));
            }
        }

        /// JSON is YAML: the YAML reader reads JSON text to the same value and positions, for
        /// text YAML allows (printable characters) and scalars YAML 1.1 reads alike.
        #[test]
        fn the_yaml_reader_reads_json_alike(value in any_value("[ -~é😀\\t\\n]*")) {
            let simple = |v: &Value| !matches!(v, Value::Number(n) if n.is_f64());
            prop_assume!(walk_all(&value, &simple));
            let text = value.to_string();
            let (from_json, json_positions) = read(&text).map_err(|e| TestCaseError::fail(e.message().to_string()))?;
            let (from_yaml, yaml_positions) = crate::template::yaml::read(&text).map_err(|e| TestCaseError::fail(e.message().to_string()))?;
            prop_assert_eq!(&from_yaml, &from_json);
            prop_assert_eq!(yaml_positions.len(), json_positions.len());
        }
    }

    fn walk_all(value: &Value, keep: &dyn Fn(&Value) -> bool) -> bool {
        keep(value)
            && match value {
                Value::Array(items) => items.iter().all(|v| walk_all(v, keep)),
                Value::Object(map) => map.values().all(|v| walk_all(v, keep)),
                _ => true,
            }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 2), "]".repeat(MAX_DEPTH + 2));
        assert!(read_err(&deep).contains("nesting deeper than"));
        let fine = format!("{}{}", "[".repeat(120), "]".repeat(120));
        assert!(read(&fine).is_ok());
    }
}

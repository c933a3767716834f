//! Writing values of the generated types straight to pretty-printed JSON text: the bytes
//! `serde_json::to_string_pretty` prints for their [`super::ToCfn`] JSON (two-space indent,
//! `": "` after keys, `{}` and `[]` for empty containers, serde_json's string escapes), without
//! building that JSON first.

use std::cell::RefCell;
use std::sync::Arc;

use serde_json::{Number, Value};

use super::value::{Cfn, CfnJson, CfnMap};

/// Writes a value as pretty-printed JSON into a [`JsonWriter`].
pub trait WriteCfn {
    /// Writes the value at the writer's position (after a key or as a list item).
    fn write_cfn(&self, writer: &mut JsonWriter);
}

/// Pretty-printed JSON text being written, one container inside another.
///
/// ```
/// use backup_dsl::cfn::{JsonWriter, WriteCfn};
/// let value = serde_json::json!({"Type": "AWS::Backup::BackupVault", "Tags": [], "Days": [1, 2.5]});
/// let mut writer = JsonWriter::default();
/// value.write_cfn(&mut writer);
/// assert_eq!(writer.into_string(), serde_json::to_string_pretty(&value).unwrap());
/// ```
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: String,
    depth: usize,
    /// Whether the innermost open container has no entry yet.
    empty: bool,
}

/// serde_json's escapes: `0` for a byte written as is, the letter after `\\` otherwise
/// (`u` for `\\u00XX`).
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

thread_local! {
    /// Shared documents as printed at a depth ([`JsonWriter::shared_json`]). Each entry holds
    /// the document, so its address is not reused while it is remembered.
    static PRINTED: RefCell<Vec<(Arc<Value>, usize, String)>> = const { RefCell::new(Vec::new()) };
}

/// How many printed documents a thread remembers before it forgets them all.
const MAX_PRINTED: usize = 32;

/// How many leading bytes of `bytes` surely need no escape, checked eight at a time (the
/// rest is checked byte by byte).
fn plain_prefix(bytes: &[u8]) -> usize {
    let mut plain = 0;
    for chunk in bytes.chunks_exact(8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        if may_need_escape(u64::from_le_bytes(word)) {
            break;
        }
        plain += 8;
    }
    plain
}

/// Whether one of the eight bytes of `word` is a control byte (below `0x20`), `"` or `\`
/// (the classic "has a byte less than n" and "has a zero byte" word tricks).
fn may_need_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below = |word: u64, n: u64| word.wrapping_sub(ONES * n) & !word & HIGHS;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    below(word, 0x20) | below(quote, 1) | below(backslash, 1) != 0
}

/// The bytes of a line break and the indentation of up to 16 levels: most lines of a template.
const SHORT_LINE: usize = 33;

/// A line break and the indentation of up to 32 levels (two spaces each), copied at once.
const NEWLINE: &str = "\n                                                                ";

impl JsonWriter {
    /// A writer whose buffer starts with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            out: String::with_capacity(capacity),
            ..Self::default()
        }
    }

    /// The text written.
    pub fn into_string(self) -> String {
        self.out
    }

    /// Opens an object (`{`).
    pub fn begin_object(&mut self) {
        self.open('{');
    }

    /// Closes the object opened last (`}`).
    pub fn end_object(&mut self) {
        self.close('}');
    }

    /// Opens a list (`[`).
    pub fn begin_array(&mut self) {
        self.open('[');
    }

    /// Closes the list opened last (`]`).
    pub fn end_array(&mut self) {
        self.close(']');
    }

    /// Starts the entry `key` of the open object; its value is written next.
    pub fn key(&mut self, key: &str) {
        self.next_entry();
        self.string(key);
        self.out.push_str(": ");
    }

    /// Writes the entry `key` of the open object when `value` is set.
    pub fn field<T: WriteCfn + ?Sized>(&mut self, key: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.key(key);
            value.write_cfn(self);
        }
    }

    /// Starts the next item of the open list; its value is written next.
    pub fn item(&mut self) {
        self.next_entry();
    }

    /// Writes a string, escaped as serde_json escapes it.
    pub fn string(&mut self, text: &str) {
        self.out.push('"');
        let bytes = text.as_bytes();
        let mut start = 0;
        for index in plain_prefix(bytes)..bytes.len() {
            let byte = bytes[index];
            let escape = ESCAPE[usize::from(byte)];
            if escape == 0 {
                continue;
            }
            self.out.push_str(&text[start..index]);
            self.escape(escape, byte);
            start = index + 1;
        }
        self.out.push_str(&text[start..]);
        self.out.push('"');
    }

    /// Writes the escape of `byte` (`escape` is its [`ESCAPE`] entry).
    fn escape(&mut self, escape: u8, byte: u8) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.push('\\');
        if escape == b'u' {
            self.out.push_str("u00");
            self.out.push(HEX[usize::from(byte >> 4)].into());
            self.out.push(HEX[usize::from(byte & 0xf)].into());
        } else {
            self.out.push(escape.into());
        }
    }

    /// Starts the entry `key` of the open object, `key` needing no escape (a property name
    /// of the schemas, checked by the generator).
    pub fn plain_key(&mut self, key: &str) {
        debug_assert!(key.bytes().all(|b| ESCAPE[usize::from(b)] == 0));
        self.next_entry();
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\": ");
    }

    /// Writes the entry `key` (needing no escape, as [`Self::plain_key`]) when `value` is set.
    pub fn plain_field<T: WriteCfn + ?Sized>(&mut self, key: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.plain_key(key);
            value.write_cfn(self);
        }
    }

    /// Writes a JSON document shared by several values (the trust policy and managed-policy
    /// ARNs every generated role carries): printed once per depth and thread, copied after
    /// ([`PRINTED`]). A document held once is written as any value.
    pub(crate) fn shared_json(&mut self, document: &Arc<Value>) {
        if Arc::strong_count(document) < 2 {
            return document.write_cfn(self);
        }
        let depth = self.depth;
        let copied = PRINTED.with_borrow(|printed| {
            let (_, _, text) = printed
                .iter()
                .find(|(known, at, _)| Arc::ptr_eq(known, document) && *at == depth)?;
            self.out.push_str(text);
            Some(())
        });
        if copied.is_some() {
            return;
        }
        let mut alone = JsonWriter {
            depth,
            ..JsonWriter::default()
        };
        document.write_cfn(&mut alone);
        self.out.push_str(&alone.out);
        PRINTED.with_borrow_mut(|printed| {
            if printed.len() >= MAX_PRINTED {
                printed.clear();
            }
            printed.push((Arc::clone(document), depth, alone.out));
        });
    }

    /// Writes a whole number.
    fn integer(&mut self, number: u64, negative: bool) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = number;
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if negative {
            self.out.push('-');
        }
        for &digit in &digits[at..] {
            self.out.push(digit.into());
        }
    }

    /// Writes text that is already JSON (a number, `true`, `null`).
    fn raw(&mut self, json: &str) {
        self.out.push_str(json);
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        self.empty = false;
    }

    fn next_entry(&mut self) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.newline();
    }

    fn newline(&mut self) {
        let mut line = NEWLINE;
        let mut length = 1 + self.depth * 2;
        if length <= SHORT_LINE {
            // A copy of known size (no call), cut to the indentation.
            let end = self.out.len() + length;
            self.out.push_str(&NEWLINE[..SHORT_LINE]);
            self.out.truncate(end);
            return;
        }
        while length > line.len() {
            self.out.push_str(line);
            length -= line.len();
            line = &NEWLINE[1..];
        }
        self.out.push_str(&line[..length]);
    }
}

impl WriteCfn for Value {
    fn write_cfn(&self, writer: &mut JsonWriter) {
        match self {
            Value::Null => writer.raw("null"),
            Value::Bool(flag) => flag.write_cfn(writer),
            Value::Number(number) => number.write_cfn(writer),
            Value::String(text) => writer.string(text),
            Value::Array(items) => items.as_slice().write_cfn(writer),
            Value::Object(map) => {
                writer.begin_object();
                for (key, value) in map {
                    writer.key(key);
                    value.write_cfn(writer);
                }
                writer.end_object();
            }
        }
    }
}

impl WriteCfn for Number {
    fn write_cfn(&self, writer: &mut JsonWriter) {
        if let Some(number) = self.as_u64() {
            writer.integer(number, false);
        } else if let Some(number) = self.as_i64() {
            number.write_cfn(writer);
        } else {
            // serde_json's `Display` of a float is the text it serializes (ryu).
            use std::fmt::Write;
            let _ = write!(writer.out, "{self}");
        }
    }
}

impl WriteCfn for i64 {
    fn write_cfn(&self, writer: &mut JsonWriter) {
        writer.integer(self.unsigned_abs(), *self < 0);
    }
}

impl WriteCfn for bool {
    fn write_cfn(&self, writer: &mut JsonWriter) {
        writer.raw(if *self { "true" } else { "false" });
    }
}

impl WriteCfn for str {
    fn write_cfn(&self, writer: &mut JsonWriter) {
        writer.string(self);
    }
}

impl WriteCfn for CfnJson {
    fn write_cfn(&self, writer: &mut JsonWriter) {
        match self.as_shared() {
            Some(shared) => writer.shared_json(shared),
            None => (**self).write_cfn(writer),
        }
    }
}

impl<T: WriteCfn> WriteCfn for Cfn<T> {
    fn write_cfn(&self, writer: &mut JsonWriter) {
        match self {
            Cfn::Value(value) => value.write_cfn(writer),
            Cfn::Intrinsic(value) => value.write_cfn(writer),
        }
    }
}

impl<T: WriteCfn> WriteCfn for [T] {
    fn write_cfn(&self, writer: &mut JsonWriter) {
        writer.begin_array();
        for item in self {
            writer.item();
            item.write_cfn(writer);
        }
        writer.end_array();
    }
}

impl<T: WriteCfn> WriteCfn for Vec<T> {
    fn write_cfn(&self, writer: &mut JsonWriter) {
        self.as_slice().write_cfn(writer);
    }
}

impl<T: WriteCfn> WriteCfn for CfnMap<T> {
    /// A key given twice is written once, at its first place with its last value, as
    /// [`super::ToCfn`] collapses it.
    fn write_cfn(&self, writer: &mut JsonWriter) {
        writer.begin_object();
        for (index, (key, _)) in self.0.iter().enumerate() {
            if self.0[..index].iter().any(|(earlier, _)| earlier == key) {
                continue;
            }
            let last = self.0.iter().rev().find(|(k, _)| k == key);
            if let Some((_, value)) = last {
                writer.key(key);
                value.write_cfn(writer);
            }
        }
        writer.end_object();
    }
}

impl<T: WriteCfn + ?Sized> WriteCfn for Box<T> {
    fn write_cfn(&self, writer: &mut JsonWriter) {
        (**self).write_cfn(writer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::CfnValue;
    use proptest::prelude::*;

    fn written(value: &Value) -> String {
        let mut writer = JsonWriter::default();
        value.write_cfn(&mut writer);
        writer.into_string()
    }

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
            "[\\x00-\\x1f\"\\\\/a-zé\u{7f}\u{2028}]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((any::<String>(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn writes_what_serde_json_prints(value in json()) {
            prop_assert_eq!(written(&value), serde_json::to_string_pretty(&value).unwrap());
        }
    }

    #[test]
    fn a_map_key_given_twice_is_written_as_into_cfn_collapses_it() {
        use crate::cfn::ToCfn;
        let map = CfnMap(vec![
            ("a".to_string(), CfnValue::literal("1")),
            ("b".to_string(), CfnValue::literal("2")),
            ("a".to_string(), CfnValue::literal("3")),
        ]);
        let mut writer = JsonWriter::default();
        map.write_cfn(&mut writer);
        let expected = serde_json::to_string_pretty(&map.into_cfn()).unwrap();
        assert_eq!(writer.into_string(), expected);
    }

    #[test]
    fn a_word_needs_an_escape_exactly_when_one_of_its_bytes_does() {
        for filler in [b'a', 0x80, 0xff, b' ', b'#', b']'] {
            for byte in 0..=255u8 {
                for at in 0..8 {
                    let mut word = [filler; 8];
                    word[at] = byte;
                    let expected = word.iter().any(|b| ESCAPE[usize::from(*b)] != 0);
                    assert_eq!(
                        may_need_escape(u64::from_le_bytes(word)),
                        expected,
                        "{word:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_shared_document_is_copied_at_the_depth_it_is_written() {
        let document = Arc::new(
            serde_json::json!({"Statement": [{"Effect": "Allow"}], "Version": "2012-10-17"}),
        );
        let shared = || CfnJson::shared(Arc::clone(&document));
        let mut writer = JsonWriter::default();
        writer.begin_object();
        writer.key("A");
        shared().write_cfn(&mut writer);
        writer.key("B");
        writer.begin_array();
        for _ in 0..3 {
            writer.item();
            shared().write_cfn(&mut writer);
        }
        writer.end_array();
        writer.key("C");
        shared().write_cfn(&mut writer);
        writer.end_object();
        let expected = serde_json::json!({
            "A": *document,
            "B": [*document, *document, *document],
            "C": *document,
        });
        assert_eq!(
            writer.into_string(),
            serde_json::to_string_pretty(&expected).unwrap()
        );
    }

    #[test]
    fn deep_nesting_is_indented_past_the_newline_constant() {
        let mut value = Value::from(1);
        for _ in 0..40 {
            value = Value::Array(vec![value]);
        }
        assert_eq!(
            written(&value),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }
}

//! Key tables: a block's simple keys declared once each — the key, the kind of its value and the
//! builder method it calls — and one generic path per stage: [`Values::parse`] reads a value by
//! its kind (with the messages of `values`), [`Values::model`] applies it to `backup-synth`'s
//! model for the rule book (the same builder method the expansion calls), and
//! [`Values::expand`] writes `.method(value)`.
//!
//! Keys with structure (vault values, lists of resources, sub-blocks, …) are rows too
//! ([`Property::custom`]), so that the table is the block's one list of keys (the order
//! messages list them in), but their parse, check and expansion stay hand-written.

use backup_synth::{CfnValue, Duration};
use proc_macro2::{Delimiter, Ident, TokenStream, TokenTree};

use crate::check::{self, Spans};
use crate::code::Code;
use crate::diag::{Diagnostics, Place};
use crate::expand;
use crate::tree::{span_of, Word};
use crate::values::{self, Scalar, Str};

/// What a block allows, as block-agnostic code (`ast::block_entries`, the "belongs in" hint,
/// the reference tests) asks it.
pub(crate) trait Keys: Sync {
    /// How messages name the block (`a rule`).
    fn what(&self) -> &'static str;
    /// The `key: value` entries it takes, in the order messages list them.
    fn key_names(&self) -> &[&'static str];
    /// The nested items it takes (`rule`, `selection`, `copy_to`, …).
    fn items(&self) -> &'static [&'static str];
    /// Whether it takes the key `key`.
    fn has_key(&self, key: &str) -> bool {
        self.key_names().contains(&key)
    }
}

/// The most keys a [`Table`] takes.
const MAX_KEYS: usize = 24;

/// A block whose keys are a table of [`Property`] rows over the model `M` it builds.
pub(crate) struct Table<M: 'static> {
    /// How messages name the block (`a rule`).
    what: &'static str,
    /// Every key it takes, in the order messages list them.
    keys: &'static [Property<M>],
    /// The nested items it takes.
    items: &'static [&'static str],
    /// The keys' names, computed once at compile time (the first `keys.len()`).
    names: [&'static str; MAX_KEYS],
}

impl<M: 'static> Table<M> {
    /// The block `what` with the keys `keys` and the items `items`.
    pub(crate) const fn new(
        what: &'static str,
        keys: &'static [Property<M>],
        items: &'static [&'static str],
    ) -> Self {
        assert!(
            keys.len() <= MAX_KEYS,
            "a table takes at most MAX_KEYS keys"
        );
        let mut names = [""; MAX_KEYS];
        let mut index = 0;
        while index < keys.len() {
            names[index] = keys[index].key;
            index += 1;
        }
        Self {
            what,
            keys,
            items,
            names,
        }
    }
}

impl<M: 'static> Keys for Table<M> {
    fn what(&self) -> &'static str {
        self.what
    }

    fn key_names(&self) -> &[&'static str] {
        &self.names[..self.keys.len()]
    }

    fn items(&self) -> &'static [&'static str] {
        self.items
    }
}

/// One key of a [`Table`].
pub(crate) struct Property<M: 'static> {
    /// The key, also the last segment of the field path the rule book reports problems at.
    pub(crate) key: &'static str,
    /// The builder method a value calls (`.method(value)`).
    method: &'static str,
    /// The builder method a spliced value calls instead, when it is another (`role` for a
    /// selection's role, `recovery_point_tags` for a map).
    splice_method: Option<&'static str>,
    /// The value's kind, with the model method for the compile-time check.
    kind: Kind<M>,
}

/// A value's kind: how it is parsed and expanded, and how a literal reaches the model.
enum Kind<M: 'static> {
    /// Parsed, checked and expanded by the block's own code.
    Custom,
    /// A string literal; the model gets the text (a splice leaves it as it is).
    Text(fn(M, &str) -> M),
    /// A string literal; the model gets it, or a placeholder the rule book skips for a splice.
    Value(fn(M, CfnValue) -> M),
    /// `true` or `false`.
    Flag(fn(M, bool) -> M),
    /// A duration (`35 days`).
    Duration(fn(M, Duration) -> M),
    /// One of `words`, expanded as the variant `ty::CamelCase` of the facade's enum `ty`.
    Word {
        words: &'static [&'static str],
        ty: &'static str,
        apply: fn(M, &str) -> M,
    },
    /// A map `{ "key": "value", … }`: `.method(key, value)` per pair; the model gets the pairs.
    Pairs(fn(M, Vec<(String, String)>) -> M),
    /// `{ expr }` only (a policy document): `what` names what the expression gives.
    Expr { what: &'static str },
}

impl<M: 'static> Property<M> {
    const fn new(key: &'static str, kind: Kind<M>) -> Self {
        Self {
            key,
            method: key,
            splice_method: None,
            kind,
        }
    }

    /// A key with structure, handled by the block's own code.
    pub(crate) const fn custom(key: &'static str) -> Self {
        Self::new(key, Kind::Custom)
    }

    /// A string; `apply` gives the model the literal text (a splice is checked at synthesis).
    pub(crate) const fn text(key: &'static str, apply: fn(M, &str) -> M) -> Self {
        Self::new(key, Kind::Text(apply))
    }

    /// A string; `apply` gives the model the literal, or a placeholder for a splice.
    pub(crate) const fn value(key: &'static str, apply: fn(M, CfnValue) -> M) -> Self {
        Self::new(key, Kind::Value(apply))
    }

    /// `true` or `false`.
    pub(crate) const fn flag(key: &'static str, apply: fn(M, bool) -> M) -> Self {
        Self::new(key, Kind::Flag(apply))
    }

    /// A duration.
    pub(crate) const fn duration(key: &'static str, apply: fn(M, Duration) -> M) -> Self {
        Self::new(key, Kind::Duration(apply))
    }

    /// One of `words`, expanded as `ty::CamelCase`.
    pub(crate) const fn word(
        key: &'static str,
        words: &'static [&'static str],
        ty: &'static str,
        apply: fn(M, &str) -> M,
    ) -> Self {
        Self::new(key, Kind::Word { words, ty, apply })
    }

    /// A map of string literals, one `.method(key, value)` per pair, or `{ expr }` giving
    /// pairs, passed to `.splice_method(expr)`.
    pub(crate) const fn pairs(
        key: &'static str,
        method: &'static str,
        splice_method: &'static str,
        apply: fn(M, Vec<(String, String)>) -> M,
    ) -> Self {
        let mut property = Self::new(key, Kind::Pairs(apply));
        property.method = method;
        property.splice_method = Some(splice_method);
        property
    }

    /// `{ expr }` giving `what`, passed as it is.
    pub(crate) const fn expr(key: &'static str, what: &'static str) -> Self {
        Self::new(key, Kind::Expr { what })
    }

    /// Calls `method` instead of the method named like the key.
    pub(crate) const fn method(mut self, method: &'static str) -> Self {
        self.method = method;
        self
    }

    /// Calls `method` for a spliced value.
    pub(crate) const fn splice_method(mut self, method: &'static str) -> Self {
        self.splice_method = Some(method);
        self
    }

    /// Parses a value of this key's kind; `None` for a custom key or a reported mistake.
    fn parse(
        &self,
        key: &Ident,
        tokens: &[TokenTree],
        diagnostics: &mut Diagnostics,
    ) -> Option<Value> {
        match &self.kind {
            Kind::Custom => None,
            Kind::Text(_) | Kind::Value(_) => {
                values::string(key, tokens, diagnostics).map(Value::Str)
            }
            Kind::Flag(_) => values::boolean(key, tokens, diagnostics).map(Value::Flag),
            Kind::Duration(_) => values::duration(key, tokens, diagnostics).map(Value::Duration),
            Kind::Word { words, .. } => {
                values::word(key, tokens, words, diagnostics).map(Value::Word)
            }
            Kind::Pairs(_) => pairs(key, tokens, diagnostics).map(Value::Pairs),
            Kind::Expr { what } => match values::splice(tokens) {
                Some((expr, span)) => Some(Value::Expr(expr, span.into())),
                None => {
                    diagnostics.error(
                        span_of(tokens, key.span()),
                        format!("`{key}` takes `{{ expr }}` giving {what}"),
                    );
                    None
                }
            },
        }
    }

    /// Gives the model a literal value (a spliced one where the kind says so).
    fn apply(&self, model: M, value: &Value) -> M {
        match (&self.kind, value) {
            (Kind::Text(apply), Value::Str(Scalar::Lit(s, _))) => apply(model, &s.text),
            (Kind::Value(apply), Value::Str(s)) => apply(
                model,
                check::text(s).map_or_else(check::spliced, CfnValue::from),
            ),
            (Kind::Flag(apply), Value::Flag(Scalar::Lit(b, _))) => apply(model, *b),
            (Kind::Duration(apply), Value::Duration(Scalar::Lit(d, _))) => apply(model, *d),
            (Kind::Word { apply, .. }, Value::Word(word)) => apply(model, &word.to_string()),
            (Kind::Pairs(apply), Value::Pairs(Scalar::Lit(pairs, _))) => apply(
                model,
                pairs
                    .iter()
                    .map(|(k, v)| (k.text.clone(), v.text.clone()))
                    .collect(),
            ),
            _ => model,
        }
    }

    /// Writes the builder call(s) of a value.
    fn expand(&self, code: &mut Code, value: &Value) {
        let spliced = matches!(
            value,
            Value::Str(Scalar::Splice(..)) | Value::Pairs(Scalar::Splice(..))
        );
        let call = match self.splice_method {
            Some(other) if spliced => other,
            _ => self.method,
        };
        match (&self.kind, value) {
            (_, Value::Str(s)) => {
                code.push(".").push(call).push("(");
                expand::string(code, s);
                code.push(")");
            }
            (_, Value::Flag(b)) => {
                code.push(".").push(call).push("(");
                expand::boolean(code, b);
                code.push(")");
            }
            (_, Value::Duration(d)) => {
                code.push(".").push(call).push("(");
                expand::duration(code, d);
                code.push(")");
            }
            (Kind::Word { ty, .. }, Value::Word(word)) => {
                code.push(".")
                    .push(call)
                    .push("(")
                    .path(ty)
                    .push("::")
                    .push(&expand::camel_case(&word.to_string()))
                    .push(")");
            }
            (_, Value::Pairs(Scalar::Lit(pairs, _))) => {
                for (key, value) in pairs {
                    code.push(".")
                        .push(call)
                        .push("(")
                        .str(&key.text)
                        .push(",")
                        .str(&value.text)
                        .push(")");
                }
            }
            (_, Value::Pairs(Scalar::Splice(expr, _)) | Value::Expr(expr, _)) => {
                code.push(".")
                    .push(call)
                    .push("(")
                    .tokens(expand::invisible(expr.clone()))
                    .push(")");
            }
            (_, Value::Word(_)) => {}
        }
    }
}

/// A parsed value of a table key.
#[derive(Clone)]
pub(crate) enum Value {
    /// A string or `{ expr }`.
    Str(Scalar<Str>),
    /// `true`, `false` or `{ expr }`.
    Flag(Scalar<bool>),
    /// A duration or `{ expr }`.
    Duration(Scalar<Duration>),
    /// One of the kind's words.
    Word(Ident),
    /// A map of string literals, or `{ expr }`.
    Pairs(Scalar<Vec<(Str, Str)>>),
    /// `{ expr }`.
    Expr(TokenStream, Place),
}

impl Value {
    /// Where the value was written.
    pub(crate) fn place(&self) -> Place {
        match self {
            Value::Str(s) => s.span(),
            Value::Flag(b) => b.span(),
            Value::Duration(d) => d.span(),
            Value::Word(word) => word.span().into(),
            Value::Pairs(p) => p.span(),
            Value::Expr(_, place) => *place,
        }
    }

    /// Whether the value is known to the macro (not `{ expr }`).
    pub(crate) fn is_literal(&self) -> bool {
        !matches!(
            self,
            Value::Str(Scalar::Splice(..))
                | Value::Flag(Scalar::Splice(..))
                | Value::Duration(Scalar::Splice(..))
                | Value::Pairs(Scalar::Splice(..))
                | Value::Expr(..)
        )
    }

    /// The literal map's keys, each with its place.
    fn pair_keys(&self) -> impl Iterator<Item = &Str> {
        let pairs = match self {
            Value::Pairs(Scalar::Lit(pairs, _)) => pairs.as_slice(),
            _ => &[],
        };
        pairs.iter().map(|(key, _)| key)
    }
}

/// `{ "key": "value", … }`, or `{ expr }` giving (key, value) pairs.
fn pairs(
    key: &Ident,
    tokens: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Scalar<Vec<(Str, Str)>>> {
    if let [TokenTree::Group(group)] = tokens {
        if group.delimiter() == Delimiter::Brace {
            if let Some(pairs) = values::string_map(group) {
                return Some(Scalar::Lit(pairs, group.span().into()));
            }
            return Some(Scalar::Splice(group.stream(), group.span().into()));
        }
    }
    diagnostics.error(
        span_of(tokens, key.span()),
        format!("`{key}` takes a map `{{ \"key\": \"value\", … }}`, or `{{ expr }}` giving (key, value) pairs"),
    );
    None
}

/// The values written for a table's keys (a key is written once: `block_entries` reports a
/// second one), in table order.
pub(crate) struct Values<M: 'static> {
    table: &'static Table<M>,
    /// `(row, value)`, ordered by row.
    written: Vec<(usize, Value)>,
}

impl<M: 'static> Clone for Values<M> {
    fn clone(&self) -> Self {
        Self {
            table: self.table,
            written: self.written.clone(),
        }
    }
}

impl<M: 'static> Values<M> {
    /// No value yet.
    pub(crate) fn new(table: &'static Table<M>) -> Self {
        Self {
            table,
            written: Vec::new(),
        }
    }

    /// Parses the value of `key` when the table declares its kind, and gives `None`; for a
    /// custom key (or one the table lacks), gives its name, for the block's own code.
    pub(crate) fn parse<'k>(
        &mut self,
        key: &'k Word,
        tokens: &[TokenTree],
        diagnostics: &mut Diagnostics,
    ) -> Option<&'k str> {
        let name = key.as_str();
        let table = self.table;
        let Some(index) = table.keys.iter().position(|p| p.key == name) else {
            return Some(name);
        };
        let property = &table.keys[index];
        if matches!(property.kind, Kind::Custom) {
            return Some(name);
        }
        if let Some(value) = property.parse(key, tokens, diagnostics) {
            let at = self.written.partition_point(|(row, _)| *row < index);
            self.written.insert(at, (index, value));
        }
        None
    }

    /// The value written for `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.written()
            .find(|(property, _)| property.key == key)
            .map(|(_, value)| value)
    }

    /// Whether `key` is absent or literal.
    pub(crate) fn is_literal(&self, key: &str) -> bool {
        self.get(key).is_none_or(Value::is_literal)
    }

    fn written(&self) -> impl Iterator<Item = (&Property<M>, &Value)> {
        let keys = self.table.keys;
        self.written.iter().map(|(row, value)| (&keys[*row], value))
    }

    /// Gives `model` every value, in table order, recording where each was written under
    /// `path.key` (a map's keys under `path.key[name]`). A spliced value is recorded as such
    /// (its checks wait for synthesis); only a spliced string reaches the model (as itself
    /// or a placeholder), so only its place is recorded.
    pub(crate) fn model(&self, mut model: M, path: &str, spans: &mut Spans) -> M {
        if self.written.is_empty() {
            return model;
        }
        // Each key's path is written out only if a problem is to be placed.
        let block = spans.block(path);
        for (property, value) in self.written() {
            match value {
                Value::Expr(..) => continue,
                Value::Str(_) | Value::Word(_) => {}
                _ if !value.is_literal() => {
                    spans.splice(format!("{path}.{}", property.key));
                    continue;
                }
                _ => {}
            }
            for key in value.pair_keys() {
                spans.add(format!("{path}.{}[{}]", property.key, key.text), key.span());
            }
            spans.add_key(block, property.key, value.place());
            model = property.apply(model, value);
        }
        model
    }

    /// Writes the builder calls of every value, in table order.
    pub(crate) fn expand(&self, code: &mut Code) {
        for (property, value) in self.written() {
            property.expand(code, value);
        }
    }
}

//! Typed values: string, boolean, duration and identifier literals, lists, maps, and Rust
//! expressions spliced in braces (`{ expr }`), each with the span of its tokens.

use backup_synth::{Duration, TimeUnit};
use proc_macro2::{Delimiter, Group, Ident, Literal, Span, TokenStream, TokenTree};

use crate::diag::{Diagnostics, Place};
use crate::tree::span_of;

/// A string literal with its token (for spans inside it).
#[derive(Clone)]
pub struct Str {
    /// The unescaped text.
    pub text: String,
    /// The literal token.
    pub literal: Literal,
}

impl Str {
    /// The literal's span.
    pub fn span(&self) -> Span {
        self.literal.span()
    }
}

/// A literal the macro checks, or a Rust expression checked at synthesis.
#[derive(Clone)]
pub enum Scalar<T> {
    /// A literal, with its place.
    Lit(T, Place),
    /// `{ expr }`: the expression's tokens and the span of the braces.
    Splice(TokenStream, Place),
}

impl<T> Scalar<T> {
    /// The literal value, if this is one.
    pub fn literal(&self) -> Option<&T> {
        match self {
            Scalar::Lit(value, _) => Some(value),
            Scalar::Splice(..) => None,
        }
    }

    /// The place of the value.
    pub fn span(&self) -> Place {
        match self {
            Scalar::Lit(_, span) | Scalar::Splice(_, span) => *span,
        }
    }
}

/// The value kinds, named in messages.
pub const STRING: &str = "a string literal such as `\"name\"`, or `{ expr }`";
/// See [`STRING`].
pub const BOOLEAN: &str = "`true` or `false`, or `{ expr }`";
/// See [`STRING`].
pub const DURATION: &str = "a duration such as `35 days`, `1 hour` or `90 minutes`, or `{ expr }`";

fn wrong_kind(diagnostics: &mut Diagnostics, key: &Ident, tokens: &[TokenTree], expected: &str) {
    if tokens.is_empty() {
        diagnostics.error(
            key.span(),
            format!("`{key}` has no value\n= help: write `{key}: <value>` with {expected}"),
        );
        return;
    }
    let found: TokenStream = tokens.iter().cloned().collect();
    diagnostics.error(
        span_of(tokens, key.span()),
        format!("`{key}` takes {expected}, found `{found}`\n= help: write `{key}: <value>` with {expected}"),
    );
}

/// `{ expr }`, if `tokens` is exactly one brace group.
pub fn splice(tokens: &[TokenTree]) -> Option<(TokenStream, Span)> {
    match tokens {
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Brace => Some((g.stream(), g.span())),
        _ => None,
    }
}

/// A string literal token's text.
pub fn string_literal(token: &TokenTree) -> Option<Str> {
    let TokenTree::Literal(literal) = token else {
        return None;
    };
    // Most strings are plain `"text"`: their text is what is between the quotes. `syn` reads
    // the others (escapes, raw strings, suffixes, and what is not a string).
    let mut repr = literal.to_string();
    let bytes = repr.as_bytes();
    let plain = match bytes {
        [b'"', inner @ .., b'"'] => !inner.contains(&b'\\') && !inner.contains(&b'"'),
        _ => false,
    };
    if plain {
        // The quotes taken off the text in place (no second string).
        repr.pop();
        repr.remove(0);
        return Some(Str {
            text: repr,
            literal: literal.clone(),
        });
    }
    match syn::Lit::new(literal.clone()) {
        syn::Lit::Str(s) => Some(Str {
            text: s.value(),
            literal: literal.clone(),
        }),
        _ => None,
    }
}

/// A string value.
pub fn string(
    key: &Ident,
    tokens: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Scalar<Str>> {
    if let Some((expr, span)) = splice(tokens) {
        return Some(Scalar::Splice(expr, span.into()));
    }
    match tokens {
        [token] => match string_literal(token) {
            Some(s) => {
                let span = s.span();
                Some(Scalar::Lit(s, span.into()))
            }
            None => {
                wrong_kind(diagnostics, key, tokens, STRING);
                None
            }
        },
        _ => {
            wrong_kind(diagnostics, key, tokens, STRING);
            None
        }
    }
}

/// A boolean value.
pub fn boolean(
    key: &Ident,
    tokens: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Scalar<bool>> {
    if let Some((expr, span)) = splice(tokens) {
        return Some(Scalar::Splice(expr, span.into()));
    }
    match tokens {
        [TokenTree::Ident(i)] if i == "true" => Some(Scalar::Lit(true, i.span().into())),
        [TokenTree::Ident(i)] if i == "false" => Some(Scalar::Lit(false, i.span().into())),
        _ => {
            wrong_kind(diagnostics, key, tokens, BOOLEAN);
            None
        }
    }
}

/// The unit words of a duration (`35 days`, `1 hour`).
pub(crate) const TIME_UNITS: &[(&str, TimeUnit)] = &[
    ("day", TimeUnit::Days),
    ("days", TimeUnit::Days),
    ("hour", TimeUnit::Hours),
    ("hours", TimeUnit::Hours),
    ("minute", TimeUnit::Minutes),
    ("minutes", TimeUnit::Minutes),
    ("second", TimeUnit::Seconds),
    ("seconds", TimeUnit::Seconds),
];

/// The unit named by `word`.
fn unit(word: &str) -> Option<TimeUnit> {
    TIME_UNITS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, unit)| *unit)
}

/// A duration value: `<integer> <unit>` (an optional leading `-` is kept, to be reported by
/// the rule book as negative).
pub fn duration(
    key: &Ident,
    tokens: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Scalar<Duration>> {
    if let Some((expr, span)) = splice(tokens) {
        return Some(Scalar::Splice(expr, span.into()));
    }
    let (negative, rest) = match tokens {
        [TokenTree::Punct(p), rest @ ..] if p.as_char() == '-' => (true, rest),
        rest => (false, rest),
    };
    let [TokenTree::Literal(amount), TokenTree::Ident(word)] = rest else {
        wrong_kind(diagnostics, key, tokens, DURATION);
        return None;
    };
    let Some(parsed) = integer(amount) else {
        wrong_kind(diagnostics, key, tokens, DURATION);
        return None;
    };
    let Some(unit) = unit(&word.to_string()) else {
        diagnostics.error(
            word.span(),
            format!("unknown time unit `{word}`\n= help: use `days`, `hours`, `minutes` or `seconds` (or the singular)"),
        );
        return None;
    };
    let Ok(amount) = parsed else {
        diagnostics.error(amount.span(), format!("`{amount}` is too large for a duration\n= help: AWS Backup keeps recovery points at most 36500 days"));
        return None;
    };
    let amount = if negative { -amount } else { amount };
    Some(Scalar::Lit(
        Duration::new(amount, unit),
        span_of(tokens, key.span()),
    ))
}

/// The value of an integer literal (`Err` when it does not fit an `i64`), or `None` when the
/// literal is not an integer. Plain digits are read here; `syn` reads the rest (`1_000`,
/// suffixes, other bases).
fn integer(literal: &Literal) -> Option<Result<i64, ()>> {
    let text = literal.to_string();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(text.parse::<i64>().map_err(drop));
    }
    match syn::parse2::<syn::Lit>(TokenTree::Literal(literal.clone()).into()) {
        Ok(syn::Lit::Int(int)) => Some(int.base10_parse::<i64>().map_err(drop)),
        _ => None,
    }
}

/// A single identifier among `allowed`.
pub fn word(
    key: &Ident,
    tokens: &[TokenTree],
    allowed: &[&str],
    diagnostics: &mut Diagnostics,
) -> Option<Ident> {
    let listed = || {
        allowed
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match tokens {
        [TokenTree::Ident(i)] if allowed.contains(&i.to_string().as_str()) => Some(i.clone()),
        [TokenTree::Ident(i)] => {
            let hint = crate::diag::did_you_mean(&i.to_string(), allowed)
                .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
            diagnostics.error(
                i.span(),
                format!(
                    "unknown `{key}` value `{i}`{hint}\n= help: use one of {}",
                    listed()
                ),
            );
            None
        }
        _ => {
            wrong_kind(diagnostics, key, tokens, &format!("one of {}", listed()));
            None
        }
    }
}

/// The comma-separated items of a `[ … ]` list.
pub fn list(
    key: &Ident,
    tokens: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<(Vec<Vec<TokenTree>>, Span)> {
    match tokens {
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Bracket => {
            Some((split_commas(g), g.span()))
        }
        _ => {
            wrong_kind(diagnostics, key, tokens, "a list `[ … ]`");
            None
        }
    }
}

/// The comma-separated parts of a group's tokens (empty parts dropped).
pub fn split_commas(group: &Group) -> Vec<Vec<TokenTree>> {
    let mut parts = vec![Vec::new()];
    for token in group.stream() {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => parts.push(Vec::new()),
            _ => {
                if let Some(last) = parts.last_mut() {
                    last.push(token);
                }
            }
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// A map literal `{ "key": "value", … }`, or `None` when the braces hold something else.
pub fn string_map(group: &Group) -> Option<Vec<(Str, Str)>> {
    let mut pairs = Vec::new();
    for part in split_commas(group) {
        let [key, TokenTree::Punct(colon), value] = part.as_slice() else {
            return None;
        };
        if colon.as_char() != ':' {
            return None;
        }
        pairs.push((string_literal(key)?, string_literal(value)?));
    }
    Some(pairs)
}

//! The expansion's code: written as Rust source text and turned into tokens by the compiler's
//! own lexer, a few calls across the proc-macro bridge per invocation instead of one (or more)
//! per token built with `quote!`. The user's own tokens (spliced `{ expr }` values, the
//! `in stack;` target, the `$crate` path) are held aside and put back, with their spans, where
//! they were written: only the groups around them are built token by token.
//!
//! Text tokens get the call-site span, as `quote!`'s do; so does the alias of the facade's
//! re-export ([`ALIAS`]): an item (a `use`), it would not be hidden from the user's tokens by
//! a mixed-site span either, as `macro_rules!` hygiene hides only local variables and labels.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};

/// The name of the facade's hidden re-export inside an expansion
/// (`use $crate::__private as __backup_dsl;`): every path starts with it.
pub(crate) const ALIAS: &str = "__backup_dsl";

/// `ALIAS` as the start of a path. (Nothing the expansion writes before a path, a literal or a
/// `bool` ends in a word character, so none of them needs a space before it: fewer bytes and
/// tokens for the lexer.)
const PATH: &str = "__backup_dsl::";

/// An expansion being written.
pub(crate) struct Code {
    /// Rust source text, balanced once the expansion is complete.
    text: String,
    /// Tokens held aside, each with the offset in `text` where it goes, in order.
    held: Vec<(usize, TokenStream)>,
}

impl Default for Code {
    fn default() -> Self {
        Self {
            // Room for a plan with a few rules and selections without growing.
            text: String::with_capacity(1024),
            held: Vec::new(),
        }
    }
}

impl Code {
    /// Appends Rust source `text`.
    pub(crate) fn push(&mut self, text: &str) -> &mut Self {
        match text.as_bytes() {
            // One byte, ASCII (a delimiter or punctuation: most pushes) pushed as a `char`:
            // fewer steps than copying a slice in the macro, which runs unoptimized.
            [byte] => self.text.push(char::from(*byte)),
            _ => self.text.push_str(text),
        }
        self
    }

    /// Appends the path `__backup_dsl::item`, an item of the facade's re-export.
    pub(crate) fn path(&mut self, item: &str) -> &mut Self {
        self.text.push_str(PATH);
        self.text.push_str(item);
        self
    }

    /// Appends a string literal holding `text`.
    pub(crate) fn str(&mut self, text: &str) -> &mut Self {
        if is_plain(text) {
            // Printable ASCII without quotes or backslashes is its own literal's text.
            self.text.push('"');
            self.text.push_str(text);
            self.text.push('"');
        } else {
            use std::fmt::Write as _;
            // `Debug` writes a valid Rust string literal: quoted, every special character
            // escaped.
            let _ = write!(self.text, "{text:?}");
        }
        self
    }

    /// Appends an integer literal of type `i64` (as `quote!` writes an `i64`), its digits
    /// written by hand (no formatting machinery in the unoptimized macro).
    pub(crate) fn i64(&mut self, value: i64) -> &mut Self {
        let mut digits = [0u8; 20];
        let mut rest = value.unsigned_abs();
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if value < 0 {
            self.text.push('-');
        }
        for &digit in &digits[at..] {
            self.text.push(char::from(digit));
        }
        self.text.push_str("i64");
        self
    }

    /// Appends `tokens` as they are, spans included.
    pub(crate) fn tokens(&mut self, tokens: TokenStream) -> &mut Self {
        self.held.push((self.text.len(), tokens));
        self.text.push(' ');
        self
    }

    /// Whether nothing is written yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The tokens of the code written.
    #[cfg(test)]
    pub(crate) fn into_tokens(self) -> TokenStream {
        self.into_tokens_after(TokenStream::new())
    }

    /// `first`, then the tokens of the code written, as one stream (joined in one call).
    pub(crate) fn into_tokens_after(self, first: TokenStream) -> TokenStream {
        let mut held = self.held.into_iter().map(|(at, t)| (at, Some(t))).collect();
        Builder {
            text: &self.text,
            held: &mut held,
        }
        .range(vec![first], 0, self.text.len())
    }
}

/// Builds the tokens of `text` with the held tokens in place.
struct Builder<'a> {
    text: &'a str,
    held: &'a mut Vec<(usize, Option<TokenStream>)>,
}

impl Builder<'_> {
    /// The offset of the first held tokens at or after `start`, if before `end`.
    fn next_held(&self, start: usize, end: usize) -> Option<usize> {
        let first = self.held.partition_point(|(at, _)| *at < start);
        self.held
            .get(first)
            .map(|(at, _)| *at)
            .filter(|at| *at < end)
    }

    /// `pieces`, then the tokens of `text[start..end]`, a balanced range: parsed at once where
    /// nothing is held in it, else piece by piece around the held tokens and the groups
    /// holding them. The text is scanned only up to the last held tokens.
    fn range(&mut self, mut pieces: Vec<TokenStream>, start: usize, end: usize) -> TokenStream {
        let bytes = self.text.as_bytes();
        // The pieces are joined as streams at the end (one call), not token by token.
        let (mut chunk, mut at) = (start, start);
        let mut next = self.next_held(at, end);
        while let Some(held) = next {
            if at == held {
                pieces.push(parse(&self.text[chunk..at]));
                pieces.extend(self.take_held(at));
                at += 1;
                chunk = at;
                next = self.next_held(at, end);
                continue;
            }
            match bytes[at] {
                b'"' => at = skip_string(bytes, at),
                open @ (b'(' | b'[' | b'{') => {
                    let close = matching(&bytes[..end], at);
                    if held < close {
                        pieces.push(parse(&self.text[chunk..at]));
                        let inner = self.range(Vec::new(), at + 1, close);
                        let group = Group::new(delimiter(open), inner);
                        pieces.push(TokenTree::Group(group).into());
                        chunk = (close + 1).min(end);
                        next = self.next_held(close, end);
                    }
                    at = close + 1;
                }
                _ => at += 1,
            }
        }
        pieces.push(parse(&self.text[chunk.min(end)..end]));
        pieces.into_iter().collect()
    }

    /// The tokens held at `at` (each is taken once).
    fn take_held(&mut self, at: usize) -> Option<TokenStream> {
        let index = self.held.partition_point(|(offset, _)| *offset < at);
        match self.held.get_mut(index) {
            Some((offset, tokens)) if *offset == at => tokens.take(),
            _ => None,
        }
    }
}

/// Whether `text` is printable ASCII without quotes or backslashes (a plain loop: the macro
/// runs unoptimized, where an iterator adapter costs a call per byte).
fn is_plain(text: &str) -> bool {
    for &b in text.as_bytes() {
        if !((b.is_ascii_graphic() && b != b'"' && b != b'\\') || b == b' ') {
            return false;
        }
    }
    true
}

fn delimiter(open: u8) -> Delimiter {
    match open {
        b'(' => Delimiter::Parenthesis,
        b'[' => Delimiter::Bracket,
        _ => Delimiter::Brace,
    }
}

/// The offset just past the string literal starting at `at` (its opening quote).
fn skip_string(bytes: &[u8], mut at: usize) -> usize {
    at += 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    at
}

/// The offset of the delimiter closing the one at `at` (the end of `bytes` if none does).
fn matching(bytes: &[u8], mut at: usize) -> usize {
    let mut depth = 0usize;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                at = skip_string(bytes, at);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return at;
                }
            }
            _ => {}
        }
        at += 1;
    }
    bytes.len()
}

/// The tokens of balanced source `text`, read by the compiler's lexer inside a macro (one
/// call across the bridge; `proc_macro2`'s own parse would first lex it again itself to
/// validate it), by `proc_macro2`'s elsewhere (unit tests).
fn parse(text: &str) -> TokenStream {
    if text.trim().is_empty() {
        return TokenStream::new();
    }
    let parsed = if proc_macro::is_available() {
        text.parse::<proc_macro::TokenStream>()
            .map(TokenStream::from)
            .map_err(|error| error.to_string())
    } else {
        text.parse::<TokenStream>()
            .map_err(|error| error.to_string())
    };
    // Only a bug of this crate gets an error here: report it rather than panic.
    parsed.unwrap_or_else(|error| {
        let message = format!(
            "backup_plan! wrote an expansion Rust cannot read ({error}); please report this bug"
        );
        quote::quote! { ::core::compile_error!(#message) }
    })
}

#[cfg(test)]
mod tests {
    use super::Code;
    use quote::quote;

    #[test]
    fn text_and_held_tokens_read_as_one_stream() {
        let mut code = Code::default();
        code.push("{ use ")
            .tokens(quote! { krate })
            .push("::x as y; f(")
            .str("a \"(\" b")
            .push(", g(")
            .tokens(quote! { 1 + 2 })
            .push("), [")
            .i64(3)
            .push("]); }");
        assert_eq!(
            code.into_tokens().to_string(),
            quote! {{ use krate::x as y; f("a \"(\" b", g(1 + 2), [3i64]); }}.to_string()
        );
    }

    #[test]
    fn integers_written_as_rust_writes_them() {
        for value in [0, 7, 10, 180, 99_999, -1, -305, i64::MAX, i64::MIN] {
            let mut code = Code::default();
            code.i64(value);
            assert_eq!(code.text, format!("{value}i64"));
        }
    }

    #[test]
    fn path_prefix_is_the_alias() {
        assert_eq!(super::PATH, format!("{}::", super::ALIAS));
    }

    #[test]
    fn string_literals_read_back_as_their_text() {
        for text in [
            "plain text",
            "",
            "quote \" and \\ backslash",
            "tab\there",
            "é ∞ \u{7f}",
        ] {
            let mut code = Code::default();
            code.str(text);
            let literal: syn::LitStr = syn::parse2(code.into_tokens()).expect("a string literal");
            assert_eq!(literal.value(), text);
        }
    }

    #[test]
    fn text_without_held_tokens() {
        let mut code = Code::default();
        code.path("Duration::days(").i64(7).push(")");
        assert_eq!(
            code.into_tokens().to_string(),
            quote! { __backup_dsl::Duration::days(7i64) }.to_string()
        );
    }
}

//! The shape shared by every block of the language, before keys get their meaning:
//! `key: value,` entries and `keyword header { body }` / `keyword header;` items.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};

use crate::diag::{Diagnostics, Place};

/// One entry of a block.
pub enum Entry {
    /// `key: value` (the value's tokens up to the next top-level `,`).
    Key {
        /// The key.
        key: Ident,
        /// The value's tokens.
        value: Vec<TokenTree>,
    },
    /// `keyword header… { body }` or `keyword header…;`.
    Item {
        /// The keyword (`plan`, `rule`, `selection`, `copy_to`, `vault`, `in`).
        keyword: Ident,
        /// Tokens between the keyword and the body.
        header: Vec<TokenTree>,
        /// The brace-delimited body, if any.
        body: Option<Group>,
    },
}

/// The item keywords a block's entries may start with.
pub trait Accepts {
    /// Whether `word` starts an item.
    fn accepts(&self, word: &str) -> bool;
    /// Every such keyword, in the order messages list them.
    fn words(&self) -> Vec<&str>;
}

impl Accepts for [&str] {
    fn accepts(&self, word: &str) -> bool {
        self.contains(&word)
    }

    fn words(&self) -> Vec<&str> {
        self.to_vec()
    }
}

/// Splits a block's tokens into entries, reporting tokens that start neither.
pub fn entries(
    tokens: impl IntoIterator<Item = TokenTree>,
    items: &(impl Accepts + ?Sized),
    diagnostics: &mut Diagnostics,
) -> Vec<Entry> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut at = 0;
    let mut found = Vec::new();
    while let Some(first) = tokens.get(at).cloned() {
        at += 1;
        match first {
            TokenTree::Punct(p) if p.as_char() == ',' || p.as_char() == ';' => {}
            TokenTree::Ident(ident) if is_key_separator(tokens.get(at)) => {
                at += 1;
                let value = take_value(&tokens, &mut at, &ident, items, diagnostics);
                found.push(Entry::Key { key: ident, value });
            }
            TokenTree::Ident(ident) if items.accepts(&ident.to_string()) => {
                let mut header = Vec::new();
                let mut body = None;
                while let Some(token) = tokens.get(at).cloned() {
                    at += 1;
                    match token {
                        TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                            if header.is_empty() && splice_header(&ident, &g, tokens.get(at)) {
                                header.push(TokenTree::Group(g));
                                continue;
                            }
                            body = Some(g);
                            break;
                        }
                        TokenTree::Punct(p) if p.as_char() == ';' => break,
                        other => header.push(other),
                    }
                }
                found.push(Entry::Item {
                    keyword: ident,
                    header,
                    body,
                });
            }
            other => {
                let words = items.words();
                let expected = if words.is_empty() {
                    "expected `key: value`".to_string()
                } else {
                    format!(
                        "expected `key: value` or one of {}",
                        words
                            .iter()
                            .map(|i| format!("`{i}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                diagnostics.error(other.span(), format!("unexpected `{other}`: {expected}"));
                while let Some(token) = tokens.get(at) {
                    at += 1;
                    if matches!(token, TokenTree::Punct(p) if p.as_char() == ',') {
                        break;
                    }
                }
            }
        }
    }
    found
}

/// Whether the first brace group `group` after the item keyword `keyword` is its header (a
/// spliced destination, `copy_to { expr } { … }` or `copy_to { expr };`) rather than its body:
/// only `copy_to` takes a splice there, and a group followed by a body, or holding no
/// `key: value` entry, is the expression.
fn splice_header(keyword: &Ident, group: &Group, next: Option<&TokenTree>) -> bool {
    if keyword != "copy_to" {
        return false;
    }
    if matches!(next, Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace) {
        return true;
    }
    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
    !inner.is_empty()
        && !matches!(inner.as_slice(), [TokenTree::Ident(_), next, ..] if is_key_separator(Some(next)))
}

fn is_key_separator(next: Option<&TokenTree>) -> bool {
    matches!(next, Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == proc_macro2::Spacing::Alone)
}

/// Whether the entry starting at `at` begins a new entry: `key:` or an item keyword. A value
/// never holds either at its top level (maps, blocks and splices are groups).
fn starts_entry(tokens: &[TokenTree], at: usize, items: &(impl Accepts + ?Sized)) -> bool {
    match tokens.get(at) {
        Some(TokenTree::Ident(ident)) => {
            is_key_separator(tokens.get(at + 1)) || items.accepts(&ident.to_string())
        }
        _ => false,
    }
}

/// The value of `key`: its tokens up to the next top-level `,`. When a new entry begins
/// before any comma, the comma is missing: that is reported after the value, and the next
/// entry is read as written (no knock-on errors).
fn take_value(
    tokens: &[TokenTree],
    at: &mut usize,
    key: &Ident,
    items: &(impl Accepts + ?Sized),
    diagnostics: &mut Diagnostics,
) -> Vec<TokenTree> {
    let mut value: Vec<TokenTree> = Vec::new();
    while let Some(token) = tokens.get(*at) {
        if matches!(token, TokenTree::Punct(p) if p.as_char() == ',') {
            *at += 1;
            break;
        }
        if !value.is_empty() && starts_entry(tokens, *at, items) {
            let last = value.last().map_or(key.span(), TokenTree::span);
            diagnostics.error(
                last,
                format!(
                    "missing `,` after the value of `{key}`; `{token}` starts the next entry\n= help: end each `key: value` entry with a comma: `{key}: {},`",
                    value.iter().cloned().collect::<TokenStream>()
                ),
            );
            break;
        }
        value.push(token.clone());
        *at += 1;
    }
    value
}

/// The place covering `tokens`, from the first to the last.
pub fn span_of(tokens: &[TokenTree], fallback: Span) -> Place {
    match (tokens.first(), tokens.last()) {
        (Some(first), Some(last)) => Place {
            start: first.span(),
            end: last.span(),
        },
        _ => fallback.into(),
    }
}

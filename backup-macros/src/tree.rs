//! The shape shared by every block of the language, before keys get their meaning:
//! `key: value,` entries and `keyword header { body }` / `keyword header;` items.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};

use crate::diag::{Diagnostics, Place};

/// An identifier with its text, asked of the compiler once: each `to_string` of an `Ident` is
/// a call across the proc-macro bridge and an allocation, and a key's or keyword's text is
/// needed several times (the entry's kind, the block's keys, the key's row).
pub struct Word {
    ident: Ident,
    text: String,
}

impl Word {
    /// `ident` with its text.
    pub fn new(ident: Ident) -> Self {
        let text = ident.to_string();
        Self { ident, text }
    }

    /// The identifier's text (`r#type` for a raw identifier, as `Ident`'s `Display` writes it).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl std::ops::Deref for Word {
    type Target = Ident;

    fn deref(&self) -> &Ident {
        &self.ident
    }
}

impl std::fmt::Display for Word {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<&str> for Word {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// One entry of a block.
pub enum Entry {
    /// `key: value` (the value's tokens up to the next top-level `,`).
    Key {
        /// The key.
        key: Word,
        /// The value's tokens.
        value: Vec<TokenTree>,
    },
    /// `keyword header… { body }` or `keyword header…;`.
    Item {
        /// The keyword (`plan`, `rule`, `selection`, `copy_to`, `vault`, `in`).
        keyword: Word,
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

/// Splits a block's tokens into entries, reporting tokens that start neither. Tokens are moved,
/// not cloned (a group's clone is a call into the compiler); the remaining ones are looked
/// ahead at as a slice.
pub fn entries(
    tokens: impl IntoIterator<Item = TokenTree>,
    items: &(impl Accepts + ?Sized),
    diagnostics: &mut Diagnostics,
) -> Vec<Entry> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut tokens = tokens.into_iter();
    let mut found = Vec::new();
    while let Some(first) = tokens.next() {
        match first {
            TokenTree::Punct(p) if p.as_char() == ',' || p.as_char() == ';' => {}
            TokenTree::Ident(ident) if is_key_separator(tokens.as_slice().first()) => {
                tokens.next();
                let key = Word::new(ident);
                let value = take_value(&mut tokens, &key, items, diagnostics);
                found.push(Entry::Key { key, value });
            }
            TokenTree::Ident(ident) => {
                let keyword = Word::new(ident);
                if !items.accepts(keyword.as_str()) {
                    unexpected(
                        TokenTree::Ident(keyword.ident),
                        &mut tokens,
                        items,
                        diagnostics,
                    );
                    continue;
                }
                let (header, body) = item_rest(&mut tokens, &keyword);
                found.push(Entry::Item {
                    keyword,
                    header,
                    body,
                });
            }
            other => unexpected(other, &mut tokens, items, diagnostics),
        }
    }
    found
}

/// The header and body of the item `keyword` starts: tokens up to its brace-delimited body or
/// a `;`.
fn item_rest(
    tokens: &mut std::vec::IntoIter<TokenTree>,
    keyword: &Ident,
) -> (Vec<TokenTree>, Option<Group>) {
    let mut header = Vec::new();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                if header.is_empty() && splice_header(keyword, &g, tokens.as_slice().first()) {
                    header.push(TokenTree::Group(g));
                    continue;
                }
                return (header, Some(g));
            }
            TokenTree::Punct(p) if p.as_char() == ';' => break,
            other => header.push(other),
        }
    }
    (header, None)
}

/// Reports `token`, which starts neither a `key: value` entry nor an item, and skips to the
/// next top-level `,`.
fn unexpected(
    token: TokenTree,
    tokens: &mut std::vec::IntoIter<TokenTree>,
    items: &(impl Accepts + ?Sized),
    diagnostics: &mut Diagnostics,
) {
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
    diagnostics.error(token.span(), format!("unexpected `{token}`: {expected}"));
    for token in tokens.by_ref() {
        if matches!(token, TokenTree::Punct(p) if p.as_char() == ',') {
            break;
        }
    }
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

/// Whether `tokens` begin a new entry: `key:` or an item keyword. A value never holds either
/// at its top level (maps, blocks and splices are groups).
fn starts_entry(tokens: &[TokenTree], items: &(impl Accepts + ?Sized)) -> bool {
    match tokens.first() {
        Some(TokenTree::Ident(ident)) => {
            is_key_separator(tokens.get(1)) || items.accepts(&ident.to_string())
        }
        _ => false,
    }
}

/// The value of `key`: its tokens up to the next top-level `,`. When a new entry begins
/// before any comma, the comma is missing: that is reported after the value, and the next
/// entry is read as written (no knock-on errors).
fn take_value(
    tokens: &mut std::vec::IntoIter<TokenTree>,
    key: &Word,
    items: &(impl Accepts + ?Sized),
    diagnostics: &mut Diagnostics,
) -> Vec<TokenTree> {
    let mut value: Vec<TokenTree> = Vec::new();
    loop {
        let rest = tokens.as_slice();
        let Some(token) = rest.first() else {
            break;
        };
        if matches!(token, TokenTree::Punct(p) if p.as_char() == ',') {
            tokens.next();
            break;
        }
        if !value.is_empty() && starts_entry(rest, items) {
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
        if let Some(token) = tokens.next() {
            value.push(token);
        }
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

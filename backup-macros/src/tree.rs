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

/// Splits a block's tokens into entries, reporting tokens that start neither.
pub fn entries(tokens: TokenStream, items: &[&str], diagnostics: &mut Diagnostics) -> Vec<Entry> {
    let mut tokens = tokens.into_iter().peekable();
    let mut found = Vec::new();
    while let Some(first) = tokens.next() {
        match first {
            TokenTree::Punct(p) if p.as_char() == ',' || p.as_char() == ';' => {}
            TokenTree::Ident(ident) if is_key_separator(tokens.peek()) => {
                tokens.next();
                let value = take_until_comma(&mut tokens);
                found.push(Entry::Key { key: ident, value });
            }
            TokenTree::Ident(ident) if items.contains(&ident.to_string().as_str()) => {
                let mut header = Vec::new();
                let mut body = None;
                for token in tokens.by_ref() {
                    match token {
                        TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
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
                let expected = if items.is_empty() {
                    "expected `key: value`".to_string()
                } else {
                    format!(
                        "expected `key: value` or one of {}",
                        items
                            .iter()
                            .map(|i| format!("`{i}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                diagnostics.error(other.span(), format!("unexpected `{other}`: {expected}"));
                take_until_comma(&mut tokens);
            }
        }
    }
    found
}

fn is_key_separator(next: Option<&TokenTree>) -> bool {
    matches!(next, Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == proc_macro2::Spacing::Alone)
}

fn take_until_comma(tokens: &mut impl Iterator<Item = TokenTree>) -> Vec<TokenTree> {
    let mut value = Vec::new();
    for token in tokens {
        if matches!(&token, TokenTree::Punct(p) if p.as_char() == ',') {
            break;
        }
        value.push(token);
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

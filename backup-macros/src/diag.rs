//! Diagnostics: every mistake becomes one `compile_error!` on the smallest responsible token;
//! all are collected so that independent mistakes are reported in one build.

use backup_synth::Violation;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote_spanned;

/// Where a mistake is: from the start of its first token to the end of its last.
#[derive(Clone, Copy)]
pub struct Place {
    /// The first token's span.
    pub start: Span,
    /// The last token's span.
    pub end: Span,
}

impl From<Span> for Place {
    fn from(span: Span) -> Self {
        Place {
            start: span,
            end: span,
        }
    }
}

/// The mistakes found so far.
#[derive(Default)]
pub struct Diagnostics {
    errors: Vec<syn::Error>,
}

impl Diagnostics {
    /// Records an error at `span`.
    pub fn error(&mut self, place: impl Into<Place>, message: impl std::fmt::Display) {
        let Place { start, end } = place.into();
        let first = Ident::new("start", start);
        let last = Ident::new("end", end);
        let tokens = quote_spanned! {start=> #first #last };
        self.errors.push(syn::Error::new_spanned(tokens, message));
    }

    /// Records a rule-book violation at `span`, in the rule book's words.
    pub fn violation(&mut self, place: Place, violation: &Violation) {
        self.error(place, render_violation(violation));
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// One `compile_error!` per mistake.
    pub fn into_tokens(self) -> TokenStream {
        self.errors
            .into_iter()
            .map(|e| e.to_compile_error())
            .collect()
    }
}

/// The rustc-style text of a violation: message, notes, help.
pub fn render_violation(violation: &Violation) -> String {
    let mut text = violation.message.clone();
    if let Some(note) = &violation.note {
        for line in note.lines() {
            text.push_str("\n= note: ");
            text.push_str(line);
        }
    }
    text.push_str("\n= help: ");
    text.push_str(&violation.help);
    text
}

/// The closest of `candidates` to `found`, if it is a plausible typo.
pub fn did_you_mean<'a>(found: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (found.len() / 3).max(2);
    candidates
        .iter()
        .map(|c| (edit_distance(found, c), *c))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(
            did_you_mean("delete_afer", &["delete_after", "start_window"]),
            Some("delete_after")
        );
        assert_eq!(
            did_you_mean("colour", &["delete_after", "start_window"]),
            None
        );
    }
}

//! `tiering_configuration Name { … }`: an `AWS::Backup::TieringConfiguration` (S3 backups to the
//! warm tier) — its parse, its model for the rule book, and its expansion, in one place.

use backup_synth::{CfnValue, Duration, TieringConfiguration, TieringSelection};
use proc_macro2::{Ident, TokenStream, TokenTree};

use crate::ast::{self, Block, Name, VaultValue};
use crate::check::{self, Declared, Spans};
use crate::code::Code;
use crate::diag::{Diagnostics, Place};
use crate::expand;
use crate::tree::{span_of, Entry};
use crate::values::{self, Scalar, Str};

/// The keys of a tiering configuration: its single selection's keys may be written in it
/// directly, or each selection in a `selection { … }` block (up to five).
pub(crate) const TIERING: Block = Block {
    what: "a tiering configuration",
    keys: &["name", "vault", "tier_down_after", "resources"],
    items: &["selection"],
};

/// The keys of a tiering configuration's `selection { … }` block.
pub(crate) const TIERING_SELECTION: Block = Block {
    what: "a tiering selection",
    keys: &["tier_down_after", "resources"],
    items: &[],
};

/// One `ResourceSelection`: its keys, written in the configuration or in a `selection` block.
pub struct TieringSelectionDecl {
    /// Where the selection is written: the `selection` keyword, or the configuration's id.
    pub span: proc_macro2::Span,
    /// `tier_down_after`.
    pub tier_down_after: Option<Scalar<Duration>>,
    /// `resources`: S3 bucket ARNs (every bucket when absent), with the list's place.
    pub resources: Option<(Vec<Str>, Place)>,
}

/// `tiering_configuration Name { … }`.
pub struct TieringDecl {
    /// Construct id.
    pub id: Name,
    /// `name`.
    pub name: Option<Scalar<Str>>,
    /// `vault` (every vault when absent).
    pub vault: Option<VaultValue>,
    /// The resource selections, in source order.
    pub selections: Vec<TieringSelectionDecl>,
}

/// Parses `tiering_configuration Name { … }`.
pub fn parse(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<TieringDecl> {
    let id = ast::id(keyword, header, diagnostics)?;
    ast::extra_tokens(&header[1..], diagnostics);
    let has_body = body.is_some();
    let tokens = ast::body_or_report(keyword, body, diagnostics);
    let mut decl = TieringDecl {
        id,
        name: None,
        vault: None,
        selections: Vec::new(),
    };
    let mut direct = TieringSelectionDecl {
        span: decl.id.span,
        tier_down_after: None,
        resources: None,
    };
    let mut direct_key = None;
    // Whether `tier_down_after` was written (a malformed value is reported where it is).
    let mut direct_after = false;
    let mut blocks = Vec::new();
    let mut block_count = 0;
    for entry in ast::block_entries(&TIERING, tokens, diagnostics) {
        match entry {
            Entry::Key { key, value } => match key.as_str() {
                "name" => decl.name = values::string(&key, &value, diagnostics),
                "vault" => decl.vault = ast::vault_value(&key, &value, diagnostics),
                _ => {
                    direct_after |= key == "tier_down_after";
                    selection_key(&mut direct, &key, &value, diagnostics);
                    direct_key.get_or_insert(key);
                }
            },
            Entry::Item {
                keyword,
                header,
                body,
            } => {
                block_count += 1;
                blocks.extend(selection_block(&keyword, &header, body, diagnostics));
            }
        }
    }
    match (direct_key, block_count == 0) {
        (Some(key), false) => {
            diagnostics.error(
                key.span(),
                format!("`{key}` is written in tiering configuration `{}` beside `selection` blocks\n= help: move `{key}` into a `selection {{ … }}` block: with `selection` blocks, each selection has its own `tier_down_after` and `resources`", decl.id.text),
            );
            decl.selections = blocks;
        }
        (Some(_), true) => decl.selections.push(direct),
        (None, false) => decl.selections = blocks,
        (None, true) => {
            if has_body {
                ast::missing_key(
                    &decl.id,
                    "tiering configuration",
                    "tier_down_after",
                    "add `tier_down_after: 60 days` (60 to 36500 days); CloudFormation requires `TieringDownSettingsInDays`",
                    diagnostics,
                );
            }
        }
    }
    if block_count == 0 && decl.selections.len() == 1 && !direct_after {
        // The direct form, with `resources` alone.
        ast::missing_key(
            &decl.id,
            "tiering configuration",
            "tier_down_after",
            "add `tier_down_after: 60 days` (60 to 36500 days); CloudFormation requires `TieringDownSettingsInDays`",
            diagnostics,
        );
    }
    Some(decl)
}

/// A `tier_down_after` or `resources` entry of a selection.
fn selection_key(
    selection: &mut TieringSelectionDecl,
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) {
    if key == "tier_down_after" {
        selection.tier_down_after = values::duration(key, value, diagnostics);
    } else {
        selection.resources = resources(key, value, diagnostics);
    }
}

/// `selection { tier_down_after: …, resources: [ … ] }`.
fn selection_block(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<TieringSelectionDecl> {
    ast::extra_tokens(header, diagnostics);
    let tokens = ast::body_or_report(keyword, body, diagnostics);
    let mut selection = TieringSelectionDecl {
        span: keyword.span(),
        tier_down_after: None,
        resources: None,
    };
    let mut after_written = false;
    for entry in ast::block_entries(&TIERING_SELECTION, tokens, diagnostics) {
        if let Entry::Key { key, value } = entry {
            after_written |= key == "tier_down_after";
            selection_key(&mut selection, &key, &value, diagnostics);
        }
    }
    if !after_written {
        diagnostics.error(
            keyword.span(),
            "this tiering selection needs `tier_down_after`\n= help: add `tier_down_after: 60 days` (60 to 36500 days); CloudFormation requires `TieringDownSettingsInDays` in every `ResourceSelection`",
        );
        return None;
    }
    Some(selection)
}

fn resources(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<(Vec<Str>, Place)> {
    let (items, span) = values::list(key, value, diagnostics)?;
    let mut arns = Vec::new();
    for item in items {
        match item.as_slice() {
            [token] if values::string_literal(token).is_some() => {
                arns.extend(values::string_literal(token));
            }
            other => {
                diagnostics.error(
                    span_of(other, key.span()),
                    format!("`{key}` takes string literals (S3 bucket ARNs, or `\"*\"`), found `{}`\n= help: write `{key}: [\"arn:aws:s3:::my-bucket\"]`", other.iter().cloned().collect::<TokenStream>()),
                );
                return None;
            }
        }
    }
    Some((arns, span.into()))
}

/// The model the rule book checks, with the places of its fields.
pub(crate) fn model(
    decl: &TieringDecl,
    declared: &Declared,
    spans: &mut Spans,
) -> TieringConfiguration {
    let path = format!("tiering_configurations[{}]", decl.id.text);
    spans.add(&path, decl.id.span);
    let mut configuration = match &decl.vault {
        Some(vault) => {
            spans.add(format!("{path}.vault"), check::vault_span(vault));
            TieringConfiguration::new(decl.id.text.clone(), check::vault_ref(vault, declared))
        }
        None => TieringConfiguration::all_vaults(decl.id.text.clone()),
    };
    if let Some(name) = &decl.name {
        spans.add(format!("{path}.name"), name.span());
        configuration =
            configuration.name(check::text(name).map_or_else(check::spliced, CfnValue::from));
    }
    if decl.selections.is_empty() {
        // Reported while parsing (no selection, or none well formed): a stand-in keeps the
        // selection count from repeating it.
        return configuration.selection(TieringSelection::all_buckets(Duration::days(60)));
    }
    for (index, selection) in decl.selections.iter().enumerate() {
        let at = format!("{path}.selections[{index}]");
        configuration = configuration.selection(selection_model(selection, &at, spans));
    }
    configuration
}

/// One selection for the rule book, with its places under `at`.
fn selection_model(
    selection: &TieringSelectionDecl,
    at: &str,
    spans: &mut Spans,
) -> TieringSelection {
    let after = match &selection.tier_down_after {
        Some(Scalar::Lit(after, place)) => {
            spans.add(format!("{at}.tier_down_after"), *place);
            *after
        }
        // Spliced or missing (reported): a value the rule book accepts stands in.
        _ => Duration::days(60),
    };
    spans.add(at, selection.span);
    match &selection.resources {
        Some((arns, place)) => {
            spans.add(format!("{at}.resources"), *place);
            TieringSelection::buckets(arns.iter().map(|a| a.text.clone()), after)
        }
        None => TieringSelection::all_buckets(after),
    }
}

/// The builder chain of the declaration.
pub(crate) fn expand(code: &mut Code, decl: &TieringDecl, declared: &Declared) {
    match &decl.vault {
        Some(vault) => {
            code.path("TieringConfiguration::new(")
                .str(&decl.id.text)
                .push(",");
            expand::vault_ref(code, vault, declared);
            code.push(")");
        }
        None => {
            code.path("TieringConfiguration::all_vaults(")
                .str(&decl.id.text)
                .push(")");
        }
    }
    if let Some(name) = &decl.name {
        code.push(".name(");
        expand::string(code, name);
        code.push(")");
    }
    for selection in &decl.selections {
        code.push(".selection(");
        match &selection.resources {
            Some((arns, _)) => {
                code.path("TieringSelection::buckets([");
                for arn in arns {
                    code.str(&arn.text).push(",");
                }
                code.push("],");
            }
            None => {
                code.path("TieringSelection::all_buckets(");
            }
        }
        expand::duration_or(code, &selection.tier_down_after, 60);
        code.push("))");
    }
}

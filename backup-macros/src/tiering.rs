//! `tiering_configuration Name { … }`: an `AWS::Backup::TieringConfiguration` (S3 backups to the
//! warm tier) — its parse, its model for the rule book, and its expansion, in one place.

use backup_synth::{CfnValue, Duration, TieringConfiguration, TieringSelection};
use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::quote;

use crate::ast::{self, Block, Name, VaultValue};
use crate::check::{self, Declared, Spans};
use crate::diag::{Diagnostics, Place};
use crate::expand;
use crate::tree::{span_of, Entry};
use crate::values::{self, Scalar, Str};

/// The keys of a tiering configuration.
pub(crate) const TIERING: Block = Block {
    what: "a tiering configuration",
    keys: &["name", "vault", "tier_down_after", "resources"],
    items: &[],
};

/// `tiering_configuration Name { … }`.
pub struct TieringDecl {
    /// Construct id.
    pub id: Name,
    /// `name`.
    pub name: Option<Scalar<Str>>,
    /// `vault` (every vault when absent).
    pub vault: Option<VaultValue>,
    /// `tier_down_after`.
    pub tier_down_after: Option<Scalar<Duration>>,
    /// `resources`: S3 bucket ARNs (every bucket when absent), with the list's place.
    pub resources: Option<(Vec<Str>, Place)>,
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
        tier_down_after: None,
        resources: None,
    };
    for entry in ast::block_entries(&TIERING, tokens, diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        match key.to_string().as_str() {
            "name" => decl.name = values::string(&key, &value, diagnostics),
            "vault" => decl.vault = ast::vault_value(&key, &value, diagnostics),
            "tier_down_after" => decl.tier_down_after = values::duration(&key, &value, diagnostics),
            _ => decl.resources = resources(&key, &value, diagnostics),
        }
    }
    if has_body && decl.tier_down_after.is_none() {
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
    let at = format!("{path}.selections[0]");
    let after = match &decl.tier_down_after {
        Some(Scalar::Lit(after, place)) => {
            spans.add(format!("{at}.tier_down_after"), *place);
            *after
        }
        // Spliced or missing (reported): a value the rule book accepts stands in.
        _ => Duration::days(60),
    };
    let selection = match &decl.resources {
        Some((arns, place)) => {
            spans.add(format!("{at}.resources"), *place);
            TieringSelection::buckets(arns.iter().map(|a| a.text.clone()), after)
        }
        None => TieringSelection::all_buckets(after),
    };
    spans.add(&at, decl.id.span);
    configuration.selection(selection)
}

/// The builder chain of the declaration.
pub(crate) fn expand(k: &TokenStream, decl: &TieringDecl, declared: &Declared) -> TokenStream {
    let id = expand::name_literal(&decl.id.text);
    let mut chain = match &decl.vault {
        Some(vault) => {
            let vault = expand::vault_ref(k, vault, declared);
            quote! { #k::TieringConfiguration::new(#id, #vault) }
        }
        None => quote! { #k::TieringConfiguration::all_vaults(#id) },
    };
    if let Some(name) = &decl.name {
        let name = expand::string(name);
        chain.extend(quote! { .name(#name) });
    }
    let after = decl
        .tier_down_after
        .as_ref()
        .map(|d| expand::duration(k, d))
        .unwrap_or_else(|| quote! { #k::Duration::days(60) });
    let selection = match &decl.resources {
        Some((arns, _)) => {
            let arns = arns.iter().map(|a| &a.literal);
            quote! { #k::TieringSelection::buckets([#(#arns),*], #after) }
        }
        None => quote! { #k::TieringSelection::all_buckets(#after) },
    };
    chain.extend(quote! { .selection(#selection) });
    chain
}

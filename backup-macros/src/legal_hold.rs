//! `legal_hold Name { … }`: an `AWS::Backup::LegalHold` (recovery points kept until the hold is
//! released) — its parse, its model for the rule book, and its expansion, in one place.

use backup_synth::{CfnValue, LegalHold};
use proc_macro2::{Ident, TokenStream, TokenTree};

use crate::ast::{self, Block, Name, VaultValue};
use crate::check::{self, Declared, Spans};
use crate::code::Code;
use crate::diag::Diagnostics;
use crate::expand;
use crate::tree::{span_of, Entry};
use crate::values::{self, Scalar, Str};

/// The keys of a legal hold.
pub(crate) const LEGAL_HOLD: Block = Block {
    what: "a legal hold",
    keys: &["title", "description", "vaults", "resources", "from", "to"],
    items: &[],
};

/// `legal_hold Name { … }`.
pub struct LegalHoldDecl {
    /// Construct id.
    pub id: Name,
    /// `title`.
    pub title: Option<Scalar<Str>>,
    /// `description`.
    pub description: Option<Scalar<Str>>,
    /// `vaults`.
    pub vaults: Vec<VaultValue>,
    /// `resources`: resource ARNs.
    pub resources: Vec<Scalar<Str>>,
    /// `from` and `to`: the date range.
    pub from: Option<Scalar<Str>>,
    /// `to`.
    pub to: Option<Scalar<Str>>,
}

/// Parses `legal_hold Name { … }`.
pub fn parse(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<LegalHoldDecl> {
    let id = ast::id(keyword, header, diagnostics)?;
    ast::extra_tokens(&header[1..], diagnostics);
    let has_body = body.is_some();
    let tokens = ast::body_or_report(keyword, body, diagnostics);
    let mut decl = LegalHoldDecl {
        id,
        title: None,
        description: None,
        vaults: Vec::new(),
        resources: Vec::new(),
        from: None,
        to: None,
    };
    let mut date_keys = (None, None);
    for entry in ast::block_entries(&LEGAL_HOLD, tokens, diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        match key.as_str() {
            "title" => decl.title = values::string(&key, &value, diagnostics),
            "description" => decl.description = values::string(&key, &value, diagnostics),
            "vaults" => decl.vaults = vaults(&key, &value, diagnostics),
            "resources" => decl.resources = strings(&key, &value, diagnostics),
            "from" => {
                decl.from = values::string(&key, &value, diagnostics);
                date_keys.0 = Some(key);
            }
            _ => {
                decl.to = values::string(&key, &value, diagnostics);
                date_keys.1 = Some(key);
            }
        }
    }
    let help = "CloudFormation's `DateRange` takes both `FromDate` and `ToDate`";
    match date_keys {
        (Some(from), None) => diagnostics.error(
            from.span(),
            format!("`from` needs `to` in a legal hold\n= help: add `to: \"2026-12-31\"`; {help}"),
        ),
        (None, Some(to)) => diagnostics.error(
            to.span(),
            format!(
                "`to` needs `from` in a legal hold\n= help: add `from: \"2026-01-01\"`; {help}"
            ),
        ),
        _ => {}
    }
    if has_body {
        let required = "CloudFormation requires it (and replaces the hold when it changes)";
        if decl.title.is_none() {
            let help = format!("add `title: \"…\"`; {required}");
            ast::missing_key(&decl.id, "legal hold", "title", &help, diagnostics);
        }
        if decl.description.is_none() {
            let help = format!("add `description: \"…\"`; {required}");
            ast::missing_key(&decl.id, "legal hold", "description", &help, diagnostics);
        }
    }
    Some(decl)
}

fn vaults(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> Vec<VaultValue> {
    let Some((items, _)) = values::list(key, value, diagnostics) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| ast::vault_value(key, item, diagnostics))
        .collect()
}

fn strings(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> Vec<Scalar<Str>> {
    let Some((items, _)) = values::list(key, value, diagnostics) else {
        return Vec::new();
    };
    let mut read = Vec::new();
    for item in items {
        if let Some((expr, span)) = values::splice(&item) {
            read.push(Scalar::Splice(expr, span.into()));
            continue;
        }
        match item.as_slice() {
            [token] if values::string_literal(token).is_some() => {
                read.extend(
                    values::string_literal(token).map(|s| Scalar::Lit(s, token.span().into())),
                );
            }
            other => diagnostics.error(
                span_of(other, key.span()),
                format!(
                    "`{key}` takes string literals (resource ARNs) or `{{ expr }}`, found `{}`",
                    other.iter().cloned().collect::<TokenStream>()
                ),
            ),
        }
    }
    read
}

fn value(text: &Option<Scalar<Str>>) -> CfnValue {
    text.as_ref()
        .and_then(check::text)
        .map_or_else(check::spliced, CfnValue::from)
}

/// The model the rule book checks, with the places of its fields.
pub(crate) fn model(decl: &LegalHoldDecl, declared: &Declared, spans: &mut Spans) -> LegalHold {
    let path = format!("legal_holds[{}]", decl.id.text);
    spans.add(&path, decl.id.span);
    let mut hold = LegalHold::new(
        decl.id.text.clone(),
        value(&decl.title),
        value(&decl.description),
    );
    for (index, vault) in decl.vaults.iter().enumerate() {
        spans.add(format!("{path}.vaults[{index}]"), check::vault_span(vault));
        hold = hold.vault(check::vault_ref(vault, declared));
    }
    for resource in &decl.resources {
        hold = hold.resource(match resource {
            Scalar::Lit(s, _) => CfnValue::from(s.text.as_str()),
            Scalar::Splice(..) => check::spliced(),
        });
    }
    if let (Some(from), Some(to)) = (&decl.from, &decl.to) {
        spans.add(format!("{path}.date_range.from"), from.span());
        spans.add(format!("{path}.date_range.to"), to.span());
        hold = hold.date_range(value(&decl.from), value(&decl.to));
    }
    hold
}

/// The builder chain of the declaration.
pub(crate) fn expand(code: &mut Code, decl: &LegalHoldDecl, declared: &Declared) {
    code.path("LegalHold::new(").str(&decl.id.text).push(",");
    expand::string_or(code, &decl.title, "\"\"");
    code.push(",");
    expand::string_or(code, &decl.description, "\"\"");
    code.push(")");
    for vault in &decl.vaults {
        code.push(".vault(");
        expand::vault_ref(code, vault, declared);
        code.push(")");
    }
    for resource in &decl.resources {
        code.push(".resource(");
        expand::string(code, resource);
        code.push(")");
    }
    if let (Some(from), Some(to)) = (&decl.from, &decl.to) {
        code.push(".date_range(");
        expand::string(code, from);
        code.push(",");
        expand::string(code, to);
        code.push(")");
    }
}

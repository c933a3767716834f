//! A plan's `scan_setting: { role: "…", resource_types: [EBS, S3] }` (its GuardDuty
//! `ScanSettings`) — parse, model and expansion in one place. A rule scans with `scan_mode`.

use backup_synth::{BackupPlan, CfnValue, ScanSetting};
use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};

use crate::ast::{self, Block};
use crate::check::{self, Spans};
use crate::code::Code;
use crate::diag::Diagnostics;
use crate::expand;
use crate::tree::{span_of, Entry};
use crate::values::{self, Scalar, Str};

/// The keys of a scan setting.
pub(crate) const SCAN_SETTING: Block = Block {
    what: "a scan setting",
    keys: &["role", "resource_types"],
    items: &[],
};

/// `scan_setting: { … }`.
pub struct ScanSettingDecl {
    /// The value's braces.
    pub span: Span,
    /// `role`: the scanner role ARN.
    pub role: Option<Scalar<Str>>,
    /// `resource_types`, each with its span.
    pub resource_types: Vec<(String, Span)>,
}

/// Parses the value of `scan_setting`.
pub fn parse(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<ScanSettingDecl> {
    let [TokenTree::Group(group)] = value else {
        diagnostics.error(
            span_of(value, key.span()),
            format!("`{key}` takes a block `{{ role: \"arn:aws:iam::…:role/…\", resource_types: [EBS, S3] }}`"),
        );
        return None;
    };
    if group.delimiter() != Delimiter::Brace {
        diagnostics.error(group.span(), format!("`{key}` takes a block `{{ … }}`"));
        return None;
    }
    let mut decl = ScanSettingDecl {
        span: group.span(),
        role: None,
        resource_types: Vec::new(),
    };
    let mut has_types = false;
    for entry in ast::block_entries(&SCAN_SETTING, group.stream(), diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        if key == "role" {
            decl.role = values::string(&key, &value, diagnostics);
            continue;
        }
        has_types = true;
        let Some((items, _)) = values::list(&key, &value, diagnostics) else {
            continue;
        };
        for item in items {
            match item.as_slice() {
                [TokenTree::Ident(kind)] => {
                    decl.resource_types.push((kind.to_string(), kind.span()))
                }
                other => diagnostics.error(
                    span_of(other, key.span()),
                    format!(
                        "`resource_types` takes `EBS`, `EC2`, `S3` or `ALL`, found `{}`",
                        other.iter().cloned().collect::<TokenStream>()
                    ),
                ),
            }
        }
    }
    let what = "add it; AWS Backup scans with that role and those types";
    if decl.role.is_none() {
        diagnostics.error(
            group.span(),
            format!("`{key}` needs `role`\n= help: {what}"),
        );
    }
    if !has_types {
        diagnostics.error(
            group.span(),
            format!("`{key}` needs `resource_types`\n= help: {what}"),
        );
    }
    Some(decl)
}

/// Adds the setting to the plan model, with the places of its fields.
pub(crate) fn model(
    decl: &ScanSettingDecl,
    path: &str,
    plan: BackupPlan,
    spans: &mut Spans,
) -> BackupPlan {
    let at = format!("{path}.scan_settings[0]");
    spans.add(&at, decl.span);
    let role = match &decl.role {
        Some(role) => {
            spans.add(format!("{at}.scanner_role"), role.span());
            check::text(role).map_or_else(check::spliced, CfnValue::from)
        }
        None => check::spliced(),
    };
    if let Some((_, span)) = decl.resource_types.first() {
        spans.add(format!("{at}.resource_types"), *span);
    }
    let types = decl.resource_types.iter().map(|(t, _)| t.clone());
    plan.scan_setting(ScanSetting::new(role, types))
}

/// The builder call adding the setting.
pub(crate) fn expand(code: &mut Code, decl: &ScanSettingDecl) {
    code.push(".scan_setting(").path("ScanSetting::new(");
    expand::string_or(code, &decl.role, "\"\"");
    code.push(",[");
    for (t, _) in &decl.resource_types {
        code.str(t).push(",");
    }
    code.push("]))");
}

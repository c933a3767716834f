//! A plan's `s3_backup_options: { backup_acls: true, backup_object_tags: true }` (its S3
//! `AdvancedBackupSettings`, the builder's `S3BackupOptions`) — parse, model and expansion in
//! one place. An option left out is `true`, AWS Backup's default.

use backup_synth::{BackupPlan, S3BackupOptions};
use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};

use crate::ast::{self, Block};
use crate::check::Spans;
use crate::code::Code;
use crate::diag::Diagnostics;
use crate::expand;
use crate::tree::{span_of, Entry};
use crate::values::{self, Scalar};

/// The keys of the S3 backup options.
pub(crate) const S3_BACKUP_OPTIONS: Block = Block {
    what: "the S3 backup options",
    keys: &["backup_acls", "backup_object_tags"],
    items: &[],
};

/// `s3_backup_options: { … }`.
pub struct S3OptionsDecl {
    /// The value's braces.
    pub span: Span,
    /// `backup_acls` (`true` when absent).
    pub backup_acls: Option<Scalar<bool>>,
    /// `backup_object_tags` (`true` when absent).
    pub backup_object_tags: Option<Scalar<bool>>,
}

/// Parses the value of `s3_backup_options`.
pub fn parse(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<S3OptionsDecl> {
    let group = match value {
        [TokenTree::Group(group)] if group.delimiter() == Delimiter::Brace => group,
        _ => {
            diagnostics.error(
                span_of(value, key.span()),
                format!(
                    "`{key}` takes a block `{{ backup_acls: true, backup_object_tags: true }}`, found `{}`",
                    value.iter().cloned().collect::<TokenStream>()
                ),
            );
            return None;
        }
    };
    let mut decl = S3OptionsDecl {
        span: group.span(),
        backup_acls: None,
        backup_object_tags: None,
    };
    for entry in ast::block_entries(&S3_BACKUP_OPTIONS, group.stream(), diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        let flag = values::boolean(&key, &value, diagnostics);
        if key == "backup_acls" {
            decl.backup_acls = flag;
        } else {
            decl.backup_object_tags = flag;
        }
    }
    Some(decl)
}

/// A literal flag, or `true` (AWS's default) when absent or spliced (checked at synthesis).
fn literal(flag: &Option<Scalar<bool>>) -> bool {
    !matches!(flag, Some(Scalar::Lit(false, _)))
}

/// Adds the options to the plan model, with the places of their fields.
pub(crate) fn model(
    decl: &S3OptionsDecl,
    path: &str,
    plan: BackupPlan,
    spans: &mut Spans,
) -> BackupPlan {
    let at = format!("{path}.s3_backup_options");
    spans.add(&at, decl.span);
    for (key, flag) in [
        ("backup_acls", &decl.backup_acls),
        ("backup_object_tags", &decl.backup_object_tags),
    ] {
        if let Some(flag) = flag {
            spans.add(format!("{at}.{key}"), flag.span());
        }
    }
    plan.s3_backup_options(S3BackupOptions {
        backup_acls: literal(&decl.backup_acls),
        backup_object_tags: literal(&decl.backup_object_tags),
    })
}

/// The builder call setting the options.
pub(crate) fn expand(code: &mut Code, decl: &S3OptionsDecl) {
    let flag = |code: &mut Code, flag: &Option<Scalar<bool>>| match flag {
        Some(flag) => expand::boolean(code, flag),
        None => {
            code.push("true");
        }
    };
    code.push(".s3_backup_options(")
        .path("S3BackupOptions { backup_acls: ");
    flag(code, &decl.backup_acls);
    code.push(", backup_object_tags: ");
    flag(code, &decl.backup_object_tags);
    code.push(" })");
}

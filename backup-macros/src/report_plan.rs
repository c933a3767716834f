//! `report_plan Name { … }`: an AWS Backup Audit Manager report plan
//! (`AWS::Backup::ReportPlan`) — its parse, its model for the rule book, and its expansion.
//!
//! The template and formats are words checked by the rule book (`rules::check_report_template`,
//! `rules::check_report_format`, with did-you-mean), as in the builder and the linter.

use backup_synth::{CfnValue, FrameworkRef, ReportFormat, ReportPlan, ReportTemplate};
use proc_macro2::{Ident, Span, TokenStream, TokenTree};

use crate::ast::{self, Block, Name};
use crate::check::{self, Spans};
use crate::code::Code;
use crate::diag::Diagnostics;
use crate::expand;
use crate::tree::{span_of, Entry, Word};
use crate::values::{self, Scalar, Str};

/// The keys of a report plan.
pub(crate) const REPORT_PLAN: Block = Block {
    what: "a report plan",
    keys: &[
        "name",
        "description",
        "template",
        "formats",
        "bucket",
        "key_prefix",
        "frameworks",
        "accounts",
        "organization_units",
        "regions",
    ],
    items: &[],
};

/// The templates, by `ReportTemplate` text and builder variant.
const TEMPLATES: &[(&str, &str)] = &[
    ("RESOURCE_COMPLIANCE_REPORT", "ResourceCompliance"),
    ("CONTROL_COMPLIANCE_REPORT", "ControlCompliance"),
    ("BACKUP_JOB_REPORT", "BackupJob"),
    ("COPY_JOB_REPORT", "CopyJob"),
    ("RESTORE_JOB_REPORT", "RestoreJob"),
    ("SCAN_JOB_REPORT", "ScanJob"),
];

/// A framework the report covers.
pub enum FrameworkValue {
    /// `Name`: a framework declared in the same stack.
    InStack(Name),
    /// `"arn:…"`: a framework ARN.
    Arn(Scalar<Str>),
}

/// `report_plan Name { … }`.
pub struct ReportPlanDecl {
    /// Construct id.
    pub id: Name,
    /// `name`.
    pub name: Option<Scalar<Str>>,
    /// `description`.
    pub description: Option<Scalar<Str>>,
    /// `template`: the `ReportTemplate` word.
    pub template: Option<Ident>,
    /// `formats`: `CSV`, `JSON`.
    pub formats: Vec<Ident>,
    /// `bucket`: the S3 bucket name.
    pub bucket: Option<Scalar<Str>>,
    /// `key_prefix`.
    pub key_prefix: Option<Scalar<Str>>,
    /// `frameworks`.
    pub frameworks: Vec<FrameworkValue>,
    /// `accounts`, `organization_units`, `regions`.
    pub accounts: Vec<String>,
    /// `organization_units`.
    pub organization_units: Vec<String>,
    /// `regions`.
    pub regions: Vec<String>,
    /// Where each list key was written, for the rule book's places.
    places: Vec<(&'static str, Span)>,
}

/// Parses `report_plan Name { … }`.
pub fn parse(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<ReportPlanDecl> {
    let id = ast::id(keyword, header, diagnostics)?;
    ast::extra_tokens(&header[1..], diagnostics);
    let has_body = body.is_some();
    let tokens = ast::body_or_report(keyword, body, diagnostics);
    let mut decl = ReportPlanDecl {
        id,
        name: None,
        description: None,
        template: None,
        formats: Vec::new(),
        bucket: None,
        key_prefix: None,
        frameworks: Vec::new(),
        accounts: Vec::new(),
        organization_units: Vec::new(),
        regions: Vec::new(),
        places: Vec::new(),
    };
    for entry in ast::block_entries(&REPORT_PLAN, tokens, diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        read_key(&mut decl, &key, &value, diagnostics);
    }
    if has_body {
        if decl.template.is_none() {
            let help = "add `template: BACKUP_JOB_REPORT` (or another report template); CloudFormation requires `ReportSetting.ReportTemplate`";
            ast::missing_key(&decl.id, "report plan", "template", help, diagnostics);
        }
        if decl.bucket.is_none() {
            let help = "add `bucket: \"my-audit-reports\"`; CloudFormation requires `ReportDeliveryChannel.S3BucketName`";
            ast::missing_key(&decl.id, "report plan", "bucket", help, diagnostics);
        }
    }
    Some(decl)
}

fn read_key(
    decl: &mut ReportPlanDecl,
    key: &Word,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) {
    match key.as_str() {
        "name" => decl.name = values::string(key, value, diagnostics),
        "description" => decl.description = values::string(key, value, diagnostics),
        "bucket" => decl.bucket = values::string(key, value, diagnostics),
        "key_prefix" => decl.key_prefix = values::string(key, value, diagnostics),
        "template" => decl.template = word(key, value, diagnostics),
        "formats" => {
            decl.places.push(("formats", key.span()));
            decl.formats = words(key, value, diagnostics);
        }
        "frameworks" => {
            decl.places.push(("frameworks", key.span()));
            decl.frameworks = frameworks(key, value, diagnostics);
        }
        other => {
            let read = strings(key, value, diagnostics);
            match other {
                "accounts" => {
                    decl.places.push(("accounts", key.span()));
                    decl.accounts = read;
                }
                "organization_units" => decl.organization_units = read,
                _ => decl.regions = read,
            }
        }
    }
}

fn word(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> Option<Ident> {
    match value {
        [TokenTree::Ident(word)] => Some(word.clone()),
        other => {
            diagnostics.error(
                span_of(other, key.span()),
                format!(
                    "`{key}` takes a word such as `BACKUP_JOB_REPORT`, found `{}`\n= help: write `{key}: BACKUP_JOB_REPORT`",
                    other.iter().cloned().collect::<TokenStream>()
                ),
            );
            None
        }
    }
}

fn words(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> Vec<Ident> {
    let Some((items, _)) = values::list(key, value, diagnostics) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item.as_slice() {
            [TokenTree::Ident(word)] => Some(word.clone()),
            other => {
                diagnostics.error(
                    span_of(other, key.span()),
                    format!(
                        "`{key}` takes words `CSV` or `JSON`, found `{}`\n= help: write `{key}: [CSV, JSON]`",
                        other.iter().cloned().collect::<TokenStream>()
                    ),
                );
                None
            }
        })
        .collect()
}

fn frameworks(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Vec<FrameworkValue> {
    let Some((items, _)) = values::list(key, value, diagnostics) else {
        return Vec::new();
    };
    let mut read = Vec::new();
    for item in items {
        match item.as_slice() {
            [TokenTree::Ident(id)] => read.push(FrameworkValue::InStack(Name {
                text: id.to_string(),
                span: id.span(),
            })),
            [token] if values::string_literal(token).is_some() => read.extend(
                values::string_literal(token)
                    .map(|s| FrameworkValue::Arn(Scalar::Lit(s, token.span().into()))),
            ),
            other => diagnostics.error(
                span_of(other, key.span()),
                format!(
                    "`{key}` takes framework names declared with `framework Name {{ … }}` or ARN strings, found `{}`\n= help: write `{key}: [Audit]` or `{key}: [\"arn:aws:backup:…:framework:…\"]`",
                    other.iter().cloned().collect::<TokenStream>()
                ),
            ),
        }
    }
    read
}

fn strings(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> Vec<String> {
    let Some((items, _)) = values::list(key, value, diagnostics) else {
        return Vec::new();
    };
    let mut read = Vec::new();
    for item in items {
        match item.as_slice() {
            [token] if values::string_literal(token).is_some() => {
                read.extend(values::string_literal(token).map(|s| s.text));
            }
            other => diagnostics.error(
                span_of(other, key.span()),
                format!(
                    "`{key}` takes a list of string literals, found `{}`\n= help: write `{key}: [\"…\"]`",
                    other.iter().cloned().collect::<TokenStream>()
                ),
            ),
        }
    }
    read
}

fn template_model(word: &str) -> ReportTemplate {
    match word {
        "RESOURCE_COMPLIANCE_REPORT" => ReportTemplate::ResourceCompliance,
        "CONTROL_COMPLIANCE_REPORT" => ReportTemplate::ControlCompliance,
        "BACKUP_JOB_REPORT" => ReportTemplate::BackupJob,
        "COPY_JOB_REPORT" => ReportTemplate::CopyJob,
        "RESTORE_JOB_REPORT" => ReportTemplate::RestoreJob,
        "SCAN_JOB_REPORT" => ReportTemplate::ScanJob,
        other => ReportTemplate::Other(other.to_string()),
    }
}

fn format_model(word: &str) -> ReportFormat {
    match word {
        "CSV" => ReportFormat::Csv,
        "JSON" => ReportFormat::Json,
        other => ReportFormat::Other(other.to_string()),
    }
}

fn value(text: &Option<Scalar<Str>>) -> CfnValue {
    text.as_ref()
        .and_then(check::text)
        .map_or_else(check::spliced, CfnValue::from)
}

/// The model the rule book checks, with the places of its fields.
pub(crate) fn model(decl: &ReportPlanDecl, spans: &mut Spans) -> ReportPlan {
    let path = format!("report_plans[{}]", decl.id.text);
    spans.add(&path, decl.id.span);
    let template = decl
        .template
        .as_ref()
        .map_or(String::new(), Ident::to_string);
    if let Some(word) = &decl.template {
        spans.add(format!("{path}.template"), word.span());
    }
    let mut plan = ReportPlan::new(
        decl.id.text.clone(),
        template_model(&template),
        value(&decl.bucket),
    );
    if let Some(name) = decl.name.as_ref().and_then(check::text) {
        spans.add(
            format!("{path}.name"),
            decl.name.as_ref().map_or(decl.id.span.into(), Scalar::span),
        );
        plan = plan.name(name);
    }
    if let Some(description) = decl.description.as_ref().and_then(check::text) {
        let place = decl
            .description
            .as_ref()
            .map_or(decl.id.span.into(), Scalar::span);
        spans.add(format!("{path}.description"), place);
        plan = plan.description(description);
    }
    for (key, span) in &decl.places {
        spans.add(format!("{path}.{key}"), *span);
    }
    for (index, format) in decl.formats.iter().enumerate() {
        spans.add(format!("{path}.formats[{index}]"), format.span());
        plan = plan.format(format_model(&format.to_string()));
    }
    if decl.key_prefix.is_some() {
        plan = plan.key_prefix(value(&decl.key_prefix));
    }
    for (index, framework) in decl.frameworks.iter().enumerate() {
        let (reference, place) = match framework {
            FrameworkValue::InStack(name) => {
                (FrameworkRef::InStack(name.text.clone()), name.span.into())
            }
            FrameworkValue::Arn(arn) => (FrameworkRef::Arn(value(&Some(arn.clone()))), arn.span()),
        };
        spans.add(format!("{path}.frameworks[{index}]"), place);
        plan = plan.framework(reference);
    }
    for account in &decl.accounts {
        plan = plan.account(account);
    }
    for unit in &decl.organization_units {
        plan = plan.organization_unit(unit);
    }
    for region in &decl.regions {
        plan = plan.region(region);
    }
    plan
}

/// The builder chain of the declaration.
pub(crate) fn expand(code: &mut Code, decl: &ReportPlanDecl) {
    let template = decl
        .template
        .as_ref()
        .map_or(String::new(), Ident::to_string);
    code.path("ReportPlan::new(").str(&decl.id.text).push(",");
    match TEMPLATES.iter().find(|(text, _)| *text == template) {
        Some((_, variant)) => {
            code.path("ReportTemplate::").push(variant);
        }
        None => {
            code.path("ReportTemplate::Other(::std::string::String::from(")
                .str(&template)
                .push("))");
        }
    }
    code.push(",");
    expand::string_or(code, &decl.bucket, "\"\"");
    code.push(")");
    let optional = [(".name(", &decl.name), (".description(", &decl.description)];
    for (method, value) in optional {
        if let Some(value) = value {
            code.push(method);
            expand::string(code, value);
            code.push(")");
        }
    }
    for format in &decl.formats {
        code.push(".format(");
        match format.to_string().as_str() {
            "CSV" => code.path("ReportFormat::Csv"),
            "JSON" => code.path("ReportFormat::Json"),
            other => code
                .path("ReportFormat::Other(::std::string::String::from(")
                .str(other)
                .push("))"),
        };
        code.push(")");
    }
    if let Some(prefix) = &decl.key_prefix {
        code.push(".key_prefix(");
        expand::string(code, prefix);
        code.push(")");
    }
    for framework in &decl.frameworks {
        code.push(".framework(");
        match framework {
            FrameworkValue::InStack(name) => {
                code.path("FrameworkRef::InStack(::std::string::String::from(")
                    .str(&name.text)
                    .push("))");
            }
            FrameworkValue::Arn(arn) => {
                code.path("FrameworkRef::Arn(").path("CfnValue::from(");
                expand::string(code, arn);
                code.push("))");
            }
        }
        code.push(")");
    }
    let lists = [
        (".account(", &decl.accounts),
        (".organization_unit(", &decl.organization_units),
        (".region(", &decl.regions),
    ];
    for (method, values) in lists {
        for value in values {
            code.push(method).str(value).push(")");
        }
    }
}

//! `framework Name { … control NAME { … } }`: an AWS Backup Audit Manager framework
//! (`AWS::Backup::Framework`) — its parse, its model for the rule book, and its expansion.
//!
//! The macro's set of controls is closed: a control name that is not one of the 11 is a
//! compile error with did-you-mean (`rules::check_control_name`), where the builder takes it
//! with a warning. Parameters are written with AWS's `ParameterName`s; their names, values and
//! scopes are checked by the rule book at compile time. The proof of each control against the
//! invocation's own plans and vaults runs at compile time too (`crate::proof`); against the
//! whole stack, at synthesis (`Stack::synth`).

use backup_synth::{rules, Control, ControlName, ControlScope, Framework};
use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};

use crate::ast::{self, Block, Name};
use crate::check::{self, Spans};
use crate::code::Code;
use crate::diag::{Diagnostics, Place};
use crate::expand;
use crate::tree::{self, span_of, Entry};
use crate::values::{self, Scalar, Str};

/// The keys and items of a framework.
pub(crate) const FRAMEWORK: Block = Block {
    what: "a framework",
    keys: &["name", "description"],
    items: &["control"],
};

/// `framework Name { … }`.
pub struct FrameworkDecl {
    /// Construct id.
    pub id: Name,
    /// `name`: `FrameworkName`.
    pub name: Option<Scalar<Str>>,
    /// `description`.
    pub description: Option<Scalar<Str>>,
    /// The `control` items, in order.
    pub controls: Vec<ControlDecl>,
}

/// `control NAME { parameterName: value, …, scope: { … } }` or `control NAME;`.
pub struct ControlDecl {
    /// `ControlName`, as written.
    pub name: Name,
    /// `(ParameterName, ParameterValue, place)`, in order.
    pub parameters: Vec<(String, String, Place)>,
    /// `scope: { tags: { "k": "v" }, types: [ … ], ids: [ … ] }`.
    pub scope: ScopeDecl,
    /// Where `scope` was written.
    pub scope_span: Option<Span>,
}

/// A control's scope.
#[derive(Default)]
pub struct ScopeDecl {
    /// Tag pairs.
    pub tags: Vec<(String, String)>,
    /// Resource types.
    pub types: Vec<String>,
    /// Resource ids.
    pub ids: Vec<String>,
}

/// Parses `framework Name { … }`.
pub fn parse(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<Group>,
    diagnostics: &mut Diagnostics,
) -> Option<FrameworkDecl> {
    let id = ast::id(keyword, header, diagnostics)?;
    ast::extra_tokens(&header[1..], diagnostics);
    let tokens = ast::body_or_report(keyword, body, diagnostics);
    let mut decl = FrameworkDecl {
        id,
        name: None,
        description: None,
        controls: Vec::new(),
    };
    for entry in ast::block_entries(&FRAMEWORK, tokens, diagnostics) {
        match entry {
            Entry::Key { key, value } if key == "name" => {
                decl.name = values::string(&key, &value, diagnostics);
            }
            Entry::Key { key, value } => {
                decl.description = values::string(&key, &value, diagnostics);
            }
            Entry::Item {
                keyword,
                header,
                body,
            } => decl
                .controls
                .extend(control(&keyword, &header, body, diagnostics)),
        }
    }
    Some(decl)
}

fn control(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<Group>,
    diagnostics: &mut Diagnostics,
) -> Option<ControlDecl> {
    let Some(TokenTree::Ident(name)) = header.first() else {
        diagnostics.error(
            span_of(header, keyword.span()),
            "`control` needs a control name\n= help: write `control BACKUP_RECOVERY_POINT_ENCRYPTED;` or `control NAME { parameter: value }`",
        );
        return None;
    };
    ast::extra_tokens(&header[1..], diagnostics);
    let mut decl = ControlDecl {
        name: Name {
            text: name.to_string(),
            span: name.span(),
        },
        parameters: Vec::new(),
        scope: ScopeDecl::default(),
        scope_span: None,
    };
    let Some(body) = body else {
        return Some(decl);
    };
    let mut seen: Vec<String> = Vec::new();
    for entry in tree::entries(body.stream(), &[] as &[&str], diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        let text = key.to_string();
        if seen.contains(&text) {
            diagnostics.error(
                key.span(),
                format!("`{key}` is given twice in a control\n= help: remove one of them"),
            );
            continue;
        }
        seen.push(text.clone());
        if text == "scope" {
            decl.scope_span = Some(key.span());
            decl.scope = scope(&key, &value, diagnostics);
        } else if let Some(read) = parameter_value(&key, &value, diagnostics) {
            let end = value.last().map_or(key.span(), TokenTree::span);
            let place = Place {
                start: key.span(),
                end,
            };
            decl.parameters.push((text, read, place));
        }
    }
    Some(decl)
}

/// A parameter's value: a whole number, a string, or a list of strings (joined with `,`, as
/// AWS's list parameters are written).
fn parameter_value(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    match value {
        [TokenTree::Literal(lit)] if lit.to_string().bytes().all(|b| b.is_ascii_digit()) => {
            Some(lit.to_string())
        }
        [token] if values::string_literal(token).is_some() => {
            values::string_literal(token).map(|s| s.text)
        }
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Bracket => {
            let items = string_list(key, value, diagnostics)?;
            Some(items.join(","))
        }
        _ => {
            let found: TokenStream = value.iter().cloned().collect();
            diagnostics.error(
                span_of(value, key.span()),
                format!(
                    "control parameter `{key}` takes a whole number, a string or a list of strings, found `{found}`\n= help: write the value as AWS's `ParameterValue`: a whole number (`{key}: 35`), a string (`{key}: \"days\"`) or a list of strings joined with `,` (`{key}: [\"us-west-2\", \"eu-west-1\"]`)"
                ),
            );
            None
        }
    }
}

fn string_list(
    key: &Ident,
    value: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<String>> {
    let (items, _) = values::list(key, value, diagnostics)?;
    let mut read = Vec::new();
    for item in items {
        match item.as_slice() {
            [token] if values::string_literal(token).is_some() => {
                read.extend(values::string_literal(token).map(|s| s.text));
            }
            other => diagnostics.error(
                span_of(other, key.span()),
                format!(
                    "`{key}` takes a list of string literals, found `{}`\n= help: write `{key}: [\"…\", \"…\"]`",
                    other.iter().cloned().collect::<TokenStream>()
                ),
            ),
        }
    }
    Some(read)
}

fn scope(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> ScopeDecl {
    let mut scope = ScopeDecl::default();
    let [TokenTree::Group(group)] = value else {
        let found: TokenStream = value.iter().cloned().collect();
        diagnostics.error(
            span_of(value, key.span()),
            format!("`scope` takes a block `{{ tags: {{ \"key\": \"value\" }} }}`, `{{ types: [ … ] }}` or `{{ ids: [ … ] }}`, found `{found}`\n= help: write `scope: {{ tags: {{ \"backup\": \"daily\" }} }}`"),
        );
        return scope;
    };
    for entry in tree::entries(group.stream(), &[] as &[&str], diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        match key.as_str() {
            "tags" => scope.tags = tags(&key, &value, diagnostics),
            "types" => scope.types = string_list(&key, &value, diagnostics).unwrap_or_default(),
            "ids" => scope.ids = string_list(&key, &value, diagnostics).unwrap_or_default(),
            other => {
                let help = crate::diag::did_you_mean(other, &["tags", "types", "ids"]).map_or_else(
                    || "write `scope: { tags: { \"key\": \"value\" } }`".to_string(),
                    |close| format!("did you mean `{close}`?"),
                );
                diagnostics.error(
                    key.span(),
                    format!("`{key}` is not a key of a control scope; it takes `tags`, `types`, `ids`\n= help: {help}"),
                );
            }
        }
    }
    scope
}

fn tags(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> Vec<(String, String)> {
    let pairs = match value {
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Brace => values::string_map(g),
        _ => None,
    };
    match pairs {
        Some(pairs) => pairs.into_iter().map(|(k, v)| (k.text, v.text)).collect(),
        None => {
            let found: TokenStream = value.iter().cloned().collect();
            diagnostics.error(
                span_of(value, key.span()),
                format!("`tags` takes a map `{{ \"key\": \"value\" }}`, found `{found}`\n= help: write `tags: {{ \"backup\": \"daily\" }}`"),
            );
            Vec::new()
        }
    }
}

/// The macro's closed set: a control name that is not one of the 11 is an error here, with
/// the rule book's words (the builder takes it with a warning).
pub(crate) fn check_names(decl: &FrameworkDecl, diagnostics: &mut Diagnostics) {
    for control in &decl.controls {
        if let Err(violation) = rules::check_control_name(&control.name.text) {
            diagnostics.violation(control.name.span.into(), &violation);
        }
    }
}

fn scope_model(scope: &ScopeDecl) -> ControlScope {
    let mut model = ControlScope::default();
    for (key, value) in &scope.tags {
        model = model.tag(key, value);
    }
    for ty in &scope.types {
        model = model.resource_type(ty);
    }
    for id in &scope.ids {
        model = model.resource_id(id);
    }
    model
}

/// The model the rule book checks, with the places of its fields.
pub(crate) fn model(decl: &FrameworkDecl, spans: &mut Spans) -> Framework {
    let path = format!("frameworks[{}]", decl.id.text);
    spans.add(&path, decl.id.span);
    let mut framework = Framework::new(decl.id.text.clone());
    if let Some(name) = decl.name.as_ref().and_then(check::text) {
        spans.add(
            format!("{path}.name"),
            decl.name.as_ref().map_or(decl.id.span.into(), Scalar::span),
        );
        framework = framework.name(name);
    }
    if let Some(description) = decl.description.as_ref().and_then(check::text) {
        let place = decl
            .description
            .as_ref()
            .map_or(decl.id.span.into(), Scalar::span);
        spans.add(format!("{path}.description"), place);
        framework = framework.description(description);
    }
    for (index, control) in decl.controls.iter().enumerate() {
        let at = format!("{path}.controls[{index}]");
        spans.add(&at, control.name.span);
        let mut model = Control::new(ControlName::from_name(&control.name.text));
        for (p, (name, value, place)) in control.parameters.iter().enumerate() {
            spans.add(format!("{at}.parameters[{p}]"), *place);
            model = model.parameter_value(name, value);
        }
        if let Some(span) = control.scope_span {
            spans.add(format!("{at}.scope"), span);
        }
        framework = framework.control(model.scope(scope_model(&control.scope)));
    }
    framework
}

/// The builder chain of the declaration.
pub(crate) fn expand(code: &mut Code, decl: &FrameworkDecl) {
    code.path("Framework::new(").str(&decl.id.text).push(")");
    if let Some(name) = &decl.name {
        code.push(".name(");
        expand::string(code, name);
        code.push(")");
    }
    if let Some(description) = &decl.description {
        code.push(".description(");
        expand::string(code, description);
        code.push(")");
    }
    for control in &decl.controls {
        code.push(".control(");
        control_expr(code, control);
        code.push(")");
    }
}

fn control_expr(code: &mut Code, control: &ControlDecl) {
    code.path("Control::named(")
        .str(&control.name.text)
        .push(")");
    for (parameter, value, _) in &control.parameters {
        code.push(".parameter_value(")
            .str(parameter)
            .push(",")
            .str(value)
            .push(")");
    }
    let scope = &control.scope;
    if control.scope_span.is_some() {
        code.push(".scope(").path("ControlScope::default()");
        for (key, value) in &scope.tags {
            code.push(".tag(").str(key).push(",").str(value).push(")");
        }
        for ty in &scope.types {
            code.push(".resource_type(").str(ty).push(")");
        }
        for id in &scope.ids {
            code.push(".resource_id(").str(id).push(")");
        }
        code.push(")");
    }
}

//! `organization Name { targets: [...], regions: [...], … }`: the invocation's plans, vaults,
//! keys and topics become an `OrgBackup` (a member template, a service-managed StackSet and an
//! AWS Organizations backup policy) — its parse, its model for the rule book, its shape rules
//! and its expansion, in one place.

use backup_synth::{OrgBackup, OrgTarget, Problem, Stack, StackItem};
use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};

use crate::ast::{self, Block, Invocation, Name};
use crate::check::Spans;
use crate::code::Code;
use crate::diag::{Diagnostics, Place};
use crate::expand;
use crate::tree::{span_of, Entry};
use crate::values::{self, Scalar, Str};

/// The keys of an organization block.
pub(crate) const ORGANIZATION: Block = Block {
    what: "an organization",
    keys: &[
        "targets",
        "regions",
        "role_name",
        "management_account",
        "description",
    ],
    items: &[],
};

/// One entry of `targets`.
pub enum TargetValue {
    /// A root, OU or account id (or `{ expr }`, an `impl Into<OrgTarget>`).
    Id(Scalar<Str>),
    /// `account_in("<account>", "<ou>")`: an account, reached by the StackSet through its OU.
    AccountIn(Scalar<Str>, Scalar<Str>, Place),
}

/// `organization Name { … }`.
pub struct OrganizationDecl {
    /// Construct id.
    pub id: Name,
    /// `targets`, and the span of the key.
    pub targets: (Vec<TargetValue>, Option<Span>),
    /// `regions`, and the span of the key.
    pub regions: (Vec<Scalar<Str>>, Option<Span>),
    /// `role_name`.
    pub role_name: Option<Scalar<Str>>,
    /// `management_account`.
    pub management_account: Option<Scalar<Str>>,
    /// `description`.
    pub description: Option<Scalar<Str>>,
}

/// Parses `organization Name { … }`.
pub fn parse(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<OrganizationDecl> {
    let id = ast::id(keyword, header, diagnostics)?;
    ast::extra_tokens(&header[1..], diagnostics);
    let tokens = ast::body_or_report(keyword, body, diagnostics);
    let mut decl = OrganizationDecl {
        id,
        targets: (Vec::new(), None),
        regions: (Vec::new(), None),
        role_name: None,
        management_account: None,
        description: None,
    };
    for entry in ast::block_entries(&ORGANIZATION, tokens, diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        match key.as_str() {
            "targets" => decl.targets = (targets(&key, &value, diagnostics), Some(key.span())),
            "regions" => decl.regions = (strings(&key, &value, diagnostics), Some(key.span())),
            "role_name" => decl.role_name = values::string(&key, &value, diagnostics),
            "management_account" => {
                decl.management_account = values::string(&key, &value, diagnostics);
            }
            _ => decl.description = values::string(&key, &value, diagnostics),
        }
    }
    Some(decl)
}

/// One string literal or `{ expr }` item of a list.
fn string_item(
    key: &Ident,
    item: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Scalar<Str>> {
    if let Some((expr, span)) = values::splice(item) {
        return Some(Scalar::Splice(expr, span.into()));
    }
    if let [token] = item {
        if let Some(s) = values::string_literal(token) {
            let span = s.span();
            return Some(Scalar::Lit(s, span.into()));
        }
    }
    diagnostics.error(
        span_of(item, key.span()),
        format!(
            "`{key}` takes string literals or `{{ expr }}`, found `{}`",
            item.iter().cloned().collect::<TokenStream>()
        ),
    );
    None
}

fn strings(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> Vec<Scalar<Str>> {
    let Some((items, _)) = values::list(key, value, diagnostics) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| string_item(key, item, diagnostics))
        .collect()
}

fn targets(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> Vec<TargetValue> {
    let Some((items, _)) = values::list(key, value, diagnostics) else {
        return Vec::new();
    };
    let mut read = Vec::new();
    for item in items {
        match item.as_slice() {
            [TokenTree::Ident(helper), TokenTree::Group(args)]
                if helper == "account_in" && args.delimiter() == Delimiter::Parenthesis =>
            {
                let parts = values::split_commas(args);
                let place = Place {
                    start: helper.span(),
                    end: args.span(),
                };
                match parts.as_slice() {
                    [account, ou] => {
                        let account = string_item(key, account, diagnostics);
                        let ou = string_item(key, ou, diagnostics);
                        if let (Some(account), Some(ou)) = (account, ou) {
                            read.push(TargetValue::AccountIn(account, ou, place));
                        }
                    }
                    _ => diagnostics.error(
                        place,
                        "`account_in` takes an account id and the id of its OU\n= help: write `account_in(\"111122223333\", \"ou-ab12-cdef3456\")`",
                    ),
                }
            }
            other => read.extend(string_item(key, other, diagnostics).map(TargetValue::Id)),
        }
    }
    read
}

/// The shape of an invocation with an organization: no `in stack;`, one organization, at
/// least one plan, and only what a member template or a policy holds.
pub(crate) fn check_shape(invocation: &Invocation, diagnostics: &mut Diagnostics) {
    let Some(org) = invocation.organizations.first() else {
        return;
    };
    if invocation.target.is_some() {
        diagnostics.error(
            org.id.span,
            "an organization cannot go into a stack; it makes its own (a management stack with the StackSet and the backup policy, and the member template)\n= help: remove `in stack;`: `backup_plan!` then gives the `OrgBackup`",
        );
    }
    for extra in &invocation.organizations[1..] {
        diagnostics.error(
            extra.id.span,
            "a second organization in one `backup_plan!`\n= help: declare each organization in its own `backup_plan!`",
        );
    }
    if invocation.plans.is_empty() {
        diagnostics.error(
            org.id.span,
            format!("organization `{}` has no plan; its backup policy would be empty\n= help: add `plan Name {{ … }}` beside the organization block", org.id.text),
        );
    }
    let outside = invocation
        .restore_testing_plans
        .iter()
        .map(|d| (&d.id, "a restore testing plan"))
        .chain(
            invocation
                .tiering_configurations
                .iter()
                .map(|d| (&d.id, "a tiering configuration")),
        )
        .chain(
            invocation
                .legal_holds
                .iter()
                .map(|d| (&d.id, "a legal hold")),
        )
        .chain(invocation.frameworks.iter().map(|d| (&d.id, "a framework")))
        .chain(
            invocation
                .report_plans
                .iter()
                .map(|d| (&d.id, "a report plan")),
        );
    for (id, what) in outside {
        diagnostics.error(
            id.span,
            format!("{what} is not part of an organization: its member template holds vaults, keys and topics, its backup policy the plans\n= help: declare it in another `backup_plan!` with `in stack;`"),
        );
    }
}

fn text(value: &Scalar<Str>, placeholder: String) -> String {
    value.literal().map_or(placeholder, |s| s.text.clone())
}

/// The organization the rule book checks: the invocation's model stack's vaults, keys, topics
/// and plans, with the block's targets and Regions (a spliced one stands in as a valid id, so
/// it is checked at synthesis). Places are recorded under the paths the organization reports,
/// without their `organization[<id>].` prefix.
fn model(decl: &OrganizationDecl, stack: &Stack, spans: &mut Spans) -> OrgBackup {
    let mut org = OrgBackup::new(decl.id.text.clone());
    spans.add("id", decl.id.span);
    spans.add("policy", decl.id.span);
    spans.add("targets", decl.targets.1.unwrap_or(decl.id.span));
    for (index, target) in decl.targets.0.iter().enumerate() {
        let stand_in = || format!("ou-spliced-{index:08}");
        let (model, place) = match target {
            TargetValue::Id(id) => (OrgTarget::new(text(id, stand_in())), id.span()),
            TargetValue::AccountIn(account, ou, place) => (
                OrgTarget::account_in(text(account, format!("{index:012}")), text(ou, stand_in())),
                *place,
            ),
        };
        spans.add(format!("targets[{index}]"), place);
        org = org.target(model);
    }
    spans.add("regions", decl.regions.1.unwrap_or(decl.id.span));
    for (index, region) in decl.regions.0.iter().enumerate() {
        spans.add(format!("regions[{index}]"), region.span());
        org = org.region(text(region, format!("spliced-region-{index}")));
    }
    if let Some(name) = decl.role_name.as_ref().and_then(Scalar::literal) {
        org = org.role_name(name.text.clone());
    }
    if let Some(account) = &decl.management_account {
        spans.add("management_account", account.span());
        org = org.management_account(text(account, "000000000000".to_string()));
    }
    for item in stack.items() {
        org = match item {
            StackItem::Vault(vault) => org.vault(vault.clone()),
            StackItem::AirGappedVault(vault) => org.air_gapped_vault(vault.clone()),
            StackItem::Key(key) => org.key(key.clone()),
            StackItem::Topic(topic) => org.topic(topic.clone()),
            StackItem::Plan(plan) => org.plan(plan.clone()),
            _ => org,
        };
    }
    org
}

/// The problems of the organization made of `stack`'s items, paths without the
/// `organization[<id>].` prefix (the places recorded by the plans' and vaults' models).
pub(crate) fn problems(decl: &OrganizationDecl, stack: &Stack, spans: &mut Spans) -> Vec<Problem> {
    let org = model(decl, stack, spans);
    let prefix = format!("organization[{}].", decl.id.text);
    // A spliced role name is known at synthesis only: whether selections name it is checked then.
    let role_known = !matches!(decl.role_name, Some(Scalar::Splice(..)));
    org.validate_model()
        .into_iter()
        .filter(|p| role_known || p.violation.rule != "org-role-exists")
        .map(|mut problem| {
            if let Some(rest) = problem.path.strip_prefix(&prefix) {
                problem.path = rest.to_string();
            }
            problem
        })
        .collect()
}

/// The builder chain: `OrgBackup::new(..)` with the block's keys and the `members` the
/// closure writes (the invocation's `.key(..)`, `.vault(..)`, `.plan(..)` calls).
pub(crate) fn expand(code: &mut Code, decl: &OrganizationDecl, members: impl FnOnce(&mut Code)) {
    code.path("OrgBackup::new(").str(&decl.id.text).push(")");
    for target in &decl.targets.0 {
        code.push(".target(");
        match target {
            TargetValue::Id(id) => expand::string(code, id),
            TargetValue::AccountIn(account, ou, _) => {
                code.path("OrgTarget::account_in(");
                expand::string(code, account);
                code.push(",");
                expand::string(code, ou);
                code.push(")");
            }
        }
        code.push(")");
    }
    for region in &decl.regions.0 {
        code.push(".region(");
        expand::string(code, region);
        code.push(")");
    }
    let keys = [
        (".role_name(", &decl.role_name),
        (".management_account(", &decl.management_account),
        (".description(", &decl.description),
    ];
    for (method, value) in keys.into_iter() {
        if let Some(value) = value {
            code.push(method);
            expand::string(code, value);
            code.push(")");
        }
    }
    members(code);
}

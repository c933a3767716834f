//! The expand stage: each declaration becomes the public builder chain a person would write,
//! through the facade's hidden path (`$crate::__private`), with `::core` for std items.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::ast::{
    AirGappedDecl, Comparison, ConditionDecl, CopyDecl, Invocation, LockDecl, PlanDecl,
    ResourceDecl, RestoreSelectionDecl, RestoreTestingPlanDecl, RestoreVault, RuleDecl,
    SelectionDecl, VaultDecl, VaultValue,
};
use crate::check::{new_vaults, Declared};
use crate::values::{Scalar, Str};

/// The expansion of a checked invocation.
pub fn expand(invocation: &Invocation) -> TokenStream {
    // One `use $crate::__private as __backup_dsl;` per invocation keeps every path short (fewer
    // tokens for the compiler to carry); the alias is hygienic (mixed-site).
    let krate = &invocation.krate;
    let alias = Ident::new("__backup_dsl", Span::mixed_site());
    let k = &quote! { #alias };
    let declared = Declared::new(invocation);
    if let Some(org) = invocation.organizations.first() {
        let members = organization_members(k, invocation, &declared);
        let org = crate::organization::expand(k, org, members);
        return quote! {{ use #krate::__private as #alias; #org }};
    }
    let Some(target) = &invocation.target else {
        // Parsing guarantees exactly one plan and no vault declaration here.
        let Some(plan) = invocation.plans.first() else {
            return TokenStream::new();
        };
        let plan = plan_expr(k, plan, &declared);
        return quote! {{ use #krate::__private as #alias; #plan }};
    };
    // `stack.add(item);` per item: method-call syntax takes a `Stack` place or a `&mut Stack`.
    let target = invisible(target.clone());
    let mut items = Vec::new();
    for decl in crate::keys::all_keys(invocation) {
        items.push(crate::keys::expand_key(k, decl));
    }
    for decl in crate::keys::all_topics(invocation) {
        items.push(crate::keys::expand_topic(k, decl));
    }
    for vault in &invocation.vaults {
        items.push(vault_expr(k, vault));
    }
    for vault in &invocation.air_gapped_vaults {
        items.push(air_gapped_expr(k, vault));
    }
    for plan in &invocation.plans {
        items.extend(new_vaults(plan).map(|vault| vault_expr(k, vault)));
        items.push(plan_expr(k, plan, &declared));
    }
    for plan in &invocation.restore_testing_plans {
        items.push(restore_plan_expr(k, plan, &declared));
    }
    for decl in &invocation.tiering_configurations {
        items.push(crate::tiering::expand(k, decl, &declared));
    }
    for decl in &invocation.legal_holds {
        items.push(crate::legal_hold::expand(k, decl, &declared));
    }
    for decl in &invocation.frameworks {
        items.push(crate::framework::expand(k, decl));
    }
    for decl in &invocation.report_plans {
        items.push(crate::report_plan::expand(k, decl));
    }
    if items.is_empty() {
        return quote! {{}};
    }
    quote! {{ use #krate::__private as #alias; #( #target.add(#items); )* }}
}

/// The invocation's keys, topics, vaults and plans as an organization's builder calls.
fn organization_members(
    k: &TokenStream,
    invocation: &Invocation,
    declared: &Declared,
) -> TokenStream {
    let mut calls = TokenStream::new();
    for decl in crate::keys::all_keys(invocation) {
        let key = crate::keys::expand_key(k, decl);
        calls.extend(quote! { .key(#key) });
    }
    for decl in crate::keys::all_topics(invocation) {
        let topic = crate::keys::expand_topic(k, decl);
        calls.extend(quote! { .topic(#topic) });
    }
    for vault in &invocation.vaults {
        let vault = vault_expr(k, vault);
        calls.extend(quote! { .vault(#vault) });
    }
    for vault in &invocation.air_gapped_vaults {
        let vault = air_gapped_expr(k, vault);
        calls.extend(quote! { .air_gapped_vault(#vault) });
    }
    for plan in &invocation.plans {
        for vault in new_vaults(plan) {
            let vault = vault_expr(k, vault);
            calls.extend(quote! { .vault(#vault) });
        }
        let plan = plan_expr(k, plan, declared);
        calls.extend(quote! { .plan(#plan) });
    }
    calls
}

/// An expression wrapped in invisible delimiters: precedence kept, no `unused_parens`.
pub(crate) fn invisible(tokens: TokenStream) -> TokenStream {
    proc_macro2::TokenTree::Group(Group::new(Delimiter::None, tokens)).into()
}

pub(crate) fn string(value: &Scalar<Str>) -> TokenStream {
    match value {
        Scalar::Lit(s, _) => {
            let literal = &s.literal;
            quote! { #literal }
        }
        Scalar::Splice(expr, _) => invisible(expr.clone()),
    }
}

pub(crate) fn boolean(value: &Scalar<bool>) -> TokenStream {
    match value {
        Scalar::Lit(b, place) => quote_spanned! {place.start=> #b },
        Scalar::Splice(expr, place) => typed_splice(
            quote_spanned! {place.start=> ::core::primitive::bool },
            expr,
        ),
    }
}

/// A splice bound to the concrete type the builder method takes. A value of the wrong type is
/// then reported as "expected `T`, found `U`" at the user's tokens alone, without rustc's
/// "method defined here" note, which would print a path into this crate's source (and so into
/// a user's trybuild snapshot). The binding's own tokens are the macro's (mixed-site), so no
/// lint of the user's code sees them.
fn typed_splice(ty: TokenStream, expr: &TokenStream) -> TokenStream {
    let expr = invisible(expr.clone());
    let value = proc_macro2::Ident::new("__value", Span::mixed_site());
    quote_spanned! {Span::mixed_site()=> { let #value: #ty = #expr; #value } }
}

pub(crate) fn duration(k: &TokenStream, value: &Scalar<backup_synth::Duration>) -> TokenStream {
    match value {
        Scalar::Lit(d, _) => {
            let amount = d.amount();
            let unit = match d.unit() {
                backup_synth::TimeUnit::Seconds => quote!(seconds),
                backup_synth::TimeUnit::Minutes => quote!(minutes),
                backup_synth::TimeUnit::Hours => quote!(hours),
                backup_synth::TimeUnit::Days => quote!(days),
            };
            quote! { #k::Duration::#unit(#amount) }
        }
        Scalar::Splice(expr, place) => {
            typed_splice(quote_spanned! {place.start=> #k::Duration }, expr)
        }
    }
}

pub(crate) fn name_literal(text: &str) -> TokenStream {
    let literal = proc_macro2::Literal::string(text);
    quote! { #literal }
}

pub(crate) fn vault_ref(k: &TokenStream, value: &VaultValue, declared: &Declared) -> TokenStream {
    match value {
        VaultValue::New(decl) => {
            let id = name_literal(&decl.id.text);
            quote! { #k::VaultRef::in_stack(#id) }
        }
        VaultValue::InStack(name) if declared.is_air_gapped(&name.text) => {
            let id = name_literal(&name.text);
            quote! { #k::VaultRef::air_gapped(#id) }
        }
        VaultValue::InStack(name) => {
            let id = name_literal(&name.text);
            quote! { #k::VaultRef::in_stack(#id) }
        }
        VaultValue::FromName(name) => {
            let name = string(name);
            quote! { #k::VaultRef::from_name(#name) }
        }
        VaultValue::FromArn(arn) => {
            let arn = string(arn);
            quote! { #k::VaultRef::from_arn(#arn) }
        }
        VaultValue::Splice(expr, _) => invisible(expr.clone()),
    }
}

fn plan_expr(k: &TokenStream, plan: &PlanDecl, declared: &Declared) -> TokenStream {
    let id = name_literal(&plan.id.text);
    let constructor = plan
        .ready_made
        .clone()
        .unwrap_or_else(|| format_ident!("new"));
    let mut chain = quote! { #k::BackupPlan::#constructor(#id) };
    plan.properties.expand(k, &mut chain);
    if let Some(vault) = &plan.vault {
        let vault = vault_ref(k, vault, declared);
        chain.extend(quote! { .vault(#vault) });
    }
    if let Some(setting) = &plan.scan_setting {
        chain.extend(crate::scan::expand(k, setting));
    }
    if let Some(options) = &plan.s3_backup_options {
        chain.extend(crate::s3_options::expand(k, options));
    }
    for rule in &plan.rules {
        let rule = rule_expr(k, rule, declared);
        chain.extend(quote! { .rule(#rule) });
    }
    for selection in &plan.selections {
        let selection = selection_expr(k, selection);
        chain.extend(quote! { .selection(#selection) });
    }
    chain
}

fn rule_expr(k: &TokenStream, rule: &RuleDecl, declared: &Declared) -> TokenStream {
    if let Some((name, vault)) = &rule.ready_made {
        let vault = vault.as_ref().map(|v| {
            let v = vault_ref(k, v, declared);
            quote! { .vault(#v) }
        });
        return quote! { #k::BackupPlanRule::#name() #vault };
    }
    let mut chain = quote! { #k::BackupPlanRule::new() };
    if let Some(name) = &rule.name {
        let name = name_literal(&name.text);
        chain.extend(quote! { .name(#name) });
    }
    rule.properties.expand(k, &mut chain);
    if let Some(mode) = &rule.scan_mode {
        let mode = if mode == "full" {
            quote! { #k::ScanMode::Full }
        } else {
            quote! { #k::ScanMode::Incremental }
        };
        chain.extend(quote! { .scan_action(#mode) });
    }
    if let Some(types) = &rule.index_actions {
        let types = types.iter().map(|(t, _)| {
            let t = name_literal(t);
            quote! { #k::IndexActionResourceType::from_name(#t) }
        });
        chain.extend(quote! { .index_action([#(#types),*]) });
    }
    if let Some(vault) = &rule.vault {
        let vault = vault_ref(k, vault, declared);
        chain.extend(quote! { .vault(#vault) });
    }
    if let Some(vault) = &rule.logically_air_gapped_vault {
        let vault = vault_ref(k, vault, declared);
        chain.extend(quote! { .logically_air_gapped_vault(#vault) });
    }
    for copy in &rule.copies {
        let copy = copy_expr(k, copy, declared);
        chain.extend(quote! { .copy_action(#copy) });
    }
    chain
}

fn copy_expr(k: &TokenStream, copy: &CopyDecl, declared: &Declared) -> TokenStream {
    let destination = vault_ref(k, &copy.destination, declared);
    let mut chain = quote! { #k::BackupPlanCopyAction::new(#destination) };
    copy.properties.expand(k, &mut chain);
    chain
}

fn selection_expr(k: &TokenStream, selection: &SelectionDecl) -> TokenStream {
    let id = name_literal(&selection.id.text);
    let mut chain = quote! { #k::BackupSelection::new(#id) };
    selection.properties.expand(k, &mut chain);
    for resource in selection.resources.iter().flat_map(|(list, _)| list) {
        let resource = resource_expr(k, resource);
        chain.extend(quote! { .resource(#resource) });
    }
    for condition in selection.all_of.iter().flat_map(|(list, _)| list) {
        let condition = condition_expr(k, condition);
        chain.extend(quote! { .condition(#condition) });
    }
    for excluded in selection.not_resources.iter().flat_map(|(list, _)| list) {
        let arn = match excluded {
            ResourceDecl::Helper { argument, .. } => string(argument),
            ResourceDecl::Splice(expr, _) => invisible(expr.clone()),
            _ => TokenStream::new(),
        };
        chain.extend(quote! { .exclude(#arn) });
    }
    chain
}

fn condition_expr(k: &TokenStream, condition: &ConditionDecl) -> TokenStream {
    match condition {
        ConditionDecl::Tag {
            key,
            comparison,
            value,
            ..
        } => {
            let (key, value) = (&key.literal, &value.literal);
            let constructor = match comparison {
                Comparison::Equals => quote!(equals),
                Comparison::NotEquals => quote!(not_equals),
                Comparison::Like => quote!(like),
                Comparison::NotLike => quote!(not_like),
            };
            quote! { #k::TagCondition::#constructor(#key, #value) }
        }
        ConditionDecl::Splice(expr, _) => invisible(expr.clone()),
        // Never expanded: a malformed entry is a compile error.
        ConditionDecl::Invalid => TokenStream::new(),
    }
}

fn resource_expr(k: &TokenStream, resource: &ResourceDecl) -> TokenStream {
    match resource {
        ResourceDecl::Tag { key, value, .. } => {
            let (key, value) = (&key.literal, &value.literal);
            quote! { #k::BackupResource::tag(#key, #value) }
        }
        ResourceDecl::Helper { kind, argument } => {
            let argument = string(argument);
            quote! { #k::BackupResource::#kind(#argument) }
        }
        ResourceDecl::Splice(expr, _) => invisible(expr.clone()),
        // Never expanded: a malformed entry is a compile error.
        ResourceDecl::Invalid => TokenStream::new(),
    }
}

fn vault_expr(k: &TokenStream, vault: &VaultDecl) -> TokenStream {
    let id = name_literal(&vault.id.text);
    let mut chain = quote! { #k::BackupVault::new(#id) };
    chain.extend(crate::keys::expand_vault_refs(
        k,
        &vault.encryption_key,
        &vault.notification_topic,
    ));
    vault.properties.expand(k, &mut chain);
    if let Some(events) = &vault.notification_events {
        let events = events.iter().map(|e| {
            let variant = Ident::new(&camel_case(&e.to_string()), e.span());
            quote! { #k::BackupVaultEvent::#variant }
        });
        chain.extend(quote! { .notification_events([#(#events),*]) });
    }
    if let Some(lock) = &vault.lock {
        let lock = lock_expr(k, lock);
        chain.extend(quote! { .lock_configuration(#lock) });
    }
    chain
}

fn lock_expr(k: &TokenStream, lock: &LockDecl) -> TokenStream {
    let min = lock
        .min_retention
        .as_ref()
        .map(|d| duration(k, d))
        .unwrap_or_else(|| quote! { #k::Duration::days(1) });
    let mut chain = quote! { #k::LockConfiguration::new(#min) };
    if let Some(max) = &lock.max_retention {
        let max = duration(k, max);
        chain.extend(quote! { .max_retention(#max) });
    }
    if let Some(period) = &lock.changeable_for {
        let period = duration(k, period);
        chain.extend(quote! { .changeable_for(#period) });
    }
    chain
}

fn air_gapped_expr(k: &TokenStream, vault: &AirGappedDecl) -> TokenStream {
    let id = name_literal(&vault.id.text);
    let retention = |value: &Option<Scalar<backup_synth::Duration>>| {
        value
            .as_ref()
            .map(|d| duration(k, d))
            .unwrap_or_else(|| quote! { #k::Duration::days(7) })
    };
    let (min, max) = (
        retention(&vault.min_retention),
        retention(&vault.max_retention),
    );
    let mut chain = quote! { #k::LogicallyAirGappedBackupVault::new(#id, #min, #max) };
    chain.extend(crate::keys::expand_vault_refs(
        k,
        &vault.encryption_key,
        &None,
    ));
    vault.properties.expand(k, &mut chain);
    if let (Some(topic), Some(events)) = (&vault.notification_topic, &vault.notification_events) {
        let topic = crate::keys::expand_topic_ref(k, topic);
        let events = events.iter().map(|e| {
            let variant = Ident::new(&camel_case(&e.to_string()), e.span());
            quote! { #k::BackupVaultEvent::#variant }
        });
        chain.extend(quote! { .notifications(#topic, [#(#events),*]) });
    }
    chain
}

fn restore_plan_expr(
    k: &TokenStream,
    plan: &RestoreTestingPlanDecl,
    declared: &Declared,
) -> TokenStream {
    let id = name_literal(&plan.id.text);
    let schedule = plan
        .schedule
        .as_ref()
        .map(string)
        .unwrap_or_else(|| quote! { "cron(0 5 ? * * *)" });
    let mut chain = quote! { #k::RestoreTestingPlan::new(#id, #schedule) };
    plan.properties.expand(k, &mut chain);
    if let Some((types, _)) = &plan.recovery_point_types {
        let types = types.iter().map(|t| {
            let variant = Ident::new(&camel_case(&t.to_string()), t.span());
            quote! { #k::RecoveryPointType::#variant }
        });
        chain.extend(quote! { .recovery_point_types([#(#types),*]) });
    }
    let lists = [
        (quote!(include_vault), &plan.include_vaults),
        (quote!(exclude_vault), &plan.exclude_vaults),
    ];
    for (method, list) in lists {
        for vault in list.iter().flat_map(|(vaults, _)| vaults) {
            let vault = match vault {
                RestoreVault::Pattern(s) => {
                    let literal = &s.literal;
                    quote! { #literal }
                }
                RestoreVault::Vault(value) => vault_ref(k, value, declared),
                // Never expanded: a malformed entry is a compile error.
                RestoreVault::Invalid(_) => TokenStream::new(),
            };
            chain.extend(quote! { .#method(#vault) });
        }
    }
    for selection in &plan.selections {
        let selection = restore_selection_expr(k, selection);
        chain.extend(quote! { .selection(#selection) });
    }
    chain
}

fn restore_selection_expr(k: &TokenStream, selection: &RestoreSelectionDecl) -> TokenStream {
    let id = name_literal(&selection.id.text);
    let resource_type = selection
        .protected_resource_type
        .as_ref()
        .map(string)
        .unwrap_or_else(|| quote! { "EBS" });
    let mut chain = quote! { #k::RestoreTestingSelection::new(#id, #resource_type) };
    selection.properties.expand(k, &mut chain);
    for arn in selection
        .protected_resource_arns
        .iter()
        .flat_map(|(a, _)| a)
    {
        let arn = string(arn);
        chain.extend(quote! { .protected_resource_arn(#arn) });
    }
    for condition in selection.conditions.iter().flat_map(|(c, _)| c) {
        let (key, value) = (&condition.key.literal, &condition.value.literal);
        let method = if condition.equals {
            quote!(string_equals)
        } else {
            quote!(string_not_equals)
        };
        chain.extend(quote! { .#method(#key, #value) });
    }
    for (key, value) in selection.restore_metadata_overrides.iter().flatten() {
        let (key, value) = (&key.literal, &value.literal);
        chain.extend(quote! { .restore_metadata_override(#key, #value) });
    }
    chain
}

/// `BACKUP_JOB_COMPLETED` / `retain_on_update_or_delete` → `BackupJobCompleted` / `RetainOnUpdateOrDelete`.
pub(crate) fn camel_case(text: &str) -> String {
    text.split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let lower = part.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::camel_case;

    #[test]
    fn variant_names() {
        assert_eq!(camel_case("BACKUP_JOB_COMPLETED"), "BackupJobCompleted");
        assert_eq!(
            camel_case("S3_BACKUP_OBJECT_FAILED"),
            "S3BackupObjectFailed"
        );
        assert_eq!(
            camel_case("retain_on_update_or_delete"),
            "RetainOnUpdateOrDelete"
        );
    }
}

//! The expand stage: each declaration becomes the public builder chain a person would write,
//! through the facade's hidden path (`$crate::__private`), with `::core` for std items. The
//! chain is written as text ([`Code`]) and read by the compiler once.

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote_spanned;

use crate::ast::{
    AirGappedDecl, Comparison, ConditionDecl, CopyDecl, Invocation, LockDecl, PlanDecl,
    ResourceDecl, RestoreSelectionDecl, RestoreTestingPlanDecl, RestoreVault, RuleDecl,
    SelectionDecl, VaultDecl, VaultValue,
};
use crate::check::{new_vaults, Declared};
use crate::code::{Code, ALIAS};
use crate::values::{Scalar, Str};

/// The expansion of a checked invocation: a block (`{ use …; stack.add(…); … }`, or a block
/// giving the plan or the organization), or nothing.
pub fn expand(invocation: &Invocation, declared: &Declared) -> TokenStream {
    let mut code = Code::default();
    if !write_block(&mut code, invocation, declared) {
        return TokenStream::new();
    }
    // The braces and the alias are built as tokens (the `$crate` path is the caller's): only
    // the builder calls are read from text.
    let block = if code.is_empty() {
        TokenStream::new()
    } else {
        code.into_tokens_after(alias(&invocation.krate))
    };
    TokenTree::Group(Group::new(Delimiter::Brace, block)).into()
}

/// `use $crate::__private as __backup_dsl;`: one alias per invocation keeps every path short
/// (fewer tokens for the compiler to carry). Built as one list of tokens, joined into a stream
/// at once (one call into the compiler).
fn alias(krate: &[TokenTree]) -> TokenStream {
    let span = Span::call_site();
    let word = |name: &str| TokenTree::Ident(Ident::new(name, span));
    let punct = |c: char, spacing: Spacing| TokenTree::Punct(Punct::new(c, spacing));
    let mut tokens = Vec::with_capacity(krate.len() + 7);
    tokens.push(word("use"));
    tokens.extend_from_slice(krate);
    tokens.push(punct(':', Spacing::Joint));
    tokens.push(punct(':', Spacing::Alone));
    tokens.push(word("__private"));
    tokens.push(word("as"));
    tokens.push(word(ALIAS));
    tokens.push(punct(';', Spacing::Alone));
    tokens.into_iter().collect()
}

/// Writes what goes inside the expansion's block; `false` when the expansion is nothing.
fn write_block(code: &mut Code, invocation: &Invocation, declared: &Declared) -> bool {
    if let Some(org) = invocation.organizations.first() {
        crate::organization::expand(code, org, |code| {
            organization_members(code, invocation, declared)
        });
        return true;
    }
    let Some(target) = &invocation.target else {
        // Parsing guarantees exactly one plan and no vault declaration here.
        let Some(plan) = invocation.plans.first() else {
            return false;
        };
        plan_expr(code, plan, declared);
        return true;
    };
    let mut items = Items { code, target };
    if crate::keys::any(invocation) {
        for decl in crate::keys::all_keys(invocation) {
            items.add(|code| crate::keys::expand_key(code, decl));
        }
        for decl in crate::keys::all_topics(invocation) {
            items.add(|code| crate::keys::expand_topic(code, decl));
        }
    }
    for vault in &invocation.vaults {
        items.add(|code| vault_expr(code, vault));
    }
    for vault in &invocation.air_gapped_vaults {
        items.add(|code| air_gapped_expr(code, vault));
    }
    for plan in &invocation.plans {
        for vault in new_vaults(plan) {
            items.add(|code| vault_expr(code, vault));
        }
        items.add(|code| plan_expr(code, plan, declared));
    }
    for plan in &invocation.restore_testing_plans {
        items.add(|code| restore_plan_expr(code, plan, declared));
    }
    for decl in &invocation.tiering_configurations {
        items.add(|code| crate::tiering::expand(code, decl, declared));
    }
    for decl in &invocation.legal_holds {
        items.add(|code| crate::legal_hold::expand(code, decl, declared));
    }
    for decl in &invocation.frameworks {
        items.add(|code| crate::framework::expand(code, decl));
    }
    for decl in &invocation.report_plans {
        items.add(|code| crate::report_plan::expand(code, decl));
    }
    true
}

/// The items of an invocation with `in stack;`, each written as `stack.add(item);` (method-call
/// syntax takes a `Stack` place or a `&mut Stack`).
struct Items<'a> {
    code: &'a mut Code,
    /// The `in stack;` target's tokens.
    target: &'a TokenStream,
}

impl Items<'_> {
    /// Writes `target.add(item);`, `item` writing the item.
    fn add(&mut self, item: impl FnOnce(&mut Code)) {
        self.code
            .tokens(invisible(self.target.clone()))
            .push(".add(");
        item(self.code);
        self.code.push(");");
    }
}

/// The invocation's keys, topics, vaults and plans as an organization's builder calls.
fn organization_members(code: &mut Code, invocation: &Invocation, declared: &Declared) {
    for decl in crate::keys::all_keys(invocation) {
        code.push(".key(");
        crate::keys::expand_key(code, decl);
        code.push(")");
    }
    for decl in crate::keys::all_topics(invocation) {
        code.push(".topic(");
        crate::keys::expand_topic(code, decl);
        code.push(")");
    }
    for vault in &invocation.vaults {
        code.push(".vault(");
        vault_expr(code, vault);
        code.push(")");
    }
    for vault in &invocation.air_gapped_vaults {
        code.push(".air_gapped_vault(");
        air_gapped_expr(code, vault);
        code.push(")");
    }
    for plan in &invocation.plans {
        for vault in new_vaults(plan) {
            code.push(".vault(");
            vault_expr(code, vault);
            code.push(")");
        }
        code.push(".plan(");
        plan_expr(code, plan, declared);
        code.push(")");
    }
}

/// An expression wrapped in invisible delimiters: precedence kept, no `unused_parens`.
pub(crate) fn invisible(tokens: TokenStream) -> TokenStream {
    proc_macro2::TokenTree::Group(Group::new(Delimiter::None, tokens)).into()
}

/// A string value: the literal, or the spliced expression.
pub(crate) fn string(code: &mut Code, value: &Scalar<Str>) {
    match value {
        Scalar::Lit(s, _) => {
            code.str(&s.text);
        }
        Scalar::Splice(expr, _) => {
            code.tokens(invisible(expr.clone()));
        }
    }
}

/// `string`, or `default` (source text) when there is no value.
pub(crate) fn string_or(code: &mut Code, value: &Option<Scalar<Str>>, default: &str) {
    match value {
        Some(value) => string(code, value),
        None => {
            code.push(default);
        }
    }
}

/// A boolean value: the literal, or the spliced expression bound to `bool`.
pub(crate) fn boolean(code: &mut Code, value: &Scalar<bool>) {
    match value {
        Scalar::Lit(b, _) => {
            code.push(if *b { "true" } else { "false" });
        }
        Scalar::Splice(expr, place) => {
            code.tokens(typed_splice(
                quote_spanned! {place.start=> ::core::primitive::bool },
                expr,
            ));
        }
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

/// A duration value: `Duration::days(30i64)`, or the spliced expression bound to `Duration`.
pub(crate) fn duration(code: &mut Code, value: &Scalar<backup_synth::Duration>) {
    match value {
        Scalar::Lit(d, _) => {
            let unit = match d.unit() {
                backup_synth::TimeUnit::Seconds => "Duration::seconds(",
                backup_synth::TimeUnit::Minutes => "Duration::minutes(",
                backup_synth::TimeUnit::Hours => "Duration::hours(",
                backup_synth::TimeUnit::Days => "Duration::days(",
            };
            code.path(unit).i64(d.amount()).push(")");
        }
        Scalar::Splice(expr, place) => {
            let alias = proc_macro2::Ident::new(ALIAS, Span::mixed_site());
            code.tokens(typed_splice(
                quote_spanned! {place.start=> #alias::Duration },
                expr,
            ));
        }
    }
}

/// `duration`, or `Duration::days(days)` when there is no value.
pub(crate) fn duration_or(
    code: &mut Code,
    value: &Option<Scalar<backup_synth::Duration>>,
    days: i64,
) {
    match value {
        Some(value) => duration(code, value),
        None => {
            code.path("Duration::days(").i64(days).push(")");
        }
    }
}

/// A reference to a vault.
pub(crate) fn vault_ref(code: &mut Code, value: &VaultValue, declared: &Declared) {
    match value {
        VaultValue::New(decl) => {
            code.path("VaultRef::in_stack(")
                .str(&decl.id.text)
                .push(")");
        }
        VaultValue::InStack(name) if declared.is_air_gapped(&name.text) => {
            code.path("VaultRef::air_gapped(").str(&name.text).push(")");
        }
        VaultValue::InStack(name) => {
            code.path("VaultRef::in_stack(").str(&name.text).push(")");
        }
        VaultValue::FromName(name) => {
            code.path("VaultRef::from_name(");
            string(code, name);
            code.push(")");
        }
        VaultValue::FromArn(arn) => {
            code.path("VaultRef::from_arn(");
            string(code, arn);
            code.push(")");
        }
        VaultValue::Splice(expr, _) => {
            code.tokens(invisible(expr.clone()));
        }
    }
}

/// `.method(vault)`.
fn vault_call(code: &mut Code, method: &str, value: &VaultValue, declared: &Declared) {
    code.push(method).push("(");
    vault_ref(code, value, declared);
    code.push(")");
}

fn plan_expr(code: &mut Code, plan: &PlanDecl, declared: &Declared) {
    let constructor = plan
        .ready_made
        .as_ref()
        .map_or_else(|| "new".to_string(), ToString::to_string);
    code.path("BackupPlan::")
        .push(&constructor)
        .push("(")
        .str(&plan.id.text)
        .push(")");
    plan.properties.expand(code);
    if let Some(vault) = &plan.vault {
        vault_call(code, ".vault", vault, declared);
    }
    if let Some(setting) = &plan.scan_setting {
        crate::scan::expand(code, setting);
    }
    if let Some(options) = &plan.s3_backup_options {
        crate::s3_options::expand(code, options);
    }
    for rule in &plan.rules {
        code.push(".rule(");
        rule_expr(code, rule, declared);
        code.push(")");
    }
    for selection in &plan.selections {
        code.push(".selection(");
        selection_expr(code, selection);
        code.push(")");
    }
}

fn rule_expr(code: &mut Code, rule: &RuleDecl, declared: &Declared) {
    if let Some((name, vault)) = &rule.ready_made {
        code.path("BackupPlanRule::")
            .push(&name.to_string())
            .push("()");
        if let Some(vault) = vault {
            vault_call(code, ".vault", vault, declared);
        }
        return;
    }
    code.path("BackupPlanRule::new()");
    if let Some(name) = &rule.name {
        code.push(".name(").str(&name.text).push(")");
    }
    rule.properties.expand(code);
    if let Some(mode) = &rule.scan_mode {
        let mode = if mode == "full" {
            "ScanMode::Full"
        } else {
            "ScanMode::Incremental"
        };
        code.push(".scan_action(").path(mode).push(")");
    }
    if let Some(types) = &rule.index_actions {
        code.push(".index_action([");
        for (t, _) in types {
            code.path("IndexActionResourceType::from_name(")
                .str(t)
                .push("),");
        }
        code.push("])");
    }
    if let Some(vault) = &rule.vault {
        vault_call(code, ".vault", vault, declared);
    }
    if let Some(vault) = &rule.logically_air_gapped_vault {
        vault_call(code, ".logically_air_gapped_vault", vault, declared);
    }
    for copy in &rule.copies {
        code.push(".copy_action(");
        copy_expr(code, copy, declared);
        code.push(")");
    }
}

fn copy_expr(code: &mut Code, copy: &CopyDecl, declared: &Declared) {
    code.path("BackupPlanCopyAction::new(");
    vault_ref(code, &copy.destination, declared);
    code.push(")");
    copy.properties.expand(code);
}

fn selection_expr(code: &mut Code, selection: &SelectionDecl) {
    code.path("BackupSelection::new(")
        .str(&selection.id.text)
        .push(")");
    selection.properties.expand(code);
    for resource in selection.resources.iter().flat_map(|(list, _)| list) {
        code.push(".resource(");
        resource_expr(code, resource);
        code.push(")");
    }
    for condition in selection.all_of.iter().flat_map(|(list, _)| list) {
        code.push(".condition(");
        condition_expr(code, condition);
        code.push(")");
    }
    for excluded in selection.not_resources.iter().flat_map(|(list, _)| list) {
        code.push(".exclude(");
        match excluded {
            ResourceDecl::Helper { argument, .. } => string(code, argument),
            ResourceDecl::Splice(expr, _) => {
                code.tokens(invisible(expr.clone()));
            }
            _ => {}
        }
        code.push(")");
    }
}

fn condition_expr(code: &mut Code, condition: &ConditionDecl) {
    match condition {
        ConditionDecl::Tag {
            key,
            comparison,
            value,
            ..
        } => {
            let constructor = match comparison {
                Comparison::Equals => "TagCondition::equals(",
                Comparison::NotEquals => "TagCondition::not_equals(",
                Comparison::Like => "TagCondition::like(",
                Comparison::NotLike => "TagCondition::not_like(",
            };
            code.path(constructor)
                .str(&key.text)
                .push(",")
                .str(&value.text)
                .push(")");
        }
        ConditionDecl::Splice(expr, _) => {
            code.tokens(invisible(expr.clone()));
        }
        // Never expanded: a malformed entry is a compile error.
        ConditionDecl::Invalid => {}
    }
}

fn resource_expr(code: &mut Code, resource: &ResourceDecl) {
    match resource {
        ResourceDecl::Tag { key, value, .. } => {
            code.path("BackupResource::tag(")
                .str(&key.text)
                .push(",")
                .str(&value.text)
                .push(")");
        }
        ResourceDecl::Helper { kind, argument } => {
            code.path("BackupResource::")
                .push(&kind.to_string())
                .push("(");
            string(code, argument);
            code.push(")");
        }
        ResourceDecl::Splice(expr, _) => {
            code.tokens(invisible(expr.clone()));
        }
        // Never expanded: a malformed entry is a compile error.
        ResourceDecl::Invalid => {}
    }
}

/// `[Type::Variant, …]`: words written as `SNAKE_CASE`, each as its `CamelCase` variant.
pub(crate) fn variants(code: &mut Code, ty: &str, words: &[proc_macro2::Ident]) {
    code.push("[");
    for word in words {
        code.path(ty)
            .push("::")
            .push(&camel_case(&word.to_string()))
            .push(",");
    }
    code.push("]");
}

fn vault_expr(code: &mut Code, vault: &VaultDecl) {
    code.path("BackupVault::new(").str(&vault.id.text).push(")");
    crate::keys::expand_vault_refs(code, &vault.encryption_key, &vault.notification_topic);
    vault.properties.expand(code);
    if let Some(events) = &vault.notification_events {
        code.push(".notification_events(");
        variants(code, "BackupVaultEvent", events);
        code.push(")");
    }
    if let Some(lock) = &vault.lock {
        code.push(".lock_configuration(");
        lock_expr(code, lock);
        code.push(")");
    }
}

fn lock_expr(code: &mut Code, lock: &LockDecl) {
    code.path("LockConfiguration::new(");
    duration_or(code, &lock.min_retention, 1);
    code.push(")");
    if let Some(max) = &lock.max_retention {
        code.push(".max_retention(");
        duration(code, max);
        code.push(")");
    }
    if let Some(period) = &lock.changeable_for {
        code.push(".changeable_for(");
        duration(code, period);
        code.push(")");
    }
}

fn air_gapped_expr(code: &mut Code, vault: &AirGappedDecl) {
    code.path("LogicallyAirGappedBackupVault::new(")
        .str(&vault.id.text)
        .push(",");
    duration_or(code, &vault.min_retention, 7);
    code.push(",");
    duration_or(code, &vault.max_retention, 7);
    code.push(")");
    crate::keys::expand_vault_refs(code, &vault.encryption_key, &None);
    vault.properties.expand(code);
    if let (Some(topic), Some(events)) = (&vault.notification_topic, &vault.notification_events) {
        code.push(".notifications(");
        crate::keys::expand_topic_ref(code, topic);
        code.push(",");
        variants(code, "BackupVaultEvent", events);
        code.push(")");
    }
}

fn restore_plan_expr(code: &mut Code, plan: &RestoreTestingPlanDecl, declared: &Declared) {
    code.path("RestoreTestingPlan::new(")
        .str(&plan.id.text)
        .push(",");
    string_or(code, &plan.schedule, "\"cron(0 5 ? * * *)\"");
    code.push(")");
    plan.properties.expand(code);
    if let Some((types, _)) = &plan.recovery_point_types {
        code.push(".recovery_point_types(");
        variants(code, "RecoveryPointType", types);
        code.push(")");
    }
    let lists = [
        (".include_vault(", &plan.include_vaults),
        (".exclude_vault(", &plan.exclude_vaults),
    ];
    for (method, list) in lists {
        for vault in list.iter().flat_map(|(vaults, _)| vaults) {
            code.push(method);
            match vault {
                RestoreVault::Pattern(s) => {
                    code.str(&s.text);
                }
                RestoreVault::Vault(value) => vault_ref(code, value, declared),
                // Never expanded: a malformed entry is a compile error.
                RestoreVault::Invalid(_) => {}
            }
            code.push(")");
        }
    }
    for selection in &plan.selections {
        code.push(".selection(");
        restore_selection_expr(code, selection);
        code.push(")");
    }
}

fn restore_selection_expr(code: &mut Code, selection: &RestoreSelectionDecl) {
    code.path("RestoreTestingSelection::new(")
        .str(&selection.id.text)
        .push(",");
    string_or(code, &selection.protected_resource_type, "\"EBS\"");
    code.push(")");
    selection.properties.expand(code);
    for arn in selection
        .protected_resource_arns
        .iter()
        .flat_map(|(a, _)| a)
    {
        code.push(".protected_resource_arn(");
        string(code, arn);
        code.push(")");
    }
    for condition in selection.conditions.iter().flat_map(|(c, _)| c) {
        let method = if condition.equals {
            ".string_equals("
        } else {
            ".string_not_equals("
        };
        code.push(method)
            .str(&condition.key.text)
            .push(",")
            .str(&condition.value.text)
            .push(")");
    }
    for (key, value) in selection.restore_metadata_overrides.iter().flatten() {
        code.push(".restore_metadata_override(")
            .str(&key.text)
            .push(",")
            .str(&value.text)
            .push(")");
    }
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

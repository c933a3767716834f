//! Procedural macro behind `backup-dsl`'s `backup_plan!`. An implementation detail: use it
//! through the `backup-dsl` facade, whose documentation is the language reference.
//!
//! Stages: `tree` splits blocks into entries, `ast` gives them meaning (structural
//! errors), `check` runs `backup-synth`'s rule book on every literal (rule errors, in the
//! rule book's words), `expand` writes the builder chain.

mod ast;
mod check;
mod code;
mod diag;
mod expand;
mod framework;
mod keys;
mod legal_hold;
mod organization;
mod proof;
mod property;
mod report_plan;
mod s3_options;
mod scan;
mod tiering;
mod tree;
mod values;

#[cfg(test)]
mod reference;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;

use crate::diag::Diagnostics;

/// `backup_plan_impl!($crate; …)`: called by the facade's `backup_plan!` wrapper.
#[proc_macro]
pub fn backup_plan_impl(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    run(input.into()).into()
}

fn run(input: TokenStream) -> TokenStream {
    let mut tokens = input.into_iter();
    let krate: Vec<TokenTree> = tokens
        .by_ref()
        .take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))
        .collect();
    let mut diagnostics = Diagnostics::default();
    // The rest is read as it comes (not gathered into a stream to be split again).
    let invocation = ast::invocation(krate, tokens, &mut diagnostics);
    check_shape(&invocation, &mut diagnostics);
    // The vaults the invocation declares, found once for both stages.
    let declared = check::Declared::new(&invocation);
    check::check(&invocation, &declared, &mut diagnostics);
    if diagnostics.is_empty() {
        return expand::expand(&invocation, &declared);
    }
    let errors = diagnostics.into_tokens();
    // Keep the expression's type (a plan, or `()` with `in stack;`) so no error cascades.
    let value = match &invocation.target {
        Some(_) => quote! { () },
        None if !invocation.organizations.is_empty() => {
            let krate = &invocation.krate;
            quote! { #(#krate)*::__private::OrgBackup::new("") }
        }
        None => {
            let krate = &invocation.krate;
            quote! { #(#krate)*::__private::BackupPlan::new("") }
        }
    };
    quote! {{ #errors #value }}
}

/// Without `in stack;`, the macro is an expression giving one plan.
fn check_shape(invocation: &ast::Invocation, diagnostics: &mut Diagnostics) {
    if !invocation.organizations.is_empty() {
        return organization::check_shape(invocation, diagnostics);
    }
    if invocation.target.is_some() {
        return;
    }
    if invocation.plans.is_empty()
        && invocation.vaults.is_empty()
        && invocation.air_gapped_vaults.is_empty()
        && invocation.restore_testing_plans.is_empty()
        && invocation.tiering_configurations.is_empty()
        && invocation.legal_holds.is_empty()
        && invocation.frameworks.is_empty()
        && invocation.report_plans.is_empty()
        && invocation.keys.is_empty()
        && invocation.topics.is_empty()
    {
        diagnostics.error(
            Span::call_site(),
            "`backup_plan!` declares nothing\n= help: write `plan Name { rule daily(); }`, or `in stack;` followed by plans and vaults",
        );
    }
    if let Some(extra) = invocation.plans.get(1) {
        diagnostics.error(
            extra.id.span,
            "a second plan needs a stack to go into\n= help: start with `in stack;` to add every plan to `stack`, or use one `backup_plan!` per plan",
        );
    }
    let new_vaults = invocation
        .plans
        .iter()
        .flat_map(check::new_vaults)
        .map(|v| v.id.span);
    for span in invocation
        .vaults
        .iter()
        .map(|v| v.id.span)
        .chain(new_vaults)
    {
        diagnostics.error(
            span,
            "a vault created here needs a stack to go into\n= help: start with `in stack;`, or create the vault with `BackupVault::new` and add it to the stack yourself",
        );
    }
    for vault in &invocation.air_gapped_vaults {
        diagnostics.error(
            vault.id.span,
            "a vault created here needs a stack to go into\n= help: start with `in stack;`, or create the vault with `LogicallyAirGappedBackupVault::new` and add it to the stack yourself",
        );
    }
    for plan in &invocation.restore_testing_plans {
        diagnostics.error(
            plan.id.span,
            "a restore testing plan needs a stack to go into\n= help: start with `in stack;`, or build it with `RestoreTestingPlan::new` and add it to the stack yourself",
        );
    }
    for decl in &invocation.tiering_configurations {
        diagnostics.error(
            decl.id.span,
            "a tiering configuration needs a stack to go into\n= help: start with `in stack;`, or build it with `TieringConfiguration::new` and add it to the stack yourself",
        );
    }
    let keys = invocation.keys.iter().map(|d| (&d.id, "a key", "Key"));
    let topics = invocation
        .topics
        .iter()
        .map(|d| (&d.id, "a topic", "Topic"));
    for (id, what, builder) in keys.chain(topics) {
        diagnostics.error(
            id.span,
            format!("{what} needs a stack to go into\n= help: start with `in stack;`, or build it with `{builder}::new` and add it to the stack yourself"),
        );
    }
    for decl in &invocation.legal_holds {
        diagnostics.error(
            decl.id.span,
            "a legal hold needs a stack to go into\n= help: start with `in stack;`, or build it with `LegalHold::new` and add it to the stack yourself",
        );
    }
    for decl in &invocation.frameworks {
        diagnostics.error(
            decl.id.span,
            "a framework needs a stack to go into\n= help: start with `in stack;`, or build it with `Framework::new` and add it to the stack yourself",
        );
    }
    for decl in &invocation.report_plans {
        diagnostics.error(
            decl.id.span,
            "a report plan needs a stack to go into\n= help: start with `in stack;`, or build it with `ReportPlan::new` and add it to the stack yourself",
        );
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use proptest::prelude::*;

    use super::run;

    /// Fragments of the language, valid and not, so that random inputs reach deep stages.
    const FRAGMENTS: &[&str] = &[
        "in stack;",
        "plan",
        "Plan",
        "=",
        "daily_35_day_retention",
        "rule",
        "daily()",
        "weekly(from_name(\"v\"))",
        "selection",
        "S",
        "vault",
        "new",
        "V",
        "copy_to",
        "from_arn(\"arn:aws:backup:us-east-1:1:backup-vault:x\")",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        ",",
        ";",
        ":",
        "==",
        "-",
        "name:",
        "\"n\"",
        "\"\"",
        "schedule:",
        "\"cron(0 5 ? * * *)\"",
        "\"cron(* * * * * *)\"",
        "\"rate(1 day)\"",
        "\"é\u{1F600}\"",
        "delete_after:",
        "move_to_cold_storage_after:",
        "35 days",
        "0 days",
        "36 hours",
        "99999999999999999999 days",
        "1 hour",
        "resources:",
        "tag(\"a\" == \"b\")",
        "arn({ x })",
        "construct(\"C\")",
        "lock_configuration:",
        "{ min_retention: 0 days }",
        "removal_policy:",
        "snapshot",
        "true",
        "{ expr }",
        "index_actions:",
        "[S3, EBS]",
        "recovery_point_tags:",
        "{ \"\": \"x\" }",
        "notification_events:",
        "[BACKUP_JOB_COMPLETED]",
        "42",
        "'a'",
        "air_gapped_vault",
        "Lag",
        "min_retention:",
        "max_retention:",
        "6 days",
        "logically_air_gapped_vault:",
        "copy_to Lag",
        "notification_topic:",
        "restore_testing_plan",
        "R",
        "algorithm:",
        "random_within_window",
        "recovery_point_types:",
        "[SNAPSHOT, PITR]",
        "[]",
        "include_vaults:",
        "exclude_vaults:",
        "[\"*\", V, Lag, from_arn(\"x\"), { v }, new X {}]",
        "selection_window:",
        "protected_resource_type:",
        "\"EBS\"",
        "protected_resource_arns:",
        "[\"*\", arn(\"arn:aws:ec2:::v\"), { a }, 1]",
        "conditions:",
        "[tag(\"k\" == \"v\"), tag(\"k\" != \"v\"), tag(\"k\" like \"v\"), x]",
        "validation_window:",
        "restore_metadata_overrides:",
        "{ \"k\": \"v\" }",
        "role:",
        "framework",
        "control",
        "BACKUP_RECOVERY_POINT_ENCRYPTED",
        "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
        "requiredFrequencyUnit:",
        "requiredFrequencyValue:",
        "scope:",
        "{ tags: { \"k\": \"v\" }, types: [\"EBS\"], ids: [1] }",
        "report_plan",
        "template:",
        "BACKUP_JOB_REPORT",
        "formats:",
        "[CSV, JSON, 1]",
        "frameworks:",
        "[Audit, \"arn:x\", 2]",
        "bucket:",
        "s3_backup_options:",
        "{ backup_acls: false, backup_object_tags: { b } }",
        "tiering_configuration",
        "tier_down_after:",
        "selection { tier_down_after: 30 days }",
        "copy_to { VaultRef::other_stack(\"Dr\", \"V\") }",
        "copy_to { delete_after: 1 day }",
        "key",
        "{ removal_policy: snapshot }",
        "legal_hold",
        "organization",
        "Org",
        "targets:",
        "[\"ou-ab12-cdef3456\", \"r-ab12\", \"1\", account_in(\"111122223333\", \"ou\"), { t }]",
        "regions:",
        "[\"eu-west-1\", \"EU\", { r }]",
        "role_name:",
        "management_account:",
    ];

    fn input() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40)
                .prop_map(|parts| parts.join(" ")),
            any::<String>(),
        ]
    }

    /// Cases per run: 3,000 in CI; `MUTATION_INPUTS` for the long run (`scripts/mutation.sh`).
    fn cases() -> u32 {
        std::env::var("MUTATION_INPUTS")
            .ok()
            .and_then(|v| v.replace('_', "").parse().ok())
            .unwrap_or(3000)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases()))]

        /// No input panics the macro: it expands, or it reports errors.
        #[test]
        fn never_panics(text in input()) {
            if let Ok(tokens) = proc_macro2::TokenStream::from_str(&format!("::backup_dsl; {text}")) {
                let _ = run(tokens);
            }
        }
    }

    #[test]
    fn reports_instead_of_expanding_on_a_mistake() {
        let tokens = proc_macro2::TokenStream::from_str(
            "::backup_dsl; plan P { rule R { delete_after: 0 days } }",
        )
        .unwrap();
        assert!(run(tokens).to_string().contains("compile_error"));
        let tokens =
            proc_macro2::TokenStream::from_str("::backup_dsl; plan P { rule daily(); }").unwrap();
        assert!(!run(tokens).to_string().contains("compile_error"));
    }
}

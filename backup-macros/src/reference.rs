//! The language reference (the `backup-dsl` crate's rustdoc) names everything the parser
//! accepts: every key of every block is a row of the key table, every item keyword and value
//! word is in the grammar or the table. The lists checked are the parser's own constants, so a
//! key added to the parser without a row in the table fails here.

use crate::ast::{
    AIR_GAPPED, COMPARISONS, COPY, LOCK, PLAN, READY_MADE_PLANS, READY_MADE_RULES,
    RECOVERY_POINT_TYPES, REMOVAL_POLICIES, RESOURCE_HELPERS, RESTORE_PLAN, RESTORE_SELECTION,
    RESTORE_TESTING_ALGORITHMS, RULE, SCAN_MODES, SELECTION, TOP, VAULT,
};
use crate::property::Keys;
use crate::values::TIME_UNITS;

/// The rustdoc of `backup-dsl`, where the language reference lives.
const REFERENCE: &str = include_str!("../../backup-dsl/src/lib.rs");

/// Each block of the parser with the name its rows carry in the key table.
const TABLE_BLOCKS: &[(&str, &dyn Keys)] = &[
    ("plan", &PLAN),
    ("rule", &RULE),
    ("copy", &COPY),
    ("selection", &SELECTION),
    ("vault", &VAULT),
    ("lock configuration", &LOCK),
    ("air-gapped vault", &AIR_GAPPED),
    ("restore testing plan", &RESTORE_PLAN),
    ("restore selection", &RESTORE_SELECTION),
    ("tiering configuration", &crate::tiering::TIERING),
    ("tiering selection", &crate::tiering::TIERING_SELECTION),
    ("S3 backup options", &crate::s3_options::S3_BACKUP_OPTIONS),
    ("legal hold", &crate::legal_hold::LEGAL_HOLD),
    ("framework", &crate::framework::FRAMEWORK),
    ("report plan", &crate::report_plan::REPORT_PLAN),
    ("key", &crate::keys::KEY),
    ("topic", &crate::keys::TOPIC),
    ("scan setting", &crate::scan::SCAN_SETTING),
    ("organization", &crate::organization::ORGANIZATION),
];

/// The doc comment's text, without the `//! ` prefixes.
fn reference_text() -> String {
    REFERENCE
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("//!"))
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The grammar: the first ```text block after the `## Grammar` heading.
fn grammar(text: &str) -> &str {
    let after = &text[text.find("## Grammar").expect("a `## Grammar` section")..];
    let start = after.find("```text").expect("the grammar block") + "```text".len();
    let end = after[start..].find("```").expect("the grammar block ends");
    &after[start..start + end]
}

/// `(block, key)` for every key named in the key table's key column.
fn table_keys(text: &str) -> Vec<(String, String)> {
    let after = &text[text.find("## Keys").expect("a `## Keys` section")..];
    let mut keys = Vec::new();
    for row in after
        .lines()
        .take_while(|l| !l.starts_with("## Constructs"))
    {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        if cells.len() < 4 || !row.starts_with('|') {
            continue;
        }
        for key in cells[2].split('`').skip(1).step_by(2) {
            keys.push((cells[1].to_string(), key.to_string()));
        }
    }
    keys
}

#[test]
fn every_key_the_parser_takes_has_a_row_in_the_key_table() {
    let text = reference_text();
    let rows = table_keys(&text);
    let mut missing = Vec::new();
    for (label, block) in TABLE_BLOCKS {
        for key in block.key_names() {
            if !rows.iter().any(|(b, k)| b == label && k == key) {
                missing.push(format!("{label} `{key}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the key table of backup-dsl's rustdoc lacks: {}",
        missing.join(", ")
    );
}

#[test]
fn every_item_keyword_is_in_the_grammar() {
    let text = reference_text();
    let grammar = grammar(&text);
    let blocks = TABLE_BLOCKS
        .iter()
        .map(|(_, b)| *b)
        .chain([&TOP as &dyn Keys]);
    let missing: Vec<&str> = blocks
        .flat_map(|b| b.items().iter().copied())
        .filter(|item| !grammar.contains(&format!("\"{item}\"")))
        .collect();
    assert!(missing.is_empty(), "the grammar lacks items {missing:?}");
}

#[test]
fn every_value_word_is_in_the_reference() {
    let text = reference_text();
    let grammar = grammar(&text);
    let quoted = |word: &str| grammar.contains(&format!("\"{word}\""));
    let named = |word: &str| text.contains(&format!("`{word}`"));
    let mut missing = Vec::new();
    for word in RESOURCE_HELPERS
        .iter()
        .chain(TIME_UNITS.iter().map(|(w, _)| w))
    {
        if !quoted(word) {
            missing.push(format!("grammar: \"{word}\""));
        }
    }
    for (operator, _) in COMPARISONS {
        let in_grammar = operator
            .split(' ')
            .map(|word| format!("\"{word}\""))
            .collect::<Vec<_>>()
            .join(" ");
        if !grammar.contains(&in_grammar) || !named(operator) {
            missing.push(format!("operator `{operator}` (grammar and table)"));
        }
    }
    let words = READY_MADE_PLANS
        .iter()
        .chain(READY_MADE_RULES)
        .chain(REMOVAL_POLICIES)
        .chain(RESTORE_TESTING_ALGORITHMS)
        .chain(RECOVERY_POINT_TYPES)
        .chain(SCAN_MODES);
    for word in words {
        if !named(word)
            && !text.contains(&format!("{word},"))
            && !text.contains(&format!("{word}]"))
        {
            missing.push(format!("`{word}`"));
        }
    }
    assert!(
        missing.is_empty(),
        "the language reference lacks {missing:?}"
    );
}

#[test]
fn a_key_removed_from_the_table_is_reported() {
    let text = reference_text().replace("| selection | `all_of` |", "| selection | all_of |");
    let rows = table_keys(&text);
    assert!(!rows.iter().any(|(b, k)| b == "selection" && k == "all_of"));
    assert!(rows
        .iter()
        .any(|(b, k)| b == "selection" && k == "not_resources"));
}

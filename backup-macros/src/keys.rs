//! `key Name { … }` and `topic Name { … }`: a KMS key (`AWS::KMS::Key`) and an SNS topic
//! (`AWS::SNS::Topic`) of the stack, referenced by id from a vault's `encryption_key:` and
//! `notification_topic:` (issue 13) — their parse, the check of the ids that name them, their
//! models for the rule book, and their expansion, in one place.

use backup_synth::{CfnValue, Key, NotificationTopic, RemovalPolicy, Topic};
use proc_macro2::{Delimiter, Ident, TokenStream, TokenTree};

use crate::ast::{self, Invocation, Name, VaultDecl};
use crate::check::{self, new_vaults};
use crate::code::Code;
use crate::diag::{did_you_mean, Diagnostics};
use crate::expand;
use crate::property::{Property, Table, Values};
use crate::tree::{span_of, Entry};
use crate::values::{self, Scalar, Str};

/// The keys of a KMS key.
pub(crate) const KEY: Table<Key> = Table::new(
    "a key",
    &[
        Property::text("description", |key, text| key.description(text)),
        Property::flag("enable_key_rotation", Key::enable_key_rotation),
        Property::custom("share_with_accounts"),
        // Only `snapshot` is told apart: the one policy a rule looks at (`key-removal-snapshot`).
        Property::word(
            "removal_policy",
            ast::REMOVAL_POLICIES,
            "RemovalPolicy",
            |key, policy| match policy {
                "snapshot" => key.removal_policy(RemovalPolicy::Snapshot),
                _ => key,
            },
        ),
    ],
    &[],
);

/// The keys of an SNS topic.
pub(crate) const TOPIC: Table<Topic> = Table::new(
    "a topic",
    &[
        Property::value("name", |topic, name| topic.name(name)),
        Property::text("display_name", |topic, name| topic.display_name(name)),
    ],
    &[],
);

/// `key Name { … }`: a customer-managed KMS key created by the stack.
#[derive(Clone)]
pub struct KeyDecl {
    /// Construct id.
    pub id: Name,
    /// The keys of the table [`KEY`], as written.
    pub properties: Values<Key>,
    /// `share_with_accounts`: the accounts (12 digits) that may use the key for copies.
    pub share_with_accounts: Vec<Str>,
}

/// `topic Name { … }`: a standard SNS topic created by the stack.
#[derive(Clone)]
pub struct TopicDecl {
    /// Construct id.
    pub id: Name,
    /// The keys of the table [`TOPIC`], as written.
    pub properties: Values<Topic>,
}

/// The value of `encryption_key:` or `notification_topic:`: an ARN, or a key or topic of the
/// invocation by id.
#[derive(Clone)]
pub enum Reference {
    /// `"arn:…"` or `{ expr }`.
    Value(Scalar<Str>),
    /// `Name`: a `key` or `topic` declared in the invocation.
    Id(Name),
    /// `new Name { … }` in `encryption_key:`: a key created in the stack.
    NewKey(Box<KeyDecl>),
    /// `new Name { … }` in `notification_topic:`: a topic created in the stack.
    NewTopic(Box<TopicDecl>),
}

impl Reference {
    /// Where the value was written.
    pub fn span(&self) -> crate::diag::Place {
        match self {
            Reference::Value(value) => value.span(),
            Reference::Id(name) => name.span.into(),
            Reference::NewKey(decl) => decl.id.span.into(),
            Reference::NewTopic(decl) => decl.id.span.into(),
        }
    }

    /// The id a reference names or declares.
    fn id(&self) -> Option<&Name> {
        match self {
            Reference::Value(_) => None,
            Reference::Id(name) => Some(name),
            Reference::NewKey(decl) => Some(&decl.id),
            Reference::NewTopic(decl) => Some(&decl.id),
        }
    }
}

/// Parses the value of `encryption_key:` or `notification_topic:`.
pub(crate) fn reference(
    key: &Ident,
    tokens: &[TokenTree],
    diagnostics: &mut Diagnostics,
) -> Option<Reference> {
    match tokens {
        [TokenTree::Ident(id)] => Some(Reference::Id(Name {
            text: id.to_string(),
            span: id.span(),
        })),
        [TokenTree::Ident(new), rest @ ..] if new == "new" => {
            let (header, body) = match rest {
                [header @ .., TokenTree::Group(g)] if g.delimiter() == Delimiter::Brace => {
                    (header, Some(g.clone()))
                }
                _ => (rest, None),
            };
            if key == "encryption_key" {
                parse_key(new, header, body, diagnostics).map(|d| Reference::NewKey(Box::new(d)))
            } else {
                parse_topic(new, header, body, diagnostics)
                    .map(|d| Reference::NewTopic(Box::new(d)))
            }
        }
        _ => values::string(key, tokens, diagnostics).map(Reference::Value),
    }
}

/// Parses `key Name { … }`.
pub fn parse_key(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<KeyDecl> {
    let id = ast::id(keyword, header, diagnostics)?;
    ast::extra_tokens(&header[1..], diagnostics);
    let tokens = ast::body_or_report(keyword, body, diagnostics);
    let mut decl = KeyDecl {
        id,
        properties: Values::new(&KEY),
        share_with_accounts: Vec::new(),
    };
    for entry in ast::block_entries(&KEY, tokens, diagnostics) {
        let Entry::Key { key, value } = entry else {
            continue;
        };
        // `share_with_accounts`, the one custom key.
        if decl.properties.parse(&key, &value, diagnostics).is_some() {
            decl.share_with_accounts = accounts(&key, &value, diagnostics);
        }
    }
    Some(decl)
}

fn accounts(key: &Ident, value: &[TokenTree], diagnostics: &mut Diagnostics) -> Vec<Str> {
    let Some((items, _)) = values::list(key, value, diagnostics) else {
        return Vec::new();
    };
    let mut accounts = Vec::new();
    for item in items {
        match item.as_slice() {
            [token] if values::string_literal(token).is_some() => {
                accounts.extend(values::string_literal(token));
            }
            other => diagnostics.error(
                span_of(other, key.span()),
                format!("`{key}` takes string literals (12-digit account ids), found `{}`\n= help: write `{key}: [\"222222222222\"]`", other.iter().cloned().collect::<TokenStream>()),
            ),
        }
    }
    accounts
}

/// Parses `topic Name { … }`.
pub fn parse_topic(
    keyword: &Ident,
    header: &[TokenTree],
    body: Option<proc_macro2::Group>,
    diagnostics: &mut Diagnostics,
) -> Option<TopicDecl> {
    let id = ast::id(keyword, header, diagnostics)?;
    ast::extra_tokens(&header[1..], diagnostics);
    let tokens = ast::body_or_report(keyword, body, diagnostics);
    let mut decl = TopicDecl {
        id,
        properties: Values::new(&TOPIC),
    };
    for entry in ast::block_entries(&TOPIC, tokens, diagnostics) {
        if let Entry::Key { key, value } = entry {
            // Every key of a topic is a table row.
            let _ = decl.properties.parse(&key, &value, diagnostics);
        }
    }
    Some(decl)
}

/// The kinds of id a reference may name.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Key,
    Topic,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Key => "key",
            Kind::Topic => "topic",
        }
    }

    /// What the field takes, as a help.
    fn fix(self) -> String {
        let word = self.word();
        format!(
            "name a {word} declared with `{word} Name {{ … }}`, or write {}",
            self.arn()
        )
    }

    /// The ARN the field takes instead of an id.
    fn arn(self) -> &'static str {
        match self {
            Kind::Key => "a KMS key ARN (`\"arn:aws:kms:…:key/…\"`)",
            Kind::Topic => "an SNS topic ARN (`\"arn:aws:sns:…\"`)",
        }
    }
}

/// Reports every `encryption_key:` / `notification_topic:` id that names no key or topic of
/// the invocation, or one of the wrong kind.
pub(crate) fn check_references(invocation: &Invocation, diagnostics: &mut Diagnostics) {
    let keys: Vec<&str> = all_keys(invocation).map(|k| k.id.text.as_str()).collect();
    let topics: Vec<&str> = all_topics(invocation).map(|t| t.id.text.as_str()).collect();
    let declared = |kind: Kind| match kind {
        Kind::Key => &keys,
        Kind::Topic => &topics,
    };
    let mut check = |reference: &Option<Reference>, field: &str, kind: Kind| {
        let Some(Reference::Id(name)) = reference else {
            return;
        };
        let own = declared(kind);
        if own.contains(&name.text.as_str()) {
            return;
        }
        let other = match kind {
            Kind::Key => Kind::Topic,
            Kind::Topic => Kind::Key,
        };
        let message = if declared(other).contains(&name.text.as_str()) {
            format!(
                "`{}` is a {}, but `{field}` takes a {}\n= help: {}",
                name.text,
                other.word(),
                kind.word(),
                kind.fix()
            )
        } else {
            let hint = did_you_mean(&name.text, own).map_or_else(
                || {
                    format!(
                        "declare `{} {} {{ … }}` at the top level, or write {}",
                        kind.word(),
                        name.text,
                        kind.arn()
                    )
                },
                |near| format!("did you mean `{near}`?"),
            );
            format!(
                "`{field}` names no {} `{}` of this invocation\n= help: {hint}",
                kind.word(),
                name.text
            )
        };
        diagnostics.error(name.span, message);
    };
    for vault in vault_decls(invocation) {
        check(&vault.encryption_key, "encryption_key", Kind::Key);
        check(&vault.notification_topic, "notification_topic", Kind::Topic);
    }
    for vault in &invocation.air_gapped_vaults {
        check(&vault.encryption_key, "encryption_key", Kind::Key);
        check(&vault.notification_topic, "notification_topic", Kind::Topic);
    }
}

/// Whether the invocation declares a key or topic, or a vault of it names one: when none does
/// (most invocations), the key and topic stages have nothing to do.
pub(crate) fn any(invocation: &Invocation) -> bool {
    !invocation.keys.is_empty()
        || !invocation.topics.is_empty()
        || references(invocation).next().is_some()
}

/// The keys of the invocation: the top-level ones, then those created with `new` in vaults.
pub(crate) fn all_keys(invocation: &Invocation) -> impl Iterator<Item = &KeyDecl> {
    let new = references(invocation).filter_map(|r| match r {
        Reference::NewKey(decl) => Some(decl.as_ref()),
        _ => None,
    });
    invocation.keys.iter().chain(new)
}

/// The topics of the invocation: the top-level ones, then those created with `new` in vaults.
pub(crate) fn all_topics(invocation: &Invocation) -> impl Iterator<Item = &TopicDecl> {
    let new = references(invocation).filter_map(|r| match r {
        Reference::NewTopic(decl) => Some(decl.as_ref()),
        _ => None,
    });
    invocation.topics.iter().chain(new)
}

/// Every `encryption_key:` and `notification_topic:` value of the invocation's vaults.
fn references(invocation: &Invocation) -> impl Iterator<Item = &Reference> {
    // Plain loops: iterator adapters cost many calls each in the unoptimized build a proc
    // macro runs as.
    let mut found = Vec::new();
    for vault in vault_decls(invocation) {
        found.extend(&vault.encryption_key);
        found.extend(&vault.notification_topic);
    }
    for vault in &invocation.air_gapped_vaults {
        found.extend(&vault.encryption_key);
        found.extend(&vault.notification_topic);
    }
    found.into_iter()
}

fn vault_decls(invocation: &Invocation) -> impl Iterator<Item = &VaultDecl> {
    let mut found: Vec<&VaultDecl> = invocation.vaults.iter().collect();
    for plan in &invocation.plans {
        found.extend(new_vaults(plan));
    }
    found.into_iter()
}

/// The key ARN the model gets for `encryption_key:`.
pub(crate) fn key_arn(reference: &Reference) -> CfnValue {
    match reference {
        Reference::Value(value) => check::text(value).map_or_else(check::spliced, CfnValue::from),
        Reference::Id(_) | Reference::NewKey(_) | Reference::NewTopic(_) => {
            Key::new(reference.id().map_or_else(String::new, |n| n.text.clone())).arn()
        }
    }
}

/// The topic the model gets for `notification_topic:`.
pub(crate) fn topic(reference: &Reference) -> NotificationTopic {
    match reference {
        Reference::Value(value) => {
            NotificationTopic::Arn(check::text(value).map_or_else(check::spliced, CfnValue::from))
        }
        Reference::Id(_) | Reference::NewKey(_) | Reference::NewTopic(_) => {
            NotificationTopic::from(&Topic::new(
                reference.id().map_or_else(String::new, |n| n.text.clone()),
            ))
        }
    }
}

/// The model of a key for the rule book, with the places of its fields.
pub(crate) fn key_model(decl: &KeyDecl, spans: &mut check::Spans) -> Key {
    let path = format!("keys[{}]", decl.id.text);
    spans.add(&path, decl.id.span);
    let mut key = decl
        .properties
        .model(Key::new(decl.id.text.clone()), &path, spans);
    for account in &decl.share_with_accounts {
        key = key.share_with_account(account.text.clone());
    }
    key
}

/// The model of a topic for the rule book, with the places of its fields.
pub(crate) fn topic_model(decl: &TopicDecl, spans: &mut check::Spans) -> Topic {
    let path = format!("topics[{}]", decl.id.text);
    spans.add(&path, decl.id.span);
    decl.properties
        .model(Topic::new(decl.id.text.clone()), &path, spans)
}

/// The builder chain of a key.
pub(crate) fn expand_key(code: &mut Code, decl: &KeyDecl) {
    code.path("Key::new(").str(&decl.id.text).push(")");
    decl.properties.expand(code);
    for account in &decl.share_with_accounts {
        code.push(".share_with_account(")
            .str(&account.text)
            .push(")");
    }
}

/// The builder chain of a topic.
pub(crate) fn expand_topic(code: &mut Code, decl: &TopicDecl) {
    code.path("Topic::new(").str(&decl.id.text).push(")");
    decl.properties.expand(code);
}

/// The argument of `.encryption_key(…)`.
pub(crate) fn expand_key_ref(code: &mut Code, reference: &Reference) {
    expand_ref(code, reference, "Key::new(");
}

/// The argument of `.notification_topic(…)` / `.notifications(…, events)`.
pub(crate) fn expand_topic_ref(code: &mut Code, reference: &Reference) {
    expand_ref(code, reference, "Topic::new(");
}

/// A value as it is, or `&Type::new("Id")` (`constructor` is `Type::new(`) for a name.
fn expand_ref(code: &mut Code, reference: &Reference, constructor: &str) {
    match reference {
        Reference::Value(value) => expand::string(code, value),
        _ => {
            let id = reference.id().map_or("", |n| &n.text);
            code.push("&").path(constructor).str(id).push(")");
        }
    }
}

/// The `.encryption_key(…)` and `.notification_topic(…)` calls of a vault, in that order.
pub(crate) fn expand_vault_refs(
    code: &mut Code,
    key: &Option<Reference>,
    topic: &Option<Reference>,
) {
    if let Some(key) = key {
        code.push(".encryption_key(");
        expand_key_ref(code, key);
        code.push(")");
    }
    if let Some(topic) = topic {
        code.push(".notification_topic(");
        expand_topic_ref(code, topic);
        code.push(")");
    }
}

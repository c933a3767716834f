//! Synthesis and lint report the same warnings for the same resources (issue 11, item 2): over
//! generated stacks that synthesize with warnings (vault keys, deprecated vault events, console
//! name lengths, repeated rule names, zero completion windows, wildcards inside an ARN field,
//! restore-testing vault selectors and start windows), `lint` of the synthesized template
//! reports exactly synthesis's warnings: the same rule ids and words, each at a pointer into
//! the output that exists, in the resource synthesis rendered for that construct. Stacks with
//! errors (vault names and locks, KMS aliases, SNS topics, repeated vault names, cron, cold
//! storage, windows, rule names, roles, resource ARNs, restore-testing vaults) are rendered
//! through the test-only `Stack::render_despite_errors`, and lint of that template reports
//! the same errors and warnings. Rules that need more than one template are outside this test.

use backup_synth::ids::logical_id;
use backup_synth::lint::lint_template;
use backup_synth::{
    BackupPlan, BackupPlanRule, BackupResource, BackupSelection, BackupVault, BackupVaultEvent,
    Duration, RestoreTestingPlan, RestoreTestingVault, Severity, Stack,
};
use proptest::prelude::*;
use serde_json::Value;

const KEY: &str = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TOPIC: &str = "arn:aws:sns:eu-west-1:111122223333:backup-events";

/// One vault: a key or not, notifications with some events (deprecated ones included).
#[derive(Clone, Debug)]
struct VaultCase {
    key: bool,
    events: Option<Vec<usize>>,
}

/// One rule: a repeated name or not, a zero completion window or not.
#[derive(Clone, Debug)]
struct RuleCase {
    repeated_name: bool,
    zero_completion: bool,
}

/// One plan: a long name or not, its rules, the vault it uses, its selection's resources.
#[derive(Clone, Debug)]
struct PlanCase {
    long_name: bool,
    rules: Vec<RuleCase>,
    vault: usize,
    resources: Vec<usize>,
}

/// A restore testing plan: an excluded vault by bare name or not, a zero start window or not.
#[derive(Clone, Debug)]
struct RestoreCase {
    bare_exclusion: bool,
    zero_window: bool,
}

#[derive(Clone, Debug)]
struct StackCase {
    vaults: Vec<VaultCase>,
    plans: Vec<PlanCase>,
    restore: Option<RestoreCase>,
}

const RESOURCES: [&str; 5] = [
    "arn:aws:s3:::*-logs",
    "arn:aws:ec2:*:*:volume/*",
    "arn:aws:rds:*:*:db:*",
    "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
    "arn:aws:ec2:eu-*:*:instance/*",
];

fn vault_case() -> impl Strategy<Value = VaultCase> {
    let events = prop::collection::vec(0..BackupVaultEvent::ALL.len(), 1..4);
    (any::<bool>(), prop::option::of(events)).prop_map(|(key, events)| VaultCase { key, events })
}

fn plan_case(vaults: usize) -> impl Strategy<Value = PlanCase> {
    let rule =
        (any::<bool>(), any::<bool>()).prop_map(|(repeated_name, zero_completion)| RuleCase {
            repeated_name,
            zero_completion,
        });
    (
        any::<bool>(),
        prop::collection::vec(rule, 1..4),
        0..vaults,
        prop::collection::vec(0..RESOURCES.len(), 0..3),
    )
        .prop_map(|(long_name, rules, vault, resources)| PlanCase {
            long_name,
            rules,
            vault,
            resources,
        })
}

fn stack_case() -> impl Strategy<Value = StackCase> {
    prop::collection::vec(vault_case(), 1..4).prop_flat_map(|vaults| {
        let count = vaults.len();
        let restore =
            (any::<bool>(), any::<bool>()).prop_map(|(bare_exclusion, zero_window)| RestoreCase {
                bare_exclusion,
                zero_window,
            });
        (
            Just(vaults),
            prop::collection::vec(plan_case(count), 0..3),
            prop::option::of(restore),
        )
            .prop_map(|(vaults, plans, restore)| StackCase {
                vaults,
                plans,
                restore,
            })
    })
}

fn build(case: &StackCase) -> Stack {
    let mut stack = Stack::new("Stack");
    for (index, vault) in case.vaults.iter().enumerate() {
        let mut model = BackupVault::new(format!("Vault{index}")).name(format!("vault-{index}"));
        if vault.key {
            model = model.encryption_key(KEY);
        }
        if let Some(events) = &vault.events {
            model = model
                .notification_topic(TOPIC)
                .notification_events(events.iter().map(|e| BackupVaultEvent::ALL[*e]));
        }
        stack.add(model);
    }
    for (index, plan) in case.plans.iter().enumerate() {
        let name = if plan.long_name {
            format!("plan-{index}-{}", "n".repeat(60))
        } else {
            format!("plan-{index}")
        };
        let mut model = BackupPlan::new(format!("Plan{index}")).name(name).vault(
            backup_synth::VaultRef::in_stack(format!("Vault{}", plan.vault)),
        );
        for (position, rule) in plan.rules.iter().enumerate() {
            let name = if rule.repeated_name {
                "Repeated".to_string()
            } else {
                format!("Rule{position}")
            };
            let mut rule_model = BackupPlanRule::new()
                .name(name)
                .delete_after(Duration::days(35));
            if rule.zero_completion {
                rule_model = rule_model.completion_window(Duration::minutes(0));
            }
            model = model.rule(rule_model);
        }
        let mut selection =
            BackupSelection::new("Selection").resource(BackupResource::tag("backup", "true"));
        for resource in &plan.resources {
            selection = selection.resource(BackupResource::arn(RESOURCES[*resource]));
        }
        stack.add(model.selection(selection));
    }
    if let Some(restore) = &case.restore {
        let mut plan = RestoreTestingPlan::new("Tests", "cron(0 5 ? * SUN *)").include_all_vaults();
        if restore.bare_exclusion {
            plan = plan.exclude_vault(RestoreTestingVault::from("scratch"));
        }
        if restore.zero_window {
            plan = plan.start_window(Duration::hours(0));
        }
        stack.add(plan);
    }
    stack
}

/// `(rule, message, logical id)` triples, sorted: each warning's words and the resource it is
/// about.
fn words<'a>(
    items: impl Iterator<Item = (&'static str, &'a str, String)>,
) -> Vec<(&'static str, String, String)> {
    let mut list: Vec<(&'static str, String, String)> = items
        .map(|(rule, message, resource)| (rule, message.to_string(), resource))
        .collect();
    list.sort();
    list
}

/// The logical id synthesis gives the construct a problem's field path starts with
/// (`plans[Plan0].selections[Selection].resources[1]` → the selection's resource).
fn resource_of(path: &str) -> String {
    let id = |segment: &str| {
        segment
            .split_once('[')
            .and_then(|(_, rest)| rest.split_once(']'))
            .map_or(String::new(), |(id, _)| id.to_string())
    };
    let segments: Vec<&str> = path.split('.').collect();
    let mut construct = id(segments[0]);
    if let Some(selection) = segments.iter().find(|s| s.starts_with("selections[")) {
        construct = format!("{construct}/{}", id(selection));
    }
    logical_id(&format!("{construct}/Resource"))
}

/// The logical id a lint pointer (`/Resources/<logical id>/…`) is in.
fn resource_at(pointer: &str) -> String {
    pointer.split('/').nth(2).unwrap_or_default().to_string()
}

/// The JSON value at an RFC 6901 pointer.
fn at<'v>(json: &'v Value, pointer: &str) -> Option<&'v Value> {
    json.pointer(pointer)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn lint_of_the_output_reports_synthesis_warnings(case in stack_case()) {
        let stack = build(&case);
        let template = match stack.synth() {
            Ok(template) => template,
            Err(error) => return Err(TestCaseError::fail(format!("{case:?} does not synthesize: {error:?}"))),
        };
        let report = lint_template(template.json());
        prop_assert_eq!(report.error_count(), 0, "{:?}", report.findings);
        let linted = words(
            report.findings.iter().map(|f| (f.rule, f.message.as_str(), resource_at(&f.pointer))),
        );
        let synthesized = words(template.warnings().iter().map(|w| {
            (w.violation.rule, w.violation.message.as_str(), resource_of(&w.path))
        }));
        prop_assert_eq!(&linted, &synthesized);
        for finding in &report.findings {
            prop_assert_eq!(finding.severity, Severity::Warning);
            // Every pointer names a node of the output (a property, or the resource itself).
            prop_assert!(at(template.json(), &finding.pointer).is_some(), "{} is not in the output", finding.pointer);
        }
    }
}

/// The generator reaches every warning it is meant to: one case with all of them on.
#[test]
fn the_generated_stacks_carry_every_warning_of_the_list() {
    let case = StackCase {
        vaults: vec![VaultCase {
            key: false,
            events: Some(vec![3]), // BACKUP_JOB_FAILED, deprecated
        }],
        plans: vec![PlanCase {
            long_name: true,
            rules: vec![
                RuleCase {
                    repeated_name: true,
                    zero_completion: true,
                },
                RuleCase {
                    repeated_name: true,
                    zero_completion: false,
                },
            ],
            vault: 0,
            resources: vec![0, 4],
        }],
        restore: Some(RestoreCase {
            bare_exclusion: true,
            zero_window: true,
        }),
    };
    let template = build(&case).synth().expect("warnings only");
    let mut rules: Vec<&str> = template
        .warnings()
        .iter()
        .map(|w| w.violation.rule)
        .collect();
    rules.sort_unstable();
    rules.dedup();
    assert_eq!(
        rules,
        [
            "completion-window-range",
            "plan-name-console-length",
            "restore-testing-start-window",
            "restore-testing-vault-selector",
            "rule-name-unique",
            "selection-arn-wildcard",
            "selection-tags-widened-by-wildcard",
            "vault-event-deprecated",
            "vault-without-customer-key",
        ]
    );
    let report = lint_template(template.json());
    assert_eq!(report.warning_count(), template.warnings().len());
}

/// Mistakes AWS refuses, each one the linter reads back from the rendered template.
#[derive(Clone, Debug)]
struct Mistakes {
    vault_name_with_dot: bool,
    lock_min_zero: bool,
    key_alias: bool,
    topic_not_an_arn: bool,
    same_vault_name: bool,
    sub_hourly_schedule: bool,
    cold_storage_gap: bool,
    short_start_window: bool,
    rule_name_with_space: bool,
    role_not_an_arn: bool,
    resource_not_an_arn: bool,
    bare_include_vault: bool,
}

fn mistakes() -> impl Strategy<Value = Mistakes> {
    prop::collection::vec(any::<bool>(), 12).prop_map(|f| Mistakes {
        vault_name_with_dot: f[0],
        lock_min_zero: f[1],
        key_alias: f[2],
        topic_not_an_arn: f[3],
        same_vault_name: f[4],
        sub_hourly_schedule: f[5],
        cold_storage_gap: f[6],
        short_start_window: f[7],
        rule_name_with_space: f[8],
        role_not_an_arn: f[9],
        resource_not_an_arn: f[10],
        bare_include_vault: f[11],
    })
}

/// The generated stack with `m`'s mistakes added: a second vault, a plan and restore tests.
fn build_with_mistakes(case: &StackCase, m: &Mistakes) -> Stack {
    let mut stack = build(case);
    let mut vault = BackupVault::new("Faulty").name(if m.vault_name_with_dot {
        "faulty.vault"
    } else if m.same_vault_name {
        "vault-0"
    } else {
        "faulty"
    });
    if m.lock_min_zero {
        vault = vault.lock_configuration(backup_synth::LockConfiguration::new(Duration::days(0)));
    }
    vault = vault.encryption_key(if m.key_alias { "alias/aws/backup" } else { KEY });
    if m.topic_not_an_arn {
        vault = vault
            .notification_topic("backup-events")
            .notification_events([BackupVaultEvent::BackupJobCompleted]);
    }
    stack.add(vault);
    let mut rule = BackupPlanRule::new()
        .name(if m.rule_name_with_space {
            "my rule"
        } else {
            "Rule"
        })
        .delete_after(Duration::days(100));
    if m.sub_hourly_schedule {
        rule = rule.schedule("cron(0/10 * ? * * *)");
    }
    if m.cold_storage_gap {
        rule = rule.move_to_cold_storage_after(Duration::days(30));
    }
    if m.short_start_window {
        rule = rule.start_window(Duration::minutes(30));
    }
    let mut selection =
        BackupSelection::new("Faulty").resource(BackupResource::arn(if m.resource_not_an_arn {
            "my-bucket"
        } else {
            "*"
        }));
    if m.role_not_an_arn {
        selection = selection.role_arn("backup-role");
    }
    stack.add(
        BackupPlan::new("FaultyPlan")
            .vault(backup_synth::VaultRef::in_stack("Faulty"))
            .rule(rule)
            .selection(selection),
    );
    if m.bare_include_vault {
        stack.add(
            RestoreTestingPlan::new("FaultyTests", "cron(0 5 ? * SUN *)")
                .include_vault(RestoreTestingVault::from("prod")),
        );
    }
    stack
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// For stacks with errors, the template rendered despite them (a test-only path) lints
    /// with the same errors and warnings, word for word, on the same resources.
    #[test]
    fn lint_of_a_template_rendered_despite_errors_reports_the_same_errors(
        case in stack_case(),
        m in mistakes(),
    ) {
        let (json, problems) = build_with_mistakes(&case, &m).render_despite_errors();
        let report = lint_template(&json);
        let linted = words(
            report.findings.iter().map(|f| (f.rule, f.message.as_str(), resource_at(&f.pointer))),
        );
        let synthesized = words(problems.iter().map(|p| {
            (p.violation.rule, p.violation.message.as_str(), resource_of(&p.path))
        }));
        prop_assert_eq!(&linted, &synthesized);
        for finding in &report.findings {
            prop_assert!(at(&json, &finding.pointer).is_some(), "{} is not in the output", finding.pointer);
        }
    }
}

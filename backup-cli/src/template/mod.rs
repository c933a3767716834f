//! Reading CloudFormation templates as CloudFormation reads them: JSON, or YAML 1.1 with
//! CloudFormation's short-form tags (`!Ref`, `!GetAtt A.B`, `!Sub`, …) turned into their long
//! JSON forms, plus where each value was written (line and column, found by JSON pointer) for
//! the human output.
//!
//! What CloudFormation would refuse to read is refused here, naming what and where: YAML
//! anchors, aliases, merges and the binary/omap/pairs/set/timestamp tags ([`yaml`]), duplicate
//! keys in YAML and JSON, a second document or text after the template, and intrinsic
//! functions CloudFormation does not know ([`intrinsics`]).
//!
//! Module map: [`json`] and [`yaml`] read text into a value and its [`positions`] (a compact
//! pre-order table, walked by pointer); [`scalar`] resolves YAML 1.1 plain scalars.

mod intrinsics;
mod json;
mod positions;
mod scalar;
mod yaml;

use serde_json::Value;

use positions::{Position, Positions};

/// Deepest nesting read; deeper input is refused rather than risking the stack.
const MAX_DEPTH: usize = 200;

/// A parsed template and the positions of its values.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The template as JSON.
    pub value: Value,
    /// Where each value of `value` was written.
    positions: Positions,
}

impl Parsed {
    /// The `(line, column)` (1-based; columns count characters) of the value at `pointer`, or
    /// of its nearest ancestor present in the template.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        self.positions.find(&self.value, pointer)
    }
}

/// Why a text is not a template CloudFormation would read.
#[derive(Debug)]
enum ReadError {
    /// Not JSON (or not YAML): a JSON-looking text is then tried as YAML.
    Syntax(String),
    /// Well-formed, but using something CloudFormation refuses.
    Refused(String),
}

impl ReadError {
    #[cfg(test)]
    fn message(&self) -> &str {
        match self {
            ReadError::Syntax(message) | ReadError::Refused(message) => message,
        }
    }

    fn into_message(self) -> String {
        match self {
            ReadError::Syntax(message) | ReadError::Refused(message) => message,
        }
    }
}

/// The error for a key written twice in one mapping or object.
fn duplicate_key(container: &str, key: &str, first: Position, second: Position) -> ReadError {
    ReadError::Refused(format!(
        "duplicate key `{key}` at line {} column {}: the same {container} already has it at \
         line {} column {}; CloudFormation refuses a template with duplicate keys: keep one of \
         them",
        second.0, second.1, first.0, first.1
    ))
}

/// Parses `text`: JSON when `json` is set, JSON then YAML when the text starts with `{`
/// (JSON is also a YAML flow mapping), YAML otherwise. Every refusal names its line and column.
pub fn parse(text: &str, json: bool) -> Result<Parsed, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (value, positions) = read(text, json).map_err(ReadError::into_message)?;
    intrinsics::check(&value, &positions).map_err(ReadError::into_message)?;
    Ok(Parsed { value, positions })
}

fn read(text: &str, json: bool) -> Result<(Value, Positions), ReadError> {
    if json {
        return json::read(text);
    }
    if !text.trim_start().starts_with('{') {
        return yaml::read(text);
    }
    match json::read(text) {
        Err(ReadError::Syntax(json_error)) => match yaml::read(text) {
            Err(ReadError::Syntax(_)) => Err(ReadError::Syntax(json_error)),
            yaml => yaml,
        },
        json => json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn short_forms_become_long_forms() {
        let yaml = "\
A: !Ref Vault
B: !GetAtt Role.Arn
C: !Sub 'arn:${AWS::Partition}:x'
D: !Join ['', [a, !Ref B]]
E: !If [Cond, 1, !Ref AWS::NoValue]
F: !Select [0, !GetAZs '']
G: !Split [',', !ImportValue Out]
H: !FindInMap [M, K, V]
I: !Base64 text
J: !Cidr [10.0.0.0/16, 4, 8]
K: !Equals [a, b]
L: !And [!Condition C1, !Not [!Or [!Condition C2, !Condition C3]]]
M: !GetAtt [Role, Arn]
";
        let parsed = parse(yaml, false).unwrap().value;
        assert_eq!(
            parsed,
            json!({
                "A": {"Ref": "Vault"},
                "B": {"Fn::GetAtt": ["Role", "Arn"]},
                "C": {"Fn::Sub": "arn:${AWS::Partition}:x"},
                "D": {"Fn::Join": ["", ["a", {"Ref": "B"}]]},
                "E": {"Fn::If": ["Cond", 1, {"Ref": "AWS::NoValue"}]},
                "F": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
                "G": {"Fn::Split": [",", {"Fn::ImportValue": "Out"}]},
                "H": {"Fn::FindInMap": ["M", "K", "V"]},
                "I": {"Fn::Base64": "text"},
                "J": {"Fn::Cidr": ["10.0.0.0/16", 4, 8]},
                "K": {"Fn::Equals": ["a", "b"]},
                "L": {"Fn::And": [{"Condition": "C1"}, {"Fn::Not": [{"Fn::Or": [{"Condition": "C2"}, {"Condition": "C3"}]}]}]},
                "M": {"Fn::GetAtt": ["Role", "Arn"]},
            })
        );
    }

    #[test]
    fn scalars_follow_yaml_1_1() {
        let parsed = parse("a: 60\nb: '60'\nc: true\nd: ~\ne: 1.5\nf: 2012-10-17\ng: !!str 7\nh: cron(0 5 ? * * *)\ni: yes\nj: Off\nk: 0755\nl: 1_000\n", false)
            .unwrap()
            .value;
        assert_eq!(
            parsed,
            json!({"a": 60, "b": "60", "c": true, "d": null, "e": 1.5, "f": "2012-10-17", "g": "7",
                   "h": "cron(0 5 ? * * *)", "i": true, "j": false, "k": 493, "l": 1000})
        );
    }

    #[test]
    fn positions_of_yaml_values() {
        let parsed = parse("base: {x: 1}\nlist:\n  - one\n  - two\n", false).unwrap();
        assert_eq!(parsed.position("/list/1"), Some((4, 5)));
        assert_eq!(parsed.position("/list/1/deeper"), Some((4, 5)));
        assert_eq!(parsed.position("/base"), Some((1, 7)));
        assert_eq!(parsed.position("/base/x"), Some((1, 11)));
        assert_eq!(parsed.position(""), Some((1, 1)));
    }

    #[test]
    fn json_keeps_positions() {
        let parsed = parse("{\n  \"Resources\": {\n    \"A\": 1\n  }\n}", true).unwrap();
        assert_eq!(parsed.value, json!({"Resources": {"A": 1}}));
        assert_eq!(parsed.position("/Resources/A"), Some((3, 10)));
    }

    #[test]
    fn json_positions_survive_surrogate_pairs() {
        let text = "{\"Description\": \"\\ud83d\\ude00 backups\",\n \"Resources\": {\"V\": {\"Type\": \"x\"}}}";
        for json in [true, false] {
            let parsed = parse(text, json).unwrap();
            assert_eq!(parsed.value["Description"], json!("\u{1F600} backups"));
            assert_eq!(parsed.position("/Resources/V/Type"), Some((2, 30)));
        }
    }

    #[test]
    fn json_duplicate_keys_are_refused_with_or_without_the_json_flag() {
        let text = "{\"Resources\": {\n  \"A\": {\"Type\": \"x\"},\n  \"A\": {\"Type\": \"y\"}}}";
        for json in [true, false] {
            let message = parse(text, json).unwrap_err();
            assert!(
                message.starts_with("duplicate key `A` at line 3 column 3: the same object already has it at line 2 column 3"),
                "{message}"
            );
        }
    }

    #[test]
    fn json_looking_yaml_is_read_as_yaml() {
        let parsed = parse("{Resources: {A: !Ref B}}", false).unwrap();
        assert_eq!(parsed.value, json!({"Resources": {"A": {"Ref": "B"}}}));
        // Neither JSON nor YAML: the JSON error is the one shown.
        let message = parse("{\"a\": [1, 2}", false).unwrap_err();
        assert!(
            message.starts_with("invalid JSON at line 1 column 12"),
            "{message}"
        );
        // A JSON-looking text refused as YAML gives the YAML refusal.
        let message = parse("{a: &x 1, b: *x}", false).unwrap_err();
        assert!(message.contains("a YAML anchor `&x`"), "{message}");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_eq!(
            parse("\u{feff}a: 1\n", false).unwrap().value,
            json!({"a": 1})
        );
        assert_eq!(
            parse("\u{feff}{\"a\": 1}", true).unwrap().value,
            json!({"a": 1})
        );
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(parse("a: [1, 2", false).is_err());
        assert!(parse("{\"a\": ", true).is_err());
        assert!(parse("", false).is_err());
        assert!(parse(&"[".repeat(10_000), false).is_err());
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n\
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        assert!(parse(bomb, false)
            .unwrap_err()
            .starts_with("line 1 column 4: a YAML anchor `&a`"));
    }

    /// Templates of the repository's fixtures, to mutate.
    const MUTATION_SEEDS: [&str; 4] = [
        include_str!("../../../tests/fixtures/cfn-probes/01-valid.yaml"),
        include_str!("../../../tests/fixtures/cfn-probes/01-valid.json"),
        include_str!("../../../tests/fixtures/cfn-probes/07-conditions-and-types.yaml"),
        include_str!("../../../tests/fixtures/cfn-probes/10-edge-cases.yaml"),
    ];

    /// Syntax inserted into them.
    const MUTATIONS: [&str; 30] = [
        "{",
        "}",
        "[",
        "]",
        ":",
        "- ",
        "&a ",
        "*a",
        "!Ref ",
        "!!str ",
        "!!binary ",
        "|",
        ">",
        "'",
        "\"",
        "#",
        "\n",
        "\t",
        " ",
        "---\n",
        "...\n",
        "\\ud83d",
        "<<: ",
        "? ",
        "!",
        ",",
        "\r",
        "\u{feff}",
        "Fn::Bogus: ",
        "|+\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Arbitrary YAML-ish text never panics the reader or the linter.
        #[test]
        fn yamlish_text_never_panics(text in "([ \\-:!\\[\\]{},'\"&*|>#\\n]|[a-zA-Z0-9]{1,6}|!Ref |!GetAtt |Resources:\\n  |Type: AWS::Backup::Backup(Plan|Vault|Selection)\\n|    Properties:\\n|      BackupPlan:\\n|BackupPlanRule:|DeleteAfterDays: |cron\\(){0,60}") {
            if let Ok(parsed) = parse(&text, false) {
                let _ = backup_synth::lint::lint_template(&parsed.value);
            }
        }

        /// Real templates with pieces of YAML and JSON syntax inserted, text deleted or lines
        /// repeated never panic the reader (libyaml-safer's own panics included: they are
        /// errors), and every value read has a position.
        #[test]
        fn mutated_templates_never_panic(
            seed in 0..MUTATION_SEEDS.len(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0..MUTATIONS.len() + 2, 1..40usize), 1..5),
            json in any::<bool>(),
        ) {
            let mut text = MUTATION_SEEDS[seed].to_string();
            for (at, kind, length) in edits {
                let mut at = at.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match kind.checked_sub(2) {
                    Some(piece) => text.insert_str(at, MUTATIONS[piece]),
                    None if kind == 0 => {
                        let end = text[at..].char_indices().nth(length).map_or(text.len(), |(i, _)| at + i);
                        text.replace_range(at..end, "");
                    }
                    None => {
                        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
                        let line = text[at..end].to_string();
                        text.insert_str(at, &line);
                    }
                }
            }
            if let Ok(parsed) = parse(&text, json) {
                prop_assert!(parsed.position("").is_some());
                let _ = backup_synth::lint::lint_template(&parsed.value);
            }
        }

        /// Arbitrary bytes read as text never panic the reader.
        #[test]
        fn any_text_never_panics(text in ".{0,200}") {
            if let Ok(parsed) = parse(&text, false) {
                let _ = backup_synth::lint::lint_template(&parsed.value);
            }
            let _ = parse(&text, true);
        }
    }
}

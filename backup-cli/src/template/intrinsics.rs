//! Intrinsic function names: a `Fn::` key CloudFormation does not know makes the template
//! unreadable, as it does for CloudFormation ("Template format error: … unsupported
//! function"), instead of being skipped as "resolved at deploy time" (issue 10).
//!
//! The functions are those of CloudFormation's Template Reference, "Intrinsic function
//! reference" (with its condition and rule functions). `Fn::ForEach` (a key written
//! `Fn::ForEach::LoopName`), `Fn::Length` and `Fn::ToJsonString` exist only under the
//! `AWS::LanguageExtensions` transform ("Transform: AWS::LanguageExtensions", a string or a
//! list); without it they are refused with that fix. A template that declares a transform
//! other than AWS's own is not checked: a macro may define and consume any key. Neither are the
//! template-level `Metadata` section (CloudFormation does not evaluate it) and the parameters of
//! `Fn::Transform` (they belong to the macro).

use serde_json::Value;

use super::positions::Positions;
use super::ReadError;

/// Functions CloudFormation knows in every template.
const FUNCTIONS: [&str; 23] = [
    "Fn::Base64",
    "Fn::Cidr",
    "Fn::FindInMap",
    "Fn::GetAtt",
    "Fn::GetAZs",
    "Fn::GetStackOutput",
    "Fn::ImportValue",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::Sub",
    "Fn::Transform",
    // Condition functions.
    "Fn::And",
    "Fn::Equals",
    "Fn::If",
    "Fn::Not",
    "Fn::Or",
    // Rule functions (the `Rules` section).
    "Fn::Contains",
    "Fn::EachMemberEquals",
    "Fn::EachMemberIn",
    "Fn::RefAll",
    "Fn::ValueOf",
    "Fn::ValueOfAll",
];

/// Functions of the `AWS::LanguageExtensions` transform.
const LANGUAGE_EXTENSIONS: [&str; 3] = ["Fn::ForEach", "Fn::Length", "Fn::ToJsonString"];

/// The transform that adds [`LANGUAGE_EXTENSIONS`].
const LANGUAGE_EXTENSIONS_TRANSFORM: &str = "AWS::LanguageExtensions";

/// AWS's own transforms: none of them defines a `Fn::` function besides the language
/// extensions.
const AWS_TRANSFORMS: [&str; 7] = [
    "AWS::Serverless-2016-10-31",
    LANGUAGE_EXTENSIONS_TRANSFORM,
    "AWS::Include",
    "AWS::SecretsManager-2020-07-23",
    "AWS::SecretsManager-2024-09-16",
    "AWS::CodeDeployBlueGreen",
    "AWS::CodeStar",
];

/// Refuses the first `Fn::` key of `root` that CloudFormation would not know.
pub fn check(root: &Value, positions: &Positions) -> Result<(), ReadError> {
    let Some(language_extensions) = declared(root) else {
        return Ok(());
    };
    let checker = Checker {
        positions,
        language_extensions,
    };
    match root {
        Value::Object(map) => {
            let mut child = 1;
            for (key, value) in map {
                checker.judge(key, 0)?;
                if key != "Metadata" {
                    checker.walk(value, child)?;
                }
                child = positions.skip(child);
            }
            Ok(())
        }
        other => checker.walk(other, 0),
    }
}

/// Whether the template declares the language extensions; `None` when it declares a
/// transform that is not AWS's (a macro), which may give any key a meaning.
fn declared(root: &Value) -> Option<bool> {
    let names: Vec<&str> = match root.get("Transform") {
        None => Vec::new(),
        Some(Value::String(name)) => vec![name],
        Some(Value::Array(items)) => items
            .iter()
            .map(Value::as_str)
            .collect::<Option<Vec<&str>>>()?,
        Some(_) => return None,
    };
    if names.iter().all(|name| AWS_TRANSFORMS.contains(name)) {
        Some(names.contains(&LANGUAGE_EXTENSIONS_TRANSFORM))
    } else {
        None
    }
}

struct Checker<'p> {
    positions: &'p Positions,
    language_extensions: bool,
}

impl Checker<'_> {
    /// Checks `value`, entry `index` of the positions, and everything inside it.
    fn walk(&self, value: &Value, index: usize) -> Result<(), ReadError> {
        let mut child = index + 1;
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    self.judge(key, index)?;
                    if key != "Fn::Transform" {
                        self.walk(inner, child)?;
                    }
                    child = self.positions.skip(child);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.walk(item, child)?;
                    child = self.positions.skip(child);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Refuses `key`, a key of the object at entry `index`, if it names a function
    /// CloudFormation does not know here.
    fn judge(&self, key: &str, index: usize) -> Result<(), ReadError> {
        if !key.starts_with("Fn::") || FUNCTIONS.contains(&key) {
            return Ok(());
        }
        let (line, column) = self.positions.at(index).unwrap_or((1, 1));
        let extension = LANGUAGE_EXTENSIONS
            .iter()
            .find(|name| key == **name || key.starts_with(&format!("{name}::")));
        if let Some(name) = extension {
            if self.language_extensions {
                return Ok(());
            }
            return Err(ReadError::Refused(format!(
                "line {line} column {column}: `{name}` is a function of the \
                 `{LANGUAGE_EXTENSIONS_TRANSFORM}` transform, which this template does not \
                 declare; add `Transform: {LANGUAGE_EXTENSIONS_TRANSFORM}` at the top level of \
                 the template"
            )));
        }
        let hint = match suggestion(key) {
            Some(known) => format!("did you mean `{known}`? (function names are case-sensitive)"),
            None => format!(
                "CloudFormation's functions are `Ref`, `Condition`, {}, and {} with the \
                 `{LANGUAGE_EXTENSIONS_TRANSFORM}` transform",
                quoted(&FUNCTIONS),
                quoted(&LANGUAGE_EXTENSIONS)
            ),
        };
        Err(ReadError::Refused(format!(
            "line {line} column {column}: unknown intrinsic function `{key}`; {hint}"
        )))
    }
}

/// The known function `key` differs from only in letter case.
fn suggestion(key: &str) -> Option<&'static str> {
    FUNCTIONS
        .iter()
        .chain(LANGUAGE_EXTENSIONS.iter())
        .find(|name| name.eq_ignore_ascii_case(key))
        .copied()
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use crate::template::parse;

    fn message(text: &str) -> String {
        match parse(text, false) {
            Ok(parsed) => panic!("{text}: read as {}", parsed.value),
            Err(message) => message,
        }
    }

    #[test]
    fn unknown_functions_are_refused_with_their_place() {
        let text = "Resources:\n  V:\n    Type: AWS::Backup::BackupVault\n    Properties:\n      BackupVaultName:\n        Fn::Bogus: x\n";
        let found = message(text);
        assert!(
            found.starts_with(
                "line 6 column 9: unknown intrinsic function `Fn::Bogus`; CloudFormation's \
                 functions are `Ref`, `Condition`, `Fn::Base64`,"
            ),
            "{found}"
        );
        assert!(message("A: !Bogus x\n")
            .starts_with("line 1 column 4: unknown intrinsic function `Fn::Bogus`"));
        assert!(
            message("{\"A\": [{\"Fn::join\": [\"\", []]}]}").starts_with(
                "line 1 column 8: unknown intrinsic function `Fn::join`; did you mean `Fn::Join`?"
            )
        );
    }

    #[test]
    fn known_functions_pass() {
        let text = "A: !Sub x\nB: !GetAZs ''\nC: {Fn::GetStackOutput: {StackName: s, OutputName: o}}\nRules:\n  R:\n    Assertions:\n      - Assert: !Contains [[a], !Ref P]\n";
        assert!(parse(text, false).is_ok());
    }

    #[test]
    fn language_extensions_need_their_transform() {
        let body = "Resources:\n  Fn::ForEach::Vaults:\n    - Name\n    - [a, b]\n    - V${Name}:\n        Type: AWS::Backup::BackupVault\n        Properties:\n          BackupVaultName: !ToJsonString {a: !Length [1]}\n";
        let found = message(body);
        assert!(
            found.starts_with(
                "line 2 column 3: `Fn::ForEach` is a function of the `AWS::LanguageExtensions` \
                 transform, which this template does not declare; add `Transform: \
                 AWS::LanguageExtensions` at the top level of the template"
            ),
            "{found}"
        );
        for transform in [
            "Transform: AWS::LanguageExtensions\n",
            "Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions]\n",
        ] {
            assert!(
                parse(&format!("{transform}{body}"), false).is_ok(),
                "{transform}"
            );
        }
        let found = message("Transform: AWS::Serverless-2016-10-31\nA: !Length [1]\n");
        assert!(
            found.starts_with("line 2 column 4: `Fn::Length` is a function"),
            "{found}"
        );
    }

    #[test]
    fn macros_metadata_and_transform_parameters_are_not_checked() {
        assert!(parse("Transform: MyMacro\nA: {Fn::Bogus: 1}\n", false).is_ok());
        assert!(parse(
            "Transform: [AWS::LanguageExtensions, MyMacro]\nA: {Fn::Bogus: 1}\n",
            false
        )
        .is_ok());
        assert!(parse("Metadata:\n  Fn::Anything: 1\n", false).is_ok());
        assert!(parse(
            "A:\n  Fn::Transform:\n    Name: M\n    Parameters: {Fn::Custom: 1}\n",
            false
        )
        .is_ok());
    }
}

//! YAML 1.1 scalars, as CloudFormation reads them.
//!
//! CloudFormation's "Template formats" page: templates are YAML 1.1 (less aliases, merges and
//! the binary, omap, pairs, set and timestamp tags). A plain (unquoted) scalar is resolved by the
//! YAML 1.1 type definitions (yaml.org/type: `null`, `bool`, `int`, `float`), which differ from
//! YAML 1.2's core schema: `yes`/`no`/`on`/`off` are booleans (AWS CLI's `cloudformation package`
//! quotes them for that reason: "CloudFormation treats unquoted values that are YAML 1.1 native
//! booleans as booleans", aws/aws-cli#5257; tag values written `YES` became `true` in a real
//! stack, ASFHyP3/hyp3#2061), `0755` is octal, `0b101` binary, `1_000` has digit separators,
//! `1:30` is base 60 (= 90).
//!
//! Where YAML 1.1's own type page and the YAML 1.1 processors disagree, the processors win:
//! the single letters `y`/`n` (in yaml.org/type/bool) stay strings, as in libyaml-based PyYAML,
//! SnakeYAML and cfn-lint; a float needs a `.` and an exponent needs a sign (`1.5e+3`; `1e3`
//! is a string), as in PyYAML's resolver. A plain `2012-10-17` stays a string: CloudFormation
//! does not support the timestamp type, and IAM policies write their `Version` that way.
//! `.inf` and `.nan` stay strings, since JSON has no such numbers.

use serde_json::{Number, Value};

/// The value of a plain scalar.
pub fn resolve_plain(text: &str) -> Value {
    if let Some(value) = null(text).or_else(|| boolean(text)) {
        return value;
    }
    integer(text)
        .or_else(|| float(text))
        .unwrap_or_else(|| Value::String(text.to_string()))
}

/// The value of a scalar with an explicit core tag (`!!int 7`), or why it cannot have that
/// type. `None` when `kind` is not one of `str`, `null`, `bool`, `int`, `float`.
pub fn resolve_tagged(kind: &str, text: &str) -> Option<Result<Value, String>> {
    let value = match kind {
        "str" => Some(Value::String(text.to_string())),
        "null" => null(text),
        "bool" => boolean(text),
        "int" => integer(text),
        "float" => float(text).or_else(|| integer(text).and_then(as_float)),
        _ => return None,
    };
    Some(value.ok_or_else(|| format!("`{text}` is not a YAML 1.1 {kind}")))
}

fn null(text: &str) -> Option<Value> {
    matches!(text, "" | "~" | "null" | "Null" | "NULL").then_some(Value::Null)
}

fn boolean(text: &str) -> Option<Value> {
    match text {
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Some(Value::Bool(true))
        }
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Some(Value::Bool(false))
        }
        _ => None,
    }
}

/// `[-+]?` and the rest.
fn sign(text: &str) -> (bool, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    }
}

/// Digits of `radix` with `_` separators (at least one digit), as a number.
fn digits(text: &str, radix: u32) -> Option<i128> {
    let mut number: i128 = 0;
    let mut any = false;
    for c in text.chars() {
        if c == '_' {
            continue;
        }
        let digit = c.to_digit(radix)?;
        number = number
            .checked_mul(i128::from(radix))?
            .checked_add(i128::from(digit))?;
        any = true;
    }
    any.then_some(number)
}

/// YAML 1.1 `int`: binary, octal, decimal, hexadecimal and base 60.
fn integer(text: &str) -> Option<Value> {
    let (negative, body) = sign(text);
    let magnitude = if let Some(rest) = body.strip_prefix("0b") {
        digits(rest, 2)?
    } else if let Some(rest) = body.strip_prefix("0x") {
        digits(rest, 16)?
    } else if body == "0" {
        0
    } else if let Some(rest) = body.strip_prefix('0') {
        digits(rest, 8)?
    } else if body.starts_with(|c: char| c.is_ascii_digit()) {
        sexagesimal(body)?
    } else {
        return None;
    };
    let number = if negative { -magnitude } else { magnitude };
    if let Ok(small) = i64::try_from(number) {
        Some(Value::Number(small.into()))
    } else {
        u64::try_from(number)
            .ok()
            .map(|big| Value::Number(big.into()))
    }
}

/// `[1-9][0-9_]*(:[0-5]?[0-9])*`: decimal, or base 60 when it has `:` parts.
fn sexagesimal(body: &str) -> Option<i128> {
    let mut parts = body.split(':');
    let mut number = digits(parts.next()?, 10)?;
    for part in parts {
        number = number.checked_mul(60)?.checked_add(base60_digit(part)?)?;
    }
    Some(number)
}

/// `[0-5]?[0-9]`.
fn base60_digit(part: &str) -> Option<i128> {
    let ok = match part.as_bytes() {
        [units] => units.is_ascii_digit(),
        [tens, units] => (b'0'..=b'5').contains(tens) && units.is_ascii_digit(),
        _ => false,
    };
    if ok {
        part.parse().ok()
    } else {
        None
    }
}

/// YAML 1.1 `float` as PyYAML resolves it: `[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?`,
/// `\.[0-9_]+([eE][-+][0-9]+)?`, and base 60 with a fraction (`1:30.5`).
fn float(text: &str) -> Option<Value> {
    let (negative, body) = sign(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.')?;
    let magnitude = if whole.contains(':') {
        if exponent.is_some() {
            return None;
        }
        let units = sexagesimal(whole)? as f64;
        units + decimal_fraction(fraction)?
    } else {
        let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || b == b'_');
        let exponent_ok = exponent.is_none_or(|e| {
            e.len() > 1 && e.starts_with(['-', '+']) && e[1..].bytes().all(|b| b.is_ascii_digit())
        });
        let has_digit = whole
            .bytes()
            .chain(fraction.bytes())
            .any(|b| b.is_ascii_digit());
        if !(plain(whole) && plain(fraction) && exponent_ok && has_digit) {
            return None;
        }
        if !whole.is_empty() && !whole.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        let cleaned: String = mantissa.chars().filter(|&c| c != '_').collect();
        let written = match exponent {
            Some(e) => format!("{cleaned}e{e}"),
            None => cleaned,
        };
        written.parse::<f64>().ok()?
    };
    let number = if negative { -magnitude } else { magnitude };
    Number::from_f64(number).map(Value::Number)
}

/// `.[0-9_]*` of a base-60 float, as a fraction.
fn decimal_fraction(fraction: &str) -> Option<f64> {
    let cleaned: String = fraction.chars().filter(|&c| c != '_').collect();
    if !cleaned.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    format!("0.{cleaned}0").parse().ok()
}

fn as_float(value: Value) -> Option<Value> {
    value.as_f64().and_then(Number::from_f64).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plain(text: &str) -> Value {
        resolve_plain(text)
    }

    #[test]
    fn yaml_1_1_booleans_in_every_case_form() {
        for text in [
            "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
        ] {
            assert_eq!(plain(text), json!(true), "{text}");
        }
        for text in [
            "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
        ] {
            assert_eq!(plain(text), json!(false), "{text}");
        }
        for text in ["y", "n", "Y", "N", "yEs", "oN", "tRUE"] {
            assert_eq!(plain(text), json!(text), "{text}");
        }
    }

    #[test]
    fn yaml_1_1_integers() {
        let cases = [
            ("0", json!(0)),
            ("60", json!(60)),
            ("-7", json!(-7)),
            ("+685_230", json!(685_230)),
            ("0755", json!(493)),
            ("02472256", json!(685_230)),
            ("0x_0A_74_AE", json!(685_230)),
            ("0b1010_0111_0100_1010_1110", json!(685_230)),
            ("190:20:30", json!(685_230)),
            ("1:30", json!(90)),
            (
                "18446744073709551615",
                json!(18_446_744_073_709_551_615_u64),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(plain(text), expected, "{text}");
        }
    }

    #[test]
    fn not_numbers_stay_strings() {
        for text in [
            "089",
            "0b",
            "0x",
            "0b102",
            "1:60",
            "1:2:",
            "12e3",
            "1e+3",
            "1.2.3",
            "2012-10-17",
            "cron(0 5 ? * * *)",
            ".",
            "._",
            "-",
            "+",
            "0o17",
            ".inf",
            ".NaN",
            "1_000_000_000_000_000_000_000_000_000_000_000_000_000",
            "012345678901",
            "v1",
            "1.0e5",
        ] {
            assert_eq!(plain(text), json!(text), "{text}");
        }
    }

    #[test]
    fn yaml_1_1_floats() {
        let cases = [
            ("1.5", 1.5),
            ("-0.5", -0.5),
            ("6.8523015e+5", 685_230.15),
            ("685.230_15e+03", 685_230.15),
            ("685_230.15", 685_230.15),
            ("190:20:30.15", 685_230.15),
            (".5", 0.5),
            ("1.", 1.0),
        ];
        for (text, expected) in cases {
            let got = plain(text).as_f64().unwrap_or(f64::NAN);
            assert!((got - expected).abs() < 1e-6, "{text}: {got}");
        }
    }

    #[test]
    fn nulls() {
        for text in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(text), Value::Null, "{text:?}");
        }
        assert_eq!(plain("nULL"), json!("nULL"));
    }

    #[test]
    fn explicit_core_tags() {
        assert_eq!(resolve_tagged("str", "7"), Some(Ok(json!("7"))));
        assert_eq!(resolve_tagged("int", "0x10"), Some(Ok(json!(16))));
        assert_eq!(resolve_tagged("float", "2"), Some(Ok(json!(2.0))));
        assert_eq!(resolve_tagged("bool", "off"), Some(Ok(json!(false))));
        assert_eq!(resolve_tagged("null", ""), Some(Ok(Value::Null)));
        let wrong = resolve_tagged("int", "ten");
        assert_eq!(wrong, Some(Err("`ten` is not a YAML 1.1 int".to_string())));
        assert_eq!(resolve_tagged("binary", "AAAA"), None);
    }
}

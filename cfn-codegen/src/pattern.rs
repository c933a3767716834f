//! Registry patterns (ECMA/Java/Python flavoured) rewritten for the `regex-lite` crate.
//!
//! - `\uXXXX` becomes `\x{XXXX}`;
//! - `\p{L}`, `\p{N}`, `\p{Z}` (Unicode classes, which regex-lite lacks) become their ASCII part
//!   plus every non-ASCII character: the check can only be more permissive than the schema,
//!   never raise a false error;
//! - an escaped character that is not special (`\_`, `\:`, `\/`, `\=`, `\@`) is written bare;
//! - a look-around (`(?!…)`, `(?=…)`) cannot be expressed: the pattern is not checked (`None`).

/// The regex-lite source for a registry pattern, or `None` when it cannot be expressed.
pub fn translate(pattern: &str) -> Option<String> {
    if ["(?!", "(?=", "(?<=", "(?<!"]
        .iter()
        .any(|look| pattern.contains(look))
    {
        return None;
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let next = chars[i + 1];
            if next == 'u' && i + 6 <= chars.len() {
                let hex: String = chars[i + 2..i + 6].iter().collect();
                if hex.chars().all(|h| h.is_ascii_hexdigit()) {
                    out.push_str(&format!("\\x{{{hex}}}"));
                    i += 6;
                    continue;
                }
            }
            if next == 'p' && chars.get(i + 2) == Some(&'{') {
                let end = chars[i..].iter().position(|&c| c == '}')? + i;
                let class: String = chars[i + 3..end].iter().collect();
                let ascii = match class.as_str() {
                    "L" => "a-zA-Z",
                    "N" => "0-9",
                    "Z" => " ",
                    _ => return None,
                };
                let body = format!("{ascii}\\x{{80}}-\\x{{10FFFF}}");
                if in_class {
                    out.push_str(&body);
                } else {
                    out.push_str(&format!("[{body}]"));
                }
                i = end + 1;
                continue;
            }
            if next.is_ascii_punctuation() && !"\\.+*?()|[]{}^$#&-~".contains(next) {
                out.push(next);
            } else {
                out.push(c);
                out.push(next);
            }
            i += 2;
            continue;
        }
        match c {
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn rewrites() {
        assert_eq!(
            translate(r"^[a-zA-Z0-9\-\_]{2,50}$").unwrap(),
            r"^[a-zA-Z0-9\-_]{2,50}$"
        );
        assert_eq!(
            translate(r"^[\u0009\u0020-\u00FF]+$").unwrap(),
            r"^[\x{0009}\x{0020}-\x{00FF}]+$"
        );
        assert_eq!(
            translate(r"^[\p{L}_]+$").unwrap(),
            r"^[a-zA-Z\x{80}-\x{10FFFF}_]+$"
        );
        assert_eq!(translate(r"^(?!aws:.*)[a-z]+$"), None);
    }
}

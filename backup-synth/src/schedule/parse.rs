//! Parser and validator for AWS cron expressions, with rustc-style messages.
//!
//! Every REC of `reference/cron-spec.md` is implemented here; the module docs of
//! [`super`] list them.

use std::fmt::Write as _;
use std::ops::Range;

use super::describe::{dom_phrase, dow_phrase};
use super::{CronError, CronField, CronSchedule, DaySpec, YEAR_MIN};

pub(crate) const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
pub(crate) const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELD_LIST: &str = "`minutes hours day-of-month month day-of-week year`";
const EXAMPLE: &str = "`cron(0 5 ? * * *)` (daily at 05:00 UTC, AWS Backup's default)";

/// Quotes user text in messages, shortened when very long.
fn shown(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn all_alpha(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Decimal value of an all-digit string, saturating (no overflow on huge numbers).
fn number(s: &str) -> u32 {
    s.bytes().fold(0u32, |n, b| {
        n.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    })
}

/// Position of the ASCII byte `b` in `s` (a byte scan: faster than `str::find(char)` here).
#[inline]
fn find_byte(s: &str, b: u8) -> Option<usize> {
    s.bytes().position(|x| x == b)
}

/// Splits `s` at every ASCII byte `sep` (always on a char boundary).
#[inline]
fn split_byte(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match find_byte(r, sep) {
            Some(p) => {
                rest = Some(&r[p + 1..]);
                Some(&r[..p])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Sets bits `from..=to` (both below 256).
fn set_range(bits: &mut [u64; 4], from: u32, to: u32) {
    for (w, word) in bits.iter_mut().enumerate() {
        let lo = (w as u32) * 64;
        let hi = lo + 63;
        if to < lo || from > hi {
            continue;
        }
        let a = from.max(lo) - lo;
        let b = to.min(hi) - lo;
        let width = b - a + 1;
        let mask = if width == 64 {
            u64::MAX
        } else {
            ((1u64 << width) - 1) << a
        };
        *word |= mask;
    }
}

/// Appends `n` in decimal without going through `fmt`.
fn push_number(out: &mut String, n: u32) {
    if n < 10 {
        out.push(char::from(b'0' + n as u8));
    } else {
        let mut buf = [0u8; 10];
        let mut i = buf.len();
        let mut n = n;
        while n > 0 {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        out.extend(buf[i..].iter().map(|&b| char::from(b)));
    }
}

/// The parsed form of one field before the cross-field check.
#[derive(Clone, Copy)]
enum FieldValue {
    Question,
    /// Bit `value - base` (base 1970 for the year, 0 otherwise).
    Set([u64; 4]),
    Day(DaySpec),
}

impl FieldValue {
    fn as_dom(self) -> DaySpec {
        match self {
            FieldValue::Set(bits) => DaySpec::MonthDays(bits[0] as u32),
            FieldValue::Day(spec) => spec,
            FieldValue::Question => DaySpec::MonthDays(0),
        }
    }

    fn as_dow(self) -> DaySpec {
        match self {
            FieldValue::Set(bits) => DaySpec::WeekDays(bits[0] as u8),
            FieldValue::Day(spec) => spec,
            FieldValue::Question => DaySpec::WeekDays(0),
        }
    }
}

/// `cron(...)` as it goes into `ScheduleExpression`.
pub(crate) fn parse_expression(expr: &str) -> Result<CronSchedule, CronError> {
    if let Some(inner) = expr
        .strip_prefix("cron(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        return parse_fields_with(inner, 5, true);
    }
    Err(envelope_error(expr))
}

/// The six fields, starting at byte `base` of the whole expression.
pub(crate) fn parse_fields(fields: &str, base: usize) -> Result<CronSchedule, CronError> {
    parse_fields_with(fields, base, true)
}

/// Whether `fields` (no wrapper) is a valid expression; used to vet suggested fixes.
fn is_valid(fields: &str) -> bool {
    parse_fields_with(fields, 0, false).is_ok()
}

fn wrap(fields: &str) -> String {
    format!("cron({fields})")
}

/// Diagnoses an expression that is not `cron(` … `)`.
fn envelope_error(expr: &str) -> CronError {
    let len = expr.len();
    let whole = 0..len;
    if expr.trim().is_empty() {
        return CronError::new(
            None,
            whole,
            "empty schedule expression",
            Some(format!("write a cron expression such as {EXAMPLE}")),
        );
    }
    let trimmed = expr.trim();
    if trimmed.len() != len {
        let lead = expr.len() - expr.trim_start().len();
        return match parse_expression(trimmed) {
            Ok(_) => {
                let span = if lead > 0 {
                    0..lead
                } else {
                    lead + trimmed.len()..len
                };
                let place = if lead > 0 {
                    "leading white space before"
                } else {
                    "trailing white space after"
                };
                CronError::new(
                    None,
                    span,
                    format!("{place} the expression"),
                    Some(format!("remove it: `{trimmed}`")),
                )
            }
            Err(mut e) => {
                e.span = e.span.start + lead..e.span.end + lead;
                e
            }
        };
    }
    if starts_with_ignore_case(expr, "rate(") {
        return rate_error(expr, 0);
    }
    if starts_with_ignore_case(expr, "at(") {
        return at_error(expr, 0);
    }
    if starts_with_ignore_case(expr, "cron(") && !expr.starts_with("cron(") {
        let fixed = format!("cron({}", &expr[5..]);
        let help = if parse_expression(&fixed).is_ok() {
            format!("write `{fixed}`")
        } else {
            "write `cron` in lower case".to_owned()
        };
        return CronError::new(
            None,
            0..4,
            format!("`{}` must be written `cron`", &expr[..4]),
            Some(help),
        );
    }
    if let Some(rest) = expr.strip_prefix("cron(") {
        return match rest.find(')') {
            Some(p) => {
                let close = 5 + p;
                let good = &expr[..=close];
                let help = if parse_expression(good).is_ok() {
                    format!("remove it: `{good}`")
                } else {
                    "remove the text after `)`".to_owned()
                };
                CronError::new(
                    None,
                    close + 1..len,
                    format!(
                        "unexpected `{}` after the closing `)`",
                        shown(&expr[close + 1..])
                    ),
                    Some(help),
                )
            }
            None => {
                let fixed = format!("{expr})");
                let help = if parse_expression(&fixed).is_ok() {
                    format!("add it: `{fixed}`")
                } else {
                    "close the expression with `)`".to_owned()
                };
                CronError::new(None, len..len, "missing closing `)`", Some(help))
            }
        };
    }
    if !expr.contains('(') && is_valid(expr) {
        return CronError::new(
            None,
            whole,
            "missing the `cron(...)` wrapper",
            Some(format!("write `{}`", wrap(expr))),
        );
    }
    if !expr.contains('(') {
        return CronError::new(
            None,
            whole,
            "missing the `cron(...)` wrapper",
            Some(format!(
                "AWS Backup takes `cron({})`, e.g. {EXAMPLE}",
                &FIELD_LIST[1..FIELD_LIST.len() - 1]
            )),
        );
    }
    CronError::new(
        None,
        whole,
        format!("expected `cron(...)`, found `{}`", shown(expr)),
        Some(format!(
            "AWS Backup takes only cron expressions, such as {EXAMPLE}"
        )),
    )
}

/// `rate(...)`: not taken by AWS Backup; suggest the cron equivalent.
fn rate_error(s: &str, base: usize) -> CronError {
    let inner = s[5..].strip_suffix(')').unwrap_or(&s[5..]);
    let mut words = inner.split(' ').filter(|w| !w.is_empty());
    let value = words.next().filter(|w| all_digits(w)).map(number);
    let unit = words.next().map(|u| u.to_ascii_lowercase());
    let unit = unit.as_deref().map(|u| u.strip_suffix('s').unwrap_or(u));
    let generic = format!("write a `cron(...)` expression, e.g. {EXAMPLE}");
    let (mut value, mut unit) = match (value, unit) {
        (Some(v), Some(u)) if v > 0 => (v, u.to_owned()),
        _ => (0, String::new()),
    };
    if unit == "minute" && value % 60 == 0 {
        (value, unit) = (value / 60, "hour".to_owned());
    }
    if unit == "hour" && value % 24 == 0 {
        (value, unit) = (value / 24, "day".to_owned());
    }
    let help = match (unit.as_str(), value) {
        ("minute", _) => "AWS Backup runs at most once an hour; for hourly backups write \
                          `cron(0 * ? * * *)`"
            .to_owned(),
        ("hour", 1) => "write `cron(0 * ? * * *)` to run every hour".to_owned(),
        ("hour", n) if 24 % n == 0 => {
            format!("write `cron(0 */{n} ? * * *)` to run every {n} hours")
        }
        ("day", 1) => "write `cron(0 5 ? * * *)` to run daily at 05:00 UTC".to_owned(),
        ("day", 7) => {
            "write `cron(0 5 ? * SAT *)` to run weekly (Saturdays at 05:00 UTC)".to_owned()
        }
        ("day", n) if n <= 31 => format!(
            "cron has no exact \"every {n} days\"; `cron(0 5 */{n} * ? *)` runs on days 1, {}, … \
             of each month",
            1 + n
        ),
        _ => generic,
    };
    CronError::new(
        None,
        base..base + s.len(),
        "`rate(...)` expressions are not taken by AWS Backup, only `cron(...)`",
        Some(help),
    )
}

/// `at(...)`: one-time schedules are not taken by AWS Backup.
fn at_error(s: &str, base: usize) -> CronError {
    let inner = s[3..].strip_suffix(')').unwrap_or(&s[3..]);
    let parts: Vec<&str> = inner.split(['-', 'T', ':']).collect();
    let help = match parts.as_slice() {
        [y, mo, d, h, mi, ..] if parts.iter().all(|p| all_digits(p)) => {
            let fields = format!(
                "{} {} {} {} ? {}",
                number(mi),
                number(h),
                number(d),
                number(mo),
                number(y)
            );
            if is_valid(&fields) {
                format!(
                    "write `{}` to run once, at {}-{}-{} {}:{} UTC",
                    wrap(&fields),
                    y,
                    mo,
                    d,
                    h,
                    mi
                )
            } else {
                format!("write a `cron(...)` expression, e.g. {EXAMPLE}")
            }
        }
        _ => format!("write a `cron(...)` expression, e.g. {EXAMPLE}"),
    };
    CronError::new(
        None,
        base..base + s.len(),
        "one-time `at(...)` schedules are not taken by AWS Backup, only `cron(...)`",
        Some(help),
    )
}

fn parse_fields_with(s: &str, base: usize, suggest: bool) -> Result<CronSchedule, CronError> {
    if starts_with_ignore_case(s, "rate(") {
        return Err(rate_error(s, base));
    }
    if starts_with_ignore_case(s, "at(") {
        return Err(at_error(s, base));
    }
    check_characters(s, base, suggest)?;
    if s.is_empty() {
        return Err(CronError::new(
            None,
            base..base,
            "empty cron expression",
            Some(format!("write six fields {FIELD_LIST}, e.g. {EXAMPLE}")),
        ));
    }
    let lead = s.len() - s.trim_start_matches(' ').len();
    let trail = s.len() - s.trim_end_matches(' ').len();
    if lead > 0 || trail > 0 {
        let trimmed = s.trim_matches(' ');
        let (span, place) = if lead > 0 {
            (base..base + lead, "leading")
        } else {
            (base + s.len() - trail..base + s.len(), "trailing")
        };
        let help = if suggest && is_valid(trimmed) {
            format!("remove it: `{}`", wrap(trimmed))
        } else {
            "remove the spaces around the fields".to_owned()
        };
        return Err(CronError::new(
            None,
            span,
            format!("{place} space inside `cron(...)`"),
            Some(help),
        ));
    }

    let mut fields = [""; 6];
    let mut starts = [0usize; 6];
    let mut count = 0usize;
    let mut extra_start = s.len();
    let mut offset = 0;
    for token in split_byte(s, b' ') {
        if !token.is_empty() {
            if count < 6 {
                fields[count] = token;
                starts[count] = base + offset;
            } else if count == 6 {
                extra_start = offset;
            }
            count += 1;
        }
        offset += token.len() + 1;
    }
    if count != 6 {
        return Err(field_count_error(s, base, count, extra_start, suggest));
    }

    let mut parser = Parser {
        fields,
        starts,
        canonical: String::with_capacity(s.len() + 4),
        suggest,
    };
    let minutes = parser.field(0)?;
    let hours = parser.field(1)?;
    let dom = parser.field(2)?;
    let months = parser.field(3)?;
    let dow = parser.field(4)?;
    let years = parser.field(5)?;

    let days = match (dom, dow) {
        (FieldValue::Question, FieldValue::Question) => {
            let help = match parser.fix_field(2, "*") {
                Some(fixed) => format!("use `{fixed}` to run every day"),
                None => "put `*` or a day in one of the two fields".to_owned(),
            };
            return Err(CronError::new(
                Some(CronField::DayOfMonth),
                parser.starts[2]..parser.starts[4] + fields[4].len(),
                "day-of-month and day-of-week are both `?`; exactly one of them must be `?`",
                Some(help),
            ));
        }
        (FieldValue::Question, dow) => dow.as_dow(),
        (dom, FieldValue::Question) => dom.as_dom(),
        (dom, dow) => return Err(parser.both_days_error(dom, dow)),
    };
    let set = |v: FieldValue| match v {
        FieldValue::Set(bits) => bits,
        _ => [0; 4],
    };
    Ok(CronSchedule {
        text: parser.canonical,
        minutes: set(minutes)[0],
        hours: set(hours)[0] as u32,
        days,
        months: set(months)[0] as u16,
        years: set(years),
        minutes_span: starts[0]..starts[0] + fields[0].len(),
    })
}

/// Which field (0-based) byte `at` of `s` lies in, counting space-separated runs.
fn field_at(s: &str, at: usize) -> Option<CronField> {
    let mut index = 0usize;
    let mut in_field = false;
    for (i, b) in s.bytes().enumerate() {
        if i >= at {
            break;
        }
        if b == b' ' || b == b'\t' || b == b'\n' || b == b'\r' {
            if in_field {
                index += 1;
            }
            in_field = false;
        } else {
            in_field = true;
        }
    }
    CronField::ALL.get(index).copied()
}

/// Rejects tabs, line breaks, control characters and non-ASCII characters (REC §1).
fn check_characters(s: &str, base: usize, suggest: bool) -> Result<(), CronError> {
    if s.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return Ok(());
    }
    let Some((i, c)) = s
        .char_indices()
        .find(|&(_, c)| c != ' ' && !(c.is_ascii_graphic()))
    else {
        return Ok(());
    };
    let span = base + i..base + i + c.len_utf8();
    let field = field_at(s, i);
    if c.is_whitespace() {
        let what = match c {
            '\t' => "a tab".to_owned(),
            '\n' | '\r' => "a line break".to_owned(),
            _ => format!("non-ASCII white space (U+{:04X})", c as u32),
        };
        let normalized: Vec<&str> = s
            .split(char::is_whitespace)
            .filter(|w| !w.is_empty())
            .collect();
        let normalized = normalized.join(" ");
        let help = if suggest && is_valid(&normalized) {
            format!("separate the fields with spaces: `{}`", wrap(&normalized))
        } else {
            "separate the fields with ASCII spaces".to_owned()
        };
        return Err(CronError::new(
            field,
            span,
            format!("found {what}; fields must be separated by spaces"),
            Some(help),
        ));
    }
    if c.is_control() {
        return Err(CronError::new(
            field,
            span,
            format!("found the control character U+{:04X}", c as u32),
            Some("remove it".to_owned()),
        ));
    }
    let place = match field {
        Some(f) => format!(" in the {f} field"),
        None => String::new(),
    };
    // Full-width digits and letters (U+FF10..U+FF5A) have ASCII twins.
    let ascii_twin = |c: char| -> Option<char> {
        let u = c as u32;
        if (0xFF01..=0xFF5E).contains(&u) {
            char::from_u32(u - 0xFF01 + 0x21)
        } else {
            None
        }
    };
    let help = match ascii_twin(c) {
        Some(a) => {
            let fixed: String = s.chars().map(|c| ascii_twin(c).unwrap_or(c)).collect();
            if suggest && is_valid(&fixed) {
                format!("use the ASCII character `{a}`: `{}`", wrap(&fixed))
            } else {
                format!("use the ASCII character `{a}`")
            }
        }
        None => "AWS cron takes only ASCII digits, names and `, - * / ? L W #`".to_owned(),
    };
    Err(CronError::new(
        field,
        span,
        format!(
            "found non-ASCII character `{c}` (U+{:04X}){place}",
            c as u32
        ),
        Some(help),
    ))
}

/// Wrong number of fields: 5-field Unix, 7-field Quartz, or anything else.
fn field_count_error(
    s: &str,
    base: usize,
    count: usize,
    extra_start: usize,
    suggest: bool,
) -> CronError {
    let fields: Vec<&str> = s.split(' ').filter(|w| !w.is_empty()).collect();
    let plural = if count == 1 { "field" } else { "fields" };
    let message = format!("found {count} {plural}, but AWS cron takes 6: {FIELD_LIST}");
    let span = if count > 6 {
        base + extra_start..base + s.len()
    } else {
        base..base + s.len()
    };
    let generic = format!("write six fields, e.g. {EXAMPLE}");
    let mut help = None;
    if suggest && count == 5 && is_valid(&format!("{} *", fields.join(" "))) {
        help = Some(format!(
            "add the year field: `{}`",
            wrap(&format!("{} *", fields.join(" ")))
        ));
    } else if suggest && count == 5 {
        // A Unix expression: minute hour day-of-month month day-of-week.
        let (m, h, dom, mon, dow) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
        let numeric_dow = dow
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'-');
        let converted: String = if numeric_dow {
            // Unix counts 0 = Sunday (7 also Sunday); AWS counts 1 = SUN … 7 = SAT.
            let mut out = String::new();
            let mut digits = String::new();
            for ch in dow.chars().chain(std::iter::once(',')) {
                if ch.is_ascii_digit() {
                    digits.push(ch);
                } else {
                    if !digits.is_empty() {
                        let n = number(&digits);
                        let _ = write!(out, "{}", if n >= 7 { 1 } else { n + 1 });
                        digits.clear();
                    }
                    out.push(ch);
                }
            }
            out.pop();
            out
        } else {
            dow.to_owned()
        };
        let candidate = if dow == "*" {
            format!("{m} {h} {dom} {mon} ? *")
        } else if dom == "*" {
            format!("{m} {h} ? {mon} {converted} *")
        } else {
            String::new()
        };
        if !candidate.is_empty() && is_valid(&candidate) {
            let numbering = if numeric_dow && dow != "*" {
                " (day-of-week counts 1 = `SUN` … 7 = `SAT`)"
            } else {
                ""
            };
            help = Some(format!(
                "AWS cron adds a year field and needs `?` in one of the day fields: write `{}`{numbering}",
                wrap(&candidate)
            ));
        }
    }
    if suggest && count == 7 {
        let drop_first = fields[1..].join(" ");
        let join_last = if all_digits(fields[5]) && all_digits(fields[6]) {
            format!("{} {}{}", fields[..5].join(" "), fields[5], fields[6])
        } else {
            String::new()
        };
        let drop_last = fields[..6].join(" ");
        if all_digits(fields[0]) && is_valid(&drop_first) {
            help = Some(format!(
                "AWS cron has no seconds field; remove it: `{}`",
                wrap(&drop_first)
            ));
        } else if !join_last.is_empty() && is_valid(&join_last) {
            help = Some(format!("did you mean `{}`?", wrap(&join_last)));
        } else if is_valid(&drop_last) {
            help = Some(format!("remove the extra field: `{}`", wrap(&drop_last)));
        }
    }
    CronError::new(None, span, message, Some(help.unwrap_or(generic)))
}

struct Parser<'a> {
    fields: [&'a str; 6],
    /// Absolute byte offsets of the fields.
    starts: [usize; 6],
    canonical: String,
    /// Whether to vet suggested fixes by parsing them (off while vetting, to bound the work).
    suggest: bool,
}

impl Parser<'_> {
    /// The whole expression with field `index` replaced, if that is valid.
    fn fix_field(&self, index: usize, replacement: &str) -> Option<String> {
        if !self.suggest {
            return None;
        }
        let mut fields = self.fields;
        fields[index] = replacement;
        let joined = fields.join(" ");
        is_valid(&joined).then(|| wrap(&joined))
    }

    /// The whole expression with the byte range `span` (absolute, inside field `index`)
    /// replaced, if that is valid.
    fn fix_span(&self, index: usize, span: Range<usize>, replacement: &str) -> Option<String> {
        let text = self.fields[index];
        let start = span.start.checked_sub(self.starts[index])?;
        let end = span.end.checked_sub(self.starts[index])?;
        let new = format!("{}{}{}", text.get(..start)?, replacement, text.get(end..)?);
        self.fix_field(index, &new)
    }

    fn err(
        &self,
        kind: CronField,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> CronError {
        CronError::new(Some(kind), span, message, help)
    }

    fn field(&mut self, index: usize) -> Result<FieldValue, CronError> {
        if index > 0 {
            self.canonical.push(' ');
        }
        let kind = CronField::ALL[index];
        let text = self.fields[index];
        let start = self.starts[index];
        let whole = start..start + text.len();
        let is_day = matches!(kind, CronField::DayOfMonth | CronField::DayOfWeek);

        if let Some(q) = find_byte(text, b'?') {
            if text == "?" && is_day {
                self.canonical.push('?');
                return Ok(FieldValue::Question);
            }
            if !is_day {
                let unit = match kind {
                    CronField::Minutes => "minute",
                    CronField::Hours => "hour",
                    CronField::Month => "month",
                    _ => "year",
                };
                let every = if kind == CronField::Minutes { "0" } else { "*" };
                let help = match self.fix_field(index, every) {
                    Some(fixed) if text == "?" && kind == CronField::Minutes => {
                        format!("use a single minute such as `0`: `{fixed}`")
                    }
                    Some(fixed) if text == "?" => {
                        format!("use `*` for every {unit}: `{fixed}`")
                    }
                    _ => format!(
                        "`?` (no specific value) only works in day-of-month and day-of-week; \
                         use `*` for every {unit}"
                    ),
                };
                return Err(self.err(
                    kind,
                    start + q..start + q + 1,
                    format!("`?` is not allowed in the {kind} field"),
                    Some(help),
                ));
            }
            let without: Vec<&str> = text.split(',').filter(|i| *i != "?").collect();
            let without = without.join(",");
            let help = match (self.fix_field(index, &without), self.fix_field(index, "?")) {
                (Some(fixed), _) if !without.is_empty() => {
                    format!("remove the `?`: `{fixed}`")
                }
                (_, Some(fixed)) => format!("write `?` alone: `{fixed}`"),
                _ => format!("write `?` alone to leave the {kind} unspecified"),
            };
            return Err(self.err(
                kind,
                whole,
                format!(
                    "`?` must be the whole {kind} field, found `{}`",
                    shown(text)
                ),
                Some(help),
            ));
        }

        match kind {
            CronField::DayOfMonth => {
                if let Some(result) = self.dom_special(text, start) {
                    return result.map(FieldValue::Day);
                }
            }
            CronField::DayOfWeek => {
                if let Some(result) = self.dow_special(text, start) {
                    return result;
                }
            }
            _ => {}
        }
        self.list(index).map(FieldValue::Set)
    }

    /// `L`, `L-n`, `LW`, `L-nW`, `nW` in day-of-month (REC §5.5, §5.6).
    fn dom_special(&mut self, text: &str, start: usize) -> Option<Result<DaySpec, CronError>> {
        let kind = CronField::DayOfMonth;
        let whole = start..start + text.len();
        if !text.bytes().any(|b| matches!(b, b'L' | b'W' | b'l' | b'w')) {
            return None;
        }
        let up = text.to_ascii_uppercase();
        let is_l_form =
            |u: &str| u.starts_with('L') || (u.ends_with('L') && all_digits(&u[..u.len() - 1]));
        let is_w_form = |u: &str| u.len() > 1 && u.ends_with('W') && !all_alpha(u);
        if up.contains(',') {
            let mut offset = 0;
            for item in text.split(',') {
                let iu = item.to_ascii_uppercase();
                let span = start + offset..start + offset + item.len();
                offset += item.len() + 1;
                if is_l_form(&iu) {
                    return Some(Err(self.err(
                        kind,
                        span,
                        format!(
                            "`{}` cannot be combined with other days in a list",
                            shown(item)
                        ),
                        Some(
                            "`L` forms must stand alone in day-of-month; use a separate backup \
                             rule for the other days"
                                .to_owned(),
                        ),
                    )));
                }
                if is_w_form(&iu) {
                    return Some(Err(self.err(
                        kind,
                        span,
                        format!(
                            "`{}` cannot be combined with other days in a list",
                            shown(item)
                        ),
                        Some(
                            "`nW` takes a single day and must stand alone; use a separate backup \
                             rule for each day"
                                .to_owned(),
                        ),
                    )));
                }
            }
            return None;
        }
        match up.as_str() {
            "L" => {
                self.canonical.push('L');
                return Some(Ok(DaySpec::LastDay {
                    offset: 0,
                    weekday: false,
                }));
            }
            "LW" => {
                self.canonical.push_str("LW");
                return Some(Ok(DaySpec::LastDay {
                    offset: 0,
                    weekday: true,
                }));
            }
            _ => {}
        }
        if let Some(rest) = up.strip_prefix("L-") {
            let weekday = rest.ends_with('W');
            let digits = rest.strip_suffix('W').unwrap_or(rest);
            let digits_span = start + 2..start + 2 + digits.len();
            if digits.is_empty() {
                return Some(Err(self.err(
                    kind,
                    whole,
                    "missing the offset after `L-`",
                    Some("`L-n` is n days before the last day of the month, e.g. `L-1`".to_owned()),
                )));
            }
            if !all_digits(digits) {
                return Some(Err(self.err(
                    kind,
                    whole,
                    format!("`{}` is not a valid day-of-month value", shown(text)),
                    Some("`L-n` takes a whole number n from 0 to 30, e.g. `L-1`".to_owned()),
                )));
            }
            let n = number(digits);
            if n > 30 {
                return Some(Err(self.err(
                    kind,
                    digits_span,
                    format!("offset `{}` in `L-n` is out of range (0–30)", shown(digits)),
                    Some(
                        "`L-n` is n days before the last day of the month; n goes from 0 to 30"
                            .to_owned(),
                    ),
                )));
            }
            let _ = write!(self.canonical, "L-{n}{}", if weekday { "W" } else { "" });
            return Some(Ok(DaySpec::LastDay {
                offset: n as u8,
                weekday,
            }));
        }
        if let Some(prefix) = up.strip_suffix('W') {
            if all_digits(prefix) {
                let n = number(prefix);
                if !(1..=31).contains(&n) {
                    return Some(Err(self.err(
                        kind,
                        start..start + prefix.len(),
                        format!(
                            "`{}` is out of range for the day-of-month field (1–31)",
                            shown(prefix)
                        ),
                        Some(
                            "`nW` is the weekday nearest to day n of the month, n from 1 to 31"
                                .to_owned(),
                        ),
                    )));
                }
                let _ = write!(self.canonical, "{n}W");
                return Some(Ok(DaySpec::NearestWeekday(n as u8)));
            }
            if prefix.contains('-') && !prefix.starts_with('L') {
                return Some(Err(self.err(
                    kind,
                    whole,
                    format!("`W` takes a single day, not a range: `{}`", shown(text)),
                    Some(
                        "use `nW` with one day, e.g. `1W` for the weekday nearest the 1st"
                            .to_owned(),
                    ),
                )));
            }
        }
        if all_alpha(&up) && up.len() >= 3 {
            return None; // a name: the generic parser explains it
        }
        if let Some(prefix) = up.strip_suffix('L') {
            if all_digits(prefix) {
                let help = match self.fix_field(2, &format!("L-{}", number(prefix))) {
                    Some(fixed) => format!(
                        "write `L` for the last day of the month, or `L-{n}` for {n} days before it: \
                         `{fixed}`; `{n}L` (the last {day}) only works in day-of-week",
                        n = number(prefix),
                        day = day_name_for(number(prefix)),
                    ),
                    None => "write `L` for the last day of the month or `L-n` for n days before \
                             it; `nL` only works in day-of-week"
                        .to_owned(),
                };
                return Some(Err(self.err(
                    kind,
                    whole,
                    format!("`{}` is not valid in the day-of-month field", shown(text)),
                    Some(help),
                )));
            }
        }
        Some(Err(self.err(
            kind,
            whole,
            format!("`{}` is not a valid day-of-month value", shown(text)),
            Some("day-of-month takes numbers 1–31, `L`, `L-n`, `LW`, `L-nW` or `nW`".to_owned()),
        )))
    }

    /// `L`, `dL`, `d#n` in day-of-week (REC §5.5, §5.7).
    fn dow_special(&mut self, text: &str, start: usize) -> Option<Result<FieldValue, CronError>> {
        let kind = CronField::DayOfWeek;
        let whole = start..start + text.len();
        if !text.bytes().any(|b| matches!(b, b'#' | b'L' | b'l')) {
            return None;
        }
        let up = text.to_ascii_uppercase();
        if up.contains('#') {
            if up.matches('#').count() > 1 {
                return Some(Err(self.err(
                    kind,
                    whole,
                    "only one `#` item is allowed in the day-of-week field",
                    Some("use a separate backup rule for each `d#n`".to_owned()),
                )));
            }
            if up.contains(',') {
                return Some(Err(self.err(
                    kind,
                    whole,
                    format!(
                        "`#` cannot be combined with other days in a list: `{}`",
                        shown(text)
                    ),
                    Some(
                        "write `d#n` alone, and use a separate backup rule for the other days"
                            .to_owned(),
                    ),
                )));
            }
            let hash = text.find('#').unwrap_or(0);
            let (d, n) = (&text[..hash], &text[hash + 1..]);
            if d.contains('-') {
                return Some(Err(self.err(
                    kind,
                    start..start + d.len(),
                    format!("`#` takes a single day, not a range: `{}`", shown(text)),
                    Some("write one day, e.g. `2#1` for the first Monday of the month".to_owned()),
                )));
            }
            if d.is_empty() {
                return Some(Err(self.err(
                    kind,
                    start..start + 1,
                    "missing the day before `#`",
                    Some(
                        "`d#n` is the n-th day d of the month, e.g. `2#1` for the first Monday"
                            .to_owned(),
                    ),
                )));
            }
            let (dv, name) = match self.value(kind, d, start) {
                Ok(v) => v,
                Err(e) => return Some(Err(e)),
            };
            let n_span = start + hash + 1..start + text.len();
            if n.is_empty() {
                return Some(Err(self.err(
                    kind,
                    start + hash..start + hash + 1,
                    "missing the number after `#`",
                    Some(format!(
                        "write e.g. `{}#1` for the first one of the month",
                        shown(d)
                    )),
                )));
            }
            if !all_digits(n) {
                return Some(Err(self.err(
                    kind,
                    n_span,
                    format!("`{}` is not a valid number after `#`", shown(n)),
                    Some("`d#n` takes n from 1 to 5".to_owned()),
                )));
            }
            let nv = number(n);
            if !(1..=5).contains(&nv) {
                return Some(Err(self.err(
                    kind,
                    n_span,
                    format!(
                        "`#{}` is out of range: a month has at most five of each weekday (1–5)",
                        shown(n)
                    ),
                    Some(format!(
                        "use 1–5; `{}L` selects the last one of the month",
                        shown(d)
                    )),
                )));
            }
            self.push_value(kind, dv, name);
            let _ = write!(self.canonical, "#{nv}");
            return Some(Ok(FieldValue::Day(DaySpec::NthWeekday(dv as u8, nv as u8))));
        }
        if up == "L" {
            self.canonical.push('L');
            return Some(Ok(FieldValue::Set([1 << 7, 0, 0, 0])));
        }
        let is_l_item = |u: &str| {
            u == "L"
                || u.strip_suffix('L')
                    .is_some_and(|p| all_digits(p) || DAYS.contains(&p))
        };
        if up.contains(',') {
            let mut offset = 0;
            for item in text.split(',') {
                let span = start + offset..start + offset + item.len();
                offset += item.len() + 1;
                if is_l_item(&item.to_ascii_uppercase()) {
                    return Some(Err(self.err(
                        kind,
                        span,
                        format!("`{}` cannot be combined with other days in a list", shown(item)),
                        Some(
                            "`L` forms must stand alone in day-of-week; use a separate backup rule \
                             for the other days"
                                .to_owned(),
                        ),
                    )));
                }
            }
            return None;
        }
        if let Some(prefix) = up.strip_suffix('L') {
            if prefix.contains('-') {
                return Some(Err(self.err(
                    kind,
                    whole,
                    format!("`L` takes a single day, not a range: `{}`", shown(text)),
                    Some("write one day, e.g. `6L` for the last Friday of the month".to_owned()),
                )));
            }
            if all_digits(prefix) || DAYS.contains(&prefix) {
                let (dv, name) = match self.value(kind, &text[..prefix.len()], start) {
                    Ok(v) => v,
                    Err(e) => return Some(Err(e)),
                };
                self.push_value(kind, dv, name);
                self.canonical.push('L');
                return Some(Ok(FieldValue::Day(DaySpec::LastWeekday(dv as u8))));
            }
        }
        None
    }

    /// A list of items: values, ranges, `*` and increments.
    fn list(&mut self, index: usize) -> Result<[u64; 4], CronError> {
        let kind = CronField::ALL[index];
        let text = self.fields[index];
        let start = self.starts[index];
        let mut bits = [0u64; 4];
        let items = text.bytes().filter(|&b| b == b',').count() + 1;
        let mut offset = 0;
        for (k, item) in split_byte(text, b',').enumerate() {
            if k > 0 {
                self.canonical.push(',');
            }
            if item.is_empty() {
                let (span, message, fixed_text) = if k + 1 == items {
                    (
                        start + offset - 1..start + offset,
                        format!("trailing `,` in the {kind} field"),
                        text[..offset - 1].to_owned(),
                    )
                } else if k == 0 {
                    (
                        start..start + 1,
                        format!("leading `,` in the {kind} field"),
                        text[1..].to_owned(),
                    )
                } else {
                    (
                        start + offset - 1..start + offset + 1,
                        format!("empty item between two `,` in the {kind} field"),
                        format!("{}{}", &text[..offset], &text[offset + 1..]),
                    )
                };
                let help = match self.fix_field(index, &fixed_text) {
                    Some(fixed) => format!("remove the extra `,`: `{fixed}`"),
                    None => "remove the extra `,`".to_owned(),
                };
                return Err(self.err(kind, span, message, Some(help)));
            }
            self.item(index, item, start + offset, &mut bits)?;
            offset += item.len() + 1;
        }
        Ok(bits)
    }

    /// One list item: `*`, `*/n`, `v`, `v/n`, `a-b`, `a-b/n`.
    fn item(
        &mut self,
        index: usize,
        item: &str,
        abs: usize,
        bits: &mut [u64; 4],
    ) -> Result<(), CronError> {
        let kind = CronField::ALL[index];
        let item_span = abs..abs + item.len();
        let slash = find_byte(item, b'/');
        if let Some(p) = slash {
            if let Some(q) = find_byte(&item[p + 1..], b'/') {
                return Err(self.err(
                    kind,
                    abs + p + 1 + q..abs + item.len(),
                    format!("`{}` has more than one `/`", shown(item)),
                    Some("an increment is written `start/step`, e.g. `5/2`".to_owned()),
                ));
            }
            if kind == CronField::DayOfWeek {
                return Err(self.dow_step_error(item, item_span));
            }
        }
        let (base_text, step_text) = match slash {
            Some(p) => (&item[..p], Some(&item[p + 1..])),
            None => (item, None),
        };
        let base_span = abs..abs + base_text.len();

        // The start (lo), end (hi) and whether the end is the field maximum implicitly.
        let (min, max) = (kind.min_value(), kind.max_value());
        let (lo, hi);
        if base_text.is_empty() {
            let help = match self.fix_span(index, abs..abs, "*") {
                Some(fixed) => format!(
                    "write `*{}` to start from the first value: `{fixed}`",
                    shown(item)
                ),
                None => format!("write `*{}` to start from the first value", shown(item)),
            };
            return Err(self.err(
                kind,
                abs..abs + 1,
                format!("missing the start before `/` in `{}`", shown(item)),
                Some(help),
            ));
        } else if base_text == "*" {
            self.canonical.push('*');
            (lo, hi) = (min, max);
        } else if find_byte(base_text, b'*').is_some() {
            let help = match self.fix_span(index, base_span.clone(), "*") {
                Some(fixed) => format!("write `*`: `{fixed}`"),
                None => "`*` stands alone or as `*/n`".to_owned(),
            };
            return Err(self.err(
                kind,
                base_span,
                format!(
                    "`{}` is not valid; `*` stands alone or as `*/n`",
                    shown(base_text)
                ),
                Some(help),
            ));
        } else if let Some(dash) = find_byte(base_text, b'-') {
            let dashes = base_text.bytes().filter(|&b| b == b'-').count();
            if dashes > 1 {
                let message = if base_text.split('-').any(str::is_empty) {
                    format!("`{}` is not a valid range", shown(base_text))
                } else {
                    format!(
                        "`{}` is not a valid range: a range has two ends",
                        shown(base_text)
                    )
                };
                return Err(self.err(
                    kind,
                    base_span,
                    message,
                    Some(
                        "write a range as `start-end`, and several ranges as a list `a-b,c-d`"
                            .to_owned(),
                    ),
                ));
            }
            let (a, b) = (&base_text[..dash], &base_text[dash + 1..]);
            if a.is_empty() {
                let help = if kind == CronField::Year || all_digits(b) {
                    "numbers cannot be negative; a range is written `start-end`".to_owned()
                } else {
                    "a range is written `start-end`".to_owned()
                };
                return Err(self.err(
                    kind,
                    abs..abs + 1,
                    format!(
                        "missing the start of the range before `-` in `{}`",
                        shown(base_text)
                    ),
                    Some(help),
                ));
            }
            if b.is_empty() {
                let dash = abs + a.len();
                let help = match self.fix_span(index, dash..dash + 1, "") {
                    Some(fixed) => format!("write a range `{a}-end`, or `{a}` alone: `{fixed}`"),
                    None => format!("write a range `{a}-end`, or `{a}` alone"),
                };
                return Err(self.err(
                    kind,
                    dash..dash + 1,
                    format!(
                        "missing the end of the range after `-` in `{}`",
                        shown(base_text)
                    ),
                    Some(help),
                ));
            }
            let (va, na) = self.value(kind, a, abs)?;
            let (vb, nb) = self.value(kind, b, abs + a.len() + 1)?;
            if na != nb {
                let names: &[&str] = if kind == CronField::Month {
                    &MONTHS
                } else {
                    &DAYS
                };
                let as_names = format!("{}-{}", names[va as usize - 1], names[vb as usize - 1]);
                let as_numbers = format!("{va}-{vb}");
                return Err(self.err(
                    kind,
                    base_span,
                    format!("range `{}` mixes a name and a number", shown(base_text)),
                    Some(format!(
                        "write both ends as names or both as numbers: `{as_names}` or `{as_numbers}`"
                    )),
                ));
            }
            if va > vb && kind == CronField::Year {
                let help = match self.fix_span(index, base_span.clone(), &format!("{vb}-{va}")) {
                    Some(fixed) => format!("write `{vb}-{va}`: `{fixed}`"),
                    None => format!("write `{vb}-{va}`"),
                };
                return Err(self.err(
                    kind,
                    base_span,
                    format!("year range `{}` runs backwards", shown(base_text)),
                    Some(help),
                ));
            }
            self.push_value(kind, va, na);
            self.canonical.push('-');
            self.push_value(kind, vb, nb);
            (lo, hi) = (va, vb);
        } else {
            let (v, name) = self.value(kind, base_text, abs)?;
            self.push_value(kind, v, name);
            (lo, hi) = (v, if step_text.is_some() { max } else { v });
        }

        let step = match step_text {
            None => 1,
            Some(st) => {
                let st_abs = abs + base_text.len() + 1;
                let n = self.step(index, st, st_abs, lo, item_span)?;
                self.canonical.push('/');
                push_number(&mut self.canonical, n);
                n
            }
        };

        // Walk the (possibly wrapped) sequence lo..=hi with the increment (REC §5.2, §5.3).
        let base = if kind == CronField::Year {
            YEAR_MIN as u32
        } else {
            0
        };
        let span_len = max - min + 1;
        let len = if lo <= hi {
            hi - lo + 1
        } else {
            (max - lo + 1) + (hi - min + 1)
        };
        if step == 1 {
            // Contiguous (possibly wrapped) run: set whole words at once.
            if lo <= hi {
                set_range(bits, lo - base, hi - base);
            } else {
                set_range(bits, lo - base, max - base);
                set_range(bits, min - base, hi - base);
            }
            return Ok(());
        }
        let mut i = 0;
        while i < len {
            let mut v = lo + i;
            if v > max {
                v -= span_len;
            }
            let bit = v - base;
            bits[(bit / 64) as usize] |= 1 << (bit % 64);
            i += step;
        }
        Ok(())
    }

    /// The increment after `/` (REC §5.3).
    fn step(
        &self,
        index: usize,
        text: &str,
        abs: usize,
        start_value: u32,
        item_span: Range<usize>,
    ) -> Result<u32, CronError> {
        let kind = CronField::ALL[index];
        let span = abs..abs + text.len();
        let max_step = match kind {
            CronField::Year => 229,
            k => k.max_value(),
        };
        if text.is_empty() {
            let base = &self.fields[index]
                [item_span.start - self.starts[index]..abs - 1 - self.starts[index]];
            let help = match self.fix_span(index, abs - 1..abs, "") {
                Some(fixed) => {
                    format!("add an increment, e.g. `{base}/2`, or write `{base}` alone: `{fixed}`")
                }
                None => format!("add an increment, e.g. `{base}/2`"),
            };
            return Err(self.err(
                kind,
                abs - 1..abs,
                "missing the increment after `/`",
                Some(help),
            ));
        }
        if !all_digits(text) {
            return Err(self.err(
                kind,
                span,
                format!("`{}` is not a valid increment", shown(text)),
                Some(format!(
                    "an increment is a whole number from 1 to {max_step}"
                )),
            ));
        }
        let n = number(text);
        if n == 0 {
            return Err(self.err(
                kind,
                span,
                "increment `0` is not allowed",
                Some(format!(
                    "use an increment from 1 to {max_step}; `*` alone selects every value"
                )),
            ));
        }
        if n > max_step {
            let single = start_value.to_string();
            let help = match self.fix_span(index, item_span, &single) {
                Some(fixed) => format!(
                    "an increment this large selects only the start value; write `{single}`: `{fixed}`"
                ),
                None => format!("use an increment from 1 to {max_step}"),
            };
            return Err(self.err(
                kind,
                span,
                format!(
                    "increment `{}` is too large for the {kind} field (1–{max_step})",
                    shown(text)
                ),
                Some(help),
            ));
        }
        Ok(n)
    }

    /// `/` in day-of-week is rejected (REC §8); the help lists the days it would select.
    fn dow_step_error(&self, item: &str, span: Range<usize>) -> CronError {
        let kind = CronField::DayOfWeek;
        // Evaluate the increment with Quartz semantics to suggest the equivalent list.
        let listed = (|| {
            let (base, step) = item.split_once('/')?;
            if !all_digits(step) {
                return None;
            }
            let step = number(step);
            if !(1..=7).contains(&step) {
                return None;
            }
            let day = |t: &str| -> Option<u32> {
                if all_digits(t) {
                    Some(number(t)).filter(|v| (1..=7).contains(v))
                } else {
                    let up = t.to_ascii_uppercase();
                    DAYS.iter().position(|d| *d == up).map(|p| p as u32 + 1)
                }
            };
            let (lo, hi) = if base == "*" {
                (1, 7)
            } else if let Some((a, b)) = base.split_once('-') {
                (day(a)?, day(b)?)
            } else {
                (day(base)?, 7)
            };
            let len = if lo <= hi { hi - lo + 1 } else { 8 - lo + hi };
            let days: Vec<&str> = (0..len)
                .step_by(step as usize)
                .map(|i| DAYS[((lo - 1 + i) % 7) as usize])
                .collect();
            Some(days.join(","))
        })();
        let help = match listed.and_then(|l| Some((self.fix_span(4, span.clone(), &l)?, l))) {
            Some((fixed, _)) => format!("list the days instead: `{fixed}`"),
            None => "list the days instead, e.g. `MON,WED,FRI`".to_owned(),
        };
        self.err(
            kind,
            span,
            "increments (`/`) are not allowed in the day-of-week field",
            Some(help),
        )
    }

    /// Writes a value in canonical form: a name in upper case, or a number without leading zeros.
    fn push_value(&mut self, kind: CronField, value: u32, name: bool) {
        let i = (value as usize).wrapping_sub(1);
        match (name, kind) {
            (true, CronField::Month) if i < 12 => self.canonical.push_str(MONTHS[i]),
            (true, CronField::DayOfWeek) if i < 7 => self.canonical.push_str(DAYS[i]),
            _ => push_number(&mut self.canonical, value),
        }
    }

    /// A single value: a decimal number or (in month and day-of-week) a 3-letter name.
    fn value(&self, kind: CronField, token: &str, abs: usize) -> Result<(u32, bool), CronError> {
        let span = abs..abs + token.len();
        let index = kind.index();
        let (min, max) = (kind.min_value(), kind.max_value());
        if all_digits(token) {
            let n = number(token);
            if n < min || n > max {
                return Err(self.out_of_range(kind, token, span));
            }
            return Ok((n, false));
        }
        if all_alpha(token) {
            let table: Option<&[&str]> = match kind {
                CronField::Month => Some(&MONTHS),
                CronField::DayOfWeek => Some(&DAYS),
                _ => None,
            };
            if let Some(p) =
                table.and_then(|t| t.iter().position(|n| n.eq_ignore_ascii_case(token)))
            {
                return Ok((p as u32 + 1, true));
            }
            let up = token.to_ascii_uppercase();
            return Err(self.unknown_name(kind, index, token, &up, span));
        }
        let up = token.to_ascii_uppercase();
        if token.contains(['(', ')']) {
            return Err(self.err(
                kind,
                span,
                format!("unexpected parenthesis in `{}`", shown(token)),
                Some(format!(
                    "an expression is written `cron(` six fields `)`, e.g. {EXAMPLE}"
                )),
            ));
        }
        let special = |c: char, name: &str, allowed: &str| -> CronError {
            self.err(
                kind,
                span.clone(),
                format!(
                    "`{c}` is not allowed in the {kind} field, found `{}`",
                    shown(token)
                ),
                Some(format!("`{c}` ({name}) only works in {allowed}")),
            )
        };
        if up.contains('#') {
            if kind != CronField::DayOfWeek {
                return Err(special('#', "n-th weekday", "day-of-week, as `d#n`"));
            }
            return Err(self.err(
                kind,
                span,
                format!("`{}` cannot be combined with other days", shown(token)),
                Some(
                    "write `d#n` alone, and use a separate backup rule for the other days"
                        .to_owned(),
                ),
            ));
        }
        if up.contains('L') {
            if !matches!(kind, CronField::DayOfMonth | CronField::DayOfWeek) {
                return Err(special('L', "last", "day-of-month and day-of-week"));
            }
            return Err(self.err(
                kind,
                span,
                format!("`{}` cannot be combined with other items", shown(token)),
                Some(format!("`L` forms must stand alone in the {kind} field")),
            ));
        }
        if up.contains('W') {
            if kind != CronField::DayOfMonth {
                return Err(special('W', "nearest weekday", "day-of-month, as `nW`"));
            }
            return Err(self.err(
                kind,
                span,
                format!("`{}` cannot be combined with other items", shown(token)),
                Some("`nW` takes a single day and must stand alone".to_owned()),
            ));
        }
        let digits: String = token.chars().filter(char::is_ascii_digit).collect();
        let help_number = format!("the {kind} field takes whole numbers from {min} to {max}");
        if token.contains('.') {
            return Err(self.err(
                kind,
                span,
                format!("`{}` is not a whole number", shown(token)),
                Some(help_number),
            ));
        }
        if let Some(rest) = token.strip_prefix('+') {
            let help = match self.fix_span(index, span.clone(), rest) {
                Some(fixed) => format!("remove the sign: `{fixed}`"),
                None => help_number,
            };
            return Err(self.err(
                kind,
                span,
                format!("`{}`: numbers are written without a sign", shown(token)),
                Some(help),
            ));
        }
        if up.starts_with("0X") && !digits.is_empty() {
            return Err(self.err(
                kind,
                span,
                format!("`{}` is not a decimal number", shown(token)),
                Some(help_number),
            ));
        }
        Err(self.err(
            kind,
            span,
            format!("`{}` is not a valid {kind} value", shown(token)),
            Some(allowed_values(kind)),
        ))
    }

    fn out_of_range(&self, kind: CronField, token: &str, span: Range<usize>) -> CronError {
        let (min, max) = (kind.min_value(), kind.max_value());
        let n = number(token);
        let help = match kind {
            CronField::Minutes => "minutes go from 0 to 59".to_owned(),
            CronField::Hours => "hours go from 0 to 23; midnight is `0`".to_owned(),
            CronField::DayOfMonth => {
                "days go from 1 to 31; for the last day of the month use `L`".to_owned()
            }
            CronField::Month => "months go from 1 (`JAN`) to 12 (`DEC`)".to_owned(),
            CronField::DayOfWeek if n == 0 => {
                "day-of-week counts from 1 (`SUN`) to 7 (`SAT`): Sunday is `1` or `SUN`, not `0`"
                    .to_owned()
            }
            CronField::DayOfWeek => "day-of-week counts from 1 (`SUN`) to 7 (`SAT`)".to_owned(),
            CronField::Year => "years go from 1970 to 2199".to_owned(),
        };
        self.err(
            kind,
            span,
            format!(
                "`{}` is out of range for the {kind} field ({min}–{max})",
                shown(token)
            ),
            Some(help),
        )
    }

    fn unknown_name(
        &self,
        kind: CronField,
        index: usize,
        token: &str,
        up: &str,
        span: Range<usize>,
    ) -> CronError {
        let t = shown(token);
        if matches!(up, "L" | "W" | "LW") {
            let (c, name, allowed) = if up == "W" {
                ('W', "nearest weekday", "day-of-month, as `nW`")
            } else {
                ('L', "last", "day-of-month and day-of-week")
            };
            if matches!(kind, CronField::DayOfMonth | CronField::DayOfWeek) {
                return self.err(
                    kind,
                    span,
                    format!("`{t}` cannot be combined with other items in the {kind} field"),
                    Some(format!("`{c}` forms must stand alone in the {kind} field")),
                );
            }
            return self.err(
                kind,
                span,
                format!("`{c}` is not allowed in the {kind} field"),
                Some(format!("`{c}` ({name}) only works in {allowed}")),
            );
        }
        let own: &[&str] = match kind {
            CronField::Month => &MONTHS,
            CronField::DayOfWeek => &DAYS,
            _ => &[],
        };
        let is_month = MONTHS.contains(&up);
        let is_day = DAYS.contains(&up);
        if kind == CronField::Month && is_day {
            return self.err(
                kind,
                span,
                format!("`{t}` is a day-of-week name, not a month"),
                Some("month names are `JAN` … `DEC`; days of the week go in field 5".to_owned()),
            );
        }
        if kind == CronField::DayOfWeek && is_month {
            return self.err(
                kind,
                span,
                format!("`{t}` is a month name, not a day of the week"),
                Some("day names are `SUN` … `SAT`; months go in field 4".to_owned()),
            );
        }
        if own.is_empty() {
            let what = if is_month {
                "a month name, "
            } else if is_day {
                "a day-of-week name, "
            } else {
                ""
            };
            return self.err(
                kind,
                span,
                format!("`{t}` is {what}not a valid {kind} value"),
                Some(allowed_values(kind)),
            );
        }
        let noun = if kind == CronField::Month {
            "month"
        } else {
            "day"
        };
        // Full names (`JANUARY`, `THUR`) and unique prefixes (`MO`).
        let guess = own
            .iter()
            .find(|n| up.len() > 3 && up.starts_with(*n))
            .or_else(|| {
                let matches: Vec<&&str> = own.iter().filter(|n| n.starts_with(up)).collect();
                (matches.len() == 1).then(|| matches[0])
            });
        let help = match guess {
            Some(g) => match self.fix_span(index, span.clone(), g) {
                Some(fixed) => format!("use the three-letter name `{g}`: `{fixed}`"),
                None => format!("use the three-letter name `{g}`"),
            },
            None => format!("{noun} names are `{}`", own.join("`, `")),
        };
        self.err(kind, span, format!("unknown {noun} name `{t}`"), Some(help))
    }

    /// Day-of-month and day-of-week both set (REC §6.1).
    fn both_days_error(&self, dom: FieldValue, dow: FieldValue) -> CronError {
        let (dom_text, dow_text) = (self.fields[2], self.fields[4]);
        let keep_dom = self.fix_field(4, "?");
        let keep_dow = self.fix_field(2, "?");
        let help = match (dom_text == "*", dow_text == "*", keep_dom, keep_dow) {
            (true, true, Some(a), _) => format!("use `{a}` to run every day"),
            (_, true, Some(a), _) => format!("use `{a}` for {}", dom_phrase(dom.as_dom())),
            (true, _, _, Some(b)) => format!("use `{b}` for {}", dow_phrase(dow.as_dow())),
            (_, _, Some(a), Some(b)) => format!(
                "use `{a}` for {}, or `{b}` for {}",
                dom_phrase(dom.as_dom()),
                dow_phrase(dow.as_dow())
            ),
            _ => "put `?` in day-of-month or in day-of-week".to_owned(),
        };
        CronError::new(
            Some(CronField::DayOfWeek),
            self.starts[2]..self.starts[4] + dow_text.len(),
            format!(
                "day-of-month `{}` and day-of-week `{}` are both set; exactly one of them must be `?`",
                shown(dom_text),
                shown(dow_text)
            ),
            Some(help),
        )
    }
}

fn day_name_for(n: u32) -> &'static str {
    match n {
        1 => "Sunday",
        2 => "Monday",
        3 => "Tuesday",
        4 => "Wednesday",
        5 => "Thursday",
        6 => "Friday",
        7 => "Saturday",
        _ => "weekday n",
    }
}

fn allowed_values(kind: CronField) -> String {
    match kind {
        CronField::Minutes => "minutes take numbers 0–59, `*`, ranges `a-b`, lists `a,b` and increments `a/n`".to_owned(),
        CronField::Hours => "hours take numbers 0–23, `*`, ranges `a-b`, lists `a,b` and increments `a/n`".to_owned(),
        CronField::DayOfMonth => "day-of-month takes numbers 1–31, `*`, `?`, ranges, lists, increments, `L`, `L-n`, `LW` and `nW`".to_owned(),
        CronField::Month => "months take numbers 1–12 or `JAN`–`DEC`, `*`, ranges, lists and increments".to_owned(),
        CronField::DayOfWeek => "day-of-week takes numbers 1–7 (1 = `SUN`) or `SUN`–`SAT`, `*`, `?`, ranges, lists, `L`, `dL` and `d#n`".to_owned(),
        CronField::Year => "years take numbers 1970–2199, `*`, ranges, lists and increments".to_owned(),
    }
}

/// AWS Backup's 60-minute rule (REC §7.2): exactly one minute value.
pub(crate) fn check_backup_interval(schedule: &CronSchedule) -> Result<(), CronError> {
    let count = schedule.minutes.count_ones();
    if count == 1 {
        return Ok(());
    }
    let first = schedule.minutes.trailing_zeros();
    let (minutes, rest) = schedule
        .text
        .split_once(' ')
        .unwrap_or((schedule.text.as_str(), ""));
    let selects = if count == 60 {
        "every minute".to_owned()
    } else {
        format!("{count} minutes of each hour")
    };
    Err(CronError::new(
        Some(CronField::Minutes),
        schedule.minutes_span.clone(),
        format!(
            "backup jobs must start at least 60 minutes apart, but the minutes field `{}` selects {selects}",
            shown(minutes)
        ),
        Some(format!(
            "use a single minute, e.g. `cron({first} {rest})` to run at minute {first}"
        )),
    ))
}

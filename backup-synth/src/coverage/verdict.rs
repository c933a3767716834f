//! Three-valued answers with the sentence that explains them.

use std::fmt;

use super::symbolic::Sym;

/// Kleene's three truth values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Truth {
    /// Proven.
    Yes,
    /// Disproven.
    No,
    /// Undecidable before deployment.
    Unknown,
}

impl Truth {
    /// Kleene disjunction.
    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::Yes, _) | (_, Truth::Yes) => Truth::Yes,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::No,
        }
    }
}

/// How close a miss came, to pick the nearest one for the message (higher is nearer).
pub(crate) type Closeness = u8;

/// A miss on another Region or account.
pub(crate) const FAR: Closeness = 0;
/// No `Resources` entry matches the ARN.
pub(crate) const ARN_MISS: Closeness = 1;
/// A tag the selection wants is absent.
pub(crate) const TAG_ABSENT: Closeness = 2;
/// A tag has another value.
pub(crate) const TAG_VALUE: Closeness = 3;
/// Selected, then excluded by `NotResources`.
pub(crate) const EXCLUDED: Closeness = 4;

/// Why: a clause, written out only when it is shown (most are discarded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Reason<'a> {
    /// Written out.
    Text(String),
    /// Borrowed from the selection.
    Borrowed(&'a str),
    /// A `Resources` entry matched the ARN.
    Matched(&'a Sym),
    /// No entry of `property` of `selection` matches `arn`.
    ArnMiss {
        /// The resource's ARN.
        arn: &'a Sym,
        /// `Resources` or `NotResources`.
        property: &'static str,
        /// The selection's logical id.
        selection: &'a str,
    },
}

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Text(text) => f.write_str(text),
            Reason::Borrowed(text) => f.write_str(text),
            Reason::Matched(pattern) if pattern.has_wildcard() => write!(f, "wildcard `{pattern}`"),
            Reason::Matched(pattern) => write!(f, "ARN `{pattern}`"),
            Reason::ArnMiss {
                arn,
                property,
                selection,
            } => {
                write!(
                    f,
                    "its ARN `{arn}` matches no `{property}` entry of selection `{selection}`"
                )
            }
        }
    }
}

impl From<String> for Reason<'_> {
    fn from(text: String) -> Self {
        Reason::Text(text)
    }
}

impl<'a> From<&'a str> for Reason<'a> {
    fn from(text: &'a str) -> Self {
        Reason::Borrowed(text)
    }
}

/// A truth value and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Verdict<'a> {
    /// The answer.
    pub truth: Truth,
    /// A clause saying why (`tag \`backup\` is \`no\`, …`).
    pub reason: Reason<'a>,
    /// For `No`: how near the miss was.
    pub closeness: Closeness,
}

impl<'a> Verdict<'a> {
    /// Proven, because `reason`.
    pub fn yes(reason: impl Into<Reason<'a>>) -> Self {
        Self {
            truth: Truth::Yes,
            reason: reason.into(),
            closeness: 0,
        }
    }

    /// Disproven, because `reason`.
    pub fn no(reason: impl Into<Reason<'a>>, closeness: Closeness) -> Self {
        Self {
            truth: Truth::No,
            reason: reason.into(),
            closeness,
        }
    }

    /// Undecidable, because `reason`.
    pub fn unknown(reason: impl Into<Reason<'a>>) -> Self {
        Self {
            truth: Truth::Unknown,
            reason: reason.into(),
            closeness: 0,
        }
    }

    /// Any of `verdicts` (`empty` when there are none): the first `Yes`, else the first
    /// `Unknown`, else the nearest `No`.
    pub fn any(verdicts: impl IntoIterator<Item = Verdict<'a>>, empty: Verdict<'a>) -> Verdict<'a> {
        let mut best: Option<Verdict<'a>> = None;
        for v in verdicts {
            best = Some(match best {
                None => v,
                Some(b) => pick_or(b, v),
            });
            if matches!(
                best,
                Some(Verdict {
                    truth: Truth::Yes,
                    ..
                })
            ) {
                break;
            }
        }
        best.unwrap_or(empty)
    }

    /// All of `verdicts` (`empty` when there are none): the first `No`, else the first
    /// `Unknown`, else `Yes` with the reasons joined by "and".
    pub fn all(verdicts: impl IntoIterator<Item = Verdict<'a>>, empty: Verdict<'a>) -> Verdict<'a> {
        let mut reasons: Vec<Reason<'a>> = Vec::new();
        let mut unknown = None;
        for v in verdicts {
            match v.truth {
                Truth::No => return v,
                Truth::Unknown => {
                    unknown.get_or_insert(v);
                }
                Truth::Yes => reasons.push(v.reason),
            }
        }
        match unknown {
            Some(u) => u,
            None if reasons.is_empty() => empty,
            None if reasons.len() == 1 => Verdict::yes(reasons.pop().expect("one")),
            None => {
                let texts: Vec<String> = reasons.iter().map(ToString::to_string).collect();
                Verdict::yes(texts.join(" and "))
            }
        }
    }

    /// `self ∨ other`.
    pub fn or(self, other: Verdict<'a>) -> Verdict<'a> {
        pick_or(self, other)
    }

    /// `self ∧ other`.
    pub fn and(self, other: Verdict<'a>) -> Verdict<'a> {
        Verdict::all([self, other], Verdict::yes(""))
    }
}

fn pick_or<'a>(a: Verdict<'a>, b: Verdict<'a>) -> Verdict<'a> {
    match (a.truth, b.truth) {
        (Truth::Yes, _) => a,
        (_, Truth::Yes) => b,
        (Truth::Unknown, _) => a,
        (_, Truth::Unknown) => b,
        _ if b.closeness > a.closeness => b,
        _ => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kleene() {
        let (y, n, u) = (
            Verdict::yes("y"),
            Verdict::no("n", 1),
            Verdict::unknown("u"),
        );
        assert_eq!(y.clone().or(n.clone()).truth, Truth::Yes);
        assert_eq!(n.clone().or(u.clone()).truth, Truth::Unknown);
        assert_eq!(y.clone().and(u.clone()).truth, Truth::Unknown);
        assert_eq!(u.and(n.clone()).truth, Truth::No);
        assert_eq!(
            Verdict::no("far", 0)
                .or(Verdict::no("near", 3))
                .reason
                .to_string(),
            "near"
        );
        assert_eq!(
            y.clone().and(Verdict::yes("z")).reason.to_string(),
            "y and z"
        );
    }
}

//! Three-valued answers with the sentence that explains them.

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

/// A truth value and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// The answer.
    pub truth: Truth,
    /// A clause saying why (`tag \`backup\` is \`no\`, …`).
    pub reason: String,
    /// For `No`: how near the miss was.
    pub closeness: Closeness,
}

impl Verdict {
    /// Proven, because `reason`.
    pub fn yes(reason: impl Into<String>) -> Self {
        Self {
            truth: Truth::Yes,
            reason: reason.into(),
            closeness: 0,
        }
    }

    /// Disproven, because `reason`.
    pub fn no(reason: impl Into<String>, closeness: Closeness) -> Self {
        Self {
            truth: Truth::No,
            reason: reason.into(),
            closeness,
        }
    }

    /// Undecidable, because `reason`.
    pub fn unknown(reason: impl Into<String>) -> Self {
        Self {
            truth: Truth::Unknown,
            reason: reason.into(),
            closeness: 0,
        }
    }

    /// Any of `verdicts` (`No` with `empty` when there are none): the first `Yes`, else the
    /// first `Unknown`, else the nearest `No`.
    pub fn any(verdicts: impl IntoIterator<Item = Verdict>, empty: Verdict) -> Verdict {
        let mut best: Option<Verdict> = None;
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

    /// All of `verdicts` (`Yes` with `empty` when there are none): the first `No`, else the
    /// first `Unknown`, else `Yes` with the reasons joined by "and".
    pub fn all(verdicts: impl IntoIterator<Item = Verdict>, empty: Verdict) -> Verdict {
        let mut reasons = Vec::new();
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
            None => Verdict::yes(reasons.join(" and ")),
        }
    }

    /// `self ∨ other`.
    pub fn or(self, other: Verdict) -> Verdict {
        pick_or(self, other)
    }

    /// `self ∧ other`.
    pub fn and(self, other: Verdict) -> Verdict {
        Verdict::all([self, other], Verdict::yes(""))
    }
}

fn pick_or(a: Verdict, b: Verdict) -> Verdict {
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
            Verdict::no("far", 0).or(Verdict::no("near", 3)).reason,
            "near"
        );
        assert_eq!(y.clone().and(Verdict::yes("z")).reason, "y and z");
    }
}

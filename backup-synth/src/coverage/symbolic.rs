//! Strings only partly known before deployment (an ARN whose name CloudFormation generates, a
//! Region a template leaves to `AWS::Region`), and AWS Backup's `*` pattern matching over them
//! with three-valued answers.

use std::fmt;
use std::rc::Rc;

use super::verdict::Truth;

/// What an unknown part of a string is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OpaqueKind {
    /// A name or id AWS assigns at deployment (with a random part): no literal in a template
    /// equals it, only the same reference or a `*`.
    Generated,
    /// The Region or account of a template deployed without a known environment: every such
    /// template shares it; a literal Region or account does not match it (only `*` does).
    Environment,
    /// A value an intrinsic function computes at deployment (a parameter, an import, `Fn::If`):
    /// comparisons with it are undecidable.
    Unknown,
}

/// An unknown part of a string, with an identity: two parts with the same key are equal.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Opaque {
    /// Identity (for example `file#Table#TableName`).
    pub key: String,
    /// How the part is shown in messages (`${AWS::Region}`, `<name generated for Table>`).
    pub shown: String,
    /// What it is.
    pub kind: OpaqueKind,
    /// A string whose presence in a literal makes a comparison with a generated name
    /// undecidable (the logical id, which CloudFormation puts in generated names).
    pub hint: Option<String>,
}

/// A piece of a [`Sym`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Known text.
    Text(String),
    /// An unknown part.
    Opaque(Rc<Opaque>),
}

/// A string made of known text and unknown parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Sym(pub Vec<Piece>);

impl Sym {
    /// Known text.
    pub fn text(text: impl Into<String>) -> Self {
        Self(vec![Piece::Text(text.into())])
    }

    /// One unknown part.
    pub fn opaque(opaque: Opaque) -> Self {
        Self(vec![Piece::Opaque(Rc::new(opaque))])
    }

    /// Appends `other`.
    pub fn push(&mut self, other: Sym) {
        for piece in other.0 {
            match (self.0.last_mut(), piece) {
                (Some(Piece::Text(last)), Piece::Text(text)) => last.push_str(&text),
                (_, piece) => self.0.push(piece),
            }
        }
    }

    /// The whole string when it is known.
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Opaque(_) => return None,
            }
        }
        Some(out)
    }

    /// The first part computed by an intrinsic at deployment, if any.
    pub fn unknown_part(&self) -> Option<&Opaque> {
        self.0.iter().find_map(|p| match p {
            Piece::Opaque(o) if o.kind == OpaqueKind::Unknown => Some(o.as_ref()),
            _ => None,
        })
    }

    /// The first part AWS assigns at deployment, if any.
    pub fn generated_part(&self) -> Option<&Opaque> {
        self.0.iter().find_map(|p| match p {
            Piece::Opaque(o) if o.kind == OpaqueKind::Generated => Some(o.as_ref()),
            _ => None,
        })
    }

    /// Lower-cases the known text.
    pub fn lowercase(self) -> Self {
        Self(
            self.0
                .into_iter()
                .map(|p| match p {
                    Piece::Text(t) => Piece::Text(t.to_lowercase()),
                    other => other,
                })
                .collect(),
        )
    }

    /// Whether the known text has a `*` (a wildcard pattern).
    pub fn has_wildcard(&self) -> bool {
        self.0
            .iter()
            .any(|p| matches!(p, Piece::Text(t) if t.contains('*')))
    }
}

impl fmt::Display for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in &self.0 {
            match piece {
                Piece::Text(text) => f.write_str(text)?,
                Piece::Opaque(o) => f.write_str(&o.shown)?,
            }
        }
        Ok(())
    }
}

/// One matching unit.
#[derive(Clone, Debug)]
enum Tok {
    Char(char),
    Star,
    Opaque(Rc<Opaque>),
}

/// A `Resources` / `NotResources` entry ready for matching (`*`: zero or more non-whitespace
/// characters).
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    toks: Vec<Tok>,
}

/// An ARN ready for matching.
#[derive(Clone, Debug)]
pub(crate) struct Subject {
    toks: Vec<Tok>,
}

fn tokens(sym: &Sym, star: bool) -> Vec<Tok> {
    let mut toks = Vec::new();
    for piece in &sym.0 {
        match piece {
            Piece::Text(text) => toks.extend(text.chars().map(|c| {
                if star && c == '*' {
                    Tok::Star
                } else {
                    Tok::Char(c)
                }
            })),
            Piece::Opaque(o) => toks.push(Tok::Opaque(Rc::clone(o))),
        }
    }
    toks
}

impl Pattern {
    /// `sym` as a pattern.
    pub fn new(sym: &Sym) -> Self {
        Self {
            toks: tokens(sym, true),
        }
    }

    /// Whether `subject` matches: `Yes`, `No`, or `Unknown` when an unknown part decides.
    pub fn matches(&self, subject: &Subject) -> Truth {
        let (p, s) = (&self.toks, &subject.toks);
        // Fast path: the common literal prefix (most patterns fail on the service name).
        let mut start = 0;
        while let (Some(Tok::Char(a)), Some(Tok::Char(b))) = (p.get(start), s.get(start)) {
            if a != b {
                return Truth::No;
            }
            start += 1;
        }
        match &p[start..] {
            // Fast paths: an exact ARN, and a prefix with a trailing `*` (the common shapes).
            [] if start == s.len() => Truth::Yes,
            [Tok::Star] => {
                if s[start..].iter().any(is_space) {
                    Truth::No
                } else {
                    Truth::Yes
                }
            }
            rest => glob(rest, &s[start..]),
        }
    }
}

impl Subject {
    /// `sym` as an ARN to match.
    pub fn new(sym: &Sym) -> Self {
        Self {
            toks: tokens(sym, false),
        }
    }
}

/// Most cells of the matching table: far beyond any ARN AWS accepts (2,048 characters) against
/// any resource ARN; larger inputs are not decided rather than risk a hang.
const MAX_CELLS: usize = 1 << 22;

/// The pattern `p` against `s` by dynamic programming over suffixes (O(|p|·|s|)).
fn glob(p: &[Tok], s: &[Tok]) -> Truth {
    let (m, n) = (p.len(), s.len());
    if m.saturating_mul(n + 1) > MAX_CELLS {
        return Truth::Unknown;
    }
    // next[j]: truth of p[i+1..] against s[j..]; row[j]: of p[i..] against s[j..].
    let mut next: Vec<Truth> = (0..=n)
        .map(|j| if j == n { Truth::Yes } else { Truth::No })
        .collect();
    let mut row = vec![Truth::No; n + 1];
    for i in (0..m).rev() {
        for j in (0..=n).rev() {
            row[j] = match &p[i] {
                Tok::Star => {
                    let more = if j < n && !is_space(&s[j]) {
                        row[j + 1]
                    } else {
                        Truth::No
                    };
                    next[j].or(more)
                }
                Tok::Char(c) => match s.get(j) {
                    None => Truth::No,
                    Some(Tok::Char(d)) if c == d => next[j + 1],
                    Some(Tok::Char(_) | Tok::Star) => Truth::No,
                    Some(Tok::Opaque(o)) => char_against_opaque(o, &p[i..]),
                },
                Tok::Opaque(o) => match s.get(j) {
                    Some(Tok::Opaque(q)) if q.key == o.key => next[j + 1],
                    _ if o.kind == OpaqueKind::Unknown => Truth::Unknown,
                    Some(_) if o.kind == OpaqueKind::Environment => Truth::Unknown,
                    _ => Truth::No,
                },
            };
        }
        std::mem::swap(&mut next, &mut row);
    }
    next[0]
}

fn is_space(tok: &Tok) -> bool {
    matches!(tok, Tok::Char(c) if c.is_whitespace())
}

/// A literal pattern character where the ARN has an unknown part.
fn char_against_opaque(opaque: &Opaque, rest: &[Tok]) -> Truth {
    match opaque.kind {
        OpaqueKind::Unknown => Truth::Unknown,
        OpaqueKind::Environment => Truth::No,
        OpaqueKind::Generated => {
            // A generated name has a random part a template cannot know in advance; a literal
            // naming the resource's logical id may be a deployed name pasted in: undecidable.
            let literal: String = rest
                .iter()
                .map_while(|t| match t {
                    Tok::Char(c) => Some(*c),
                    _ => None,
                })
                .collect();
            match &opaque.hint {
                Some(hint) if hint.len() >= 3 && literal.contains(hint.as_str()) => Truth::Unknown,
                _ => Truth::No,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(key: &str) -> Sym {
        Sym::opaque(Opaque {
            key: key.into(),
            shown: format!("<{key}>"),
            kind: OpaqueKind::Generated,
            hint: Some("Table".into()),
        })
    }

    fn arn(parts: Vec<Sym>) -> Sym {
        let mut out = Sym::default();
        for part in parts {
            out.push(part);
        }
        out
    }

    #[test]
    fn literal_and_wildcards() {
        let subject = Subject::new(&Sym::text("arn:aws:dynamodb:eu-west-1:1:table/orders"));
        let yes = |p: &str| Pattern::new(&Sym::text(p)).matches(&subject);
        assert_eq!(yes("arn:aws:dynamodb:eu-west-1:1:table/orders"), Truth::Yes);
        assert_eq!(yes("arn:aws:dynamodb:*:*:table/*"), Truth::Yes);
        assert_eq!(yes("*"), Truth::Yes);
        assert_eq!(yes("arn:aws:dynamodb:eu-west-1:1:table/order"), Truth::No);
        assert_eq!(
            yes("arn:aws:dynamodb:eu-west-1:1:table/orders*"),
            Truth::Yes
        );
        assert_eq!(yes("arn:aws:ec2:*"), Truth::No);
        let spaced = Subject::new(&Sym::text("a b"));
        assert_eq!(Pattern::new(&Sym::text("a*")).matches(&spaced), Truth::No);
    }

    #[test]
    fn generated_names() {
        let subject = Subject::new(&arn(vec![
            Sym::text("arn:aws:dynamodb:r:a:table/"),
            generated("T"),
        ]));
        let same = Pattern::new(&arn(vec![
            Sym::text("arn:aws:dynamodb:r:a:table/"),
            generated("T"),
        ]));
        assert_eq!(same.matches(&subject), Truth::Yes);
        let other = Pattern::new(&arn(vec![
            Sym::text("arn:aws:dynamodb:r:a:table/"),
            generated("U"),
        ]));
        assert_eq!(other.matches(&subject), Truth::No);
        assert_eq!(
            Pattern::new(&Sym::text("arn:aws:dynamodb:r:a:table/orders")).matches(&subject),
            Truth::No
        );
        assert_eq!(
            Pattern::new(&Sym::text("arn:aws:dynamodb:r:a:table/S-Table-X1")).matches(&subject),
            Truth::Unknown
        );
        assert_eq!(
            Pattern::new(&Sym::text("arn:aws:dynamodb:r:a:table/*")).matches(&subject),
            Truth::Yes
        );
    }

    #[test]
    fn unknown_parts() {
        let param = Sym::opaque(Opaque {
            key: "p".into(),
            shown: "${P}".into(),
            kind: OpaqueKind::Unknown,
            hint: None,
        });
        let pattern = Pattern::new(&arn(vec![Sym::text("arn:aws:s3:::"), param]));
        assert_eq!(
            pattern.matches(&Subject::new(&Sym::text("arn:aws:s3:::b"))),
            Truth::Unknown
        );
        assert_eq!(
            pattern.matches(&Subject::new(&Sym::text("arn:aws:ec2:x"))),
            Truth::No
        );
    }
}

//! What the rule book reports: a [`Violation`] of one rule, placed at a field path as a
//! [`Problem`], and the [`SynthError`] that carries every problem of a stack.

use std::fmt;

/// How serious a violation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// AWS or CloudFormation refuses it: synthesis fails.
    Error,
    /// Accepted by AWS but likely to surprise: reported beside the template.
    Warning,
}

/// One broken rule, not yet placed: what the macro, the builder and the linter all report.
///
/// ```
/// use backup_dsl::{Severity, Violation};
/// let v = Violation::error("vault-name", "vault name `a` is too short", "use 2 to 50 characters");
/// assert_eq!(v.severity, Severity::Error);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Stable id of the rule (for silencing and for the linter's output).
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What was found and what is allowed, rustc style (lower case, code in backticks).
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Extra context, such as the expression with a caret line under the offending part.
    pub note: Option<String>,
}

impl Violation {
    /// An error of `rule`.
    pub fn error(rule: &'static str, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self {
            rule,
            severity: Severity::Error,
            message: message.into(),
            help: help.into(),
            note: None,
        }
    }

    /// Adds a note (for example a caret line under part of an expression).
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// A warning of `rule`.
    pub fn warning(
        rule: &'static str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(rule, message, help)
        }
    }

    /// Places the violation at `path`.
    pub fn at(self, path: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            violation: self,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}[{}]: {}", self.rule, self.message)?;
        if let Some(note) = &self.note {
            for line in note.lines() {
                write!(f, "\n  = note: {line}")?;
            }
        }
        write!(f, "\n  = help: {}", self.help)
    }
}

/// A violation at a field path such as `plans[Plan].rules[1].delete_after`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where: the path of the offending field, in builder/DSL key names.
    pub path: String,
    /// What.
    pub violation: Violation,
}

impl Problem {
    /// The rule's message.
    pub fn message(&self) -> &str {
        &self.violation.message
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.violation.severity
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.violation)
    }
}

/// Where a problem is: a field path given as text, or a closure that formats it only when a
/// problem is actually recorded (validation of a large stack formats no path otherwise).
///
/// ```
/// use backup_dsl::{Problems, Violation};
/// let mut problems = Problems::new();
/// let index = 3;
/// problems.check(|| format!("rules[{index}].name"), Ok::<(), Violation>(()));
/// problems.check("rules", Err::<(), _>(Violation::error("r", "m", "h")));
/// assert_eq!(problems.into_vec()[0].path, "rules");
/// ```
pub trait FieldPath {
    /// The path as text.
    fn into_path(self) -> String;
}

impl FieldPath for String {
    fn into_path(self) -> String {
        self
    }
}

impl FieldPath for &str {
    fn into_path(self) -> String {
        self.to_string()
    }
}

impl FieldPath for &String {
    fn into_path(self) -> String {
        self.clone()
    }
}

impl<F: FnOnce() -> String> FieldPath for F {
    fn into_path(self) -> String {
        self()
    }
}

/// Collects problems while a model is validated, with the current path as a prefix.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `violation` at `path`.
    pub fn push(&mut self, path: impl FieldPath, violation: Violation) {
        self.list.push(violation.at(path.into_path()));
    }

    /// Records the error of `result`, if any, at `path`, and returns the value.
    pub fn check<T>(&mut self, path: impl FieldPath, result: Result<T, Violation>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(violation) => {
                self.push(path, violation);
                None
            }
        }
    }

    /// Everything recorded so far.
    pub fn into_vec(self) -> Vec<Problem> {
        self.list
    }

    /// Whether any error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|p| p.severity() == Severity::Error)
    }
}

/// Synthesis failed: every error found (and the warnings found beside them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthError {
    /// All problems, in model order.
    pub problems: Vec<Problem>,
}

impl SynthError {
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity() == Severity::Error)
    }
}

impl fmt::Display for SynthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.errors().count();
        writeln!(f, "synthesis found {count} error(s):")?;
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SynthError {}

/// Where each field path of the model was written: a span in `backup_plan!`, a JSON pointer in
/// the template linter. Problems are placed at the longest recorded path their own path starts
/// with (at a `.` or `[` boundary), so a problem about `rules[0].delete_after` lands on that
/// key when it was recorded, and on the rule otherwise.
///
/// ```
/// use backup_dsl::PathIndex;
/// let mut index = PathIndex::default();
/// index.insert("plans[P]", "plan");
/// index.insert("plans[P].rules[0]", "rule");
/// assert_eq!(index.find("plans[P].rules[0].delete_after"), Some(&"rule"));
/// assert_eq!(index.find("plans[P].rules[01]"), Some(&"plan"));
/// assert_eq!(index.find("vaults[V]"), None);
/// ```
#[derive(Clone, Debug)]
pub struct PathIndex<T> {
    entries: Vec<(String, T)>,
}

impl<T> Default for PathIndex<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
        }
    }
}

impl<T> PathIndex<T> {
    /// Records that `path` was written at `at`.
    pub fn insert(&mut self, path: impl Into<String>, at: T) {
        self.entries.push((path.into(), at));
    }

    /// Where exactly `path` was written, if it was recorded.
    pub fn get(&self, path: &str) -> Option<&T> {
        self.entries
            .iter()
            .find(|(recorded, _)| recorded == path)
            .map(|(_, at)| at)
    }

    /// Where the longest recorded path that `path` starts with was written.
    pub fn find(&self, path: &str) -> Option<&T> {
        self.entries
            .iter()
            .filter(|(recorded, _)| rebased(path, recorded, "").is_some())
            .max_by_key(|(recorded, _)| recorded.len())
            .map(|(_, at)| at)
    }

    /// Moves every path recorded under `from` to `to` (e.g. a selection attached to its plan).
    pub fn rebase(&mut self, from: &str, to: &str) {
        for (path, _) in &mut self.entries {
            if let Some(moved) = rebased(path, from, to) {
                *path = moved;
            }
        }
    }
}

/// `path` with its prefix `from` replaced by `to`, when `from` is `path` or a parent of it.
///
/// ```
/// use backup_dsl::problem::rebased;
/// assert_eq!(rebased("selections[S].name", "selections[S]", "plans[P].selections[S]").as_deref(), Some("plans[P].selections[S].name"));
/// assert_eq!(rebased("selections[Sx]", "selections[S]", "x"), None);
/// ```
pub fn rebased(path: &str, from: &str, to: &str) -> Option<String> {
    path.strip_prefix(from)
        .filter(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        .map(|rest| format!("{to}{rest}"))
}

//! What the rule book reports: a [`Violation`] of one rule, placed at a field path as a
//! [`Problem`], and the [`SynthError`] that carries every problem of a stack.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;

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

/// The path of a list item below another path, `parent.field[key]`, written only when a
/// problem is reported.
///
/// ```
/// use backup_dsl::problem::Below;
/// assert_eq!(Below::new(&"plans[Daily]", "rules", &2).to_string(), "plans[Daily].rules[2]");
/// ```
pub struct Below<'a, P: ?Sized, K: ?Sized> {
    parent: &'a P,
    field: &'static str,
    key: &'a K,
}

impl<'a, P: fmt::Display + ?Sized, K: fmt::Display + ?Sized> Below<'a, P, K> {
    /// The item `key` of the list `field` below `parent`.
    pub fn new(parent: &'a P, field: &'static str, key: &'a K) -> Self {
        Self { parent, field, key }
    }
}

impl<P: fmt::Display + ?Sized, K: fmt::Display + ?Sized> fmt::Display for Below<'_, P, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}[{}]", self.parent, self.field, self.key)
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
///
/// Every operation costs the length of the path (and, for [`Self::rebase`], the number of
/// paths moved), not the number of paths recorded: linting a template of 50,000 selections
/// stays linear.
#[derive(Clone, Debug)]
pub struct PathIndex<T> {
    /// Recorded path → what was recorded there (a path may be recorded more than once:
    /// [`Self::get`] answers the first, [`Self::find`] the last).
    entries: BTreeMap<String, Places<T>>,
    /// The order number of the next recording.
    next: u64,
}

/// What was recorded at one path, in the order of recording; the first inline (most paths are
/// recorded once, and then cost no allocation here).
#[derive(Clone, Debug)]
struct Places<T> {
    first: (u64, T),
    more: Vec<(u64, T)>,
}

impl<T> Places<T> {
    fn last(&self) -> &T {
        &self.more.last().unwrap_or(&self.first).1
    }

    /// Both lists, in the order of recording.
    fn merge(self, other: Places<T>) -> Places<T> {
        let mut all: Vec<(u64, T)> = std::iter::once(self.first)
            .chain(self.more)
            .chain(std::iter::once(other.first))
            .chain(other.more)
            .collect();
        all.sort_by_key(|(order, _)| *order);
        let mut all = all.into_iter();
        let first = all.next().expect("two lists of at least one place each");
        Places {
            first,
            more: all.collect(),
        }
    }
}

impl<T> Default for PathIndex<T> {
    fn default() -> Self {
        Self {
            entries: BTreeMap::new(),
            next: 0,
        }
    }
}

impl<T> PathIndex<T> {
    /// Records that `path` was written at `at`.
    pub fn insert(&mut self, path: impl Into<String>, at: T) {
        let order = self.next;
        self.next += 1;
        self.add(
            path.into(),
            Places {
                first: (order, at),
                more: Vec::new(),
            },
        );
    }

    fn add(&mut self, path: String, places: Places<T>) {
        match self.entries.entry(path) {
            Entry::Vacant(slot) => {
                slot.insert(places);
            }
            Entry::Occupied(slot) => {
                let (path, existing) = slot.remove_entry();
                self.entries.insert(path, existing.merge(places));
            }
        }
    }

    /// Where exactly `path` was written, if it was recorded.
    pub fn get(&self, path: &str) -> Option<&T> {
        self.entries.get(path).map(|places| &places.first.1)
    }

    /// Where the longest recorded path that `path` starts with was written.
    pub fn find(&self, path: &str) -> Option<&T> {
        let boundaries = path
            .char_indices()
            .filter(|(_, c)| matches!(c, '.' | '['))
            .map(|(i, _)| i);
        let mut cuts: Vec<usize> = boundaries.collect();
        cuts.push(path.len());
        cuts.iter()
            .rev()
            .find_map(|&cut| self.entries.get(&path[..cut]))
            .map(Places::last)
    }

    /// Moves every path recorded under `from` to `to` (e.g. a selection attached to its plan).
    pub fn rebase(&mut self, from: &str, to: &str) {
        let moved: Vec<String> = self
            .entries
            .range::<str, _>((Bound::Included(from), Bound::Unbounded))
            .map(|(path, _)| path)
            .take_while(|path| path.starts_with(from))
            .filter(|path| rebased(path, from, "").is_some())
            .cloned()
            .collect();
        let mut taken = Vec::with_capacity(moved.len());
        for path in moved {
            if let Some(places) = self.entries.remove(&path) {
                taken.push((rebased(&path, from, to).unwrap_or(path), places));
            }
        }
        for (path, places) in taken {
            self.add(path, places);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_index_keeps_first_for_get_and_last_for_find() {
        let mut index = PathIndex::default();
        index.insert("plans[P]", 1);
        index.insert("plans[P]", 2);
        assert_eq!(index.get("plans[P]"), Some(&1));
        assert_eq!(index.find("plans[P].rules[0]"), Some(&2));
        assert_eq!(index.find("plans[Px]"), None);
        assert_eq!(index.find(""), None);
        index.insert("", 0);
        assert_eq!(index.find("[3]"), Some(&0));
        assert_eq!(index.find("x"), None);
    }

    #[test]
    fn rebase_moves_only_the_subtree_and_keeps_the_order_of_recording() {
        let mut index = PathIndex::default();
        index.insert("plans[P].selections[S].name", "late");
        index.insert("selections[S]", "selection");
        index.insert("selections[S].name", "name");
        index.insert("selections[S2]", "other");
        index.insert("selections[S]x", "not a child");
        index.rebase("selections[S]", "plans[P].selections[S]");
        assert_eq!(index.get("plans[P].selections[S]"), Some(&"selection"));
        // Recorded first at the target path, then moved there: `get` answers the first.
        assert_eq!(index.get("plans[P].selections[S].name"), Some(&"late"));
        assert_eq!(index.find("plans[P].selections[S].name"), Some(&"name"));
        assert_eq!(index.get("selections[S2]"), Some(&"other"));
        assert_eq!(index.get("selections[S]x"), Some(&"not a child"));
        assert_eq!(index.get("selections[S]"), None);
        // Moving under itself moves each path once.
        index.rebase("selections[S2]", "selections[S2].inner");
        assert_eq!(index.get("selections[S2].inner"), Some(&"other"));
    }
}

//! An `AWS::Backup::BackupSelection` of a template and whether it selects a resource, with
//! AWS Backup's semantics:
//!
//! - `Resources`: OR; `*` is zero or more non-whitespace characters; `["*"]` selects every
//!   supported resource ([assigning-resources-json]).
//! - `Conditions`: AND across entries and with `Resources` (same page; `API_BackupSelection`).
//! - `ListOfTags`: OR across entries, `STRINGEQUALS`, and OR with `Resources` (aws-cdk#18911,
//!   terraform-provider-aws#49829). How it combines with `Conditions` is undocumented, so a
//!   resource is decided only when both readings, `(Resources ∧ Conditions) ∨ ListOfTags` and
//!   `(Resources ∨ ListOfTags) ∧ Conditions`, agree.
//! - `NotResources`: subtracted.
//! - Tag keys and values are case-sensitive. Condition operators follow IAM's: a negated
//!   operator (`StringNotEquals`, `StringNotLike`) holds for a resource without the tag, and
//!   `StringLike` takes `*` and `?`.
//!
//! A selection selects resources of its own account and Region only (a backup plan is
//! regional): when both inputs' environments are known and differ, it selects nothing there.
//!
//! [assigning-resources-json]: https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources-json.html

use serde_json::Value;

use super::resource::{Lookup, Protected, SYSTEM_TAG_PREFIX};
use super::symbolic::{Pattern, Sym};
use super::template::Scope;
use super::verdict::{Reason, Truth, Verdict, ARN_MISS, EXCLUDED, FAR, TAG_ABSENT, TAG_VALUE};
use super::Input;
use crate::cfn::backup_backup_selection::{
    CfnBackupSelection, ConditionParameter, ConditionResourceType, Conditions,
};
use crate::cfn::{FromCfn, Reader};
use crate::reference::intrinsic;
use crate::CfnValue;

/// A list property: known entries, or computed as a whole.
#[derive(Clone, Debug)]
enum Part<T> {
    Known(Vec<T>),
    Unknown(String),
}

impl<T> Part<T> {
    fn is_empty(&self) -> bool {
        matches!(self, Part::Known(items) if items.is_empty())
    }
}

/// An ARN entry of `Resources` or `NotResources`.
#[derive(Clone, Debug)]
struct ArnEntry {
    shown: Sym,
    pattern: Pattern,
}

/// The four condition operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operator {
    Equals,
    NotEquals,
    Like,
    NotLike,
}

impl Operator {
    const ALL: [(&'static str, Operator); 4] = [
        ("StringEquals", Operator::Equals),
        ("StringNotEquals", Operator::NotEquals),
        ("StringLike", Operator::Like),
        ("StringNotLike", Operator::NotLike),
    ];

    fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("", |(name, _)| name)
    }
}

/// One tag test (`ListOfTags` entry or condition).
#[derive(Clone, Debug)]
struct TagTest {
    operator: Operator,
    /// The tag key, or why it is not known.
    key: Result<String, String>,
    /// The wanted value, or why it is not known.
    value: Result<String, String>,
    /// `true` for a `Conditions` entry, `false` for `ListOfTags`.
    condition: bool,
}

/// A backup selection read from a template.
#[derive(Clone, Debug)]
pub(crate) struct Selection {
    /// Index of its input.
    pub input: usize,
    /// Its logical id.
    pub logical_id: String,
    /// `"<file>#<logical id>"`.
    pub id: String,
    resources: Part<ArnEntry>,
    not_resources: Part<ArnEntry>,
    list_of_tags: Part<TagTest>,
    conditions: Part<TagTest>,
    /// Why an empty `Resources` selects nothing (written once, cloned per resource).
    empty_resources: String,
    /// Why an empty `ListOfTags` selects nothing.
    empty_tags: String,
}

impl Selection {
    /// Reads the selection `logical_id` of `scope`'s template, through the generated
    /// [`CfnBackupSelection`].
    pub fn read(scope: Scope<'_>, input: usize, logical_id: &str, resource: &Value) -> Self {
        let mut reader = Reader::new("/Properties");
        let properties = resource
            .get("Properties")
            .and_then(|properties| CfnBackupSelection::read(properties, &mut reader));
        let body = properties.and_then(|p| p.backup_selection);
        let fields = Fields {
            scope,
            reader: &reader,
            resource,
            at: "/Properties/BackupSelection",
        };
        let body = match (body, fields.computed(fields.at)) {
            (Some(body), _) => body,
            (None, Some(function)) => {
                let what = format!("`BackupSelection` is computed by `{function}`");
                return Self::unknown(scope, input, logical_id, what);
            }
            (None, None) => Default::default(),
        };
        Self {
            resources: fields.arns(body.resources, "Resources"),
            not_resources: fields.arns(body.not_resources, "NotResources"),
            list_of_tags: fields.list_of_tags(body.list_of_tags),
            conditions: fields.conditions(body.conditions),
            ..Self::unknown(scope, input, logical_id, String::new())
        }
    }

    /// A selection whose every part is `what` (not known before deployment).
    fn unknown(scope: Scope<'_>, input: usize, logical_id: &str, what: String) -> Self {
        Self {
            input,
            logical_id: logical_id.to_string(),
            id: format!("{}#{logical_id}", scope.input.file),
            resources: Part::Unknown(what.clone()),
            not_resources: Part::Unknown(what.clone()),
            list_of_tags: Part::Unknown(what.clone()),
            conditions: Part::Unknown(what),
            empty_resources: format!("selection `{logical_id}` lists no `Resources`"),
            empty_tags: format!("selection `{logical_id}` has no `ListOfTags`"),
        }
    }

    /// The CloudFormation system tags the selection tests, with the wanted value of a
    /// positive test (`None` when negated or computed).
    pub fn system_tag_tests(&self) -> Vec<(String, Option<String>)> {
        let mut found = Vec::new();
        for part in [&self.list_of_tags, &self.conditions] {
            let Part::Known(tests) = part else { continue };
            for test in tests {
                if let Ok(key) = &test.key {
                    if key.starts_with(SYSTEM_TAG_PREFIX) {
                        let positive = matches!(test.operator, Operator::Equals | Operator::Like);
                        let want = test.value.clone().ok().filter(|_| positive);
                        found.push((key.clone(), want));
                    }
                }
            }
        }
        found
    }

    /// Whether the selection selects `resource`.
    pub fn selects<'a>(&'a self, inputs: &[Input], resource: &'a Protected) -> Verdict<'a> {
        let name = &self.logical_id;
        if let Some(far) = elsewhere(&inputs[self.input], &inputs[resource.input], name) {
            return far;
        }
        let res = self.arn_part(&self.resources, resource, "Resources");
        let lot = self.tag_part(&self.list_of_tags, resource);
        let selected = if self.conditions.is_empty() {
            res.or(lot)
        } else {
            let cond = self.condition_part(resource);
            if self.list_of_tags.is_empty() {
                res.and(cond)
            } else {
                let a = res.clone().and(cond.clone()).or(lot.clone());
                let b = res.or(lot).and(cond);
                if a.truth != b.truth {
                    Verdict::unknown(format!(
                        "selection `{name}` has both `ListOfTags` and `Conditions`, whose combination AWS does not document, and the two readings disagree here ({}; {})",
                        a.reason, b.reason
                    ))
                } else {
                    a
                }
            }
        };
        if selected.truth == Truth::No {
            return selected;
        }
        let excluded = self.arn_part(&self.not_resources, resource, "NotResources");
        match excluded.truth {
            Truth::No => selected,
            Truth::Yes => Verdict::no(
                format!(
                    "selection `{name}` selects it ({}) but excludes it by `NotResources` ({})",
                    selected.reason, excluded.reason
                ),
                EXCLUDED,
            ),
            Truth::Unknown => Verdict::unknown(excluded.reason),
        }
    }

    fn arn_part<'a>(
        &'a self,
        part: &'a Part<ArnEntry>,
        resource: &'a Protected,
        property: &'static str,
    ) -> Verdict<'a> {
        let name = &self.logical_id;
        let entries = match part {
            Part::Known(entries) => entries,
            Part::Unknown(what) => {
                return Verdict::unknown(format!("`{property}` of selection `{name}` is {what}"))
            }
        };
        // Truths first, sentences only for the one verdict returned.
        let mut undecided = None;
        for entry in entries {
            match entry.pattern.matches(&resource.subject) {
                Truth::Yes => return Verdict::yes(Reason::Matched(&entry.shown)),
                Truth::Unknown => {
                    undecided.get_or_insert(entry);
                }
                Truth::No => {}
            }
        }
        let arn = &resource.arn;
        match undecided {
            Some(entry) => Verdict::unknown(format!(
                "whether its ARN `{arn}` matches `{}` of selection `{name}` depends on {}",
                entry.shown,
                unknown_in(&entry.shown)
                    .or_else(|| unknown_in(arn))
                    .unwrap_or_else(|| "a value known only at deployment".into())
            )),
            None if entries.is_empty() && property == "Resources" => {
                Verdict::no(self.empty_resources.as_str(), FAR)
            }
            None if entries.is_empty() => {
                Verdict::no(format!("selection `{name}` lists no `{property}`"), FAR)
            }
            None => Verdict::no(
                Reason::ArnMiss {
                    arn,
                    property,
                    selection: name,
                },
                ARN_MISS,
            ),
        }
    }

    fn tag_part<'a>(&'a self, part: &'a Part<TagTest>, resource: &'a Protected) -> Verdict<'a> {
        match part {
            Part::Known(tests) => {
                let empty = Verdict::no(self.empty_tags.as_str(), FAR);
                Verdict::any(tests.iter().map(|t| self.test(t, resource)), empty)
            }
            Part::Unknown(what) => Verdict::unknown(format!(
                "`ListOfTags` of selection `{}` is {what}",
                self.logical_id
            )),
        }
    }

    fn condition_part<'a>(&'a self, resource: &'a Protected) -> Verdict<'a> {
        match &self.conditions {
            Part::Known(tests) => Verdict::all(
                tests.iter().map(|t| self.test(t, resource)),
                Verdict::yes(""),
            ),
            Part::Unknown(what) => Verdict::unknown(format!(
                "`Conditions` of selection `{}` is {what}",
                self.logical_id
            )),
        }
    }

    /// One tag test against the resource's tags.
    fn test<'a>(&'a self, test: &'a TagTest, resource: &'a Protected) -> Verdict<'a> {
        let name = &self.logical_id;
        let kind = if test.condition { "condition" } else { "tag" };
        let (key, want) = match (&test.key, &test.value) {
            (Ok(key), Ok(want)) => (key, want),
            (Err(what), _) | (_, Err(what)) => {
                return Verdict::unknown(format!("a {kind} of selection `{name}` {what}"))
            }
        };
        let op = test.operator;
        // Sentences are written only for the verdict returned.
        let shown = || match (test.condition, op) {
            (false, _) => format!("tag `{key}` = `{want}`"),
            (true, Operator::Equals) => format!("condition `{key}` = `{want}`"),
            (true, _) => format!("condition `{}` `{key}` `{want}`", op.name()),
        };
        let wants = || match op {
            Operator::Equals => format!("wants `{want}`"),
            Operator::NotEquals => format!("wants anything but `{want}`"),
            Operator::Like => format!("wants `{want}` (`StringLike`)"),
            Operator::NotLike => format!("wants a value not like `{want}`"),
        };
        match resource.tags.get(key) {
            Lookup::Unknown(what) => Verdict::unknown(format!(
                "tag `{key}` (tested by selection `{name}`) depends on {what}"
            )),
            Lookup::Absent if matches!(op, Operator::NotEquals | Operator::NotLike) => {
                Verdict::yes(format!("{} (tag absent)", shown()))
            }
            Lookup::Absent => Verdict::no(
                format!("it has no tag `{key}`, selection `{name}` {}", wants()),
                TAG_ABSENT,
            ),
            Lookup::ValueOrAbsent(have) => {
                // Absent fails a positive test and passes a negated one: decided only when the
                // value, if present, gives the same answer.
                let holds = holds(op, want, have);
                let negated = matches!(op, Operator::NotEquals | Operator::NotLike);
                match (holds, negated) {
                    (false, false) => Verdict::no(
                        format!("tag `{key}` is `{have}` if CloudFormation adds it, selection `{name}` {}", wants()),
                        TAG_VALUE,
                    ),
                    (true, true) => Verdict::yes(shown()),
                    _ => Verdict::unknown(format!(
                        "whether CloudFormation adds tag `{key}` (tested by selection `{name}`) to this type; its schema does not say"
                    )),
                }
            }
            Lookup::Value(have) => {
                if holds(op, want, have) {
                    Verdict::yes(shown())
                } else {
                    Verdict::no(
                        format!("tag `{key}` is `{have}`, selection `{name}` {}", wants()),
                        TAG_VALUE,
                    )
                }
            }
        }
    }
}

/// Whether a tag with value `have` passes `op` against `want`.
fn holds(op: Operator, want: &str, have: &str) -> bool {
    match op {
        Operator::Equals => have == want,
        Operator::NotEquals => have != want,
        Operator::Like => like(want, have),
        Operator::NotLike => !like(want, have),
    }
}

/// `Some(No)` when the selection's and the resource's inputs are in different known Regions or
/// accounts.
fn elsewhere<'a>(selection: &Input, resource: &Input, name: &str) -> Option<Verdict<'a>> {
    let differ = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(a), Some(b)) if a != b => Some((a.clone(), b.clone())),
        _ => None,
    };
    let (what, (theirs, ours)) = differ(&selection.region, &resource.region)
        .map(|d| ("Region", d))
        .or_else(|| differ(&selection.account, &resource.account).map(|d| ("account", d)))?;
    Some(Verdict::no(
        format!("selection `{name}` is in {what} `{theirs}` and the resource in `{ours}`; a backup plan selects resources of its own account and Region"),
        FAR,
    ))
}

/// The first part of `sym` only known at deployment, as shown in messages.
fn unknown_in(sym: &Sym) -> Option<String> {
    sym.unknown_part()
        .or_else(|| sym.generated_part())
        .map(|o| o.shown.clone())
}

/// IAM's `StringLike`: `*` any run of characters, `?` one character.
pub(crate) fn like(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// The `BackupSelection` of a selection being read: the values the generated type holds, and
/// the resource as written for what it could not hold (pointers relative to the resource).
struct Fields<'a> {
    scope: Scope<'a>,
    reader: &'a Reader,
    resource: &'a Value,
    /// Pointer of `BackupSelection`.
    at: &'a str,
}

impl Fields<'_> {
    /// The intrinsic function the value at `at` is, if it is one (left to deploy time).
    fn computed(&self, at: &str) -> Option<&str> {
        self.resource.pointer(at).and_then(intrinsic)
    }

    /// A list property that could not be read: absent (empty), computed, or not a list
    /// (CloudFormation refuses the template; the linter reports it).
    fn unread<T>(&self, property: &str) -> Part<T> {
        let at = format!("{}/{property}", self.at);
        match self.computed(&at) {
            Some(function) => Part::Unknown(format!("computed by `{function}`")),
            None if self.reader.unread(&at) => Part::Unknown(
                "not a list, which CloudFormation refuses (`backup-dsl lint` reports it)".into(),
            ),
            None => Part::Known(Vec::new()),
        }
    }

    /// `Resources` or `NotResources`: each ARN evaluated as far as it is known before
    /// deployment (an item that cannot be read, as written).
    fn arns(&self, list: Option<Vec<CfnValue>>, property: &str) -> Part<ArnEntry> {
        let Some(list) = list else {
            return self.unread(property);
        };
        let at = format!("{}/{property}", self.at);
        let entries = self
            .reader
            .slots(&at, list)
            .into_iter()
            .map(|(index, arn)| {
                let shown = match &arn {
                    Some(arn) => self.scope.eval(&arn.as_json()),
                    None => self.scope.eval(self.written(&format!("{at}/{index}"))),
                };
                ArnEntry {
                    pattern: Pattern::new(&shown),
                    shown,
                }
            });
        Part::Known(entries.collect())
    }

    /// The value at `at` as written (null when absent).
    fn written(&self, at: &str) -> &Value {
        self.resource.pointer(at).unwrap_or(&Value::Null)
    }

    /// `ListOfTags`: tag equality tests (an item that cannot be read tests nothing known).
    fn list_of_tags(&self, list: Option<Vec<ConditionResourceType>>) -> Part<TagTest> {
        let Some(list) = list else {
            return self.unread("ListOfTags");
        };
        let at = format!("{}/ListOfTags", self.at);
        let tests = self.reader.slots(&at, list).into_iter().map(|(_, entry)| {
            let entry = entry.unwrap_or_default();
            TagTest {
                operator: Operator::Equals,
                key: literal(self.scope, entry.condition_key.as_ref()),
                value: literal(self.scope, entry.condition_value.as_ref()),
                condition: false,
            }
        });
        Part::Known(tests.collect())
    }

    /// `Conditions`: `{StringEquals: [{ConditionKey: "aws:ResourceTag/k", ConditionValue}], …}`.
    fn conditions(&self, conditions: Option<Conditions>) -> Part<TagTest> {
        let at = format!("{}/Conditions", self.at);
        let Some(conditions) = conditions else {
            return match self.computed(&at) {
                Some(function) => Part::Unknown(format!("computed by `{function}`")),
                None if self.reader.unread(&at) => Part::Unknown(
                    "not an object, which CloudFormation refuses (`backup-dsl lint` reports it)"
                        .into(),
                ),
                None => Part::Known(Vec::new()),
            };
        };
        let mut tests = Vec::new();
        for (name, operator) in Operator::ALL {
            let entries = match operator {
                Operator::Equals => conditions.string_equals.clone(),
                Operator::NotEquals => conditions.string_not_equals.clone(),
                Operator::Like => conditions.string_like.clone(),
                Operator::NotLike => conditions.string_not_like.clone(),
            };
            let entries_at = format!("{at}/{name}");
            match entries {
                Some(entries) => {
                    let read = self.reader.slots(&entries_at, entries);
                    tests.extend(
                        read.into_iter()
                            .map(|(_, entry)| self.condition(operator, entry.unwrap_or_default())),
                    );
                }
                None if self.reader.unread(&entries_at) => {
                    let why = match self.computed(&entries_at) {
                        Some(function) => format!("is computed by `{function}`"),
                        None => "is not a list, which CloudFormation refuses".to_string(),
                    };
                    tests.push(TagTest {
                        operator,
                        key: Err(why.clone()),
                        value: Err(why),
                        condition: true,
                    });
                }
                None => {}
            }
        }
        Part::Known(tests)
    }

    /// One condition of `operator`.
    fn condition(&self, operator: Operator, entry: ConditionParameter) -> TagTest {
        let key = literal(self.scope, entry.condition_key.as_ref()).and_then(|key| {
            key.strip_prefix("aws:ResourceTag/")
                .map(str::to_string)
                .ok_or_else(|| {
                    format!("has the key `{key}`, not `aws:ResourceTag/<tag key>`; AWS does not document how it reads such a key")
                })
        });
        TagTest {
            operator,
            key,
            value: literal(self.scope, entry.condition_value.as_ref()),
            condition: true,
        }
    }
}

/// A string known before deployment, or why not.
fn literal(scope: Scope<'_>, value: Option<&CfnValue>) -> Result<String, String> {
    let json = value.map(CfnValue::as_json);
    let sym = scope.eval(json.as_deref().unwrap_or(&Value::Null));
    sym.literal().ok_or_else(|| {
        let what = sym
            .unknown_part()
            .map_or_else(|| sym.to_string(), |o| o.shown.clone());
        format!("is computed by {what}")
    })
}

#[cfg(test)]
mod tests {
    use super::like;

    #[test]
    fn string_like() {
        assert!(like("prod*", "production"));
        assert!(like("p?od", "prod"));
        assert!(!like("prod", "production"));
        assert!(like("*", ""));
        assert!(!like("a*b", "ac"));
    }

    /// The selection is read through the generated `CfnBackupSelection`: ARNs and tag tests
    /// built with intrinsics are evaluated as before, a `BackupSelection` computed at deploy
    /// time decides nothing, and a `Resources` that is not a list — which CloudFormation
    /// refuses — covers nothing for sure (the hand-written reading took a lone string for a
    /// list of one ARN and reported the table covered).
    #[test]
    fn selections_are_read_through_the_generated_type() {
        use crate::coverage::{analyse, Input, Status};
        use serde_json::json;
        let status = |body: serde_json::Value| {
            let template = json!({"Resources": {
                "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "orders",
                    "Tags": [{"Key": "backup", "Value": "daily"}]}},
                "Selection": {"Type": "AWS::Backup::BackupSelection", "Properties": {
                    "BackupPlanId": "plan", "BackupSelection": body}}
            }});
            let input = Input::new("t.json", template)
                .environment(Some("111122223333".into()), Some("eu-west-1".into()));
            analyse(&[input]).resources[0].status
        };
        let arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
        let joined = json!({"Fn::Join": ["", ["arn:aws:dynamodb:", {"Ref": "AWS::Region"},
            ":111122223333:table/orders"]]});
        let role = "arn:aws:iam::111122223333:role/b";
        let selection = |extra: serde_json::Value| {
            let mut body = json!({"SelectionName": "s", "IamRoleArn": role});
            body.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            body
        };
        assert_eq!(
            status(selection(json!({"Resources": [arn]}))),
            Status::Covered
        );
        assert_eq!(
            status(selection(json!({"Resources": [joined]}))),
            Status::Covered
        );
        assert_eq!(
            status(selection(
                json!({"ListOfTags": [{"ConditionType": "STRINGEQUALS",
                "ConditionKey": "backup", "ConditionValue": "daily"}]})
            )),
            Status::Covered
        );
        assert_eq!(
            status(selection(
                json!({"Resources": ["*"], "Conditions": {"StringEquals": [
                {"ConditionKey": "aws:ResourceTag/backup", "ConditionValue": "weekly"}]}})
            )),
            Status::Uncovered
        );
        assert_eq!(
            status(json!({"Fn::If": ["All", {"Resources": ["*"]}, {"Ref": "AWS::NoValue"}]})),
            Status::Unknown
        );
        assert_eq!(
            status(selection(json!({"Resources": arn}))),
            Status::Unknown
        );
    }
}

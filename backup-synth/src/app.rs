//! An app: several stacks, synthesized together into a CDK cloud assembly, the directory the
//! AWS CDK CLI reads as a pre-synthesized app (`cdk ls --app cdk.out`, `cdk deploy --app cdk.out`).
//!
//! The assembly holds `manifest.json` (schema version [`MANIFEST_VERSION`], one
//! `aws:cloudformation:stack` artifact per stack) and one `<StackName>.template.json` per stack.
//! Stacks deploy with the caller's credentials, as with CDK's `LegacyStackSynthesizer`: the
//! manifest names no bootstrap role, so no `cdk bootstrap` is needed for templates up to
//! CloudFormation's 51,200-byte inline limit.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::cross_stack;
use crate::problem::{Problem, Problems, SynthError};
use crate::rules;
use crate::stack::{Stack, Template};
use crate::value::Environment;

mod writer;

/// The cloud assembly schema version written to `manifest.json`. The CDK CLI reads every
/// manifest whose major version is at most its own schema's (55 for CLI 2.1148); 36 keeps the
/// assembly readable by CLIs back to mid-2024, and every field written here exists in it.
pub const MANIFEST_VERSION: &str = "36.0.0";

/// The artifact type of a CloudFormation stack in `manifest.json`.
pub const STACK_ARTIFACT_TYPE: &str = "aws:cloudformation:stack";

/// A CDK app: stacks synthesized together into a cloud assembly.
///
/// ```
/// use backup_dsl::{App, BackupPlan, Environment, Stack};
/// let mut app = App::new();
/// app.add_stack(Stack::new("Backups").with(BackupPlan::daily_35_day_retention("Plan")));
/// app.add_stack(
///     Stack::new("BackupsProd")
///         .environment(Environment::new("123456789012", "eu-west-1"))
///         .with(BackupPlan::daily_monthly_1_year_retention("Plan")),
/// );
/// let dir = std::env::temp_dir().join(format!("app-doc-{}", std::process::id()));
/// let assembly = app.synth_to(&dir).unwrap();
/// assert_eq!(assembly.stacks().len(), 2);
/// assert!(dir.join("manifest.json").is_file());
/// assert!(dir.join("BackupsProd.template.json").is_file());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct App {
    stacks: Vec<Stack>,
}

impl App {
    /// An app without stacks.
    ///
    /// ```
    /// assert!(backup_dsl::App::new().stacks().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a stack (its environment comes from [`Stack::environment`]).
    ///
    /// ```
    /// use backup_dsl::{App, Stack};
    /// let mut app = App::new();
    /// app.add_stack(Stack::new("A")).add_stack(Stack::new("B"));
    /// assert_eq!(app.stacks().len(), 2);
    /// ```
    pub fn add_stack(&mut self, stack: Stack) -> &mut Self {
        self.stacks.push(stack);
        self
    }

    /// Builder form of [`Self::add_stack`].
    ///
    /// ```
    /// use backup_dsl::{App, Stack};
    /// let app = App::new().with_stack(Stack::new("A"));
    /// assert_eq!(app.stacks()[0].id(), "A");
    /// ```
    pub fn with_stack(mut self, stack: Stack) -> Self {
        self.add_stack(stack);
        self
    }

    /// The stacks, in the order added.
    ///
    /// ```
    /// use backup_dsl::{App, Stack};
    /// assert_eq!(App::new().with_stack(Stack::new("A")).stacks().len(), 1);
    /// ```
    pub fn stacks(&self) -> &[Stack] {
        &self.stacks
    }

    /// Synthesizes every stack into an in-memory assembly, or returns every error of every
    /// stack (paths start with `stacks[<StackName>].`) with the app's own: stack names valid
    /// and unique, environments well-formed.
    ///
    /// ```
    /// use backup_dsl::{App, BackupPlan, Stack};
    /// let app = App::new()
    ///     .with_stack(Stack::new("bad_name").with(BackupPlan::daily_35_day_retention("Plan")))
    ///     .with_stack(Stack::new("Empty"));
    /// let error = app.synth().unwrap_err();
    /// let rules: Vec<_> = error.errors().map(|p| (p.violation.rule, p.path.as_str())).collect();
    /// assert_eq!(
    ///     rules,
    ///     [("stack-name", "stacks[bad_name].id"), ("stack-resource-count", "stacks[Empty].resources")]
    /// );
    /// ```
    pub fn synth(&self) -> Result<CloudAssembly, SynthError> {
        let mut problems = Problems::new();
        let mut names = HashSet::new();
        let mut artifacts = Vec::with_capacity(self.stacks.len());
        let mut failed = false;
        for stack in &self.stacks {
            let name = stack_name(stack);
            let prefix = format!("stacks[{name}]");
            problems.check(format!("{prefix}.id"), rules::check_stack_name(&name));
            problems.check(
                format!("{prefix}.id"),
                rules::check_stack_name_unique(&name, !names.insert(name.clone())),
            );
            let env = stack.env();
            if let Some(account) = &env.account {
                problems.check(
                    format!("{prefix}.environment.account"),
                    rules::check_account_id(account),
                );
            }
            if let Some(region) = &env.region {
                problems.check(
                    format!("{prefix}.environment.region"),
                    rules::check_region(region),
                );
            }
            match stack.synth_checked(false) {
                Ok(template) => {
                    for warning in template.warnings() {
                        problems.push(
                            format!("{prefix}.{}", warning.path),
                            warning.violation.clone(),
                        );
                    }
                    artifacts.push(StackArtifact {
                        id: name,
                        display_name: display_name(stack),
                        environment: environment_name(env),
                        template,
                        dependencies: Vec::new(),
                    });
                }
                Err(error) => {
                    failed = true;
                    for problem in error.problems {
                        problems.push(format!("{prefix}.{}", problem.path), problem.violation);
                    }
                }
            }
        }
        if !failed {
            self.link(&mut artifacts, &mut problems);
        }
        if failed || problems.has_errors() {
            return Err(SynthError {
                problems: problems.into_vec(),
            });
        }
        Ok(CloudAssembly {
            stacks: artifacts,
            warnings: problems.into_vec(),
        })
    }

    /// Links the stacks (`cross_stack`): resolves references to vaults of other stacks, adds
    /// the exports and the dependencies, and checks the app-wide rules.
    fn link(&self, artifacts: &mut [StackArtifact], problems: &mut Problems) {
        let names: Vec<String> = artifacts.iter().map(|a| a.id.clone()).collect();
        cross_stack::check_app(&self.stacks, &names, problems);
        // Only a template with placeholders changes: the others keep the text synthesis wrote.
        let mut templates: Vec<Option<&mut Value>> = artifacts
            .iter_mut()
            .map(|a| {
                a.template
                    .holds_placeholders()
                    .then(|| a.template.json_mut())
            })
            .collect();
        let links = cross_stack::link(&self.stacks, &names, &mut templates, problems);
        for (index, outputs) in links.outputs {
            cross_stack::add_outputs(artifacts[index].template.json_mut(), outputs);
        }
        for (index, on) in links.dependencies {
            artifacts[index].dependencies = on.into_iter().map(|i| names[i].clone()).collect();
        }
    }

    /// Synthesizes every stack and writes the cloud assembly to `dir` (see
    /// [`CloudAssembly::write_to`]). Nothing is written when any stack has an error.
    ///
    /// ```
    /// use backup_dsl::{App, AppError, Stack};
    /// let dir = std::env::temp_dir().join(format!("app-doc-err-{}", std::process::id()));
    /// let error = App::new().with_stack(Stack::new("Empty")).synth_to(&dir).unwrap_err();
    /// assert!(matches!(error, AppError::Synth(_)));
    /// assert!(!dir.exists());
    /// ```
    pub fn synth_to(&self, dir: impl AsRef<Path>) -> Result<CloudAssembly, AppError> {
        let assembly = self.synth()?;
        assembly.write_to(dir)?;
        Ok(assembly)
    }
}

/// The CloudFormation stack name: the stack id, prefixed with its stages' ids (`Prod-Backups`),
/// as CDK names a stack in a stage.
fn stack_name(stack: &Stack) -> String {
    let mut parts: Vec<&str> = stack.stages().iter().map(String::as_str).collect();
    parts.push(stack.id());
    parts.join("-")
}

/// The construct path, as `cdk ls` prints it (`Prod/Backups`).
fn display_name(stack: &Stack) -> String {
    let mut parts: Vec<&str> = stack.stages().iter().map(String::as_str).collect();
    parts.push(stack.id());
    parts.join("/")
}

/// `aws://<account>/<region>`, with CDK's `unknown-account` / `unknown-region` placeholders.
fn environment_name(env: &Environment) -> String {
    format!(
        "aws://{}/{}",
        env.account.as_deref().unwrap_or("unknown-account"),
        env.region.as_deref().unwrap_or("unknown-region")
    )
}

/// One stack of a [`CloudAssembly`]: its artifact and its template.
///
/// ```
/// use backup_dsl::{App, BackupPlan, Stack};
/// let app = App::new().with_stack(
///     Stack::new("Backups").in_stage("Prod").with(BackupPlan::daily_35_day_retention("Plan")),
/// );
/// let assembly = app.synth().unwrap();
/// let stack = &assembly.stacks()[0];
/// assert_eq!(stack.stack_name(), "Prod-Backups");
/// assert_eq!(stack.display_name(), "Prod/Backups");
/// assert_eq!(stack.template_file(), "Prod-Backups.template.json");
/// assert_eq!(stack.environment(), "aws://unknown-account/unknown-region");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct StackArtifact {
    id: String,
    display_name: String,
    environment: String,
    template: Template,
    dependencies: Vec<String>,
}

impl StackArtifact {
    /// The CloudFormation stack name, also the artifact id in `manifest.json`.
    pub fn stack_name(&self) -> &str {
        &self.id
    }

    /// The construct path (`Prod/Backups` for a stack in stage `Prod`): what `cdk ls` prints
    /// and what `cdk deploy <pattern>` matches.
    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    /// `aws://<account>/<region>`, `unknown-account` / `unknown-region` where not concrete.
    pub fn environment(&self) -> &str {
        &self.environment
    }

    /// The template's file name in the assembly: `<StackName>.template.json`.
    pub fn template_file(&self) -> String {
        format!("{}.template.json", self.id)
    }

    /// The synthesized template.
    pub fn template(&self) -> &Template {
        &self.template
    }

    /// The stacks this one deploys after (it imports their exports or writes to their
    /// vaults), by stack name.
    pub fn dependencies(&self) -> &[String] {
        &self.dependencies
    }

    fn manifest_entry(&self) -> Value {
        let mut entry = json!({
            "type": STACK_ARTIFACT_TYPE,
            "environment": self.environment,
            "properties": {
                "templateFile": self.template_file(),
                "validateOnSynth": false,
            },
            "displayName": self.display_name,
        });
        if !self.dependencies.is_empty() {
            entry["dependencies"] = json!(self.dependencies);
        }
        entry
    }
}

/// A synthesized cloud assembly: the manifest and each stack's template.
///
/// ```
/// use backup_dsl::{App, BackupPlan, Stack};
/// let app = App::new().with_stack(Stack::new("Backups").with(BackupPlan::daily_35_day_retention("Plan")));
/// let assembly = app.synth().unwrap();
/// let manifest = assembly.manifest();
/// assert_eq!(manifest["version"], "36.0.0");
/// assert_eq!(manifest["artifacts"]["Backups"]["type"], "aws:cloudformation:stack");
/// assert_eq!(manifest["artifacts"]["Backups"]["properties"]["templateFile"], "Backups.template.json");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CloudAssembly {
    stacks: Vec<StackArtifact>,
    warnings: Vec<Problem>,
}

impl CloudAssembly {
    /// The stacks, in the order added to the app.
    pub fn stacks(&self) -> &[StackArtifact] {
        &self.stacks
    }

    /// The stack named `name` (its CloudFormation stack name), if any.
    ///
    /// ```
    /// use backup_dsl::{App, BackupPlan, Stack};
    /// let app = App::new().with_stack(Stack::new("B").with(BackupPlan::daily_35_day_retention("P")));
    /// assert!(app.synth().unwrap().stack("B").is_some());
    /// ```
    pub fn stack(&self, name: &str) -> Option<&StackArtifact> {
        self.stacks.iter().find(|s| s.id == name)
    }

    /// Warnings of every stack (paths start with `stacks[<StackName>].`).
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// `manifest.json` as a JSON value: `version` and one artifact per stack with `type`,
    /// `environment`, `properties.templateFile` and `displayName`.
    pub fn manifest(&self) -> Value {
        let artifacts: Map<String, Value> = self
            .stacks
            .iter()
            .map(|stack| (stack.id.clone(), stack.manifest_entry()))
            .collect();
        json!({ "version": MANIFEST_VERSION, "artifacts": artifacts })
    }

    /// Every file of the assembly as `(file name, contents)`: `manifest.json` first, then each
    /// template, pretty-printed exactly as [`Template::to_pretty_string`] (deterministic bytes).
    ///
    /// ```
    /// use backup_dsl::{App, BackupPlan, Stack};
    /// let stack = Stack::new("Backups").with(BackupPlan::daily_35_day_retention("Plan"));
    /// let files = App::new().with_stack(stack.clone()).synth().unwrap().files();
    /// assert_eq!(files[0].0, "manifest.json");
    /// assert_eq!(files[1], ("Backups.template.json".to_string(), stack.synth_string().unwrap()));
    /// ```
    pub fn files(&self) -> Vec<(String, String)> {
        self.file_texts()
            .into_iter()
            .map(|(file, text)| (file, text.into_owned()))
            .collect()
    }

    /// [`Self::files`] without copying the templates' text.
    fn file_texts(&self) -> Vec<(String, Cow<'_, str>)> {
        let manifest = serde_json::to_string_pretty(&self.manifest()).unwrap_or_default();
        let mut files = vec![("manifest.json".to_string(), Cow::Owned(manifest))];
        files.extend(
            self.stacks
                .iter()
                .map(|s| (s.template_file(), Cow::Borrowed(s.template.as_pretty_str()))),
        );
        files
    }

    /// Writes the assembly to `dir`, creating it (and its parents) if needed.
    ///
    /// Nothing a user wrote is ever deleted:
    ///
    /// * An existing `dir` is replaced only when it is empty or provably an assembly written
    ///   here: its `manifest.json` has exactly the keys written here (a `version` and
    ///   `aws:cloudformation:stack` artifacts naming `<StackName>.template.json`) and the
    ///   directory holds nothing else. Otherwise the error
    ///   [`AppError::NotAnAssembly`] names the path and the file or key that is not ours.
    /// * The files are written and fsynced in a hidden sibling (`.<name>.new-<pid>-<n>`), which
    ///   then takes the place of `dir` in one atomic step (`renameat2(RENAME_EXCHANGE)` on
    ///   Linux), so `dir` always holds the complete old or the complete new assembly. Siblings
    ///   left by an interrupted run are removed by the next run.
    /// * Missing write permission on `dir` (needed to delete the old files) is reported before
    ///   anything moves.
    /// * A `dir` that is a symlink to a directory is written through (the directory it points
    ///   to is replaced, under the same proof); a dangling symlink or one to a file is refused.
    ///
    /// ```
    /// use backup_dsl::{App, AppError, BackupPlan, Stack};
    /// let app = App::new().with_stack(Stack::new("Backups").with(BackupPlan::daily_35_day_retention("Plan")));
    /// let assembly = app.synth().unwrap();
    /// let dir = std::env::temp_dir().join(format!("assembly-doc-{}", std::process::id()));
    /// assembly.write_to(&dir).unwrap();
    /// assembly.write_to(&dir).unwrap(); // replaces the previous assembly
    /// std::fs::write(dir.join("todo.txt"), "keep me").unwrap();
    /// let error = assembly.write_to(&dir).unwrap_err(); // holds a file not ours: left untouched
    /// assert!(matches!(error, AppError::NotAnAssembly { .. }));
    /// assert!(error.to_string().contains("it holds `todo.txt`, which backup-dsl did not write"));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<(), AppError> {
        writer::write_assembly(dir.as_ref(), &self.file_texts())
    }
}

/// Writing a cloud assembly failed.
///
/// ```
/// use backup_dsl::{App, AppError, Stack};
/// let error = App::new().with_stack(Stack::new("Empty")).synth_to("unused").unwrap_err();
/// let AppError::Synth(synth) = &error else { panic!() };
/// assert_eq!(synth.errors().count(), 1);
/// assert!(error.to_string().starts_with("synthesis found 1 error(s):"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum AppError {
    /// Some stack has errors (or the app has: stack names, environments): every problem.
    Synth(SynthError),
    /// A file or directory could not be written.
    Io {
        /// The path being written.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The target exists and is neither empty nor provably a cloud assembly written by this
    /// crate (see [`CloudAssembly::write_to`]); it was left untouched.
    NotAnAssembly {
        /// The target.
        path: PathBuf,
        /// What disproves it: the file it holds that this crate did not write, the manifest
        /// key that is not ours, a symlink that leads nowhere, ….
        reason: String,
    },
}

impl From<SynthError> for AppError {
    fn from(error: SynthError) -> Self {
        AppError::Synth(error)
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Synth(error) => error.fmt(f),
            AppError::Io { path, source } => {
                write!(f, "cannot write `{}`: {source}", path.display())
            }
            AppError::NotAnAssembly { path, reason } => write!(
                f,
                "`{}` exists and is not a cloud assembly written by backup-dsl: {reason}; it is left untouched\n  = help: write the assembly to a new or empty directory, such as `cdk.out`, or move `{}` out of the way yourself",
                path.display(),
                path.display()
            ),
        }
    }
}

impl std::error::Error for AppError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AppError::Synth(error) => Some(error),
            AppError::Io { source, .. } => Some(source),
            AppError::NotAnAssembly { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BackupPlan;

    fn plan_stack(id: &str) -> Stack {
        Stack::new(id).with(BackupPlan::daily_35_day_retention("Plan"))
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("backup-synth-app-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn rules_and_paths(error: &SynthError) -> Vec<(&'static str, &str)> {
        error
            .errors()
            .map(|p| (p.violation.rule, p.path.as_str()))
            .collect()
    }

    #[test]
    fn manifest_has_one_stack_artifact_per_stack() {
        let app = App::new().with_stack(plan_stack("Backups")).with_stack(
            plan_stack("BackupsProd").environment(Environment::new("123456789012", "eu-west-1")),
        );
        let manifest = app.synth().unwrap().manifest();
        assert_eq!(
            manifest,
            json!({
                "version": "36.0.0",
                "artifacts": {
                    "Backups": {
                        "type": "aws:cloudformation:stack",
                        "environment": "aws://unknown-account/unknown-region",
                        "properties": { "templateFile": "Backups.template.json", "validateOnSynth": false },
                        "displayName": "Backups"
                    },
                    "BackupsProd": {
                        "type": "aws:cloudformation:stack",
                        "environment": "aws://123456789012/eu-west-1",
                        "properties": { "templateFile": "BackupsProd.template.json", "validateOnSynth": false },
                        "displayName": "BackupsProd"
                    }
                }
            })
        );
    }

    #[test]
    fn partial_environment_uses_placeholders() {
        let env = Environment {
            account: None,
            region: Some("eu-west-1".into()),
        };
        assert_eq!(environment_name(&env), "aws://unknown-account/eu-west-1");
    }

    #[test]
    fn templates_equal_stack_synthesis() {
        let stacks = [plan_stack("A"), plan_stack("B").in_stage("Prod")];
        let mut app = App::new();
        for stack in &stacks {
            app.add_stack(stack.clone());
        }
        let assembly = app.synth().unwrap();
        for (artifact, stack) in assembly.stacks().iter().zip(&stacks) {
            assert_eq!(artifact.template(), &stack.synth().unwrap());
        }
        assert_eq!(assembly.stack("Prod-B").unwrap().display_name(), "Prod/B");
    }

    #[test]
    fn every_problem_of_every_stack_is_reported() {
        let app = App::new()
            .with_stack(plan_stack("Good"))
            .with_stack(Stack::new("Empty"))
            .with_stack(plan_stack("Good"))
            .with_stack(plan_stack("under_score"))
            .with_stack(plan_stack("Env").environment(Environment::new("12345", "EU")))
            .with_stack(plan_stack(&"L".repeat(129)));
        let error = app.synth().unwrap_err();
        let long = format!("stacks[{}].id", "L".repeat(129));
        assert_eq!(
            rules_and_paths(&error),
            [
                ("stack-resource-count", "stacks[Empty].resources"),
                ("stack-name-unique", "stacks[Good].id"),
                ("stack-name", "stacks[under_score].id"),
                ("stack-account", "stacks[Env].environment.account"),
                ("stack-region", "stacks[Env].environment.region"),
                ("stack-name", long.as_str()),
            ]
        );
    }

    #[test]
    fn stack_name_messages() {
        let message = |name: &str| rules::check_stack_name(name).unwrap_err().message;
        assert_eq!(
            message("under_score"),
            "stack name `under_score` contains `_`; CloudFormation allows 1 to 128 letters, digits and `-`, starting with a letter"
        );
        assert!(message("1st").contains("starts with `1`"));
        assert!(message("").contains("is empty"));
        assert!(message(&"a".repeat(129)).contains("has 129 characters"));
        assert!(rules::check_stack_name(&"a".repeat(128)).is_ok());
        assert!(rules::check_stack_name("Prod-Backups-2").is_ok());
    }

    #[test]
    fn staged_stack_names_are_validated_in_full() {
        let error = App::new()
            .with_stack(plan_stack("Backups").in_stage("prod_eu"))
            .synth()
            .unwrap_err();
        assert_eq!(
            rules_and_paths(&error),
            [("stack-name", "stacks[prod_eu-Backups].id")]
        );
    }

    #[test]
    fn nothing_is_written_on_error() {
        let dir = temp_dir("error");
        let app = App::new()
            .with_stack(plan_stack("Good"))
            .with_stack(Stack::new("Empty"));
        assert!(matches!(app.synth_to(&dir), Err(AppError::Synth(_))));
        assert!(!dir.exists());
        // An existing assembly is left as it was.
        App::new()
            .with_stack(plan_stack("Old"))
            .synth_to(&dir)
            .unwrap();
        assert!(app.synth_to(&dir).is_err());
        assert!(dir.join("Old.template.json").is_file());
        assert!(!dir.join("Good.template.json").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writes_deterministic_bytes_and_replaces_an_assembly() {
        let dir = temp_dir("bytes");
        let app = App::new()
            .with_stack(plan_stack("A"))
            .with_stack(plan_stack("B"));
        let assembly = app.synth_to(&dir).unwrap();
        let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap();
        let first: Vec<String> = ["manifest.json", "A.template.json", "B.template.json"]
            .iter()
            .map(|f| read(f))
            .collect();
        for (file, contents) in assembly.files() {
            assert_eq!(read(&file), contents);
        }
        // Replacing with a smaller app removes the stale template.
        App::new()
            .with_stack(plan_stack("A"))
            .synth_to(&dir)
            .unwrap();
        assert!(!dir.join("B.template.json").exists());
        app.synth_to(&dir).unwrap();
        let second: Vec<String> = ["manifest.json", "A.template.json", "B.template.json"]
            .iter()
            .map(|f| read(f))
            .collect();
        assert_eq!(first, second);
        // No staging directories are left beside it.
        let parent = dir.parent().unwrap();
        let name = dir.file_name().unwrap().to_str().unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(parent)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.starts_with(&format!(".{name}.")))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_to_replace_other_directories_and_files() {
        let dir = temp_dir("other");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("notes.txt"), "keep me").unwrap();
        let app = App::new().with_stack(plan_stack("A"));
        let error = app.synth_to(&dir).unwrap_err();
        assert!(matches!(error, AppError::NotAnAssembly { .. }));
        assert!(error.to_string().contains("is left untouched"));
        assert_eq!(
            std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
            "keep me"
        );
        let file = dir.join("notes.txt");
        assert!(matches!(
            app.synth_to(&file),
            Err(AppError::NotAnAssembly { .. })
        ));
        // An empty directory is fine.
        let empty = dir.join("empty");
        std::fs::create_dir(&empty).unwrap();
        app.synth_to(&empty).unwrap();
        assert!(empty.join("manifest.json").is_file());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn siblings(dir: &Path) -> Vec<String> {
        let name = dir.file_name().unwrap().to_str().unwrap();
        let mut found: Vec<String> = std::fs::read_dir(dir.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.starts_with(&format!(".{name}.")))
            .collect();
        found.sort();
        found
    }

    fn refusal(error: AppError) -> (PathBuf, String) {
        match error {
            AppError::NotAnAssembly { path, reason } => (path, reason),
            other => panic!("expected NotAnAssembly, got {other}"),
        }
    }

    #[test]
    fn a_web_project_with_its_own_manifest_is_left_untouched() {
        let dir = temp_dir("webapp");
        std::fs::create_dir_all(&dir).unwrap();
        let manifest = r#"{ "name": "My app", "start_url": "/", "icons": [] }"#;
        std::fs::write(dir.join("manifest.json"), manifest).unwrap();
        std::fs::write(dir.join("index.html"), "<html></html>").unwrap();
        let error = App::new()
            .with_stack(plan_stack("A"))
            .synth_to(&dir)
            .unwrap_err();
        let message = error.to_string();
        let (path, reason) = refusal(error);
        assert_eq!(path, dir);
        assert_eq!(
            reason,
            "its `manifest.json` is not one backup-dsl writes (unexpected key `name`)"
        );
        assert!(
            message.contains(&format!("`{}` exists", dir.display())),
            "{message}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("manifest.json")).unwrap(),
            manifest
        );
        assert!(dir.join("index.html").is_file());
        assert!(siblings(&dir).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_assembly_with_a_file_we_did_not_write_is_left_untouched() {
        let dir = temp_dir("extra");
        let app = App::new().with_stack(plan_stack("A"));
        app.synth_to(&dir).unwrap();
        // A CDK `cdk.out` has `tree.json`; a user may add anything.
        std::fs::write(dir.join("tree.json"), "{}").unwrap();
        let (_, reason) = refusal(app.synth_to(&dir).unwrap_err());
        assert_eq!(
            reason,
            "it holds `tree.json`, which backup-dsl did not write"
        );
        std::fs::remove_file(dir.join("tree.json")).unwrap();
        // A directory named like a template is not ours either.
        std::fs::create_dir(dir.join("B.template.json")).unwrap();
        let (_, reason) = refusal(app.synth_to(&dir).unwrap_err());
        assert_eq!(
            reason,
            "it holds `B.template.json`, which backup-dsl did not write"
        );
        std::fs::remove_dir(dir.join("B.template.json")).unwrap();
        app.synth_to(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn manifests_not_written_here_are_refused() {
        let dir = temp_dir("manifests");
        std::fs::create_dir_all(&dir).unwrap();
        let app = App::new().with_stack(plan_stack("A"));
        let cases = [
            ("not json", "its `manifest.json` is not a cloud assembly manifest"),
            ("[]", "its `manifest.json` is not one backup-dsl writes (not a JSON object)"),
            (
                r#"{"version": "36.0.0"}"#,
                "its `manifest.json` is not one backup-dsl writes (no `artifacts` object)",
            ),
            (
                r#"{"version": "latest", "artifacts": {}}"#,
                "its `manifest.json` is not one backup-dsl writes (no `version` like `36.0.0`)",
            ),
            (
                r#"{"version": "36.0.0", "artifacts": {"Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}}}}"#,
                "its `manifest.json` is not one backup-dsl writes (artifact `Tree` is not of type `aws:cloudformation:stack`)",
            ),
            (
                r#"{"version": "36.0.0", "artifacts": {"A": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "../A.template.json"}}}}"#,
                "its `manifest.json` is not one backup-dsl writes (artifact `A` does not name its template `A.template.json`)",
            ),
        ];
        for (manifest, expected) in cases {
            std::fs::write(dir.join("manifest.json"), manifest).unwrap();
            let (_, reason) = refusal(app.synth_to(&dir).unwrap_err());
            assert_eq!(reason, expected, "{manifest}");
            assert_eq!(
                std::fs::read_to_string(dir.join("manifest.json")).unwrap(),
                manifest
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_assembly_of_no_stacks_is_replaceable() {
        let dir = temp_dir("nostacks");
        App::new().synth_to(&dir).unwrap();
        App::new().synth_to(&dir).unwrap();
        App::new()
            .with_stack(plan_stack("A"))
            .synth_to(&dir)
            .unwrap();
        assert!(dir.join("A.template.json").is_file());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A process id above Linux's largest `pid_max` (2^22): never a running process.
    const DEAD_PID: u32 = 4_194_999;

    #[test]
    fn leftovers_of_interrupted_runs_are_removed_next_run() {
        let dir = temp_dir("leftovers");
        let app = App::new().with_stack(plan_stack("A"));
        app.synth_to(&dir).unwrap();
        let parent = dir.parent().unwrap();
        let name = dir.file_name().unwrap().to_str().unwrap();
        // An interrupted run: a complete old assembly moved aside, a half-written new one.
        let old = parent.join(format!(".{name}.old-{DEAD_PID}-0"));
        let new = parent.join(format!(".{name}.new-{DEAD_PID}-1"));
        for leftover in [&old, &new] {
            std::fs::create_dir(leftover).unwrap();
            std::fs::write(leftover.join("A.template.json"), "{").unwrap();
        }
        std::fs::write(old.join("manifest.json"), "{}").unwrap();
        // Not ours to delete: a running process's sibling, and one holding a foreign file.
        let running = parent.join(format!(".{name}.new-{}-0", std::process::id()));
        let foreign = parent.join(format!(".{name}.new-{DEAD_PID}-2"));
        std::fs::create_dir(&running).unwrap();
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
        app.synth_to(&dir).unwrap();
        let mut expected = vec![
            running.file_name().unwrap().to_str().unwrap().to_string(),
            foreign.file_name().unwrap().to_str().unwrap().to_string(),
        ];
        expected.sort();
        assert_eq!(siblings(&dir), expected);
        assert!(foreign.join("notes.txt").is_file());
        std::fs::remove_dir_all(&running).unwrap();
        std::fs::remove_dir_all(&foreign).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn leftover_names_are_recognised_exactly() {
        assert_eq!(
            writer::leftover_pid(".cdk.out.new-42-7", "cdk.out"),
            Some(42)
        );
        assert_eq!(
            writer::leftover_pid(".cdk.out.old-42-0", "cdk.out"),
            Some(42)
        );
        for other in [
            ".cdk.out.new-42",
            ".cdk.out.tmp-42-0",
            "cdk.out.new-42-0",
            ".cdk.out2.new-1-1",
            ".cdk.out.new-x-1",
        ] {
            assert_eq!(writer::leftover_pid(other, "cdk.out"), None, "{other}");
        }
    }

    #[test]
    fn readers_always_see_a_complete_assembly() {
        let dir = temp_dir("atomic");
        let small = App::new().with_stack(plan_stack("A"));
        let large = App::new()
            .with_stack(plan_stack("A"))
            .with_stack(plan_stack("B"))
            .with_stack(plan_stack("C"));
        small.synth_to(&dir).unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let reader = {
            let (dir, stop) = (dir.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut reads = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    // The directory may be swapped between these reads; each read must find a
                    // complete manifest in place.
                    let text = std::fs::read_to_string(dir.join("manifest.json"))
                        .expect("the target always holds a manifest");
                    let manifest: Value = serde_json::from_str(&text).expect("complete manifest");
                    assert!(manifest["artifacts"]["A"].is_object());
                    reads += 1;
                }
                reads
            })
        };
        for round in 0..60 {
            let app = if round % 2 == 0 { &large } else { &small };
            app.synth_to(&dir).unwrap();
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(reader.join().unwrap() > 0);
        assert!(siblings(&dir).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_target_is_refused_before_anything_moves() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("readonly");
        let app = App::new().with_stack(plan_stack("A"));
        App::new()
            .with_stack(plan_stack("Old"))
            .synth_to(&dir)
            .unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Privileged users may write anyway: then the write simply succeeds.
        let probe = std::fs::write(dir.join("probe"), "");
        if probe.is_ok() {
            std::fs::remove_file(dir.join("probe")).unwrap();
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
            std::fs::remove_dir_all(&dir).unwrap();
            return;
        }
        let error = app.synth_to(&dir).unwrap_err();
        let message = error.to_string();
        assert!(
            matches!(&error, AppError::Io { path, source }
            if *path == dir && source.kind() == io::ErrorKind::PermissionDenied),
            "{message}"
        );
        assert!(message.contains("nothing was changed"), "{message}");
        assert!(dir.join("Old.template.json").is_file());
        assert!(siblings(&dir).is_empty());
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_target_is_written_through_or_refused_with_the_reason() {
        let base = temp_dir("symlink");
        std::fs::create_dir_all(&base).unwrap();
        let real = base.join("real");
        let link = base.join("link");
        let app = App::new().with_stack(plan_stack("A"));
        App::new()
            .with_stack(plan_stack("Old"))
            .synth_to(&real)
            .unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        app.synth_to(&link).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(real.join("A.template.json").is_file());
        assert!(!real.join("Old.template.json").exists());
        // A link to a directory that is not ours: the proof applies to what it points to.
        let other = base.join("other");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("keep.txt"), "keep me").unwrap();
        let to_other = base.join("to-other");
        std::os::unix::fs::symlink(&other, &to_other).unwrap();
        let (_, reason) = refusal(app.synth_to(&to_other).unwrap_err());
        assert_eq!(reason, "it has no `manifest.json` and holds `keep.txt`");
        // Dangling, and to a file.
        let dangling = base.join("dangling");
        std::os::unix::fs::symlink(base.join("nowhere"), &dangling).unwrap();
        let (path, reason) = refusal(app.synth_to(&dangling).unwrap_err());
        assert_eq!(path, dangling);
        assert_eq!(
            reason,
            format!(
                "it is a symlink to `{}`, which does not exist",
                base.join("nowhere").display()
            )
        );
        let to_file = base.join("to-file");
        std::os::unix::fs::symlink(other.join("keep.txt"), &to_file).unwrap();
        let (_, reason) = refusal(app.synth_to(&to_file).unwrap_err());
        assert!(reason.ends_with("which is not a directory"), "{reason}");
        assert_eq!(
            std::fs::read_to_string(other.join("keep.txt")).unwrap(),
            "keep me"
        );
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn warnings_carry_the_stack_prefix() {
        let long_name = "p".repeat(60);
        let plan = BackupPlan::daily_35_day_retention("Plan").name(long_name);
        let app = App::new().with_stack(Stack::new("Big").with(plan));
        let assembly = app.synth().unwrap();
        let warnings: Vec<_> = assembly
            .warnings()
            .iter()
            .filter(|w| w.violation.rule == "plan-name-console-length")
            .map(|w| w.path.as_str())
            .collect();
        assert_eq!(warnings, ["stacks[Big].plans[Plan].name"]);
    }
}

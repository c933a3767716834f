//! Shared helpers for the workspace tests: the CDK reference scenarios, reference files, and
//! the cfn-lint acceptance check.

pub mod scenarios;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use backup_dsl::{Stack, SynthError};
use serde_json::Value;

/// The version of cfn-lint the suite is pinned to (`.ci/run` installs it).
pub const CFN_LINT_VERSION: &str = "1.58.0";

/// `tests/fixtures`: the reference facts the suite reads, copied into the repository
/// (provenance in `tests/fixtures/README.md`).
pub fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The CDK template `fixtures/cdk-templates/<name>.json`.
pub fn cdk_template(name: &str) -> Value {
    let path = reference_dir()
        .join("cdk-templates")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The stems of every file in `fixtures/cdk-templates/`, sorted.
pub fn cdk_template_names() -> Vec<String> {
    let dir = reference_dir().join("cdk-templates");
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut names: Vec<String> = entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "json").then(|| path.file_stem()?.to_str().map(str::to_string))?
        })
        .collect();
    names.sort();
    names
}

/// The errors of a failed synthesis as `(rule, path)` pairs, in order.
pub fn error_ids(error: &SynthError) -> Vec<(&'static str, String)> {
    error
        .errors()
        .map(|p| (p.violation.rule, p.path.clone()))
        .collect()
}

/// Synthesizes `stack`, expecting failure; panics with the template if it succeeds.
pub fn synth_err(stack: &Stack) -> SynthError {
    match stack.synth() {
        Ok(template) => panic!(
            "expected synthesis to fail, got:\n{}",
            template.to_pretty_string()
        ),
        Err(error) => error,
    }
}

/// The cfn-lint executable: `.venv/bin/cfn-lint` at the workspace root, else `cfn-lint` on
/// `PATH`; `None` when neither runs.
pub fn cfn_lint_command() -> Option<PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let venv = workspace.join(".venv/bin/cfn-lint");
    let candidates = [venv, PathBuf::from("cfn-lint")];
    candidates.into_iter().find(|candidate| {
        Command::new(candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The AWS CDK CLI: `.ci/node/node_modules/.bin/cdk` at the workspace root (`.ci/run` installs
/// it), else `cdk` on `PATH`; `None` when neither runs.
pub fn cdk_cli() -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/node/node_modules/.bin/cdk");
    [local, PathBuf::from("cdk")].into_iter().find(|candidate| {
        cdk_cli_command(candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// [`cdk_cli`] for a test: without the CLI it prints `skipped: cdk CLI not installed` and gives
/// `None`, except under CI (`CI` set), where it panics (`.ci/run` installs the CLI).
pub fn cdk_cli_or_skip() -> Option<PathBuf> {
    let found = cdk_cli();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the CDK CLI is required under CI: `.ci/run` installs it into .ci/node"
        );
        eprintln!("skipped: cdk CLI not installed");
    }
    found
}

/// A `cdk` invocation that stays off the network (telemetry, notices and the version check
/// off) and validates `manifest.json` against its schema (`TESTING_CDK=1`).
pub fn cdk_cli_command(program: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .env("CDK_DISABLE_CLI_TELEMETRY", "true")
        .env("CDK_DISABLE_VERSION_CHECK", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("TESTING_CDK", "1")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    command
}

/// Runs `cdk <args> --app <app> --no-notices`, panics unless it succeeds, and returns its
/// standard output.
pub fn cdk_cli_run(program: &Path, app: &Path, args: &[&str]) -> String {
    let out = cdk_cli_command(program)
        .args(args)
        .arg("--app")
        .arg(app)
        .arg("--no-notices")
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    assert!(
        out.status.success(),
        "cdk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs cfn-lint on one template and panics on any finding (see [`assert_cfn_lint_clean_all`]).
pub fn assert_cfn_lint_clean(name: &str, template: &Value) {
    assert_cfn_lint_clean_all(&[(name.to_string(), template.clone())]);
}

/// Runs cfn-lint once over all `templates` and panics on any finding (errors, warnings and
/// informational findings alike), with cfn-lint's output. Absent cfn-lint: see [`cfn_lint`].
pub fn assert_cfn_lint_clean_all(templates: &[(String, Value)]) {
    if let Some(findings) = cfn_lint(templates) {
        assert!(
            findings.is_empty(),
            "cfn-lint found problems in {} template(s):\n{}",
            templates.len(),
            findings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// One cfn-lint finding: template name (without `.json`), rule id (`W3010`) and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The template's name as given to [`cfn_lint`].
    pub template: String,
    /// cfn-lint's rule id.
    pub rule: String,
    /// cfn-lint's message.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} {}", self.template, self.rule, self.message)
    }
}

/// Writes each template to `target/cfn-lint/<name>.json`, runs cfn-lint once over all of them
/// (`--format parseable`) and returns every finding.
///
/// When cfn-lint is not installed: under CI (`CI` set) this panics; otherwise it prints
/// `skipped: cfn-lint not installed` to stderr and returns `None`. A cfn-lint whose version is
/// not [`CFN_LINT_VERSION`] is used with a note on stderr (CI installs the pinned one). A
/// cfn-lint failure (exit status with bit 1 set, or output that is not a finding) panics.
pub fn cfn_lint(templates: &[(String, Value)]) -> Option<Vec<Finding>> {
    let Some(cfn_lint) = cfn_lint_command() else {
        if std::env::var_os("CI").is_some() {
            panic!("cfn-lint is required under CI: install cfn-lint=={CFN_LINT_VERSION} (`.ci/run` does it in .venv)");
        }
        eprintln!("skipped: cfn-lint not installed");
        return None;
    };
    let version = Command::new(&cfn_lint).arg("--version").output();
    let version = version
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    if !version.ends_with(CFN_LINT_VERSION) {
        eprintln!(
            "note: using {version} ({}); the suite is pinned to cfn-lint {CFN_LINT_VERSION}",
            cfn_lint.display()
        );
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/cfn-lint");
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let mut files = Vec::with_capacity(templates.len());
    for (name, template) in templates {
        let file = dir.join(format!("{name}.json"));
        let text = serde_json::to_string_pretty(template).expect("a template serializes");
        std::fs::write(&file, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
        files.push(file);
    }
    let output = Command::new(&cfn_lint)
        .args(["--format", "parseable", "--"])
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", cfn_lint.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let failed = output.status.code().is_none_or(|code| code & 1 != 0);
    assert!(
        !failed,
        "cfn-lint failed ({}):\n{stdout}{stderr}",
        output.status
    );
    let findings: Vec<Finding> = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| parse_finding(line, &dir))
        .collect();
    assert_eq!(
        findings.is_empty(),
        output.status.success(),
        "cfn-lint exit status {} vs output:\n{stdout}{stderr}",
        output.status
    );
    Some(findings)
}

/// Parses `<file>:<line>:<col>:<line>:<col>:<rule>:<message>`.
fn parse_finding(line: &str, dir: &Path) -> Finding {
    let relative = line
        .strip_prefix(dir.to_str().unwrap_or_default())
        .map(|rest| rest.trim_start_matches('/'));
    let parts: Vec<&str> = relative.unwrap_or(line).splitn(7, ':').collect();
    let [file, _, _, _, _, rule, message] = parts.as_slice() else {
        panic!("unexpected cfn-lint output: {line}");
    };
    let template = Path::new(file).file_stem().and_then(|s| s.to_str());
    Finding {
        template: template.unwrap_or(file).to_string(),
        rule: rule.to_string(),
        message: message.to_string(),
    }
}

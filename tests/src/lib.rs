//! Shared helpers for the workspace tests: the CDK reference scenarios, reference files, and
//! the cfn-lint acceptance check.

pub mod scenarios;

use std::path::{Path, PathBuf};
use std::process::Command;

use backup_dsl::{Stack, SynthError};
use serde_json::Value;

/// The version of cfn-lint the suite is pinned to (`.ci/run` installs it).
pub const CFN_LINT_VERSION: &str = "1.58.0";

/// `../shared/reference` beside the workspace.
pub fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference")
}

/// The CDK template `reference/cdk-templates/<name>.json`.
pub fn cdk_template(name: &str) -> Value {
    let path = reference_dir()
        .join("cdk-templates")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The stems of every file in `reference/cdk-templates/`, sorted.
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

/// Runs cfn-lint on one template and panics on any finding (see [`assert_cfn_lint_clean_all`]).
pub fn assert_cfn_lint_clean(name: &str, template: &Value) {
    assert_cfn_lint_clean_all(&[(name.to_string(), template.clone())]);
}

/// Writes each template to `target/cfn-lint/<name>.json` and runs cfn-lint once over all of
/// them; panics on any finding (errors, warnings and informational findings alike), with
/// cfn-lint's output.
///
/// When cfn-lint is not installed: under CI (`CI` set) this panics; otherwise it prints
/// `skipped: cfn-lint not installed` to stderr and returns. A cfn-lint whose version is not
/// [`CFN_LINT_VERSION`] is used, with a note on stderr (CI installs the pinned one).
pub fn assert_cfn_lint_clean_all(templates: &[(String, Value)]) {
    let Some(cfn_lint) = cfn_lint_command() else {
        if std::env::var_os("CI").is_some() {
            panic!("cfn-lint is required under CI: install cfn-lint=={CFN_LINT_VERSION} (`.ci/run` does it in .venv)");
        }
        eprintln!("skipped: cfn-lint not installed");
        return;
    };
    let version = Command::new(&cfn_lint)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let version = version.unwrap_or_default();
    if !version.ends_with(CFN_LINT_VERSION) {
        eprintln!(
            "note: using {version} ({}), the suite is pinned to cfn-lint {CFN_LINT_VERSION}",
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
    assert!(
        output.status.success() && stdout.trim().is_empty(),
        "cfn-lint found problems in {} template(s) (exit status {}):\n{stdout}{stderr}",
        templates.len(),
        output.status
    );
}

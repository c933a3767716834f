//! `cfn-codegen`: writes backup-synth's CloudFormation layer from the vendored registry schemas.
//!
//! ```text
//! cargo run -p cfn-codegen                      # regenerate backup-synth/src/cfn/*.rs
//! cargo run -p cfn-codegen -- --check           # exit 1 when the checked-in code differs
//! cargo run -p cfn-codegen -- --vendor DIR      # re-vendor the schemas from an installed
//!                                               # cfn-lint (DIR = cfnlint/data/schemas)
//! ```
//!
//! The schemas live in `backup-synth/schemas/` (see its README for their provenance); the
//! generated modules in `backup-synth/src/cfn/`, one per resource type, beside the hand-written
//! runtime (`shape.rs`, `check.rs`, `value.rs`) they use.

mod emit;
mod model;
mod names;
mod pattern;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The resource types vendored and generated, in module order.
pub const TYPES: [&str; 16] = [
    "AWS::Backup::BackupPlan",
    "AWS::Backup::BackupSelection",
    "AWS::Backup::BackupVault",
    "AWS::Backup::Framework",
    "AWS::Backup::LegalHold",
    "AWS::Backup::LogicallyAirGappedBackupVault",
    "AWS::Backup::ReportPlan",
    "AWS::Backup::RestoreTestingPlan",
    "AWS::Backup::RestoreTestingSelection",
    "AWS::Backup::TieringConfiguration",
    "AWS::CloudFormation::StackSet",
    "AWS::IAM::Role",
    "AWS::KMS::Key",
    "AWS::Organizations::Policy",
    "AWS::SNS::Topic",
    "AWS::SNS::TopicPolicy",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator sits in the workspace")
        .to_path_buf();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => generate(&root, false),
        ["--check"] => generate(&root, true),
        ["--vendor", dir] => vendor(&root, Path::new(dir)),
        _ => Err("usage: cfn-codegen [--check | --vendor CFN_LINT_SCHEMAS_DIR]".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("cfn-codegen: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `backup-synth/schemas/AWS-Backup-BackupPlan.json` for `AWS::Backup::BackupPlan`.
fn schema_path(root: &Path, type_name: &str) -> PathBuf {
    root.join("backup-synth/schemas")
        .join(format!("{}.json", type_name.replace("::", "-")))
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Copies the schema of every type in [`TYPES`] from cfn-lint's `us-east-1` provider files.
fn vendor(root: &Path, schemas: &Path) -> Result<(), String> {
    let providers = read(&schemas.join("providers/us-east-1.json"))?;
    let providers: serde_json::Value =
        serde_json::from_str(&providers).map_err(|e| format!("providers/us-east-1.json: {e}"))?;
    for type_name in TYPES {
        let hash = providers
            .get(type_name)
            .and_then(|v| v.as_str())
            .ok_or_else(|| format!("{type_name} is not in providers/us-east-1.json"))?;
        let text = read(&schemas.join("resources").join(format!("{hash}.json")))?;
        let target = schema_path(root, type_name);
        fs::write(&target, text).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        println!("{type_name} <- resources/{hash}.json");
    }
    let version = read(&schemas.join("version.json"))?;
    let target = root.join("backup-synth/schemas/version.json");
    fs::write(&target, version).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    println!("version.json copied: update the schema_date in backup-synth/schemas/README.md");
    Ok(())
}

/// Generates every module; with `check`, compares instead of writing.
fn generate(root: &Path, check: bool) -> Result<(), String> {
    let out_dir = root.join("backup-synth/src/cfn");
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut modules = Vec::new();
    for type_name in TYPES {
        let text = read(&schema_path(root, type_name))?;
        let schema: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{type_name}: {e}"))?;
        let resource = model::Resource::from_schema(type_name, &schema)?;
        let module = names::module_name(type_name);
        files.push((
            out_dir.join(format!("{module}.rs")),
            rustfmt(&emit::resource_module(&resource))?,
        ));
        modules.push((module, resource));
    }
    files.push((
        out_dir.join("mod.rs"),
        rustfmt(&emit::root_module(&modules))?,
    ));
    let mut stale = Vec::new();
    for (path, text) in &files {
        let current = fs::read_to_string(path).unwrap_or_default();
        if current == *text {
            continue;
        }
        if check {
            stale.push(path.display().to_string());
        } else {
            fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            println!("wrote {}", path.display());
        }
    }
    if !stale.is_empty() {
        return Err(format!(
            "generated code is not fresh (run `cargo run -p cfn-codegen`): {}",
            stale.join(", ")
        ));
    }
    Ok(())
}

/// `source` as `rustfmt` formats it (so that `cargo fmt --check` and `--check` agree).
fn rustfmt(source: &str) -> Result<String, String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("rustfmt has no stdin")?;
    let text = source.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt failed: {e}"))?;
    writer
        .join()
        .map_err(|_| "rustfmt input thread failed".to_string())?
        .map_err(|e| format!("cannot write to rustfmt: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "rustfmt rejected generated code: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("rustfmt output: {e}"))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The checked-in layer is what the generator writes (as `--check` in CI).
    #[test]
    fn generated_code_is_fresh() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root");
        if let Err(message) = super::generate(root, true) {
            panic!("{message}");
        }
    }
}

//! The `rust-version` of every published crate is what its users' builds actually require: the
//! newest `rust_version` among the crates it depends on for a normal or build dependency,
//! transitively (dev-dependencies such as trybuild do not bind users). Recomputed from
//! `cargo metadata`, so a dependency update that raises the floor fails here until the
//! manifest says so.

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::Value;

/// A version as comparable numbers (`1.85` and `1.85.0` compare equal).
fn parse_version(text: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = text.split('.').map(|p| p.parse().unwrap_or(0)).collect();
    parts.resize(3, 0);
    parts
}

/// `cargo metadata` of the workspace, with the dependency graph resolved.
fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON")
}

/// The ids of the packages `root` needs to build, through normal and build edges only.
fn build_closure<'a>(root: &'a str, edges: &HashMap<&'a str, Vec<&'a str>>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        for &dep in edges.get(id).into_iter().flatten() {
            if seen.insert(dep) {
                stack.push(dep);
            }
        }
    }
    seen
}

/// Package id → the ids it depends on for a normal or build dependency.
fn build_edges(metadata: &Value) -> HashMap<&str, Vec<&str>> {
    let nodes = metadata["resolve"]["nodes"]
        .as_array()
        .expect("resolve nodes");
    nodes
        .iter()
        .map(|node| {
            let deps = node["deps"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|dep| {
                    dep["dep_kinds"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|kind| {
                            kind["kind"].is_null() || kind["kind"].as_str() == Some("build")
                        })
                })
                .filter_map(|dep| dep["pkg"].as_str())
                .collect();
            (node["id"].as_str().expect("node id"), deps)
        })
        .collect()
}

#[test]
fn published_crates_declare_the_rust_version_their_dependencies_require() {
    let metadata = metadata();
    let packages = metadata["packages"].as_array().expect("packages");
    let by_id: HashMap<&str, &Value> = packages
        .iter()
        .map(|p| (p["id"].as_str().expect("package id"), p))
        .collect();
    let edges = build_edges(&metadata);
    let published = packages.iter().filter(|p| {
        p["source"].is_null() && p["publish"].as_array().is_none_or(|to| !to.is_empty())
    });
    let mut checked = Vec::new();
    for package in published {
        let name = package["name"].as_str().expect("name");
        let id = package["id"].as_str().expect("id");
        let (required, by) = build_closure(id, &edges)
            .into_iter()
            .filter_map(|dep| {
                let dep = by_id[dep];
                // Our own crates declare the value under test; only registry crates count.
                if dep["source"].is_null() {
                    return None;
                }
                let version = dep["rust_version"].as_str()?;
                Some((parse_version(version), dep["name"].as_str()?.to_string()))
            })
            .max()
            .expect("a published crate has dependencies with a rust-version");
        let declared = package["rust_version"]
            .as_str()
            .unwrap_or_else(|| panic!("{name} declares no rust-version"));
        assert_eq!(
            parse_version(declared),
            required,
            "{name} declares rust-version {declared}, but its dependencies require {} ({by}); \
             set `rust-version` in the workspace Cargo.toml to that",
            required
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join("."),
        );
        checked.push(name.to_string());
    }
    checked.sort();
    assert_eq!(
        checked,
        ["backup-cli", "backup-dsl", "backup-macros", "backup-synth"],
        "the published crates"
    );
}

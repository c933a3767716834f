//! `backup-dsl coverage` through the binary: the JSON shape and order, the human layout,
//! warnings on standard error, cloud assembly directories, `--stack-tag`, and the exit codes
//! (0 all covered, 1 uncovered or, with `--strict`, unknown, 2 unreadable input with nothing on
//! standard output).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/coverage");

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn coverage(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backup-dsl"))
        .arg("coverage")
        .args(args)
        .output()
        .expect("runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A scratch file with `text`, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, text: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("coverage-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        Self(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn json_over_a_cloud_assembly() {
    let app = fixture("app");
    let output = coverage(&["--format", "json", &app]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let array: Value = serde_json::from_str(&stdout(&output)).expect("one JSON array");
    let rows = array.as_array().unwrap();
    assert_eq!(rows.len(), 22);
    let mut keys: Vec<(String, String)> = Vec::new();
    for row in rows {
        let fields: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            fields,
            [
                "file",
                "logical_id",
                "type",
                "status",
                "selections",
                "reason"
            ]
        );
        assert!(["covered", "uncovered", "unknown"].contains(&row["status"].as_str().unwrap()));
        assert_eq!(
            row["status"] == "covered",
            !row["selections"].as_array().unwrap().is_empty()
        );
        assert!(row["reason"].as_str().unwrap().ends_with('.'));
        let file = row["file"].as_str().unwrap();
        assert!(
            file.starts_with(&app) && file.ends_with(".template.json"),
            "{file}"
        );
        keys.push((
            file.to_string(),
            row["logical_id"].as_str().unwrap().to_string(),
        ));
    }
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sorted by file then logical id");
    let scratch = rows
        .iter()
        .find(|r| r["logical_id"] == "ScratchVolume")
        .unwrap();
    assert_eq!(scratch["type"], "AWS::EC2::Volume");
    assert_eq!(scratch["status"], "uncovered");
    let orders = rows.iter().find(|r| r["logical_id"] == "Orders").unwrap();
    assert_eq!(
        orders["selections"][0],
        format!("{app}/Backups.template.json#ByArn")
    );
    let warnings = stderr(&output);
    for rule in [
        "coverage-opt-in",
        "coverage-s3-versioning",
        "coverage-system-tag",
    ] {
        assert!(warnings.contains(&format!("warning[{rule}]")), "{warnings}");
    }
}

#[test]
fn human_layout() {
    let output = coverage(&[&fixture("app")]);
    let text = stdout(&output);
    let volume = format!(
        "uncovered {}/Data.template.json#ScratchVolume (AWS::EC2::Volume)",
        fixture("app")
    );
    assert!(text.contains(&volume), "{text}");
    assert!(text.contains("          Not selected; nearest miss: tag `backup` is `no`, selection `Tagged` wants `yes`.\n"), "{text}");
    assert!(
        text.ends_with("22 protectable resource(s): 16 covered, 5 uncovered, 1 unknown\n"),
        "{text}"
    );
}

#[test]
fn yaml_template_and_stack_tags() {
    let yaml = fixture("standalone.yaml");
    let plain = coverage(&["--format", "json", &yaml]);
    assert_eq!(plain.status.code(), Some(1));
    let rows: Value = serde_json::from_str(&stdout(&plain)).unwrap();
    assert_eq!(rows[0]["status"], "uncovered");
    assert_eq!(rows[0]["file"], yaml.as_str());
    let tagged = coverage(&["--format", "json", "--stack-tag", "team=platform", &yaml]);
    assert_eq!(tagged.status.code(), Some(0), "{}", stdout(&tagged));
    let rows: Value = serde_json::from_str(&stdout(&tagged)).unwrap();
    assert_eq!(rows[0]["selections"][0], format!("{yaml}#Selection"));
}

#[test]
fn strict_fails_on_unknown() {
    let template = Scratch::new(
        "unknown.json",
        r#"{"Parameters": {"Name": {"Type": "String"}}, "Resources": {
            "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "Name"},
                "VersioningConfiguration": {"Status": "Enabled"}}},
            "Selection": {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": "p",
                "BackupSelection": {"SelectionName": "S", "IamRoleArn": "r", "Resources": ["arn:aws:s3:::logs"]}}}}}"#,
    );
    let lenient = coverage(&[template.path()]);
    assert_eq!(lenient.status.code(), Some(0), "{}", stdout(&lenient));
    assert!(
        stdout(&lenient).contains("depends on `Ref` to parameter `Name`"),
        "{}",
        stdout(&lenient)
    );
    assert_eq!(
        coverage(&["--strict", template.path()]).status.code(),
        Some(1)
    );
}

#[test]
fn all_covered_exits_zero() {
    let template = Scratch::new(
        "covered.yaml",
        "Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n  Selection:\n    Type: AWS::Backup::BackupSelection\n    Properties:\n      BackupPlanId: p\n      BackupSelection:\n        SelectionName: S\n        IamRoleArn: r\n        Resources: [!GetAtt Table.Arn]\n",
    );
    let output = coverage(&[template.path()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).ends_with("1 protectable resource(s): 1 covered, 0 uncovered, 0 unknown\n")
    );
}

#[test]
fn unreadable_inputs_exit_two_with_nothing_on_stdout() {
    let bad_yaml = Scratch::new("bad.yaml", "Resources: [unclosed\n");
    let not_a_template = Scratch::new("list.json", "[1, 2]");
    let empty_dir = std::env::temp_dir().join(format!("coverage-cli-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty_dir).unwrap();
    for path in [
        bad_yaml.path(),
        not_a_template.path(),
        "/nonexistent/template.json",
        empty_dir.to_str().unwrap(),
    ] {
        let output = coverage(&[&fixture("app"), path]);
        assert_eq!(output.status.code(), Some(2), "{path}");
        assert!(output.stdout.is_empty(), "{path}: {}", stdout(&output));
        assert!(
            stderr(&output).starts_with("error: "),
            "{path}: {}",
            stderr(&output)
        );
    }
    let _ = std::fs::remove_dir(&empty_dir);
    let bad_tag = coverage(&["--stack-tag", "novalue", &fixture("standalone.yaml")]);
    assert_eq!(bad_tag.status.code(), Some(2));
    assert!(
        stderr(&bad_tag).contains("is not KEY=VALUE"),
        "{}",
        stderr(&bad_tag)
    );
}

#[test]
fn manifest_stack_tags_and_nested_assemblies() {
    let root = std::env::temp_dir().join(format!("coverage-cli-assembly-{}", std::process::id()));
    let nested = root.join("assembly-Prod");
    std::fs::create_dir_all(&nested).unwrap();
    let manifest = r#"{"version": "36.0.0", "artifacts": {
        "assembly-Prod": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "assembly-Prod"}}}}"#;
    std::fs::write(root.join("manifest.json"), manifest).unwrap();
    let nested_manifest = r#"{"version": "36.0.0", "artifacts": {
        "ProdData": {"type": "aws:cloudformation:stack", "environment": "aws://111122223333/eu-west-1",
            "properties": {"templateFile": "ProdData.template.json", "tags": {"owner": "data"}}}}}"#;
    std::fs::write(nested.join("manifest.json"), nested_manifest).unwrap();
    let template = r#"{"Resources": {
        "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "t"}},
        "Selection": {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": "p",
            "BackupSelection": {"SelectionName": "S", "IamRoleArn": "r", "ListOfTags": [
                {"ConditionType": "STRINGEQUALS", "ConditionKey": "owner", "ConditionValue": "data"}]}}}}}"#;
    std::fs::write(nested.join("ProdData.template.json"), template).unwrap();
    let output = coverage(&["--format", "json", root.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let rows: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(
        rows[0]["reason"]
            .as_str()
            .unwrap()
            .contains("tag `owner` = `data`"),
        "{rows}"
    );
    assert!(
        rows[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("assembly-Prod/ProdData.template.json"),
        "{rows}"
    );
}

#[test]
fn an_endless_input_is_refused_and_template_text_cannot_forge_output() {
    let endless = coverage(&["/dev/zero"]);
    assert_eq!(endless.status.code(), Some(2), "{}", stderr(&endless));
    assert!(stdout(&endless).is_empty());
    assert!(
        stderr(&endless).contains("larger than 64 MiB"),
        "{}",
        stderr(&endless)
    );

    // A logical id carrying a terminal escape and a forged line is printed escaped.
    let forged = Scratch::new(
        "forged.json",
        r#"{"Resources": {"Table\u001b]0;pwned\u0007\nall clean": {"Type": "AWS::DynamoDB::Table",
            "Properties": {"TableName": "orders"}}}}"#,
    );
    let output = coverage(&[forged.0.to_str().unwrap()]);
    let text = stdout(&output);
    assert!(
        !text.contains('\u{1b}') && !text.contains("\nall clean"),
        "{text}"
    );
    assert!(text.contains("\\u{1b}]0;pwned\\u{7}\\nall clean"), "{text}");
}

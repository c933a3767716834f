//! `backup-dsl report` through the binary: the page of the report fixture app rendered by a real
//! browser (headless Chromium: the rendered DOM is checked, a screenshot taken), byte-for-byte
//! determinism, a hostile template that cannot inject markup, and the file handling (atomic
//! write, never overwriting a file that is not a previous report, exit 2 on bad input).
//!
//! Chromium: `/usr/bin/chromium` or `chromium` on `PATH`. Under CI (`CI` set) a missing browser
//! fails the browser tests; elsewhere they print "skipped".

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
/// The fixture, relative to the workspace root (the binary runs there, so the page names short paths).
const APP: &str = "tests/fixtures/report/app";
const FROM: &str = "2026-12-01";
/// Longest a browser run may take before it is killed.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(120);

fn backup_dsl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backup-dsl"))
        .args(args)
        .current_dir(WORKSPACE)
        .output()
        .expect("runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("report-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn file(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn report(dir: &Scratch, name: &str, inputs: &[&str]) -> String {
    let out = dir.file(name);
    let mut args = vec!["report", "-o", &out, "--from", FROM];
    args.extend_from_slice(inputs);
    let output = backup_dsl(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    out
}

// ---- the browser ----------------------------------------------------------------------------

fn chromium() -> Option<PathBuf> {
    let fixed = Path::new("/usr/bin/chromium");
    if fixed.exists() {
        return Some(fixed.to_path_buf());
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromium"))
            .find(|candidate| candidate.exists())
    })
}

/// Chromium, or `None` after printing "skipped" (outside CI); under CI a missing browser fails.
fn browser(test: &str) -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is missing; .ci/run installs it (`apt-get install -y --no-install-recommends chromium`)"
        );
        eprintln!("{test}: skipped (no chromium; install it with `apt-get install -y --no-install-recommends chromium`)");
    }
    found
}

/// Runs headless Chromium on `page` with `extra` arguments, in a fresh profile, killed after
/// [`BROWSER_TIMEOUT`]; returns its standard output.
fn headless(chromium: &Path, scratch: &Scratch, page: &str, extra: &[&str]) -> String {
    let profile = scratch.0.join(format!("profile-{}", extra.len()));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{page}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).map(|_| text)
    });
    let started = Instant::now();
    loop {
        if child.try_wait().expect("waits").is_some() {
            break;
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {BROWSER_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap().expect("chromium's output is UTF-8")
}

// ---- a minimal reader of Chromium's DOM serialization ---------------------------------------

/// An element of the dumped DOM: its name, attributes and parent.
#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    parent: Option<usize>,
}

/// The elements of `--dump-dom`'s output, in document order. Chromium serializes every
/// non-void element with an end tag and quotes every attribute value.
fn elements(dom: &str) -> Vec<Element> {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param",
    ];
    let mut all: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut rest = dom;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = &after[after.find("-->").map_or(after.len(), |e| e + 3)..];
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[(end + 1).min(rest.len())..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            if let Some(at) = open.iter().rposition(|&i| all[i].name == name.trim()) {
                open.truncate(at);
            }
            continue;
        }
        let (name, attributes) = parse_tag(tag);
        all.push(Element {
            name: name.clone(),
            attributes,
            parent: open.last().copied(),
        });
        if name == "style" || name == "script" {
            let close = format!("</{name}>");
            rest = &rest[rest.find(&close).unwrap_or(rest.len())..];
        }
        if !VOID.contains(&name.as_str()) {
            open.push(all.len() - 1);
        }
    }
    all
}

/// The index of the `>` that ends a tag, outside quoted attribute values.
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    text.len()
}

fn parse_tag(tag: &str) -> (String, Vec<(String, String)>) {
    let tag = tag.trim_end_matches('/');
    let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
    let name = tag[..name_end].to_ascii_lowercase();
    let mut attributes = Vec::new();
    let mut rest = tag[name_end..].trim_start();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_string();
        rest = rest[key_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let quote = after.chars().next().unwrap_or('"');
            let body = &after[1..];
            let close = body.find(quote).unwrap_or(body.len());
            value = body[..close].replace("&quot;", "\"").replace("&amp;", "&");
            rest = body[(close + 1).min(body.len())..].trim_start();
        }
        attributes.push((key, value));
    }
    (name, attributes)
}

impl Element {
    fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn has_class(&self, class: &str) -> bool {
        self.attribute("class")
            .is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }
}

/// Whether `element` has an ancestor satisfying `test`.
fn within(all: &[Element], element: &Element, test: impl Fn(&Element) -> bool) -> bool {
    let mut parent = element.parent;
    while let Some(p) = parent {
        if test(&all[p]) {
            return true;
        }
        parent = all[p].parent;
    }
    false
}

fn count(all: &[Element], test: impl Fn(&Element) -> bool) -> usize {
    all.iter().filter(|e| test(e)).count()
}

// ---- tests ------------------------------------------------------------------------------------

#[test]
fn the_fixture_report_renders_in_chromium() {
    let Some(chromium) = browser("the_fixture_report_renders_in_chromium") else {
        return;
    };
    let scratch = Scratch::new("render");
    let page = report(&scratch, "report.html", &[APP]);
    let dom = headless(&chromium, &scratch, &page, &["--dump-dom"]);
    let all = elements(&dom);
    assert!(
        all.len() > 500,
        "the DOM dump is too small: {} elements",
        all.len()
    );

    // The coverage table: one body row per resource, with the status `coverage` decides.
    let output = backup_dsl(&["coverage", "--format", "json", APP]);
    let expected: Value = serde_json::from_slice(&output.stdout).expect("coverage JSON");
    let expected = expected.as_array().unwrap();
    let table_row = |e: &Element, status: &str| {
        e.name == "tr"
            && e.attribute("data-status") == Some(status)
            && within(&all, e, |t| t.name == "tbody")
            && within(&all, e, |t| t.name == "table" && t.has_class("coverage"))
    };
    for status in ["covered", "uncovered", "unknown"] {
        let want = expected.iter().filter(|r| r["status"] == status).count();
        assert_eq!(count(&all, |e| table_row(e, status)), want, "{status} rows");
    }
    assert_eq!(count(&all, |e| table_row(e, "covered")), 16);
    assert_eq!(count(&all, |e| table_row(e, "uncovered")), 5);
    assert_eq!(count(&all, |e| table_row(e, "unknown")), 1);

    // The calendar: 4 rules × 30 days, inside table rows (a misnested cell would be moved out
    // of the table by the HTML parser), and the jobs of each rule.
    let in_calendar =
        |e: &Element| within(&all, e, |t| t.name == "table" && t.has_class("calendar"));
    let cells = count(&all, |e| {
        e.name == "td"
            && e.has_class("day")
            && e.parent.is_some_and(|p| all[p].name == "tr")
            && in_calendar(e)
    });
    assert_eq!(cells, 4 * 30);
    let jobs_of = |rule: &str| {
        count(&all, |e| {
            e.has_class("run")
                && within(&all, e, |t| {
                    t.name == "tr" && t.attribute("data-rule") == Some(rule)
                })
        })
    };
    assert_eq!(jobs_of("Production/Daily"), 30);
    assert_eq!(
        jobs_of("Production/Weekly"),
        4,
        "Saturdays 5, 12, 19 and 26 December"
    );
    assert_eq!(
        jobs_of("Production/Monthly"),
        1,
        "1 December; 31 December is day 31"
    );
    assert_eq!(jobs_of("Scratch/TwiceDaily"), 60);
    let first_daily = all
        .iter()
        .find(|e| {
            e.has_class("run")
                && within(&all, e, |t| {
                    t.attribute("data-rule") == Some("Production/Daily")
                })
        })
        .unwrap();
    assert_eq!(
        first_daily.attribute("data-start"),
        Some("05:00"),
        "05:00 in Europe/Brussels"
    );

    // Lifecycles: 7 timelines (4 rules, 3 copies); warm, cold and deleted bars; lock brackets.
    let timelines = count(&all, |e| {
        e.has_class("timeline") && e.attribute("role") == Some("img")
    });
    assert_eq!(timelines, 7);
    let phase = |name: &str| count(&all, |e| e.attribute("data-phase") == Some(name));
    assert_eq!((phase("warm"), phase("cold"), phase("deleted")), (7, 2, 7));
    assert_eq!(
        count(&all, |e| e.has_class("lock")),
        5,
        "primary ×3, isolated, and none for dr, frankfurt, Default"
    );
    assert!(all.iter().all(|e| e.attribute("role") != Some("img")
        || e.attribute("aria-label").is_some()
        || e.attribute("aria-labelledby").is_some()));

    // The copy graph: vaults, one air-gapped, three copy arrows inside the SVG.
    let in_svg = |e: &Element| within(&all, e, |t| t.name == "svg");
    assert_eq!(
        count(&all, |e| e.name == "g" && e.has_class("vault") && in_svg(e)),
        5
    );
    assert_eq!(
        count(&all, |e| e.name == "g"
            && e.has_class("air-gapped")
            && in_svg(e)),
        1
    );
    assert_eq!(
        count(&all, |e| e.name == "g" && e.has_class("copy") && in_svg(e)),
        3
    );

    // No script, no external resource.
    assert_eq!(
        count(&all, |e| e.name == "script"
            || e.name == "link"
            || e.name == "img"),
        0
    );

    // The screenshot at a laptop's size.
    let shot = scratch.file("report.png");
    headless(
        &chromium,
        &scratch,
        &page,
        &[&format!("--screenshot={shot}"), "--window-size=1366,900"],
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (1366, 900));
    assert!(
        png.len() > 20_000,
        "a blank page compresses to a few kB; got {} bytes",
        png.len()
    );
}

#[test]
fn a_hostile_template_injects_no_markup_in_the_browser() {
    let Some(chromium) = browser("a_hostile_template_injects_no_markup_in_the_browser") else {
        return;
    };
    let scratch = Scratch::new("hostile");
    let evil = "</code></td></tr></table><script>document.title='pwned'</script><img src=x onerror=alert(1)><svg onload=alert(2)>";
    let template = serde_json::json!({"Resources": {
        "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"Tags": [{"Key": "k", "Value": evil}]}},
        "Vault": {"Type": "AWS::Backup::LogicallyAirGappedBackupVault", "Properties": {"BackupVaultName": evil}},
        "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {
            "BackupPlanName": evil, "BackupPlanRule": [{"RuleName": evil, "TargetBackupVault": evil,
                "ScheduleExpression": "cron(0 5 ? * * *)", "ScheduleExpressionTimezone": evil,
                "CopyActions": [{"DestinationBackupVaultArn": {"Fn::GetAtt": ["Vault", "BackupVaultArn"]}}]}]}}},
        "Selection": {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": "p",
            "BackupSelection": {"SelectionName": evil, "IamRoleArn": "r",
                "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "k", "ConditionValue": evil}]}}}
    }});
    let input = scratch.file("evil<b>.json");
    std::fs::write(&input, template.to_string()).unwrap();
    let page = report(&scratch, "report.html", &[&input]);
    let dom = headless(&chromium, &scratch, &page, &["--dump-dom"]);
    let all = elements(&dom);
    assert_eq!(
        count(&all, |e| ["script", "img", "b"].contains(&e.name.as_str())),
        0
    );
    assert!(all
        .iter()
        .all(|e| e.attributes.iter().all(|(k, _)| !k.starts_with("on"))));
    assert_eq!(count(&all, |e| e.name == "svg"), 1, "only the copy graph");
    let title = all.iter().position(|e| e.name == "title").unwrap();
    assert!(
        dom.contains("<title>AWS Backup report</title>"),
        "title element {title} unchanged"
    );
    // The strings are there, as text.
    assert!(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
}

#[test]
fn the_same_inputs_and_date_give_the_same_bytes() {
    let scratch = Scratch::new("bytes");
    let a = std::fs::read(report(&scratch, "a.html", &[APP])).unwrap();
    let b = std::fs::read(report(&scratch, "b.html", &[APP])).unwrap();
    assert_eq!(a, b);
    let output = backup_dsl(&[
        "report",
        "-o",
        &scratch.file("c.html"),
        "--from",
        "2026-12-02",
        APP,
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_ne!(
        std::fs::read(scratch.file("c.html")).unwrap(),
        a,
        "--from moves the calendar"
    );
}

#[test]
fn a_previous_report_is_replaced_and_any_other_file_is_kept() {
    let scratch = Scratch::new("overwrite");
    let out = report(&scratch, "report.html", &[APP]);
    report(&scratch, "report.html", &[APP]);

    let notes = scratch.file("notes.html");
    std::fs::write(&notes, "<!DOCTYPE html>\n<p>my notes</p>\n").unwrap();
    let output = backup_dsl(&["report", "-o", &notes, "--from", FROM, APP]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not a report written by backup-dsl"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "<!DOCTYPE html>\n<p>my notes</p>\n"
    );

    let output = backup_dsl(&["report", "-o", &scratch.file(""), APP]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a directory: {}",
        stderr(&output)
    );

    // No temporary file is left beside the report.
    let names: Vec<String> = std::fs::read_dir(&scratch.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    assert!(Path::new(&out).exists());
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let scratch = Scratch::new("bad");
    let out = scratch.file("report.html");
    let output = backup_dsl(&[
        "report",
        "-o",
        &out,
        "--from",
        FROM,
        "tests/fixtures/report/missing.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing.json"),
        "{}",
        stderr(&output)
    );
    assert!(!Path::new(&out).exists());

    let output = backup_dsl(&["report", "-o", &out, "--from", "1 December", APP]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("write it as YYYY-MM-DD"),
        "{}",
        stderr(&output)
    );
    assert!(!Path::new(&out).exists());

    let output = backup_dsl(&[
        "report",
        "-o",
        &scratch.file("no/such/dir/r.html"),
        "--from",
        FROM,
        APP,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("nothing was changed"),
        "{}",
        stderr(&output)
    );
}

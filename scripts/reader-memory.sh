#!/usr/bin/env bash
# Peak memory and time of `backup-dsl lint` on generated templates (issue 10, item 2: the
# reader's memory is bounded by its input, ≤ 10 × input + 50 MB; a 10 KB file never over
# 100 MB).
#
# Generates under target/reader-memory/:
#   deep.json / deep.yaml  resources whose Metadata nests 120 levels deep, ~500 KB of JSON (the
#                          input that aborted at 4 GB when each value kept its pointer string;
#                          the same tree in block YAML is ~5 MB, most of it indentation)
#   deep-array.json        ~500 KB: 120 levels of 100-character keys, then an array of 160,000
#                          numbers (every value's pointer would be ~12 KB long)
#   wide.json / wide.yaml  WIDE_MB megabytes (default 4), thousands of backup plans, selections
#                          and vaults
#   flow.yaml              ~2 MB, flow mappings closed at the parent key's indentation
#   small.yaml             ~10 KB, one plan with many rules
# then runs on each, RUNS times (default 5) under `/usr/bin/time -v`, the release binary
# (`backup-dsl lint --format json FILE`) and a probe that only reads the template (the reader,
# `backup-cli/src/template/`, compiled into a scratch crate under target/reader-memory/probe),
# and prints the median peak RSS and wall time of both, the limit, and the load average before
# and after. Exits 1 when a median of the reader or of `lint` exceeds its limit.
#
# Usage: [WIDE_MB=4] scripts/reader-memory.sh [RUNS]
set -euo pipefail
runs=${1:-5}
wide_mb=${WIDE_MB:-4}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/reader-memory"
mkdir -p "$work"

cargo build --release -q -p backup-cli --manifest-path "$root/Cargo.toml"
bin="$root/target/release/backup-dsl"

python3 - "$work" "$wide_mb" <<'PY'
import json, sys
work = sys.argv[1]
wide_bytes = int(float(sys.argv[2]) * 1_000_000)

def deep(depth, leaf):
    value = leaf
    for level in range(depth):
        value = {"L%d" % (depth - level): value}
    return value

def deep_template(target):
    resources, size, i = {}, 0, 0
    while size < target:
        resource = {"Type": "AWS::SNS::Topic", "Metadata": deep(120, "leaf-%d" % i)}
        resources["Topic%d" % i] = resource
        size += len(json.dumps(resource)) + 12
        i += 1
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}

def wide_template(target):
    resources, size, i = {}, 0, 0
    while size < target:
        resources["Vault%d" % i] = {
            "Type": "AWS::Backup::BackupVault",
            "Properties": {"BackupVaultName": "vault-%d" % i},
        }
        resources["Plan%d" % i] = {
            "Type": "AWS::Backup::BackupPlan",
            "Properties": {"BackupPlan": {
                "BackupPlanName": "plan-%d" % i,
                "BackupPlanRule": [{
                    "RuleName": "daily",
                    "TargetBackupVault": {"Ref": "Vault%d" % i},
                    "ScheduleExpression": "cron(0 5 ? * * *)",
                    "StartWindowMinutes": 60,
                    "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 365},
                }],
            }},
        }
        resources["Selection%d" % i] = {
            "Type": "AWS::Backup::BackupSelection",
            "Properties": {
                "BackupPlanId": {"Ref": "Plan%d" % i},
                "BackupSelection": {
                    "SelectionName": "selection-%d" % i,
                    "IamRoleArn": "arn:aws:iam::111122223333:role/backup",
                    "Resources": ["arn:aws:dynamodb:eu-west-1:111122223333:table/t%d" % i],
                },
            },
        }
        size += 900
        i += 1
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}

def yaml(value, indent=0):
    """Block YAML: every key on its own line (the JSON-compatible subset, quoted strings)."""
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, (dict, list)) and inner:
                lines.append("%s%s:" % (pad, key))
                lines.append(yaml(inner, indent + 2))
            else:
                lines.append("%s%s: %s" % (pad, key, json.dumps(inner)))
    else:
        for inner in value:
            if isinstance(inner, (dict, list)) and inner:
                body = yaml(inner, indent + 2)
                lines.append("%s- %s" % (pad, body.lstrip()))
            else:
                lines.append("%s- %s" % (pad, json.dumps(inner)))
    return "\n".join(lines)

def flow_yaml(template):
    """Each resource's Properties as a flow mapping closed at the key's indentation."""
    out = ["Resources:"]
    for name, resource in template["Resources"].items():
        out.append("  %s:" % name)
        out.append("    Type: %s" % resource["Type"])
        body = json.dumps(resource["Properties"], indent=2).splitlines()
        out.append("    Properties: {")
        out.extend("      " + line for line in body[1:-1])
        out.append("    }")
    return "\n".join(out) + "\n"

def write(name, text):
    with open("%s/%s" % (work, name), "w") as f:
        f.write(text)

deep_t = deep_template(500_000)
write("deep.json", json.dumps(deep_t))
write("deep.yaml", yaml(deep_t) + "\n")
key = "K" * 100
write("deep-array.json", json.dumps({"Metadata": deep(120, [0] * 160_000)}).replace('"L', '"' + key))
wide_t = wide_template(wide_bytes)
write("wide.json", json.dumps(wide_t, indent=1))
write("wide.yaml", yaml(wide_t) + "\n")
write("flow.yaml", flow_yaml(wide_template(2_000_000)))
small = wide_template(1)
rules = small["Resources"]["Plan0"]["Properties"]["BackupPlan"]["BackupPlanRule"]
while len(yaml(small)) < 10_000:
    rule = dict(rules[0])
    rule["RuleName"] = "rule%d" % len(rules)
    rules.append(rule)
write("small.yaml", yaml(small) + "\n")
PY

# The reader alone: the CLI's template module in a scratch binary that parses one file.
probe="$work/probe"
mkdir -p "$probe/src"
cat >"$probe/Cargo.toml" <<TOML
[package]
name = "reader-probe"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
libyaml-safer = "0.3"
serde_json = { version = "1", features = ["preserve_order"] }
[workspace]
TOML
cat >"$probe/src/main.rs" <<RS
//! Reads one template with the linter's reader and exits.
#[allow(dead_code)]
#[path = "$root/backup-cli/src/template/mod.rs"]
mod template;
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let text = std::fs::read_to_string(&path).expect("a readable file");
    let parsed = template::parse(&text, path.ends_with(".json")).expect("a readable template");
    assert!(parsed.position("/Resources").is_some());
}
RS
cargo build --release -q --manifest-path "$probe/Cargo.toml" --target-dir "$work/probe-target"
reader="$work/probe-target/release/reader-probe"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# `measure BINARY ARGS...`: median peak RSS (KB) and wall time (s) of RUNS runs.
measure() {
  local rss=() wall=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
    rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")")
    wall+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time.txt")")
  done
  echo "$(printf '%s\n' "${rss[@]}" | median) $(printf '%s\n' "${wall[@]}" | median)"
}

mb() { awk "BEGIN {printf \"%.1f\", $1 / 1024}"; }

echo "load before: $(uptime)"
printf '%-16s %8s %10s %8s %10s %8s %9s %s\n' file "size KB" "reader MB" "reader s" "lint MB" "lint s" "limit MB" verdict
failed=0
for file in deep.json deep.yaml deep-array.json wide.json wide.yaml flow.yaml small.yaml; do
  path="$work/$file"
  bytes=$(stat -c %s "$path")
  read -r reader_kb reader_s <<<"$(measure "$reader" "$path")"
  read -r lint_kb lint_s <<<"$(measure "$bin" lint --format json "$path")"
  limit_kb=$(( bytes * 10 / 1024 + 50 * 1024 ))
  if [ "$bytes" -le 10240 ] && [ "$limit_kb" -gt $(( 100 * 1024 )) ]; then limit_kb=$(( 100 * 1024 )); fi
  verdict=ok
  if [ "$reader_kb" -gt "$limit_kb" ]; then verdict="reader OVER"; failed=1
  elif [ "$lint_kb" -gt "$limit_kb" ]; then verdict="lint OVER"; failed=1; fi
  printf '%-16s %8d %10s %8s %10s %8s %9s %s\n' "$file" $(( bytes / 1024 )) "$(mb "$reader_kb")" \
    "$reader_s" "$(mb "$lint_kb")" "$lint_s" "$(mb "$limit_kb")" "$verdict"
done
echo "load after:  $(uptime)"
echo "(medians of $runs runs; lint's exit status is not checked: findings are expected)"
exit "$failed"

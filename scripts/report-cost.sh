#!/usr/bin/env bash
# Time, peak memory and output size of `backup-dsl report` (issue 15, item 2) on the fixture
# app and on a generated app: 5,000 protectable resources (DynamoDB tables, half tagged
# `backup=yes`), 100 selections, 50 plans of 4 rules each (hourly, daily in a time zone,
# weekly, monthly with cold storage) and a copy per rule to one of 10 vaults in 3 Regions.
#
# Builds the release binary, runs each case RUNS times (default 5) under `/usr/bin/time -v`,
# prints the median wall time and peak RSS, the report's size, and the load average before and
# after. The generated template and reports stay under target/report-cost/.
#
# Usage: scripts/report-cost.sh [RUNS]
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/report-cost"
mkdir -p "$work"

cargo build --release -q -p backup-cli --manifest-path "$root/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$root/target}/release/backup-dsl"

python3 - "$work/large.json" <<'PY'
import json, sys
resources = {}
for i in range(5000):
    tags = [{"Key": "backup", "Value": "yes" if i % 2 == 0 else "no"}]
    resources[f"Table{i}"] = {"Type": "AWS::DynamoDB::Table",
                              "Properties": {"TableName": f"table-{i}", "Tags": tags}}
regions = ["eu-west-1", "eu-central-1", "us-west-2"]
for v in range(10):
    resources[f"Vault{v}"] = {"Type": "AWS::Backup::BackupVault", "Properties": {
        "BackupVaultName": f"vault-{v}",
        "LockConfiguration": {"MinRetentionDays": 7, "MaxRetentionDays": 3650}}}
for p in range(50):
    copy = lambda n, days: [{"DestinationBackupVaultArn":
        f"arn:aws:backup:{regions[n % 3]}:111122223333:backup-vault:dr-{n % 10}",
        "Lifecycle": {"DeleteAfterDays": days}}]
    rules = [
        {"RuleName": "Hourly", "TargetBackupVault": {"Ref": f"Vault{p % 10}"},
         "ScheduleExpression": "cron(0 * ? * * *)", "StartWindowMinutes": 60,
         "Lifecycle": {"DeleteAfterDays": 7}, "CopyActions": copy(p, 7)},
        {"RuleName": "Daily", "TargetBackupVault": {"Ref": f"Vault{p % 10}"},
         "ScheduleExpression": "cron(0 5 ? * * *)", "ScheduleExpressionTimezone": "Europe/Brussels",
         "Lifecycle": {"DeleteAfterDays": 35}, "CopyActions": copy(p + 1, 35)},
        {"RuleName": "Weekly", "TargetBackupVault": {"Ref": f"Vault{p % 10}"},
         "ScheduleExpression": "cron(0 22 ? * SAT *)", "ScheduleExpressionTimezone": "America/New_York",
         "Lifecycle": {"DeleteAfterDays": 120}, "CopyActions": copy(p + 2, 120)},
        {"RuleName": "Monthly", "TargetBackupVault": {"Ref": f"Vault{p % 10}"},
         "ScheduleExpression": "cron(0 3 1 * ? *)",
         "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 365},
         "CopyActions": copy(p + 3, 365)},
    ]
    resources[f"Plan{p}"] = {"Type": "AWS::Backup::BackupPlan", "Properties": {
        "BackupPlan": {"BackupPlanName": f"plan-{p}", "BackupPlanRule": rules}}}
for s in range(100):
    resources[f"Selection{s}"] = {"Type": "AWS::Backup::BackupSelection", "Properties": {
        "BackupPlanId": {"Ref": f"Plan{s % 50}"},
        "BackupSelection": {"SelectionName": f"selection-{s}", "IamRoleArn": "arn:aws:iam::111122223333:role/backup",
            "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": f"team-{s}", "ConditionValue": "x"}]
            if s else [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "yes"}]}}}
json.dump({"Resources": resources}, open(sys.argv[1], "w"))
PY

echo "load before: $(uptime | sed 's/.*load average: //')"
measure() {
    local name=$1 input=$2
    local times=() rss=()
    for _ in $(seq "$runs"); do
        rm -f "$work/$name.html"
        local log
        log=$( { /usr/bin/time -v "$bin" report -o "$work/$name.html" --from 2026-12-01 "$input" 2>&1 >/dev/null; } )
        times+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); print t[1] * 60 + t[2]}' <<<"$log")")
        rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' <<<"$log")")
    done
    local t r
    t=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    r=$(printf '%s\n' "${rss[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-8s median %6.3f s  peak RSS %7d KB  report %9d bytes  (%d runs)\n' \
        "$name" "$t" "$r" "$(stat -c %s "$work/$name.html")" "$runs"
}
measure fixture "$root/tests/fixtures/report/app"
measure large "$work/large.json"
echo "load after: $(uptime | sed 's/.*load average: //')"

#!/usr/bin/env bash
# The whole process against AWS CDK: build N `dailyWeeklyMonthly5YearRetention` plans with a tag
# selection each in one stack, synthesize it and write the cloud assembly.
#
#   ours     - `cargo run --release --example bench_cdk -- N DIR` (backup-dsl/examples/bench_cdk.rs)
#   cdk-off  - `node scripts/bench-cdk/app.js N DIR off` (aws-cdk-lib, skipValidation: true)
#   cdk-on   - the same with construct validation on (CDK's default)
#
# What it does, for each N (default 1 100 1000):
#   1. installs aws-cdk-lib 2.276.0 and constructs 10.8.1 with npm into a scratch folder
#      (target/bench-cdk, once) and builds the example in release;
#   2. checks that both write the same template (compared as JSON: same keys, same values);
#   3. times the three with hyperfine: ROUNDS rounds (default 5), each one hyperfine call that
#      runs the three commands in turn with a warm-up run and RUNS_PER_ROUND runs (default 2),
#      so that each command gets ROUNDS x RUNS_PER_ROUND timed runs (10 by default), alternated
#      so that all three see the same machine load; medians over all runs;
#   4. measures peak RSS with `/usr/bin/time -v` (median of PEAK_RUNS runs, default 3,
#      alternated);
# every output directory is in a tmpfs (/dev/shm), so the disk is not what is measured. The load
# average (/proc/loadavg) is printed beside each figure: the machine may be shared.
#
# Needs node and npm (Node.js 20), hyperfine, python3, GNU time (/usr/bin/time). CI does not run
# it.
#
# CDK_ON=0 leaves out CDK with validation on (the slowest command; the targets compare with
# validation off).
#
# Usage: scripts/bench-cdk.sh [N ...]
set -euo pipefail

CDK_LIB_VERSION="2.276.0"
CONSTRUCTS_VERSION="10.8.1"
rounds=${ROUNDS:-5}
runs_per_round=${RUNS_PER_ROUND:-2}
peak_runs=${PEAK_RUNS:-3}
cdk_on=${CDK_ON:-1}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 100 1000)

root=$(cd "$(dirname "$0")/.." && pwd)
scratch="$root/target/bench-cdk"

for tool in node npm hyperfine python3 /usr/bin/time; do
  command -v "$tool" > /dev/null || { echo "bench-cdk: \`$tool\` is needed and not found" >&2; exit 1; }
done
[ -d /dev/shm ] || { echo "bench-cdk: /dev/shm (a tmpfs) is needed and not found" >&2; exit 1; }

load() { cut -d' ' -f1-3 /proc/loadavg; }

installed_version() { # package -> version installed in the scratch folder, or nothing
  node -p "require('$scratch/node_modules/$1/package.json').version" 2> /dev/null || true
}

mkdir -p "$scratch"
if [ "$(installed_version aws-cdk-lib)" != "$CDK_LIB_VERSION" ] \
  || [ "$(installed_version constructs)" != "$CONSTRUCTS_VERSION" ]; then
  echo "installing aws-cdk-lib@$CDK_LIB_VERSION constructs@$CONSTRUCTS_VERSION into $scratch" >&2
  npm install --prefix "$scratch" --no-audit --no-fund --no-update-notifier --save-exact \
    --loglevel=error "aws-cdk-lib@$CDK_LIB_VERSION" "constructs@$CONSTRUCTS_VERSION" >&2
fi
cp "$root/scripts/bench-cdk/app.js" "$scratch/app.js"
echo "building the example (release)" >&2
(cd "$root" && cargo build --quiet --release -p backup-dsl --example bench_cdk)
ours="${CARGO_TARGET_DIR:-$root/target}/release/examples/bench_cdk"

shm=$(mktemp -d /dev/shm/bench-cdk.XXXXXX)
trap 'rm -rf "$shm"' EXIT

cmd_ours() { echo "$ours $1 $shm/ours"; }
cmd_cdk() { echo "node $scratch/app.js $1 $shm/cdk-$2 $2"; }

same_template() { # N
  $(cmd_ours "$1")
  $(cmd_cdk "$1" off)
  node -e '
    const assert = require("assert");
    const [a, b] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
    assert.deepStrictEqual(a, b);
    console.log(`templates equal as JSON: ${Object.keys(a.Resources).length} resources`);
  ' "$shm/ours/Stack.template.json" "$shm/cdk-off/Stack.template.json"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

peak_kib() { # command... -> maximum resident set size in KiB
  /usr/bin/time -v "$@" 2>&1 > /dev/null | sed -n 's/^\tMaximum resident set size (kbytes): //p'
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(uname -sr)"
echo "node $(node --version), aws-cdk-lib $CDK_LIB_VERSION, $(rustc --version), hyperfine $(hyperfine --version | cut -d' ' -f2)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); per command: $rounds rounds x $runs_per_round runs (+1 warm-up per round), peak RSS median of $peak_runs"
for n in "${sizes[@]}"; do
  echo
  echo "== N = $n plans ($((4 * n)) resources)"
  same_template "$n"
  json="$shm/hyperfine.json"
  : > "$shm/times.tsv"
  load_before=$(load)
  for round in $(seq 1 "$rounds"); do
    on=()
    [ "$cdk_on" = 0 ] || on=(-n cdk-on "$(cmd_cdk "$n" on)")
    hyperfine --style none --warmup 1 --runs "$runs_per_round" -N --export-json "$json" \
      -n ours "$(cmd_ours "$n")" -n cdk-off "$(cmd_cdk "$n" off)" "${on[@]}" \
      > /dev/null
    python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    for t in r["times"]:
        print(r["command"], t, sep="\t")
' "$json" >> "$shm/times.tsv"
    echo "  round $round/$rounds done, load $(load)" >&2
  done
  load_after=$(load)
  commands=(ours cdk-off)
  [ "$cdk_on" = 0 ] || commands+=(cdk-on)
  declare -A wall=() peak=()
  for name in "${commands[@]}"; do
    wall[$name]=$(awk -F'\t' -v c="$name" '$1 == c {print $2}' "$shm/times.tsv" | median)
  done
  declare -A peaks=([ours]="" [cdk-off]="" [cdk-on]="")
  for _ in $(seq 1 "$peak_runs"); do
    peaks[ours]+="$(peak_kib $(cmd_ours "$n")) "
    peaks[cdk-off]+="$(peak_kib $(cmd_cdk "$n" off)) "
    [ "$cdk_on" = 0 ] || peaks[cdk-on]+="$(peak_kib $(cmd_cdk "$n" on)) "
  done
  for name in "${commands[@]}"; do
    peak[$name]=$(printf '%s\n' ${peaks[$name]} | median)
  done
  load_peak=$(load)
  printf '%-8s wall median %9.4f s  peak RSS %8.1f MiB\n' ours "${wall[ours]}" "$(echo "${peak[ours]} / 1024" | bc -l)"
  for name in "${commands[@]:1}"; do
    printf '%-8s wall median %9.4f s  peak RSS %8.1f MiB   ours is %6.1fx faster, %5.1fx less memory\n' \
      "$name" "${wall[$name]}" "$(echo "${peak[$name]} / 1024" | bc -l)" \
      "$(echo "${wall[$name]} / ${wall[ours]}" | bc -l)" "$(echo "${peak[$name]} / ${peak[ours]}" | bc -l)"
  done
  echo "load average (1, 5, 15 min): before timing $load_before, after timing $load_after, after peak RSS $load_peak"
  unset wall peak peaks
done

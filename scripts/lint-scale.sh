#!/usr/bin/env bash
# Lint cost against synthesis cost on large stacks (issue 10: "cost linear in resources, plans
# and selections"; target: lint within 3x of synthesizing the same stacks).
#
# 1. `cargo bench -p backup-synth --bench lint_scale`: in one process, alternately,
#    `Stack::synth` and `lint::lint_template` of the same resources: N plans with a selection
#    each (default 5,000) and one plan with M selections (default 50,000); medians of RUNS runs
#    in wall and thread CPU time.
# 2. The `backup-dsl lint` command (release build) on the same two templates written to disk:
#    wall time and peak RSS (GNU time), reading and parsing included (`--max-size 1G`: the
#    50,000-selection template is larger than the 64 MiB default). Exit 1 is expected: the
#    templates break rules on purpose (more than 500 resources, more than 100 selections).
# The load average is printed before and after: the machine may be shared.
#
# Usage: scripts/lint-scale.sh [N] [M] [RUNS]
set -euo pipefail
plans=${1:-5000}
selections=${2:-50000}
runs=${3:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/lint-scale"
mkdir -p "$work"
cd "$root"
cargo build --release -q -p backup-cli
echo "load before: $(uptime)"
cargo bench -q -p backup-synth --bench lint_scale -- \
  --plans "$plans" --selections "$selections" --runs "$runs" --write "$work"
echo
echo "backup-dsl lint (release), median of $runs runs:"
printf 'template\tbytes\twall s\tpeak RSS MiB\texit\n'
for name in plans selections; do
  file="$work/$name.template.json"
  walls=()
  rss=0
  for _ in $(seq "$runs"); do
    code=0
    /usr/bin/time -f '%e %M' -o "$work/time.txt" target/release/backup-dsl lint \
      --max-size 1G --format json "$file" >/dev/null 2>&1 || code=$?
    read -r wall kib < <(tail -n1 "$work/time.txt")
    walls+=("$wall")
    rss=$(( kib > rss ? kib : rss ))
  done
  median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$(stat -c %s "$file")" "$median" "$(( rss / 1024 ))" "$code"
done
echo "load after: $(uptime)"

#!/usr/bin/env bash
# The long run of the generated-input suite (issue 10, item 6): N cron strings through the
# engine and N mutated templates through the linter, in-process (release build), each kind in
# its own process so the peak RSS printed is that kind's. Prints inputs run, panics (must be 0),
# peak RSS and the slowest input, and the load average.
#
# Then M `backup_plan!` inputs (token streams of the language's fragments and arbitrary
# strings, through proc-macro2) through the macro's parser, checker and expander: the
# `never_panics` property test of backup-macros, which fails on the first panic.
#
# Usage: scripts/mutation.sh [N] [SEED] [M]   (default N = 1,000,000, M = 100,000)
set -euo pipefail
n=${1:-1000000}
seed=${2:-24301}
macro_inputs=${3:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
echo "load before: $(uptime)"
for test in cron_strings_never_panic mutated_templates_never_panic_the_linter; do
  start=$(date +%s)
  MUTATION_INPUTS=$n MUTATION_SEED=$seed cargo test -q --release -p backup-synth --test mutation \
    -- --exact "$test" --nocapture 2>&1 | grep -E '^(cron|lint):|panicked|test result'
  echo "  ($test: $(( $(date +%s) - start )) s wall)"
done
start=$(date +%s)
MUTATION_INPUTS=$macro_inputs cargo test -q --release -p backup-macros --lib never_panics 2>&1 \
  | grep -E 'panicked|test result|minimal failing input'
echo "  (macro never_panics, $macro_inputs inputs: $(( $(date +%s) - start )) s wall)"
echo "load after: $(uptime)"

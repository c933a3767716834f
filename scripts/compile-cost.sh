#!/usr/bin/env bash
# Compile cost of `backup_plan!` against the same plans written as builder calls.
#
# Generates two crates under target/compile-cost/ with N plans each (default 200), one
# `backup_plan!` invocation per plan in one and the hand-written builder chain in the other,
# then measures, with dependencies already built:
#   clean       - `cargo clean -p <crate>` then `cargo build` (the crate alone)
#   incremental - touch the source, `cargo build`
# and reports the median of RUNS runs (default 7) of wall and CPU time, and the macro/builder
# ratios, with the load average (/proc/loadavg: 1, 5 and 15 minutes) before and after each
# figure's runs: the machine may be shared, and the ratios of alternated runs are what count.
# Finally it measures a clean build of `backup-dsl` with all its dependencies in a fresh
# target dir (skipped with SKIP_FRESH=1).
#
# FLOOR=1 also measures two crates that hold the same 200 expansions written out (the block
# `backup_plan!` expands to, `cargo rustc -- -Zunpretty=expanded`) inside a do-nothing proc macro:
#   identity - returns its input: a proc macro's call plus the expansion's own compile cost
#   relex    - reads every token of its input (as any macro must) and returns the compiler's
#              lexing of the input's text (as a macro that writes its expansion as text must)
# the floor of any proc macro with this expansion: what is left above them is the macro's work.
#
# HOST_OPT=3 adds `[profile.dev.build-override] opt-level = 3` to both crates: proc macros and
# their dependencies built optimized, as a user may choose in their workspace (a dependency
# cannot choose it for them).
# MACRO_OPT=3 adds `[profile.dev.package.backup-macros]` and `[profile.dev.package.proc-macro2]`
# `opt-level = 3` instead: only the macro and its token library optimized (`backup-synth`, which
# the program also links, stays as the profile builds it).
#
# Usage: scripts/compile-cost.sh [N] [RUNS]
set -euo pipefail
n=${1:-200}
runs=${2:-7}
root=$(cd "$(dirname "$0")/.." && pwd)
host_opt=${HOST_OPT:-}
macro_opt=${MACRO_OPT:-}
work="$root/target/compile-cost${host_opt:+-host-opt$host_opt}${macro_opt:+-macro-opt$macro_opt}"
mkdir -p "$work"

plan_macro() {
  cat <<RS
pub fn plan_$1(stack: &mut Stack) {
    backup_plan! {
        in stack;
        plan Plan$1 = daily_weekly_monthly_5_year_retention {
            rule Hourly$1 {
                schedule: "cron($(( $1 % 60 )) * ? * * *)",
                start_window: 1 hour,
                move_to_cold_storage_after: 30 days,
                delete_after: 180 days,
                recovery_point_tags: { "plan": "p$1" },
            }
            selection Tagged$1 {
                resources: [tag("backup" == "p$1"), dynamodb_table("table-$1")],
                allow_restores: true,
            }
        }
    }
}
RS
}

plan_builder() {
  cat <<RS
pub fn plan_$1(stack: &mut Stack) {
    stack.add(
        BackupPlan::daily_weekly_monthly_5_year_retention("Plan$1")
            .rule(
                BackupPlanRule::new()
                    .name("Hourly$1")
                    .schedule("cron($(( $1 % 60 )) * ? * * *)")
                    .start_window(Duration::hours(1))
                    .move_to_cold_storage_after(Duration::days(30))
                    .delete_after(Duration::days(180))
                    .recovery_point_tag("plan", "p$1"),
            )
            .selection(
                BackupSelection::new("Tagged$1")
                    .resource(BackupResource::tag("backup", "p$1"))
                    .resource(BackupResource::dynamodb_table("table-$1"))
                    .allow_restores(true),
            ),
    );
}
RS
}

# The expansion of `plan_macro`'s invocation (as `-Zunpretty=expanded` prints it), inside the
# floor macro `$2`.
plan_identity() { plan_floor "$1" identity; }
plan_relex() { plan_floor "$1" relex; }
plan_floor() {
  local p="__backup_dsl::"
  cat <<RS
pub fn plan_$1(stack: &mut Stack) {
    floor_macro::$2! {{
        use ::backup_dsl::__private as __backup_dsl;
        stack.add(${p}BackupPlan::daily_weekly_monthly_5_year_retention("Plan$1").rule(${p}BackupPlanRule::new().name("Hourly$1").schedule("cron($(( $1 % 60 )) * ? * * *)").start_window(${p}Duration::hours(1i64)).delete_after(${p}Duration::days(180i64)).move_to_cold_storage_after(${p}Duration::days(30i64)).recovery_point_tag("plan", "p$1")).selection(${p}BackupSelection::new("Tagged$1").allow_restores(true).resource(${p}BackupResource::tag("backup", "p$1")).resource(${p}BackupResource::dynamodb_table("table-$1"))));
    }}
}
RS
}

# The do-nothing proc macros of FLOOR=1.
generate_floor_macro() {
  local dir="$work/floor-macro"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "floor-macro"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
proc-macro = true

[workspace]
TOML
  cat > "$dir/src/lib.rs" <<'RS'
//! Do-nothing proc macros: the floor of a proc macro's compile cost.
use proc_macro::{TokenStream, TokenTree};

/// Returns its input.
#[proc_macro]
pub fn identity(input: TokenStream) -> TokenStream {
    input
}

/// Reads every token of its input, then returns the compiler's lexing of its text.
#[proc_macro]
pub fn relex(input: TokenStream) -> TokenStream {
    fn read(tokens: TokenStream) -> usize {
        let mut count = 0;
        for token in tokens {
            count += 1;
            if let TokenTree::Group(group) = token {
                count += read(group.stream());
            }
        }
        count
    }
    assert!(read(input.clone()) > 0);
    input.to_string().parse().unwrap()
}
RS
}

generate() { # kind
  local dir="$work/$1" floor=""
  mkdir -p "$dir/src"
  case "$1" in identity | relex) floor="floor-macro = { path = \"$work/floor-macro\" }" ;; esac
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "compile-cost-$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
backup-dsl = { path = "$root/backup-dsl" }
$floor

[workspace]
TOML
  if [ -n "$host_opt" ]; then
    printf '\n[profile.dev.build-override]\nopt-level = %s\n' "$host_opt" >> "$dir/Cargo.toml"
  fi
  if [ -n "$macro_opt" ]; then
    printf '\n[profile.dev.package.%s]\nopt-level = %s\n' backup-macros "$macro_opt" \
      proc-macro2 "$macro_opt" >> "$dir/Cargo.toml"
  fi
  {
    if [ "$1" = macro ]; then
      echo "use backup_dsl::{backup_plan, Stack};"
    elif [ "$1" != builder ]; then
      echo "use backup_dsl::Stack;"
    else
      echo "use backup_dsl::{BackupPlan, BackupPlanRule, BackupResource, BackupSelection, Duration, Stack};"
    fi
    for i in $(seq 1 "$n"); do "plan_$1" "$i"; done
  } > "$dir/src/lib.rs"
}

now() { date +%s.%N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Seconds of a `times` field such as `0m1.234s`.
seconds() { awk '{ split($0, p, "m"); sub("s", "", p[2]); printf "%.3f", p[1] * 60 + p[2] }' <<< "$1"; }

build_once() { # kind mode -> "wall cpu" seconds (cpu = user + system of cargo and rustc)
  local dir="$work/$1" begin finish times user system
  if [ "$2" = clean ]; then
    (cd "$dir" && CARGO_TARGET_DIR="$work/target" cargo clean -q -p "compile-cost-$1")
  else
    touch "$dir/src/lib.rs"
  fi
  # Bash's `times` gives the CPU time of the subshell's children (cargo, rustc) to the
  # millisecond; `/usr/bin/time` prints hundredths, 12 % of a 0.08 s incremental build.
  # (`times` itself must not run in a pipeline: a forked subshell has no children yet.)
  begin=$(now)
  times=$(cd "$dir" && CARGO_TARGET_DIR="$work/target" cargo build -q && times)
  finish=$(now)
  read -r user system <<< "$(tail -n 1 <<< "$times")"
  printf '%.3f %.3f\n' "$(echo "$finish - $begin" | bc -l)" \
    "$(echo "$(seconds "$user") + $(seconds "$system")" | bc -l)"
}

# Runs alternate the crates' builds so that all see the same machine load. CPU time is
# reported beside wall time: on a shared 2-core machine it is the steadier of the two.
measure() { # mode -> per kind of $kinds, "wall cpu" medians, on one line
  local -A walls cpus
  local kind w c
  for _ in $(seq 1 "$runs"); do
    for kind in "${kinds[@]}"; do
      read -r w c <<< "$(build_once "$kind" "$1")"
      walls[$kind]+="$w "; cpus[$kind]+="$c "
    done
  done
  for kind in "${kinds[@]}"; do
    printf '%s %s ' "$(tr ' ' '\n' <<< "${walls[$kind]}" | grep . | median)" \
      "$(tr ' ' '\n' <<< "${cpus[$kind]}" | grep . | median)"
  done
  echo
}

kinds=(macro builder)
[ "${FLOOR:-0}" = 1 ] && kinds+=(identity relex) && generate_floor_macro
echo "warming dependencies..." >&2
for kind in "${kinds[@]}"; do
  generate "$kind"
  (cd "$work/$kind" && CARGO_TARGET_DIR="$work/target" cargo build -q)
done

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), rustc $(rustc --version | cut -d' ' -f2)"
echo "plans per crate: $n, runs per figure: $runs (median, seconds)${host_opt:+, build-override opt-level $host_opt}${macro_opt:+, backup-macros and proc-macro2 opt-level $macro_opt}"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
for mode in clean incremental; do
  before=$(load)
  read -r mw mc bw bc iw ic rw rc <<< "$(measure "$mode")"
  printf '%-12s wall: macro %6.3f s  builder %6.3f s  ratio %.3f   cpu: macro %6.3f s  builder %6.3f s  ratio %.3f   load %s -> %s\n' \
    "$mode" "$mw" "$bw" "$(echo "$mw / $bw" | bc -l)" "$mc" "$bc" "$(echo "$mc / $bc" | bc -l)" "$before" "$(load)"
  [ "${FLOOR:-0}" = 1 ] || continue
  for floor in "identity $iw $ic" "relex $rw $rc"; do
    read -r name w c <<< "$floor"
    printf '  floor %-8s wall %6.3f s (%.3f x builder)   cpu %6.3f s (%.3f x builder)\n' \
      "$name" "$w" "$(echo "$w / $bw" | bc -l)" "$c" "$(echo "$c / $bc" | bc -l)"
  done
done
[ "${SKIP_FRESH:-0}" = 1 ] && exit 0

fresh="$work/fresh-target"
rm -rf "$fresh"
start=$(now)
(cd "$root" && CARGO_TARGET_DIR="$fresh" cargo build -q -p backup-dsl)
end=$(now)
printf 'clean build of backup-dsl with all dependencies: %.1f s   load %s\n' "$(echo "$end - $start" | bc)" "$(load)"
rm -rf "$fresh"

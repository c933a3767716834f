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
# HOST_OPT=3 adds `[profile.dev.build-override] opt-level = 3` to both crates: proc macros and
# their dependencies built optimized, as a user may choose in their workspace (a dependency
# cannot choose it for them).
#
# Usage: scripts/compile-cost.sh [N] [RUNS]
set -euo pipefail
n=${1:-200}
runs=${2:-7}
root=$(cd "$(dirname "$0")/.." && pwd)
host_opt=${HOST_OPT:-}
work="$root/target/compile-cost${host_opt:+-host-opt$host_opt}"
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

generate() { # kind
  local dir="$work/$1"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "compile-cost-$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
backup-dsl = { path = "$root/backup-dsl" }

[workspace]
TOML
  if [ -n "$host_opt" ]; then
    printf '\n[profile.dev.build-override]\nopt-level = %s\n' "$host_opt" >> "$dir/Cargo.toml"
  fi
  {
    if [ "$1" = macro ]; then
      echo "use backup_dsl::{backup_plan, Stack};"
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

# Runs alternate macro and builder builds so that both see the same machine load. CPU time is
# reported beside wall time: on a shared 2-core machine it is the steadier of the two.
measure() { # mode -> "macro_wall builder_wall macro_cpu builder_cpu" (medians)
  local mw=() bw=() mc=() bc=() w c
  for _ in $(seq 1 "$runs"); do
    read -r w c <<< "$(build_once macro "$1")"; mw+=("$w"); mc+=("$c")
    read -r w c <<< "$(build_once builder "$1")"; bw+=("$w"); bc+=("$c")
  done
  echo "$(printf '%s\n' "${mw[@]}" | median) $(printf '%s\n' "${bw[@]}" | median)" \
       "$(printf '%s\n' "${mc[@]}" | median) $(printf '%s\n' "${bc[@]}" | median)"
}

generate macro
generate builder
echo "warming dependencies..." >&2
(cd "$work/macro" && CARGO_TARGET_DIR="$work/target" cargo build -q)
(cd "$work/builder" && CARGO_TARGET_DIR="$work/target" cargo build -q)

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), rustc $(rustc --version | cut -d' ' -f2)"
echo "plans per crate: $n, runs per figure: $runs (median, seconds)${host_opt:+, build-override opt-level $host_opt}"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
for mode in clean incremental; do
  before=$(load)
  read -r mw bw mc bc <<< "$(measure "$mode")"
  printf '%-12s wall: macro %6.3f s  builder %6.3f s  ratio %.3f   cpu: macro %6.3f s  builder %6.3f s  ratio %.3f   load %s -> %s\n' \
    "$mode" "$mw" "$bw" "$(echo "$mw / $bw" | bc -l)" "$mc" "$bc" "$(echo "$mc / $bc" | bc -l)" "$before" "$(load)"
done
[ "${SKIP_FRESH:-0}" = 1 ] && exit 0

fresh="$work/fresh-target"
rm -rf "$fresh"
start=$(now)
(cd "$root" && CARGO_TARGET_DIR="$fresh" cargo build -q -p backup-dsl)
end=$(now)
printf 'clean build of backup-dsl with all dependencies: %.1f s   load %s\n' "$(echo "$end - $start" | bc)" "$(load)"
rm -rf "$fresh"

#!/usr/bin/env bash
# Load rate of `cohortgen load` into a real FHIR R4 server on PostgreSQL
# (../shared/tools/fhir-server-pg, an instance of its own), and where the
# time goes: the CPU seconds of cohortgen, of the FHIR server and of
# PostgreSQL, against the wall time.
#   benchmarks/load-pg.sh [PATIENTS] [CONCURRENCY...]     (default: 200 4)
# For each concurrency: an empty database, a first load of the Bundles
# (every resource created), then a second load (every resource updated).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}; shift || true
conc=("${@:-4}")
tools=${TOOLS:-../shared/tools}
[ -x "$tools/fhir-server-pg" ] || { echo "no $tools/fhir-server-pg"; exit 1; }
work=$(mktemp -d)
token="bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
trap '"$tools/fhir-server-pg" stop --purge --state-dir "$work/state" >/dev/null 2>&1; rm -rf "$work"' EXIT
go build -o "$work/cohortgen" ./cmd/cohortgen
"$work/cohortgen" generate -n "$n" -q -f fhir-bundle -o "$work/ds"
base=$("$tools/fhir-server-pg" start --state-dir "$work/state" --auth-token "$token" 2>"$work/start.log" | sed -n '1s/^listening on //p')
[ -n "$base" ] || { cat "$work/start.log"; exit 1; }
export BENCH_TOKEN=$token
tck=$(getconf CLK_TCK)

# cpu PID: CPU seconds of a process and of the children it has reaped, plus
# its live children (PostgreSQL's backends), in clock ticks.
cpu() {
  local pid=$1 t=0 c
  t=$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12+$13+$14+$15}')
  for c in $(pgrep -P "$pid"); do
    t=$((t + $(sed 's/^.*) //' "/proc/$c/stat" 2>/dev/null | awk '{print $12+$13}' || echo 0)))
  done
  echo "$t"
}
state() { sed -n "s/^$1=//p" "$work/state/run/state.env"; }

printf '%-12s %5s %9s %8s %10s %11s %11s %11s\n' run conc entries wall_s "res/s" client_cpu server_cpu postgres_cpu
for c in "${conc[@]}"; do
  "$tools/fhir-server-pg" reset --state-dir "$work/state" >/dev/null 2>&1
  for run in create update; do
    srv=$(state SERVER_PID); pg=$(state PG_PID)
    s0=$(cpu "$srv"); p0=$(cpu "$pg")
    /usr/bin/time -f '%e %U %S' -o "$work/time" "$work/cohortgen" load --server "$base" --token-env BENCH_TOKEN \
      --concurrency "$c" "$work/ds" >"$work/out" 2>"$work/err" || { cat "$work/out" "$work/err"; exit 1; }
    s1=$(cpu "$srv"); p1=$(cpu "$pg")
    read -r wall user sys <"$work/time"
    entries=$(sed -n 's/.*; \([0-9]*\) entries;.*/\1/p' "$work/out")
    printf '%-12s %5s %9s %8s %10.0f %11.2f %11.2f %11.2f\n' "$run" "$c" "$entries" "$wall" \
      "$(echo "$entries / $wall" | bc -l)" "$(echo "$user + $sys" | bc -l)" \
      "$(echo "($s1 - $s0) / $tck" | bc -l)" "$(echo "($p1 - $p0) / $tck" | bc -l)"
    sed -n '/retries by cause/,$p' "$work/out"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

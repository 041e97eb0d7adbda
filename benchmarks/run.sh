#!/usr/bin/env bash
# Reruns every benchmark recorded in benchmarks/RESULTS.md. Takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/cohortgen ./cmd/cohortgen
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

echo "== pipeline vs gofakeit baseline (100,000 patients, 3 runs each)"
go test ./benchmarks/ -run '^$' -bench 'Pipeline|Baseline' -benchtime 1x -count 3 -timeout 30m

echo "== every format alone, per byte (5,000 patients; tmpfs)"
TMPDIR=/dev/shm COHORTGEN_BENCH_PATIENTS=5000 go test ./benchmarks/ -run '^$' -bench 'Formats' -benchtime 1x -count 2 -timeout 30m

echo "== peak RSS, 100,000 and 1,000,000 patients, parquet, 2 workers"
for n in 100000 1000000; do
  echo "-- $n patients"
  go run ./benchmarks/peakrss -- bin/cohortgen generate -n $n --workers 2 --nhs-numbers extended -o "$tmp/out" --force -q
done

echo "== generator and encoder micro-benchmarks"
go test ./generator/ ./export/... -run '^$' -bench . -benchtime 2s -timeout 30m

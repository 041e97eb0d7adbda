#!/usr/bin/env bash
# One dataset from a Slurm array job: task K of 16 generates shard K/16 into
# the same root (a shared folder or a bucket URL), then a dependent job runs
# verify, which writes the dataset's manifest.json.
#
#   sbatch cohortgen-array.sh                       # submits the array and the verify job
#
# Slurm sets SLURM_ARRAY_TASK_ID (0..15 with --array=0-15); `--shard auto/16`
# reads it. Keep --array=0-(N-1) and the N of auto/N equal. A failed task can
# be re-run alone (sbatch --array=K cohortgen-array.sh --no-verify): it
# rewrites exactly its own files.
#SBATCH --job-name=cohortgen
#SBATCH --array=0-15
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=01:00:00
#SBATCH --output=cohortgen-%A_%a.log
set -euo pipefail

SHARDS=16
PATIENTS=${PATIENTS:-9000000}
SEED=${SEED:-1}
OUT=${OUT:-$PWD/england-9m}   # or s3://bucket/prefix (credentials from the usual AWS variables)
COHORTGEN=${COHORTGEN:-cohortgen}

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  echo "run this with sbatch (it needs SLURM_ARRAY_TASK_ID)" >&2
  exit 2
fi

# The first task submits verify, to start once every task has succeeded.
if [ "$SLURM_ARRAY_TASK_ID" = 0 ] && [ "${1:-}" != "--no-verify" ]; then
  sbatch --dependency="afterok:${SLURM_ARRAY_JOB_ID}" --job-name=cohortgen-verify \
    --cpus-per-task=1 --mem=512M --output=cohortgen-verify-%j.log \
    --wrap="$COHORTGEN verify $OUT"
fi

exec "$COHORTGEN" generate --patients "$PATIENTS" --nhs-numbers extended --seed "$SEED" \
  --format parquet --workers "${SLURM_CPUS_PER_TASK:-2}" --shard "auto/$SHARDS" --out "$OUT" --quiet

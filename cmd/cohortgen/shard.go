package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/code4health/cohortgen/generator"
)

// shardIndexVars are the variables --shard auto/N reads K from, one per
// batch system; each holds the 0-based index of the task in its array.
var shardIndexVars = []string{
	"JOB_COMPLETION_INDEX",      // Kubernetes Indexed Job (completionMode: Indexed)
	"AWS_BATCH_JOB_ARRAY_INDEX", // AWS Batch array job
	"SLURM_ARRAY_TASK_ID",       // Slurm array job, submitted with --array=0-(N-1)
}

// parseShard reads --shard K/N, or auto/N with K from the environment
// (getenv): the variable named by --shard-index-env, else whichever of
// shardIndexVars is set (they must agree if several are).
func parseShard(s, indexVar string, getenv func(string) string) (generator.Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	ni, err := strconv.Atoi(n)
	if !ok || err != nil {
		return generator.Shard{}, fmt.Errorf("--shard %q: use K/N, e.g. 0/4, or auto/N", s)
	}
	var ki int
	if k == "auto" {
		if ki, err = shardFromEnv(indexVar, getenv); err != nil {
			return generator.Shard{}, fmt.Errorf("--shard %s: %w", s, err)
		}
	} else if ki, err = strconv.Atoi(k); err != nil {
		return generator.Shard{}, fmt.Errorf("--shard %q: use K/N, e.g. 0/4, or auto/N", s)
	} else if indexVar != "" {
		return generator.Shard{}, fmt.Errorf("--shard-index-env %s needs --shard auto/N, not %s", indexVar, s)
	}
	if ni < 1 || ki < 0 || ki >= ni {
		return generator.Shard{}, fmt.Errorf("--shard %s: need N >= 1 and 0 <= K < N (K is %d)", s, ki)
	}
	return generator.Shard{K: ki, N: ni}, nil
}

func shardFromEnv(indexVar string, getenv func(string) string) (int, error) {
	vars := shardIndexVars
	if indexVar != "" {
		vars = []string{indexVar}
	}
	found, k := "", 0
	for _, name := range vars {
		v := getenv(name)
		if v == "" {
			continue
		}
		i, err := strconv.Atoi(v)
		if err != nil {
			return 0, fmt.Errorf("%s=%q is not a shard index", name, v)
		}
		if found != "" && i != k {
			return 0, fmt.Errorf("%s=%d and %s=%d disagree; name one with --shard-index-env", found, k, name, i)
		}
		found, k = name, i
	}
	if found == "" {
		return 0, fmt.Errorf("no shard index in the environment (set one of %s, or name yours with --shard-index-env)", strings.Join(vars, ", "))
	}
	return k, nil
}

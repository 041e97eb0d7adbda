// Package objectset writes a dataset into a root that has no rename: a
// bucket prefix, or a local folder that several shards write at once. A
// file appears under its name only once it is whole (storage.Writer), the
// data goes first and a manifest last, like a table format's commit: a
// whole run's manifest.json, or a shard's _shards/K-of-N.json, which
// `cohortgen verify` later turns into the dataset's manifest.json.
//
// A run first writes a run record (.cohortgen-run, or _shards/K-of-N.run)
// and removes it after its manifest. A root that holds run records, shard
// manifests and files in cohortgen's folders, and nothing else, is what an
// unfinished run left: the next run into it, or Clean, removes it. Anything
// else in the root is never deleted, with or without --force.
package objectset

import (
	"fmt"
	"path"
	"strconv"
	"strings"
)

// ManifestName is the dataset's manifest; its presence makes it complete.
const ManifestName = "manifest.json"

// ShardsDir holds the shard manifests and shard run records.
const ShardsDir = "_shards/"

// wholeRecord is the run record of an unsharded run (the local staging
// folder's run record has the same name).
const wholeRecord = ".cohortgen-run"

// dataDirs are the folders cohortgen writes data into.
var dataDirs = []string{"parquet/", "arrow/", "fhir/", "bundles/", "openehr/"}

// Shard names one shard of N; N == 0 is a whole (unsharded) run.
type Shard struct{ K, N int }

// Whole reports whether s is an unsharded run.
func (s Shard) Whole() bool { return s.N == 0 }

// ShardManifest is the path of shard k of n's manifest.
func ShardManifest(k, n int) string { return fmt.Sprintf("%s%d-of-%d.json", ShardsDir, k, n) }

func (s Shard) manifest() string {
	if s.Whole() {
		return ManifestName
	}
	return ShardManifest(s.K, s.N)
}

func (s Shard) record() string {
	if s.Whole() {
		return wholeRecord
	}
	return fmt.Sprintf("%s%d-of-%d.run", ShardsDir, s.K, s.N)
}

// parseShardFile reads "_shards/K-of-N.json" or ".run"; ok is false for
// any other name.
func parseShardFile(p string) (s Shard, isRecord, ok bool) {
	name, found := strings.CutPrefix(p, ShardsDir)
	if !found || strings.Contains(name, "/") {
		return s, false, false
	}
	ext := path.Ext(name)
	if ext != ".json" && ext != ".run" {
		return s, false, false
	}
	k, n, found := strings.Cut(strings.TrimSuffix(name, ext), "-of-")
	ki, err1 := strconv.Atoi(k)
	ni, err2 := strconv.Atoi(n)
	if !found || err1 != nil || err2 != nil || ni < 1 || ki < 0 || ki >= ni {
		return s, false, false
	}
	return Shard{K: ki, N: ni}, ext == ".run", true
}

// ParseShardFile reads a path in ShardsDir: shard k of n's manifest, or
// its run record (isRecord); ok is false for any other path.
func ParseShardFile(p string) (k, n int, isRecord, ok bool) {
	s, isRecord, ok := parseShardFile(p)
	return s.K, s.N, isRecord, ok
}

// InDataDir reports whether p is a file cohortgen may have left unlisted:
// one in its data folders, or an upload's temporary file in ShardsDir.
func InDataDir(p string) bool { return inDataDir(p) }

func inDataDir(p string) bool {
	if strings.HasPrefix(p, ShardsDir) && strings.HasSuffix(p, ".tmp") {
		return true // a local upload killed before its rename
	}
	for _, d := range dataDirs {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

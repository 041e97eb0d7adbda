package objectset

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/export/dataset"
	"github.com/code4health/cohortgen/storage"
)

// The rules are checked on a local folder opened as a store: the same code
// that runs against a bucket.

func manifest(seed int, shard string, files ...string) string {
	var list []string
	for _, f := range files {
		list = append(list, fmt.Sprintf(`{"path": %q}`, f))
	}
	return fmt.Sprintf(`{"generator": "cohortgen", "seed": %d, "shard": %q, "files": [%s]}`, seed, shard, strings.Join(list, ","))
}

func identity(t *testing.T, seed int) []byte {
	t.Helper()
	id, err := Identity([]byte(manifest(seed, "x")))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func put(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, data := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// tree lists root's files with their contents.
func tree(t *testing.T, root string) string {
	t.Helper()
	var lines []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			lines = append(lines, filepath.ToSlash(rel)+"="+string(b))
		}
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func open(t *testing.T, root string) *storage.Store {
	t.Helper()
	st, err := storage.Open(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestBeginRefusals(t *testing.T) {
	complete := map[string]string{ManifestName: manifest(1, "0/1", "parquet/p/part-0.parquet"), "parquet/p/part-0.parquet": "data"}
	withFile := func(m map[string]string, rel string) map[string]string {
		out := map[string]string{rel: "the user's"}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	cases := []struct {
		name    string
		files   map[string]string
		shard   Shard
		force   bool
		want    error
		mention string
	}{
		{"a user's file", map[string]string{"notes.txt": "mine"}, Shard{}, true, dataset.ErrNotDataset, "notes.txt"},
		{"data without record or manifest", map[string]string{"parquet/p/x.parquet": "?"}, Shard{}, true, dataset.ErrNotDataset, "parquet/p/x.parquet"},
		{"another tool's manifest", map[string]string{ManifestName: `{"generator": "other"}`}, Shard{}, true, dataset.ErrNotDataset, "not a cohortgen manifest"},
		{"complete without force", complete, Shard{}, false, dataset.ErrNotEmpty, "--force"},
		{"complete plus a user's file", withFile(complete, "parquet/p/mine.csv"), Shard{}, true, dataset.ErrNotDataset, "parquet/p/mine.csv"},
		{"a shard into a complete dataset", complete, Shard{K: 1, N: 4}, true, dataset.ErrNotEmpty, "cohortgen clean --force"},
		{"a shard into another run's shards", map[string]string{ShardManifest(0, 4): manifest(2, "0/4")}, Shard{K: 1, N: 4}, true, dataset.ErrNotEmpty, "seed 2, not 1"},
		{"a shard into a run of other N", map[string]string{ShardManifest(0, 3): manifest(1, "0/3")}, Shard{K: 1, N: 4}, true, dataset.ErrNotEmpty, "run of 3 shards"},
		{"a shard into an unsharded run's leftovers", map[string]string{wholeRecord: "{}", "parquet/p/x.parquet": "?"}, Shard{K: 1, N: 4}, true, dataset.ErrNotEmpty, "unsharded"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			put(t, root, c.files)
			before := tree(t, root)
			_, err := Begin(context.Background(), open(t, root), c.shard, identity(t, 1), Options{Force: c.force})
			if !errors.Is(err, c.want) || !errors.Is(err, dataset.ErrRefused) || !strings.Contains(err.Error(), c.mention) {
				t.Fatalf("want %v naming %q, got %v", c.want, c.mention, err)
			}
			if tree(t, root) != before {
				t.Fatal("a refused run changed the root")
			}
		})
	}
}

func TestForceReplacesOnlyACompleteDataset(t *testing.T) {
	root := t.TempDir()
	put(t, root, map[string]string{ManifestName: manifest(1, "0/1", "parquet/p/part-0.parquet"), "parquet/p/part-0.parquet": "data", ".load-state": "{}"})
	var notes []string
	r, err := Begin(context.Background(), open(t, root), Shard{}, identity(t, 1), Options{Force: true, OwnFiles: []string{".load-state"}, Notify: func(l string) { notes = append(notes, l) }})
	if err != nil {
		t.Fatal(err)
	}
	if got := tree(t, root); got != wholeRecord+"="+string(identity(t, 1)) {
		t.Fatalf("after Begin the root holds %q", got)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "removing the earlier dataset") {
		t.Errorf("notices %q", notes)
	}
	if err := r.Commit(context.Background(), []byte(manifest(1, "0/1"))); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, root); got != ManifestName+"="+manifest(1, "0/1") {
		t.Fatalf("after Commit the root holds %q", got)
	}
}

func TestUnfinishedRunIsRemovedByTheNext(t *testing.T) {
	root := t.TempDir()
	put(t, root, map[string]string{wholeRecord: "{}", "parquet/p/part-0.parquet": "half", "arrow/p/part-0.arrow.1a2b.tmp": "temp"})
	var notes []string
	if _, err := Begin(context.Background(), open(t, root), Shard{}, identity(t, 1), Options{Notify: func(l string) { notes = append(notes, l) }}); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, root); got != wholeRecord+"="+string(identity(t, 1)) {
		t.Fatalf("the unfinished run's files were not removed: %q", got)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "3 files") {
		t.Errorf("notices %q", notes)
	}
}

// TestReRunShardNoLongerCounts: a shard re-run into a root with other
// shards of its run keeps theirs and drops its own manifest until it has
// finished again.
func TestReRunShardNoLongerCounts(t *testing.T) {
	root := t.TempDir()
	put(t, root, map[string]string{
		ShardManifest(0, 2): manifest(1, "0/2", "parquet/p/part-0.parquet"), "parquet/p/part-0.parquet": "0",
		ShardManifest(1, 2): manifest(1, "1/2", "parquet/p/part-5.parquet"), "parquet/p/part-5.parquet": "1",
	})
	r, err := Begin(context.Background(), open(t, root), Shard{K: 1, N: 2}, identity(t, 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := tree(t, root)
	if strings.Contains(got, "1-of-2.json") || !strings.Contains(got, "0-of-2.json") || !strings.Contains(got, "1-of-2.run") || !strings.Contains(got, "part-5") {
		t.Fatalf("after Begin of shard 1: %s", got)
	}
	if err := r.Abort(context.Background(), []string{"parquet/p/part-5.parquet"}); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, root); got != ShardManifest(0, 2)+"="+manifest(1, "0/2", "parquet/p/part-0.parquet")+"\nparquet/p/part-0.parquet=0" {
		t.Fatalf("after Abort: %s", got)
	}
}

func TestClean(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	put(t, root, map[string]string{ShardManifest(0, 2): manifest(1, "0/2"), "_shards/1-of-2.run": "{}", "parquet/p/part-0.parquet": "0"})
	if n, err := Clean(ctx, open(t, root), Options{}); err != nil || n != 3 || tree(t, root) != "" {
		t.Fatalf("clean removed %d, err %v, left %q", n, err, tree(t, root))
	}
	put(t, root, map[string]string{ManifestName: manifest(1, "0/1", "parquet/p/part-0.parquet"), "parquet/p/part-0.parquet": "0"})
	if _, err := Clean(ctx, open(t, root), Options{}); !errors.Is(err, dataset.ErrNotEmpty) {
		t.Fatalf("a complete dataset without --force: %v", err)
	}
	put(t, root, map[string]string{"parquet/p/mine.txt": "the user's"})
	before := tree(t, root)
	if _, err := Clean(ctx, open(t, root), Options{Force: true}); !errors.Is(err, dataset.ErrNotDataset) || !strings.Contains(err.Error(), "mine.txt") {
		t.Fatalf("a dataset with a user's file: %v", err)
	}
	if tree(t, root) != before {
		t.Fatal("a refused clean removed something")
	}
	os.Remove(filepath.Join(root, "parquet/p/mine.txt"))
	if n, err := Clean(ctx, open(t, root), Options{Force: true}); err != nil || n != 2 || tree(t, root) != "" {
		t.Fatalf("clean --force removed %d, err %v, left %q", n, err, tree(t, root))
	}
}

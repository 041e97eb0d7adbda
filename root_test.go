package cohortgen_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/generator"
)

// TestCancelledRootRunLeavesNothing: a run into a bucket-like root (a
// file:// URL) or a shard that is cancelled half-way removes the files it
// had finished and its run record, and writes no manifest.
func TestCancelledRootRunLeavesNothing(t *testing.T) {
	for _, shard := range []generator.Shard{{}, {K: 1, N: 2}} {
		dir := filepath.Join(t.TempDir(), "root")
		ctx, cancel := context.WithCancel(context.Background())
		c := config(t, "file://"+dir, 60000, func(c *cohortgen.Config) {
			c.Shard = shard
			c.Workers = 1
			c.Progress = func(done int64) {
				if done > 25000 { // the first part's files are written
					cancel()
				}
			}
		})
		_, err := cohortgen.Generate(ctx, c)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("shard %v: want context.Canceled, got %v", shard, err)
		}
		var left []string
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				left = append(left, p)
			}
			return nil
		})
		if len(left) != 0 {
			t.Errorf("shard %v: a cancelled run left %v", shard, left)
		}
	}
}

package dataset

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// runRecord is the file in a staging folder naming the run that writes it.
// It is also accepted at the top of a dataset: a run killed between renaming
// its folder into place and removing the record leaves it there.
const runRecord = ".cohortgen-run"

// partialPrefix is the name prefix of target's staging folders.
func partialPrefix(target string) string { return "." + filepath.Base(target) + ".partial-" }

// removeStale removes what runs into target that were killed left beside
// it, and says so in one line each: staging folders whose run is gone, and
// earlier datasets a run had moved aside to replace. It is called with the
// target's lock held, so no live run is writing or replacing the target.
// Anything it cannot tell is stale is left alone.
func removeStale(target string, opts Options) {
	parent := filepath.Dir(target)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), partialPrefix(target)) {
			continue // a symbolic link is never a staging folder: IsDir is false
		}
		p := filepath.Join(parent, e.Name())
		if strings.HasSuffix(e.Name(), ".old") {
			removeOld(p, opts)
			continue
		}
		o, ok := readOwner(filepath.Join(p, runRecord))
		switch {
		case !ok:
			opts.notify("cohortgen: left %s alone: a partial folder from an earlier run that does not say which (remove it if no run is writing it)", p)
		case o.gone():
			size := treeSize(p)
			if err := os.RemoveAll(p); err != nil {
				opts.notify("cohortgen: could not remove %s, left by run %d on %s which is gone: %v", p, o.PID, o.Host, err)
				continue
			}
			opts.notify("cohortgen: removed %s (%.1f MB), left by run %d on %s, which is gone", p, float64(size)/1e6, o.PID, o.Host)
		}
	}
}

// removeOld removes an earlier dataset that a run moved aside to replace it
// (with --force) and did not get to remove, if it is still exactly a
// cohortgen dataset.
func removeOld(p string, opts Options) {
	if err := checkContents(p, Options{Force: true, OwnFiles: opts.OwnFiles}); err != nil {
		opts.notify("cohortgen: left %s alone: an earlier dataset moved aside by a run that stopped, but it holds more than the dataset", p)
		return
	}
	size := treeSize(p)
	if err := os.RemoveAll(p); err != nil {
		opts.notify("cohortgen: could not remove %s, an earlier dataset a stopped run was replacing: %v", p, err)
		return
	}
	opts.notify("cohortgen: removed %s (%.1f MB), an earlier dataset a stopped run was replacing", p, float64(size)/1e6)
}

// treeSize is the size of the files under dir, for the notice.
func treeSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

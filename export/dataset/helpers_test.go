package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// treeSum is a checksum of everything under root: every entry's path, type,
// mode, link target and file bytes. Two equal sums mean nothing was added,
// removed, changed or replaced.
func treeSum(t *testing.T, root string) string {
	t.Helper()
	h := sha256.New()
	var lines []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		line := fmt.Sprintf("%s %v", p, info.Mode())
		switch {
		case info.Mode()&os.ModeSymlink != 0:
			to, _ := os.Readlink(p)
			line += " -> " + to
		case info.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			s := sha256.Sum256(b)
			line += " " + hex.EncodeToString(s[:])
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	h.Write([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(h.Sum(nil))
}

// write creates a file (and its folders) under root.
func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fakeDataset writes a small dataset as cohortgen lays one out: a manifest
// listing two data files.
func fakeDataset(t *testing.T, dir string) {
	t.Helper()
	write(t, dir, "parquet/patients/part-0000000000.parquet", "PAR1 patients")
	write(t, dir, "arrow/patients/part-0000000000.arrow", "ARROW1 patients")
	write(t, dir, ManifestName, `{"generator": "cohortgen", "version": "0.1.0", "files": [
  {"path": "arrow/patients/part-0000000000.arrow", "format": "arrow"},
  {"path": "parquet/patients/part-0000000000.parquet", "format": "parquet"}]}`)
}

// names lists the entries of dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// collect returns Options whose notices are appended to *lines.
func collect(force bool, lines *[]string) Options {
	return Options{Force: force, OwnFiles: []string{".load-state"}, Notify: func(s string) { *lines = append(*lines, s) }}
}

package stats

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/code4health/cohortgen"
)

// ErrDamaged is returned by ComputeDataset when the files it would read do
// not match the dataset's manifest: figures from them would describe
// whatever changed them, not the generator.
var ErrDamaged = errors.New("the dataset does not match its manifest")

// verifyFiles checks that the Parquet files of tables in dir are exactly
// those the manifest lists, with its sizes and SHA-256 sums. Sizes are
// compared first, so a truncated file is named without hashing the rest.
func verifyFiles(dir string, m *cohortgen.Manifest, tables []string) error {
	damaged := func(file, what string) error {
		return fmt.Errorf("%s: %s %s; %w (damaged or changed since it was generated), so no figures were computed",
			dir, filepath.ToSlash(file), what, ErrDamaged)
	}
	want := map[string]int{} // path -> index in m.Files
	for i, f := range m.Files {
		want[f.Path] = i
	}
	var paths []string
	for _, table := range tables {
		listed := 0
		for _, f := range m.Files {
			if f.Format == "parquet" && f.Table == table {
				paths = append(paths, f.Path)
				listed++
			}
		}
		found, err := filepath.Glob(filepath.Join(dir, "parquet", table, "*.parquet"))
		if err != nil {
			return err
		}
		sort.Strings(found)
		for _, p := range found {
			rel, _ := filepath.Rel(dir, p)
			if _, ok := want[filepath.ToSlash(rel)]; !ok {
				return damaged(rel, "is not in the manifest")
			}
		}
	}
	for _, p := range paths {
		st, err := os.Stat(filepath.Join(dir, p))
		switch f := m.Files[want[p]]; {
		case err != nil:
			return damaged(p, "is listed in the manifest but cannot be read ("+err.Error()+")")
		case st.Size() != f.Bytes:
			return damaged(p, fmt.Sprintf("has %d bytes, the manifest says %d", st.Size(), f.Bytes))
		}
	}
	for _, p := range paths {
		sum, err := sha256File(filepath.Join(dir, p))
		if err != nil {
			return damaged(p, "cannot be read ("+err.Error()+")")
		}
		if sum != m.Files[want[p]].SHA256 {
			return damaged(p, "has a different SHA-256 from the manifest's")
		}
	}
	return nil
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/code4health/cohortgen"
)

// copyTree copies a dataset folder.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// blessFile rewrites the manifest's entry for rel to match the file as it
// now is, as if the damage had happened before the manifest was written.
func blessFile(t *testing.T, dir, rel string) {
	t.Helper()
	m, err := cohortgen.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	for i := range m.Files {
		if m.Files[i].Path == rel {
			m.Files[i].Bytes, m.Files[i].SHA256 = int64(len(b)), hex.EncodeToString(sum[:])
		}
	}
	out, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(dir, cohortgen.ManifestName), out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestStatsOnDamagedDatasets: stats on a dataset with a truncated, empty,
// altered, extra or missing part file exits 1 with one line naming the
// file and what is wrong, and computes nothing; with the manifest made to
// agree, the reader itself reports the damaged file the same way.
func TestStatsOnDamagedDatasets(t *testing.T) {
	base := filepath.Join(t.TempDir(), "base")
	if code, _, stderr := run(t, "generate", "-n", "5", "-q", "-o", base); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	patients := "parquet/patients/part-0000000000.parquet"
	info, err := os.Stat(filepath.Join(base, patients))
	if err != nil {
		t.Fatal(err)
	}
	size := info.Size()
	truncate := func(n int64) func(string) {
		return func(dir string) { os.Truncate(filepath.Join(dir, patients), n) }
	}
	cases := []struct {
		name   string
		damage func(dir string)
		bless  bool   // make the manifest agree with the damaged file
		want   string // in the one line, besides the file name
	}{
		{"empty", truncate(0), false, "has 0 bytes"},
		{"cut to 1 byte", truncate(1), false, "the manifest says"},
		{"cut by 1 byte", truncate(size - 1), false, "the manifest says"},
		{"one byte changed", func(dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, patients))
			b[len(b)/2] ^= 0xff
			os.WriteFile(filepath.Join(dir, patients), b, 0o644)
		}, false, "SHA-256"},
		{"extra part file", func(dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, patients))
			os.WriteFile(filepath.Join(dir, "parquet/patients/part-0000000005.parquet"), b, 0o644)
		}, false, "not in the manifest"},
		{"missing part file", func(dir string) { os.Remove(filepath.Join(dir, patients)) }, false, "cannot be read"},
		{"empty, manifest agreeing", truncate(0), true, "empty file"},
		{"cut to 7 bytes, manifest agreeing", truncate(7), true, "too short"},
		{"cut to 100 bytes, manifest agreeing", truncate(100), true, "truncated"},
		{"cut by 1 byte, manifest agreeing", truncate(size - 1), true, "truncated"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ds")
			copyTree(t, base, dir)
			c.damage(dir)
			if c.bless {
				blessFile(t, dir, patients)
			}
			code, stdout, stderr := run(t, "stats", dir)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			wantFile := patients
			if c.name == "extra part file" {
				wantFile = "part-0000000005.parquet"
			}
			if code != exitFailure || stdout != "" || len(lines) != 1 || !strings.Contains(stderr, wantFile) || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and one line naming %s and %q", code, stdout, stderr, wantFile, c.want)
			}
		})
	}
}

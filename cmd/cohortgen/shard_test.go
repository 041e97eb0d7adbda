package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/generator"
)

func TestShardFromTheEnvironment(t *testing.T) {
	cases := []struct {
		flag, indexVar string
		env            map[string]string
		want           generator.Shard
		err            string
	}{
		{"3/16", "", nil, generator.Shard{K: 3, N: 16}, ""},
		{"auto/16", "", map[string]string{"JOB_COMPLETION_INDEX": "5"}, generator.Shard{K: 5, N: 16}, ""},
		{"auto/16", "", map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "6"}, generator.Shard{K: 6, N: 16}, ""},
		{"auto/16", "", map[string]string{"SLURM_ARRAY_TASK_ID": "7"}, generator.Shard{K: 7, N: 16}, ""},
		{"auto/16", "", map[string]string{"SLURM_ARRAY_TASK_ID": "7", "JOB_COMPLETION_INDEX": "7"}, generator.Shard{K: 7, N: 16}, ""},
		{"auto/16", "MY_INDEX", map[string]string{"MY_INDEX": "2", "JOB_COMPLETION_INDEX": "9"}, generator.Shard{K: 2, N: 16}, ""},
		{"auto/16", "", nil, generator.Shard{}, "no shard index in the environment (set one of JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, SLURM_ARRAY_TASK_ID"},
		{"auto/16", "", map[string]string{"SLURM_ARRAY_TASK_ID": "1", "JOB_COMPLETION_INDEX": "2"}, generator.Shard{}, "disagree"},
		{"auto/16", "", map[string]string{"JOB_COMPLETION_INDEX": "16"}, generator.Shard{}, "0 <= K < N (K is 16)"},
		{"auto/16", "", map[string]string{"JOB_COMPLETION_INDEX": "x"}, generator.Shard{}, `JOB_COMPLETION_INDEX="x"`},
		{"auto/16", "MY_INDEX", nil, generator.Shard{}, "set one of MY_INDEX"},
		{"3/16", "MY_INDEX", nil, generator.Shard{}, "needs --shard auto/N"},
	}
	for _, c := range cases {
		got, err := parseShard(c.flag, c.indexVar, func(k string) string { return c.env[k] })
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s %v: want an error with %q, got %v", c.flag, c.env, c.err, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s %v: got %v, %v", c.flag, c.env, got, err)
		}
	}
}

// TestWriterOptionsFromTheCommandLine: --parquet-compression reaches the
// writer (other bytes, the same rows) and the manifest; a bad value is
// exit 2 before anything is written.
func TestWriterOptionsFromTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	sizes := map[string]int64{}
	for _, c := range []string{"none", "zstd"} {
		out := filepath.Join(dir, c)
		if code, _, e := run(t, "generate", "-n", "200", "-q", "--parquet-compression", c, "-o", out); code != 0 {
			t.Fatal(e)
		}
		m, err := cohortgen.ReadManifest(out)
		if err != nil {
			t.Fatal(err)
		}
		if m.Writers["parquet_compression"] != c {
			t.Errorf("manifest writer options %v", m.Writers)
		}
		sizes[c] = m.TotalBytes()
	}
	if sizes["zstd"] >= sizes["none"] {
		t.Errorf("zstd files are not smaller than uncompressed ones: %v", sizes)
	}
	out := filepath.Join(dir, "bad")
	code, _, e := run(t, "generate", "-n", "10", "--parquet-compression", "gzip9", "-o", out)
	if code != 2 || !strings.Contains(e, "--parquet-compression") || !strings.Contains(e, "gzip9") {
		t.Fatalf("exit %d, %q", code, e)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a refused run created its output folder")
	}
}

// TestVerifyNamesADifferentFile: a file changed after its shard finished
// is named, and no manifest is written.
func TestVerifyNamesADifferentFile(t *testing.T) {
	root := twoShards(t, "100")
	part := filepath.Join(root, "parquet", "patients", "part-0000000050.parquet")
	b, err := os.ReadFile(part)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	os.WriteFile(part, b, 0o644)
	code, _, e := run(t, "verify", root)
	if code != 1 || !strings.Contains(e, "parquet/patients/part-0000000050.parquet is not the file its manifest lists") {
		t.Fatalf("exit %d, %q", code, e)
	}
	if _, err := os.Stat(filepath.Join(root, cohortgen.ManifestName)); !os.IsNotExist(err) {
		t.Fatal("verify wrote a manifest over a changed file")
	}
}

// TestVerifyRemovesOnlyLeftovers: temporary files a killed upload left in
// cohortgen's folders are removed before the manifest is written; a file of
// the user's stops verify, and is kept.
func TestVerifyRemovesOnlyLeftovers(t *testing.T) {
	root := twoShards(t, "60")
	leftovers := []string{"parquet/patients/part-0000000030.parquet.18a2b.tmp", "_shards/1-of-2.json.18a2c.tmp"}
	for _, p := range append(leftovers, "notes.txt") {
		os.WriteFile(filepath.Join(root, p), []byte("x"), 0o644)
	}
	if code, _, e := run(t, "verify", root); code != 1 || !strings.Contains(e, "notes.txt") {
		t.Fatalf("a user's file: exit %d, %q", code, e)
	}
	if _, err := os.Stat(filepath.Join(root, "notes.txt")); err != nil {
		t.Fatal("verify removed the user's file")
	}
	os.Remove(filepath.Join(root, "notes.txt"))
	code, _, e := run(t, "verify", root)
	if code != 0 || !strings.Contains(e, "removed 2 files no shard lists") {
		t.Fatalf("exit %d, %q", code, e)
	}
	for _, p := range leftovers {
		if _, err := os.Stat(filepath.Join(root, p)); !os.IsNotExist(err) {
			t.Errorf("%s is still there", p)
		}
	}
	m, err := cohortgen.ReadManifest(root)
	if err != nil || m.Shards != 2 || m.Patients != 60 || m.Tables["patients"] != 60 {
		t.Fatalf("manifest %+v, %v", m, err)
	}
	// The assembled dataset is a dataset like any other: an unsharded run
	// refuses it without --force and replaces it with --force.
	if code, _, e := run(t, "generate", "-n", "10", "-q", "-o", root); code != 2 || !strings.Contains(e, "--force") {
		t.Fatalf("without --force: exit %d, %q", code, e)
	}
	if code, _, e := run(t, "generate", "-n", "10", "-q", "--force", "-o", root); code != 0 {
		t.Fatalf("with --force: exit %d, %q", code, e)
	}
	if _, err := os.Stat(filepath.Join(root, "_shards")); !os.IsNotExist(err) {
		t.Error("the replaced dataset's shard manifests are still there")
	}
}

// TestReadCommandsTakeURLs: stats and audit read a complete dataset from a
// URL (here file://, the same code as a bucket), refuse an incomplete one
// with exit 2 naming verify, and clean removes what a shard left.
func TestReadCommandsTakeURLs(t *testing.T) {
	dir := t.TempDir()
	url := "file://" + filepath.Join(dir, "whole")
	if code, _, e := run(t, "generate", "-n", "300", "-q", "-o", url); code != 0 {
		t.Fatal(e)
	}
	code, o, e := run(t, "stats", "--json", url)
	if code != 0 || !strings.Contains(o, `"patients": 300`) {
		t.Fatalf("stats: exit %d, %q %q", code, o[:min(len(o), 200)], e)
	}
	if code, _, e := run(t, "audit", url); code > 1 {
		t.Fatalf("audit: exit %d, %q", code, e)
	}
	shard := "file://" + filepath.Join(dir, "shard")
	if code, _, e := run(t, "generate", "-n", "300", "-q", "--shard", "0/2", "-o", shard); code != 0 {
		t.Fatal(e)
	}
	if code, _, e := run(t, "stats", shard); code != 2 || !strings.Contains(e, "cohortgen verify") {
		t.Fatalf("stats of an unverified root: exit %d, %q", code, e)
	}
	os.WriteFile(filepath.Join(dir, "shard", "notes.txt"), []byte("mine"), 0o644)
	if code, _, e := run(t, "clean", shard); code != 2 || !strings.Contains(e, "notes.txt") {
		t.Fatalf("clean with a user's file: exit %d, %q", code, e)
	}
	os.Remove(filepath.Join(dir, "shard", "notes.txt"))
	if code, o, e := run(t, "clean", shard); code != 0 || !strings.Contains(o, "removed") {
		t.Fatalf("clean: exit %d, %q %q", code, o, e)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "shard")); len(entries) != 0 {
		t.Errorf("clean left %d entries", len(entries))
	}
}

// twoShards generates both shards of an n-patient run into one new root.
func twoShards(t *testing.T, n string) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "root")
	for _, k := range []string{"0/2", "1/2"} {
		if code, _, e := run(t, "generate", "-n", n, "-q", "--shard", k, "-o", root); code != 0 {
			t.Fatal(e)
		}
	}
	return root
}

// TestVerifyOfAMissingFolderCreatesNothing: reading commands never create
// the root they are given.
func TestVerifyOfAMissingFolderCreatesNothing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo", "root")
	for _, args := range [][]string{{"verify", missing}, {"clean", missing}, {"stats", "file://" + missing}} {
		if code, _, e := run(t, args...); code != 2 || !strings.Contains(e, "typo") {
			t.Errorf("%v: want exit 2 naming the root, got %d %q", args, code, e)
		}
		if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
			t.Fatalf("%v created %s", args, filepath.Dir(missing))
		}
	}
}

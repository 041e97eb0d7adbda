package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/internal/readback"
	"github.com/code4health/cohortgen/storage"
)

// TestMain lets the test binary stand in for the cohortgen command: with
// COHORTGEN_TEST_MAIN set to its arguments (separated by \x1f) it runs
// them and exits with cohortgen's exit code, so tests can start shards as
// separate processes and kill them.
func TestMain(m *testing.M) {
	if args := os.Getenv("COHORTGEN_TEST_MAIN"); args != "" {
		os.Exit(execute(context.Background(), strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// shardRun is the command line every shard of the tests' run shares.
var shardRun = []string{"generate", "-n", "4000", "-s", "7", "-f", "parquet,arrow", "--workers", "1", "-q", "--shard", "auto/4"}

// indexVars gives each shard its index through a different batch system's
// variable, so all three are exercised.
var indexVars = []string{"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX", "SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"}

// startShard starts shard k writing into root as a separate process.
func startShard(t *testing.T, root string, k int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	args := append(append([]string(nil), shardRun...), "-o", root)
	cmd.Env = append(os.Environ(), "COHORTGEN_TEST_MAIN="+strings.Join(args, "\x1f"), fmt.Sprintf("%s=%d", indexVars[k], k))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd
}

// exists reports whether rel is in the root.
func exists(t *testing.T, root, rel string) bool {
	t.Helper()
	if !storage.IsURL(root) {
		_, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
		return err == nil
	}
	st, err := storage.Open(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, ok, err := st.Size(context.Background(), rel)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// checkShardedRun runs 4 shards into root as separate processes, each with
// its index from the environment; shard 1 is killed with SIGKILL as soon
// as it has started writing, and verify must then refuse, naming it, and
// leave no manifest. Once shard 1 is re-run, verify writes the manifest and
// the dataset equals a single local run row for row, nulls included, in
// both formats.
func checkShardedRun(t *testing.T, root string) {
	if runtime.GOOS == "windows" {
		t.Skip("needs kill -9")
	}
	whole := filepath.Join(t.TempDir(), "whole")
	single := append(append([]string(nil), shardRun[:len(shardRun)-2]...), "-o", whole)
	if code, _, e := run(t, single...); code != 0 {
		t.Fatalf("single run: %s", e)
	}

	killed := startShard(t, root, 1)
	deadline := time.Now().Add(20 * time.Second)
	for !exists(t, root, "_shards/1-of-4.run") {
		if time.Now().After(deadline) {
			ls, _ := exec.Command("find", strings.SplitN(root, "?", 2)[0]).CombinedOutput()
			t.Fatalf("shard 1 never started writing; the root holds:\n%s", ls)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := killed.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killed.Wait()
	if exists(t, root, "_shards/1-of-4.json") {
		t.Fatal("the kill came after shard 1 had finished; the test proves nothing")
	}
	var others []*exec.Cmd
	for _, k := range []int{0, 2, 3} {
		others = append(others, startShard(t, root, k))
	}
	for _, c := range others {
		if err := c.Wait(); err != nil {
			t.Fatalf("a shard failed: %v", err)
		}
	}

	code, _, e := run(t, "verify", root)
	if code != 1 || !strings.Contains(e, "shard 1 of 4 has not finished") {
		t.Fatalf("verify with shard 1 killed: exit %d, %q", code, e)
	}
	if exists(t, root, cohortgen.ManifestName) {
		t.Fatal("verify wrote a manifest for an incomplete dataset")
	}

	if err := startShard(t, root, 1).Wait(); err != nil {
		t.Fatalf("re-running shard 1: %v", err)
	}
	if code, o, e := run(t, "verify", root); code != 0 || !strings.Contains(o, "4000 patients from 4 shards") {
		t.Fatalf("verify: exit %d, %q %q", code, o, e)
	}

	got := root
	if storage.IsURL(root) {
		got = filepath.Join(t.TempDir(), "copy")
		if _, err := cohortgen.Download(context.Background(), root, got); err != nil {
			t.Fatal(err)
		}
	}
	wantM, err := cohortgen.ReadManifest(whole)
	if err != nil {
		t.Fatal(err)
	}
	gotM, err := cohortgen.ReadManifest(got)
	if err != nil {
		t.Fatal(err)
	}
	for table, n := range wantM.Tables {
		if gotM.Tables[table] != n {
			t.Errorf("manifest: %s has %d rows, the single run %d", table, gotM.Tables[table], n)
		}
	}
	for _, format := range []string{"parquet", "arrow"} {
		for _, table := range cohortgen.TableOrder {
			a, err := readback.ReadDir(got, format, table)
			if err != nil {
				t.Fatal(err)
			}
			b, err := readback.ReadDir(whole, format, table)
			if err != nil {
				t.Fatal(err)
			}
			if d := readback.Diff(a, b); d != "" {
				t.Fatalf("%s %s: shards and the single run differ: %s", format, table, d)
			}
		}
	}
}

// TestShardsIntoOneLocalFolder needs no object store.
func TestShardsIntoOneLocalFolder(t *testing.T) {
	checkShardedRun(t, filepath.Join(t.TempDir(), "root"))
}

// TestShardsIntoS3 runs against an S3-compatible server on loopback: the
// one COHORTGEN_TEST_S3_ROOT names (s3://bucket/prefix?endpoint=...; CI
// starts MinIO when it can), or else gofakes3, an S3 server in Go that this
// test starts on 127.0.0.1. Credentials come from the environment, as in
// production.
func TestShardsIntoS3(t *testing.T) {
	root := os.Getenv("COHORTGEN_TEST_S3_ROOT")
	if root == "" {
		backend := s3mem.New()
		if err := backend.CreateBucket("cohorts"); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(gofakes3.New(backend).Server())
		t.Cleanup(srv.Close)
		root = "s3://cohorts/england/2025?region=eu-west-2&use_path_style=true&endpoint=" + srv.URL
		t.Setenv("AWS_ACCESS_KEY_ID", "test")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	// Older S3-compatible servers reject the SDK's default trailing checksums.
	t.Setenv("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required")
	t.Setenv("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required")
	checkShardedRun(t, root)
}

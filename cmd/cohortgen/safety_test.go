package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// treeSum is a checksum of everything under root: paths, modes, link
// targets and file bytes.
func treeSum(t *testing.T, root string) string {
	t.Helper()
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
		if info.Mode()&os.ModeSymlink != 0 {
			to, _ := os.Readlink(p)
			line += " -> " + to
		} else if info.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			line += " " + hex.EncodeToString(sum[:])
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

func put(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestForceLeavesAUserFolderByteForByte reproduces issue 8: `generate
// --force` into a folder of documents, and into a source checkout (as
// itself, as ".", as its parent, as the home folder). Each run must exit 2
// with one line saying the folder is not touched, and the whole tree, the
// folder's parent included, must checksum the same before and after.
func TestForceLeavesAUserFolderByteForByte(t *testing.T) {
	root := t.TempDir()
	docs := filepath.Join(root, "mydocs")
	put(t, filepath.Join(docs, "notes.txt"), "hi\n")
	put(t, filepath.Join(docs, "sub", "data.csv"), "x\n")
	repo := filepath.Join(root, "home", "src", "checkout")
	put(t, filepath.Join(repo, "main.go"), "package main\n")
	put(t, filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
	if err := os.Symlink("main.go", filepath.Join(repo, "link.go")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", filepath.Join(root, "home"))
	before := treeSum(t, root)

	check := func(want string, args ...string) {
		t.Helper()
		code, stdout, stderr := run(t, append([]string{"generate", "-n", "50", "--force"}, args...)...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != exitUsage || stdout != "" || len(lines) != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "nothing was touched") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line naming %q", args, code, stdout, stderr, want)
		}
		if treeSum(t, root) != before {
			t.Fatalf("%v changed the tree", args)
		}
	}
	check("not a cohortgen dataset", "-o", docs)
	t.Chdir(repo)
	check("current folder", "-o", repo)
	check("current folder", "-o", ".")
	check("contains the current folder", "-o", "..")
	check("home folder", "-o", filepath.Join(root, "home"))
	check("root folder", "-o", "/")
	check("symbolic link", "-o", "link.go")
	check("not a folder", "-o", "main.go")
}

// TestStalePartialFolderIsReported: the next run removes the staging folder
// of a killed run and says so in one line on stderr, or in none with -q.
func TestStalePartialFolderIsReported(t *testing.T) {
	dead := exec.Command(os.Args[0], "-test.run=^$")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	record := fmt.Sprintf(`{"pid": %d, "host": %q, "token": "x"}`, dead.ProcessState.Pid(), host)
	for _, quiet := range []bool{false, true} {
		parent := t.TempDir()
		partial := filepath.Join(parent, ".out.partial-123")
		put(t, filepath.Join(partial, ".cohortgen-run"), record)
		put(t, filepath.Join(partial, "parquet", "patients", "part-0000000000.parquet"), "half written")
		args := []string{"generate", "-n", "20", "-o", filepath.Join(parent, "out")}
		if quiet {
			args = append(args, "-q")
		}
		code, _, stderr := run(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if _, err := os.Stat(partial); !os.IsNotExist(err) {
			t.Error("the stale partial folder is still there")
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if quiet && stderr != "" {
			t.Errorf("-q printed %q", stderr)
		}
		if !quiet && (len(lines) != 1 || !strings.Contains(stderr, "removed "+partial)) {
			t.Errorf("want one line about %s, got %q", partial, stderr)
		}
	}
}

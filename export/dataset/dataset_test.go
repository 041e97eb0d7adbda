package dataset

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFolderKinds runs Begin and Commit on every kind of target. A refused
// target must be left exactly as it was (same tree checksum), with nothing
// added beside it; a replaced one must hold the new dataset only.
func TestFolderKinds(t *testing.T) {
	cases := []struct {
		name    string
		setup   func(t *testing.T, out string)
		force   bool
		want    error  // nil: the run may replace the folder
		mention string // part of the refusal
	}{
		{"missing", func(*testing.T, string) {}, false, nil, ""},
		{"empty", func(t *testing.T, out string) { os.Mkdir(out, 0o755) }, false, nil, ""},
		{"dataset without force", fakeDataset, false, ErrNotEmpty, "--force"},
		{"dataset with force", fakeDataset, true, nil, ""},
		{"dataset and load checkpoint", func(t *testing.T, out string) {
			fakeDataset(t, out)
			write(t, out, ".load-state", "{}")
		}, true, nil, ""},
		{"dataset of a killed commit", func(t *testing.T, out string) {
			fakeDataset(t, out)
			write(t, out, runRecord, "{}")
		}, true, nil, ""},
		{"dataset plus a user file", func(t *testing.T, out string) {
			fakeDataset(t, out)
			write(t, out, "parquet/patients/notes.txt", "mine")
			write(t, out, "zz.txt", "mine too")
		}, true, ErrNotDataset, "parquet/patients/notes.txt"},
		{"dataset plus an empty folder", func(t *testing.T, out string) {
			fakeDataset(t, out)
			os.Mkdir(filepath.Join(out, "drafts"), 0o755)
		}, true, ErrNotDataset, "drafts/"},
		{"dataset with a link inside", func(t *testing.T, out string) {
			fakeDataset(t, out)
			os.Remove(filepath.Join(out, "arrow/patients/part-0000000000.arrow"))
			os.Symlink("/etc/hostname", filepath.Join(out, "arrow/patients/part-0000000000.arrow"))
		}, true, ErrNotDataset, "arrow/patients/part-0000000000.arrow"},
		{"user folder", func(t *testing.T, out string) {
			write(t, out, "notes.txt", "hi")
			write(t, out, "sub/data.csv", "x")
		}, true, ErrNotDataset, "no manifest.json"},
		{"user folder without force", func(t *testing.T, out string) {
			write(t, out, "notes.txt", "hi")
		}, false, ErrNotDataset, "not a cohortgen dataset"},
		{"another tool's manifest", func(t *testing.T, out string) {
			write(t, out, ManifestName, `{"generator": "other", "files": []}`)
		}, true, ErrNotDataset, "not a cohortgen manifest"},
		{"broken manifest", func(t *testing.T, out string) {
			write(t, out, ManifestName, `{"generator": "cohortgen", "files": [`)
		}, true, ErrNotDataset, "not a cohortgen manifest"},
		{"a file", func(t *testing.T, out string) { write(t, filepath.Dir(out), filepath.Base(out), "x") }, true, ErrUnsafe, "not a folder"},
		{"link to a dataset", func(t *testing.T, out string) {
			fakeDataset(t, out+"-real")
			os.Symlink(filepath.Base(out)+"-real", out)
		}, true, ErrUnsafe, "symbolic link"},
		{"dangling link", func(t *testing.T, out string) { os.Symlink("nowhere", out) }, true, ErrUnsafe, "does not exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "out")
			c.setup(t, out)
			before := treeSum(t, parent)
			var notes []string
			s, err := Begin(out, collect(c.force, &notes))
			if c.want != nil {
				if !errors.Is(err, c.want) || !errors.Is(err, ErrRefused) {
					t.Fatalf("want %v, got %v", c.want, err)
				}
				msg := err.Error()
				if !strings.Contains(msg, c.mention) || strings.Contains(msg, "\n") {
					t.Errorf("want one line naming %q, got %q", c.mention, msg)
				}
				if c.want != ErrNotEmpty && !strings.Contains(msg, "nothing was touched") {
					t.Errorf("the message does not say nothing was touched: %q", msg)
				}
				if treeSum(t, parent) != before {
					t.Fatal("a refused target (or its folder) changed")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			write(t, s.Dir, "new.txt", "new dataset")
			if err := s.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := names(t, out); len(got) != 1 || got[0] != "new.txt" {
				t.Errorf("after commit the folder holds %v", got)
			}
			if got := names(t, parent); len(got) != 1 {
				t.Errorf("left beside the dataset: %v", got)
			}
		})
	}
}

// TestRefusedPaths: /, the home folder, the current folder and any folder
// above it are refused, with or without force, however they are spelled,
// and nothing is created.
func TestRefusedPaths(t *testing.T) {
	root := t.TempDir()
	home := filepath.Join(root, "home")
	wd := filepath.Join(home, "work", "project")
	if err := os.MkdirAll(wd, 0o755); err != nil {
		t.Fatal(err)
	}
	fakeDataset(t, wd) // even a real dataset in the current folder
	t.Setenv("HOME", home)
	t.Chdir(wd)
	if err := os.Symlink(wd, filepath.Join(root, "here")); err != nil {
		t.Fatal(err)
	}
	before := treeSum(t, root)
	for _, out := range []string{"/", home, home + "/", ".", "./", wd, "..", "../..", root, filepath.Join(root, "here"), filepath.Join(wd, "..", "project")} {
		for _, force := range []bool{false, true} {
			var notes []string
			s, err := Begin(out, collect(force, &notes))
			if err == nil {
				s.Abort()
				t.Errorf("%q (force %v) was accepted", out, force)
				continue
			}
			if !errors.Is(err, ErrUnsafe) {
				t.Errorf("%q (force %v): want ErrUnsafe, got %v", out, force, err)
			}
		}
	}
	if treeSum(t, root) != before {
		t.Error("a refused path changed something")
	}
	// A new folder inside the current one is fine.
	s, err := Begin("out", Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
}

// TestCommitChecksAgain: a folder that became a user's during the run is
// not replaced at the end.
func TestCommitChecksAgain(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	s, err := Begin(out, Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	write(t, out, "report.docx", "written meanwhile")
	before := treeSum(t, out)
	if err := s.Commit(); !errors.Is(err, ErrNotDataset) {
		t.Fatalf("want ErrNotDataset, got %v", err)
	}
	s.Abort()
	if treeSum(t, out) != before {
		t.Fatal("the folder changed")
	}
	if got := names(t, filepath.Dir(out)); len(got) != 1 {
		t.Errorf("left behind: %v", got)
	}
}

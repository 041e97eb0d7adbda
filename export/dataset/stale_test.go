package dataset

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for a run that gets killed: with
// DATASET_HELPER_BEGIN set it begins a run into that folder, writes into its
// staging folder, says "ready" and waits to be killed.
func TestMain(m *testing.M) {
	if out := os.Getenv("DATASET_HELPER_BEGIN"); out != "" {
		s, err := Begin(out, Options{Force: true})
		if err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(3)
		}
		os.WriteFile(filepath.Join(s.Dir, "big.parquet"), make([]byte, 1<<20), 0o644)
		os.Stdout.WriteString("ready\n")
		time.Sleep(time.Hour) // until killed
	}
	os.Exit(m.Run())
}

// startRun starts a helper run into out and returns it once it is writing.
func startRun(t *testing.T, out string) *exec.Cmd {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("needs kill -9 and process lookup")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DATASET_HELPER_BEGIN="+out)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		t.Fatalf("helper run did not start: %q", line)
	}
	return cmd
}

// TestKilledRunIsCleanedUp: a run killed with SIGKILL leaves its staging
// folder and its lock; the next run into the same folder reclaims the lock,
// removes the folder and says so in one line, and leaves an earlier dataset
// and everything else beside it alone.
func TestKilledRunIsCleanedUp(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	fakeDataset(t, out)
	write(t, parent, "other/notes.txt", "not cohortgen's")
	write(t, parent, ".outside.partial-1/x", "another target's staging folder")
	cmd := startRun(t, out)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no cleanup runs
		t.Fatal(err)
	}
	cmd.Wait()
	partials, _ := filepath.Glob(filepath.Join(parent, ".out.partial-*"))
	if len(partials) != 1 {
		t.Fatalf("the killed run left %v", names(t, parent))
	}
	if _, err := os.Stat(lockPath(out)); err != nil {
		t.Fatalf("the killed run left no lock: %v", err)
	}
	outBefore, otherBefore := treeSum(t, out), treeSum(t, filepath.Join(parent, "other"))

	var notes []string
	s, err := Begin(out, collect(true, &notes))
	if err != nil {
		t.Fatalf("the stale lock was not reclaimed: %v", err)
	}
	defer s.Abort()
	if len(notes) != 1 || !strings.Contains(notes[0], "removed "+partials[0]) || !strings.Contains(notes[0], "which is gone") {
		t.Errorf("want one line about removing %s, got %q", partials[0], notes)
	}
	if _, err := os.Stat(partials[0]); !os.IsNotExist(err) {
		t.Error("the stale partial folder is still there")
	}
	if treeSum(t, out) != outBefore || treeSum(t, filepath.Join(parent, "other")) != otherBefore {
		t.Error("the earlier dataset or a neighbour changed")
	}
	if _, err := os.Stat(filepath.Join(parent, ".outside.partial-1", "x")); err != nil {
		t.Error("another target's folder was touched")
	}
}

// TestStalePartialsOnlyWhenSurelyGone: a staging folder is removed only when
// its record names a process on this host that is gone. One whose process
// lives, one from another host and one without a record stay.
func TestStalePartialsOnlyWhenSurelyGone(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("process lookup")
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	host, _ := os.Hostname()
	dead := exec.Command(os.Args[0], "-test.run=^$")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	record := func(name string, o owner) {
		write(t, parent, name+"/"+runRecord, string(o.bytes()))
		write(t, parent, name+"/parquet/x.parquet", "partial")
	}
	record(".out.partial-dead", owner{PID: dead.ProcessState.Pid(), Host: host})
	record(".out.partial-alive", owner{PID: os.Getppid(), Host: host})
	record(".out.partial-elsewhere", owner{PID: dead.ProcessState.Pid(), Host: host + "-other"})
	write(t, parent, ".out.partial-norecord/x", "from an older cohortgen")
	var notes []string
	s, err := Begin(out, collect(false, &notes))
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
	left := strings.Join(names(t, parent), " ")
	for _, want := range []string{".out.partial-alive", ".out.partial-elsewhere", ".out.partial-norecord"} {
		if !strings.Contains(left, want) {
			t.Errorf("%s was removed", want)
		}
	}
	if strings.Contains(left, ".out.partial-dead") || strings.Contains(left, ".out.lock") {
		t.Errorf("left: %s", left)
	}
	if len(notes) != 2 || !strings.Contains(strings.Join(notes, "\n"), "partial-norecord alone") {
		t.Errorf("notices: %q", notes)
	}
}

// TestOldDatasetOfAStoppedReplaceIsRemoved: the earlier dataset a killed run
// had moved aside is removed if it is only a dataset, kept otherwise.
func TestOldDatasetOfAStoppedReplaceIsRemoved(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	fakeDataset(t, filepath.Join(parent, ".out.partial-1.old"))
	fakeDataset(t, filepath.Join(parent, ".out.partial-2.old"))
	write(t, parent, ".out.partial-2.old/mine.txt", "added by the user")
	var notes []string
	s, err := Begin(out, collect(false, &notes))
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if got := strings.Join(names(t, parent), " "); got != ".out.partial-2.old" {
		t.Errorf("left: %s", got)
	}
	if len(notes) != 2 {
		t.Errorf("notices: %q", notes)
	}
}

// TestSecondRunIsRefusedAtOnce: while one run holds the folder a second is
// refused at Begin, naming the first; once the first ends, runs go ahead.
func TestSecondRunIsRefusedAtOnce(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	first, err := Begin(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, spelling := range []string{out, filepath.Join(parent, ".", "out"), filepath.Join(parent, "out", "..", "out")} {
		_, err := Begin(spelling, Options{Force: true})
		if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "PID") {
			t.Errorf("%s: want ErrBusy naming the run, got %v", spelling, err)
		}
	}
	fakeDataset(t, first.Dir)
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(lockPath(out)); !os.IsNotExist(err) {
		t.Error("the lock outlived the run")
	}
	second, err := Begin(out, Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	second.Abort()
}

// TestLiveOrForeignLockIsKept: a lock whose process lives, or that comes from
// another host, is never taken over.
func TestLiveOrForeignLockIsKept(t *testing.T) {
	host, _ := os.Hostname()
	for _, o := range []owner{{PID: os.Getppid(), Host: host, Token: "a"}, {PID: 1 << 22, Host: host + "-other", Token: "b"}} {
		parent := t.TempDir()
		out := filepath.Join(parent, "out")
		write(t, parent, ".out.lock", string(o.bytes()))
		if _, err := Begin(out, Options{}); !errors.Is(err, ErrBusy) {
			t.Errorf("%+v: want ErrBusy, got %v", o, err)
		}
		if got, ok := readOwner(lockPath(out)); !ok || got != o {
			t.Errorf("%+v: the lock was changed", o)
		}
	}
}

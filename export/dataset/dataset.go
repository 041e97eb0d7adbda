// Package dataset makes output folders crash-safe and keeps cohortgen from
// ever deleting what is not its own.
//
// A run writes into a hidden staging folder beside the target and renames
// it into place only when every file and the manifest are written. A failed,
// interrupted or killed run never leaves a half-written dataset under the
// target's name and never touches an earlier one.
//
// Before anything is generated, Begin checks the target: it refuses /, the
// home folder, the current folder and the folders above it, a symbolic
// link, and anything but a missing folder, an empty one, or a folder that
// holds a cohortgen dataset and nothing else (replaced only with Force). It
// takes a lock beside the target, so a second run into the same folder is
// refused at once, and removes what killed runs into it left behind.
package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Options configure Begin.
type Options struct {
	// Force allows replacing a folder that holds a cohortgen dataset.
	Force bool
	// OwnFiles are name patterns (path.Match) of files that cohortgen's
	// other commands add at the top of a dataset, such as load's
	// checkpoint; a dataset holding them is still only cohortgen's.
	OwnFiles []string
	// Notify, if set, receives one-line notices (a stale staging folder
	// removed).
	Notify func(line string)
}

func (o Options) notify(format string, a ...any) {
	if o.Notify != nil {
		o.Notify(fmt.Sprintf(format, a...))
	}
}

// Staging is a run's private folder, renamed to the target on Commit.
type Staging struct {
	Target  string
	Dir     string // where the run writes
	opts    Options
	release func() // releases the target's lock
	done    bool
}

// Begin checks the target, takes its lock, clears what killed runs left and
// creates the staging folder beside it. Every refusal matches ErrRefused.
func Begin(target string, opts Options) (*Staging, error) {
	if err := Check(target, opts); err != nil {
		return nil, err
	}
	target = filepath.Clean(target)
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", parent, err)
	}
	me := newOwner()
	release, err := acquireLock(target, me)
	if err != nil {
		return nil, err
	}
	// The contents are checked under the lock: a run replacing the
	// target at the same moment cannot be half-way through.
	if err := checkExisting(target, opts); err != nil {
		release()
		return nil, err
	}
	removeStale(target, opts)
	dir, err := os.MkdirTemp(parent, partialPrefix(target))
	if err == nil {
		err = os.Chmod(dir, 0o755) // MkdirTemp makes it private
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, runRecord), me.bytes(), 0o644)
		}
		if err != nil {
			os.RemoveAll(dir)
		}
	}
	if err != nil {
		release()
		return nil, fmt.Errorf("creating the staging folder in %s: %w", parent, err)
	}
	return &Staging{Target: target, Dir: dir, opts: opts, release: release}, nil
}

// Check tells whether Begin would refuse target for its path or contents,
// without changing anything: no lock is taken, so Begin checks again.
func Check(target string, opts Options) error {
	if target == "" {
		return refuse(ErrUnsafe, "no output folder given")
	}
	return checkExisting(filepath.Clean(target), opts)
}

// checkPath refuses, whatever the folder holds, a target that is never
// replaced: a precious folder, a link, or something other than a folder.
func checkPath(target string) error {
	if err := checkNotPrecious(target); err != nil {
		return err
	}
	if err := checkNotLink(target); err != nil {
		return err
	}
	info, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("output folder: %w", err)
	case !info.IsDir():
		return refuse(ErrUnsafe, fmt.Sprintf("%s exists and is not a folder; nothing was touched", target))
	}
	return nil
}

// checkExisting checks an existing target's contents (a missing one is
// fine).
func checkExisting(target string, opts Options) error {
	if err := checkPath(target); err != nil {
		return err
	}
	if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return checkContents(target, opts)
}

// Commit moves the staging folder into place. The target is checked again
// (it may have changed during the run). An existing target is first moved
// aside, then removed once the new one is in place, so at every instant one
// complete dataset is on disk.
func (s *Staging) Commit() error {
	if s.done {
		return errors.New("dataset: already committed or aborted")
	}
	if err := checkExisting(s.Target, s.opts); err != nil {
		return err
	}
	var old string
	if _, err := os.Lstat(s.Target); err == nil {
		old = s.Dir + ".old"
		if err := os.Rename(s.Target, old); err != nil {
			return fmt.Errorf("moving the earlier %s aside: %w", s.Target, err)
		}
	}
	if err := os.Rename(s.Dir, s.Target); err != nil {
		if old != "" {
			_ = os.Rename(old, s.Target) // put the earlier dataset back
		}
		return fmt.Errorf("moving the new dataset into %s: %w", s.Target, err)
	}
	s.done = true
	defer s.release()
	_ = os.Remove(filepath.Join(s.Target, runRecord))
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes the staging folder and releases the lock. Safe to call
// after Commit (does nothing).
func (s *Staging) Abort() error {
	if s.done {
		return nil
	}
	s.done = true
	defer s.release()
	return os.RemoveAll(s.Dir)
}

// CheckPath refuses a local target that is never written into, whatever it
// holds: /, the home folder, the current folder or one above it, a
// symbolic link, or something other than a folder.
func CheckPath(target string) error {
	if target == "" {
		return refuse(ErrUnsafe, "no output folder given")
	}
	return checkPath(filepath.Clean(target))
}

// Package dataset makes output folders crash-safe: a run writes into a hidden
// staging folder beside the target and renames it into place only when every
// file and the manifest are written. A failed, interrupted or killed run
// never leaves a half-written dataset under the target's name and never
// touches an earlier one.
package dataset

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrNotEmpty is returned when the target folder holds files and replacing
// it was not asked for.
var ErrNotEmpty = errors.New("output folder is not empty")

// Staging is a run's private folder, renamed to the target on Commit.
type Staging struct {
	Target string
	Dir    string // where the run writes
	force  bool
	done   bool
}

// Begin checks the target and creates the staging folder beside it.
func Begin(target string, force bool) (*Staging, error) {
	target = filepath.Clean(target)
	if err := checkTarget(target, force); err != nil {
		return nil, err
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(target)+".partial-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil { // MkdirTemp makes it private
		os.Remove(dir)
		return nil, err
	}
	return &Staging{Target: target, Dir: dir, force: force}, nil
}

func checkTarget(target string, force bool) error {
	info, err := os.Stat(target)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("%s exists and is not a folder", target)
	}
	entries, err := os.ReadDir(target)
	if err != nil {
		return err
	}
	if len(entries) > 0 && !force {
		return fmt.Errorf("%w: %s (add --force to replace it)", ErrNotEmpty, target)
	}
	return nil
}

// Commit moves the staging folder into place. An existing target (allowed by
// Begin) is first moved aside, then removed once the new one is in place, so
// at every instant one complete dataset is on disk.
func (s *Staging) Commit() error {
	if s.done {
		return errors.New("dataset: already committed or aborted")
	}
	if err := checkTarget(s.Target, s.force); err != nil {
		return err
	}
	var old string
	if _, err := os.Stat(s.Target); err == nil {
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
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes the staging folder. Safe to call after Commit (does nothing).
func (s *Staging) Abort() error {
	if s.done {
		return nil
	}
	s.done = true
	return os.RemoveAll(s.Dir)
}

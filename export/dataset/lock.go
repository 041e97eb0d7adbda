package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// lockPath is the lock of a target: a file beside it, .NAME.lock, which
// exists exactly while a run writes the target.
func lockPath(target string) string {
	return filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".lock")
}

// acquireLock takes target's lock for me, so that a second run into the same
// folder is refused at its start rather than after all its work. A lock
// whose process is gone (killed) is reclaimed. It returns the function that
// releases the lock.
func acquireLock(target string, me owner) (release func(), err error) {
	p := lockPath(target)
	for range 2 {
		err := createWith(p, me.bytes())
		if err == nil {
			return func() { removeIfOwned(p, me) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("cannot write in %s: %w", filepath.Dir(target), err)
		}
		held, ok := readOwner(p)
		if !ok || !held.gone() || !reclaim(p, held, me) {
			return nil, busy(target, p, held, ok)
		}
	}
	return nil, busy(target, p, owner{}, false)
}

func busy(target, lock string, held owner, known bool) error {
	who := "another cohortgen run"
	if known {
		who = fmt.Sprintf("another cohortgen run (PID %d on %s)", held.PID, held.Host)
	}
	return refuse(ErrBusy, fmt.Sprintf("%s is writing %s; wait for it to finish (if no run is, remove %s); nothing was touched", who, target, lock))
}

// createWith creates path holding data, failing with fs.ErrExist if it
// exists. The data is written to a private file first and then hard-linked
// into place, so the lock never exists without its owner in it.
func createWith(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".new-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Close()); err != nil {
		return err
	}
	return os.Link(tmp, path)
}

// reclaim removes the lock at p if it is still the stale one held. It first
// renames the lock to a name of its own, so that of two runs reclaiming the
// same lock only one gets it; if what it got is not the stale lock (another
// run took the lock meanwhile), it puts that lock back.
func reclaim(p string, held, me owner) bool {
	mine := p + ".stale-" + me.Token
	if os.Rename(p, mine) != nil {
		return true // someone else moved it; try to create again
	}
	defer os.Remove(mine)
	if got, ok := readOwner(mine); !ok || got != held {
		_ = os.Link(mine, p) // not ours to remove: put it back unless replaced
		return false
	}
	return true
}

// removeIfOwned removes the lock if it is still me's.
func removeIfOwned(p string, me owner) {
	if got, ok := readOwner(p); ok && got == me {
		os.Remove(p)
	}
}

package fhirload

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/code4health/cohortgen/internal/checkpoint"
)

// StateFile is the checkpoint file's name inside the loaded folder.
const StateFile = ".load-state"

// stateJSON is the checkpoint: which units are done, for which server and
// which cut of the data; the embedded Record (last, as in files written
// before it was shared) holds the done-set. Re-doing a unit is harmless (every entry is a PUT), so the file
// only has to be saved often enough to spare most of the work on a resume.
type stateJSON struct {
	Version     int    `json:"version"`
	Server      string `json:"server"`
	Format      string `json:"format"`
	BundleSize  int    `json:"bundle_size"`
	Units       int    `json:"units"`
	Fingerprint string `json:"fingerprint"` // of the unit names, in order
	checkpoint.Record
}

type state struct {
	path      string
	meta      stateJSON
	done      *checkpoint.Progress
	lastSaved time.Time
	dirty     bool
}

func fingerprint(units []unit) string {
	h := sha256.New()
	for _, u := range units {
		io.WriteString(h, u.name)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// openState reads DIR/.load-state for a resume, or starts a new state.
func openState(opt Options, format string, units []unit, stderr io.Writer) (*state, error) {
	s := &state{
		path: filepath.Join(opt.Dir, StateFile),
		done: checkpoint.NewProgress(len(units)),
		meta: stateJSON{Version: 1, Server: opt.Server, Format: format, BundleSize: opt.BundleSize,
			Units: len(units), Fingerprint: fingerprint(units)},
	}
	data, err := os.ReadFile(s.path)
	if errors.Is(err, os.ErrNotExist) {
		if opt.Resume {
			fmt.Fprintf(stderr, "no %s in %s: loading everything\n", StateFile, opt.Dir)
		}
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	var old stateJSON
	if err := json.Unmarshal(data, &old); err != nil {
		if opt.Resume {
			return nil, fmt.Errorf("%s is damaged (%v): run without --resume to start over", s.path, err)
		}
		return s, nil
	}
	if !opt.Resume {
		if !old.Complete {
			fmt.Fprintf(stderr, "%s records an unfinished load (%d units done); starting over (use --resume to continue it)\n",
				s.path, old.DoneBelow+len(old.Done))
		}
		return s, nil
	}
	switch {
	case old.Version != 1:
		return nil, fmt.Errorf("%s: unknown version %d", s.path, old.Version)
	case old.Server != opt.Server:
		return nil, fmt.Errorf("%s is for server %s, not %s: run without --resume to start over", s.path, old.Server, opt.Server)
	case old.Format != format || old.BundleSize != opt.BundleSize:
		return nil, fmt.Errorf("%s is for format %s with --bundle-size %d, not %s with %d: use the same options or run without --resume",
			s.path, old.Format, old.BundleSize, format, opt.BundleSize)
	case old.Units != len(units) || old.Fingerprint != s.meta.Fingerprint:
		return nil, fmt.Errorf("%s does not match the files in %s (they changed since): run without --resume to start over", s.path, opt.Dir)
	}
	s.done.Restore(old.Record)
	fmt.Fprintf(stderr, "resuming: %d of %d units already done\n", s.done.Count(), len(units))
	return s, nil
}

func (s *state) isDone(i int) bool { return s.done.Done(i) }
func (s *state) doneCount() int    { return s.done.Count() }

func (s *state) markDone(i int) {
	if s.done.Mark(i) {
		s.dirty = true
	}
}

func (s *state) firstNotDone(units []unit) string {
	if i := s.done.FirstNotDone(); i >= 0 {
		return units[i].name
	}
	return "(nothing: all done)"
}

// maybeSave saves at most twice a second.
func (s *state) maybeSave() {
	if s.dirty && time.Since(s.lastSaved) >= 500*time.Millisecond {
		s.save()
	}
}

func (s *state) save() error {
	m := s.meta
	m.Record = s.done.Record()
	if err := checkpoint.WriteJSON(s.path, m); err != nil {
		return err
	}
	s.lastSaved = time.Now()
	s.dirty = false
	return nil
}

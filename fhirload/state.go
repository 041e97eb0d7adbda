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
	"sort"
	"time"
)

// StateFile is the checkpoint file's name inside the loaded folder.
const StateFile = ".load-state"

// stateJSON is the checkpoint: which units are done, for which server and
// which cut of the data. Units below DoneBelow are all done; Done lists the
// others. Re-doing a unit is harmless (every entry is a PUT), so the file
// only has to be saved often enough to spare most of the work on a resume.
type stateJSON struct {
	Version     int       `json:"version"`
	Server      string    `json:"server"`
	Format      string    `json:"format"`
	BundleSize  int       `json:"bundle_size"`
	Units       int       `json:"units"`
	Fingerprint string    `json:"fingerprint"` // of the unit names, in order
	DoneBelow   int       `json:"done_below"`
	Done        []int     `json:"done,omitempty"`
	Complete    bool      `json:"complete"`
	Updated     time.Time `json:"updated"`
}

type state struct {
	path      string
	meta      stateJSON
	done      []bool
	n         int
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
		done: make([]bool, len(units)),
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
	for i := 0; i < old.DoneBelow && i < len(units); i++ {
		s.markDone(i)
	}
	for _, i := range old.Done {
		if i >= 0 && i < len(units) {
			s.markDone(i)
		}
	}
	s.dirty = false
	fmt.Fprintf(stderr, "resuming: %d of %d units already done\n", s.n, len(units))
	return s, nil
}

func (s *state) isDone(i int) bool { return s.done[i] }
func (s *state) doneCount() int    { return s.n }

func (s *state) markDone(i int) {
	if !s.done[i] {
		s.done[i] = true
		s.n++
		s.dirty = true
	}
}

func (s *state) firstNotDone(units []unit) string {
	for i, d := range s.done {
		if !d {
			return units[i].name
		}
	}
	return "(nothing: all done)"
}

// maybeSave saves at most twice a second.
func (s *state) maybeSave() {
	if s.dirty && time.Since(s.lastSaved) >= 500*time.Millisecond {
		s.save()
	}
}

// save writes the state atomically: a temporary file, synced, renamed over
// the old one.
func (s *state) save() error {
	m := s.meta
	m.DoneBelow = 0
	for m.DoneBelow < len(s.done) && s.done[m.DoneBelow] {
		m.DoneBelow++
	}
	m.Done = nil
	for i := m.DoneBelow; i < len(s.done); i++ {
		if s.done[i] {
			m.Done = append(m.Done, i)
		}
	}
	sort.Ints(m.Done)
	m.Complete = s.n == len(s.done)
	m.Updated = time.Now().UTC()
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), StateFile+".tmp*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(append(data, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), s.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	s.lastSaved = time.Now()
	s.dirty = false
	return nil
}

package openehrload

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// StateFile is the checkpoint's name in the loaded folder (the FHIR
// loader's is .load-state; the two never share one).
const StateFile = ".openehr-load-state"

// stateJSON records which EHRs (by index in part order) are fully loaded,
// for which server and which data. EHRs below DoneBelow are all done.
// Re-loading an EHR is harmless, so saving twice a second is enough.
type stateJSON struct {
	Version     int       `json:"version"`
	Server      string    `json:"server"` // without a password
	EHRs        int       `json:"ehrs"`
	Fingerprint string    `json:"fingerprint"`
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
}

func fingerprint(ehrs []ehr) string {
	h := sha256.New()
	for _, e := range ehrs {
		io.WriteString(h, e.ID)
		io.WriteString(h, e.File)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// openState starts a new state or, with Resume, continues the saved one.
func openState(opt Options, ehrs []ehr, stderr io.Writer) (*state, error) {
	s := &state{path: filepath.Join(opt.Dir, StateFile), done: make([]bool, len(ehrs)),
		meta: stateJSON{Version: 1, Server: redact(opt.Server), EHRs: len(ehrs), Fingerprint: fingerprint(ehrs)}}
	if !opt.Resume {
		return s, nil
	}
	data, err := os.ReadFile(s.path)
	if errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "no %s in %s: loading everything\n", StateFile, opt.Dir)
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	var old stateJSON
	switch {
	case json.Unmarshal(data, &old) != nil || old.Version != 1:
		return nil, fmt.Errorf("%s is damaged: run without --resume to start over", s.path)
	case old.Server != s.meta.Server:
		return nil, fmt.Errorf("%s is for server %s, not %s: run without --resume to start over", s.path, old.Server, s.meta.Server)
	case old.EHRs != len(ehrs) || old.Fingerprint != s.meta.Fingerprint:
		return nil, fmt.Errorf("%s does not match the EHRs in %s: run without --resume to start over", s.path, opt.Dir)
	}
	for i := 0; i < old.DoneBelow && i < len(ehrs); i++ {
		s.markDone(i)
	}
	for _, i := range old.Done {
		if i >= 0 && i < len(ehrs) {
			s.markDone(i)
		}
	}
	fmt.Fprintf(stderr, "resuming: %d of %d EHRs already done\n", s.n, len(ehrs))
	return s, nil
}

func (s *state) isDone(i int) bool { return s.done[i] }
func (s *state) doneCount() int    { return s.n }

func (s *state) markDone(i int) {
	if !s.done[i] {
		s.done[i] = true
		s.n++
	}
}

func (s *state) maybeSave() {
	if time.Since(s.lastSaved) >= 500*time.Millisecond {
		s.save()
	}
}

// save writes the state atomically (temporary file, sync, rename).
func (s *state) save() error {
	m := s.meta
	for m.DoneBelow < len(s.done) && s.done[m.DoneBelow] {
		m.DoneBelow++
	}
	for i := m.DoneBelow; i < len(s.done); i++ {
		if s.done[i] {
			m.Done = append(m.Done, i)
		}
	}
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
	return nil
}

// redact drops the user information from a URL, for the state file.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}

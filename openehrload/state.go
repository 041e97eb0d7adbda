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

	"github.com/code4health/cohortgen/internal/checkpoint"
)

// StateFile is the checkpoint's name in the loaded folder (the FHIR
// loader's is .load-state; the two never share one).
const StateFile = ".openehr-load-state"

// stateJSON records which EHRs (by index in part order) are fully loaded,
// for which server and which data; the embedded Record (last, as in files
// written before it was shared) holds the done-set. Re-loading an EHR is
// harmless, so saving twice a second is enough.
type stateJSON struct {
	Version     int    `json:"version"`
	Server      string `json:"server"` // without a password
	EHRs        int    `json:"ehrs"`
	Fingerprint string `json:"fingerprint"`
	checkpoint.Record
}

type state struct {
	path      string
	meta      stateJSON
	done      *checkpoint.Progress
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
	s := &state{path: filepath.Join(opt.Dir, StateFile), done: checkpoint.NewProgress(len(ehrs)),
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
	s.done.Restore(old.Record)
	fmt.Fprintf(stderr, "resuming: %d of %d EHRs already done\n", s.done.Count(), len(ehrs))
	return s, nil
}

func (s *state) isDone(i int) bool { return s.done.Done(i) }
func (s *state) doneCount() int    { return s.done.Count() }
func (s *state) markDone(i int)    { s.done.Mark(i) }

func (s *state) maybeSave() {
	if time.Since(s.lastSaved) >= 500*time.Millisecond {
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

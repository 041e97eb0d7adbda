package fhir

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/sink"
)

// Options configure the FHIR sinks.
type Options struct {
	// AsOf is the date the dataset describes. A MedicationRequest whose end
	// date is after AsOf is "active", otherwise "completed". When zero, any
	// end date means "completed" and only open-ended courses are "active".
	// It must not depend on the wall clock, so reruns give the same bytes.
	AsOf models.Date
	// Shard, when set, is put in the NDJSON file names
	// (fhir/Patient.<Shard>.ndjson), so the files of several shards of one
	// dataset can sit in one folder. Bundle files are named by patient id and
	// never collide.
	Shard string
	// FirstPatient is the index of the run's (or shard's) first patient:
	// the NDJSON sink writes the part starting there straight to the final
	// files (see NDJSON). Leaving it 0 on a shard that starts elsewhere is
	// correct, only slower.
	FirstPatient int64
	// Practices and Practitioners are the run's practices and
	// practitioners, for runs whose generator does not call WritePractices
	// and WritePractitioners (a shard that does not write the shared
	// tables). The Bundle sink needs them, to put each patient's practice and
	// clinicians in the patient's Bundle; the NDJSON sink ignores them.
	Practices     []models.Practice
	Practitioners []models.Practitioner
}

// Format names, as recorded in the manifest and used by -f.
const (
	FormatNDJSON = "fhir-ndjson"
	FormatBundle = "fhir-bundle"
)

// Patient-level NDJSON types, indexes into a part writer's files.
const (
	tPatient = iota
	tCondition
	tEncounter
	tMedicationRequest
	tObservation
	tImmunization
	tAllergyIntolerance
	nPatientTypes
)

var patientTypes = [nPatientTypes]string{"Patient", "Condition", "Encounter", "MedicationRequest", "Observation",
	"Immunization", "AllergyIntolerance"}

// NDJSON is the Bulk Data sink: one file per resource type,
// <root>/fhir/<ResourceType>.ndjson, one resource per line, in patient order.
//
// Parts are written concurrently but must end up in part order. The sink
// keeps a "head": the lowest part whose records are not all in the final
// files yet. The head's writer appends straight to the final files (which
// the Registry creates, hashes and counts); every other part writes to its
// own temporary files under <root>/fhir/.parts/. When the head closes, the
// parts that follow it and are already closed are appended to the final
// files and removed, and the next open part becomes the head: at its next
// flush it moves what it has written so far to the final files and goes on
// writing there. So the registry records only the final files, each byte is
// hashed exactly once (by the Registry, on its way to the final file), and
// the head's bytes never touch a temporary file. Close appends whatever is
// left, in part order.
//
// Each final file and each temporary file is written through a pipe (see
// pipe), so hashing and the kernel's copies run beside the encoding. A
// temporary file's pages are freed as it is appended (freeRead), so the run
// never holds a part's bytes twice: where fresh memory is costly (a tmpfs
// output on a virtual machine that backs its pages lazily) that second copy
// cost more system time than the rest of the run together.
//
// The head starts at Options.FirstPatient: a part below it is an error, and
// parts that start above it simply wait in temporary files until Close.
type NDJSON struct {
	reg *outfile.Registry
	opt Options

	head atomic.Int64 // First of the head part; changed under mu

	mu      sync.Mutex
	outs    [nPatientTypes]*outfile.File // final files, created by the first OpenPart or Close
	pipes   [nPatientTypes]*pipe         // writing outs
	pending map[int64]*ndjsonPart        // closed parts waiting in temporary files, by First
	open    int
	err     error // the first write error; the final files are then unusable
	closed  bool
}

// NewNDJSON returns an NDJSON sink writing under reg.Root.
func NewNDJSON(reg *outfile.Registry, opt Options) *NDJSON {
	s := &NDJSON{reg: reg, opt: opt, pending: make(map[int64]*ndjsonPart)}
	s.head.Store(opt.FirstPatient)
	return s
}

var _ sink.Sink = (*NDJSON)(nil)

func (s *NDJSON) finalName(typ string) string {
	if s.opt.Shard != "" {
		return "fhir/" + typ + "." + s.opt.Shard + ".ndjson"
	}
	return "fhir/" + typ + ".ndjson"
}

// partsDir holds the parts that finish before the ones ahead of them: local
// scratch, never the destination (which may be a bucket).
func (s *NDJSON) partsDir() string { return filepath.Join(s.reg.Scratch, "fhir", ".parts") }

// createOuts creates the final files; s.mu must be held.
func (s *NDJSON) createOuts() error {
	if s.outs[0] != nil {
		return nil
	}
	for t, typ := range patientTypes {
		f, err := s.reg.Create(s.finalName(typ), FormatNDJSON, typ)
		if err != nil {
			for _, o := range s.outs[:t] {
				o.Abort()
			}
			s.outs = [nPatientTypes]*outfile.File{}
			return err
		}
		s.outs[t] = f
	}
	for t, o := range s.outs {
		s.pipes[t] = newPipe(o)
	}
	return nil
}

// WritePractices writes Organization.ndjson (one per practice).
func (s *NDJSON) WritePractices(practices []models.Practice) error {
	return writeShared(s, "Organization", practices, func(b []byte, p *models.Practice) []byte {
		var enc encoder
		return enc.Organization(b, p)
	})
}

// WritePractitioners writes Practitioner.ndjson (one per row of the
// practitioners table).
func (s *NDJSON) WritePractitioners(practitioners []models.Practitioner) error {
	return writeShared(s, "Practitioner", practitioners, func(b []byte, p *models.Practitioner) []byte {
		var enc encoder
		return enc.Practitioner(b, p)
	})
}

// writeShared writes one resource per row to <typ>.ndjson.
func writeShared[T any](s *NDJSON, typ string, rows []T, encode func([]byte, *T) []byte) error {
	f, err := s.reg.Create(s.finalName(typ), FormatNDJSON, typ)
	if err != nil {
		return err
	}
	var b []byte
	for i := range rows {
		b = encode(b, &rows[i])
		b = append(b, '\n')
		if len(b) >= flushSize {
			if _, err = f.Write(b); err != nil {
				break
			}
			b = b[:0]
		}
	}
	if err == nil {
		_, err = f.Write(b)
	}
	if err != nil {
		f.Abort()
		return err
	}
	f.AddRows(int64(len(rows)))
	return f.Close()
}

// flushSize is the size at which a writer hands its buffer to the file.
const flushSize = 1 << 20

type ndjsonPart struct {
	part  sink.Part
	paths [nPatientTypes]string // temporary files; "" once moved to the final files
	rows  [nPatientTypes]int64
}

// removeTemps removes the part's temporary files that are left.
func (rec *ndjsonPart) removeTemps() {
	for t, p := range rec.paths {
		if p != "" {
			os.Remove(p)
			rec.paths[t] = ""
		}
	}
}

// OpenPart returns the part's writer. It starts writing to temporary files
// unless the part is the head.
func (s *NDJSON) OpenPart(p sink.Part) (sink.PartWriter, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return nil, errors.New("fhir-ndjson: OpenPart after Close")
	case s.err != nil:
		return nil, s.err
	case p.First < s.head.Load():
		return nil, fmt.Errorf("fhir-ndjson: part %s starts before patient %d, which the sink has already written up to (Options.FirstPatient is %d)", p.Name(), s.head.Load(), s.opt.FirstPatient)
	}
	if err := s.createOuts(); err != nil {
		return nil, err
	}
	w := &ndjsonWriter{sink: s, rec: &ndjsonPart{part: p}}
	w.enc.asOf = s.opt.AsOf
	for t := range w.bufs {
		w.bufs[t] = make([]byte, 0, bufCap)
	}
	if p.First == s.head.Load() {
		w.direct = true
	} else {
		dir := s.partsDir()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		for t, typ := range patientTypes {
			path := filepath.Join(dir, p.Name()+"."+typ+".ndjson")
			f, err := os.Create(path)
			if err != nil {
				w.removeTemps()
				return nil, err
			}
			w.files[t] = f
			w.temps[t] = newPipe(f)
			w.rec.paths[t] = path
		}
	}
	s.open++
	return w, nil
}

type ndjsonWriter struct {
	sink   *NDJSON
	rec    *ndjsonPart
	enc    encoder
	direct bool                    // writing to the sink's final files
	files  [nPatientTypes]*os.File // temporary files while not direct
	temps  [nPatientTypes]*pipe    // writing files
	bufs   [nPatientTypes][]byte
	err    error
	closed bool
}

func (w *ndjsonWriter) Write(b *models.Batch) error {
	if w.err != nil {
		return w.err
	}
	err := forEachPatient(b, func(pr *patientRecords) error {
		w.encodePatient(pr)
		for t := range w.bufs {
			if len(w.bufs[t]) >= flushSize {
				if err := w.flush(t); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		w.fail(err)
	}
	return err
}

func (w *ndjsonWriter) fail(err error) {
	w.err = err
	w.sink.mu.Lock()
	if w.sink.err == nil {
		w.sink.err = err
	}
	w.sink.mu.Unlock()
}

func (w *ndjsonWriter) encodePatient(pr *patientRecords) {
	e := &w.enc
	b := e.Patient(w.bufs[tPatient], pr.P)
	w.bufs[tPatient] = append(b, '\n')
	w.rec.rows[tPatient]++
	appendLines(w, tCondition, pr.Conds, e.Condition)
	appendLines(w, tEncounter, pr.Encs, func(b []byte, enc *models.Encounter) []byte { return e.Encounter(b, enc, pr.Conds) })
	appendLines(w, tMedicationRequest, pr.Rxs, e.MedicationRequest)
	appendLines(w, tObservation, pr.Obs, e.Observation)
	if HasCauseOfDeath(pr.P) {
		b = e.CauseOfDeath(w.bufs[tObservation], pr.P, CauseOfDeathID(pr.P.PatientID))
		w.bufs[tObservation] = append(b, '\n')
		w.rec.rows[tObservation]++
	}
	appendLines(w, tImmunization, pr.Imms, e.Immunization)
	appendLines(w, tAllergyIntolerance, pr.Alls, e.AllergyIntolerance)
}

// appendLines encodes each row as one line of its resource type's buffer
// and counts it.
func appendLines[T any](w *ndjsonWriter, t int, rows []T, encode func([]byte, *T) []byte) {
	b := w.bufs[t]
	for i := range rows {
		b = append(encode(b, &rows[i]), '\n')
	}
	w.bufs[t] = b
	w.rec.rows[t] += int64(len(rows))
}

// flush hands buffer t to the final file (when the part is the head) or to
// its temporary file, first becoming direct if the part has become the head.
func (w *ndjsonWriter) flush(t int) error {
	if !w.direct && w.sink.head.Load() == w.rec.part.First {
		if err := w.promote(); err != nil {
			return err
		}
	}
	if len(w.bufs[t]) == 0 {
		return nil
	}
	p := w.sink.pipes[t]
	if !w.direct {
		p = w.temps[t]
	}
	var err error
	if w.bufs[t], err = p.Swap(w.bufs[t]); err != nil {
		return fmt.Errorf("fhir-ndjson: %w", err)
	}
	return nil
}

// promote moves what the part has written so far from its temporary files
// to the final files; from then on it writes there. The head cannot change
// under it: only the head's own Close moves the head on.
func (w *ndjsonWriter) promote() error {
	s := w.sink
	s.mu.Lock()
	defer s.mu.Unlock()
	err := w.closeTemps()
	if err == nil {
		err = s.appendTemps(w.rec)
	}
	w.rec.removeTemps()
	if err != nil {
		return fmt.Errorf("fhir-ndjson: moving %s to the final file: %w", w.rec.part.Name(), err)
	}
	w.direct = true
	return nil
}

// closeTemps waits for the temporary files' pipes and closes the files.
func (w *ndjsonWriter) closeTemps() error {
	var errs []error
	for t, f := range w.files {
		if f == nil {
			continue
		}
		errs = append(errs, w.temps[t].Close(), f.Close())
		w.files[t], w.temps[t] = nil, nil
	}
	return errors.Join(errs...)
}

func (w *ndjsonWriter) removeTemps() {
	w.closeTemps()
	w.rec.removeTemps()
}

// Close flushes the part. The head then moves on past it and past any
// closed parts that follow; any other part waits for its turn.
func (w *ndjsonWriter) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	s := w.sink
	err := w.err
	for t := range w.bufs {
		if err == nil {
			err = w.flush(t)
		}
	}
	if cerr := w.closeTemps(); err == nil && cerr != nil {
		err = fmt.Errorf("fhir-ndjson: %w", cerr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.open--
	if err != nil {
		if s.err == nil {
			s.err = err
		}
		w.rec.removeTemps()
		return err
	}
	if w.direct {
		for t, o := range s.outs {
			o.AddRows(w.rec.rows[t])
		}
		s.head.Store(w.rec.part.End)
	} else {
		s.pending[w.rec.part.First] = w.rec
	}
	return s.drain()
}

// drain appends the pending parts that start at the head, moving the head
// on; s.mu must be held.
func (s *NDJSON) drain() error {
	for {
		rec := s.pending[s.head.Load()]
		if rec == nil {
			return nil
		}
		delete(s.pending, rec.part.First)
		if err := s.appendPart(rec); err != nil {
			if s.err == nil {
				s.err = err
			}
			return err
		}
		s.head.Store(rec.part.End)
	}
}

// appendPart appends a closed part's temporary files to the final files,
// counts its rows and removes the files; s.mu must be held.
func (s *NDJSON) appendPart(rec *ndjsonPart) error {
	err := s.appendTemps(rec)
	rec.removeTemps()
	if err != nil {
		return err
	}
	for t, o := range s.outs {
		o.AddRows(rec.rows[t])
	}
	return nil
}

// appendTemps hands a part's temporary files to the final files' pipes, one
// goroutine per type; s.mu must be held.
func (s *NDJSON) appendTemps(rec *ndjsonPart) error {
	var errs [nPatientTypes]error
	var wg sync.WaitGroup
	for t := range patientTypes {
		wg.Go(func() { errs[t] = appendFile(s.pipes[t], rec.paths[t]) })
	}
	wg.Wait()
	return errors.Join(errs[:]...)
}

// appendFile reads the file at path into p, freeing each piece once read.
func appendFile(p *pipe, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	b := make([]byte, 0, bufCap)
	var off int64
	for {
		n, rerr := f.Read(b[:cap(b)])
		if n > 0 {
			freeRead(f, off, int64(n))
			off += int64(n)
			if b, err = p.Swap(b[:n]); err != nil {
				return fmt.Errorf("fhir-ndjson: appending %s: %w", path, err)
			}
		}
		if rerr == io.EOF {
			return nil
		}
		if rerr != nil {
			return fmt.Errorf("fhir-ndjson: appending %s: %w", path, rerr)
		}
	}
}

// Close appends the parts still waiting, in part order, and closes the final
// files. Every part must have been closed.
func (s *NDJSON) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.err
	if err == nil && s.open != 0 {
		err = fmt.Errorf("fhir-ndjson: Close with %d parts still open", s.open)
	}
	if err == nil {
		err = s.createOuts()
	}
	if err == nil {
		firsts := make([]int64, 0, len(s.pending))
		for f := range s.pending {
			firsts = append(firsts, f)
		}
		sort.Slice(firsts, func(i, j int) bool { return firsts[i] < firsts[j] })
		for _, f := range firsts {
			rec := s.pending[f]
			if rec.part.First < s.head.Load() {
				err = fmt.Errorf("fhir-ndjson: part %s overlaps the parts before it", rec.part.Name())
				break
			}
			if err = s.appendPart(rec); err != nil {
				break
			}
			delete(s.pending, f)
			s.head.Store(rec.part.End)
		}
	}
	if err == nil {
		err = s.closePipes()
	}
	if err != nil {
		s.closePipes()
		for _, o := range s.outs {
			if o != nil {
				o.Abort()
			}
		}
		for _, rec := range s.pending {
			rec.removeTemps()
		}
		return err
	}
	var errs []error
	for _, o := range s.outs {
		errs = append(errs, o.Close())
	}
	os.Remove(s.partsDir()) // only succeeds when empty
	return errors.Join(errs...)
}

// closePipes waits for the final files' pipes; s.mu must be held.
func (s *NDJSON) closePipes() error {
	var errs []error
	for _, p := range s.pipes {
		if p != nil {
			errs = append(errs, p.Close())
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("fhir-ndjson: %w", err)
	}
	return nil
}

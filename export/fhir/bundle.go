package fhir

import (
	"fmt"
	"strings"
	"sync"

	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/sink"
)

// Bundles is the per-patient transaction Bundle sink: one file per patient,
// <root>/bundles/<part>/<patient_id>.json (for example
// bundles/part-0000025000/0b9f….json), one folder per part so that no folder
// holds more than sink.PartSize files.
//
// Every entry has fullUrl "urn:uuid:<id>", every reference inside the Bundle
// is a urn:uuid of another entry, and every entry is a PUT to Type/<id> with
// the resource's stable id. The patient's practice (Organization) and the
// practitioners their encounters and prescriptions name (Practitioner, from
// the practitioners table) are in every Bundle of their patients; because they are
// PUT with a stable id, loading Bundles in any order, twice or in parallel
// never duplicates them (and re-loading a patient replaces its resources
// instead of adding copies).
type Bundles struct {
	reg *outfile.Registry
	opt Options

	mu            sync.RWMutex
	practices     map[string]*practiceEntries
	practitioners map[string][]byte // practitioner id -> its Bundle entry
}

// practiceEntries are a practice's Bundle entries, encoded once.
type practiceEntries struct {
	org []byte
}

// NewBundles returns a Bundle sink writing under reg.Root. Options.Practices,
// if set, are registered at once (see Options).
func NewBundles(reg *outfile.Registry, opt Options) *Bundles {
	s := &Bundles{reg: reg, opt: opt, practices: make(map[string]*practiceEntries), practitioners: make(map[string][]byte)}
	s.addPractices(opt.Practices)
	s.addPractitioners(opt.Practitioners)
	return s
}

var _ sink.Sink = (*Bundles)(nil)

// entryOpen appends the start of a Bundle entry, up to its resource.
func entryOpen(b []byte, id string) []byte {
	b = append(b, `{"fullUrl":"urn:uuid:`...)
	b = appendRaw(b, id)
	return append(b, `","resource":`...)
}

// entryClose appends the end of a Bundle entry: its PUT request.
// appendEntries appends one transaction entry per row, each after a comma.
func appendEntries[T any](b []byte, typ string, rows []T, id func(*T) string, encode func([]byte, *T) []byte) []byte {
	for i := range rows {
		r := &rows[i]
		b = append(b, ',')
		b = entryOpen(b, id(r))
		b = encode(b, r)
		b = entryClose(b, typ, id(r))
	}
	return b
}

func entryClose(b []byte, typ, id string) []byte {
	b = append(b, `,"request":{"method":"PUT","url":"`...)
	b = append(b, typ...)
	b = append(b, '/')
	b = appendRaw(b, id)
	return append(b, `"}}`...)
}

func (s *Bundles) addPractices(practices []models.Practice) {
	enc := encoder{bundle: true}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range practices {
		p := &practices[i]
		org := entryOpen(nil, p.PracticeID)
		org = enc.Organization(org, p)
		s.practices[p.PracticeID] = &practiceEntries{org: entryClose(org, "Organization", p.PracticeID)}
	}
}

func (s *Bundles) addPractitioners(practitioners []models.Practitioner) {
	enc := encoder{bundle: true}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range practitioners {
		p := &practitioners[i]
		g := entryOpen(nil, p.PractitionerID)
		g = enc.Practitioner(g, p)
		s.practitioners[p.PractitionerID] = entryClose(g, "Practitioner", p.PractitionerID)
	}
}

// WritePractitioners records the practitioners; it writes no file of its
// own (each Bundle carries the practitioners its patient saw).
func (s *Bundles) WritePractitioners(practitioners []models.Practitioner) error {
	s.addPractitioners(practitioners)
	return nil
}

// WritePractices records the practices; it writes no file of its own (each
// Bundle carries its patient's practice).
func (s *Bundles) WritePractices(practices []models.Practice) error {
	s.addPractices(practices)
	return nil
}

// OpenPart returns the writer of the part's Bundles.
func (s *Bundles) OpenPart(p sink.Part) (sink.PartWriter, error) {
	return &bundleWriter{sink: s, dir: "bundles/" + p.Name() + "/", enc: encoder{bundle: true, asOf: s.opt.AsOf}}, nil
}

// Close is a no-op: every Bundle file is closed as soon as it is written.
func (s *Bundles) Close() error { return nil }

type bundleWriter struct {
	sink *Bundles
	dir  string
	enc  encoder
	buf  []byte
	seen map[string]bool // practitioners already in the Bundle
}

func (w *bundleWriter) Write(b *models.Batch) error {
	return forEachPatient(b, w.writePatient)
}

func validFileID(id string) bool {
	return id != "" && id[0] != '.' && !strings.ContainsAny(id, `/\`) && len(id) <= 64
}

func (w *bundleWriter) writePatient(pr *patientRecords) error {
	p := pr.P
	if !validFileID(p.PatientID) {
		return fmt.Errorf("fhir-bundle: patient id %q cannot name a file", p.PatientID)
	}
	w.sink.mu.RLock()
	pe := w.sink.practices[p.PracticeID]
	w.sink.mu.RUnlock()
	if pe == nil {
		return fmt.Errorf("fhir-bundle: patient %s: practice %q is unknown (the Bundle sink needs the practices: WritePractices or Options.Practices)", p.PatientID, p.PracticeID)
	}
	e := &w.enc

	b := append(w.buf[:0], `{"resourceType":"Bundle","type":"transaction","entry":[`...)
	b = append(b, pe.org...)
	b = append(b, ',')
	// A previous practice that some earlier encounters belong to comes too,
	// and so does every practitioner the encounters and prescriptions name,
	// so that every reference resolves inside the Bundle.
	entries := 2 // practice, patient
	if w.seen == nil {
		w.seen = make(map[string]bool)
	}
	clear(w.seen)
	addPractitioner := func(id string) error {
		if id == "" || w.seen[id] {
			return nil
		}
		w.seen[id] = true
		w.sink.mu.RLock()
		g := w.sink.practitioners[id]
		w.sink.mu.RUnlock()
		if g == nil {
			return fmt.Errorf("fhir-bundle: patient %s: practitioner %q is unknown (the Bundle sink needs the practitioners: WritePractitioners or Options.Practitioners)", p.PatientID, id)
		}
		b = append(b, g...)
		b = append(b, ',')
		entries++
		return nil
	}
	for i := range pr.Encs {
		if err := addPractitioner(pr.Encs[i].PractitionerID); err != nil {
			return err
		}
	}
	for i := range pr.Rxs {
		if err := addPractitioner(pr.Rxs[i].PrescriberID); err != nil {
			return err
		}
	}
	for i := range pr.Encs {
		id := pr.Encs[i].PracticeID
		if id == p.PracticeID || seenBefore(pr.Encs[:i], id) {
			continue
		}
		w.sink.mu.RLock()
		other := w.sink.practices[id]
		w.sink.mu.RUnlock()
		if other == nil {
			return fmt.Errorf("fhir-bundle: patient %s: encounter practice %q is unknown", p.PatientID, id)
		}
		b = append(b, other.org...)
		b = append(b, ',')
		entries++
	}
	b = entryOpen(b, p.PatientID)
	b = e.Patient(b, p)
	b = entryClose(b, "Patient", p.PatientID)
	b = appendEntries(b, "Condition", pr.Conds, func(c *models.Condition) string { return c.ConditionID }, e.Condition)
	b = appendEntries(b, "Encounter", pr.Encs, func(x *models.Encounter) string { return x.EncounterID },
		func(b []byte, x *models.Encounter) []byte { return e.Encounter(b, x, pr.Conds) })
	b = appendEntries(b, "MedicationRequest", pr.Rxs, func(rx *models.Prescription) string { return rx.PrescriptionID.String() }, e.MedicationRequest)
	b = appendEntries(b, "Immunization", pr.Imms, func(im *models.Immunisation) string { return im.ImmunisationID.String() }, e.Immunization)
	b = appendEntries(b, "AllergyIntolerance", pr.Alls, func(a *models.Allergy) string { return a.AllergyID.String() }, e.AllergyIntolerance)
	b = appendEntries(b, "Observation", pr.Obs, func(o *models.Observation) string { return o.ObservationID.String() }, e.Observation)
	entries += len(pr.Conds) + len(pr.Encs) + len(pr.Rxs) + len(pr.Imms) + len(pr.Alls) + len(pr.Obs)
	if HasCauseOfDeath(p) {
		id := CauseOfDeathID(p.PatientID)
		b = append(b, ',')
		b = entryOpen(b, id)
		b = e.CauseOfDeath(b, p, id)
		b = entryClose(b, "Observation", id)
		entries++
	}
	b = append(b, "]}\n"...)
	w.buf = b

	f, err := w.sink.reg.Create(w.dir+p.PatientID+".json", FormatBundle, "Bundle")
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Abort()
		return err
	}
	f.AddRows(int64(entries))
	return f.Close()
}

func (w *bundleWriter) Close() error { return nil }

// seenBefore reports whether one of the encounters names the practice.
func seenBefore(encs []models.Encounter, practiceID string) bool {
	for i := range encs {
		if encs[i].PracticeID == practiceID {
			return true
		}
	}
	return false
}

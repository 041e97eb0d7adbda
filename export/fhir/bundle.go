package fhir

import (
	"fmt"
	"strings"
	"sync"

	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// Bundles is the per-patient transaction Bundle sink: one file per patient,
// <root>/bundles/<part>/<patient_id>.json (for example
// bundles/part-0000025000/0b9f….json), one folder per part so that no folder
// holds more than generator.PartSize files.
//
// Every entry has fullUrl "urn:uuid:<id>", every reference inside the Bundle
// is a urn:uuid of another entry, and every entry is a PUT to Type/<id> with
// the resource's stable id. The patient's practice (Organization) and usual
// GP (Practitioner) are in every Bundle of their patients; because they are
// PUT with a stable id, loading Bundles in any order, twice or in parallel
// never duplicates them (and re-loading a patient replaces its resources
// instead of adding copies).
type Bundles struct {
	reg *outfile.Registry
	opt Options

	mu        sync.RWMutex
	practices map[string]*practiceEntries
}

// practiceEntries are a practice's Bundle entries, encoded once.
type practiceEntries struct {
	org []byte
	gps [][]byte
}

// NewBundles returns a Bundle sink writing under reg.Root. Options.Practices,
// if set, are registered at once (see Options).
func NewBundles(reg *outfile.Registry, opt Options) *Bundles {
	s := &Bundles{reg: reg, opt: opt, practices: make(map[string]*practiceEntries)}
	s.addPractices(opt.Practices)
	return s
}

var _ generator.Sink = (*Bundles)(nil)

// entryOpen appends the start of a Bundle entry, up to its resource.
func entryOpen(b []byte, id string) []byte {
	b = append(b, `{"fullUrl":"urn:uuid:`...)
	b = appendRaw(b, id)
	return append(b, `","resource":`...)
}

// entryClose appends the end of a Bundle entry: its PUT request.
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
		pe := &practiceEntries{org: entryClose(org, "Organization", p.PracticeID)}
		for k, n := 0, GPCount(p.PracticeID); k < n; k++ {
			gp := PracticeGP(p.PracticeID, k)
			g := entryOpen(nil, gp.ID)
			g = enc.Practitioner(g, &gp)
			pe.gps = append(pe.gps, entryClose(g, "Practitioner", gp.ID))
		}
		s.practices[p.PracticeID] = pe
	}
}

// WritePractices records the practices; it writes no file of its own (each
// Bundle carries its patient's practice).
func (s *Bundles) WritePractices(practices []models.Practice) error {
	s.addPractices(practices)
	return nil
}

// OpenPart returns the writer of the part's Bundles.
func (s *Bundles) OpenPart(p generator.Part) (generator.PartWriter, error) {
	return &bundleWriter{sink: s, dir: "bundles/" + p.Name() + "/", enc: encoder{bundle: true, asOf: s.opt.AsOf}}, nil
}

// Close is a no-op: every Bundle file is closed as soon as it is written.
func (s *Bundles) Close() error { return nil }

type bundleWriter struct {
	sink *Bundles
	dir  string
	enc  encoder
	gps  gpCache
	buf  []byte
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
	k := UsualGP(p.PracticeID, p.PatientID)
	gp := w.gps.usual(p.PracticeID, p.PatientID)
	e := &w.enc

	b := append(w.buf[:0], `{"resourceType":"Bundle","type":"transaction","entry":[`...)
	b = append(b, pe.org...)
	b = append(b, ',')
	b = append(b, pe.gps[k]...)
	b = append(b, ',')
	// A previous practice that some earlier encounters belong to comes too,
	// so that every reference resolves inside the Bundle.
	entries := 3 // practice, usual GP, patient
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
	for i := range pr.Conds {
		c := &pr.Conds[i]
		b = append(b, ',')
		b = entryOpen(b, c.ConditionID)
		b = e.Condition(b, c)
		b = entryClose(b, "Condition", c.ConditionID)
	}
	for i := range pr.Encs {
		enc := &pr.Encs[i]
		b = append(b, ',')
		b = entryOpen(b, enc.EncounterID)
		b = e.Encounter(b, enc, pr.Conds, gp)
		b = entryClose(b, "Encounter", enc.EncounterID)
	}
	for i := range pr.Rxs {
		rx := &pr.Rxs[i]
		b = append(b, ',')
		b = entryOpen(b, rx.PrescriptionID)
		b = e.MedicationRequest(b, rx, gp)
		b = entryClose(b, "MedicationRequest", rx.PrescriptionID)
	}
	for i := range pr.Imms {
		im := &pr.Imms[i]
		b = append(b, ',')
		b = entryOpen(b, im.ImmunisationID)
		b = e.Immunization(b, im)
		b = entryClose(b, "Immunization", im.ImmunisationID)
	}
	for i := range pr.Alls {
		a := &pr.Alls[i]
		b = append(b, ',')
		b = entryOpen(b, a.AllergyID)
		b = e.AllergyIntolerance(b, a)
		b = entryClose(b, "AllergyIntolerance", a.AllergyID)
	}
	for i := range pr.Obs {
		o := &pr.Obs[i]
		b = append(b, ',')
		b = entryOpen(b, o.ObservationID)
		b = e.Observation(b, o)
		b = entryClose(b, "Observation", o.ObservationID)
	}
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

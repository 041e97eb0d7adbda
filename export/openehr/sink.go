// Package openehr writes the -f openehr format: every patient as an openEHR
// EHR (an EHR_STATUS whose subject is the patient's NHS number) with IDCR
// compositions in canonical JSON, valid against the templates in
// datasets/openehr/templates. See docs/openehr.md for the mapping and the
// layout:
//
//	openehr/ehrs/<part>.ndjson                     one line per patient: ids and EHR_STATUS
//	openehr/compositions/<part>/<ehr_id>.ndjson    the patient's compositions, one per line
//	openehr/templates/<template_id>.opt            the operational templates used
//
// A patient with no composition has an EHR line and no compositions file.
package openehr

import (
	"errors"
	"strconv"
	"sync"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/export/internal/jsonw"
	"github.com/code4health/cohortgen/export/internal/perpatient"
	"github.com/code4health/cohortgen/export/outfile"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/sink"
)

// Format is the format name, as used by -f and recorded in the manifest.
const Format = "openehr"

// Manifest tables of the files.
const (
	TableEHRs         = "ehrs"
	TableCompositions = "compositions"
	TableTemplates    = "templates"
)

// Subject namespace and id scheme of the EHR_STATUS external_ref: the
// namespace the NHS openEHR platforms (EtherCIS, EHRScape, Ripple) use, and
// which GET /ehr?subject_id=<nhs number>&subject_namespace=uk.nhs.nhs_number
// looks up.
const (
	SubjectNamespace = "uk.nhs.nhs_number"
	SubjectScheme    = "NHS_NUMBER"
)

// Options configure the sink.
type Options struct {
	// AsOf is the date the lists describe: a problem resolved, or a course
	// ended, by then is past (see problems.go and medication.go).
	AsOf models.Date
	// Practitioners are the run's practitioners, for runs whose generator
	// does not call WritePractitioners (a shard that does not write the
	// shared tables): the composers of GP compositions.
	Practitioners []models.Practitioner
}

// Sink writes the openEHR layout under a registry's root.
type Sink struct {
	reg   *outfile.Registry
	opt   Options
	once  sync.Once
	staff *staff // filled before the first OpenPart, read-only after
}

// NewSink returns a sink writing under reg.Root.
func NewSink(reg *outfile.Registry, opt Options) *Sink {
	s := &Sink{reg: reg, opt: opt, staff: &staff{byID: map[string]*models.Practitioner{}, byPractice: map[string]*models.Practitioner{}}}
	s.staff.add(opt.Practitioners)
	return s
}

var _ sink.Sink = (*Sink)(nil)

// WritePractices writes nothing.
func (s *Sink) WritePractices([]models.Practice) error { return nil }

// WritePractitioners writes nothing: it records the practitioners, the
// composers of GP compositions.
func (s *Sink) WritePractitioners(practitioners []models.Practitioner) error {
	s.staff.add(practitioners)
	return nil
}

// OpenPart opens the part's EHR file; its compositions files are written
// patient by patient.
func (s *Sink) OpenPart(p sink.Part) (sink.PartWriter, error) {
	f, err := s.reg.Create("openehr/ehrs/"+p.Name()+".ndjson", Format, TableEHRs)
	if err != nil {
		return nil, err
	}
	return &partWriter{sink: s, ehrs: f, dir: "openehr/compositions/" + p.Name() + "/", pw: newPatientWriter(s.opt.AsOf, s.staff)}, nil
}

// Close writes the templates the compositions use, once.
func (s *Sink) Close() error {
	var err error
	s.once.Do(func() {
		for _, t := range datasets.OpenEHRTemplates() {
			f, cerr := s.reg.Create("openehr/templates/"+t.File, Format, TableTemplates)
			if cerr != nil {
				err = cerr
				return
			}
			if _, werr := f.Write(t.OPT); werr != nil {
				f.Abort()
				err = werr
				return
			}
			f.AddRows(1)
			if err = f.Close(); err != nil {
				return
			}
		}
	})
	return err
}

type partWriter struct {
	sink   *Sink
	ehrs   *outfile.File
	dir    string
	pw     *patientWriter
	buf    []byte // one patient's compositions
	line   []byte // EHR lines waiting to be written
	failed bool
}

// flushSize is the size at which EHR lines go to the file.
const flushSize = 1 << 20

func (w *partWriter) Write(b *models.Batch) error {
	if w.failed {
		return errors.New("openehr: write after a failed write")
	}
	err := eachPatient(b, w.writePatient)
	if err == nil && len(w.line) >= flushSize {
		_, err = w.ehrs.Write(w.line)
		w.line = w.line[:0]
	}
	if err != nil {
		w.failed = true
	}
	return err
}

func eachPatient(b *models.Batch, fn func(*patientRecords) error) error {
	return perpatient.Each(b, Format, fn)
}

func (w *partWriter) writePatient(pr *patientRecords) error {
	p := pr.P
	ehrID := EHRID(p.PatientID)
	var err error
	w.buf, err = w.pw.write(w.buf[:0], pr)
	if err != nil {
		return err
	}
	file := ""
	if w.pw.n > 0 {
		file = w.dir + ehrID + ".ndjson"
		if err := w.sink.reg.WriteFile(file, Format, TableCompositions, w.buf, int64(w.pw.n)); err != nil {
			return err
		}
	}
	w.line = ehrLine(w.line, ehrID, p, w.pw.n, file)
	w.ehrs.AddRows(1)
	return nil
}

// ehrLine appends one line of ehrs/<part>.ndjson: the ids, the number of
// compositions and their file (relative to the dataset root; "" when none),
// and the EHR_STATUS to create the EHR with (PUT /ehr/{ehr_id}).
func ehrLine(b []byte, ehrID string, p *models.Patient, n int, file string) []byte {
	b = append(b, `{"ehr_id":"`...)
	b = append(b, ehrID...)
	b = append(b, `","patient_id":`...)
	b = jsonw.String(b, p.PatientID)
	b = append(b, `,"nhs_number":`...)
	b = jsonw.String(b, p.NHSNumber)
	b = append(b, `,"compositions":`...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, `,"file":`...)
	b = jsonw.String(b, file)
	b = append(b, `,"ehr_status":`...)
	b = EHRStatus(b, p.NHSNumber)
	return append(b, "}\n"...)
}

// EHRStatus appends the canonical JSON EHR_STATUS of a patient's EHR.
func EHRStatus(b []byte, nhsNumber string) []byte {
	b = append(b, `{"_type":"EHR_STATUS","name":{"_type":"DV_TEXT","value":"EHR Status"},"archetype_node_id":"openEHR-EHR-EHR_STATUS.generic.v1","subject":{"_type":"PARTY_SELF","external_ref":{"_type":"PARTY_REF","id":{"_type":"GENERIC_ID","value":`...)
	b = jsonw.String(b, nhsNumber)
	b = append(b, `,"scheme":"`+SubjectScheme+`"},"namespace":"`+SubjectNamespace+`","type":"PERSON"}},"is_queryable":true,"is_modifiable":true}`...)
	return b
}

func (w *partWriter) Close() error {
	if w.failed {
		w.ehrs.Abort()
		return errors.New("openehr: part not written: an earlier write failed")
	}
	if _, err := w.ehrs.Write(w.line); err != nil {
		w.ehrs.Abort()
		return err
	}
	return w.ehrs.Close()
}

package openehr

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/export/internal/perpatient"
	"github.com/code4health/cohortgen/models"
)

type patientRecords = perpatient.Records

// patientWriter encodes one patient's compositions; it keeps its lookup
// tables between patients to save allocations.
type patientWriter struct {
	asOf  models.Date
	staff *staff
	encs  map[string]*models.Encounter
	pr    *patientRecords                  // the patient being written
	order []string                         // encounter ids with observations, in first-seen order
	obs   map[string][]*models.Observation // by encounter id
	n     int                              // compositions of the patient
}

func newPatientWriter(asOf models.Date, st *staff) *patientWriter {
	return &patientWriter{asOf: asOf, staff: st, encs: map[string]*models.Encounter{},
		obs: map[string][]*models.Observation{}}
}

// staff indexes the practitioners table.
type staff struct {
	byID       map[string]*models.Practitioner
	byPractice map[string]*models.Practitioner // a practice's first practitioner
}

func (st *staff) add(practitioners []models.Practitioner) {
	for i := range practitioners {
		p := &practitioners[i]
		st.byID[p.PractitionerID] = p
		if _, ok := st.byPractice[p.PracticeID]; !ok {
			st.byPractice[p.PracticeID] = p
		}
	}
}

// encounterContext is the context of compositions made at an encounter.
func (w *patientWriter) encounterContext(e *models.Encounter) (context, error) {
	set, ok := datasets.OpenEHRSettingOf(e.Setting)
	if !ok {
		return context{}, fmt.Errorf("openehr: encounter %s: setting %q has no openEHR setting (datasets/data/openehr_settings.csv)", e.EncounterID, e.Setting)
	}
	c := context{start: e.StartTime, setting: set}
	if e.PractitionerID != "" {
		c.composer = w.staff.byID[e.PractitionerID]
		if c.composer == nil {
			return context{}, fmt.Errorf("openehr: encounter %s: practitioner %q is unknown (the sink needs the practitioners: WritePractitioners or Options.Practitioners)", e.EncounterID, e.PractitionerID)
		}
	}
	return c, nil
}

// listContext is the context of the problem, medication and adverse
// reaction lists and the immunisation summary: the patient's last GP
// encounter up to the as-of date (the practice keeps them all), or, with
// none, their registration with their practice, composed by the practice's
// first practitioner in the practitioners table.
func (w *patientWriter) listContext(pr *patientRecords) (context, error) {
	for i := len(pr.Encs) - 1; i >= 0; i-- {
		e := &pr.Encs[i]
		if e.Setting == "gp" && (w.asOf == models.NoDate || e.StartTime.Date() <= w.asOf) {
			return w.encounterContext(e)
		}
	}
	set, ok := datasets.OpenEHRSettingOf("gp")
	if !ok {
		return context{}, fmt.Errorf("openehr: no openEHR setting for gp")
	}
	return context{start: pr.P.RegistrationDate.Start(), setting: set, composer: w.staff.byPractice[pr.P.PracticeID]}, nil
}

// write appends the patient's compositions, one per line, and counts them
// in w.n.
func (w *patientWriter) write(b []byte, pr *patientRecords) ([]byte, error) {
	w.n = 0
	clear(w.encs)
	for i := range pr.Encs {
		w.encs[pr.Encs[i].EncounterID] = &pr.Encs[i]
	}
	w.pr = pr
	if len(pr.Conds) > 0 || len(pr.Rxs) > 0 || len(pr.Alls) > 0 || len(pr.Imms) > 0 {
		lc, err := w.listContext(pr)
		if err != nil {
			return b, err
		}
		if len(pr.Conds) > 0 {
			b = problemList(b, pr, w.asOf, &lc, w.encStart)
			w.n++
		}
		if len(pr.Rxs) > 0 {
			b = medicationList(b, pr, w.asOf, &lc, w.cond)
			w.n++
		}
		if len(pr.Alls) > 0 {
			b = adverseReactionList(b, pr, &lc)
			w.n++
		}
		if len(pr.Imms) > 0 {
			b = immunisationSummary(b, pr, &lc)
			w.n++
		}
	}
	return w.observations(b, pr)
}

func (w *patientWriter) encStart(id string) (models.Timestamp, bool) {
	if e := w.encs[id]; e != nil {
		return e.StartTime, true
	}
	return 0, false
}

// cond finds one of the patient's conditions (a linear search: a patient
// has tens of conditions and few prescriptions, so a map would cost more).
func (w *patientWriter) cond(id string) *models.Condition {
	for i := range w.pr.Conds {
		if w.pr.Conds[i].ConditionID == id {
			return &w.pr.Conds[i]
		}
	}
	return nil
}

// observations appends the vital signs, BMI and laboratory compositions,
// encounter by encounter in the order the observations come (time order).
func (w *patientWriter) observations(b []byte, pr *patientRecords) ([]byte, error) {
	slots := slotOf()
	w.order = w.order[:0]
	if len(w.obs) > 4096 { // keys are encounter ids: drop them now and then
		clear(w.obs)
	}
	for k, v := range w.obs {
		w.obs[k] = v[:0]
	}
	for i := range pr.Obs {
		o := &pr.Obs[i]
		if _, ok := slots[o.SnomedCode]; !ok || !hasValue(o) {
			continue
		}
		if len(w.obs[o.EncounterID]) == 0 {
			w.order = append(w.order, o.EncounterID)
		}
		w.obs[o.EncounterID] = append(w.obs[o.EncounterID], o)
	}
	for _, encID := range w.order {
		e := w.encs[encID]
		if e == nil {
			return b, fmt.Errorf("openehr: patient %s: observation at encounter %q, which is not among the patient's encounters", pr.P.PatientID, encID)
		}
		c, err := w.encounterContext(e)
		if err != nil {
			return b, err
		}
		var vit, body [nSlots]*models.Observation
		nv, nb := 0, 0 // compositions of each kind written for the encounter
		flushV := func() {
			if vit != [nSlots]*models.Observation{} {
				b = vitalSigns(b, compositionUUID(kindVitals, encID, nv), &c, &vit)
				nv++
				w.n++
				vit = [nSlots]*models.Observation{}
			}
		}
		flushB := func() {
			if body != [nSlots]*models.Observation{} {
				b = bodyMeasures(b, compositionUUID(kindBMI, encID, nb), &c, &body)
				nb++
				w.n++
				body = [nSlots]*models.Observation{}
			}
		}
		for _, o := range w.obs[encID] {
			switch s := slots[o.SnomedCode]; {
			case s == slotLab:
				b = labReport(b, &c, o)
				w.n++
			case isVital(s):
				if vit[s] != nil {
					flushV()
				}
				vit[s] = o
			default:
				if body[s] != nil {
					flushB()
				}
				body[s] = o
			}
		}
		flushV()
		flushB()
	}
	return b, nil
}

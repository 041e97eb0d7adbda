package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Pre-eclampsia (issue 9, brief h55d). Before, every antenatal urine test
// was negative and pre-eclampsia was never coded (generate -n 20000 -s 83).
// NICE NG133: new hypertension from 20 weeks with significant proteinuria
// (a urine protein:creatinine ratio of 30 mg/mmol or more) is
// pre-eclampsia, cared for in hospital. pregnancy.yaml raised_bp
// pre_eclampsia.

// preEclampsia decides, at the assessment ae on day d whose repeat blood
// pressure stayed raised in the woman's i-th pregnancy, whether the urine
// holds protein (share_pct, its own stream: sub-key 5); if so the ratio
// replaces the negative test just written there, pre-eclampsia is coded
// from it and she is admitted from the assessment. It returns the problem
// row's id ("" when the urine is clear).
func (w *worker) preEclampsia(per *person, i int, ae string, d models.Date) string {
	rb := w.plan.pregnancy.raisedBP
	pe := rb.r.PreEclampsia
	if pe == nil {
		return ""
	}
	s := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 5, uint64(d))
	if !s.Bernoulli(pe.SharePct / 100) {
		return ""
	}
	pg := &per.pregnancies[i]
	p := pe.Problem
	p.Days = int(pg.end-d) + rb.r.ResolveDays
	id := w.codeResultProblem(per, &p, ae, d)
	e := w.encounterByID(per, ae)
	if id == "" || e == nil {
		return id
	}
	e.ReasonConditionID = id // the assessment is about what it found
	for k := len(w.b.Observations) - 1; k >= 0 && w.b.Observations[k].PatientID == per.id; k-- {
		if o := &w.b.Observations[k]; o.EncounterID == ae && o.SnomedCode == rb.neg {
			*o = w.pcrReading(per, ae, o.EffectiveTime, &s)
			break
		}
	}
	from := e.EndTime
	to := from.AddMinutes(24 * 60 * between(pe.StayDays, &s))
	if to.Date() < pg.end && to.Date() <= per.lastDay && addStay(per, from, to) {
		w.addEncounter(per, encEmergencyAdmission, settingInpatient, from, to, id, maternityAdmission)
		w.dischargeBeforeContacts(per) // a contact already written in its days ends it
	}
	return id
}

// proteinuric reports whether the urine test finding, taken on day d,
// shows the protein of the pre-eclampsia the woman holds: its ratio is
// recorded in place of a negative test.
func (w *worker) proteinuric(per *person, finding *datasets.ObservationCode, d models.Date) bool {
	pp := w.plan.pregnancy
	if pp == nil || pp.raisedBP == nil || pp.raisedBP.pcr == nil || finding.Snomed != pp.raisedBP.neg {
		return false
	}
	return w.holdsAny(per, []string{pp.raisedBP.r.PreEclampsia.Problem.Key}, d)
}

// pcrReading is a urine protein:creatinine ratio in the pre_eclampsia
// range, recorded at encounter enc at time t.
func (w *worker) pcrReading(per *person, enc string, t models.Timestamp, s *distributions.Stream) models.Observation {
	rb := w.plan.pregnancy.raisedBP
	r := rb.r.PreEclampsia.PCR
	v := float64(int(r[0] + s.Float64()*(r[1]-r[0]) + 0.5))
	o := w.observation(per, enc, t, rb.pcr)
	o.Value, o.Unit = &v, rb.pcr.Unit
	return o
}

package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The cardiology clinic a slow blackout's referral books (h69e,
// prescribing.yaml slow_heart_at_ae clinic). A GP review found the
// referral to cardiology coded in A&E and followed by nothing: 13 of 42
// referrals had any outpatient attendance within 18 weeks (generate -n
// 20000 -s 83), none of them about the blackout. The clinic sees the
// patient days later about the attendance's problem and records its tests
// (the pulse, then a 12-lead ECG that reads it: testresults.go). Its day
// and readings draw from a stream of their own: no other draw moves.

// referralClinicPlan is a datasets.ReferralClinic with its tests resolved.
type referralClinicPlan struct {
	*datasets.ReferralClinic
	tests []workUpTest // a catalogue reading (slot), or a code alone (slot -1)
}

// cardiologyClinic books the clinic for the referral coded at A&E
// attendance aeID on day d, about the attendance's problem, unless it
// falls past the record or in end-of-life care.
func (w *worker) cardiologyClinic(per *person, aeID string, d models.Date) {
	cp := w.plan.slowHeartClinic
	e := w.encounterByID(per, aeID)
	if cp == nil || e == nil || e.ReasonConditionID == "" {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeCardiologyClinic, uint64(d))
	day := d + models.Date(between(cp.Days, &s))
	if day > per.lastDay || per.inEndOfLifeCare(day) {
		return
	}
	id, start, ok := w.outpatientAt(per, day, e.ReasonConditionID, &s)
	if !ok {
		return
	}
	w.openUntilClinic(per, e.ReasonConditionID, start.Date())
	for k := range cp.tests {
		tp := &cp.tests[k]
		t := start.AddMinutes(5 + k)
		if tp.slot >= 0 {
			w.observe(per, id, t, tp.slot, &s)
			continue
		}
		w.b.Observations = append(w.b.Observations, w.observation(per, id, t, &tp.code))
		w.resultOf(per, len(w.b.Observations)-1) // written after the results' pass (slowheartworkup.go)
	}
}

// openUntilClinic keeps the blackout's episode open to the day after its
// clinic (a GP read "Consultation / Syncope" 12 days after the episode had
// resolved), as a GP referral's problem is kept open (keepOpenUntil),
// unless a later episode of the same problem has begun by then.
func (w *worker) openUntilClinic(per *person, id string, d models.Date) {
	c := w.conditionRow(per, id)
	if c == nil || c.ResolvedDate == models.NoDate || c.ResolvedDate > d {
		return
	}
	until := min(d+1, per.lastDay)
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		if o := &w.b.Conditions[i]; o.ConditionKey == c.ConditionKey && o.OnsetDate > c.OnsetDate && o.OnsetDate <= until {
			return
		}
	}
	c.ResolvedDate = until
}

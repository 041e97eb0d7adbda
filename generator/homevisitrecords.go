package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// visitRecordPlan is a catalogue encounter type's record (datasets
// VisitRecord), resolved: a code recorded with no value, or measured slots.
type visitRecordPlan struct {
	code      *datasets.ObservationCode
	slots     []int
	endOfLife bool // only in end-of-life care
	// notEndOfLife: never in end-of-life care or on the palliative care
	// register (the routine blood pressure and pulse; brief h57a)
	notEndOfLife bool
	onRepeats    bool // only with a repeat medicine running
	reason       string
	weight       float64
	gap          models.Date // at most one of it in any gap days (0: no limit)
}

// homeVisitPlan is what a home visit that records nothing else records.
type homeVisitPlan struct {
	records []visitRecordPlan
	empty   float64
}

// resolveHomeVisitRecords resolves the home visit's records (catalogue
// encounter_types gp_home_visit records).
func (p *Plan) resolveHomeVisitRecords() error {
	et := p.Cat.EncounterTypes["gp_home_visit"]
	p.homeVisit = homeVisitPlan{empty: et.EmptyShare}
	for _, r := range et.Records {
		rp := visitRecordPlan{endOfLife: r.When == "end_of_life", notEndOfLife: r.When == "not_end_of_life", onRepeats: r.When == "on_repeats",
			reason: r.Reason, weight: r.Weight, gap: models.Date(r.GapDays)}
		if r.Code != "" {
			c, ok := datasets.ObservationByKey(r.Code)
			if !ok {
				return fmt.Errorf("encounter_types gp_home_visit: %q is not in observation_codes.csv", r.Code)
			}
			rp.code = &c
		}
		for _, o := range r.Observations {
			k, ok := p.obsIndex[o]
			if !ok {
				return fmt.Errorf("encounter_types gp_home_visit: no observation %q", o)
			}
			rp.slots = append(rp.slots, k)
		}
		p.homeVisit.records = append(p.homeVisit.records, rp)
	}
	return nil
}

// homeVisitRecords gives each of the person's home visits that records
// nothing (no observation, prescription, diagnosis or vaccine at it) one of
// the catalogue's home visit records that fits it, all but the empty share:
// an advance care plan in end-of-life care, a dementia care plan reviewed at
// a visit about dementia, a medication review for someone on repeats, or a
// blood pressure and pulse. It runs once the person's record is written, so
// every path that books a home visit is treated alike.
func (w *worker) homeVisitRecords(per *person) {
	hv := &w.plan.homeVisit
	if len(hv.records) == 0 {
		return
	}
	code := w.plan.encTypes[encGPHomeVisit].Code
	var seen *seqSet // encounters with something recorded, built at the first home visit
	var s distributions.Stream
	var fits []float64        // each record's weight at a visit, made at the first (most people have none)
	var done []visitRecordDay // the records written with a gap, and their days
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		enc := &w.b.Encounters[e]
		if enc.TypeCode != code {
			continue
		}
		if seen == nil {
			seen = w.encountersRecording(per)
			s = per.stream(w.plan.Opts.Seed, purposeHomeVisitRecords)
			fits = make([]float64, len(hv.records))
		}
		if seen.has(enc.EncounterID) || s.Bernoulli(hv.empty) {
			continue
		}
		d := enc.StartTime.Date()
		reason := ""
		if enc.ReasonConditionID != "" {
			if c := w.conditionRow(per, enc.ReasonConditionID); c != nil {
				reason = c.ConditionKey
			}
		}
		total := 0.0
		for i := range hv.records {
			r := &hv.records[i]
			fits[i] = 0
			if !r.fits(per, d, reason) || r.endOfLife && !w.onRegister(per, d) || r.notEndOfLife && w.onRegister(per, d) || w.recordWithheld(r, per, d) || recordedNear(done, i, d, r.gap) {
				continue
			}
			fits[i] = r.weight
			total += r.weight
		}
		if total == 0 {
			continue
		}
		u := s.Float64() * total
		k := 0
		for ; k < len(fits)-1 && u >= fits[k]; k++ {
			u -= fits[k]
		}
		r := &hv.records[k]
		if r.gap > 0 {
			done = append(done, visitRecordDay{k, d})
		}
		t := enc.StartTime.AddMinutes(5)
		if r.code != nil {
			w.b.Observations = append(w.b.Observations, w.observation(per, enc.EncounterID, t, r.code))
			continue
		}
		for _, slot := range r.slots {
			w.observe(per, enc.EncounterID, t, slot, &s)
		}
	}
}

// fits reports whether the record may be written at a home visit on day d
// about a condition of key reason (its when and reason).
func (r *visitRecordPlan) fits(per *person, d models.Date, reason string) bool {
	switch {
	case r.endOfLife && !per.inEndOfLifeCare(d), r.notEndOfLife && per.inEndOfLifeCare(d):
		return false
	case r.onRepeats && repeatMedicines(per, d) == 0:
		return false
	case r.reason != "" && r.reason != reason:
		return false
	}
	return true
}

// examinationWithheld reports whether observation slot is one a GP
// contact's examination stops recording on day d, as death nears in
// end-of-life care (eolmonitoring.go examinationStopped): no blood pressure
// or pulse, whatever the visit is for.
func (w *worker) examinationWithheld(per *person, d models.Date, slot int) bool {
	return w.examinationStopped(per, slot, d) || w.unmeasuredAfterStop(per, d, slot)
}

// recordWithheld reports whether a record that measures slots is kept out of
// a visit on day d: one of them is withheld (examinationWithheld).
func (w *worker) recordWithheld(r *visitRecordPlan, per *person, d models.Date) bool {
	for _, slot := range r.slots {
		if w.examinationWithheld(per, d, slot) {
			return true
		}
	}
	return false
}

// encountersRecording is the set of the person's encounters at which an
// observation, prescription, diagnosis or vaccine is recorded: the worker's
// scratch set (w.encSet), valid until its next user.
func (w *worker) encountersRecording(per *person) *seqSet {
	b := w.b
	seen := &w.encSet
	seen.clear(w.ids.seq)
	for i := per.obsFrom; i < len(b.Observations); i++ {
		seen.add(b.Observations[i].EncounterID)
	}
	for i := per.rxFrom; i < len(b.Prescriptions); i++ {
		seen.add(b.Prescriptions[i].EncounterID)
	}
	for i := per.condFrom; i < len(b.Conditions); i++ {
		seen.add(b.Conditions[i].DiagnosisEncounterID)
	}
	for i := len(b.Immunisations) - 1; i >= 0 && b.Immunisations[i].PatientID == per.id; i-- { // the person's are the batch's last
		seen.add(b.Immunisations[i].EncounterID)
	}
	return seen
}

// visitRecordDay is a home visit record written on a day.
type visitRecordDay struct {
	rec int
	day models.Date
}

// recordedNear reports whether record rec was written within gap days of
// day d, before or after (the person's visits are not in day order here).
func recordedNear(done []visitRecordDay, rec int, d, gap models.Date) bool {
	for _, x := range done {
		if x.rec == rec && x.day > d-gap && x.day < d+gap {
			return true
		}
	}
	return false
}

// onRegister reports whether the person's palliative care register entry
// is coded by day d. End-of-life care may begin before it (eolStart), the
// entry waiting for the first home visit after a stay: an advance care plan
// is recorded from the entry (session 49: with the examination stopped in
// the last 60 days, a visit between the start of the care and the entry
// recorded the plan before the register; TestHomeVisitsRecordSomething).
func (w *worker) onRegister(per *person, d models.Date) bool {
	key := w.plan.Cat.EndOfLife.Register.Key
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		if c := &w.b.Conditions[i]; c.ConditionKey == key && c.OnsetDate <= d {
			return true
		}
	}
	return false
}

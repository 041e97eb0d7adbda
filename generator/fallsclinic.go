package generator

import (
	"github.com/code4health/cohortgen/models"
)

// fallsClinics records the multifactorial falls risk assessment after an
// injury of an older person from a fall (frailty.yaml falls_clinic; NICE
// NG249) where the injury is cared for: at the hospital's own assessment of
// it (the orthogeriatric review before discharge, or the first fracture
// clinic) by in_hospital_share; else, when no assessment follows within
// within_days (the practice's first contact records one: fallsAssessments,
// run before), at a falls clinic attendance by share. Before, 39 of 170
// broken hips and 627 of 1,357 broken wrists and head injuries at 65 and
// over had no assessment in the 90 days after (generate -n 20000 -s 83;
// h61g). The draws are a stream of their own keyed by the injury's day.
func (w *worker) fallsClinics(per *person) {
	fp := &w.plan.frailty
	fc := &fp.FallsClinic
	b := w.b
	n := len(b.Conditions) // rows are not added here, but booking may move them
	for r := per.condFrom; r < n; r++ {
		c := b.Conditions[r] // a copy
		if !fp.clinicAfter[c.ConditionKey] || c.OnsetDate < per.firstDay || per.ageOn(c.OnsetDate) < fc.MinAge {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeFallsClinic, uint64(c.OnsetDate))
		if enc, at := w.boneAssessment(per, &c); enc != "" && at.Date() <= per.lastDay && s.Bernoulli(fc.InHospitalShare) {
			b.Observations = append(b.Observations, w.observation(per, enc, at.AddMinutes(2), &fp.falls))
			continue
		}
		if w.codedWithin(per, fp.falls.Snomed, c.OnsetDate+models.Date(fc.WithinDays), fc.WithinDays+1) || !s.Bernoulli(fc.Share) {
			continue
		}
		day := w.dischargeAfter(per, &c) + models.Date(between(fc.DaysAfter, &s))
		if day > per.lastDay || day < w.plan.windowStart || per.inEndOfLifeCare(day+eolReviewMargin) {
			continue
		}
		enc, start, ok := w.outpatientAt(per, day, c.ConditionID, &s)
		if !ok {
			continue
		}
		b.Observations = append(b.Observations, w.observation(per, enc, start.AddMinutes(5), &fp.falls))
		if row := w.conditionRow(per, c.ConditionID); row != nil && row.ResolvedDate != models.NoDate && row.ResolvedDate < start.Date() {
			row.ResolvedDate = start.Date() // under the falls service's care to then
		}
	}
}

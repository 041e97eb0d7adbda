package generator

import "github.com/code4health/cohortgen/models"

// A high blood pressure read again and still high, untreated (brief h74g,
// issue 9). The check that reads a high systolic again (bprepeat.go) is
// written once the care is, so a repeat of 160 or more in a person on no
// drug of the condition led to nothing: 112 people with hypertension had a
// GP systolic of 160 or more with no antihypertensive and no reason coded
// (generate -n 20000 -s 83). NICE NG136 1.4.13 offers drug treatment for
// stage 2 hypertension at any age, with clinical judgement in frailty
// (1.4.20); the decision not to treat is recorded as the reviews record it
// (codeDeclinedStep: "not indicated" in frailty from the step-down age,
// else the person's decline).

// decideRepeatHigh codes, at repeat check id (at t, day d) of held condition
// k whose systolic read v, why no drug starts: when v is still in the high
// band, no course of the condition runs, and no reason of the condition was
// coded within a year.
func (w *worker) decideRepeatHigh(per *person, k int, id string, t models.Timestamp, v float64) {
	hc := &per.conds[k]
	ct := hc.plan.CareTarget
	d := t.Date()
	if !ct.HighAt(v) || w.conditionTreatedOn(per, k, d) {
		return
	}
	if u := hc.plan.Untreated; u != nil {
		for i := range u.Reasons {
			if w.reasonCodedWithin(per, u.Reasons[i].Snomed, d, declinedStepGap) {
				return
			}
		}
	}
	w.codeDeclinedStep(per, k, id, t) // declinedstep.go
}

// conditionTreatedOn reports whether a course of held condition k runs on
// day d.
func (w *worker) conditionTreatedOn(per *person, k int, d models.Date) bool {
	for i := range per.courses {
		if c := &per.courses[i]; c.cond == k && c.running(d) {
			return true
		}
	}
	return false
}

// reasonCodedWithin reports whether a reason valued code (a medication
// review's outcome, reasonObservation) was coded on day d or in the days
// before it.
func (w *worker) reasonCodedWithin(per *person, code string, d models.Date, days int) bool {
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		if o := &w.b.Observations[i]; o.ValueCode == code {
			if od := o.EffectiveTime.Date(); od <= d && d-od < models.Date(days) {
				return true
			}
		}
	}
	return false
}

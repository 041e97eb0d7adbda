package generator

import "github.com/code4health/cohortgen/models"

// recordedWithin reports whether the person's record already has the
// observation of slot dated within days before day d: a check due once a
// year (catalogue reviews yearly: the diabetic foot examination, NICE NG19)
// is not repeated at the review six months on or at a follow-up between.
func (w *worker) recordedWithin(per *person, slot int, d models.Date, days int) bool {
	for _, g := range w.plan.gradeCodes[slot] { // a grade is coded by its own code (graded.go)
		if w.codedWithin(per, g.Snomed, d, days) {
			return true
		}
	}
	return w.plan.obsCodes[slot].Snomed != "" && w.codedWithin(per, w.plan.obsCodes[slot].Snomed, d, days)
}

// codedWithin reports whether the person's record holds an observation
// coded code in the days up to day d.
func (w *worker) codedWithin(per *person, code string, d models.Date, days int) bool {
	obs := w.b.Observations[per.obsFrom:]
	for i := len(obs) - 1; i >= 0; i-- {
		if o := &obs[i]; o.SnomedCode == code {
			if od := o.EffectiveTime.Date(); od <= d && d-od < models.Date(days) {
				return true
			}
		}
	}
	return false
}

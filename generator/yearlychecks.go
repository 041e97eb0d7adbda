package generator

import "github.com/code4health/cohortgen/models"

// recordedWithin reports whether the person's record already has the
// observation of slot dated within days before day d: a check due once a
// year (catalogue reviews yearly: the diabetic foot examination, NICE NG19)
// is not repeated at the review six months on or at a follow-up between.
func (w *worker) recordedWithin(per *person, slot int, d models.Date, days int) bool {
	code := w.plan.obsCodes[slot].Snomed
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

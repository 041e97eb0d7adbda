package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A treatment option chosen by a latest result (catalogue result_at_most):
// the fourth drug for hypertension is spironolactone at a potassium of 4.5
// or less and an alpha-blocker otherwise (NICE NG136 step 4; h55g). Before,
// doxazosin was the only fourth drug: of 47 living people on four agents or
// more with the mean of their last three systolics 150 or more, 1 had
// spironolactone (generate -n 20000 -s 83).

// resultSlot is the observation slot of an option's result_at_most, -1
// when it has none (the catalogue check knows the observation).
func (p *Plan) resultSlot(r *datasets.ResultAtMost) int {
	if r == nil {
		return -1
	}
	if k, ok := p.obsIndex[r.Observation]; ok {
		return k
	}
	return -1
}

// resultAllows reports whether option i of the line may be chosen on day
// d by its result_at_most: the latest result before the day (the blood
// taken at the visit is resulted after the decision) is at most the bar.
// No result on the record is no licence: the line's if_ruled_out is given.
//
// A result older than within_days is none: the test is taken at the review
// that chooses (a U&E before step 4, h56a: 50 of 99 doxazosin starts in the
// record had no potassium in the 3 months before, generate -n 20000 -s 83)
// and read before the choice is made.
func (w *worker) resultAllows(per *person, line *linePlan, i int, d models.Date) bool {
	if i >= len(line.results) || line.results[i] < 0 {
		return true
	}
	r := line.Options[i].ResultAtMost
	day, v, ok := w.latestReading(per, line.results[i], d)
	if r.WithinDays > 0 && (!ok || d-day > models.Date(r.WithinDays)) {
		v, ok = w.resultFirst(per, line.results[i], d)
	}
	return ok && v <= r.AtMost
}

// resultFirst takes the test of slot at the review held now (day d) and
// reports its result; none when no visit of the record is under way (a
// decision before the record opens reads what it had).
func (w *worker) resultFirst(per *person, slot int, d models.Date) (float64, bool) {
	if w.curEnc == "" || d < per.firstDay {
		_, v, ok := w.latestReading(per, slot, d)
		return v, ok
	}
	if v, ok := w.recordedAt(per, slot, w.curEnc); ok {
		return v, true // taken already at this review
	}
	for k := len(w.b.Encounters) - 1; k >= 0 && w.b.Encounters[k].PatientID == per.id; k-- {
		if e := &w.b.Encounters[k]; e.EncounterID == w.curEnc {
			s := per.stream(w.plan.Opts.Seed, purposeResultFirst, uint64(d))
			w.observe(per, w.curEnc, e.StartTime.AddMinutes(6), slot, &s)
			break
		}
	}
	return w.recordedAt(per, slot, w.curEnc)
}

package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The response to a statin (h57b, issue 9): NICE NG238 reads the non-HDL
// cholesterol about 3 months after atorvastatin starts, aiming for a fall
// of more than 40%, and if it is not reached discusses adherence and
// considers a higher dose. Before, the 3-month sample was taken and never
// read: 1,081 of 2,344 starts with a non-HDL before and at 3 months fell
// short of 40% with no change after (generate -n 20000 -s 83). Now a start
// test that finds the fall short raises the dose one regimen step (20 to
// 80 mg) by the response's probability (prescribing.yaml monitoring
// response); the new dose's own 3-month test follows.

// doseResponsePlan is a monitoring entry's response, resolved.
type doseResponsePlan struct {
	*datasets.DoseResponse
	slot int
}

// respondToDose reads the start test of course k taken at t (encID): when
// the response's observation, read at t, fell by less than its share from
// the latest reading in the days before the course started (from), the
// dose goes up one step by the response's probability (a draw of the
// person's own for the day, so no other draw moves). It returns the new
// course's index and whether the dose was raised.
func (w *worker) respondToDose(per *person, k int, mp *monitorPlan, encID string, t models.Timestamp, from models.Date) (int, bool) {
	r := mp.response
	d := t.Date()
	cr := &per.courses[k]
	if r == nil || cr.reg.Step != 0 || d-from > mp.startDays[len(mp.startDays)-1]+14 {
		return k, false // no response to read, a dose already raised, or past the start tests
	}
	if !per.hasLast[r.slot] || per.lastAt[r.slot] != t {
		return k, false // not read in this sample
	}
	day, before, ok := w.latestReading(per, r.slot, from+1) // readingindex.go: taken by the start day
	if !ok || day < from-models.Date(r.BeforeDays) || before <= 0 || 1-per.lastVal[r.slot]/before >= r.FallAtLeast {
		return k, false
	}
	s := per.stream(w.plan.Opts.Seed, purposeDoseResponse, uint64(d))
	if !s.Bernoulli(r.Probability) {
		return k, false
	}
	was := w.curEnc
	w.curEnc = encID // the new dose is issued at the appointment that read the result
	raised := w.stepUp(per, k, d, w.latestEGFR(per, d))
	w.curEnc = was
	if !raised {
		return k, false
	}
	return len(per.courses) - 1, true
}

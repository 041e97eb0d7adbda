package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// h64a: an issue of a medicine a class_running contraindication rules out
// (colchicine beside a macrolide, clarithromycin beside a statin or
// colchicine, verapamil beside a beta-blocker) ran beside an issue of the
// ruling class that a later pass wrote: a gout flare's colchicine, moved
// onto a weekday by h63i, inside an A&E clarithromycin course (generate -n
// 100000 -s 1, hard rule colchicine-with-clarithromycin). The last safety
// step (interactingissues.go) reads the written issues whichever pass wrote
// them, so no issue of such a medicine shares a day with an issue of a
// class that rules it out (save a class it joins as an event's course): the
// bound is none, as the hard rules ask.
func TestNoIssueBesideARulingClass(t *testing.T) {
	r := pathwayPopulation(t)
	rxs := r.b.Prescriptions
	checked, bad := 0, 0
	for from := 0; from < len(rxs); {
		to := from
		for to < len(rxs) && rxs[to].PatientID == rxs[from].PatientID {
			to++
		}
		for i := from; i < to; i++ {
			m := r.p.medPlanByDMD[rxs[i].DMDCode]
			if m == nil || len(m.contraCls) == 0 {
				continue
			}
			checked++
			for j := from; j < to; j++ {
				o := r.p.medPlanByDMD[rxs[j].DMDCode]
				if j == i || o == nil || !rulesOut(o, m) || !overlapsIssue(&rxs[i], &rxs[j]) {
					continue
				}
				if bad++; bad <= 5 {
					t.Errorf("patient %s: %s %v-%v beside %s %v-%v", rxs[i].PatientID, rxs[i].Medication, rxs[i].StartDate, endOf(rxs[i].EndDate), rxs[j].Medication, rxs[j].StartDate, endOf(rxs[j].EndDate))
				}
				break
			}
		}
		from = to
	}
	t.Logf("%d issues of a medicine a running class rules out, %d beside one", checked, bad)
	if checked == 0 {
		t.Fatal("no issue of a medicine with a class_running contraindication: the test reads nothing")
	}
}

// endOf prints an open end as such.
func endOf(d models.Date) any {
	if d == models.NoDate {
		return "open"
	}
	return d
}

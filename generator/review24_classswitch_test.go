// Checks for the twenty-fourth review's switch of a medicine that a newly
// started one rules out (prescribing.yaml contraindications switch_to;
// docs/clinical-model.md, "Omeprazole switched when clopidogrel starts").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestRuledOutMedicineIsSwitchedWhenItsClassStarts: omeprazole for reflux
// ran beside newly started clopidogrel to the next review (a median 65
// days), then stopped with no PPI in its place (34 of 35 people with reflux
// without one for more than 30 days, 19 for good; generate -n 20000 -s 5).
// Now, for each contraindication with a switch_to: on the day a medicine of
// its class_running starts (none of the class running the day before), no
// course of the ruled-out medicine runs, and one that ran to the day before
// goes on as the switch_to medicine, issued that day for the same condition
// at the same dose step.
func TestRuledOutMedicineIsSwitchedWhenItsClassStarts(t *testing.T) {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	var sw []datasets.Contraindication
	for _, c := range rules.Contraindications {
		if c.SwitchTo != "" {
			sw = append(sw, c)
		}
	}
	if len(sw) == 0 {
		t.Fatal("prescribing.yaml has no contraindication with switch_to to check")
	}
	step := func(rx *models.Prescription) int {
		g, _ := datasets.RegimenByDMD(rx.DMDCode)
		return g.Step
	}
	r := review5Population(t)
	// An acute course (an episode's prescribe: omeprazole for indigestion,
	// 28 days) may end by itself the day before a P2Y12 inhibitor starts:
	// it ran its whole course, nothing was stopped, and there is nothing to
	// switch (patient 14481908 of this population once h55c-h55g shifted
	// its draws: omeprazole 22 July to 18 August 2015, clopidogrel from 19
	// August at the coronary heart disease diagnosis).
	keys := r.conditionKeys()
	courseDays := map[[2]string]int{} // presentation and drug -> its course's days
	for _, pr := range r.p.presentations {
		for _, sc := range pr.Prescribe {
			courseDays[[2]string{pr.Key, sc.Drug}] = sc.Days
		}
	}
	ranItsCourse := func(o *models.Prescription) bool {
		days := courseDays[[2]string{keys[o.ConditionID], medKey(o)}]
		return o.Type == models.PrescriptionAcute && days > 0 && int(o.EndDate-o.StartDate)+1 == days
	}
	for _, c := range sw {
		starts, switched, beside, dropped, completed := 0, 0, 0, 0, 0
		for id, rxs := range r.rxOf {
			for _, p := range rxs {
				if !inClassRx(p, c.ClassRunning) || p.StartDate < r.patients[id].BirthDate {
					continue
				}
				d, before := p.StartDate, false
				for _, q := range rxs {
					before = before || inClassRx(q, c.ClassRunning) && runsOn(q, d-1)
				}
				if before {
					continue // a re-issue, not a start
				}
				starts++
				for _, o := range rxs {
					if medKey(o) != c.Medicine {
						continue
					}
					if runsOn(o, d) {
						if beside++; beside <= 3 {
							t.Logf("patient %s: %s running on %s, when %s started", id, o.Medication, d, p.Medication)
						}
						continue
					}
					if o.EndDate != d-1 {
						continue
					}
					if ranItsCourse(o) {
						completed++
						continue
					}
					ok := false
					for _, n := range rxs {
						ok = ok || medKey(n) == c.SwitchTo && n.StartDate == d && n.ConditionID == o.ConditionID && step(n) == step(o)
					}
					if ok {
						switched++
					} else if dropped++; dropped <= 3 {
						t.Logf("patient %s: %s ended %s with no %s at its step for its condition", id, o.Medication, o.EndDate, c.SwitchTo)
					}
				}
			}
		}
		enough(t, starts, 100, c.ClassRunning+" starts")
		enough(t, switched+beside+dropped, 10, c.Medicine+" courses running when "+c.ClassRunning+" started")
		t.Logf("%s starts: %d, %s switched %d, acute courses completed the day before %d", c.ClassRunning, starts, c.Medicine, switched, completed)
		if beside > 0 || dropped > 0 {
			t.Errorf("%s starts: %s ran on beside %d, was stopped with no %s %d times, switched %d", c.ClassRunning, c.Medicine, beside, c.SwitchTo, dropped, switched)
		}
	}
}

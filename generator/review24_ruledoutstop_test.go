// Checks for the twenty-fourth review's stop of a medicine that a newly
// started one rules out, when no switch_to names a medicine in its place
// (prescribing.yaml contraindications class_running; classswitch.go
// ruledOutBy; docs/clinical-model.md, "A ruled-out medicine stops the day its
// class starts").
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestRuledOutMedicineStopsTheDayItsClassStarts: a naproxen repeat ran on
// beside a newly started apixaban to the next review that read the rules
// (133 and 8 days in two records), and an NSAID beside a newly completed
// ACE inhibitor or ARB and diuretic pair (two records; generate -n 20000
// -s 5). Now, for each contraindication with class_running (alone or with
// and_running) and no switch_to, no prescription of the ruled-out medicine
// shares a day with its ruling classes: neither running on the day they
// start nor issued while they run. Medicines an onset event's course may
// give beside the class (after_event alongside: clopidogrel with an
// anticoagulant after a heart attack) are not counted.
func TestRuledOutMedicineStopsTheDayItsClassStarts(t *testing.T) {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	r := review5Population(t)
	checked := 0
	for _, c := range rules.Contraindications {
		if c.ClassRunning == "" || c.SwitchTo != "" || c.FromAge > 0 || c.Frailty != "" {
			continue // not a rule that stops a running course (startbars.go, classswitch.go)
		}
		checked++
		groups := [][]string{{c.ClassRunning}}
		if len(c.AndRunning) > 0 {
			groups = append(groups, c.AndRunning)
		}
		ruledOut := func(rx *models.Prescription) bool {
			k := medKey(rx)
			if k != c.Medicine && (c.Class == "" || !datasets.InClass(k, c.Class)) {
				return false
			}
			return !slices.ContainsFunc(rules.AfterEvent, func(a datasets.AfterEvent) bool {
				return a.Medicine == k && slices.Contains(a.Alongside, c.ClassRunning)
			})
		}
		inGroup := func(rx *models.Prescription, g []string) bool {
			return slices.ContainsFunc(g, func(cls string) bool { return inClassRx(rx, cls) })
		}
		starts, issued, beside, stopped := 0, 0, 0, 0
		for id, rxs := range r.rxOf {
			allRun := func(d models.Date) bool {
				for _, g := range groups {
					if !slices.ContainsFunc(rxs, func(q *models.Prescription) bool { return inGroup(q, g) && runsOn(q, d) }) {
						return false
					}
				}
				return true
			}
			var begins []models.Date // days the ruling classes start running together
			for _, p := range rxs {
				if d := p.StartDate; slices.ContainsFunc(groups, func(g []string) bool { return inGroup(p, g) }) &&
					!slices.Contains(begins, d) && allRun(d) && !allRun(d-1) {
					begins = append(begins, d)
				}
			}
			starts += len(begins)
			for _, o := range rxs {
				if !ruledOut(o) {
					continue
				}
				issued++
				if allRun(o.StartDate) {
					if beside++; beside <= 3 {
						t.Logf("patient %s: %s issued %s while %v run", id, o.Medication, o.StartDate, groups)
					}
				}
				for _, d := range begins {
					switch {
					case o.StartDate < d && runsOn(o, d):
						if beside++; beside <= 3 {
							t.Logf("patient %s: %s issued %s running on %s, when %v started", id, o.Medication, o.StartDate, d, groups)
						}
					case o.EndDate == d-1:
						stopped++
					}
				}
			}
		}
		t.Logf("%s %s with %v: %d starts of the ruling classes, %d prescriptions of it, %d stopped the day they started, %d beside them",
			c.Medicine, c.Class, groups, starts, issued, stopped, beside)
		// 10: lithium (bipolar disorder, h56f) starts about 22 times in this
		// population; the others start 50 or more times
		enough(t, starts, 10, c.ClassRunning+" starts")
		if beside > 0 {
			t.Errorf("%s%s ran or was issued beside %v %d times", c.Medicine, c.Class, groups, beside)
		}
	}
	enough(t, checked, 5, "class_running contraindications without switch_to")
}

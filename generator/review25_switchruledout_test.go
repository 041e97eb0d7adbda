// Checks for the twenty-fifth review's stop of a ruled-out course whose
// switch_to the person may not have (classswitch.go switchRuledOut).
package generator

import (
	"slices"
	"sort"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// TestRuledOutCourseStopsWhenItsSwitchIsBarred: when a medicine of a
// contraindication's class_running starts, the course it rules out is
// switched to the rule's switch_to (omeprazole to lansoprazole beside
// clopidogrel), or, when the switch_to is barred for the person, stopped
// that day. Before, a barred switch_to left the ruled-out course running
// beside the new class to the next review that read the rules (on main this
// test found omeprazole still running on the day clopidogrel started, with
// lansoprazole blocked).
func TestRuledOutCourseStopsWhenItsSwitchIsBarred(t *testing.T) {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	p := testPlan(t, 10, nil)
	keys := make([]string, 0, len(p.medPlans))
	for k := range p.medPlans {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	checked := 0
	for _, c := range rules.Contraindications {
		from, to := p.medPlans[c.Medicine], p.medPlans[c.SwitchTo]
		if c.SwitchTo == "" || from == nil || to == nil {
			continue
		}
		i := slices.IndexFunc(keys, func(k string) bool { return p.medPlans[k].inClass(c.ClassRunning) })
		if i < 0 {
			t.Fatalf("no medicine of class %s", c.ClassRunning)
		}
		starter := p.medPlans[keys[i]]
		checked++
		for _, barred := range []bool{false, true} {
			w := newWorker(p)
			w.b = &models.Batch{}
			d := p.Opts.AsOf - 400
			per := &person{id: "p", sex: sexIndex("male"), birth: d - 70*366, death: models.NoDate, firstDay: d - 3000, lastDay: p.Opts.AsOf,
				egfrSeen: []egfrReading{{day: d - 100, value: 80}}}
			if barred {
				per.cohort = &cohortPlan{blockDrg: map[string]bool{to.med.DMDCode: true}} // the switch_to is never prescribed to them
			}
			s := distributions.NewStream(1, 1, 1)
			k := w.startCourse(per, from, -1, -1, 0, d-60, nil, 80, &s)
			if k < 0 || w.startCourse(per, starter, -1, -1, 0, d, nil, 80, &s) < 0 {
				t.Fatalf("%s or %s could not be started", c.Medicine, starter.med.Key)
			}
			running := func(m *medPlan) bool {
				return slices.ContainsFunc(per.courses, func(cr course) bool { return cr.med == m.med && cr.running(d) })
			}
			if running(from) {
				t.Errorf("switch_to %s barred %v: %s still running on the day %s started", c.SwitchTo, barred, c.Medicine, starter.med.Key)
			}
			if running(to) == barred {
				t.Errorf("switch_to %s barred %v: %s running %v on the day %s started", c.SwitchTo, barred, c.SwitchTo, running(to), starter.med.Key)
			}
		}
	}
	if checked == 0 {
		t.Fatal("prescribing.yaml has no contraindication with switch_to to check")
	}
}

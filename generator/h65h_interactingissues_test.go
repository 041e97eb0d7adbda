// Checks for h65h: the last safety step against interacting issues
// (interactingissues.go), case by case. TestNoIssueBesideARulingClass reads
// a 6,000-patient population that never held the case h64a fixed (a gout
// flare's colchicine moved into a clarithromycin course: only
// TestNoHardViolations at 100,000 patients saw it), so it passed without
// the step. This builds the pair for every class_running bar of
// prescribing.yaml and runs the step on it alone.
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestInteractingIssuesAreWithdrawnOrEnded: for each medicine m that a
// running class rules out (prescribing.yaml contraindications with
// class_running, neither and_running nor from_age) and a medicine o of
// that class:
//   - m issued while o runs is withdrawn, o untouched;
//   - m running when o starts ends the day before o starts, o untouched;
//     when m also rules o out (a pair barred both ways: clarithromycin and
//     colchicine) the one begun second, o, goes and m runs on.
//
// Without the step every case fails (the rows stay as written).
func TestInteractingIssuesAreWithdrawnOrEnded(t *testing.T) {
	p := testPlan(t, 10, nil)
	keys := make([]string, 0, len(p.medPlans))
	for k := range p.medPlans {
		keys = append(keys, k)
	}
	slices.Sort(keys) // a fixed order: the first medicine of a class stands for it
	code := func(m *medPlan) string {
		for _, r := range m.regimens {
			if p.medPlanByDMD[r.DMDCode] == m {
				return r.DMDCode
			}
		}
		return ""
	}
	day := models.CivilDate(2020, 3, 2)
	w := newWorker(p)
	run := func(rows ...models.Prescription) []models.Prescription {
		w.b = &models.Batch{Prescriptions: rows}
		for i := range w.b.Prescriptions {
			w.b.Prescriptions[i].PrescriptionID = models.ID{Lo: uint64(i + 1)}
		}
		w.withdrawInteractingIssues(&person{lastDay: day + 4000})
		return w.b.Prescriptions
	}
	pairs, bars := 0, map[string]bool{}
	for _, mk := range keys {
		m := p.medPlans[mk]
		mc := code(m)
		for _, cls := range m.contraCls {
			if m.joins(cls) || mc == "" {
				continue
			}
			oi := slices.IndexFunc(keys, func(k string) bool {
				o := p.medPlans[k]
				return k != mk && o.inClass(cls) && code(o) != ""
			})
			if oi < 0 {
				t.Errorf("%s: no medicine of class %s to rule it out", mk, cls)
				continue
			}
			o := p.medPlans[keys[oi]]
			oc, what := code(o), mk+" beside "+keys[oi]+" ("+cls+")"
			pairs++
			bars[mk+"/"+cls] = true

			// m issued while o runs: m withdrawn
			rx := run(models.Prescription{DMDCode: oc, StartDate: day, EndDate: day + 30},
				models.Prescription{DMDCode: mc, StartDate: day + 10, EndDate: day + 20})
			if !rx[1].PrescriptionID.IsZero() {
				t.Errorf("%s: %s issued inside a running course is kept", what, mk)
			}
			if rx[0].PrescriptionID.IsZero() || rx[0].EndDate != day+30 {
				t.Errorf("%s: the running %s was changed (withdrawn %v, end %v)", what, keys[oi], rx[0].PrescriptionID.IsZero(), rx[0].EndDate)
			}

			// o started while m runs: m ends the day before (or, barred
			// both ways, o goes)
			both := rulesOut(m, o)
			rx = run(models.Prescription{DMDCode: mc, StartDate: day, EndDate: day + 60},
				models.Prescription{DMDCode: oc, StartDate: day + 20, EndDate: day + 40})
			switch {
			case both && (!rx[1].PrescriptionID.IsZero() || rx[0].PrescriptionID.IsZero() || rx[0].EndDate != day+60):
				t.Errorf("%s, barred both ways: %s begun second kept %v; %s first kept %v to %v, want it to run to %v",
					what, keys[oi], !rx[1].PrescriptionID.IsZero(), mk, !rx[0].PrescriptionID.IsZero(), rx[0].EndDate, day+60)
			case !both && (rx[0].PrescriptionID.IsZero() || rx[0].EndDate != day+19):
				t.Errorf("%s: running %s ends %v (withdrawn %v), want %v, the day before %s starts", what, mk, rx[0].EndDate, rx[0].PrescriptionID.IsZero(), day+19, keys[oi])
			case !both && (rx[1].PrescriptionID.IsZero() || rx[1].EndDate != day+40):
				t.Errorf("%s: the new %s was changed", what, keys[oi])
			}
		}
	}
	t.Logf("%d pairs checked over %d medicine/class bars", pairs, len(bars))
	// every such bar of the catalogue is checked for each medicine it
	// names (the colchicine/clarithromycin pair of h64a among them)
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, c := range rules.Contraindications {
		if c.ClassRunning == "" || c.FromAge > 0 || len(c.AndRunning) > 0 || c.Frailty != "" {
			continue
		}
		named++
		for _, mk := range keys {
			if c.AppliesTo(mk) && !p.medPlans[mk].joins(c.ClassRunning) && !bars[mk+"/"+c.ClassRunning] {
				t.Errorf("bar %s beside %s is not checked", mk, c.ClassRunning)
			}
		}
	}
	enough(t, named, 10, "class_running bars in prescribing.yaml")
	for _, b := range []string{"colchicine/macrolide", "clarithromycin/antigout"} {
		if !bars[b] {
			t.Errorf("bar %s (h64a's pair) is not checked", b)
		}
	}
}

// Checks for the eleventh review's ACE inhibitor and ARB titration in heart
// failure (docs/clinical-model.md, "Asthma and COPD attacks, and heart
// failure starting doses (eleventh review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
)

// TestHeartFailureACEIAndARBStartLow: candesartan for heart failure started
// at 8 mg and ramipril at 2.5 mg, the hypertension doses (40 of 40 and 142
// of 147 first issues for people diagnosed in the record on generate -n
// 20000 -s 5; none at the heart failure dose in this test's population).
// The BNF starts candesartan at 4 mg in heart failure and doubles it at
// intervals of at least two weeks to 32 mg, and ramipril at 1.25 mg, raised
// gradually to 10 mg (regimens.csv ladder heart_failure). The first issue
// for heart failure diagnosed in the record is now the low dose, unless the
// kidneys cap it lower still; each rise is one step of the ladder, at least
// two weeks after the dose before; some reach the target dose.
func TestHeartFailureACEIAndARBStartLow(t *testing.T) {
	r := review5Population(t)
	for _, tc := range []struct {
		med    string
		ladder []float64
	}{
		{"candesartan", []float64{4, 8, 16, 32}},
		// back on the pathway since the twelfth review, which takes a course
		// running for hypertension onto the ladder (takeover.go)
		{"ramipril", []float64{1.25, 2.5, 5, 10}},
	} {
		stepOf := map[float64]int{}
		for i, mg := range tc.ladder {
			stepOf[mg] = i
		}
		first, low, rises, top := 0, 0, 0, 0
		for id := range r.patients {
			hf := r.has(id, "heart_failure")
			if hf == nil {
				continue
			}
			rxs := r.heartFailureIssues(id, tc.med)
			if len(rxs) == 0 {
				continue
			}
			if hf.OnsetDate >= r.p.windowStart {
				first++
				if strengthMg(rxs[0].Medication) == tc.ladder[0] {
					low++
				} else if first-low <= 3 {
					t.Logf("%s: heart failure from %s, first %s for it %s on %s", id, hf.OnsetDate, tc.med, rxs[0].Medication, rxs[0].StartDate)
				}
			}
			prev, since := -1, rxs[0].StartDate
			for _, rx := range rxs {
				s, ok := stepOf[strengthMg(rx.Medication)]
				if !ok {
					t.Fatalf("%s: %s issued for heart failure is not a step of the ladder", id, rx.Medication)
				}
				if s == len(tc.ladder)-1 {
					top++
				}
				if prev >= 0 && s > prev {
					rises++
					if s != prev+1 || rx.StartDate-since < 14 {
						t.Fatalf("%s: %s raised from %.2f mg (since %s) to %s on %s", id, tc.med, tc.ladder[prev], since, rx.Medication, rx.StartDate)
					}
				}
				if s != prev {
					prev, since = s, rx.StartDate
				}
			}
		}
		enough(t, first, 10, "people diagnosed with heart failure in the record with "+tc.med+" for it")
		t.Logf("first %s for heart failure at %.2f mg: %d of %d diagnosed in the record; %d one-step rises; %d issues of %.0f mg",
			tc.med, tc.ladder[0], low, first, rises, top, tc.ladder[len(tc.ladder)-1])
		// a start capped by the kidneys (ramipril below eGFR 30: 5 mg at most) is the
		// only other first dose, and rare
		if float64(low) < 0.9*float64(first) {
			t.Errorf("%d of %d first issues of %s for heart failure at %.2f mg, want nearly all", low, first, tc.med, tc.ladder[0])
		}
		if rises == 0 || top == 0 {
			t.Errorf("%s for heart failure never stepped up (%d rises) or never reached the target (%d issues)", tc.med, rises, top)
		}
	}
}

// TestHeartFailureRamiprilRenalCapIsTheSameDose: prescribing.yaml caps
// ramipril below eGFR 30 at 5 mg, step 1 of its usual ladder; on the heart
// failure ladder (1.25, 2.5, 5, 10 mg) 5 mg is step 2, so the cap there is
// step 2 (the same product), not 2.5 mg.
func TestHeartFailureRamiprilRenalCapIsTheSameDose(t *testing.T) {
	p := testPlan(t, 10, nil)
	m := p.optionPlan(datasets.DrugOption{Drug: "ramipril", Ladder: "heart_failure"})
	if m == nil || m.ladder != "heart_failure" {
		t.Fatal("no heart failure ladder plan for ramipril")
	}
	if m.renal == nil || p.medPlans["ramipril"].renal == nil {
		t.Fatal("ramipril has no renal rule")
	}
	usual := p.medPlans["ramipril"].regimen(60, p.medPlans["ramipril"].renal.MaxStep)
	capped := m.regimen(60, m.renal.MaxStep)
	if usual == nil || capped == nil || capped.DMDCode != usual.DMDCode {
		t.Fatalf("renal cap on the heart failure ladder %v, on the usual ladder %v: want the same product", capped, usual)
	}
	if m.renal.MaxStep != 2 {
		t.Errorf("renal cap on the heart failure ladder at step %d, want 2 (5 mg)", m.renal.MaxStep)
	}
}

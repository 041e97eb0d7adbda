// Checks for the eleventh review's candesartan titration in heart failure
// (docs/clinical-model.md, "Asthma and COPD attacks, and candesartan in
// heart failure (eleventh review)").
package generator

import (
	"testing"
)

// TestHeartFailureCandesartanStartsAt4mg: candesartan for heart failure
// started at 8 mg, the hypertension dose (40 of 40 first issues for people
// diagnosed in the record on generate -n 20000 -s 5; 0 of 52 at 4 mg in
// this test's population). The BNF starts it at
// 4 mg in heart failure and doubles the dose at intervals of at least two
// weeks to 32 mg (regimens.csv ladder heart_failure). The first issue for
// heart failure diagnosed in the record is now 4 mg; each rise is one
// doubling, at least two weeks after the dose before; some reach 32 mg.
func TestHeartFailureCandesartanStartsAt4mg(t *testing.T) {
	r := review5Population(t)
	ladder := map[float64]int{4: 0, 8: 1, 16: 2, 32: 3}
	first, low, rises, top := 0, 0, 0, 0
	for id := range r.patients {
		hf := r.has(id, "heart_failure")
		if hf == nil {
			continue
		}
		rxs := r.heartFailureIssues(id, "candesartan")
		if len(rxs) == 0 {
			continue
		}
		if hf.OnsetDate >= r.p.windowStart {
			first++
			if strengthMg(rxs[0].Medication) == 4 {
				low++
			} else if first-low <= 3 {
				t.Logf("%s: heart failure from %s, first candesartan for it %s on %s", id, hf.OnsetDate, rxs[0].Medication, rxs[0].StartDate)
			}
		}
		prev, since := -1, rxs[0].StartDate
		for _, rx := range rxs {
			s, ok := ladder[strengthMg(rx.Medication)]
			if !ok {
				t.Fatalf("%s: %s issued for heart failure is not a step of the ladder", id, rx.Medication)
			}
			if s == 3 {
				top++
			}
			if prev >= 0 && s > prev {
				rises++
				if s != prev+1 || rx.StartDate-since < 14 {
					t.Fatalf("%s: candesartan raised from step %d (since %s) to %s on %s", id, prev, since, rx.Medication, rx.StartDate)
				}
			}
			if s != prev {
				prev, since = s, rx.StartDate
			}
		}
	}
	enough(t, first, 10, "people diagnosed with heart failure in the record with candesartan for it")
	t.Logf("first candesartan for heart failure at 4 mg: %d of %d diagnosed in the record; %d one-step rises; %d issues of 32 mg", low, first, rises, top)
	if low != first {
		t.Errorf("%d of %d first issues of candesartan for heart failure at 4 mg, want all", low, first)
	}
	if rises == 0 || top == 0 {
		t.Errorf("candesartan for heart failure never stepped up (%d rises) or never reached 32 mg (%d issues)", rises, top)
	}
}

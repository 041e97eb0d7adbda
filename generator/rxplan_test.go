package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestRxPlanIsTheRegimensMedicine checks the plan's index by product code
// against the two lookups it replaced (the regimen naming the code, then its
// medicine's plan) for every product code the regimens know, and a code
// they do not: a code indexed to another medicine, or one left out whose
// medicine has a plan, would change what every prescribing pass decides.
func TestRxPlanIsTheRegimensMedicine(t *testing.T) {
	w := newWorker(testPlan(t, 100, nil))
	codes := append(datasets.RegimenCodes(), "0000000000")
	planned := 0
	for _, code := range codes {
		var want *medPlan
		if g, ok := datasets.RegimenByDMD(code); ok {
			want = w.plan.medPlans[g.Medicine]
		}
		if got := w.rxPlan(&models.Prescription{DMDCode: code}); got != want {
			t.Fatalf("product %s: rxPlan gives %p, the regimen's medicine plan is %p", code, got, want)
		}
		if want != nil {
			planned++
		}
	}
	if planned < 50 {
		t.Fatalf("only %d of %d product codes have a medicine plan: the comparison checked little", planned, len(codes))
	}
	t.Logf("%d product codes, %d with a medicine plan", len(codes), planned)
}

package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A renal dose band marked settled is left once the kidneys recover (brief
// h69d, issue 9): a GP found sitagliptin kept at 50 mg for good after one
// eGFR below 45 (102 issues of 50 mg in 28 people whose latest eGFR was 45
// or more, generate -n 20000 -s 83), where the BNF doses it by the present
// eGFR (100 mg from 45). The dose goes back up to the band the settled eGFR
// calls for (renalsettled.go: the results of 3 months clear the band), so
// one better reading at the band's edge does not move it; it is lowered on
// the latest result, as without it.

// renalRaiseBack is the regimen step course c of medicine m goes back up to
// on day d (egfr the latest), when it runs at a lower dose than the settled
// eGFR's band: ok is false when it does not (no settled bands, a dose
// criterion holding it, or at the band's step already).
func renalRaiseBack(per *person, m *medPlan, c *course, d models.Date, egfr float64, lowered bool) (step int, ok bool) {
	r := m.renal
	if r == nil || !r.Settled || len(r.Reduce) == 0 || lowered {
		return 0, false
	}
	step, _ = r.DoseStep(ceilingRaiseEGFR(per, m, d, egfr)) // 0: the usual dose
	return step, c.reg.Step > step && isRenalStep(r.Reduce, c.reg.Step)
}

// isRenalStep reports whether the step is one of the renal bands' (a step a
// band lowered the course to, not a dose chosen for another reason).
func isRenalStep(bands []datasets.RenalDose, step int) bool {
	for _, b := range bands {
		if b.Step == step {
			return true
		}
	}
	return false
}

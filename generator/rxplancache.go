package generator

import "github.com/code4health/cohortgen/models"

// rxPlanCache holds the medicine plans of the product codes rxPlan looked up
// lately, one slot a code picked by the code's bytes. The passes over a
// person's prescriptions (withdrawRenalStarts, withdrawPastLimits,
// slowHeartAt, ...) each ask for the plan of every issue, and a person's
// issues are of a handful of products: hashing each code into the plans'
// map was 1.2% of the CPU (mapaccess1_faststr under rxPlan, stop 61). A
// code's string comes from the catalogue's regimen, so comparing it with the
// slot's is mostly a pointer comparison. A slot holds the map's answer, so a
// hit gives the answer the map would.
type rxPlanCache [64]struct {
	code string
	plan *medPlan
	set  bool
}

// rxPlan is the medicine plan of a prescription (nil: none): the plan of the
// medicine whose regimen names its product (medPlanByDMD).
func (w *worker) rxPlan(rx *models.Prescription) *medPlan {
	code := rx.DMDCode
	n := len(code)
	if n < 8 { // (no product code is this short: dm+d ids are 8 digits or more)
		return w.plan.medPlanByDMD[code]
	}
	// dm+d ids share their namespace digits at the end; the first and the
	// check digit differ most
	h := (uint64(code[0]) | uint64(code[1])<<8 | uint64(code[2])<<16 | uint64(code[3])<<24 |
		uint64(code[n-1])<<32 | uint64(code[n-3])<<40 | uint64(code[4])<<48 | uint64(code[5])<<56) * 0x9e3779b97f4a7c15
	e := &w.rxPlans[h>>58]
	if !e.set || e.code != code {
		e.code, e.plan, e.set = code, w.plan.medPlanByDMD[code], true
	}
	return e.plan
}

package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestMethotrexateKeepsItsFolicAcidAfterAHold: a blood count read at a
// contact written after the reviews that followed it (a tiredness
// consultation's count, low enough to withhold methotrexate) stopped
// methotrexate on its day and withdrew the folic acid already issued with
// the later course that restarted it, so methotrexate ran for a year with
// no folic acid (audit hard rule methotrexate-without-folic-acid on
// generate -n 5000 -s 31; the person is the 138th of that seed). Every
// methotrexate issue must have folic acid running on its first day (BNF).
func TestMethotrexateKeepsItsFolicAcidAfterAHold(t *testing.T) {
	p := testPlan(t, 140, func(o *Options) { o.Seed = 31 })
	r := realismOf(p, generateAll(t, p, 0, 140))
	issues := 0
	for id := range r.patients {
		var folic []*models.Prescription
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "folic_acid" {
				folic = append(folic, rx)
			}
		}
		for _, rx := range r.rxOf[id] {
			if medKey(rx) != "methotrexate" {
				continue
			}
			issues++
			covered := false
			for _, f := range folic {
				covered = covered || (f.StartDate <= rx.StartDate && (f.EndDate == models.NoDate || f.EndDate >= rx.StartDate))
			}
			if !covered {
				t.Errorf("patient %s: methotrexate issued %s with no folic acid running", id, rx.StartDate)
			}
		}
	}
	enough(t, issues, 5, "methotrexate issues")
}

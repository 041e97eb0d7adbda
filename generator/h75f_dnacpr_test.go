// Checks for brief h75f: a decision about resuscitation before a death on
// the palliative care register.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestRegisterDeathsHaveADNACPRDecision: the decision drawn at the register
// entry (0.8) is revisited at the home visit that prescribes anticipatory
// medicines for a death planned outside hospital (catalogue end_of_life
// resuscitation dying_at_home 0.9), so few register deaths end with none:
// about 0.2 x 0.1 of those with the visit. Before, 176 of 929 register
// deaths (19%) had none, one at 100 (generate -n 20000 -s 83).
func TestRegisterDeathsHaveADNACPRDecision(t *testing.T) {
	r := review5Population(t)
	if r.p.notForCPR == nil {
		t.Fatal("catalogue: no end_of_life resuscitation")
	}
	reg := r.p.Cat.EndOfLife.Register.Snomed
	decided := map[string]bool{}
	for i := range r.b.Observations {
		if o := &r.b.Observations[i]; o.SnomedCode == r.p.notForCPR.Snomed {
			decided[o.PatientID] = true
		}
	}
	deaths, none := 0, 0
	for pid, pt := range r.patients {
		if pt.DeathDate == models.NoDate {
			continue
		}
		onRegister := false
		for _, c := range r.condsOf[pid] {
			onRegister = onRegister || c.SnomedCode == reg
		}
		if !onRegister {
			continue
		}
		deaths++
		if !decided[pid] {
			none++
		}
	}
	t.Logf("%d register deaths, %d with no DNACPR decision", deaths, none)
	enough(t, deaths, 100, "register deaths")
	if float64(none) > 0.06*float64(deaths) {
		t.Errorf("%d of %d register deaths (%.1f%%) have no DNACPR decision on the record (want at most 6%%)", none, deaths, 100*float64(none)/float64(deaths))
	}
}

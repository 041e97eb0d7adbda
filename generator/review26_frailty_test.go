package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNoFrailtyCodedOnTheDayOfDeath: a GP reviewer found a woman coded
// mildly frail at the home visit that verified her expected death, and 5
// people so coded on the day they died (twenty-sixth review, generate -n
// 20000 -s 9). No frailty category is coded on the day of death.
func TestNoFrailtyCodedOnTheDayOfDeath(t *testing.T) {
	r := review5Population(t)
	cats := map[string]bool{}
	for _, c := range r.p.frailty.cats {
		cats[c.Snomed] = true
	}
	if len(cats) == 0 {
		t.Fatal("no frailty categories")
	}
	coded, onDeath := 0, 0
	for id, obs := range r.obsOf {
		p := r.patients[id]
		for _, o := range obs {
			if !cats[o.SnomedCode] {
				continue
			}
			coded++
			if p.DeathDate != models.NoDate && o.EffectiveTime.Date() >= p.DeathDate {
				onDeath++
				t.Errorf("%s (died %s): %s coded on %s", id, p.DeathDate, o.Description, o.EffectiveTime.Date())
			}
		}
	}
	enough(t, coded, 1000, "frailty categories coded")
	t.Logf("%d frailty categories coded, %d on the day of death", coded, onDeath)
}

// Checks for the eleventh review, what brings people to A&E
// (docs/clinical-model.md, "A&E case mix (eleventh review)").
package generator

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestAECaseMixAtPublishedShares: a GP read A&E as three complaints (chest
// pain 32% of adults' attendances, abdominal pain 26%, head injury 15% on
// generate -n 20000 -s 5). Each verified catalogue ae_case_mix share must
// hold: A&E attendances in the history window at the share's ages whose
// reason is the presentation, within its tolerance plus 3 standard errors;
// and no presentation may be the reason for more than a quarter of them.
func TestAECaseMixAtPublishedShares(t *testing.T) {
	r := pathwayPopulation(t)
	from, to := r.p.windowStart, r.p.Opts.Population()
	keyOf := r.conditionKeys()
	checked := 0
	for _, share := range r.p.Cat.AECaseMix {
		n, with := 0, 0
		byKey := map[string]int{}
		for i := range r.b.Encounters {
			e := &r.b.Encounters[i]
			if e.Setting != settingAE || e.StartTime.Date() < from || e.StartTime.Date() > to {
				continue
			}
			age := models.YearsBetween(r.patients[e.PatientID].BirthDate, e.StartTime.Date())
			if age < share.MinAge || age > share.MaxAge {
				continue
			}
			n++
			k := keyOf[e.ReasonConditionID]
			byKey[k]++
			if k == share.Key {
				with++
			}
		}
		enough(t, n, 1000, "A&E attendances at "+share.Key+"'s ages")
		got := 100 * float64(with) / float64(n)
		se := 100 * math.Sqrt(got/100*(1-got/100)/float64(n))
		t.Logf("%s, ages %d-%d: %.1f%% of %d A&E attendances (published %.1f%%, %s)", share.Key, share.MinAge, share.MaxAge, got, n, share.Percent, share.Status)
		for k, c := range byKey {
			if 4*c > n {
				t.Errorf("%q is the reason for %d of %d A&E attendances at ages %d-%d", k, c, n, share.MinAge, share.MaxAge)
			}
		}
		if share.Status != "verified" {
			continue
		}
		checked++
		if math.Abs(got-share.Percent) > share.Tolerance*share.Percent+3*se {
			t.Errorf("%s: %.1f%% of A&E attendances at ages %d-%d, published %.1f%% (tolerance %.0f%% + 3 SE %.1f)", share.Key, got, share.MinAge, share.MaxAge, share.Percent, 100*share.Tolerance, se)
		}
	}
	if checked == 0 {
		t.Fatal("no verified A&E share checked")
	}
}

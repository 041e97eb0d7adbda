package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// One call gives the results due on its day (brief fxc). A GP read a
// urine culture's result call (coding the resistance and switching the
// antibiotic) and, the next day, a second "Patient informed - test
// result" call that gave a check-up's ferritin already due at the first
// (generate -n 3000 -s 31). Every results call after a culture's call must
// give a test that was not yet due at it (taken less than result_days[0]
// before the culture's call). Before: 1 of 57 culture calls in this
// population (2 of 135 followed by another results call within 3 days at
// generate -n 20000 -s 83); after: 0.
func TestCultureCallGivesTheResultsDueThatDay(t *testing.T) {
	r := pathwayPopulation(t)
	ap := r.p.adminCalls
	cr, err := datasets.LoadCultureResult()
	if err != nil {
		t.Fatal(err)
	}
	if ap == nil {
		t.Skip("no admin calls in the catalogue")
	}
	informed := codeOf(t, cr.ResultCode)
	sus, ok := datasets.ObservationByKey(cr.Resistance[0].Susceptibility) // every drug's test shares the SNOMED code
	if !ok {
		t.Fatalf("susceptibility %q is not an observation code", cr.Resistance[0].Susceptibility)
	}
	lo, hi := models.Date(ap.a.ResultDays[0]), models.Date(ap.a.ResultDays[1])
	calls, redundant := 0, 0
	for id, obs := range r.obsOf {
		var tests []models.Date // days of the tests a results call gives
		var cultureCalls []*models.Observation
		results := map[string]models.Date{} // results calls other than the culture's: encounter -> day
		for _, o := range obs {
			switch {
			case ap.results[o.SnomedCode]:
				if e := r.encs[o.EncounterID]; e != nil && e.Setting == settingGP {
					tests = append(tests, o.EffectiveTime.Date())
				}
			case o.ValueCode == cr.Resistant.Code && o.SnomedCode == sus.Snomed:
				cultureCalls = append(cultureCalls, o)
			case o.SnomedCode == informed:
				results[o.EncounterID] = o.EffectiveTime.Date()
			}
		}
		for _, c := range cultureCalls {
			calls++
			d := c.EffectiveTime.Date()
			for enc, d2 := range results {
				if enc == c.EncounterID || d2 <= d || d2 > d+hi {
					continue
				}
				due, fresh := false, false // a test due at the call d2; one not yet due at d
				for _, td := range tests {
					if td >= d2-hi && td <= d2-lo {
						due = true
						fresh = fresh || td > d-lo
					}
				}
				if due && !fresh {
					redundant++
					t.Logf("%s: culture result call %s, then a results call %s giving only results due at it", id, d, d2)
				}
			}
		}
	}
	enough(t, calls, 5, "urine culture result calls")
	if redundant > 0 {
		t.Errorf("%d results calls gave only results already due at a urine culture's call of %d", redundant, calls)
	}
}

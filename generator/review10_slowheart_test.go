// Checks for the tenth review's slow hearts on a scenario's beta-blocker
// (docs/clinical-model.md, "Fractures, deaths at home and contacts that
// record nothing (tenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// TestScenarioBetaBlockerIsHalvedOnASlowHeart: the built-in scenario
// frailty-polypharmacy forces bisoprolol on its cohort, and 2 of its
// patients were issued bisoprolol 5 mg on the day of a review that read a
// heart rate below 50 (audit rule beta-blocker-heart-rate-below-50, kept an
// audit rate for it): the medicines review passed over a scenario's course
// before the slow-heart check. A scenario's beta-blocker is now halved like
// any other (it goes on, as the scenario asks), and the rule is hard.
func TestScenarioBetaBlockerIsHalvedOnASlowHeart(t *testing.T) {
	sc, err := scenario.LoadBuiltin("frailty-polypharmacy")
	if err != nil {
		t.Fatal(err)
	}
	p := testPlan(t, sc.Total(), func(o *Options) {
		o.Scenario = sc
		o.Seed = *sc.Population.Seed
		if sc.Population.AsOf != 0 {
			o.AsOf = sc.Population.AsOf
		}
	})
	b := generateAll(t, p, 0, sc.Total())
	hrCode := p.obsCodes[p.obsIndex["heart_rate"]].Snomed
	hr := map[string][]*models.Observation{}
	for i := range b.Observations {
		if o := &b.Observations[i]; o.SnomedCode == hrCode && o.Value != nil {
			hr[o.PatientID] = append(hr[o.PatientID], o)
		}
	}
	const fullDose = "318590006" // Bisoprolol 5mg tablets: the rule's product
	issues, slow := 0, 0
	for i := range b.Prescriptions {
		rx := &b.Prescriptions[i]
		if rx.DMDCode != fullDose {
			continue
		}
		issues++
		var last *models.Observation // the latest reading on or before the issue day, within a year
		for _, o := range hr[rx.PatientID] {
			if d := o.EffectiveTime.Date(); d <= rx.StartDate && d > rx.StartDate-365 && (last == nil || o.EffectiveTime > last.EffectiveTime) {
				last = o
			}
		}
		if last != nil && *last.Value < 50 {
			slow++
			t.Errorf("%s: bisoprolol 5 mg issued %s, heart rate %.0f on %s", rx.PatientID, rx.StartDate, *last.Value, last.EffectiveTime.Date())
		}
	}
	enough(t, issues, 200, "bisoprolol 5 mg issues")
	t.Logf("%d bisoprolol 5 mg issues, %d after a heart rate below 50", issues, slow)
}

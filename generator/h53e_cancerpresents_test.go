// Checks for the fifty-third session's finding of a GP review (seeds 47
// and 61): colorectal cancers appeared from nowhere, with no symptom
// contact or FIT before the fast-track referral (docs/clinical-model.md).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// NICE DG56 (2023) and NG12: a GP who sees a symptom of colorectal cancer
// gives a FIT and refers on its result; a symptom of lung cancer gets a
// chest X-ray first. Each fast-track referral of a site whose route says
// the symptom is first seen earlier (cancer_routes.yaml presents), and
// followed by that site's cancer, has a GP contact on an earlier day, no
// more than days_before before it, recording the same symptom: at least
// 80% of them (only a record that opens in the gap, or a diary full up to
// the referral, leaves it out). Every colorectal one has a FIT at or above
// 10 ug/g by the referral. Before, none had either.
func TestCancerSymptomSeenBeforeTheReferral(t *testing.T) {
	r := pathwayPopulation(t)
	sites, _ := cancerSites(t, r)
	fitSites := 0
	applicable, seenFirst, fitChecked := 0, 0, 0
	for _, sp := range sites {
		if sp.route == nil || sp.referral == nil {
			continue
		}
		fit := sp.route.result != nil && sp.route.result.Observation == "fit_quantitative"
		if fit {
			fitSites++
		}
		if sp.route.presents == nil && !fit {
			continue
		}
		for id := range r.patients {
			for _, ref := range r.obsOf[id] {
				if ref.SnomedCode != sp.referral.Snomed {
					continue
				}
				d := ref.EffectiveTime.Date()
				found := false
				for _, c := range r.condsOf[id] {
					found = found || c.ConditionKey == "cancer" && sites[c.SnomedCode] == sp && c.OnsetDate >= d && c.OnsetDate <= d+60
				}
				if !found {
					continue // a referral that found no cancer, or another site's
				}
				if fit && r.p.inUse(r.p.obsIndex[sp.route.result.Observation], d) { // h59e: no FIT before it came into use
					fitChecked++
					best := -1.0
					for _, o := range r.obsOf[id] {
						if o.SnomedCode == sp.route.resultObs.Snomed && o.Value != nil && o.EffectiveTime <= ref.EffectiveTime && o.EffectiveTime.Date() >= d-60 {
							best = max(best, *o.Value)
						}
					}
					if best < 10 {
						t.Errorf("%s: colorectal referral on %s with no FIT of 10 ug/g or more in the 60 days before (highest %.0f)", id, d, best)
					}
				}
				p := sp.route.presents
				if p == nil {
					continue
				}
				symptom := ""
				for _, o := range r.obsByEnc[ref.EncounterID] {
					for _, s := range sp.route.symptoms {
						if o.SnomedCode == s.Snomed && p.Applies(s.Key) {
							symptom = s.Snomed
						}
					}
				}
				if symptom == "" {
					continue // a symptom seen first at the referral (iron deficiency anaemia)
				}
				applicable++
				earlier := false
				for _, o := range r.obsOf[id] {
					od := o.EffectiveTime.Date()
					earlier = earlier || o.SnomedCode == symptom && od < d && od >= d-models.Date(p.DaysBefore[1])
				}
				if earlier {
					seenFirst++
				}
			}
		}
	}
	if fitSites == 0 {
		t.Fatal("no cancer site refers on a FIT (cancer_routes.yaml colon result)")
	}
	enough(t, applicable, 15, "referred cancers whose symptom is first seen earlier")
	enough(t, fitChecked, 8, "colorectal cancer referrals")
	if float64(seenFirst) < 0.8*float64(applicable) {
		t.Errorf("%d of %d referred cancers had their symptom seen at an earlier GP contact (want 80%% or more)", seenFirst, applicable)
	}
	t.Logf("%d of %d referrals with the symptom seen first at an earlier contact; %d colorectal referrals with a FIT", seenFirst, applicable, fitChecked)
}

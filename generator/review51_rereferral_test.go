package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNoRoutineReReferralSoonAfterAClearOne: the referrals that find no
// cancer (cancer_routes.yaml not_cancer) were drawn afresh each year, so a
// person whose colonoscopy had been clear was referred for it again at the
// population's rate (262 of 2,133 people with a fast-track colorectal
// referral had another within 3 years, generate -n 20000 -s 5). Those
// referrals now keep again_after_days from every fast-track referral for
// their site written before them in the pass, before or after their day.
// An iron deficiency anaemia from 60 is referred whenever NICE NG12 asks
// (anaemiareferral.go, written later in the pass, looks back only): the
// odd clear referral may follow it, at most 1 in 500.
func TestNoRoutineReReferralSoonAfterAClearOne(t *testing.T) {
	r := pathwayPopulation(t)
	nc := r.p.notCancer
	symptom := map[string]bool{}
	for _, x := range nc.referrals {
		symptom[x.Symptom] = true
	}
	codes := urgentReferralCodes27(t, r)
	keys := r.conditionKeys()
	days := models.Date(nc.data.AgainAfterDays)
	checked, again := 0, 0
	for id := range r.patients {
		var refs []*models.Observation
		for _, o := range r.obsOf[id] {
			if codes[o.SnomedCode] {
				refs = append(refs, o)
			}
		}
		for _, o := range refs {
			enc := r.encs[o.EncounterID]
			if enc == nil || !symptom[keys[enc.ReasonConditionID]] {
				continue
			}
			checked++
			for _, x := range refs {
				if gap := x.EffectiveTime.Date() - o.EffectiveTime.Date(); x != o && x.SnomedCode == o.SnomedCode && gap > -days && gap < days && x.EncounterID != o.EncounterID {
					again++
					break
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d referrals that find no cancer", checked)
	}
	if float64(again) > float64(checked)/500 {
		t.Errorf("%d of %d referrals that find no cancer come within %d days of another fast-track referral for the site", again, checked, days)
	}
	t.Logf("%d referrals that find no cancer checked", checked)
}

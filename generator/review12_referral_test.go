// Checks for the twelfth review, who goes to clinic with a complaint the
// GP manages (docs/clinical-model.md, "GP referrals to clinic (twelfth
// review)").
package generator

import (
	"math"
	"testing"
)

// TestClinicSeesTheGPsReferrals: a GP read 87% of headaches, 87% of joint
// pains and 76% of indigestion sent to clinic (generate -n 20000 -s 5), as
// the clinic's own volume made up or took whatever complaint it drew. Of
// the episodes of a complaint with refer_share that the GP first saw, the
// share with a clinic attendance about them must be the refer_share at
// most (plus 3 standard errors; an episode may not reach its clinic before
// the record ends) and at least a third of it. Episodes with a planned
// procedure (an endoscopy for indigestion) are left out: the waiting list
// has its own referral.
func TestClinicSeesTheGPsReferrals(t *testing.T) {
	r := pathwayPopulation(t)
	setting := map[string]string{}
	for i := range r.b.Encounters {
		setting[r.b.Encounters[i].EncounterID] = r.b.Encounters[i].Setting
	}
	inClinic, operated := map[string]bool{}, map[string]bool{}
	for i := range r.b.Encounters {
		switch e := &r.b.Encounters[i]; e.Setting {
		case settingOutpatient:
			inClinic[e.ReasonConditionID] = true
		case settingInpatient:
			operated[e.ReasonConditionID] = true
		}
	}
	checked := 0
	for _, pr := range r.p.presentations {
		if pr.ReferShare == 0 || len(pr.ReferWhen) > 0 {
			continue // refer_when: only episodes meeting its criteria may be referred (TestTonsillitisReferredOnSIGN117)
		}
		if pr.ReferAtRisk != nil {
			continue // refer_at_risk: people at risk are referred at a higher share (chest pain: TestChestPainAt40SeenWithAnECG)
		}
		n, seen := 0, 0
		for i := range r.b.Conditions {
			c := &r.b.Conditions[i]
			if c.ConditionKey != pr.Key || setting[c.DiagnosisEncounterID] != "gp" || operated[c.ConditionID] {
				continue // (a planned procedure has its own referral: referralsBeforeOperations)
			}
			n++
			if inClinic[c.ConditionID] {
				seen++
			}
		}
		if n < 200 {
			t.Logf("%s: %d episodes first seen by the GP, too few to check", pr.Key, n)
			continue
		}
		checked++
		got := float64(seen) / float64(n)
		se := math.Sqrt(pr.ReferShare * (1 - pr.ReferShare) / float64(n))
		t.Logf("%s: %d of %d episodes first seen by the GP seen in clinic (%.1f%%, refer_share %.0f%%)", pr.Key, seen, n, 100*got, 100*pr.ReferShare)
		if got > pr.ReferShare+3*se || got < pr.ReferShare/3 {
			t.Errorf("%s: %.1f%% of %d GP episodes seen in clinic, refer_share %.0f%%", pr.Key, 100*got, n, 100*pr.ReferShare)
		}
	}
	if checked < 4 {
		t.Fatalf("only %d complaints with refer_share had enough GP episodes to check", checked)
	}
}

package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
)

// TestAnxietyIsSignpostedToTalkingTherapies: NICE CG113's steps 2 and 3 are
// psychological therapies (NHS Talking Therapies, which takes
// self-referrals). Before stop 52 no anxiety contact coded the
// self-referral: at generate -n 20000 -s 5, 412 of 750 people with a GAD-7
// of 15 or more had neither a drug nor a referral. The catalogue's signpost
// codes it at the first contact in half the episodes scoring 10 or more
// (model); never below 10.
func TestAnxietyIsSignpostedToTalkingTherapies(t *testing.T) {
	r := review5Population(t)
	gad7, ok1 := datasets.ObservationByKey("gad7")
	ref, ok2 := datasets.ObservationByKey("talking_therapies_self_referral")
	if !ok1 || !ok2 {
		t.Fatal("observation_codes.csv: gad7 or talking_therapies_self_referral missing")
	}
	signposted := map[string]bool{} // encounters with the self-referral
	for _, o := range r.b.Observations {
		if o.SnomedCode == ref.Snomed {
			signposted[o.EncounterID] = true
		}
	}
	high, highRef, low, lowRef := 0, 0, 0, 0
	seen := map[string]bool{}
	for _, o := range r.b.Observations {
		if o.SnomedCode != gad7.Snomed || o.Value == nil || seen[o.EncounterID] {
			continue
		}
		seen[o.EncounterID] = true
		if *o.Value >= 10 {
			high++
			if signposted[o.EncounterID] {
				highRef++
			}
		} else {
			low++
			if signposted[o.EncounterID] {
				lowRef++
			}
		}
	}
	enough(t, high, 200, "contacts with a GAD-7 of 10 or more")
	t.Logf("GAD-7 10+: %d of %d contacts signposted; below 10: %d of %d", highRef, high, lowRef, low)
	if share := float64(highRef) / float64(high); share < 0.25 || share > 0.6 {
		t.Errorf("%d of %d contacts with a GAD-7 of 10 or more (%.1f%%) coded the talking-therapy self-referral (want 25-60%%: half the first contacts)", highRef, high, 100*share)
	}
	if lowRef > 0 {
		t.Errorf("%d contacts with a GAD-7 below 10 coded the self-referral (none)", lowRef)
	}
}

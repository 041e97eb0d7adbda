package generator

import "testing"

// TestFastTrackedEpisodeHasNoLaterFITOrSecondReferral: a change in bowel
// habit fast-tracked on a telephone call had its FIT taken with the bloods
// at the practice the next day, read below 10 beside the referral, and the
// iron deficiency anaemia those bloods found was referred a second time or
// (the generator counting the day before, the test not) left unreferred
// (h58a; generate -n 20000 -s 11, patients 9739 and 15904). The referral
// belongs to the episode: after a fast track at another contact that day
// or the day before, no FIT is taken and no second fast track is coded.
// Before: 32 of 3,553 FITs followed such a referral; after: 0.
func TestFastTrackedEpisodeHasNoLaterFITOrSecondReferral(t *testing.T) {
	r := review5Population(t)
	fit, ref := r.snomed("fit_quantitative"), obsCode(t, "fast_track_colorectal")
	fits, late, refs, twice := 0, 0, 0, 0
	for id := range r.patients {
		for _, o := range r.obsOf[id] {
			if o.SnomedCode != fit && o.SnomedCode != ref {
				continue
			}
			earlier := false // a referral at another contact before it, that day or the day before
			for _, x := range r.obsOf[id] {
				if x.SnomedCode == ref && x.EncounterID != o.EncounterID && x.EffectiveTime < o.EffectiveTime && x.EffectiveTime.Date() >= o.EffectiveTime.Date()-1 {
					earlier = true
				}
			}
			if o.SnomedCode == fit {
				fits++
				if earlier {
					if late++; late <= 3 {
						t.Errorf("patient %s: a FIT on %s after a fast-track colorectal referral at another contact", id, o.EffectiveTime.Date())
					}
				}
				continue
			}
			refs++
			if earlier {
				if twice++; twice <= 3 {
					t.Errorf("patient %s: a second fast-track colorectal referral on %s", id, o.EffectiveTime.Date())
				}
			}
		}
	}
	t.Logf("%d FITs, %d after a referral at another contact that day or the day before; %d referrals, %d a second", fits, late, refs, twice)
	if fits < 500 || refs < 100 {
		t.Fatalf("only %d FITs and %d referrals to judge", fits, refs)
	}
}

// Checks for brief h75h: a referral to a paediatrician is seen.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestPaediatricReferralIsSeenInClinic: a baby referred to a paediatrician
// (child_health.yaml head_check) has a paediatric outpatient attendance
// (clinic_days) after the referral, within the NHS Constitution's 18 weeks,
// where the head is measured again. Before, none of the 8 babies referred
// had one (generate -n 20000 -s 83).
func TestPaediatricReferralIsSeenInClinic(t *testing.T) {
	r := review5Population(t)
	ref, _ := datasets.ObservationByKey("paediatrics_referral")
	head, _ := datasets.ObservationByKey("head_circumference")
	referred, unseen := 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != ref.Snomed {
			continue
		}
		d := o.EffectiveTime.Date()
		if d+models.Date(126) > r.lastRecordDay(o.PatientID) {
			continue // no 18 weeks of record after it
		}
		referred++
		seen := false
		for _, x := range r.obsOf[o.PatientID] {
			e := r.encs[x.EncounterID]
			xd := x.EffectiveTime.Date()
			if x.SnomedCode == head.Snomed && e != nil && e.Setting == settingOutpatient && xd > d && xd <= d+models.Date(126) {
				seen = true
			}
		}
		if !seen {
			unseen++
			t.Logf("%s: referred to a paediatrician on %s, no clinic measuring the head within 18 weeks", o.PatientID, d)
		}
	}
	enough(t, referred, 1, "babies referred to a paediatrician with 18 weeks of record after")
	t.Logf("%d referrals, %d not seen in clinic", referred, unseen)
	if unseen > 0 {
		t.Errorf("%d of %d referrals to a paediatrician not seen in a clinic within 18 weeks (NHS Constitution: 18 weeks)", unseen, referred)
	}
}

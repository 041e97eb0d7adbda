// Checks for brief h69e: a dangerous potassium acted on, and the cardiology
// clinic after a referral. A GP review (generate -n 20000 -s 83) found no
// ECG at any potassium of 6.0 or more, and the referral to cardiology coded
// at a slow blackout in A&E followed by nothing.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestPotassiumOf6OrMoreHasAnECG: NHS Highland primary care hyperkalaemia
// guideline (TAM674): "Do an ECG when K >6.0mmol/L"; Cornwall acute GP: all
// those with a potassium of 6.0 or more should have an ECG. A GP potassium
// of 6.0 or more that the practice acts on (a repeat within 4 days, or A&E
// by the next day) has a 12-lead ECG from the result to 4 days after: at
// the urgent repeat, or in A&E at 6.5 or more (prescribing.yaml result_stops
// recheck_tests). Before, none had (0 of 169, generate -n 20000 -s 83).
func TestPotassiumOf6OrMoreHasAnECG(t *testing.T) {
	r := pathwayPopulation(t)
	k, _ := datasets.ObservationByKey("potassium")
	ecg, _ := datasets.ObservationByKey("ecg_12_lead")
	acted, without := 0, 0
	for id, obs := range r.obsOf {
		for _, o := range obs {
			e := r.encs[o.EncounterID]
			if o.SnomedCode != k.Snomed || o.Value == nil || *o.Value < 6.0 || e == nil || e.Setting != settingGP {
				continue
			}
			at, by := o.EffectiveTime, o.EffectiveTime.Date()+4
			followed, traced := false, false
			for _, q := range obs {
				if q.EffectiveTime > at && q.EffectiveTime.Date() <= by && q.SnomedCode == k.Snomed {
					followed = true
				}
				if q.EffectiveTime >= at && q.EffectiveTime.Date() <= by && q.SnomedCode == ecg.Snomed {
					traced = true
				}
			}
			followed = followed || sentToAE(r, id, at, by-3)
			if !followed {
				continue
			}
			acted++
			if !traced {
				without++
				t.Logf("%s: potassium %.1f on %s acted on, no ECG by %s", id, *o.Value, by-4, by)
			}
		}
	}
	t.Logf("%d GP potassiums of 6.0 or more acted on, %d with no ECG within 4 days", acted, without)
	enough(t, acted, 10, "GP potassiums of 6.0 or more acted on")
	if without > 0 {
		t.Errorf("%d of %d GP potassiums of 6.0 or more with no ECG within 4 days (NHS Highland TAM674: an ECG when K >6.0)", without, acted)
	}
}

// sentToAE reports whether patient id attends A&E or is admitted from at to
// the end of day by.
func sentToAE(r *realism, id string, at models.Timestamp, by models.Date) bool {
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.PatientID == id && (e.Setting == settingAE || e.Setting == settingInpatient) && e.StartTime >= at && e.StartTime.Date() <= by {
			return true
		}
	}
	return false
}

// TestCardiologyReferralIsSeenInClinic: NICE CG109 1.2 refers a blackout
// with bradycardia for specialist cardiovascular assessment within 24 hours
// (approx), and the NHS referral-to-treatment standard is 18 weeks at most.
// Every referral to cardiology coded at a slow blackout in A&E with 18
// weeks of record after it has an outpatient attendance about the blackout
// within 18 weeks, with a 12-lead ECG there (prescribing.yaml
// slow_heart_at_ae clinic). Before, none had one about it (0 of 42, 13 with
// any outpatient attendance; generate -n 20000 -s 83).
func TestCardiologyReferralIsSeenInClinic(t *testing.T) {
	r := pathwayPopulation(t)
	ref, _ := datasets.ObservationByKey("cardiology_referral")
	ecg, _ := datasets.ObservationByKey("ecg_12_lead")
	var last models.Date
	for i := range r.b.Encounters {
		last = max(last, r.b.Encounters[i].StartTime.Date())
	}
	referred, unseen := 0, 0
	for id, obs := range r.obsOf {
		p := r.patients[id]
		for _, o := range obs {
			if o.SnomedCode != ref.Snomed {
				continue
			}
			d, ae := o.EffectiveTime.Date(), r.encs[o.EncounterID]
			if ae == nil || d+126 > last || p.DeathDate != models.NoDate && p.DeathDate <= d+126 {
				continue // not 18 weeks of record after it
			}
			referred++
			seen := false
			for i := range r.b.Encounters {
				e := &r.b.Encounters[i]
				if e.PatientID != id || e.Setting != settingOutpatient || e.ReasonConditionID != ae.ReasonConditionID || e.StartTime.Date() <= d || e.StartTime.Date() > d+126 {
					continue
				}
				for _, q := range r.obsByEnc[e.EncounterID] {
					seen = seen || q.SnomedCode == ecg.Snomed
				}
			}
			if !seen {
				unseen++
				t.Logf("%s: referred to cardiology in A&E on %s, no clinic about it with an ECG within 18 weeks", id, d)
			}
		}
	}
	t.Logf("%d cardiology referrals with 18 weeks of record, %d not seen in clinic", referred, unseen)
	enough(t, referred, 3, "cardiology referrals with 18 weeks of record after them")
	if unseen > 0 {
		t.Errorf("%d of %d cardiology referrals not seen in clinic about the blackout within 18 weeks", unseen, referred)
	}
}

// Checks for the twenty-seventh clinical review, suspected-cancer referrals
// that are not cancer (docs/clinical-model.md, "Urgent suspected-cancer
// referrals that find no cancer (twenty-seventh review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// urgentReferralCodes27 is the SNOMED code of every fast-track referral the
// plan can write: each cancer site's and a child's.
func urgentReferralCodes27(t *testing.T, r *realism) map[string]bool {
	t.Helper()
	sites, cancer := cancerSites(t, r)
	codes := map[string]bool{}
	for _, sp := range sites {
		if sp.referral != nil {
			codes[sp.referral.Snomed] = true
		}
	}
	if cancer.childReferral != nil {
		codes[cancer.childReferral.Snomed] = true
	}
	return codes
}

// TestUrgentReferralConversion: every urgent suspected-cancer referral ended
// in a cancer (721 of 721 on generate -n 20000 -s 5, main). In England about
// 6-7% do (NDRS conversion rate, approx), and NICE NG12 refers at a 3% risk:
// the share of the record's fast-track referrals followed by a cancer
// diagnosis within 60 days is between NG12's 3% and 10% (about the
// conversion of a decade ago, before referrals more than doubled; approx).
// Each referral that finds no cancer codes a symptom at its consultation
// and mostly has its clinic within three weeks.
func TestUrgentReferralConversion(t *testing.T) {
	r := pathwayPopulation(t)
	codes := urgentReferralCodes27(t, r)
	symptoms := map[string]bool{}
	for _, k := range r.p.notCancer.referrals {
		symptoms[k.symptom.Snomed] = true
	}
	referrals, cancers, background, clinicSeen := 0, 0, 0, 0
	for id := range r.patients {
		for _, ref := range r.obsOf[id] {
			if !codes[ref.SnomedCode] {
				continue
			}
			referrals++
			d := ref.EffectiveTime.Date()
			found := false
			for _, c := range r.condsOf[id] {
				found = found || c.ConditionKey == "cancer" && c.OnsetDate >= d-7 && c.OnsetDate <= d+60
			}
			if found {
				cancers++
				continue
			}
			e := r.encs[ref.EncounterID]
			if e == nil || e.ReasonConditionID == "" {
				continue // a complaint's referral (a change in bowel habit): its day case follows
			}
			for _, c := range r.condsOf[id] {
				if c.ConditionID != e.ReasonConditionID || !symptoms[c.SnomedCode] {
					continue
				}
				background++
				if c.ResolvedDate != models.NoDate && c.ResolvedDate > d && c.ResolvedDate <= d+21 && r.encs[ref.EncounterID] != nil {
					clinicSeen++
				}
			}
		}
	}
	enough(t, referrals, 1000, "urgent referrals")
	conv := float64(cancers) / float64(referrals)
	t.Logf("%d urgent referrals, %d (%.1f%%) followed by a cancer; %d for a symptom in people without cancer, %d closed at a clinic within 21 days",
		referrals, cancers, 100*conv, background, clinicSeen)
	if conv < 0.03 || conv > 0.10 {
		t.Errorf("conversion %.1f%% of urgent referrals, want 3-10%% (NDRS about 6-7%%, NG12 3%%)", 100*conv)
	}
	if background == 0 || float64(clinicSeen) < 0.8*float64(background) {
		t.Errorf("%d of %d referrals that found no cancer closed at a clinic within 21 days, want 80%% or more", clinicSeen, background)
	}
}

// TestBowelHabitAt60MostlyReferredUrgently: of 1,154 episodes of a change in
// bowel habit at 60 and over, 52 had a FIT or an urgent referral within 60
// days (generate -n 20000 -s 5, main). NICE NG12 refers them on the
// suspected colorectal cancer pathway: most episodes now have the
// fast-track colorectal referral, with the symptom coded beside it.
func TestBowelHabitAt60MostlyReferredUrgently(t *testing.T) {
	r := pathwayPopulation(t)
	code, _ := datasets.ObservationByKey("fast_track_colorectal")
	ref := code.Snomed
	episodes, referred := 0, 0
	for id, pt := range r.patients {
		for _, c := range r.condsOf[id] {
			if c.ConditionKey != "change_in_bowel_habit" || c.OnsetDate < r.p.windowStart || c.OnsetDate > r.p.Opts.Population()-90 {
				continue
			}
			if models.YearsBetween(pt.BirthDate, c.OnsetDate) < 60 {
				continue
			}
			episodes++
			for _, o := range r.obsOf[id] {
				if d := o.EffectiveTime.Date(); o.SnomedCode == ref && d >= c.OnsetDate && d <= c.OnsetDate+60 {
					referred++
					break
				}
			}
		}
	}
	enough(t, episodes, 100, "changes in bowel habit at 60+")
	t.Logf("%d of %d changes in bowel habit at 60+ referred urgently", referred, episodes)
	if float64(referred) < 0.5*float64(episodes) {
		t.Errorf("%d of %d changes in bowel habit at 60+ referred urgently, want most", referred, episodes)
	}
}

// TestAbnormalBowelScreenHasColonoscopy: 12 of 244 abnormal bowel screening
// kits had a day case within 90 days (generate -n 20000 -s 5, main). In the
// programme about 80% go on to colonoscopy (Logan et al., Gut 2012,
// approx): at least 65% here, each a day case typed Colonoscopy.
func TestAbnormalBowelScreenHasColonoscopy(t *testing.T) {
	r := pathwayPopulation(t)
	byPatient := map[string][]*models.Encounter{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.TypeCode == "73761001" {
			byPatient[e.PatientID] = append(byPatient[e.PatientID], e)
		}
	}
	abnormal, scoped := 0, 0
	for id := range r.patients {
		for _, c := range r.condsOf[id] {
			if c.ConditionKey != "abnormal_bowel_screening" || c.OnsetDate > r.p.Opts.Population()-120 {
				continue
			}
			abnormal++
			for _, e := range byPatient[id] {
				if d := e.StartTime.Date(); e.Setting == settingInpatient && e.ReasonConditionID == c.ConditionID && d > c.OnsetDate && d <= c.OnsetDate+90 {
					scoped++
					break
				}
			}
		}
	}
	enough(t, abnormal, 30, "abnormal bowel screening kits")
	t.Logf("%d of %d abnormal kits followed by a colonoscopy within 90 days", scoped, abnormal)
	if float64(scoped) < 0.65*float64(abnormal) {
		t.Errorf("%d of %d abnormal bowel screening kits had a colonoscopy within 90 days, want 65%% or more", scoped, abnormal)
	}
}

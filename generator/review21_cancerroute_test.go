// Checks for the twentieth clinical review, cancer's route to diagnosis
// (docs/clinical-model.md, "Cancer's route to diagnosis (twentieth review)").
package generator

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// cancerSites maps each cancer site's problem-list SNOMED code to its plan.
func cancerSites(t *testing.T, r *realism) (map[string]*sitePlan, *condPlan) {
	t.Helper()
	out := map[string]*sitePlan{}
	cancer := r.condPlan(t, "cancer")
	for k := range cancer.sites {
		out[cancer.sites[k].Snomed] = &cancer.sites[k]
	}
	return out, cancer
}

// emergencyPresentation reports whether an encounter is an emergency presentation: an
// A&E attendance or an emergency admission (methods 21, 22).
func emergencyPresentation(e *models.Encounter) bool {
	return e.Setting == settingAE || e.Setting == settingInpatient && (e.AdmissionMethod == "21" || e.AdmissionMethod == "22")
}

// TestEveryTwoWeekWaitReferralHasItsSymptom: a GP found suspected-cancer
// (two-week-wait) referrals with no presenting symptom recorded (860 of
// 860 on generate -n 20000 -s 5). NICE NG12 refers for a symptom: each
// fast-track referral has, at the same consultation and no later than the
// referral, a symptom of the site of the cancer the clinic then diagnoses
// (datasets/cancer_routes.yaml).
func TestEveryTwoWeekWaitReferralHasItsSymptom(t *testing.T) {
	r := pathwayPopulation(t)
	sites, _ := cancerSites(t, r)
	referralCodes := map[string]bool{}
	for _, sp := range sites {
		if sp.referral != nil {
			referralCodes[sp.referral.Snomed] = true
		}
	}
	childCodes := map[string]bool{}
	for i := range r.p.conds {
		if c := r.p.conds[i].childReferral; c != nil {
			referralCodes[c.Snomed], childCodes[c.Snomed] = true, true
		}
	}
	// A red flag's complaint that the referral answers is its symptom too
	// (red_flags.yaml: a change in bowel habit at 60 and over, NG12 1.3.1,
	// answered by the colorectal fast track). After h72d's seasons such a
	// referral fell 49 days before a colon cancer found through the
	// anaemia's own referral, and the complaint, coded at the referral, is
	// not among cancer_routes.yaml's colon symptoms (fix72d).
	rf, err := datasets.RedFlagData()
	if err != nil {
		t.Fatal(err)
	}
	flagged := map[string]map[string]bool{} // referral code: the complaints it answers
	for _, c := range rf.Criteria {
		for _, k := range c.AnsweredBy {
			if code, ok := datasets.ObservationByKey(k); ok && referralCodes[code.Snomed] {
				if flagged[code.Snomed] == nil {
					flagged[code.Snomed] = map[string]bool{}
				}
				flagged[code.Snomed][c.Symptom] = true
			}
		}
	}
	checked := 0
	for id := range r.patients {
		complaint := map[string]string{} // the person's complaints' codes: their keys
		for _, c := range r.condsOf[id] {
			complaint[c.SnomedCode] = c.ConditionKey
		}
		for _, ref := range r.obsOf[id] {
			if !referralCodes[ref.SnomedCode] {
				continue
			}
			checked++
			d := ref.EffectiveTime.Date()
			// the cancer the referral led to: diagnosed in clinic within 60 days
			var site *sitePlan
			for _, c := range r.condsOf[id] {
				// of the referral's own site (or a child's): a referral that found no cancer may
				// come weeks before another site's cancer (twenty-seventh review)
				if sp := sites[c.SnomedCode]; c.ConditionKey == "cancer" && sp != nil && c.OnsetDate >= d && c.OnsetDate <= d+60 &&
					(sp.referral == nil || sp.referral.Snomed == ref.SnomedCode || childCodes[ref.SnomedCode]) {
					site = sp
				}
			}
			if site == nil {
				continue // a referral that found no cancer (TestUrgentReferralConversion checks those)
			}
			ok := false
			for _, o := range r.obsByEnc[ref.EncounterID] {
				if o.EffectiveTime > ref.EffectiveTime {
					continue
				}
				for _, s := range site.route.symptoms {
					ok = ok || o.SnomedCode == s.Snomed
				}
				if k, has := complaint[o.SnomedCode]; has && flagged[ref.SnomedCode][k] {
					ok = true // the red flag's complaint the referral answers
				}
			}
			if !ok {
				t.Errorf("%s: %s on %s with no symptom of %s recorded at or before it", id, ref.Description, d, site.Description)
			}
		}
	}
	enough(t, checked, 60, "two-week-wait referrals")
	t.Logf("%d two-week-wait referrals, each with a symptom of its site", checked)
}

// TestCancerEmergencySharesBySite: every cancer was diagnosed through the
// GP's urgent referral. Routes to Diagnosis: about a fifth of cancers are
// diagnosed after an emergency presentation, many more lung, pancreatic
// and brain cancers than breast, prostate or melanoma. The share of each
// site's cancers diagnosed in the history window whose diagnosing encounter
// is an emergency is the data's, within sampling noise; an emergency
// diagnosis has no fast-track referral before it and its encounter is
// about the cancer.
func TestCancerEmergencySharesBySite(t *testing.T) {
	r := pathwayPopulation(t)
	sites, _ := cancerSites(t, r)
	type tally struct{ n, emergency int }
	bySite := map[*sitePlan]*tally{}
	total, emergencies, expected, variance := 0, 0, 0.0, 0.0
	for id := range r.patients {
		for _, c := range r.condsOf[id] {
			sp := sites[c.SnomedCode]
			dx := r.encs[c.DiagnosisEncounterID]
			if c.ConditionKey != "cancer" || sp == nil || sp.route == nil || dx == nil || c.OnsetDate < r.p.windowStart {
				continue
			}
			ts := bySite[sp]
			if ts == nil {
				ts = &tally{}
				bySite[sp] = ts
			}
			ts.n++
			total++
			p := sp.route.emergency
			expected += p
			variance += p * (1 - p)
			if !emergencyPresentation(dx) {
				continue
			}
			ts.emergency++
			emergencies++
			if dx.ReasonConditionID != c.ConditionID {
				t.Errorf("%s: %s diagnosed at %s %s that is not about it", id, c.Description, dx.Setting, dx.StartTime.Date())
			}
			for _, o := range r.obsOf[id] {
				if d := o.EffectiveTime.Date(); len(o.Description) > 10 && o.Description[:10] == "Fast track" && d <= c.OnsetDate && d >= c.OnsetDate-28 {
					t.Errorf("%s: %s diagnosed as an emergency on %s after a fast-track referral on %s", id, c.Description, c.OnsetDate, d)
				}
			}
		}
	}
	enough(t, total, 150, "cancers diagnosed in the window")
	sd := math.Sqrt(variance)
	if math.Abs(float64(emergencies)-expected) > 4*sd+2 {
		t.Errorf("%d of %d cancers diagnosed as emergencies, the data's shares expect %.0f (sd %.1f)", emergencies, total, expected, sd)
	}
	share := float64(emergencies) / float64(total)
	if share < 0.12 || share > 0.30 {
		t.Errorf("%.1f%% of cancers diagnosed as emergencies; Routes to Diagnosis: about 20%%", 100*share)
	}
	for sp, ts := range bySite {
		p := sp.route.emergency
		got := float64(ts.emergency) / float64(ts.n)
		tol := 4*math.Sqrt(p*(1-p)/float64(ts.n)) + 0.03
		if ts.n >= 25 && math.Abs(got-p) > tol {
			t.Errorf("%s: %d of %d (%.1f%%) diagnosed as emergencies, the data says %.0f%% (tolerance %.1f pts)", sp.Key, ts.emergency, ts.n, 100*got, 100*p, 100*tol)
		}
		t.Logf("%-22s %3d of %3d (%5.1f%%), data %4.0f%%", sp.Key, ts.emergency, ts.n, 100*got, 100*p)
	}
	t.Logf("%d of %d cancers (%.1f%%) diagnosed as emergencies; expected %.0f", emergencies, total, 100*share, expected)
}

// isPresentingSymptom reports whether code is a presenting symptom of a
// cancer site (cancer_routes.yaml): a finding recorded with no value.
func isPresentingSymptom(p *Plan, code string) bool {
	for i := range p.presentations { // a complaint's urgent referral (twenty-seventh review)
		if u := p.presentations[i].Urgent; u != nil {
			if o, ok := datasets.ObservationByKey(u.Symptom); ok && o.Snomed == code {
				return true
			}
		}
	}
	for i := range p.conds {
		for k := range p.conds[i].sites {
			if r := p.conds[i].sites[k].route; r != nil {
				for _, s := range r.symptoms {
					if s.Snomed == code {
						return true
					}
				}
			}
		}
	}
	return false
}

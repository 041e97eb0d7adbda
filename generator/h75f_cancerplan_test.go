// Checks for brief h75f: the plan coded when a cancer has no anti-cancer
// treatment. A GP review found no prostate cancer ever coded watchful
// waiting (men of 80 and over coded active surveillance, a hospital plan for
// men fit for radical treatment), and best supportive care coded with the
// watchful-waiting code 373818007 (generate -n 20000 -s 83).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// cancerDecisions calls f with the site route, the patient's age and the
// observation for each observation coded obs at an encounter about a cancer
// with a route (cancer_routes.yaml).
func cancerDecisions(t *testing.T, r *realism, obs string, f func(rt *datasets.SiteRoute, age int, o *models.Observation)) {
	t.Helper()
	data, err := datasets.CancerRouteData()
	if err != nil {
		t.Fatal(err)
	}
	routes := map[string]*datasets.SiteRoute{} // a cancer's SNOMED CT code -> its site's route
	for i := range r.p.conds {
		for _, sp := range r.p.conds[i].sites {
			if rt := data.Route(sp.Key); rt != nil {
				routes[sp.Snomed] = rt
			}
		}
	}
	code, ok := datasets.ObservationByKey(obs)
	if !ok {
		t.Logf("observation_codes.csv: no %s", obs) // none coded (the counts that need it fail)
		return
	}
	rows := r.conditionByID()
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != code.Snomed {
			continue
		}
		c := rows[r.encs[o.EncounterID].ReasonConditionID]
		if c == nil || routes[c.SnomedCode] == nil {
			continue
		}
		f(routes[c.SnomedCode], ageOn(r.patients[o.PatientID], o.EffectiveTime.Date()), o)
	}
}

// TestProstateWatchfulWaitingFromEighty: NICE NG131 gives active
// surveillance to men with low-risk disease who could have radical
// treatment, and watchful waiting, followed at the practice, to the old
// (from 80 here, the PSA course's watchful_waiting age). Before, 0 of 118
// prostate cancers diagnosed in the record were coded watchful waiting and
// 21 men of 80 and over were coded active surveillance.
func TestProstateWatchfulWaitingFromEighty(t *testing.T) {
	r := review5Population(t)
	from := 0
	cancer, ok := r.p.Cat.Condition("cancer")
	if !ok || cancer.UrgentPathway == nil {
		t.Fatal("catalogue: no cancer urgent pathway")
	}
	for _, m := range cancer.UrgentPathway.Marker {
		if m.Site == "prostate" && m.Course("watchful_waiting") != nil {
			from = m.Course("watchful_waiting").FromAge
		}
	}
	if from == 0 {
		t.Fatal("catalogue: no prostate PSA course watchful_waiting")
	}
	surveilledOld, watched, watchedYoung := 0, 0, 0
	cancerDecisions(t, r, "cancer_active_surveillance", func(rt *datasets.SiteRoute, age int, o *models.Observation) {
		if rt.Site == "prostate" && age >= from {
			surveilledOld++
			t.Logf("%s: prostate cancer at %d coded active surveillance", o.PatientID, age)
		}
	})
	cancerDecisions(t, r, "cancer_no_treatment", func(rt *datasets.SiteRoute, age int, o *models.Observation) {
		if rt.Site == "prostate" {
			watched++
			if age < from {
				watchedYoung++
			}
		}
	})
	t.Logf("prostate cancers: %d coded watchful waiting (%d under %d), %d of %d and over coded active surveillance", watched, watchedYoung, from, surveilledOld, from)
	enough(t, watched, 5, "prostate cancers coded watchful waiting")
	if surveilledOld > 0 || watchedYoung > 0 {
		t.Errorf("%d men of %d and over coded active surveillance, %d under it coded watchful waiting (NICE NG131)", surveilledOld, from, watchedYoung)
	}
}

// TestSupportiveCareHasItsOwnCode: at a site where no anti-cancer treatment
// is only best supportive care (untreated supportive_care), the clinic
// codes the referral to palliative care, never 373818007 "No anti-cancer
// treatment - watchful waiting". Before, every such decision was coded
// 373818007.
func TestSupportiveCareHasItsOwnCode(t *testing.T) {
	r := review5Population(t)
	watchful, referred := 0, 0
	cancerDecisions(t, r, "cancer_no_treatment", func(rt *datasets.SiteRoute, age int, o *models.Observation) {
		if rt.Untreated == datasets.UntreatedSupportiveCare {
			watchful++
		}
	})
	cancerDecisions(t, r, "cancer_supportive_care", func(rt *datasets.SiteRoute, age int, o *models.Observation) {
		if rt.Untreated == datasets.UntreatedSupportiveCare {
			referred++
		}
	})
	t.Logf("supportive-care sites: %d decisions coded watchful waiting, %d referred to palliative care", watchful, referred)
	enough(t, referred, 30, "referrals to palliative care at supportive-care sites")
	if watchful > 0 {
		t.Errorf("%d cancers at supportive-care sites coded watchful waiting (373818007)", watchful)
	}
}

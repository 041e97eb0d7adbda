// Checks for the forty-sixth session's two findings of a GP review
// (generate -n 20000 -s 5): prostate cancers referred with no PSA value,
// and methotrexate reissued through a low white cell or platelet count
// (docs/clinical-model.md).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// NICE NG12 1.6.3: refer for suspected prostate cancer when the PSA is
// above the age-specific threshold. Every two-week-wait referral followed
// by a prostate cancer has a PSA recorded at or before it, above the
// threshold of the man's age that day (cancer_routes.yaml result). Before,
// none had a PSA value.
func TestProstateReferralHasAPSAAboveTheAgeThreshold(t *testing.T) {
	r := pathwayPopulation(t)
	sites, _ := cancerSites(t, r)
	var prostate *sitePlan
	for _, sp := range sites {
		if sp.route != nil && sp.route.result != nil && sp.route.result.Observation == "psa" {
			prostate = sp
		}
	}
	if prostate == nil || prostate.referral == nil {
		t.Fatal("no cancer site with a PSA presenting result and a referral")
	}
	psa := prostate.route.resultObs.Snomed
	checked := 0
	for id, pt := range r.patients {
		for _, ref := range r.obsOf[id] {
			if ref.SnomedCode != prostate.referral.Snomed {
				continue
			}
			d := ref.EffectiveTime.Date()
			found := false
			for _, c := range r.condsOf[id] {
				found = found || c.ConditionKey == "cancer" && sites[c.SnomedCode] == prostate && c.OnsetDate >= d && c.OnsetDate <= d+60
			}
			if !found {
				continue // a urological referral for another site
			}
			checked++
			limit := prostate.route.result.Threshold(ageOnDay(pt, d))
			best := -1.0
			for _, o := range r.obsOf[id] {
				if o.SnomedCode == psa && o.Value != nil && o.EffectiveTime <= ref.EffectiveTime && o.EffectiveTime.Date() >= d-90 {
					best = max(best, *o.Value)
				}
			}
			if best <= limit {
				t.Errorf("%s: prostate referral on %s at %d with no PSA above %.1f ug/L in the 90 days before (highest %.1f)", id, d, ageOnDay(pt, d), limit, best)
			}
		}
	}
	enough(t, checked, 10, "prostate cancer referrals")
	t.Logf("%d prostate cancer referrals, each with a PSA above its age threshold", checked)
}

// BSR 2017 / NICE CKS DMARDs: methotrexate is withheld when the white cell
// count is below 3.5 or the platelets below 140 (prescribing.yaml
// result_stops below) and restarted only once the count recovers. No
// methotrexate issue has, as its latest count in the 6 months before (the
// same day's included), one below the level. Before, 57 reissues followed
// such a result (generate -n 20000 -s 5). Measured on 400 people with
// rheumatoid arthritis, where the counts run low often enough to be seen.
func TestMethotrexateNotIssuedThroughALowCount(t *testing.T) {
	p, b, _ := generateCohort(t, scenario.Constraints{Has: []string{"rheumatoid_arthritis"}}, 400)
	r := realismOf(p, b)
	limits := methotrexateCountLimits(t)
	issues, low := 0, 0
	for id := range r.patients {
		for _, rx := range r.rxOf[id] {
			if medKey(rx) != "methotrexate" || rx.StartDate < r.p.windowStart {
				continue
			}
			issues++
			for code, below := range limits {
				at, v := models.NoDate, 0.0
				for _, o := range r.obsOf[id] {
					if od := o.EffectiveTime.Date(); o.SnomedCode == code && o.Value != nil && od <= rx.StartDate && od >= rx.StartDate-183 && (at == models.NoDate || od >= at) {
						at, v = od, *o.Value
					}
				}
				if at != models.NoDate && v < below {
					low++
					t.Errorf("%s: methotrexate issued %s after a count of %.1f on %s (below %.0f)", id, rx.StartDate, v, at, below)
				}
			}
		}
	}
	enough(t, issues, 500, "methotrexate issues")
	t.Logf("%d methotrexate issues, %d after a low count", issues, low)
}

// methotrexateCountLimits maps the SNOMED code of each count that withholds
// methotrexate below a level (prescribing.yaml result_stops below) to that
// level.
func methotrexateCountLimits(t *testing.T) map[string]float64 {
	t.Helper()
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	limits := map[string]float64{}
	for _, rs := range rules.ResultStops {
		if rs.Below > 0 && rs.AppliesTo("methotrexate") {
			limits[obsCode(t, rs.Observation)] = rs.Below
		}
	}
	if len(limits) < 2 {
		t.Fatalf("want the white cell and platelet rules for methotrexate, got %d", len(limits))
	}
	return limits
}

package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestThreeDrugsAboveTargetAtReviewsIsActedOn: a GP read a man on ramipril,
// amlodipine and bendroflumethiazide at 144-156 at five heart failure, AF
// and diabetes reviews in a year, his hypertension reviewed once a year and
// nothing changed (h62f; -n 3000 -s 31). NICE NG136 1.4.15-1.4.16: step up
// when the target is not met; 1.4.47-1.4.50: on A+C+D, a fourth drug by the
// potassium. Two reviews in a row (of any condition, both reading blood
// pressure) above the target (140, under 80) on A+C+D and no fourth
// drug are followed within 90 days by a new antihypertensive product (a
// drug or a dose), a coded decline or a hypertension clinic (in the three
// years before too). Before (all ages, -n 20000 -s 83): 72 of 622 such
// pairs had none (11.6%); after, 22 of 610 (3.6%). In this population,
// under 80: 6 of 63 before (9.5%), 2 of 55 after. Bound: 7%.
func TestThreeDrugsAboveTargetAtReviewsIsActedOn(t *testing.T) {
	r := pathwayPopulation(t)
	sbp := r.snomed("systolic_bp")
	const followUp = "390906007" // Follow-up encounter: a condition's review
	reviews := map[string][]*models.Encounter{}
	last := models.Date(0)
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		last = max(last, e.StartTime.Date())
		if e.Setting == "gp" && e.TypeCode == followUp {
			reviews[e.PatientID] = append(reviews[e.PatientID], e)
		}
	}
	reading := func(e *models.Encounter) (float64, bool) {
		for _, o := range r.obsByEnc[e.EncounterID] {
			if o.SnomedCode == sbp && o.Value != nil {
				return *o.Value, true
			}
		}
		return 0, false
	}
	pairs, none := 0, 0
	for pid, es := range reviews {
		hc := r.has(pid, "hypertension")
		if hc == nil {
			continue
		}
		rxs := r.rxOf[pid]
		// acd: on an ACE inhibitor or ARB, amlodipine and a thiazide on day d,
		// with no fourth (spironolactone, doxazosin or a beta-blocker)
		acd := func(d models.Date) bool {
			var a, c, th, fourth bool
			for _, rx := range rxs {
				if rx.StartDate > d || rx.EndDate != models.NoDate && rx.EndDate < d {
					continue
				}
				k := medKey(rx)
				a = a || datasets.InClass(k, "raas_blocker")
				c = c || k == "amlodipine"
				th = th || datasets.InClass(k, "thiazide")
				fourth = fourth || k == "spironolactone" || k == "doxazosin" || datasets.InClass(k, "beta_blocker")
			}
			return a && c && th && !fourth
		}
		// under 80 (from 80 the target is relaxed in frailty: stepdown.go)
		above := func(d models.Date, v float64) bool {
			return v > 140 && int(d-r.patients[pid].BirthDate) < 80*36525/100
		}
		slices.SortFunc(es, func(a, b *models.Encounter) int { return int(a.StartTime.Date() - b.StartTime.Date()) })
		prevDay, prevAbove := models.Date(0), false
		for _, e := range es {
			d := e.StartTime.Date()
			v, ok := reading(e)
			if !ok || d < hc.OnsetDate {
				continue
			}
			now := above(d, v) && acd(d)
			if now && prevAbove && d-prevDay >= 56 && d+90 <= last {
				pairs++
				if !r.htnActedOn(pid, hc.ConditionID, prevDay, d) {
					none++
				}
			}
			prevDay, prevAbove = d, now
		}
	}
	enough(t, pairs, 50, "pairs of reviews above the target on A+C+D")
	if share := float64(none) / float64(pairs); share > 0.07 {
		t.Errorf("%d of %d pairs of reviews above the target on A+C+D (%.1f%%) had no new drug or dose, coded decline or hypertension clinic within 90 days; want at most 7%%", none, pairs, 100*share)
	}
	t.Logf("%d of %d pairs of reviews above the target on A+C+D with nothing done", none, pairs)
}

// htnActedOn reports whether a second review above the hypertension target
// on day d (the first on day prev) was acted on: an antihypertensive
// (spironolactone included, class mra) not issued before prev issued from prev to 90 days after d, a
// decline ("Hypertension treatment refused", "Drug treatment not
// indicated") coded from a year before prev, or a hypertension clinic from
// three years before prev (again_after_years).
func (r *realism) htnActedOn(pid, condID string, prev, d models.Date) bool {
	before := map[string]bool{}
	for _, rx := range r.rxOf[pid] {
		if rx.StartDate < prev {
			before[rx.DMDCode] = true
		}
	}
	for _, rx := range r.rxOf[pid] {
		if rx.StartDate >= prev && rx.StartDate <= d+90 && !before[rx.DMDCode] && (datasets.InClass(medKey(rx), "antihypertensive") || medKey(rx) == "spironolactone") {
			return true
		}
	}
	for _, o := range r.obsOf[pid] {
		if day := o.EffectiveTime.Date(); (o.ValueCode == "401047000" || o.ValueCode == "183966005") && day >= prev-365 && day <= d+90 {
			return true
		}
	}
	for _, e := range r.encs {
		if e.PatientID == pid && e.Setting == "outpatient" && e.ReasonConditionID == condID && e.StartTime.Date() >= prev-1095 && e.StartTime.Date() <= d+90 {
			return true
		}
	}
	return false
}

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
// years before too). h62f measured 72 of 622 such pairs with none before
// (all ages, -n 20000 -s 83), 22 of 610 after. Bound: 7%. Floor 25 (h67g):
// with the fourth drug taken at most second misses on A+C+D (catalogue
// hypertension line 4 step_chance) fewer people stay there to make pairs,
// 31 on this population (50 or more before).
func TestThreeDrugsAboveTargetAtReviewsIsActedOn(t *testing.T) {
	pairs, none := htnPairsAboveTarget(pathwayPopulation(t), false)
	enough(t, pairs, 25, "pairs of reviews above the target on A+C+D")
	t.Logf("%d of %d pairs of reviews above the target on A+C+D with nothing done", none, pairs)
	if share := float64(none) / float64(pairs); share > 0.07 {
		t.Errorf("%d of %d pairs of reviews above the target on A+C+D (%.1f%%) had no new drug or dose, coded decline or hypertension clinic within 90 days; want at most 7%%", none, pairs, 100*share)
	}
}

// TestFourDrugsAboveTargetAtReviewsIsReferred: on A+C+D and a fourth drug
// (spironolactone, doxazosin or a beta-blocker), two reviews in a row of any
// condition above the target are resistant hypertension uncontrolled on
// four drugs: NICE NG136 1.4.52 seeks specialist advice (approx). Each such
// pair is followed within 90 days by a hypertension clinic (or one in the
// three years before: the clinic's plan stands, again_after_years), a new
// antihypertensive or a coded decline. Before (h63f), a second miss at
// another condition's review counted only off the exhausted pathway, so
// a clinic seen years before was not sought again there. Bound: 6%
// (the measures are in the h63f report).
func TestFourDrugsAboveTargetAtReviewsIsReferred(t *testing.T) {
	pairs, none := htnPairsAboveTarget(pathwayPopulation(t), true)
	enough(t, pairs, 50, "pairs of reviews above the target on four drugs")
	t.Logf("%d of %d pairs of reviews above the target on four drugs with nothing done", none, pairs)
	if share := float64(none) / float64(pairs); share > 0.06 {
		t.Errorf("%d of %d pairs of reviews above the target on four drugs (%.1f%%) had no hypertension clinic, new drug or dose or coded decline; want at most 6%%", none, pairs, 100*share)
	}
}

// htnPairsAboveTarget counts, in people with hypertension, pairs of GP
// reviews ("Follow-up encounter", any condition) in a row, at least 56 days
// apart, both reading a systolic above 140 under 80 on A+C+D (with a fourth
// drug at both when four, with none at both otherwise), and those of them
// not acted on (htnActedOn).
func htnPairsAboveTarget(r *realism, four bool) (pairs, none int) {
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
	for pid, es := range reviews {
		hc := r.has(pid, "hypertension")
		if hc == nil {
			continue
		}
		rxs := r.rxOf[pid]
		// on an ACE inhibitor or ARB, amlodipine and a thiazide on day d,
		// with a fourth (spironolactone, doxazosin or a beta-blocker) as asked
		onPathway := func(d models.Date) bool {
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
			return a && c && th && fourth == four
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
			now := above(d, v) && onPathway(d)
			if now && prevAbove && d-prevDay >= 56 && d+90 <= last {
				pairs++
				if !r.htnActedOn(pid, hc.ConditionID, prevDay, d) {
					none++
				}
			}
			prevDay, prevAbove = d, now
		}
	}
	return pairs, none
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
	if r.htnDeclinedBetween(pid, prev-365, d+90) { // a declined step (h69b: by class)
		return true
	}
	for _, o := range r.obsOf[pid] {
		if day := o.EffectiveTime.Date(); o.ValueCode == "183966005" && day >= prev-365 && day <= d+90 {
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

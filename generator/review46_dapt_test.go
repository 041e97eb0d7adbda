// Checks for the forty-sixth stop: a proton pump inhibitor beside dual
// antiplatelet therapy at any age. Before, the antiplatelet's PPI came only
// from 65 (or with an anticoagulant, an SSRI or an oral steroid), so 11 of
// 78 people under 65 on two antiplatelets had one (generate -n 20000 -s 5).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestDualAntiplateletsUnder65HaveAPPI: of people under 65 on two different
// antiplatelets at once (aspirin with ticagrelor or clopidogrel after a
// heart attack), about the companion's share 0.6 have a PPI during the
// overlap (COGENT; a UK hospital gave 71% of DAPT discharges one, Br J
// Cardiol 2022), against about one in seven before.
func TestDualAntiplateletsUnder65HaveAPPI(t *testing.T) {
	r := review5Population(t)
	dual, withPPI := 0, 0
	for id, rxs := range r.rxOf {
		pt := r.patients[id]
		from, until, found := models.NoDate, models.NoDate, false
		for _, a := range rxs {
			for _, b := range rxs {
				if !inClassRx(a, "antiplatelet") || !inClassRx(b, "antiplatelet") || medKey(a) >= medKey(b) {
					continue
				}
				s, e := max(a.StartDate, b.StartDate), min(orFar(a.EndDate), orFar(b.EndDate))
				if s > e || ageOnDay(pt, s) >= 65 {
					continue
				}
				from, until, found = s, e, true
			}
		}
		if !found {
			continue
		}
		dual++
		for _, rx := range rxs {
			if inClassRx(rx, "ppi") && rx.StartDate <= until && (rx.EndDate == models.NoDate || rx.EndDate >= from) {
				withPPI++
				break
			}
		}
	}
	enough(t, dual, 40, "people under 65 on two antiplatelets")
	if share := float64(withPPI) / float64(dual); share < 0.45 || share > 0.8 {
		t.Errorf("%d of %d people under 65 on two antiplatelets (%.0f%%) have a PPI beside them, want 45-80%%", withPPI, dual, 100*share)
	}
}

// orFar is d, or a day past any record when d is open (models.NoDate).
func orFar(d models.Date) models.Date {
	if d == models.NoDate {
		return models.DateFromYMD(2200, 1, 1)
	}
	return d
}

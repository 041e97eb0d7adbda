// Checks for the twelfth review, safe prescribing and monitoring
// (docs/clinical-model.md, "Safe prescribing and monitoring (twelfth review)").
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// monitoringRepeats counts, among the people with a medicine of the keys,
// the readings of observation key and those taken 1-4 days after the
// reading before.
func (r *realism) monitoringRepeats(obs string, keys ...string) (readings, soon int) {
	code := r.p.obsCodes[r.p.obsIndex[obs]].Snomed
	for id, rxs := range r.rxOf {
		if !slices.ContainsFunc(rxs, func(rx *models.Prescription) bool { return slices.Contains(keys, medKey(rx)) }) {
			continue
		}
		var days []models.Date
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == code {
				days = append(days, o.EffectiveTime.Date())
			}
		}
		slices.Sort(days)
		for i, d := range days {
			readings++
			if i > 0 && d-days[i-1] >= 1 && d-days[i-1] <= 4 {
				soon++
			}
		}
	}
	return readings, soon
}

// TestMethotrexateBloodsFollowOneSchedule: a GP found 499 of 5,164 ALT
// results of 120 people on methotrexate taken 1-4 days after the one before
// (generate -n 20000 -s 5): the visits booked at a review ran on past the
// follow-up that stepped the dose up, beside the follow-up's own. BSR 2017:
// every 2 weeks until stable for 6 weeks, then monthly for 3 months, then
// every 12 weeks; no sample is repeated within days. At most 1% may be.
func TestMethotrexateBloodsFollowOneSchedule(t *testing.T) {
	r := pathwayPopulation(t)
	n, soon := r.monitoringRepeats("alt", "methotrexate")
	enough(t, n, 300, "ALT readings of people on methotrexate")
	t.Logf("%d ALT readings of people on methotrexate, %d taken 1-4 days after the one before", n, soon)
	if 100*soon > n {
		t.Errorf("%d of %d ALT readings of people on methotrexate taken 1-4 days after the one before (want at most 1%%)", soon, n)
	}
}

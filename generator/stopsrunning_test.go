package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestNoMethotrexateAfterALateLowCount: a platelet count of 129 taken at a
// contact about tiredness, written once the care was, while methotrexate was
// withheld for a low count, was followed by its restart four days later
// (hard rule methotrexate-platelets-below-140; generate -n 30000 -s 89, the
// 6,369th person). BSR 2017: withhold methotrexate below 140; a late-written
// count that would stop it is left to its own monitoring.
func TestNoMethotrexateAfterALateLowCount(t *testing.T) {
	const index = 6368
	p := testPlan(t, 30000, func(o *Options) { o.Seed = 89 })
	r := realismOf(p, generateAll(t, p, index, index+1))
	platelets := r.snomed("platelets")
	issues := 0
	for id := range r.patients {
		for _, rx := range r.rxOf[id] {
			if g, _ := datasets.RegimenByDMD(rx.DMDCode); g.Medicine != "methotrexate" {
				continue
			}
			issues++
			// the latest count in the 6 months before the issue (the hard rule's)
			var latest *models.Observation
			for _, o := range r.obsOf[id] {
				d := o.EffectiveTime.Date()
				if o.SnomedCode == platelets && o.Value != nil && d <= rx.StartDate && d > rx.StartDate-183 && (latest == nil || o.EffectiveTime > latest.EffectiveTime) {
					latest = o
				}
			}
			if latest != nil && *latest.Value < 140 {
				t.Errorf("methotrexate issued %s after a platelet count of %.0f on %s", rx.StartDate, *latest.Value, latest.EffectiveTime.Date())
			}
		}
	}
	enough(t, issues, 1, "methotrexate issues of the person")
}

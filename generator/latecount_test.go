package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestNoMethotrexateAfterALateLowCount: a platelet count of 129 taken at a
// contact about tiredness, written after the care pass, while methotrexate
// was withheld for a low count, was followed by its restart four days later
// (hard rule methotrexate-platelets-below-140; generate -n 30000 -s 89, the
// 6,369th person). BSR 2017: withhold methotrexate below a platelet count of
// 140 or a white cell count of 3.5; the count is kept (the tiredness contact
// needs it) and is the one the prescribing read (latecount.go).
func TestNoMethotrexateAfterALateLowCount(t *testing.T) {
	const index = 6368
	p := testPlan(t, 30000, func(o *Options) { o.Seed = 89 })
	r := realismOf(p, generateAll(t, p, index, index+1))
	limits := map[string]float64{r.snomed("platelets"): 140, r.snomed("wbc"): 3.5}
	issues, counts := 0, 0
	for id := range r.patients {
		for _, o := range r.obsOf[id] {
			if _, ok := limits[o.SnomedCode]; ok {
				counts++
			}
		}
		for _, rx := range r.rxOf[id] {
			if g, _ := datasets.RegimenByDMD(rx.DMDCode); g.Medicine != "methotrexate" {
				continue
			}
			issues++
			for code, lim := range limits {
				// the latest count in the 6 months before the issue (the hard rule's)
				var latest *models.Observation
				for _, o := range r.obsOf[id] {
					d := o.EffectiveTime.Date()
					if o.SnomedCode == code && o.Value != nil && d <= rx.StartDate && d > rx.StartDate-183 && (latest == nil || o.EffectiveTime > latest.EffectiveTime) {
						latest = o
					}
				}
				if latest != nil && *latest.Value < lim {
					t.Errorf("methotrexate issued %s after a count of %g (%s) on %s", rx.StartDate, *latest.Value, latest.Description, latest.EffectiveTime.Date())
				}
			}
		}
	}
	enough(t, issues, 1, "methotrexate issues of the person")
	enough(t, counts, 1, "blood counts of the person")
}

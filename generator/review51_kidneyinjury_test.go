package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestKidneyInjuryShowsInItsResult: an acute kidney injury is diagnosed on a
// serum creatinine 1.5 times the person's usual or more (KDIGO 2012), which
// the laboratory reports as an eGFR about 0.6 of the usual or less. Every
// injury has an eGFR at a contact about it on the day it began (or past
// midnight, in the A&E attendance that began that evening), and where
// an earlier result exists the fall shows: at most 1 in 10 read above 0.8
// of the latest eGFR in the year before (the noise of two readings and the
// smaller rises KDIGO also counts, 26.5 umol/L in 48 hours). On main, 4 of
// 1,547 injuries had a result on their day (generate -n 20000 -s 5).
func TestKidneyInjuryShowsInItsResult(t *testing.T) {
	r := review5Population(t)
	code := r.snomed("egfr")
	injuries, measured, compared, small := 0, 0, 0, 0
	for id := range r.patients {
		for _, c := range r.condsOf[id] {
			if c.ConditionKey != "aki" {
				continue
			}
			injuries++
			var at, before *models.Observation
			for _, o := range r.values(id, code) {
				d := o.EffectiveTime.Date()
				if enc := r.encs[o.EncounterID]; d >= c.OnsetDate && d <= c.OnsetDate+1 && enc != nil && enc.ReasonConditionID == c.ConditionID {
					at = o
				}
				if d < c.OnsetDate && d >= c.OnsetDate-365 && (before == nil || o.EffectiveTime > before.EffectiveTime) {
					before = o
				}
			}
			if at == nil {
				continue
			}
			measured++
			if before != nil {
				compared++
				if *at.Value > 0.8**before.Value {
					small++
				}
			}
		}
	}
	if injuries < 200 {
		t.Fatalf("only %d acute kidney injuries", injuries)
	}
	if measured < injuries {
		t.Errorf("%d of %d acute kidney injuries have no eGFR at a contact about them on their day or the next", injuries-measured, injuries)
	}
	if f := float64(small) / float64(max(1, compared)); compared < 100 || f > 0.1 {
		t.Errorf("%d of %d injuries with an eGFR in the year before read above 0.8 of it", small, compared)
	}
	t.Logf("%d injuries, %d measured on their day, %d of %d above 0.8 of the result before", injuries, measured, small, compared)
}

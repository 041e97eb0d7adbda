package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestFewAdultsSeverelyUnderweight: a BMI below 16 (severe thinness, WHO) is
// rare in adults who are not dying, and a GP who reads one acts on it. Adult
// BMI is skewed, its long tail the high one; with one spread on both sides
// (stop 51) 122 people of 20,000 read below 16 outside their last year of
// life and 35 sat on the floor of 14.0 for years (generate -n 20000 -s 5).
// Underweight (below 18.5) is about 2% of adults in the Health Survey for
// England (approx), mostly young women; a log-normal BMI with 2% below 18.5
// about the HSE mean of 27 has 0.2% below 16 (model), so at most 4 in 1,000
// adults with a BMI reading (people losing weight in their last year of
// life are left out).
func TestFewAdultsSeverelyUnderweight(t *testing.T) {
	r := review5Population(t)
	code := r.snomed("bmi")
	measured, thin := 0, 0
	for id, pt := range r.patients {
		readings := r.values(id, code)
		if len(readings) == 0 {
			continue
		}
		measured++
		for _, o := range readings {
			if pt.DeathDate != models.NoDate && o.EffectiveTime.Date()+365 > pt.DeathDate {
				continue
			}
			if *o.Value < 16 {
				thin++
				break
			}
		}
	}
	if measured < 5000 {
		t.Fatalf("only %d people with a BMI reading", measured)
	}
	if f := float64(thin) / float64(measured); f > 0.004 {
		t.Errorf("%d of %d adults with a BMI reading (%.2f%%) read below 16 outside their last year of life", thin, measured, 100*f)
	}
	t.Logf("%d of %d measured adults below 16", thin, measured)
}

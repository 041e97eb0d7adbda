package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// h69a: a GP review (generate -n 20000 -s 83) read an atopic eczema's
// emollient issued acutely at each flare, 60 days at a time: 8,133 acute
// issues for 3,603 people, none on repeat. NICE CKS atopic eczema:
// emollients are long-term, issued as repeats in generous quantities; a
// flare adds a topical corticosteroid, an acute issue (catalogue eczema
// one_problem repeat; generator/flarerepeat.go).

// TestEczemaEmollientIsOnRepeat: an eczema problem lasting 120 days or
// more past its first emollient issue has the emollient on repeat; no
// emollient repeat row runs more than 400 days (a yearly review and its
// window); every topical steroid for it is an acute issue. Before: 0
// repeats.
func TestEczemaEmollientIsOnRepeat(t *testing.T) {
	r := pathwayPopulation(t)
	cond := r.conditionByID()
	long, onRepeat, steroids, steroidRepeats, unreviewed := 0, 0, 0, 0, 0
	first := map[string]models.Date{} // problem id -> its first emollient issue's end
	repeat := map[string]bool{}
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		c := cond[rx.ConditionID]
		if c == nil || c.ConditionKey != "eczema" {
			continue
		}
		g, _ := datasets.RegimenByDMD(rx.DMDCode)
		switch g.Medicine {
		case "white_soft_paraffin_liquid_paraffin":
			if rx.Type == models.PrescriptionRepeat {
				repeat[c.ConditionID] = true
				end := rx.EndDate
				if end == models.NoDate {
					end = r.p.Opts.AsOf
				}
				if end-rx.StartDate > 400 {
					unreviewed++
				}
			} else if e, ok := first[c.ConditionID]; !ok || rx.EndDate < e {
				first[c.ConditionID] = rx.EndDate
			}
		case "clobetasone", "hydrocortisone":
			steroids++
			if rx.Type != models.PrescriptionAcute {
				steroidRepeats++
			}
		}
	}
	for id, e := range first {
		c := cond[id]
		end := c.ResolvedDate
		if end == models.NoDate {
			end = r.p.Opts.AsOf
		}
		if end-e >= 120 {
			long++
			if repeat[id] {
				onRepeat++
			}
		}
	}
	t.Logf("%d eczema problems lasting 120 days past the first emollient issue: %d with it on repeat; %d emollient repeats over 400 days; %d steroid issues, %d not acute", long, onRepeat, unreviewed, steroids, steroidRepeats)
	enough(t, long, 50, "eczema problems lasting past the first emollient")
	if 10*onRepeat < 9*long {
		t.Errorf("%d of %d lasting eczema problems have the emollient on repeat: want 9 in 10 (a review that cannot be booked aside)", onRepeat, long)
	}
	if unreviewed > 0 || steroidRepeats > 0 {
		t.Errorf("%d emollient repeats run more than 400 days unreviewed, %d steroid issues are not acute: want none", unreviewed, steroidRepeats)
	}
}

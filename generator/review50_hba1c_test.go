package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestTwoRaisedHbA1cDiagnoseDiabetes: an HbA1c of 48 mmol/mol or more
// confirmed by a second on another day diagnoses diabetes (WHO 2011 / NICE
// NG28). Everyone whose record holds two such readings 14 days or more
// apart before any diabetes is coded has the diagnosis within 90 days of
// the second (the audit's grace, rules.yaml hba1c-48-not-coded-diabetes).
// On main a hyperglycaemia review read 48-49 in someone developing diabetes
// and nothing was done until a later year's reading came with the usual
// level past 48, and non-diabetic hyperglycaemia lifted the cap at 48 of
// people the model never gives diabetes (supersedes.go): 12 diagnosed late
// and 9 never on this population. A late diagnosis is counted in people,
// not as a share of those tested, so it does not pass by testing fewer:
// none. Never diagnosed is left to the visit-to-visit noise of people held
// just below 48 (two readings 2 spreads above their level in a decade of
// yearly reviews; the repeat of a raised reading that would settle them is
// not modelled): at most 1 in 100 people with non-diabetic hyperglycaemia.
func TestTwoRaisedHbA1cDiagnoseDiabetes(t *testing.T) {
	r := review5Population(t)
	code := r.snomed("hba1c")
	late, never, raised, ndh := 0, 0, 0, 0
	for id, pt := range r.patients {
		if r.has(id, "non_diabetic_hyperglycaemia") != nil {
			ndh++
		}
		dx := r.diabetesOnset(id)
		end := r.p.Opts.AsOf
		if pt.DeathDate != models.NoDate {
			end = min(end, pt.DeathDate)
		}
		var days []models.Date
		for _, o := range r.values(id, code) {
			if d := o.EffectiveTime.Date(); *o.Value >= 48 && d >= r.p.windowStart && (dx == models.NoDate || d < dx) {
				days = append(days, d)
			}
		}
		if len(days) == 0 {
			continue
		}
		raised++
		slices.Sort(days)
		second := models.NoDate
		for _, d := range days[1:] {
			if d >= days[0]+14 {
				second = d
				break
			}
		}
		if second == models.NoDate || second+90 > end || dx != models.NoDate && dx <= second+90 {
			continue
		}
		if dx == models.NoDate {
			never++
		} else {
			late++
		}
		t.Logf("patient %s: HbA1c of 48 or more on %s and %s, diabetes coded %s (late: %v)", id, days[0], second, dx, dx != models.NoDate)
	}
	t.Logf("%d people with an HbA1c of 48 or more before any diabetes; %d diagnosed more than 90 days after a second, %d never (%d with non-diabetic hyperglycaemia)", raised, late, never, ndh)
	enough(t, raised, 200, "people with an HbA1c of 48 or more before any diabetes")
	enough(t, ndh, 500, "people with non-diabetic hyperglycaemia")
	if late > 0 {
		t.Errorf("%d people diagnosed with diabetes more than 90 days after a second HbA1c of 48 or more", late)
	}
	if never*100 > ndh {
		t.Errorf("%d people with two HbA1c of 48 or more and no diabetes, want at most 1 in 100 of the %d with non-diabetic hyperglycaemia", never, ndh)
	}
}

// diabetesOnset is the earliest onset of type 1 or type 2 diabetes on the
// person's record (NoDate: none).
func (r *realism) diabetesOnset(id string) models.Date {
	dx := models.NoDate
	for _, c := range r.condsOf[id] {
		if (c.ConditionKey == "type2_diabetes" || c.ConditionKey == "type1_diabetes") && (dx == models.NoDate || c.OnsetDate < dx) {
			dx = c.OnsetDate
		}
	}
	return dx
}

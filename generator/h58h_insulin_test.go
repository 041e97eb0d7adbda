package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// insulinLevel is the HbA1c above which a review raises basal insulin in
// each diabetes (catalogue titrate_above of the insulin line), with the
// regimens.csv ladder the line prescribes from.
type insulinLevel struct {
	above  float64
	ladder string
}

// insulinLevels reads the levels from the catalogue, so that the test
// follows the data: type 1 diabetes's first line, type 2's last.
func (r *realism) insulinLevels(t *testing.T) map[string]insulinLevel {
	out := map[string]insulinLevel{}
	for _, key := range []string{"type1_diabetes", "type2_diabetes"} {
		for _, l := range r.condPlan(t, key).lines {
			for _, o := range l.Options {
				if o.Drug == "insulin_glargine" {
					out[key] = insulinLevel{l.TitrateAbove, o.Ladder}
				}
			}
		}
	}
	return out
}

// TestBasalInsulinIsTitratedToTheHbA1c (brief h58h): basal insulin kept one
// dose text for years whatever the HbA1c: 78 of 78 people with type 1
// diabetes and 79 of 79 with type 2 on it for two years or more with an
// HbA1c above 58 never had their dose changed (generate -n 20000 -s 83).
// NICE NG17 and NG28 adjust the basal dose to the glucose and HbA1c. An
// adult's HbA1c above the line's level on a dose below the ladder's top
// (not under the relaxed target of 85 and over or the palliative register)
// is followed within a year by a raised dose while insulin goes on.
func TestBasalInsulinIsTitratedToTheHbA1c(t *testing.T) {
	r := pathwayPopulation(t)
	hba1c := r.snomed("hba1c")
	levels := r.insulinLevels(t)
	keys := r.conditionKeys()
	eol := r.p.Cat.EndOfLife.Register.Key
	readings, held := 0, 0
	for id, list := range r.rxOf {
		var issues []*models.Prescription
		for _, rx := range list {
			if medKey(rx) == "insulin_glargine" {
				issues = append(issues, rx)
			}
		}
		if len(issues) == 0 {
			continue
		}
		slices.SortFunc(issues, func(a, b *models.Prescription) int { return int(a.StartDate - b.StartDate) })
		level, ok := levels[keys[issues[0].ConditionID]]
		if !ok || level.above <= 0 {
			t.Fatalf("insulin issued for %s, which has no insulin line titrated to a level", keys[issues[0].ConditionID])
		}
		ladder := datasets.LadderRegimens("insulin_glargine", level.ladder)
		top := ladder[len(ladder)-1].DoseText
		reg := r.has(id, eol)
		last := issues[len(issues)-1].StartDate
		for _, o := range r.values(id, hba1c) {
			d := o.EffectiveTime.Date()
			age := ageOnDay(r.patients[id], d)
			if *o.Value <= level.above || age < 18 || age >= 85 || reg != nil && d >= reg.OnsetDate || last < d+365 {
				continue
			}
			// the dose running on the day, issued long enough before to be raised
			i := slices.IndexFunc(issues, func(rx *models.Prescription) bool { return rx.StartDate >= d }) - 1
			if i == -2 {
				i = len(issues) - 1
			}
			if i < 0 || issues[i].DoseText == top || d-issues[0].StartDate < 2*titrateDays {
				continue
			}
			readings++
			raised := false
			for _, rx := range issues[i+1:] {
				if rx.StartDate <= d+365 && rx.DoseText != issues[i].DoseText {
					raised = true
				}
			}
			if !raised {
				held++
			}
		}
	}
	enough(t, readings, 30, "adults' HbA1c readings above the insulin line's level on a basal dose below the top")
	t.Logf("%d HbA1c readings above the level on basal insulin below its top dose: %d with no dose change within a year", readings, held)
	if 5*held > readings {
		t.Errorf("%d of %d HbA1c readings above the level on basal insulin below its top dose had no dose change within a year, want fewer than 1 in 5 (NICE NG17/NG28: titrate basal insulin to the glucose and HbA1c)", held, readings)
	}
}

// TestStatinHasItsTwelveMonthALT (brief h58h): NICE CG181 1.3.29 (kept in
// NG238) asks for transaminases before a statin, within 3 months and at 12
// months. Of 1,558 statin starts still issued 15 months on, 257 had no ALT
// 9-15 months after the start (generate -n 20000 -s 83): a raise to 80 mg
// at 3 months restarted its clock, and the ALT 3 months after the raise
// stood in for it. The window now counts from the first issue.
func TestStatinHasItsTwelveMonthALT(t *testing.T) {
	r := review5Population(t)
	alt := r.snomed("alt")
	onStatin := func(key string) bool { return datasets.InClass(key, "statin") }
	followed, year := 0, 0
	for id := range r.patients {
		first := r.firstIssue(id, onStatin)
		if first == models.NoDate || first < r.p.windowStart+365 {
			continue
		}
		last := models.NoDate
		for _, rx := range r.rxOf[id] {
			if onStatin(medKey(rx)) && (last == models.NoDate || rx.StartDate > last) {
				last = rx.StartDate
			}
		}
		if last < first+450 {
			continue // stopped, or the record ends, before the window closes
		}
		followed++
		if r.readBetween(id, alt, first+270, first+450) {
			year++
		}
	}
	enough(t, followed, 200, "statin starts still issued 15 months on")
	t.Logf("%d statin starts still issued 15 months on: %d with an ALT 9-15 months after the start", followed, year)
	if 10*year < 9*followed {
		t.Errorf("%d of %d statin starts still issued 15 months on had an ALT 9-15 months after the start, want 90%% or more (NICE CG181 1.3.29: at 12 months)", year, followed)
	}
}

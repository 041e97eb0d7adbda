package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// gpContactsAbout lists, per condition id, the days of the GP contacts about
// a long-term condition or a long-lasting problem (osteoarthritis, anxiety)
// outside the last year of life (where contacts about the cause are left
// almost free: contact_gap_days.dying).
func gpContactsAbout(r *realism) (days map[string][]models.Date, conds map[string]*models.Condition) {
	lasting := map[string]bool{"knee_osteoarthritis": true, "hip_osteoarthritis": true, "anxiety": true}
	conds = map[string]*models.Condition{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.Chronic || lasting[c.ConditionKey] {
			conds[c.ConditionID] = c
		}
	}
	days = map[string][]models.Date{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		c := conds[e.ReasonConditionID]
		if e.Setting != settingGP || c == nil {
			continue
		}
		d := e.StartTime.Date()
		if death := r.patients[e.PatientID].DeathDate; death != models.NoDate && d > death-365 {
			continue
		}
		days[c.ConditionID] = append(days[c.ConditionID], d)
	}
	return days, conds
}

// TestFewPersonYearsOfTwentyContactsAboutOneProblem: a GP read a frequent
// attender seen 67 times in a year about asthma, 46 about knee
// osteoarthritis, 40 about hypertension and 27 about one anxiety episode:
// every contact drawn while the condition was unsettled went to it. 638 of
// 69,295 person-years with such contacts had 20 or more about one condition
// (0.92%); with contact_gap_days, 54 (0.08%; generate -n 20000 -s 5, outside
// the last year of life).
func TestFewPersonYearsOfTwentyContactsAboutOneProblem(t *testing.T) {
	r := pathwayPopulation(t)
	days, conds := gpContactsAbout(r)
	type key struct {
		cond string
		year int
	}
	perYear := map[key]int{}
	years := map[key]bool{} // person-years with a contact about such a condition
	for id, ds := range days {
		for _, d := range ds {
			y, _, _ := d.YMD()
			perYear[key{id, y}]++
			years[key{conds[id].PatientID, y}] = true
		}
	}
	over := 0
	for k, n := range perYear {
		if n >= 20 {
			over++
			if over <= 5 {
				t.Logf("%s: %d GP contacts about %s in %d", conds[k.cond].PatientID, n, conds[k.cond].ConditionKey, k.year)
			}
		}
	}
	enough(t, len(years), 15000, "person-years with a contact about a long-term problem")
	if share := float64(over) / float64(len(years)); share > 0.003 {
		t.Errorf("%d of %d person-years (%.2f%%) have 20 or more GP contacts about one condition; want under 0.3%%", over, len(years), 100*share)
	}
}

// TestOsteoarthritisContactsKeepAMonthApart: after its first month a
// long-standing problem is seen at most once in contact_gap_days.long_standing
// by the contacts the background draws (5,036 of 7,688 contacts about knee or
// hip osteoarthritis fell within 28 days of the one before, generate -n
// 20000 -s 5).
func TestOsteoarthritisContactsKeepAMonthApart(t *testing.T) {
	r := pathwayPopulation(t)
	gap := models.Date(r.p.Cat.Activity.GPConditionState.ContactGapDays.LongStanding)
	days, conds := gpContactsAbout(r)
	contacts, close := 0, 0
	for id, ds := range days {
		c := conds[id]
		if c.ConditionKey != "knee_osteoarthritis" && c.ConditionKey != "hip_osteoarthritis" {
			continue
		}
		slices.Sort(ds)
		contacts += len(ds)
		for j := 1; j < len(ds); j++ {
			if ds[j]-c.OnsetDate > models.Date(r.p.Cat.Activity.GPNewProblem.ReconsultDays) && ds[j]-ds[j-1] < gap {
				close++
				if close <= 5 {
					t.Logf("%s: %s seen on %s and %s", c.PatientID, c.ConditionKey, ds[j-1], ds[j])
				}
			}
		}
	}
	enough(t, contacts, 300, "GP contacts about osteoarthritis")
	if close > contacts/100 {
		t.Errorf("%d of %d GP contacts about osteoarthritis fall within %d days of the one before (want under 1%%)", close, contacts, gap)
	}
}

// Checks for the eleventh review's children's inguinal hernias
// (docs/clinical-model.md, "Children's records (eleventh review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestChildrensHerniasAreRepairedWithinWeeks: an infant's inguinal hernia
// was seen five times in clinic and never operated on; on generate -n
// 20000 -s 5, 20 of 550 children's hernias were operated on, after a median
// of 170-195 days. A child's hernia is referred at diagnosis and repaired
// soon (NHS Lothian RefHelp; CMAJ 2008: median 35 days under 2 years). Every
// child's hernia (onset under 15, so the operation is still a child's) is
// repaired as a day case typed by the catalogue's procedure, within 16
// weeks of the GP first seeing it, after one surgical clinic at most, and
// is over within two weeks of the operation, no contact about it after.
func TestChildrensHerniasAreRepairedWithinWeeks(t *testing.T) {
	r := pathwayPopulation(t)
	var op string
	for _, pr := range r.p.Cat.Presentations {
		if pr.Key == "inguinal_hernia" && pr.Operation != nil {
			op = pr.Operation.Snomed
		}
	}
	if op == "" {
		t.Fatal("inguinal hernia has no operation in the catalogue")
	}
	byReason := map[string][]*models.Encounter{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		byReason[e.ReasonConditionID] = append(byReason[e.ReasonConditionID], e)
	}
	checked := 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		p := r.patients[c.PatientID]
		if c.ConditionKey != "inguinal_hernia" || ageOnDay(p, c.OnsetDate) >= 15 || c.OnsetDate < r.p.windowStart {
			continue
		}
		checked++
		var repair *models.Encounter
		clinics := 0
		for _, e := range byReason[c.ConditionID] {
			switch {
			case e.Setting == settingInpatient && repair == nil:
				repair = e
			case e.Setting == "outpatient":
				clinics++
			}
		}
		if repair == nil {
			if end := r.p.Opts.Population(); end-c.OnsetDate > 16*7 {
				t.Errorf("%s: hernia at %d days old (%s), %d clinic attendances, never repaired", c.PatientID, int(c.OnsetDate-p.BirthDate), c.OnsetDate, clinics)
			}
			continue
		}
		day := repair.StartTime.Date()
		if repair.TypeCode != op || repair.Class != r.p.encTypes[encDayCase].Class {
			t.Errorf("%s: hernia repair %s is %s %s %q; want a day case typed %s", c.PatientID, day, repair.Class, repair.TypeCode, repair.TypeDisplay, op)
		}
		if day-c.OnsetDate > 16*7 {
			t.Errorf("%s: hernia seen %s, repaired %s (%d days)", c.PatientID, c.OnsetDate, day, int(day-c.OnsetDate))
		}
		if clinics > 1 {
			t.Errorf("%s: hernia seen %d times in clinic", c.PatientID, clinics)
		}
		if c.ResolvedDate == models.NoDate || c.ResolvedDate-day > 14 {
			t.Errorf("%s: hernia repaired %s, resolved %s", c.PatientID, day, c.ResolvedDate)
		}
		for _, e := range byReason[c.ConditionID] {
			if e.StartTime.Date() > c.ResolvedDate {
				t.Errorf("%s: %s contact about the repaired hernia on %s (resolved %s)", c.PatientID, e.Setting, e.StartTime.Date(), c.ResolvedDate)
			}
		}
	}
	enough(t, checked, 8, "children's inguinal hernias")
	t.Logf("%d children's inguinal hernias checked", checked)
}

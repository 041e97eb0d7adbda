// Checks for the fourteenth review, children's planned care
// (docs/clinical-model.md, "Cancer pathways and children's planned care (fourteenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestDentalCariesReferredByADentist: a GP found a child's dental caries
// seen at a GP consultation that referred it to a hospital clinic
// (generate -n 5000 -s 43). A child's decay is seen by a dentist, who
// refers the few needing extraction under general anaesthesia (PHE
// hospital tooth extractions of 0-19 year olds, about 3 a year per 1,000
// for decay). No GP contact is about dental caries; a caries diagnosed in
// the record is dated by the hospital clinic before its operation; and
// the operations come at no more than 8 a year per 1,000 children of 2-15
// (17 before in this population, whose child-years are counted roughly).
func TestDentalCariesReferredByADentist(t *testing.T) {
	r := pathwayPopulation(t)
	caries := map[string]*models.Condition{}
	for _, cs := range r.condsOf {
		for _, c := range cs {
			if c.ConditionKey == "dental_caries" {
				caries[c.ConditionID] = c
			}
		}
	}
	ops := 0
	for _, e := range r.encs {
		c := caries[e.ReasonConditionID]
		if c == nil {
			continue
		}
		switch e.Setting {
		case "gp":
			t.Errorf("%s: GP %s about dental caries on %s", e.PatientID, e.TypeDisplay, e.StartTime.Date())
		case "inpatient":
			if d := e.StartTime.Date(); d >= r.p.windowStart && d < r.p.Opts.Population() {
				ops++
			}
			if dx := r.encs[c.DiagnosisEncounterID]; dx != nil && (dx.Setting != "outpatient" || dx.StartTime >= e.StartTime) {
				t.Errorf("%s: dental caries diagnosed at %s %s, operated on %s", e.PatientID, dx.Setting, dx.StartTime.Date(), e.StartTime.Date())
			}
		}
	}
	childYears := 0.0
	from, to := r.p.windowStart, r.p.Opts.Population()
	for _, pt := range r.patients {
		lo := max(from, pt.BirthDate+730)
		hi := min(to, pt.BirthDate+5844)
		if pt.DeathDate != models.NoDate {
			hi = min(hi, pt.DeathDate)
		}
		if hi > lo {
			childYears += float64(hi-lo) / 365.25
		}
	}
	enough(t, ops, 10, "dental extractions for caries")
	rate := 1000 * float64(ops) / childYears
	t.Logf("%d dental extractions for caries in %.0f child-years (2-15): %.1f per 1,000", ops, childYears, rate)
	if rate > 8 {
		t.Errorf("%.1f dental extractions for caries a year per 1,000 children of 2-15 (want at most 8; about 3-4 published)", rate)
	}
}

// TestNoGPContactOnAPlannedOperationDay: a GP found a child's planned day
// case booked on the day of a GP visit for a cold (generate -n 5000 -s
// 43): a GP appointment was kept off the hours of a stay but not off its
// day. No GP contact falls on the day a planned admission or day case
// begins.
func TestNoGPContactOnAPlannedOperationDay(t *testing.T) {
	r := pathwayPopulation(t)
	planned := map[string]map[models.Date]bool{}
	n := 0
	for _, e := range r.encs {
		if e.Setting == "inpatient" && e.AdmissionMethod == "11" {
			if planned[e.PatientID] == nil {
				planned[e.PatientID] = map[models.Date]bool{}
			}
			planned[e.PatientID][e.StartTime.Date()] = true
			n++
		}
	}
	enough(t, n, 500, "planned admissions and day cases")
	for _, e := range r.encs {
		if e.Setting == "gp" && planned[e.PatientID][e.StartTime.Date()] {
			t.Errorf("%s: GP %s on %s, the day of a planned admission", e.PatientID, e.TypeDisplay, e.StartTime.Date())
		}
	}
}

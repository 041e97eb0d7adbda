package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestHPVDosesFollowTheirEra (brief h70e): a GP read one HPV dose for every
// girl vaccinated 2008-2025 (1,859 people, every one with dose 1 only,
// generate -n 20000 -s 83). The schedule (immunisations.yaml hpv_female,
// hpv_male; UKHSA Green Book chapter 18a and the programme letters): 3 doses
// for a course starting (first dose due) from September 2008, 2 doses 6-24
// months apart from September 2014 (boys from September 2019), 1 dose from
// September 2023, anyone with one dose by then counted fully vaccinated.
// Each vaccinated person has no more doses than the era of the first, no
// dose of a 2-dose course within 6 months of the first, none after the first
// from September 2023; and of those whose first dose was given by 2012 (3
// doses) or from 2015 to 2021 (2 doses), at least 90% complete the course
// (the rest left the record). At least 100 courses of each must be read.
func TestHPVDosesFollowTheirEra(t *testing.T) {
	r := review5Population(t)
	twoFrom, oneFrom := models.DateFromYMD(2014, 9, 1), models.DateFromYMD(2023, 9, 1)
	type course struct {
		first, second models.Date
		doses         int
	}
	courses := map[string]*course{}
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		if m.VaccineKey != "hpv" {
			continue
		}
		c := courses[m.PatientID]
		if c == nil {
			c = &course{}
			courses[m.PatientID] = c
		}
		c.doses++
		switch m.DoseNumber {
		case 1:
			c.first = m.OccurrenceTime.Date()
		case 2:
			c.second = m.OccurrenceTime.Date()
		}
	}
	var three, threeDone, two, twoDone int
	for id, c := range courses {
		p := r.patients[id]
		due := p.BirthDate + 4750 // the first dose's due age (year 8)
		era := 3
		switch {
		case due >= oneFrom:
			era = 1
		case due >= twoFrom:
			era = 2
		}
		if c.doses > era {
			t.Errorf("%s (%s, born %s): %d HPV doses, the schedule of %s gives %d", id, p.Sex, p.BirthDate, c.doses, due, era)
		}
		if era == 2 && c.second > 0 && c.second-c.first < 180 {
			t.Errorf("%s: second HPV dose %d days after the first (2 doses: 6 months apart at least)", id, c.second-c.first)
		}
		if c.second >= oneFrom {
			t.Errorf("%s: second HPV dose on %s, after one dose became the course", id, c.second)
		}
		switch y := c.first.Time().Year(); {
		case era == 3 && y <= 2012:
			three++
			if c.doses == 3 {
				threeDone++
			}
		case era == 2 && y >= 2015 && y <= 2021:
			two++
			if c.doses == 2 {
				twoDone++
			}
		}
	}
	t.Logf("3-dose era (first dose by 2012): %d of %d complete; 2-dose era (first 2015-21): %d of %d", threeDone, three, twoDone, two)
	if three < 100 || two < 100 {
		t.Fatalf("%d 3-dose and %d 2-dose courses: too few to say anything", three, two)
	}
	if threeDone*10 < three*9 || twoDone*10 < two*9 {
		t.Errorf("HPV courses completed: %d of %d 3-dose, %d of %d 2-dose; want 90%% at least", threeDone, three, twoDone, two)
	}
}

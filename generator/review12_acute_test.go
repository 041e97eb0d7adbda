// Checks for the twelfth review, acute problems a GP read as implausible
// (docs/clinical-model.md, "GP referrals to clinic (twelfth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestChestInfectionsInAandEAreTreated: of 1,848 chest infections seen in
// A&E, 6 had an antibiotic within a week (generate -n 5000 -s 31). The
// catalogue treats half (lrti prescribe): at least a third must have one.
func TestChestInfectionsInAandEAreTreated(t *testing.T) {
	r := pathwayPopulation(t)
	antibiotic := map[string]bool{"amoxicillin": true, "clarithromycin": true, "doxycycline": true}
	treated := map[string]bool{}
	for i := range r.b.Prescriptions {
		if rx := &r.b.Prescriptions[i]; antibiotic[medKey(rx)] {
			treated[rx.ConditionID] = true
		}
	}
	n, with := 0, 0
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "lrti" {
			n++
			if treated[c.ConditionID] {
				with++
			}
		}
	}
	enough(t, n, 500, "chest infections")
	t.Logf("%d of %d chest infections treated with an antibiotic", with, n)
	if 3*with < n {
		t.Errorf("%d of %d chest infections treated with an antibiotic, want at least a third", with, n)
	}
}

// TestNewbornFeedingProblemsInTheFirstMonths: "Feeding problems in newborn"
// began after 3 months in 279 of 341 episodes and after a year in 175
// (generate -n 5000 -s 31). Every presentation with max_age_days begins by
// that age.
func TestNewbornFeedingProblemsInTheFirstMonths(t *testing.T) {
	r := pathwayPopulation(t)
	limit := map[string]int{}
	for _, pr := range r.p.presentations {
		if pr.MaxAgeDays > 0 {
			limit[pr.Key] = pr.MaxAgeDays
		}
	}
	if len(limit) == 0 {
		t.Fatal("no presentation has max_age_days")
	}
	n := 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		max, ok := limit[c.ConditionKey]
		if !ok {
			continue
		}
		n++
		if age := c.OnsetDate - r.patients[c.PatientID].BirthDate; age > models.Date(max) {
			t.Errorf("%s begins at %d days old (max_age_days %d), patient %s", c.ConditionKey, age, max, c.PatientID)
		}
	}
	enough(t, n, 10, "episodes of presentations with max_age_days")
}

// TestDayCaseProceduresGoHomeTheSameDay: one in five planned endoscopies,
// cataract removals and excisions stayed about 3 nights (1,679 endoscopies
// for indigestion, generate -n 20000 -s 5). A presentation with day_case
// has every planned admission about it a day case (class SS) of at most
// 12 hours.
func TestDayCaseProceduresGoHomeTheSameDay(t *testing.T) {
	r := pathwayPopulation(t)
	dayCase := map[string]bool{}
	for _, pr := range r.p.presentations {
		if pr.DayCase {
			dayCase[pr.Key] = true
		}
	}
	keyOf := r.conditionKeys()
	n := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingInpatient || e.AdmissionMethod == "" || e.AdmissionMethod[0] == '2' || !dayCase[keyOf[e.ReasonConditionID]] {
			continue
		}
		n++
		if e.EndTime > e.StartTime.AddMinutes(12*60) || e.Class != "SS" { // (a late list may end after midnight)
			t.Errorf("%s: planned admission for %s from %v to %v (%s)", e.PatientID, keyOf[e.ReasonConditionID], e.StartTime.Date(), e.EndTime.Date(), e.Class)
		}
	}
	enough(t, n, 500, "planned admissions for day-case procedures")
}

// TestKidneyFunctionCheckedAfterAKI: 227 of 298 acute kidney injuries in
// people alive 90 days later had no eGFR in those 90 days (generate -n
// 5000 -s 31; NICE NG148 asks for kidney function to be checked again).
// Every presentation with bloods at every episode: at least 95% of its episodes
// of people alive and recorded 90 days later have each of its observations
// in those days (a few fall in end-of-life care).
func TestKidneyFunctionCheckedAfterAKI(t *testing.T) {
	r := pathwayPopulation(t)
	end := r.p.Opts.Population()
	codes := map[string][]string{} // presentation -> observation codes
	for _, pr := range r.p.presentations {
		for _, slot := range pr.bloods {
			codes[pr.Key] = append(codes[pr.Key], r.p.obsCodes[slot].Snomed)
		}
	}
	if len(codes) == 0 {
		t.Fatal("no presentation has bloods")
	}
	readings := map[string][]models.Date{} // patient + code -> days
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		readings[o.PatientID+o.SnomedCode] = append(readings[o.PatientID+o.SnomedCode], o.EffectiveTime.Date())
	}
	n, missing := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		want, ok := codes[c.ConditionKey]
		pt := r.patients[c.PatientID]
		if !ok || c.OnsetDate+90 > end || (pt.DeathDate != models.NoDate && pt.DeathDate <= c.OnsetDate+90) {
			continue
		}
		n++
		for _, code := range want {
			found := false
			for _, d := range readings[c.PatientID+code] {
				found = found || (d > c.OnsetDate && d <= c.OnsetDate+90)
			}
			if !found {
				missing++
				break
			}
		}
	}
	enough(t, n, 100, "episodes with discharge bloods")
	t.Logf("%d of %d episodes without their blood tests within 90 days", missing, n)
	if 20*missing > n {
		t.Errorf("%d of %d episodes have no blood test within 90 days, want at most 5%%", missing, n)
	}
}

// Checks for deaths in infancy (twenty-fourth review, docs/clinical-model.md,
// "Babies who die, and the one-year vaccinations (twenty-fourth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// infantDeathScan draws the demographics of the first n indexes of plan p
// and returns the indexes of those born in the window and the ages in days
// at death of those among them who die before one year.
func infantDeathScan(t *testing.T, p *Plan, n int64) (births int, deaths map[int64]int) {
	t.Helper()
	w, _ := newPatientWorker(p)
	var pt models.Patient
	deaths = map[int64]int{}
	for i := range n {
		per := &person{}
		if err := w.demographics(i, &pt, per); err != nil {
			t.Fatal(err)
		}
		if per.birth < p.windowStart {
			continue
		}
		births++
		if per.death != models.NoDate && per.ageOn(per.death) == 0 {
			deaths[i] = int(per.death - per.birth)
		}
	}
	return births, deaths
}

// TestInfantDeathsAreMostlyNeonatal: a GP reading -n 20000 -s 5 found 3
// deaths under one year and none under 28 days. In England and Wales about
// 3.9 infants die per 1,000 live births, 74% of them in the neonatal period
// (2.9 per 1,000) and three quarters of those in the first week (ONS child
// and infant mortality 2022; catalogue infant_deaths). On main the day of
// an infant death was drawn evenly over the year: 8% neonatal.
func TestInfantDeathsAreMostlyNeonatal(t *testing.T) {
	p := testPlan(t, 100, nil)
	births, deaths := infantDeathScan(t, p, 400000)
	var neonatal, firstWeek int
	for _, days := range deaths {
		if days < 28 {
			neonatal++
		}
		if days < 7 {
			firstWeek++
		}
	}
	n := len(deaths)
	t.Logf("%d births in the window, %d infant deaths (%.2f per 1,000): %d neonatal, %d in the first week",
		births, n, 1000*float64(n)/float64(births), neonatal, firstWeek)
	if n < 100 {
		t.Fatalf("only %d infant deaths to test", n)
	}
	if rate := 1000 * float64(n) / float64(births); rate < 2.5 || rate > 5.5 {
		t.Errorf("%.2f infant deaths per 1,000 births: want about 3.9 (ONS 2022)", rate)
	}
	if share := float64(neonatal) / float64(n); share < 0.6 || share > 0.85 {
		t.Errorf("%d of %d infant deaths neonatal (%.0f%%): want about 74%% (ONS 2022)", neonatal, n, 100*share)
	}
	if share := float64(firstWeek) / float64(max(neonatal, 1)); share < 0.6 || share > 0.9 {
		t.Errorf("%d of %d neonatal deaths in the first week (%.0f%%): want about three quarters", firstWeek, neonatal, 100*share)
	}
}

// TestNeonatalDeathReadsAsOne: a baby who dies in its first week has not
// left the hospital it was born in: one stay in the neonatal unit from the
// day of birth to death (not an admission through A&E), for the cause
// (prematurity on the problem list from birth), and no other contact; a
// heart malformation found after birth has its stay from the day it is
// found. No sudden infant death or accident is certified then. On main a
// preterm death was an admission "via A&E" for bronchiolitis on the day of
// birth, and 3 of 164 infant deaths fell in the first week.
func TestNeonatalDeathReadsAsOne(t *testing.T) {
	p := testPlan(t, 100, nil)
	_, deaths := infantDeathScan(t, p, 400000)
	w, b := newPatientWorker(p)
	for i, days := range deaths {
		if days < 7 {
			if err := w.patient(i); err != nil {
				t.Fatal(err)
			}
		}
	}
	r := realismOf(p, b)
	encsOf := map[string][]*models.Encounter{}
	for i := range b.Encounters {
		encsOf[b.Encounters[i].PatientID] = append(encsOf[b.Encounters[i].PatientID], &b.Encounters[i])
	}
	var checked, preterm int
	for id, pt := range r.patients {
		if pt.DeathDate == models.NoDate || pt.DeathDate-pt.BirthDate >= 7 {
			continue
		}
		checked++
		switch pt.CauseOfDeathCode {
		case "R95", "X59":
			t.Fatalf("patient %d: %s certified at %d days", pt.PatientIndex, pt.CauseOfDeath, pt.DeathDate-pt.BirthDate)
		}
		// a heart malformation not known before birth may be found when the
		// baby collapses at home in the first days (congenital.go): its stay
		// begins then
		from := pt.BirthDate
		if c := r.has(id, "congenital_heart_disease"); c != nil {
			from = c.OnsetDate
		}
		var stay *models.Encounter
		for _, e := range encsOf[id] {
			if e.Setting != settingInpatient {
				t.Fatalf("patient %d, died at %d days: a %s contact (%s) outside the neonatal unit", pt.PatientIndex, pt.DeathDate-pt.BirthDate, e.Setting, e.TypeDisplay)
			}
			if e.StartTime.Date() == from && e.EndTime.Date() == pt.DeathDate {
				stay = e
			}
		}
		if stay == nil || stay.AdmissionMethod == admissionViaAE {
			t.Fatalf("patient %d, died of %s at %d days: want one stay from birth (or the malformation's finding) to death, not through A&E (%+v)", pt.PatientIndex, pt.CauseOfDeath, pt.DeathDate-pt.BirthDate, stay)
		}
		if pt.CauseOfDeathCode != "P07.3" {
			continue
		}
		preterm++
		c := r.has(id, "cause_perinatal")
		if c == nil || c.OnsetDate != pt.BirthDate || c.SnomedCode == "" || stay.ReasonConditionID != c.ConditionID {
			t.Fatalf("patient %d died preterm at %d days: want the prematurity on the record from birth and the stay for it (%+v)", pt.PatientIndex, pt.DeathDate-pt.BirthDate, c)
		}
	}
	t.Logf("%d deaths in the first week, %d of them preterm", checked, preterm)
	if checked < 40 || preterm < 15 {
		t.Fatalf("only %d deaths in the first week (%d preterm) to test", checked, preterm)
	}
}

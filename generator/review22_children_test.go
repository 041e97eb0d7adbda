// Checks for babies and young children (twenty-second review,
// docs/clinical-model.md, "Babies and young children (twenty-second review)").
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// childDeaths generates the patients among the first n indexes of plan p who
// die in the window before 16, with every such death made one from the
// background cause key (its weight raised in the children's bands), and
// returns their batch.
func childDeaths(t *testing.T, p *Plan, n int64, key string) *models.Batch {
	t.Helper()
	found := false
	for i := range p.Cat.BackgroundCauses {
		if bc := &p.Cat.BackgroundCauses[i]; bc.Key == key {
			bc.Weight[0], bc.Weight[1], found = 1e6, 1e6, true
		}
	}
	if !found {
		t.Fatalf("no background cause %s", key)
	}
	w, b := newPatientWorker(p)
	var pt models.Patient
	for i := int64(0); i < n; i++ {
		scratch := &person{}
		if err := w.demographics(i, &pt, scratch); err != nil {
			t.Fatal(err)
		}
		if scratch.death == models.NoDate || scratch.ageOn(scratch.death) >= 16 || scratch.death < p.windowStart {
			continue
		}
		if err := w.patient(i); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// TestCongenitalDeathHasItsDiagnosisAndHospitalCare: a GP read an infant
// who died of a congenital heart malformation at six months with nothing
// about it on the record (patient 893, -n 20000 -s 5). A child dying of a
// congenital cause has the malformation on the problem list from birth or
// the first weeks, diagnosed in an admission when that falls in the record,
// is seen in clinic for it, and the final admission (when there is one) is
// for it.
func TestCongenitalDeathHasItsDiagnosisAndHospitalCare(t *testing.T) {
	p := testPlan(t, 100, nil)
	b := childDeaths(t, p, 60000, "congenital_heart")
	r := realismOf(p, b)
	encsOf := map[string][]*models.Encounter{}
	for i := range b.Encounters {
		encsOf[b.Encounters[i].PatientID] = append(encsOf[b.Encounters[i].PatientID], &b.Encounters[i])
	}
	var deaths, admitted, older, clinic int
	for id, pt := range r.patients {
		if pt.CauseOfDeathCode != "Q24.9" {
			continue
		}
		deaths++
		c := r.has(id, "congenital_heart_disease")
		if c == nil {
			t.Fatalf("patient %d died of %s at %d days with no congenital heart disease on the record", pt.PatientIndex, pt.CauseOfDeath, pt.DeathDate-pt.BirthDate)
		}
		if c.OnsetDate > pt.BirthDate+42 || c.SnomedCode != "13213009" {
			t.Fatalf("patient %d: %s (%s) from %s, born %s: want it from birth or the first six weeks", pt.PatientIndex, c.Description, c.SnomedCode, c.OnsetDate, pt.BirthDate)
		}
		inWindow := c.OnsetDate >= p.windowStart
		var stays, clinics int
		for _, e := range encsOf[id] {
			if e.ReasonConditionID != c.ConditionID {
				continue
			}
			switch e.Setting {
			case settingInpatient:
				stays++
			case settingOutpatient:
				clinics++
				if e.StartTime.Date() >= pt.DeathDate {
					t.Fatalf("patient %d: clinic on %s, died %s", pt.PatientIndex, e.StartTime.Date(), pt.DeathDate)
				}
			}
		}
		if inWindow && c.DiagnosisEncounterID == "" {
			t.Fatalf("patient %d: congenital heart disease from %s, in the record, with no admission diagnosing it", pt.PatientIndex, c.OnsetDate)
		}
		if stays > 0 {
			admitted++
		}
		// a baby dying in its first months (most infant deaths are neonatal
		// since the twenty-fourth review) may never leave the unit for the
		// clinic
		if pt.DeathDate-pt.BirthDate >= 90 {
			older++
			if clinics > 0 {
				clinic++
			}
		}
	}
	t.Logf("%d deaths from congenital heart disease before 16: %d with an admission for it; %d at 90 days or older, %d of them seen in clinic", deaths, admitted, older, clinic)
	if deaths < 5 || older < 5 {
		t.Fatalf("only %d deaths (%d at 90 days or older) to test", deaths, older)
	}
	if admitted*10 < deaths*8 || clinic*10 < older*6 {
		t.Fatalf("of %d deaths, %d admitted for it; of %d at 90 days or older %d seen in clinic: want most", deaths, admitted, older, clinic)
	}
}

// TestNoChildhoodImmunisationDuringAFebrileIllness: a GP read a child
// immunised the day after a fever of 38.2 C. An acutely unwell child is
// immunised once recovered (Green Book chapter 6): no childhood dose is
// given while an episode of a presentation of immunisations.yaml
// postpone_while is open, and some are given the day after one ends.
func TestNoChildhoodImmunisationDuringAFebrileIllness(t *testing.T) {
	r := pathwayPopulation(t)
	im, err := datasets.LoadImmunisations()
	if err != nil || im.PostponeWhile == nil {
		t.Fatalf("no postpone_while in immunisations.yaml (%v)", err)
	}
	var episodes = map[string][]*models.Condition{}
	for id, conds := range r.condsOf {
		for _, c := range conds {
			if slices.Contains(im.PostponeWhile.Presentations, c.ConditionKey) && c.ResolvedDate != models.NoDate {
				episodes[id] = append(episodes[id], c)
			}
		}
	}
	var doses, during, dayAfter int
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		if m.Programme != progChildhood || m.EncounterID == "" {
			continue
		}
		doses++
		d := m.OccurrenceTime.Date()
		for _, c := range episodes[m.PatientID] {
			if c.OnsetDate <= d && d <= c.ResolvedDate {
				during++
				if during <= 3 {
					t.Errorf("patient %d: %s given on %s during %s from %s to %s", r.patients[m.PatientID].PatientIndex, m.ProcedureDisplay, d, c.Description, c.OnsetDate, c.ResolvedDate)
				}
			}
			if d == c.ResolvedDate+1 {
				dayAfter++
			}
		}
	}
	t.Logf("%d childhood doses: %d during a febrile episode, %d the day after one ended", doses, during, dayAfter)
	if during > 0 {
		t.Fatalf("%d of %d childhood doses given during a febrile episode", during, doses)
	}
	if dayAfter == 0 {
		t.Fatal("no dose postponed to the day after an episode: nothing tested")
	}
}

// TestVaccinesOfAVisitAreDeclinedTogether: a GP read visits at which the
// 6-in-1 and MenB were given and rotavirus was not, though the baby was
// young enough for it. A parent who declines declines the visit
// (immunisations.yaml declined_with_visit): every first primary visit at
// which a baby young enough for rotavirus has the 6-in-1 also gives it.
func TestVaccinesOfAVisitAreDeclinedTogether(t *testing.T) {
	r := pathwayPopulation(t)
	rotaFrom := models.DateFromYMD(2013, 7, 1)
	type visit struct{ primary, rota bool }
	visits := map[string]*visit{}
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		pt := r.patients[m.PatientID]
		age := m.OccurrenceTime.Date() - pt.BirthDate
		if m.Programme != progChildhood || m.EncounterID == "" || m.DoseNumber != 1 || pt.BirthDate+56 < rotaFrom || age > 98 {
			continue
		}
		v := visits[m.EncounterID]
		if v == nil {
			v = &visit{}
			visits[m.EncounterID] = v
		}
		switch m.VaccineKey {
		case "dtap_ipv_hib_hepb", "dtap_ipv_hib":
			v.primary = true
		case "rotavirus":
			v.rota = true
		}
	}
	var primary, without int
	for _, v := range visits {
		if v.primary {
			primary++
			if !v.rota {
				without++
			}
		}
	}
	t.Logf("%d first primary visits by 14 weeks: %d without rotavirus", primary, without)
	if primary < 100 {
		t.Fatalf("only %d visits to test", primary)
	}
	if without > 0 {
		t.Fatalf("%d of %d first primary visits by 14 weeks gave the 6-in-1 and not rotavirus", without, primary)
	}
}

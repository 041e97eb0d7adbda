// Checks for babies and children (twenty-fifth review, docs/clinical-model.md,
// "Babies and children (twenty-fifth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNeonatalStayRunsFromBirthToDeath: a baby in the neonatal unit from
// birth is admitted at its time of birth and its stay ends at a drawn time
// of death on the death day (the day the patients table holds). On main the
// stay began at 00:00 of the birth day, or later that day as if the baby
// had waited in A&E (index 893 of -n 20000 -s 5 admitted at 06:01), and a
// baby with a heart malformation who died on the day of birth was in
// hospital from 00:00 to 23:59:59.999999 (index 18970).
func TestNeonatalStayRunsFromBirthToDeath(t *testing.T) {
	p := testPlan(t, 100, nil)
	_, deaths := infantDeathScan(t, p, 400000)
	w, b := newPatientWorker(p)
	people := map[int64]*person{}
	for i, days := range deaths {
		if days >= 7 {
			continue
		}
		if err := w.patient(i); err != nil {
			t.Fatal(err)
		}
		var pt models.Patient
		per := &person{}
		if err := w.demographics(i, &pt, per); err != nil {
			t.Fatal(err)
		}
		people[i] = per
	}
	r := realismOf(p, b)
	var checked, midnight, endOfDay, sameDay int
	for i := range b.Encounters {
		e := &b.Encounters[i]
		pt := r.patients[e.PatientID]
		per := people[pt.PatientIndex]
		if per == nil || e.Setting != settingInpatient || e.StartTime.Date() != pt.BirthDate {
			continue
		}
		checked++
		if e.StartTime == pt.BirthDate.Start() {
			midnight++
		}
		if e.EndTime == (pt.DeathDate+1).Start()-1 {
			endOfDay++
		}
		if pt.DeathDate == pt.BirthDate {
			sameDay++
		}
		if born := w.birthTime(per); e.StartTime != born {
			t.Errorf("patient %d (%s): in the unit from birth at %v, admitted at %v", pt.PatientIndex, pt.CauseOfDeath, born, e.StartTime)
		}
		if died := w.deathTime(per); e.EndTime != died || died.Date() != pt.DeathDate || died <= e.StartTime {
			t.Errorf("patient %d (%s): stay %v to %v, want it to end at the death, %v on %v", pt.PatientIndex, pt.CauseOfDeath, e.StartTime, e.EndTime, died, pt.DeathDate)
		}
	}
	t.Logf("%d stays from birth to death in the first week (%d deaths on the day of birth): %d begin at midnight, %d end at 23:59:59.999999", checked, sameDay, midnight, endOfDay)
	if checked < 40 || sameDay < 3 {
		t.Fatalf("only %d stays from birth (%d deaths the same day) to test", checked, sameDay)
	}
}

// TestHeartRateFollowsAge: a baby's heart beats faster than a schoolchild's,
// and a schoolchild's faster than an adult's (Fleming et al., Lancet 2011:
// a median of 145 at 1 month, 113 at 2 years, 84 at 8-12; catalogue
// heart_rate age_means). On main the usual rate was 72 at every age: the
// median reading under 2 years was 87 (a febrile child's raise of 15), 1.2
// times the adults' 72 (generate -n 20000 -s 5).
func TestHeartRateFollowsAge(t *testing.T) {
	r := pathwayPopulation(t)
	code := r.snomed("heart_rate")
	var infants, school, adults []float64
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != code || o.Value == nil {
			continue
		}
		switch age := ageOnDay(r.patients[o.PatientID], o.EffectiveTime.Date()); {
		case age < 2:
			infants = append(infants, *o.Value)
		case age >= 5 && age < 12:
			school = append(school, *o.Value)
		case age >= 18 && age < 65:
			adults = append(adults, *o.Value)
		}
	}
	if len(infants) < 10 || len(school) < 10 || len(adults) < 100 {
		t.Fatalf("%d readings under 2, %d at 5-11, %d at 18-64: too few", len(infants), len(school), len(adults))
	}
	mi, ms, ma := medianOf(infants), medianOf(school), medianOf(adults)
	t.Logf("median heart rate %.0f under 2 (%d readings), %.0f at 5-11 (%d), %.0f at 18-64 (%d)", mi, len(infants), ms, len(school), ma, len(adults))
	if mi < 1.5*ma || mi <= ms || ms <= ma {
		t.Errorf("median heart rate %.0f under 2, %.0f at 5-11, %.0f at 18-64: want it to fall with age, under 2 at least 1.5 times the adults'", mi, ms, ma)
	}
}

// TestChestInfectionIsSeen: a child with pneumonia or a chest infection,
// and an adult with pneumonia, is examined, not diagnosed by telephone (NICE
// NG143, NG138, CG191; catalogue activity seen_face_to_face), so the contact
// records the breathing. On main 7 of 163 children's pneumonias and 42 of
// 2,572 chest infections were diagnosed at a telephone contact (generate -n
// 20000 -s 1), and 7 of 771 in this test's population.
func TestChestInfectionIsSeen(t *testing.T) {
	r := pathwayPopulation(t)
	phone := r.p.encTypes[encGPTelephone].Code
	var checked, phoned int
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "pneumonia" && (c.ConditionKey != "lrti" || ageOnDay(r.patients[c.PatientID], c.OnsetDate) >= 18) {
			continue
		}
		checked++
		if e := r.encs[c.DiagnosisEncounterID]; e != nil && e.TypeCode == phone {
			phoned++
			if phoned <= 5 {
				t.Errorf("patient %d: %s diagnosed by telephone on %v at %d", r.patients[c.PatientID].PatientIndex, c.ConditionKey, c.OnsetDate, ageOnDay(r.patients[c.PatientID], c.OnsetDate))
			}
		}
	}
	t.Logf("%d pneumonias and children's chest infections, %d diagnosed by telephone", checked, phoned)
	if checked < 100 {
		t.Fatalf("only %d pneumonias and children's chest infections to test", checked)
	}
	if phoned > 0 {
		t.Errorf("%d of %d pneumonias and children's chest infections diagnosed by telephone", phoned, checked)
	}
}

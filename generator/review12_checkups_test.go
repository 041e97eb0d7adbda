// Checks for the twelfth review's check-ups with nothing to see
// (docs/clinical-model.md, "Check-ups with nothing to see (twelfth review)").
package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestCheckUpBloodPressureOnlyWhenDue: an adult GP contact with nothing to
// follow up became a blood pressure check every time: 968 patients had 12
// or more such check-ups in a year (up to 27; a healthy 51-year-old had 28
// readings in 2020) on generate -n 20000 -s 5. A blood pressure is now
// taken at such a check-up only when one is due (catalogue
// activity.blood_pressure_recheck): two check-ups of a person that record
// one are at least close_days apart, so no one has more than two in a
// calendar year.
func TestCheckUpBloodPressureOnlyWhenDue(t *testing.T) {
	r := pathwayPopulation(t)
	gap := models.Date(r.p.Cat.Activity.BloodPressureRecheck.CloseDays)
	checkup := r.p.encTypes[encGPConsultation].Code
	sys := r.p.obsCodes[r.p.slots.systolic].Snomed
	last := map[string]models.Date{} // the patient's latest check-up with a reading so far
	perYear := map[[2]string]int{}
	n, close, most := 0, 0, 0
	for i := range r.b.Observations { // in time order within each patient
		o := &r.b.Observations[i]
		e := r.encs[o.EncounterID]
		if o.SnomedCode != sys || e == nil || e.Setting != settingGP || e.TypeCode != checkup || e.ReasonConditionID != "" {
			continue
		}
		d := o.EffectiveTime.Date()
		n++
		if prev, ok := last[o.PatientID]; ok && d-prev < gap {
			close++
			if close <= 5 {
				t.Errorf("%s: check-ups with a blood pressure and nothing else to see on %s and %s, %d days apart (want %d or more)", o.PatientID, prev, d, d-prev, gap)
			}
		}
		last[o.PatientID] = d
		k := [2]string{o.PatientID, d.String()[:4]}
		perYear[k]++
		most = max(most, perYear[k])
	}
	enough(t, n, 1000, "blood pressures at check-ups with nothing else to see")
	t.Logf("%d blood pressures at check-ups with nothing else to see, %d within %d days of the one before, at most %d a year", n, close, gap, most)
	if close > 0 || most > 2 {
		t.Errorf("%d of %d such readings within %d days of the one before, up to %d in a calendar year; want none, and at most 2", close, n, gap, most)
	}
}

// TestHealthyAdultsRarelyMeasuredOften: 1,708 of the 9,244 people with no
// condition open on the record had 6 or more blood pressure readings in some
// year (generate -n 20000 -s 5). With a reading due at most yearly at a
// contact with nothing else to see, such a year comes only from a pill
// check, a pregnancy or problems seen: under 1 person in 100, the
// midwife's readings at antenatal appointments left out.
func TestHealthyAdultsRarelyMeasuredOften(t *testing.T) {
	r := pathwayPopulation(t)
	sys := r.p.obsCodes[r.p.slots.systolic].Snomed
	open := map[string]bool{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ResolvedDate == models.NoDate {
			open[c.PatientID] = true
		}
	}
	// the midwife takes a blood pressure at every antenatal appointment
	// (pregnancy.yaml antenatal and midwife checks, NICE NG201; session 53):
	// a pregnancy's year has six or more by design
	antenatal := map[string]bool{}
	preg, err := datasets.PregnancyModel()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range append(append([]datasets.AntenatalVisit{}, preg.Antenatal...), preg.Midwife...) {
		antenatal[v.Type.Snomed] = true
	}
	perYear := map[[2]string]int{}
	for i := range r.b.Observations {
		// A&E triage takes a systolic at every attendance (catalogue
		// contact_readings every_problem, h56c; RCP NEWS2): not a practice's
		// measuring, so left out with the midwife's
		if o := &r.b.Observations[i]; o.SnomedCode == sys && !open[o.PatientID] && !antenatal[r.encs[o.EncounterID].TypeCode] && r.encs[o.EncounterID].Setting != settingAE {
			perYear[[2]string{o.PatientID, o.EffectiveTime.Date().String()[:4]}]++
		}
	}
	often := map[string]bool{}
	for k, c := range perYear {
		if c >= 6 {
			often[k[0]] = true
		}
	}
	healthy := len(r.b.Patients) - len(open)
	enough(t, healthy, 1000, "people with no condition open")
	t.Logf("%d of %d people with no condition open have 6 or more blood pressure readings in some year", len(often), healthy)
	if 100*len(often) >= healthy {
		t.Errorf("%d of %d people with no condition open have 6 or more blood pressure readings in some year; want under 1%%", len(often), healthy)
	}
}

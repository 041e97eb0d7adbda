package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// The fourth clinical review's hospital findings, on a generated population:
// emergencies are never first seen in a clinic, acute episodes come at
// published rates, planned operations follow a referral, joint replacements
// are inpatient stays, and planned care is only for problems that have it.
func TestHospitalContactsAClinicianBelieves(t *testing.T) {
	r := newRealism(t, 3000)
	p := r.p
	byID := map[string]*models.Condition{}
	for i := range r.b.Conditions {
		byID[r.b.Conditions[i].ConditionID] = &r.b.Conditions[i]
	}
	pres := map[string]*presPlan{}
	for i := range p.presentations {
		pres[p.presentations[i].Key] = &p.presentations[i]
	}
	held := map[string]bool{} // chronic condition keys, and whether they have planned care
	for _, c := range p.Cat.Conditions {
		held[c.Key] = c.Elective
	}

	// The first encounter of each problem, and the clinic attendances.
	first := map[string]*models.Encounter{}
	clinic := map[string][]models.Timestamp{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if f := first[e.ReasonConditionID]; f == nil || e.StartTime < f.StartTime {
			first[e.ReasonConditionID] = e
		}
		if e.Setting == settingOutpatient {
			clinic[e.ReasonConditionID] = append(clinic[e.ReasonConditionID], e.StartTime)
		}
	}
	for id, e := range first {
		if c := byID[id]; c != nil && pres[c.ConditionKey] != nil && pres[c.ConditionKey].EmergencyOnly && e.Setting == settingOutpatient {
			t.Errorf("%s %s first seen in an outpatient clinic on %s", c.Description, id, e.StartTime.Date())
		}
	}

	joint, jointDayCases, newProblems, referred := 0, 0, 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.AdmissionMethod != "11" {
			continue
		}
		c := byID[e.ReasonConditionID]
		if c == nil {
			t.Fatalf("elective admission %s has no reason", e.EncounterID)
		}
		if elective, chronic := held[c.ConditionKey]; chronic && !elective {
			t.Errorf("elective admission %s for %s, which has no planned hospital care", e.EncounterID, c.Description)
		}
		pr := pres[c.ConditionKey]
		if pr == nil {
			continue
		}
		if pr.ElectiveStayDays > 0 {
			joint++
			if e.TypeCode == p.encTypes[encDayCase].Code && e.Class == p.encTypes[encDayCase].Class || e.EndTime.Date() == e.StartTime.Date() {
				jointDayCases++
			}
		}
		if pc := pr.Procedure; pc != nil && pc.StraightToTest {
			continue // referred by the GP straight to the test (review13_procedures_test.go)
		}
		if c.OnsetDate >= p.windowStart+365 && c.DiagnosisEncounterID != "" {
			newProblems++
			for _, at := range clinic[c.ConditionID] {
				if at < e.StartTime {
					referred++
					break
				}
			}
		}
	}
	if joint < 20 || jointDayCases > 0 {
		t.Errorf("joint replacements: %d, %d of them day cases (want inpatient stays)", joint, jointDayCases)
	}
	if newProblems < 50 || float64(referred) < 0.95*float64(newProblems) {
		t.Errorf("planned operations on problems first seen by the GP: %d of %d had a clinic attendance before", referred, newProblems)
	}

	// Hip fractures at 65+ per 1,000 person-years against England's 5.6
	// (the catalogue's source); before calibration the model gave 53.
	end := p.Opts.Population()
	py65 := r.personYears(func(pt *models.Patient) models.Date { return models.DateOf(pt.BirthDate.Time().AddDate(65, 0, 0)) })
	fractures := 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey == "hip_fracture" && c.OnsetDate >= p.windowStart && c.OnsetDate <= end &&
			models.YearsBetween(r.patients[c.PatientID].BirthDate, c.OnsetDate) >= 65 {
			fractures++
		}
	}
	if rate := 1000 * float64(fractures) / py65; rate < 2 || rate > 15 {
		t.Errorf("hip fractures at 65+: %.1f per 1,000 person-years (%d in %.0f), want about 5.6", rate, fractures, py65)
	}
}

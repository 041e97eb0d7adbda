// Checks for the twenty-second review of hospital care: the ages of planned
// admissions (catalogue condition elective_max_age).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// electiveMaxAges are the catalogue's elective_max_age, written here so the
// test also runs, and fails, on a catalogue without them.
var electiveMaxAges = map[string]int{"atrial_fibrillation": 85, "chd": 90}

// TestNoPlannedCardioversionInTheVeryOld: planned admissions for atrial
// fibrillation at 94-96 (13 of 160 at 90 or over, generate -n 20000 -s 5),
// and for coronary heart disease up to 99. A cardioversion or an ablation
// (rhythm control) is rare past 85, planned angiography past 90: none is
// booked past those ages now.
func TestNoPlannedCardioversionInTheVeryOld(t *testing.T) {
	r := pathwayPopulation(t)
	key := r.conditionKeys()
	planned, over := map[string]int{}, map[string]int{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		limit := electiveMaxAges[key[e.ReasonConditionID]]
		if e.AdmissionMethod != admissionPlanned || limit == 0 {
			continue
		}
		k := key[e.ReasonConditionID]
		planned[k]++
		if age := ageOnDay(r.patients[e.PatientID], e.StartTime.Date()); age > limit {
			over[k]++
			if over[k] <= 3 {
				t.Logf("patient %s: planned admission for %s at %d", e.PatientID, k, age)
			}
		}
	}
	for k, limit := range electiveMaxAges {
		enough(t, planned[k], 20, "planned admissions for "+k)
		if over[k] > 0 {
			t.Errorf("%s: %d of %d planned admissions after %d", k, over[k], planned[k], limit)
		}
	}
}

// cancerTreatmentMaxAge is the catalogue's max_age of the cancer pathway's
// treatment key (chemotherapy, surgery): the oldest age it is begun at.
func (r *realism) cancerTreatmentMaxAge(t *testing.T, key string) int {
	t.Helper()
	up := r.condPlan(t, "cancer").UrgentPathway
	if up == nil || up.Treatment(key) == nil || up.Treatment(key).MaxAge <= 0 {
		t.Fatalf("the cancer pathway's %s has no max_age", key)
	}
	return up.Treatment(key).MaxAge
}

// TestNoChemotherapyCyclesPastNinety: chemotherapy cycles three weeks apart
// for a woman of 102 with breast cancer and a man of 104 with lung cancer
// (generate -n 20000 -s 5). Past 90 the oncology clinic gives no
// cytotoxic chemotherapy now: no planned day cases for a cancer three weeks
// (21-25 days) apart in a course begun after that age (a course begun at
// 90 runs on).
func TestNoChemotherapyCyclesPastNinety(t *testing.T) {
	r := pathwayPopulation(t)
	key := r.conditionKeys()
	last := map[string]*models.Encounter{} // reason -> its planned day case before
	began := map[string]models.Date{}      // reason -> the first day case of its course
	cycles, old := 0, 0
	chemotherapyMaxAge := r.cancerTreatmentMaxAge(t, "chemotherapy")
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.AdmissionMethod != admissionPlanned || key[e.ReasonConditionID] != "cancer" || e.StartTime.Date() != e.EndTime.Date() {
			continue
		}
		b := last[e.ReasonConditionID]
		last[e.ReasonConditionID] = e
		if b == nil {
			continue
		}
		if gap := e.StartTime.Date() - b.StartTime.Date(); gap < 21 || gap > 25 {
			continue
		}
		if began[e.ReasonConditionID] == 0 || b.StartTime.Date()-began[e.ReasonConditionID] > 200 {
			began[e.ReasonConditionID] = b.StartTime.Date()
		}
		cycles++
		if age := ageOnDay(r.patients[e.PatientID], began[e.ReasonConditionID]); age > chemotherapyMaxAge {
			old++
			t.Logf("patient %s: a chemotherapy course begun at %d", e.PatientID, age)
		}
	}
	enough(t, cycles, 50, "chemotherapy cycles")
	if old > 0 {
		t.Errorf("%d of %d chemotherapy cycles past %d", old, cycles, chemotherapyMaxAge)
	}
}

// TestNoCancerSurgeryPastItsMaxAge: a lung resection at 103 (generate -n
// 20000 -s 5, twenty-second review). No planned overnight admission for a
// cancer (its operation: the pathway's surgery, stay_days) begins past the
// catalogue's surgery max_age.
func TestNoCancerSurgeryPastItsMaxAge(t *testing.T) {
	r := pathwayPopulation(t)
	key := r.conditionKeys()
	maxAge := r.cancerTreatmentMaxAge(t, "surgery")
	stays, old := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.AdmissionMethod != admissionPlanned || key[e.ReasonConditionID] != "cancer" || e.StartTime.Date() == e.EndTime.Date() {
			continue
		}
		stays++
		if age := ageOnDay(r.patients[e.PatientID], e.StartTime.Date()); age > maxAge {
			old++
			t.Logf("patient %s: a planned cancer admission at %d", e.PatientID, age)
		}
	}
	enough(t, stays, 50, "planned overnight cancer admissions")
	if old > 0 {
		t.Errorf("%d of %d planned overnight cancer admissions past %d", old, stays, maxAge)
	}
}

// Checks for the ninth review's specialist-started medicines
// (docs/clinical-model.md, "Specialist-started medicines and slow hearts on
// beta-blockers (ninth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestSpecialistStartsDementiaAndEpilepsyMedicines: of 201 people
// diagnosed with dementia in the record of generate -n 20000 -s 7 and given
// an anti-dementia drug, 183 had it started by the GP before their first
// memory clinic attendance (117 on the day of diagnosis) and 18 never
// attended; all 43 with epilepsy had anti-seizure medicine started by the GP
// before the first-seizure clinic. NICE NG97 1.5 (TA217) and NG217: the
// specialist starts them, the GP continues. The first line is now
// started_in_clinic (the mechanism of methotrexate in rheumatoid arthritis):
// the first issue is at the clinic attendance the diagnosis referred to.
func TestSpecialistStartsDementiaAndEpilepsyMedicines(t *testing.T) {
	r := review5Population(t)
	for _, key := range []string{"dementia", "epilepsy"} {
		starts, atClinic := 0, 0
		for id := range r.patients {
			c := r.has(id, key)
			if c == nil || c.OnsetDate < r.p.windowStart+30 {
				continue // diagnosed before the record
			}
			var first *models.Prescription
			for _, rx := range r.rxOf[id] {
				if rx.ConditionID == c.ConditionID && (first == nil || rx.StartDate < first.StartDate) {
					first = rx
				}
			}
			if first == nil {
				continue
			}
			starts++
			if e := r.encs[first.EncounterID]; e != nil && e.Setting == settingOutpatient && e.ReasonConditionID == c.ConditionID {
				atClinic++
			} else if starts-atClinic <= 3 {
				t.Logf("%s: %s medicine first issued on %s outside the specialist clinic", id, key, first.StartDate)
			}
		}
		enough(t, starts, 15, key+" medicine starts after a diagnosis in the record")
		t.Logf("%s: %d first issues, %d at the specialist clinic", key, starts, atClinic)
		if atClinic != starts {
			t.Errorf("%s: %d of %d first issues at the specialist clinic the diagnosis referred to, want all", key, atClinic, starts)
		}
	}
}

package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// resolveAssessedAtDiagnosis looks up the codes of the condition's
// assessed_at_diagnosis (checked by the catalogue).
func resolveAssessedAtDiagnosis(cp *condPlan) {
	if a := cp.AssessedAtDiagnosis; a != nil {
		for _, k := range a.Recorded {
			code, _ := datasets.ObservationByKey(k)
			cp.assessed = append(cp.assessed, code)
		}
	}
}

// assessAtDiagnosis codes, at the contact that diagnoses condition c, the
// assessments its guideline asks for then, at every age: before (brief
// h75d), depression's suicide risk assessment was coded for a diagnosis
// under 18 only, by the referral to children and young people's mental
// health services, and never for an adult (NICE NG222).
func (w *worker) assessAtDiagnosis(per *person, c *condPlan, encID string, t models.Timestamp) {
	for i := range c.assessed {
		w.b.Observations = append(w.b.Observations, w.observation(per, encID, t, &c.assessed[i]))
	}
}

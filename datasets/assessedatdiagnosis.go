package datasets

import "fmt"

// AssessedAtDiagnosis are the assessments (observation_codes.csv keys,
// procedures with no value) coded at the contact that diagnoses a
// condition, at every age: depression's suicide risk assessment (NICE NG222
// for adults, NG134 for children and young people; brief h75d).
type AssessedAtDiagnosis struct {
	Recorded []string `yaml:"recorded"`
	Source   string   `yaml:"source"`
}

// checkAssessedAtDiagnosis reports an assessed_at_diagnosis with nothing
// recorded, an unknown key or no source.
func (cond *Condition) checkAssessedAtDiagnosis(where string) error {
	a := cond.AssessedAtDiagnosis
	if a == nil {
		return nil
	}
	if len(a.Recorded) == 0 || a.Source == "" {
		return fmt.Errorf("%s: assessed_at_diagnosis needs recorded observations and a source", where)
	}
	for _, k := range a.Recorded {
		if _, ok := ObservationByKey(k); !ok {
			return fmt.Errorf("%s: assessed_at_diagnosis %q is not in observation_codes.csv", where, k)
		}
	}
	return nil
}

package datasets

import "fmt"

// PresentingProblem is what the GP codes at the contact that suspects a
// condition the specialist diagnoses (catalogue presents_as): the
// hallucinations of a first episode of psychosis, the memory loss of a
// suspected dementia. The GP refers (the condition's at-diagnosis referral
// rule) and the clinic that rule books makes the diagnosis; the practice
// codes it from the clinic's letter (NICE CG178, CG185, NG97).
type PresentingProblem struct {
	Key         string `yaml:"key"`
	Snomed      string `yaml:"snomed"`
	ICD10       string `yaml:"icd10"`
	Description string `yaml:"description"`
	Source      string `yaml:"source"`
}

// checkPresentsAs reports a presents_as with no code or source, or on a
// condition with no at-diagnosis referral to make the diagnosis.
func (cond *Condition) checkPresentsAs(where string) error {
	p := cond.PresentsAs
	if p == nil {
		return nil
	}
	if p.Key == "" || p.Snomed == "" || p.Description == "" || p.Source == "" {
		return fmt.Errorf("%s: presents_as needs a key, a snomed code, a description and a source", where)
	}
	for _, r := range cond.Referral {
		if r.AtDiagnosis {
			return nil
		}
	}
	return fmt.Errorf("%s: presents_as needs an at_diagnosis referral (the clinic that diagnoses it)", where)
}

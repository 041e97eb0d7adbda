package datasets

import "fmt"

// SuspectedFirst is the GP contact that suspects a condition on a symptom,
// days_before the visit whose objective tests (the condition's
// diagnosis_readings) confirm and code it: asthma is suspected at a contact
// about wheeze and diagnosed only once a test supports it (BTS/NICE/SIGN
// NG245, 2024; brief h66h). The symptom is the contact's problem, open until
// the diagnosis. People younger than from_age are diagnosed on clinical
// grounds at the one visit (NG245: under 5s cannot do the tests).
type SuspectedFirst struct {
	Problem    PresentingProblem `yaml:"problem"`
	DaysBefore [2]int            `yaml:"days_before"`
	FromAge    int               `yaml:"from_age"`
	Source     string            `yaml:"source"`
}

// checkSuspectedFirst reports a suspected_first with no code, no source, a
// day range not from 1, or no tests at the diagnosing visit to confirm it.
func (cond *Condition) checkSuspectedFirst(where string) error {
	sf := cond.SuspectedFirst
	if sf == nil {
		return nil
	}
	p := sf.Problem
	if p.Key == "" || p.Snomed == "" || p.Description == "" || p.Source == "" || sf.Source == "" {
		return fmt.Errorf("%s: suspected_first needs a problem with a key, a snomed code, a description and a source, and a source", where)
	}
	if !dayRange(sf.DaysBefore) || sf.DaysBefore[0] < 1 || sf.FromAge < 0 || len(cond.DiagnosisReadings) == 0 {
		return fmt.Errorf("%s: suspected_first needs days_before [from, to] from 1, from_age 0 or more and diagnosis_readings (the tests that confirm it)", where)
	}
	return nil
}

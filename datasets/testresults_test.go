package datasets

import (
	"regexp"
	"testing"
)

// test_results.yaml loads, gives the six tests of h56g a result, and codes
// each coded result with a SNOMED CT id.
func TestTestResultsLoad(t *testing.T) {
	list, err := LoadTestResults()
	if err != nil {
		t.Fatal(err)
	}
	snomed := regexp.MustCompile(`^[1-9][0-9]{5,17}$`)
	have := map[string]bool{}
	for _, tr := range list {
		have[tr.Observation] = true
		for _, a := range tr.Arms {
			for _, v := range a.Coded {
				if !snomed.MatchString(v.Code) {
					t.Errorf("%s: coded result %q is not a SNOMED CT id", tr.Observation, v.Code)
				}
			}
		}
	}
	for _, key := range []string{"urine_culture", "blood_culture", "ecg_12_lead", "dxa_scan", "mmse_assessment", "falls_risk_assessment"} {
		if !have[key] {
			t.Errorf("test_results.yaml gives %s no result", key)
		}
	}
	if !testResultCode("164889003") || testResultCode("999") {
		t.Errorf("testResultCode does not read the file's coded results")
	}
}

package datasets

import (
	"fmt"
	"sync"
)

// ObservationCode codes one kind of observation: SNOMED CT concept, LOINC code
// and UCUM unit. Snomed is empty for smoking_status, which is recorded as the
// LOINC question with a value from the smoker, ex_smoker or never_smoked
// findings; Loinc and Unit are empty where none applies.
type ObservationCode struct {
	Key                               string
	Snomed, Term, Loinc, Unit, Status string

	Note string // where the codes were seen
}

var loadObservationCodes = sync.OnceValue(func() []ObservationCode {
	t := loadRefTable("observation_codes.csv", "key", "snomed", "term", "loinc", "unit", "status", "note")
	var out []ObservationCode
	seen := map[string]bool{}
	for _, r := range t.rows {
		o := ObservationCode{
			Key:    t.str(r, "key"),
			Snomed: t.str(r, "snomed"),
			Term:   t.str(r, "term"),
			Loinc:  t.str(r, "loinc"),
			Unit:   t.str(r, "unit"),
			Status: t.str(r, "status"),
			Note:   t.str(r, "note"),
		}
		if seen[o.Key] {
			panic(fmt.Sprintf("datasets: observation_codes.csv: repeated key %s", o.Key))
		}
		seen[o.Key] = true
		out = append(out, o)
	}
	return out
})

// ObservationCodes returns every observation code in file order.
func ObservationCodes() []ObservationCode {
	return append([]ObservationCode(nil), loadObservationCodes()...)
}

// ObservationByKey looks an observation code up by key, e.g. "systolic_bp",
// "hba1c", "phq9", "smoking_status".
func ObservationByKey(key string) (ObservationCode, bool) {
	for _, o := range loadObservationCodes() {
		if o.Key == key {
			return o, true
		}
	}
	return ObservationCode{}, false
}

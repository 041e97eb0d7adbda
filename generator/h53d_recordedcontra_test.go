package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestClassNotIssuedAfterRecordedContraindication: once a coded reason says
// a class is contraindicated (prescribing.yaml recorded_contraindications:
// "ACE inhibitors contraindicated"), no medicine of the class is issued on or
// after that day; the record must not contradict itself (a GP reads it as a
// prescribing error). On main (generate -n 20000 -s 5) 21 of 109 people
// with the code had an ACE inhibitor issued after it: heart failure or CKD
// coded so, then ramipril from a heart attack's bundle, hypertension or CKD;
// and after a heart attack the ARB is given instead (NICE NG185).
func TestClassNotIssuedAfterRecordedContraindication(t *testing.T) {
	r := review5Population(t)
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	if len(rules.RecordedContraindications) == 0 {
		t.Fatal("prescribing.yaml: recorded_contraindications is empty")
	}
	coded, bad := 0, 0
	for id := range r.patients {
		for _, rc := range rules.RecordedContraindications {
			first := models.NoDate
			for _, o := range r.obsOf[id] {
				if d := o.EffectiveTime.Date(); o.ValueCode == rc.Snomed && (first == models.NoDate || d < first) {
					first = d
				}
			}
			if first == models.NoDate {
				continue
			}
			coded++
			for _, rx := range r.rxOf[id] {
				for _, cls := range rc.Classes {
					if datasets.InClass(medKey(rx), cls) && rx.StartDate >= first {
						bad++
						if bad <= 10 {
							t.Errorf("patient %s: %q coded %s, %s issued %s", id, rc.Description, first, rx.Medication, rx.StartDate)
						}
					}
				}
			}
		}
	}
	t.Logf("people with a recorded contraindication: %d; issues of the class on or after it: %d", coded, bad)
	if coded < 20 {
		t.Fatalf("only %d people with a recorded contraindication: too few to judge", coded)
	}
}

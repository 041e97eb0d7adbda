package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// A population on one practice's list is registered there, every patient;
// a cohort placed elsewhere is not; and the checker notices a member
// registered with another practice.
func TestOnePracticeList(t *testing.T) {
	sc, err := scenario.Parse("t.yaml", []byte(`
population:
  size: 60
  town: Leeds
  practice: {name: Larkfield Teaching Practice, ods: ZZ9001}
cohorts:
  - name: clinic
    count: 10
    age: 40+
    has: [type2_diabetes]
  - name: york
    count: 10
    practice: {name: Minster Surgery, town: York}
`))
	if err != nil {
		t.Fatal(err)
	}
	p, b, _ := generateChecked(t, sc)
	byID := map[string]models.Practice{}
	for _, pr := range p.Practices() {
		byID[pr.PracticeID] = pr
	}
	want := map[string]string{"": "ZZ9001", "clinic": "ZZ9001", "york": "ZZ9002"}
	for _, pt := range b.Patients {
		pr := byID[pt.PracticeID]
		if pr.ODSCode != want[pt.Cohort] || pr.Town != pt.Town {
			t.Fatalf("patient %d (%q) of %s registered with %s in %s", pt.PatientIndex, pt.Cohort, pt.Town, pr.ODSCode, pr.Town)
		}
	}
	if got := byID[b.Patients[0].PracticeID]; got.Name != "Larkfield Teaching Practice" || got.Region != "Y63" {
		t.Fatalf("practice row %+v", got)
	}
	// The checker reads the practice row: a member on another list fails.
	r := records(b, p.Practices())[b.Patients[0].PatientID]
	other := p.Practices()[0]
	r.Practice, r.Patient.PracticeID = &other, other.PracticeID
	if v := sc.Cohorts[0].Violations(r, p.Opts.AsOf); len(v) != 1 {
		t.Fatalf("a member on another practice's list: violations %v", v)
	}
}

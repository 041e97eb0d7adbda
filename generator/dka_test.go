package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// TestType1DiabetesPresentingInKetoacidosis: about a quarter of new type 1
// diabetes presents in diabetic ketoacidosis (catalogue onset_event): an
// emergency admission on the day of diagnosis (or just after midnight) with the ketoacidosis as its
// reason, after which a child is followed up by the paediatric team (no GP
// review, insulin from its first clinic) and never has a foot examination.
// A review had found no ketoacidosis at all.
func TestType1DiabetesPresentingInKetoacidosis(t *testing.T) {
	p, b := newType1Children(t, "4-15")
	share := p.Cat.Conditions[p.condIndex["type1_diabetes"]].OnsetEvent.Share
	byID := map[string]*models.Condition{}
	for i := range b.Conditions {
		byID[b.Conditions[i].ConditionID] = &b.Conditions[i]
	}
	onset := map[string]models.Date{}
	for i := range b.Conditions {
		if c := &b.Conditions[i]; c.ConditionKey == "type1_diabetes" {
			onset[c.PatientID] = c.OnsetDate
		}
	}
	dka, admitted := map[string]bool{}, map[string]bool{}
	for i := range b.Conditions {
		if c := &b.Conditions[i]; c.ConditionKey == "type1_diabetes_event" {
			if c.OnsetDate != onset[c.PatientID] {
				t.Fatalf("ketoacidosis on %s, diabetes diagnosed on %s", c.OnsetDate, onset[c.PatientID])
			}
			dka[c.PatientID] = true
		}
	}
	for i := range b.Encounters {
		e := &b.Encounters[i]
		if r := byID[e.ReasonConditionID]; r != nil && r.ConditionKey == "type1_diabetes_event" && e.Setting == settingInpatient &&
			e.AdmissionMethod != "11" && e.StartTime.Date()-r.OnsetDate <= 1 { // through A&E: after midnight at the latest
			admitted[e.PatientID] = true
		}
		if r := byID[e.ReasonConditionID]; dka[e.PatientID] && r != nil && r.ConditionKey == "type1_diabetes" &&
			e.Setting == settingGP && e.TypeCode == p.encTypes[encChronicReview].Code {
			t.Fatalf("%s: a GP diabetes review of a child after ketoacidosis", e.PatientID)
		}
	}
	for id := range dka {
		if !admitted[id] {
			t.Fatalf("%s: ketoacidosis with no emergency admission that day or the next", id)
		}
	}
	if got := float64(len(dka)) / float64(len(onset)); len(onset) < 100 || got < share/2 || got > share*2 {
		t.Fatalf("%d of %d new type 1 diabetes in ketoacidosis, want about %.0f%%", len(dka), len(onset), 100*share)
	}
	foot := p.obsCodes[p.obsIndex["foot_check"]].Snomed
	for i := range b.Observations {
		if b.Observations[i].SnomedCode == foot {
			t.Fatalf("a foot examination at a child's diabetes review")
		}
	}
}

// newType1Children generates 120 children of the ages (a scenario age
// range, "4-15") diagnosed with type 1 diabetes in the last four years.
func newType1Children(t *testing.T, ages string) (*Plan, *models.Batch) {
	t.Helper()
	sc, err := scenario.Parse("t.yaml", []byte(`
cohorts:
  - name: new type 1
    count: 120
    age: `+ages+`
    diagnosed_within: {type1_diabetes: 4 years}
population: {size: 10}
`))
	if err != nil {
		t.Fatal(err)
	}
	p, b, _ := generateChecked(t, sc)
	return p, b
}

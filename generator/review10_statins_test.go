package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// youngDiabetesStatins counts the people of the batch with diabetes of the
// key diagnosed before 40 and over 42 at the end of their record (end, or
// death), and those with a statin issued for it; it fails the test on a
// statin for diabetes issued before 40.
func youngDiabetesStatins(t *testing.T, b *models.Batch, key string, end models.Date) (people, onStatin int) {
	t.Helper()
	dm := map[string]*models.Condition{}
	for i := range b.Conditions {
		if c := &b.Conditions[i]; c.ConditionKey == key {
			dm[c.PatientID] = c
		}
	}
	statin := map[string]bool{}
	birth := map[string]models.Date{}
	for i := range b.Patients {
		birth[b.Patients[i].PatientID] = b.Patients[i].BirthDate
	}
	for i := range b.Prescriptions {
		rx := &b.Prescriptions[i]
		c := dm[rx.PatientID]
		if c == nil || rx.ConditionID != c.ConditionID || !datasets.InClass(medKey(rx), "statin") {
			continue
		}
		if age := models.YearsBetween(birth[rx.PatientID], rx.StartDate); age < 40 {
			t.Fatalf("patient %s: %s for %s at %d", rx.PatientID, rx.Medication, key, age)
		}
		statin[rx.PatientID] = true
	}
	for i := range b.Patients {
		pt := &b.Patients[i]
		c := dm[pt.PatientID]
		last := end
		if pt.DeathDate != models.NoDate {
			last = pt.DeathDate
		}
		if c == nil || models.YearsBetween(pt.BirthDate, c.OnsetDate) >= 40 || models.YearsBetween(pt.BirthDate, last) < 42 {
			continue
		}
		people++
		if statin[pt.PatientID] {
			onStatin++
		}
	}
	return people, onStatin
}

// TestDiabetesDiagnosedYoungGetsAStatinFrom40: NICE NG238 offers a statin
// for primary prevention in type 2 diabetes (QRISK 10% or more, most people
// with diabetes from 40) and in type 1 diabetes from 40. The statin was
// decided at diagnosis only, so someone diagnosed at 30 never had one (4 of
// 22 people aged 45-79 with type 2 diabetes diagnosed before 40 and no
// cardiovascular disease on one, against 99 of 132 diagnosed later, on
// generate -n 5000 -s 13), and nobody had one for type 1 diabetes. Now it
// starts at the first review from 40, never before: most people with type
// 2 and some with type 1 diagnosed before 40 are on one by the end.
func TestDiabetesDiagnosedYoungGetsAStatinFrom40(t *testing.T) {
	r := pathwayPopulation(t)
	n, on := youngDiabetesStatins(t, r.b, "type2_diabetes", r.p.Opts.Population())
	t.Logf("type 2 diabetes diagnosed before 40, over 42 at the end: %d of %d on a statin for it", on, n)
	enough(t, n, 20, "people with type 2 diabetes diagnosed before 40")
	if float64(on) < 0.5*float64(n) {
		t.Errorf("type 2 diabetes diagnosed before 40: %d of %d on a statin for it (want most: 75%% uptake)", on, n)
	}

	sc, err := scenario.Parse("t.yaml", []byte(`
cohorts:
  - name: type 1 in middle age
    count: 80
    age: 45-65
    has: [type1_diabetes]
population: {size: 10}
`))
	if err != nil {
		t.Fatal(err)
	}
	p, b, _ := generateChecked(t, sc)
	n, on = youngDiabetesStatins(t, b, "type1_diabetes", p.Opts.Population())
	t.Logf("type 1 diabetes diagnosed before 40, over 42 at the end: %d of %d on a statin for it", on, n)
	enough(t, n, 30, "people with type 1 diabetes diagnosed before 40")
	if float64(on) < 0.25*float64(n) {
		t.Errorf("type 1 diabetes diagnosed before 40: %d of %d on a statin for it (want about half)", on, n)
	}
}

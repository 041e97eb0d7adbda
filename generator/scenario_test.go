package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

func ptr[T any](v T) *T { return &v }

// testScenario has the kinds of cohort a course needs, including one whose
// constraints almost never occur together naturally.
func testScenario() *scenario.Scenario {
	return &scenario.Scenario{
		Name: "test",
		Cohorts: []scenario.Cohort{
			{Name: "diabetes clinic", Count: 40, Constraints: scenario.Constraints{
				AgeMin: 65, Town: "Leeds", Has: []string{"type2_diabetes"}, OnMedicines: []string{"metformin"}},
				Subgroups: []scenario.Cohort{
					{Name: "poorly controlled", Count: 10, Constraints: scenario.Constraints{
						Observations: []scenario.ObservationConstraint{{Observation: "hba1c", Min: ptr(75.0), WithinDays: 365}}}},
					{Name: "recent A&E", Count: 5, Constraints: scenario.Constraints{
						Encounters: []scenario.EncounterConstraint{{Setting: "ae", WithinDays: 30}}}},
				}},
			{Name: "rare", Count: 30, Constraints: scenario.Constraints{
				AgeMin: 85, Sex: "female", Region: "Y58",
				Has:            []string{"dementia", "heart_failure", "atrial_fibrillation", "ckd"},
				HasNot:         []string{"hypertension"},
				OnMedicines:    []string{"apixaban", "furosemide"},
				NotOnMedicines: []string{"warfarin"},
				Observations:   []scenario.ObservationConstraint{{Observation: "egfr", Max: ptr(29.0), WithinDays: 365}},
				Encounters:     []scenario.EncounterConstraint{{Setting: "inpatient", WithinDays: 90, AtLeast: 2}},
				Alive:          ptr(true),
			}},
			{Name: "recent deaths", Count: 10, Constraints: scenario.Constraints{
				Has: []string{"copd"}, DiedWithinDays: 180}},
		},
		Personas: []scenario.Persona{{Key: "margaret", GivenName: "Margaret", FamilyName: "Oduya", Age: 78,
			Conditions: []string{"hypertension", "osteoporosis"}, Medicines: []string{"amlodipine"},
			Constraints: scenario.Constraints{Sex: "female", Town: "York"}}},
		Background: 400,
	}
}

// constraintsByCohort maps the cohort names patients carry to the
// constraints they must meet (subgroups: the parent's plus their own).
func constraintsByCohort(sc *scenario.Scenario) map[string]scenario.Constraints {
	out := map[string]scenario.Constraints{}
	for _, c := range sc.Cohorts {
		out[c.Name] = c.Constraints
		for _, sub := range c.Subgroups {
			out[c.Name+"/"+sub.Name] = mergeConstraints(c.Constraints, sub.Constraints)
		}
		if !c.Overlap {
			continue
		}
		for m := 1; m < 1<<len(c.Subgroups); m++ { // members of several subgroups
			cons, name := c.Constraints, ""
			for j, sub := range c.Subgroups {
				if m&(1<<j) != 0 {
					cons = mergeConstraints(cons, sub.Constraints)
					name += "+" + sub.Name
				}
			}
			out[c.Name+"/"+name[1:]] = cons
		}
	}
	for _, p := range sc.Personas {
		c := p.Constraints
		c.AgeMin, c.AgeMax, c.Has, c.OnMedicines = p.Age, p.Age, p.Conditions, p.Medicines
		out["persona:"+p.Key] = c
	}
	return out
}

func records(b *models.Batch, practices []models.Practice) map[string]*scenario.Record {
	out := map[string]*scenario.Record{}
	for _, p := range b.Patients {
		out[p.PatientID] = &scenario.Record{Patient: p}
		for k := range practices {
			if practices[k].PracticeID == p.PracticeID {
				out[p.PatientID].Practice = &practices[k]
			}
		}
	}
	for _, c := range b.Conditions {
		out[c.PatientID].Conditions = append(out[c.PatientID].Conditions, c)
	}
	for _, e := range b.Encounters {
		out[e.PatientID].Encounters = append(out[e.PatientID].Encounters, e)
	}
	for _, x := range b.Prescriptions {
		out[x.PatientID].Prescriptions = append(out[x.PatientID].Prescriptions, x)
	}
	for _, o := range b.Observations {
		out[o.PatientID].Observations = append(out[o.PatientID].Observations, o)
	}
	return out
}

// checkCohortMembers checks every cohort member of a generated scenario with
// the independent checker and returns the number of patients per cohort
// ("" for the background).
func checkCohortMembers(t *testing.T, sc *scenario.Scenario, p *Plan, b *models.Batch) map[string]int64 {
	t.Helper()
	want := constraintsByCohort(sc)
	counts := map[string]int64{}
	for _, r := range records(b, p.Practices()) {
		name := r.Patient.Cohort
		counts[name]++
		if name == "" {
			continue
		}
		c, ok := want[name]
		if !ok {
			t.Fatalf("patient in cohort %q, which the scenario does not have", name)
		}
		if v := c.Violations(r, p.Opts.AsOf); len(v) > 0 {
			t.Errorf("%s member %d: %v", name, r.Patient.PatientIndex, v)
		}
	}
	return counts
}

// generateChecked generates a whole scenario and checks it: every record
// coherent, every cohort member meeting its constraints. It returns the
// plan, the rows and the number of patients per cohort.
func generateChecked(t *testing.T, sc *scenario.Scenario) (*Plan, *models.Batch, map[string]int64) {
	t.Helper()
	p := testPlan(t, sc.Total(), func(o *Options) { o.Scenario = sc })
	b := generateAll(t, p, 0, sc.Total())
	checkCoherent(t, p, b)
	return p, b, checkCohortMembers(t, sc, p, b)
}

func TestScenarioCohortsSatisfyEveryConstraint(t *testing.T) {
	sc := testScenario()
	p := testPlan(t, sc.Total(), func(o *Options) { o.Scenario = sc })
	b := generateAll(t, p, 0, sc.Total())
	checkCoherent(t, p, b)
	counts := checkCohortMembers(t, sc, p, b)
	if counts["diabetes clinic/poorly controlled"] != 10 || counts["diabetes clinic"] != 25 || counts["rare"] != 30 ||
		counts["persona:margaret"] != 1 || counts[""] != 400 {
		t.Fatalf("cohort sizes %v", counts)
	}
	for _, pt := range b.Patients {
		if pt.Cohort == "persona:margaret" && (pt.GivenName != "Margaret" || pt.FamilyName != "Oduya") {
			t.Fatalf("persona name %s %s", pt.GivenName, pt.FamilyName)
		}
	}
}

// The same scenario and seed give the same rows however the patients are
// split between calls (workers, parts, shards).
func TestScenarioIsDeterministic(t *testing.T) {
	sc := testScenario()
	p := testPlan(t, sc.Total(), func(o *Options) { o.Scenario = sc })
	whole := generateAll(t, p, 0, sc.Total())
	a := generateAll(t, p, 0, 37)
	c := generateAll(t, p, 37, sc.Total())
	if len(a.Observations)+len(c.Observations) != len(whole.Observations) {
		t.Fatal("observation counts differ")
	}
	for k, o := range append(a.Observations, c.Observations...) {
		w := whole.Observations[k]
		if o.ObservationID != w.ObservationID || (o.Value == nil) != (w.Value == nil) || (o.Value != nil && *o.Value != *w.Value) {
			t.Fatalf("observation %d differs between splits", k)
		}
	}
	for k := range c.Patients {
		if c.Patients[k] != whole.Patients[37+k] {
			t.Fatalf("patient %d differs between splits", 37+k)
		}
	}
}

// Encounter constraints on a class get encounters of that class.
func TestEncounterConstraintsByClass(t *testing.T) {
	sc := &scenario.Scenario{Cohorts: []scenario.Cohort{
		{Name: "day case", Count: 5, Constraints: scenario.Constraints{AgeMin: 40,
			Encounters: []scenario.EncounterConstraint{{Setting: "inpatient", Class: "SS", WithinDays: 60}}}},
		{Name: "phoned", Count: 5, Constraints: scenario.Constraints{AgeMin: 40,
			Encounters: []scenario.EncounterConstraint{{Setting: "gp", Class: "VR", WithinDays: 14, AtLeast: 2}}}},
		{Name: "visited", Count: 5, Constraints: scenario.Constraints{AgeMin: 85,
			Encounters: []scenario.EncounterConstraint{{Setting: "gp", Class: "HH", WithinDays: 30}}}},
	}}
	p := testPlan(t, sc.Total(), func(o *Options) { o.Scenario = sc })
	checkCohortMembers(t, sc, p, generateAll(t, p, 0, sc.Total()))
}

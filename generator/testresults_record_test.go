package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestECGRhythmReadsTheDiagnosisOnRecord: an ECG's rhythm follows the AF
// the record shows by its day, not the person's drawn onset. The heart
// attack's admission ECG of a person whose AF began on admission, coded at
// discharge 7 days later, read AF with no AF diagnosed by then (stop 56
// merge: TestNoHardViolations, 100,000 patients, seed 1, 1 of 40,107 ECGs;
// rules.yaml ecg-af-without-af-diagnosis demoted to audit). Fails before:
// the ECG read the drawn onset (AF), and with no drawn AF an AF row on the
// record gave sinus rhythm.
func TestECGRhythmReadsTheDiagnosisOnRecord(t *testing.T) {
	p := testPlan(t, 10, nil)
	ci, ok := p.condIndex["atrial_fibrillation"]
	if !ok {
		t.Fatal("no atrial_fibrillation in the catalogue")
	}
	ecg, ok := datasets.ObservationByKey("ecg_12_lead")
	if !ok {
		t.Fatal("no ecg_12_lead in observation_codes.csv")
	}
	k := -1
	for j := range p.testResults {
		if p.testResults[j].snomed == ecg.Snomed {
			k = j
		}
	}
	if k < 0 {
		t.Fatal("test_results.yaml gives the ECG no result")
	}
	const af, sinus = "164889003", "426783006"
	day := models.CivilDate(2021, 3, 1)
	rhythm := func(drawn, written models.Date) string {
		w := newWorker(p)
		w.b = &models.Batch{}
		per := &person{}
		if drawn != models.NoDate {
			per.conds = append(per.conds, heldCondition{plan: &p.conds[ci], onset: drawn, row: -1})
		}
		if written != models.NoDate {
			w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionKey: "atrial_fibrillation", OnsetDate: written})
		}
		w.b.Observations = append(w.b.Observations, models.Observation{SnomedCode: ecg.Snomed, EffectiveTime: day.Start().AddMinutes(600)})
		o := &w.b.Observations[0]
		w.testResult(per, o, k, &p.testResults[k])
		return o.ValueCode
	}
	for _, c := range []struct {
		drawn, written models.Date
		want, what     string
	}{
		{day, day + 7, sinus, "AF begun on the day, coded 7 days later"},
		{models.NoDate, day - 30, af, "AF on the record a month before"},
		{day - 30, day - 30, af, "AF drawn and coded a month before"},
		{models.NoDate, models.NoDate, sinus, "no AF"},
	} {
		if got := rhythm(c.drawn, c.written); got != c.want {
			t.Errorf("%s: the ECG reads %q, want %q", c.what, got, c.want)
		}
	}
}

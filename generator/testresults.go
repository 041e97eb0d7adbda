package generator

import (
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Tests coded as done give a result (test_results.yaml; h56g, issue 9):
// before, every urine and blood culture, 12-lead ECG, DXA scan, MMSE and
// falls risk assessment was recorded with no value and no coded result,
// so an AF was diagnosed on an ECG with no rhythm and a DXA had no T-score.
// The results are written once every test is (the paths that record them
// are many: A&E, a stay, an episode's first contact, a fracture clinic,
// the practice's older people's care), from the person's state on the
// test's day, each from its own stream.

// testResultPlan is a test_results.yaml entry resolved for the code the
// test is recorded with.
type testResultPlan struct {
	snomed string
	unit   string
	arms   []datasets.ResultArm
	scale  []float64 // per arm: 10^decimals of a numeric arm
	// a culture's report (brief h75c; culturereport.go): when its growth is
	// known, and the sample's code written at its contact
	report *datasets.ResultReport
	sample datasets.ObservationCode
}

// buildTestResults resolves test_results.yaml.
func (p *Plan) buildTestResults() error {
	list, err := datasets.LoadTestResults()
	if err != nil {
		return err
	}
	p.testResults = nil
	for _, t := range list {
		code, _ := datasets.ObservationByKey(t.Observation) // checked on load
		tp := testResultPlan{snomed: code.Snomed, unit: code.Unit, arms: t.Arms, report: t.Reported}
		if t.Reported != nil {
			tp.sample, _ = datasets.ObservationByKey(t.Reported.Sample) // checked on load
		}
		for _, a := range t.Arms {
			sc := 1.0
			if a.Numeric != nil {
				sc = math.Pow(10, float64(a.Numeric.Decimals))
			}
			tp.scale = append(tp.scale, sc)
		}
		p.testResults = append(p.testResults, tp)
	}
	return nil
}

// writeTestResults gives each of the person's tests with no result yet
// the result of the first arm of its entry that fits.
func (w *worker) writeTestResults(per *person) {
	plans := w.plan.testResults
	if len(plans) == 0 {
		return
	}
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		if o.Value != nil || o.ValueCode != "" {
			continue
		}
		for k := range plans {
			if tp := &plans[k]; sameCode(tp.snomed, o.SnomedCode) { // last byte first: most codes differ there (memeqbody, stop 64)
				w.testResult(per, o, k, tp)
				break
			}
		}
	}
}

// testResult writes test o's result by entry k.
func (w *worker) testResult(per *person, o *models.Observation, k int, tp *testResultPlan) {
	d := o.EffectiveTime.Date()
	for j := range tp.arms {
		a := &tp.arms[j]
		if !w.armFits(per, o, a, d) {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeTestResult, uint64(k), uint64(o.EffectiveTime))
		if len(a.Coded) > 0 {
			v := &a.Coded[max(s.PickBy(len(a.Coded), func(i int) float64 { return a.Coded[i].Weight }), 0)]
			o.ValueCode, o.ValueDisplay = v.Code, v.Display
			return
		}
		n := a.Numeric
		mean := n.Mean
		if age := float64(per.ageOn(d)); age > n.FromAge {
			mean += n.AgeSlope * (age - n.FromAge)
		}
		if per.sex == 1 {
			mean += n.MaleShift
		}
		v := mirrorInside(s.NormalMS(mean, n.SD), n.Min, n.Max)
		v = math.Round(v*tp.scale[j]) / tp.scale[j]
		o.Value, o.Unit = w.value(v), tp.unit
		return
	}
}

// armFits reports whether arm a gives the result of test o on day d.
func (w *worker) armFits(per *person, o *models.Observation, a *datasets.ResultArm, d models.Date) bool {
	if a.Share > 0 {
		// one uniform of the person's own for every test with a share (seronegative RA: both antibodies)
		u := per.stream(w.plan.Opts.Seed, purposeTestResult, resultShareKey)
		if u.Float64() >= a.Share {
			return false
		}
	}
	switch {
	case len(a.Held) > 0:
		return w.heldOnRecord(per, a.Held, d+models.Date(a.WithinDays))
	case len(a.Reason) > 0:
		return w.encounterAbout(per, o.EncounterID, a.Reason)
	case a.Reading != nil:
		return w.readAtEncounter(per, o.EncounterID, a.Reading)
	}
	return true
}

// readAtEncounter reports whether encounter id records a reading of r's
// observation in its range: the pulse the ECG's rhythm reads (h61c: an ECG
// at a pulse of 49 read "sinus rhythm").
func (w *worker) readAtEncounter(per *person, id string, r *datasets.ResultReading) bool {
	code, _ := datasets.ObservationByKey(r.Observation) // checked on load
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		if o := &w.b.Observations[i]; sameRowID(o.EncounterID, id) && sameCode(o.SnomedCode, code.Snomed) && o.Value != nil && r.Holds(*o.Value) {
			return true
		}
	}
	return false
}

// heldOnRecord reports whether a condition row of one of keys is written
// with its onset on or before day d. The result reads the record, not the
// person's drawn state: a heart attack's admission ECG showed AF that the
// discharge coded 7 days later (the person's AF began on admission), so a
// reader saw an ECG in AF with no AF diagnosed by then (TestNoHardViolations,
// 100,000 patients, seed 1: rules.yaml ecg-af-without-af-diagnosis, stop 56
// merge; brief h57a). Every condition row is written when the results are.
func (w *worker) heldOnRecord(per *person, keys []string, d models.Date) bool {
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		if c := &w.b.Conditions[i]; c.OnsetDate <= d && slices.Contains(keys, c.ConditionKey) {
			return true
		}
	}
	return false
}

// encounterAbout reports whether encounter id is about a condition row of
// one of keys: its reason, or a row it diagnosed (the UTI that explains a
// visible haematuria, diagnosed at the contact about the haematuria).
func (w *worker) encounterAbout(per *person, id string, keys []string) bool {
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		if c := &w.b.Conditions[i]; c.DiagnosisEncounterID == id && slices.Contains(keys, c.ConditionKey) {
			return true
		}
	}
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		if enc := &w.b.Encounters[e]; enc.EncounterID == id {
			c := w.conditionRow(per, enc.ReasonConditionID)
			return c != nil && slices.Contains(keys, c.ConditionKey)
		}
	}
	return false
}

// resultShareKey keys the person's uniform that an arm's share reads,
// apart from every test's own stream (keyed by the entry's index and time).
const resultShareKey = 1 << 40

// mirrorInside folds x back inside [lo, hi] at whichever bound it passed
// (then clamps), so that values spread near a bound instead of piling on it.
func mirrorInside(x, lo, hi float64) float64 {
	if x < lo {
		x = lo + (lo - x)
	} else if x > hi {
		x = hi - (x - hi)
	}
	return math.Min(hi, math.Max(lo, x))
}

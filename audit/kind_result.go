package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// observation_result: a test recorded as done whose result no decision
// can rest on (h56g, issue 9). Counts the observations of the key (and
// keys) in the history window.
//
// Alone, the test fails when it has neither a value nor a coded value (a
// urine culture with no growth recorded; a DXA scan with no T-score).
//
// With condition and mode, it reads the result against the person's
// state: the denominator is the tests of a person who has (mode with) or
// has not (mode without) a condition of the set diagnosed by the test's
// day, or within_days after it (the scan a diagnosis rests on comes
// first; without: only tests whose within_days end inside the record);
// a test fails when its result meets the observation's range (a
// value) or is one of the recorded codes (a coded value): an ECG showing
// sinus rhythm in AF, a T-score of -2.5 or lower with no osteoporosis.
// With where (a key and a range), only tests whose encounter records a
// reading of that key in the range count (an ECG at a pulse under 60
// coded sinus rhythm, not sinus bradycardia; h61c).
func compileObservationResult(x *index, r *datasets.Rule) (evalFunc, error) {
	o := r.Observation
	terms := map[string]string{} // SNOMED CT -> key
	for _, key := range append([]string{o.Key}, o.Keys...) {
		code, ok := datasets.ObservationByKey(key)
		if !ok || code.Snomed == "" {
			return nil, fmt.Errorf("observation %q has no SNOMED CT code in observation_codes.csv", key)
		}
		terms[code.Snomed] = key
	}
	if o.Value != "" || o.WithinDays != 0 || o.OrMissing || o.ForDays != 0 || o.MinReadings != 0 {
		return nil, fmt.Errorf("observation: keys and a range only")
	}
	if r.Condition == nil {
		if r.Mode != "" || len(r.Recorded) > 0 || o.Range.Set() || r.WithinDays != 0 || r.Where != nil {
			return nil, fmt.Errorf("without condition the rule reads a missing result alone (no mode, recorded, range, within_days or where)")
		}
		return func(v *view, t *tally) {
			for i := range v.all {
				ob := &v.all[i]
				key, ok := terms[ob.SnomedCode]
				if !ok || ob.EffectiveTime.Date() < v.windowStart {
					continue
				}
				t.count(1)
				if ob.Value == nil && ob.ValueCode == "" {
					t.fail(func() string { return fmt.Sprintf("%s on %s with no result", key, ob.EffectiveTime.Date()) })
				}
			}
		}, nil
	}
	if r.Mode != "with" && r.Mode != "without" {
		return nil, fmt.Errorf("mode must be with or without")
	}
	if (len(r.Recorded) > 0) == o.Range.Set() {
		return nil, fmt.Errorf("needs exactly one of recorded (coded results) and an observation range (values)")
	}
	if r.WithinDays < 0 {
		return nil, fmt.Errorf("within_days must not be negative")
	}
	read, err := atEncounter(r.Where)
	if err != nil {
		return nil, err
	}
	cond, within := x.condSet(*r.Condition), models.Date(r.WithinDays)
	holds := func(v *view, d models.Date) bool {
		for i := range v.conds {
			if c := &v.conds[i]; cond.match(c) && c.onset <= d+within {
				return true
			}
		}
		return false
	}
	return func(v *view, t *tally) {
		for i := range v.all {
			ob := &v.all[i]
			key, ok := terms[ob.SnomedCode]
			d := ob.EffectiveTime.Date()
			if !ok || d < v.windowStart || holds(v, d) != (r.Mode == "with") {
				continue
			}
			if r.Mode == "without" && d+within > v.end {
				continue // the diagnosis it may rest on is not yet due
			}
			if read != nil && !read(v, ob.EncounterID) {
				continue
			}
			t.count(1)
			coded := ob.ValueCode != "" && slices.Contains(r.Recorded, ob.ValueCode)
			valued := ob.Value != nil && o.Range.Set() && o.Range.Holds(*ob.Value)
			if !coded && !valued {
				continue
			}
			t.fail(func() string {
				state := "with"
				if r.Mode == "without" {
					state = "without"
				}
				res := ob.ValueDisplay
				if ob.Value != nil {
					res = fmt.Sprintf("%g", *ob.Value)
				}
				return fmt.Sprintf("%s on %s reads %s, %s %s", key, d, res, state, cond.label)
			})
		}
	}, nil
}

// atEncounter compiles an observation_result where: a reading of its key
// in its range recorded at the test's encounter. Nil when there is none.
func atEncounter(w *datasets.ObservationTest) (func(v *view, enc string) bool, error) {
	if w == nil {
		return nil, nil
	}
	code, ok := datasets.ObservationByKey(w.Key)
	if !ok || code.Snomed == "" || !w.Range.Set() || w.Value != "" || w.WithinDays != 0 || w.OrMissing || len(w.Keys) > 0 {
		return nil, fmt.Errorf("where needs an observation_codes.csv key and a range alone")
	}
	return func(v *view, enc string) bool {
		for i := range v.all {
			if o := &v.all[i]; o.EncounterID == enc && o.SnomedCode == code.Snomed && o.Value != nil && w.Range.Holds(*o.Value) {
				return true
			}
		}
		return false
	}, nil
}

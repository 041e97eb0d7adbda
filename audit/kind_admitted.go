package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// reading_not_admitted: the last reading of the observation at an
// encounter of the settings whose reason is a condition of the set, when
// it meets the value test (taken again at the same appointment, it is
// sustained), in the history window at least within_days before the end of
// the record, with no inpatient encounter starting from the reading to
// within_days after its day and no inpatient stay running at it: an
// antenatal blood pressure of 160/110 or more not admitted (NICE NG133;
// brief h67d). Without condition, a reading at an encounter about
// anything counts; admitted_to names the settings whose encounter answers
// it (default inpatient; [ae, inpatient]: a potassium of 6.5 or more sent
// to hospital the same day, h69e). With age_days, only readings at an age
// in days in the range (a baby under 3 months, h70a). Counts such readings.
func compileReadingNotAdmitted(x *index, r *datasets.Rule) (evalFunc, error) {
	if r.Observation == nil {
		return nil, fmt.Errorf("needs observation")
	}
	o, oc, err := rangedReading(x, r)
	if err != nil {
		return nil, err
	}
	if r.WithinDays <= 0 || len(r.Settings) == 0 {
		return nil, fmt.Errorf("needs settings and within_days above 0")
	}
	if r.AgeDays != nil && !r.AgeDays.Set() {
		return nil, fmt.Errorf("age_days needs a bound")
	}
	var about []condSet
	if r.Condition != nil {
		about = []condSet{x.condSet(*r.Condition)}
	}
	within, to := models.Date(r.WithinDays), r.AdmittedTo
	if len(to) == 0 {
		to = []string{"inpatient"}
	}
	return func(v *view, t *tally) {
		last := map[string]*models.Observation{} // by encounter: its last reading of the code
		for i := range v.all {
			ob := &v.all[i]
			if ob.SnomedCode != oc.Snomed || ob.Value == nil {
				continue
			}
			if l := last[ob.EncounterID]; l == nil || ob.EffectiveTime > l.EffectiveTime {
				last[ob.EncounterID] = ob
			}
		}
		for j := range v.encs {
			e := &v.encs[j]
			ob := last[e.EncounterID]
			if ob == nil || !slices.Contains(r.Settings, e.Setting) || !o.rng.Holds(*ob.Value) {
				continue
			}
			d := ob.EffectiveTime.Date()
			if d < v.windowStart || d+within > v.end || about != nil && !reasonIn(v, about, e.ReasonConditionID) {
				continue
			}
			if r.AgeDays != nil && !r.AgeDays.Holds(float64(d-v.p.BirthDate)) {
				continue // a baby's (a temperature of 38 or more under 3 months, h70a)
			}
			t.count(1)
			admitted := false
			for k := range v.encs {
				in := &v.encs[k]
				if slices.Contains(to, in.Setting) && (in.StartTime >= ob.EffectiveTime && in.StartTime.Date() <= d+within ||
					in.StartTime <= ob.EffectiveTime && in.EndTime > ob.EffectiveTime) {
					admitted = true
					break
				}
			}
			if !admitted {
				val := *ob.Value
				t.fail(func() string {
					return fmt.Sprintf("%s %g on %s at the last reading of a %s encounter, no admission by %s", o.key, val, d, e.Setting, d+within)
				})
			}
		}
	}, nil
}

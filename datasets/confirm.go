package datasets

import (
	"fmt"
	"slices"
)

// checkConfirm checks each condition's at_diagnosis.confirm,
// lifestyle_first and repeat_first: the first needs a defining measurement,
// a source, a day range and codes that exist; the second a source, a day
// range and a defining measurement its threshold reads; the third a
// diagnosing reading to repeat, a threshold on one of the diagnosis
// readings, a day range and a source.
func (c *Catalogue) checkConfirm() error {
	for i := range c.Conditions {
		cond := &c.Conditions[i]
		if lf := cond.LifestyleFirst; lf != nil {
			if cond.DefinedBy == nil || lf.Source == "" || lf.Below <= 0 || !dayRange(lf.Days) {
				return fmt.Errorf("condition %s: lifestyle_first needs defined_by, below, days [from, to] and a source", cond.Key)
			}
			if _, ok := ObservationByKey(lf.Code); !ok {
				return fmt.Errorf("condition %s: lifestyle_first code %q is not in observation_codes.csv", cond.Key, lf.Code)
			}
		}
		if rf := cond.RepeatFirst; rf != nil {
			w := rf.When
			if _, ok := c.Observations[w.Observation]; !ok || cond.DiagnosedAt == nil || (w.AtLeast == nil) == (w.Below == nil) ||
				rf.Source == "" || !dayRange(rf.Days) || rf.Days[0] < 1 || !slices.Contains(cond.DiagnosisReadings, w.Observation) {
				return fmt.Errorf("condition %s: repeat_first needs diagnosed_at, when on one of its diagnosis_readings with one of at_least or below, days [from, to] from 1 and a source", cond.Key)
			}
		}
		if cond.Diagnosis == nil || cond.Diagnosis.Confirm == nil {
			continue
		}
		f := cond.Diagnosis.Confirm
		where := "condition " + cond.Key + ": at_diagnosis.confirm"
		if cond.DefinedBy == nil || f.Source == "" || !dayRange(f.FirstDaysBefore) || f.FirstDaysBefore[0] < 1 ||
			f.UsesFrom < 1 || f.UsesWithin < f.UsesFrom {
			return fmt.Errorf("%s needs defined_by, first_days_before [from, to] from 1, uses_from of 1 or more, uses_within from it and a source", where)
		}
		if f.SymptomaticShare < 0 || f.SymptomaticShare >= 1 || (f.SymptomaticShare > 0) != (f.SymptomsSource != "") {
			return fmt.Errorf("%s: symptomatic_share needs a share from 0 up to 1, and a symptoms_source when it is set", where)
		}
		if len(f.Symptoms) > 0 && f.SymptomaticShare == 0 || f.ApartDays < 0 || f.ApartDays > f.FirstDaysBefore[0] {
			return fmt.Errorf("%s: symptoms need a symptomatic_share, apart_days from 0 up to first_days_before's first", where)
		}
		for _, k := range f.Symptoms {
			if _, ok := ObservationByKey(k); !ok {
				return fmt.Errorf("%s: symptom %q is not in observation_codes.csv", where, k)
			}
		}
		for _, k := range f.Reasons {
			if _, ok := c.Condition(k); !ok {
				return fmt.Errorf("%s: reason %q is not a condition", where, k)
			}
		}
		if a := f.Ambulatory; a != nil {
			if a.Source == "" || !dayRange(a.DaysBefore) || a.DaysBefore[0] < 1 || a.DaysBefore[1] >= f.FirstDaysBefore[0] || a.Noise < 0 {
				return fmt.Errorf("%s: ambulatory needs days_before [from, to] from 1 and before the first reading, noise 0 or more and a source", where)
			}
			for _, k := range []string{a.Code, a.CompanionCode} {
				if _, ok := ObservationByKey(k); !ok {
					return fmt.Errorf("%s: ambulatory code %q is not in observation_codes.csv", where, k)
				}
			}
			if _, ok := ObservationByKey(a.Companion); !ok {
				return fmt.Errorf("%s: ambulatory companion %q is not an observation", where, a.Companion)
			}
			if wc := a.WhiteCoat; wc != nil {
				if wc.Source == "" || a.CompanionAtLeast <= 0 || !dayRange(wc.MonitorAfter) || wc.MonitorAfter[0] < 1 || !dayRange(wc.DaysBefore) ||
					wc.DaysBefore[0] <= f.UsesWithin+wc.MonitorAfter[1] {
					return fmt.Errorf("%s: white_coat needs a companion_at_least, monitor_after [from, to] from 1, days_before [from, to] whose monitoring falls before uses_within, and a source", where)
				}
			}
		}
	}
	return nil
}

func dayRange(r [2]int) bool { return r[0] >= 0 && r[1] >= r[0] }

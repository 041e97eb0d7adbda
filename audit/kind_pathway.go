package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// encFilter selects encounters by setting, and optionally by admission
// method and encounter type.
type encFilter struct {
	settings       map[string]bool
	methods, types []string
}

func encFilterOf(r *datasets.Rule) (encFilter, error) {
	settings, err := settingsOf(r)
	return encFilter{settings: settings, methods: r.AdmissionMethods, types: r.EncounterTypes}, err
}

func (f *encFilter) match(e *models.Encounter) bool {
	return f.settings[e.Setting] && (len(f.methods) == 0 || slices.Contains(f.methods, e.AdmissionMethod)) &&
		(len(f.types) == 0 || slices.Contains(f.types, e.TypeCode))
}

// first_contact: a problem of the condition set whose first encounter (the
// earliest naming it as its reason) is in one of the settings: an emergency
// first seen in an outpatient clinic. Counts problems with an encounter.
func compileFirstContact(x *index, r *datasets.Rule) (evalFunc, error) {
	settings, err := settingsOf(r)
	if err != nil {
		return nil, err
	}
	cond := x.condSet(*r.Condition)
	return func(v *view, t *tally) {
		for i := range v.conds {
			c := &v.conds[i]
			if !cond.match(c) {
				continue
			}
			var first *models.Encounter
			for k := range v.encs {
				if e := &v.encs[k]; e.ReasonConditionID == c.id && (first == nil || e.StartTime < first.StartTime) {
					first = e
				}
			}
			if first == nil {
				continue
			}
			t.count(1)
			if settings[first.Setting] {
				t.fail(func() string {
					return fmt.Sprintf("%s (%s) first seen in %s on %s", cond.label, c.id, first.Setting, first.StartTime.Date())
				})
			}
		}
	}, nil
}

// encounter_after_condition: an encounter of the settings (narrowed by
// admission_methods and encounter_types) on a day after the onset of the
// patient's first condition of the set: a planned operation or a routine
// review after end-of-life care began. Counts patients with the condition.
func compileEncounterAfterCondition(x *index, r *datasets.Rule) (evalFunc, error) {
	f, err := encFilterOf(r)
	if err != nil {
		return nil, err
	}
	cond := x.condSet(*r.Condition)
	return func(v *view, t *tally) {
		onset := forever
		for i := range v.conds {
			if c := &v.conds[i]; cond.match(c) {
				onset = min(onset, c.onset)
			}
		}
		if onset == forever {
			return
		}
		t.count(1)
		for i := range v.encs {
			if e := &v.encs[i]; f.match(e) && e.StartTime.Date() > onset {
				t.fail(func() string {
					return fmt.Sprintf("%s encounter %s (%s) on %s after %s from %s", e.Setting, e.EncounterID, e.TypeDisplay,
						e.StartTime.Date(), cond.label, onset)
				})
				return
			}
		}
	}, nil
}

// elective_without_referral: an elective admission (admission method 11)
// for a problem of the condition set with no earlier outpatient attendance
// for it. Problems that began less than within_days into the history
// window are left out: their referral may predate the record. Counts such
// admissions.
func compileElectiveWithoutReferral(x *index, r *datasets.Rule) (evalFunc, error) {
	if r.WithinDays <= 0 {
		return nil, fmt.Errorf("within_days must be positive")
	}
	cond, within := x.condSet(*r.Condition), models.Date(r.WithinDays)
	return func(v *view, t *tally) {
		for i := range v.encs {
			adm := &v.encs[i]
			if adm.Setting != "inpatient" || adm.AdmissionMethod != "11" {
				continue
			}
			k := slices.IndexFunc(v.conds, func(c condRow) bool { return c.id == adm.ReasonConditionID })
			if k < 0 || !cond.match(&v.conds[k]) || v.conds[k].onset < v.windowStart+within {
				continue
			}
			t.count(1)
			if !slices.ContainsFunc(v.encs, func(e models.Encounter) bool {
				return e.Setting == "outpatient" && e.ReasonConditionID == adm.ReasonConditionID && e.StartTime < adm.StartTime
			}) {
				t.fail(func() string {
					return fmt.Sprintf("elective admission %s on %s for %s with no clinic attendance before it", adm.EncounterID,
						adm.StartTime.Date(), cond.label)
				})
			}
		}
	}, nil
}

package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

func settingsOf(r *datasets.Rule) (map[string]bool, error) {
	if len(r.Settings) == 0 {
		return nil, fmt.Errorf("settings needs at least one of gp, ae, inpatient, outpatient")
	}
	out := map[string]bool{}
	for _, s := range r.Settings {
		out[s] = true
	}
	return out, nil
}

// encounter_reason: an encounter of the settings with no reason, or a
// reason_condition_id that names no condition in the patient's record.
// Counts encounters; with observations, only those that record one of
// them (a fast-track referral consultation, brief h56b).
func compileEncounterReason(_ *index, r *datasets.Rule) (evalFunc, error) {
	settings, err := settingsOf(r)
	if err != nil {
		return nil, err
	}
	codes := map[string]bool{} // with observations: only the encounters that record one (a fast-track referral)
	for _, k := range r.Observations {
		o, ok := datasets.ObservationByKey(k)
		if !ok || o.Snomed == "" {
			return nil, fmt.Errorf("observation %q has no SNOMED CT code in observation_codes.csv", k)
		}
		codes[o.Snomed] = true
	}
	recordsOne := func(v *view, e *models.Encounter) bool {
		return len(codes) == 0 || slices.ContainsFunc(v.all, func(o models.Observation) bool { return o.EncounterID == e.EncounterID && codes[o.SnomedCode] })
	}
	return func(v *view, t *tally) {
		for i := range v.encs {
			e := &v.encs[i]
			if !settings[e.Setting] || !recordsOne(v, e) {
				continue
			}
			t.count(1)
			if e.ReasonConditionID != "" && slices.ContainsFunc(v.conds, func(c condRow) bool { return c.id == e.ReasonConditionID }) {
				continue
			}
			t.fail(func() string {
				if e.ReasonConditionID == "" {
					return fmt.Sprintf("%s encounter %s on %s has no reason", e.Setting, e.EncounterID, e.StartTime.Date())
				}
				return fmt.Sprintf("%s encounter %s on %s: reason %s is not in the record", e.Setting, e.EncounterID, e.StartTime.Date(), e.ReasonConditionID)
			})
		}
	}, nil
}

// encountersIn calls fn for each of the patient's encounters in the
// settings, each counted.
func encountersIn(v *view, t *tally, settings map[string]bool, fn func(e *models.Encounter)) {
	for i := range v.encs {
		if e := &v.encs[i]; settings[e.Setting] {
			t.count(1)
			fn(e)
		}
	}
}

// encounter_for_condition: an encounter of the settings (and admission
// methods or types, when given) whose reason is a condition of the set (an
// outpatient clinic for a condition that general practice manages, an
// emergency admission for CKD alone); with `age`, only encounters at an
// age (whole years) in the range (a planned admission for atrial
// fibrillation past 85). Counts encounters that pass the filter.
func compileEncounterForCondition(x *index, r *datasets.Rule) (evalFunc, error) {
	filter, err := encFilterOf(r)
	if err != nil {
		return nil, err
	}
	if err := optionalAge(r); err != nil {
		return nil, err
	}
	cond := x.condSet(*r.Condition)
	return func(v *view, t *tally) {
		for i := range v.encs {
			e := &v.encs[i]
			if !filter.match(e) || (r.Age != nil && !r.Age.Holds(float64(v.age(e.StartTime.Date())))) {
				continue
			}
			t.count(1)
			k := slices.IndexFunc(v.conds, func(c condRow) bool { return c.id == e.ReasonConditionID })
			if e.ReasonConditionID == "" || k < 0 || !cond.match(&v.conds[k]) {
				continue
			}
			t.fail(func() string {
				return fmt.Sprintf("%s encounter %s on %s for %s (%s)", e.Setting, e.EncounterID, e.StartTime.Date(), cond.label, e.ReasonConditionID)
			})
		}
	}, nil
}

// encounter_without_drug: an encounter of the settings whose reason is a
// condition of the set, with no prescription of the drug set running on its
// day (issued at it, or a course issued before that still runs): a GP
// contact about a gout flare with no treatment. Counts encounters of the
// settings for a condition of the set (with age, at an age in the range:
// whole years at the encounter; a young child's asthma attack).
func compileEncounterWithoutDrug(x *index, r *datasets.Rule) (evalFunc, error) {
	settings, err := settingsOf(r)
	if err != nil {
		return nil, err
	}
	if err := optionalAge(r); err != nil {
		return nil, err
	}
	cond, drug := x.condSet(*r.Condition), x.drugSet(*r.Drug)
	return func(v *view, t *tally) {
		for i := range v.encs {
			e := &v.encs[i]
			k := slices.IndexFunc(v.conds, func(c condRow) bool { return c.id == e.ReasonConditionID })
			if !settings[e.Setting] || e.ReasonConditionID == "" || k < 0 || !cond.match(&v.conds[k]) ||
				(r.Age != nil && !r.Age.Holds(float64(v.age(e.StartTime.Date())))) {
				continue
			}
			t.count(1)
			d := e.StartTime.Date()
			if drug.runsIn(v, d, d) {
				continue
			}
			t.fail(func() string {
				return fmt.Sprintf("%s encounter %s on %s for %s with no %s", e.Setting, e.EncounterID, d, cond.label, drug.label)
			})
		}
	}, nil
}

// encounter_during_admission: an encounter of the settings that starts
// strictly inside an inpatient stay (after its start, before its end).
// Counts encounters of the settings.
func compileEncounterDuringAdmission(_ *index, r *datasets.Rule) (evalFunc, error) {
	settings, err := settingsOf(r)
	if err != nil {
		return nil, err
	}
	if settings["inpatient"] {
		return nil, fmt.Errorf("settings are the encounters checked against inpatient stays, so not inpatient itself")
	}
	return func(v *view, t *tally) {
		encountersIn(v, t, settings, func(e *models.Encounter) {
			for _, s := range v.stays {
				if s.start < e.StartTime && e.StartTime < s.end {
					t.fail(func() string {
						return fmt.Sprintf("%s encounter at %s during the admission %s to %s", e.Setting,
							e.StartTime.Time().Format("2006-01-02 15:04"), s.start.Date(), s.end.Date())
					})
					break
				}
			}
		})
	}, nil
}

// registration_order: the patient's first encounter of the settings (at
// the registered practice) falls before patients.registration_date.
// Counts patients with such encounters.
func compileRegistrationOrder(_ *index, r *datasets.Rule) (evalFunc, error) {
	settings, err := settingsOf(r)
	if err != nil {
		return nil, err
	}
	return func(v *view, t *tally) {
		first := models.Date(forever)
		// only encounters at the practice the patient is registered with:
		// earlier contacts at a previous practice came with the record
		for i := range v.encs {
			if e := &v.encs[i]; settings[e.Setting] && e.PracticeID == v.p.PracticeID {
				first = min(first, e.StartTime.Date())
			}
		}
		if first == forever {
			return
		}
		t.count(1)
		if first < v.p.RegistrationDate {
			t.fail(func() string {
				return fmt.Sprintf("first visit %s, registered %s", first, v.p.RegistrationDate)
			})
		}
	}, nil
}

// death_cause: a dead patient with no patients.cause_of_death_code, or a
// living one with a cause. Not applicable when the dataset has no such
// column. Counts dead patients (and any living one with a cause).
func compileDeathCause(_ *index, _ *datasets.Rule) (evalFunc, error) {
	return func(v *view, t *tally) {
		dead := v.p.DeathDate != models.NoDate
		switch {
		case dead:
			t.count(1)
			if v.cause == "" {
				t.fail(func() string { return fmt.Sprintf("died %s with no cause of death", v.p.DeathDate) })
			}
		case v.cause != "":
			t.count(1)
			t.fail(func() string { return "alive with cause of death " + v.cause })
		}
	}, nil
}

// events_after_death: an encounter, observation, prescription or diagnosis
// dated after the date of death. Counts dead patients.
func compileEventsAfterDeath(_ *index, _ *datasets.Rule) (evalFunc, error) {
	return func(v *view, t *tally) {
		d := v.p.DeathDate
		if d == models.NoDate {
			return
		}
		t.count(1)
		what, when := "", models.NoDate
		for i := range v.encs {
			if day := v.encs[i].StartTime.Date(); day > d {
				what, when = v.encs[i].Setting+" encounter", day
				break
			}
		}
		for i := range v.rx {
			if what == "" && v.rx[i].start > d {
				what, when = "prescription", v.rx[i].start
			}
		}
		for i := range v.conds {
			if what == "" && v.conds[i].onset > d {
				what, when = "diagnosis", v.conds[i].onset
			}
		}
		for i := range v.all {
			if day := v.all[i].EffectiveTime.Date(); what == "" && day > d {
				what, when = "observation", day
			}
		}
		if what != "" {
			t.fail(func() string { return fmt.Sprintf("%s on %s after death on %s", what, when, d) })
		}
	}, nil
}

// encounter_before_window: an encounter of the settings that starts before
// the first day of the history window. The record holds nothing from
// before it but history carried with no consultation (a condition, a
// vaccine, a repeat in force as it opens). Counts encounters.
func compileEncounterBeforeWindow(_ *index, r *datasets.Rule) (evalFunc, error) {
	settings, err := settingsOf(r)
	if err != nil {
		return nil, err
	}
	return func(v *view, t *tally) {
		encountersIn(v, t, settings, func(e *models.Encounter) {
			if d := e.StartTime.Date(); d < v.windowStart {
				t.fail(func() string {
					return fmt.Sprintf("%s encounter %s on %s, before the record opens on %s", e.Setting, e.EncounterID, d, v.windowStart)
				})
			}
		})
	}, nil
}

// prescription_encounter_window: a prescription issued at an encounter
// (encounter_id set) that is not one of the record's, inside the history
// window. A repeat authorised before the window has no encounter and is not
// counted. Counts prescriptions with an encounter.
func compilePrescriptionEncounterWindow(_ *index, _ *datasets.Rule) (evalFunc, error) {
	return func(v *view, t *tally) {
		for i := range v.rx {
			rx := &v.rx[i]
			if rx.enc == "" {
				continue
			}
			t.count(1)
			k := slices.IndexFunc(v.encs, func(e models.Encounter) bool { return e.EncounterID == rx.enc })
			if k >= 0 && v.encs[k].StartTime.Date() >= v.windowStart {
				continue
			}
			t.fail(func() string {
				if k < 0 {
					return fmt.Sprintf("%s issued %s at encounter %s, not in the record", rx.product, rx.start, rx.enc)
				}
				return fmt.Sprintf("%s issued %s at a %s encounter on %s, before the record opens on %s", rx.product, rx.start, v.encs[k].Setting, v.encs[k].StartTime.Date(), v.windowStart)
			})
		}
	}, nil
}

package audit

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// register is the population a care rule looks at, as QOF does: patients
// alive on the as-of date with a condition of the set active then, of an
// age (at the as-of date) within population_age.
type register struct {
	cond condSet
	ages *datasets.Range
}

func (x *index) register(r *datasets.Rule) register {
	return register{cond: x.condSet(*r.Condition), ages: r.PopulationAge}
}

func (g *register) member(v *view) bool {
	return v.alive(v.asOf) && (g.ages == nil || g.ages.Holds(float64(v.age(v.asOf)))) && g.cond.activeAt(v, v.asOf) != nil
}

// condition_observation: a register member, narrowed by `where` (their
// latest reading of another observation meets it: a current smoker) if
// given, whose latest reading (within within_days of the as-of date) meets
// the test, or who has none when or_missing is set (HbA1c above 58; no
// smoking status; no cessation advice). A member with a condition of
// `unless` active on the as-of date, or a code of `unless_recorded` on the
// record by then, is excused (an ACR of 70 or more with no nephrology
// referral: diabetes, or the referral refused). Counts patients.
func compileConditionObservation(x *index, r *datasets.Rule) (evalFunc, error) {
	reg, obs := x.register(r), x.obsTest(*r.Observation)
	var unless *condSet
	if r.Unless != nil {
		u := x.condSet(*r.Unless)
		unless = &u
	}
	if !obs.tests() && !obs.orMissing {
		return nil, fmt.Errorf("observation needs a value test or or_missing")
	}
	if obs.forDays > 0 || r.Observation.MinReadings > 0 {
		return nil, fmt.Errorf("for_days and min_readings are for condition_vs_observation")
	}
	where, err := x.whereTest(r)
	if err != nil {
		return nil, err
	}
	return func(v *view, t *tally) {
		if !reg.member(v) {
			return
		}
		if where != nil {
			if hit, _, _ := where.latestMeets(v, v.asOf); !hit {
				return
			}
		}
		if unless != nil && unless.activeAt(v, v.asOf) != nil || recordedBy(v, r.UnlessRecorded, v.asOf) {
			return
		}
		t.count(1)
		if hit, rd, found := obs.latestMeets(v, v.asOf); hit {
			t.fail(func() string { return fmt.Sprintf("%s; latest: %s", reg.cond.label, obs.describe(rd, found)) })
		}
	}, nil
}

// condition_without_drug: a register member, narrowed by `where` (their
// latest reading meets it) and `score` (their risk score on the as-of date
// is in range) and `on` (a prescription of that set active on the as-of
// date: the highest dose of a statin) if given, with no prescription of the drug set
// active on the as-of date (type 1 diabetes without insulin; AF without an
// anticoagulant). A member with a condition of `unless` active then (the
// palliative care register), or with a code of `unless_recorded` on the
// record by then (anticoagulation declined), is excused; with
// diagnosed_days, so is one whose condition began fewer days than that
// before the as-of date; with recorded_within_days, only a code recorded in
// those days up to the as-of date excuses (a decline discussed again each
// year). Counts patients.
func compileConditionWithoutDrug(x *index, r *datasets.Rule) (evalFunc, error) {
	reg, drug := x.register(r), x.drugSet(*r.Drug)
	var unless *condSet
	if r.Unless != nil {
		u := x.condSet(*r.Unless)
		unless = &u
	}
	excused := func(v *view) bool {
		if unless != nil && unless.activeAt(v, v.asOf) != nil {
			return true
		}
		if r.RecordedWithinDays > 0 {
			return recordedIn(v, r.UnlessRecorded, v.asOf-models.Date(r.RecordedWithinDays), v.asOf)
		}
		return recordedBy(v, r.UnlessRecorded, v.asOf)
	}
	if r.RecordedWithinDays < 0 || r.RecordedWithinDays > 0 && len(r.UnlessRecorded) == 0 {
		return nil, fmt.Errorf("recorded_within_days is a number of days above 0 and reads unless_recorded")
	}
	where, err := x.whereTest(r)
	if err != nil {
		return nil, err
	}
	var on *drugSet
	if r.On != nil {
		o := x.drugSet(*r.On)
		on = &o
	}
	var events *condSet
	if e := r.Events; e != nil {
		if e.AtLeast < 1 || e.WithinDays <= 0 || e.BeforeDays < 0 {
			return nil, fmt.Errorf("events needs at_least from 1, within_days above 0 and before_days from 0")
		}
		c := x.condSet(e.Condition)
		events = &c
	}
	var score *scoreTest
	if r.Score != nil {
		var err error
		if score, err = x.scoreTest(*r.Score); err != nil {
			return nil, err
		}
	}
	return func(v *view, t *tally) {
		if !reg.member(v) {
			return
		}
		if d := models.Date(r.DiagnosedDays); d > 0 {
			if c := reg.cond.activeAt(v, v.asOf); c == nil || c.onset > v.asOf-d {
				return // diagnosed too recently for its treatment to have started
			}
		}
		points := 0
		if score != nil {
			var hit bool
			if hit, points = score.meets(v, v.asOf); !hit {
				return
			}
		}
		var rd reading
		if where != nil {
			hit, r, _ := where.latestMeets(v, v.asOf)
			if !hit {
				return
			}
			rd = r
		}
		if on != nil && !on.runsIn(v, v.asOf, v.asOf) {
			return
		}
		if events != nil && countEvents(v, events, r.Events) < r.Events.AtLeast {
			return
		}
		t.count(1)
		if drug.runsIn(v, v.asOf, v.asOf) {
			return
		}
		if excused(v) {
			return
		}
		t.fail(func() string {
			s := fmt.Sprintf("%s, no %s on %s", reg.cond.label, drug.label, v.asOf)
			if events != nil {
				s += fmt.Sprintf("; %d %s in the %d days to %s", countEvents(v, events, r.Events), events.label, r.Events.WithinDays, v.asOf-models.Date(r.Events.BeforeDays))
			}
			if where != nil {
				s += "; " + where.describe(rd, true)
			}
			if score != nil {
				s += "; " + score.describe(points)
			}
			return s
		})
	}, nil
}

// drug_after_condition: a condition of the set first diagnosed inside the
// history window, at least within_days before the as-of date, in a patient
// who lived that long after it, with no prescription of the drug set active
// at any time from the diagnosis to within_days after it (no statin within
// 90 days of a heart attack). A drug already running at diagnosis counts.
// With `age`, only a first diagnosis at an age (whole years) in the range
// counts (bone protection after a hip fracture at 75 or over). With
// `observation` (a key alone), that observation recorded from the diagnosis
// to within_days after it counts as the care too (a DXA scan or a
// bisphosphonate after a hip fracture: nineteenth review). With an
// `observation` that has a range and within_days, a latest reading in the
// range in the within_days before the diagnosis excuses the patient
// instead (an eGFR below 15 rules a DOAC out after a VTE). Counts patients.
func compileDrugAfterCondition(x *index, r *datasets.Rule) (evalFunc, error) {
	if r.WithinDays <= 0 {
		return nil, fmt.Errorf("within_days must be positive")
	}
	if err := optionalAge(r); err != nil {
		return nil, err
	}
	orCode, orLabel := "", ""
	var excuse *obsTest // a reading before the diagnosis that rules the drug out
	if o := r.Observation; o != nil && o.Range.Set() {
		if _, ok := datasets.ObservationByKey(o.Key); !ok || o.Value != "" || o.WithinDays <= 0 || o.OrMissing || o.ForDays != 0 || o.MinReadings != 0 {
			return nil, fmt.Errorf("observation with a range: a known key, the range and within_days (the reading that rules the drug out)")
		}
		t := x.obsTest(*o)
		excuse = &t
	} else if o != nil {
		code, ok := datasets.ObservationByKey(o.Key)
		if !ok || o.Value != "" || o.WithinDays != 0 || o.OrMissing || o.ForDays != 0 || o.MinReadings != 0 {
			return nil, fmt.Errorf("observation: a known key alone (the care recorded instead of the drug)")
		}
		orCode, orLabel = code.Snomed, " or "+o.Key
	}
	cond, drug, within := x.condSet(*r.Condition), x.drugSet(*r.Drug), models.Date(r.WithinDays)
	return func(v *view, t *tally) {
		var c *condRow
		for i := range v.conds {
			if k := &v.conds[i]; cond.match(k) && (c == nil || k.onset < c.onset) {
				c = k
			}
		}
		if c == nil || c.onset < v.windowStart || c.onset+within > v.end {
			return
		}
		if r.Age != nil && !r.Age.Holds(float64(v.age(c.onset))) {
			return
		}
		if excuse != nil {
			if hit, _, _ := excuse.latestMeets(v, c.onset); hit {
				return
			}
		}
		t.count(1)
		if drug.runsIn(v, c.onset, c.onset+within) {
			return
		}
		for i := range v.all {
			o := &v.all[i]
			d := o.EffectiveTime.Date()
			if d < c.onset || d > c.onset+within {
				continue
			}
			if orCode != "" && o.SnomedCode == orCode {
				return
			}
			// a decision recorded instead (a bisphosphonate declined after a
			// hip fracture): an unless_recorded code from the diagnosis on
			if slices.Contains(r.UnlessRecorded, o.ValueCode) || slices.Contains(r.UnlessRecorded, o.SnomedCode) {
				return
			}
		}
		t.fail(func() string {
			return fmt.Sprintf("%s diagnosed %s; no %s%s by %s", cond.label, c.onset, drug.label, orLabel, c.onset+within)
		})
	}, nil
}

// recordedBy reports whether an observation with one of the SNOMED CT codes,
// as its code or its coded value, was recorded on or before day.
func recordedBy(v *view, codes []string, day models.Date) bool {
	if len(codes) == 0 {
		return false
	}
	for i := range v.all {
		o := &v.all[i]
		if o.EffectiveTime.Date() <= day && codedAs(o, codes) {
			return true
		}
	}
	return false
}

// recordedIn reports whether an observation with one of the codes (as its
// code or coded value) is recorded from day from to day to.
func recordedIn(v *view, codes []string, from, to models.Date) bool {
	for i := range v.all {
		o := &v.all[i]
		if d := o.EffectiveTime.Date(); d >= from && d <= to && codedAs(o, codes) {
			return true
		}
	}
	return false
}

// whereTest compiles a rule's `where` (a value test on the latest reading
// that narrows the register), or nil when it has none.
func (x *index) whereTest(r *datasets.Rule) (*obsTest, error) {
	if r.Where == nil {
		return nil, nil
	}
	w := x.obsTest(*r.Where)
	if !w.tests() || w.orMissing || w.forDays > 0 {
		return nil, fmt.Errorf("where needs a value test (and takes no or_missing or for_days)")
	}
	return &w, nil
}

// countEvents counts the episodes of set e beginning in the rule's window:
// the within_days ending before_days before the as-of date.
func countEvents(v *view, e *condSet, r *datasets.EventCount) int {
	to := v.asOf - models.Date(r.BeforeDays)
	from := to - models.Date(r.WithinDays)
	n := 0
	for i := range v.conds {
		if c := &v.conds[i]; e.match(c) && c.onset > from && c.onset <= to {
			n++
		}
	}
	return n
}

// observation_after_condition: each episode (condition row) of the set that
// began inside the history window, at an age in `age`, and at least
// within_days before the end of the record; it fails when no observation
// of the key is recorded from its onset to within_days after (a fall at 65
// or over with no falls risk assessment; twentieth review). With
// admission_methods it reads each admission of those methods for an
// episode of the set instead, from its discharge: within_days after it
// (pulmonary rehabilitation after an emergency admission for an
// exacerbation of COPD; forty-seventh stop). With from_date only the
// episodes begun on or after it are read (h59e: a FIT before it came into
// use is none to expect). With settings only the episodes diagnosed at an
// encounter of those settings are read (h67a: a fatal pneumonia begun on
// the ward during a stay for something else has no diagnosing contact to
// measure it). With stays_extend a stay in hospital begun inside the
// window lengthens it by the stay's days (stop 67: heavy periods on a
// telephone call, then two weeks on a ward for abdominal pain; the
// practice's blood count came after discharge).
func compileObservationAfterCondition(x *index, r *datasets.Rule) (evalFunc, error) {
	if r.WithinDays <= 0 {
		return nil, fmt.Errorf("within_days must be positive")
	}
	if err := optionalAge(r); err != nil {
		return nil, err
	}
	if r.AgeDays != nil && !r.AgeDays.Set() {
		return nil, fmt.Errorf("age_days needs a bound")
	}
	o := r.Observation
	code, ok := datasets.ObservationByKey(o.Key)
	if !ok || code.Snomed == "" || o.Range.Set() || o.Value != "" || o.WithinDays != 0 || o.OrMissing || o.ForDays != 0 || o.MinReadings != 0 || len(o.Keys) != 0 {
		return nil, fmt.Errorf("observation: a known key alone (the care recorded after the episode)")
	}
	first := models.Date(math.MinInt32) // from_date: episodes before it are not counted
	if r.FromDate != "" {
		t, err := time.Parse("2006-01-02", r.FromDate)
		if err != nil {
			return nil, fmt.Errorf("from_date: %w", err)
		}
		first = models.DateOf(t)
	}
	var settings map[string]bool
	if len(r.Settings) > 0 {
		var err error
		if settings, err = settingsOf(r); err != nil {
			return nil, err
		}
	}
	diagnosedIn := func(v *view, id string) bool { // the episode's diagnosing encounter is of the settings
		for k := range v.encs {
			if e := &v.encs[k]; e.EncounterID == id {
				return settings[e.Setting]
			}
		}
		return false
	}
	cond, within := x.condSet(*r.Condition), models.Date(r.WithinDays)
	recorded := func(v *view, from, by models.Date) bool {
		for k := range v.all {
			if ob := &v.all[k]; ob.SnomedCode == code.Snomed {
				if d := ob.EffectiveTime.Date(); d >= from && d <= by {
					return true
				}
			}
		}
		return false
	}
	return func(v *view, t *tally) {
		for i := range v.conds {
			c := &v.conds[i]
			if !cond.match(c) || c.onset < v.windowStart || c.onset < first {
				continue
			}
			if r.Age != nil && !r.Age.Holds(float64(v.age(c.onset))) {
				continue
			}
			if r.AgeDays != nil && !r.AgeDays.Holds(float64(c.onset-v.p.BirthDate)) { // a baby's (a UTI under 3 months)
				continue
			}
			if settings != nil && (c.diag == "" || !diagnosedIn(v, c.diag)) {
				continue
			}
			if len(r.AdmissionMethods) == 0 {
				by := c.onset + within
				if r.StaysExtend {
					by = lengthenedByStays(v, c.onset, by)
				}
				if by > v.end {
					continue
				}
				t.count(1)
				if !recorded(v, c.onset, by) {
					t.fail(func() string {
						return fmt.Sprintf("%s on %s; no %s by %s", cond.label, c.onset, o.Key, by)
					})
				}
				continue
			}
			for k := range v.encs {
				e := &v.encs[k]
				out := e.EndTime.Date()
				if e.ReasonConditionID != c.id || e.Setting != "inpatient" || !slices.Contains(r.AdmissionMethods, e.AdmissionMethod) || out+within > v.end {
					continue
				}
				t.count(1)
				if !recorded(v, out, out+within) {
					t.fail(func() string {
						return fmt.Sprintf("%s admitted %s to %s; no %s by %s", cond.label, e.StartTime.Date(), out, o.Key, out+within)
					})
				}
			}
		}
	}, nil
}

// lengthenedByStays is the day by, lengthened by the days of each stay in
// hospital (inpatient encounter) that begins from the day from to by: a
// later stay begun inside the lengthened window counts too.
func lengthenedByStays(v *view, from, by models.Date) models.Date {
	counted := make([]bool, len(v.encs))
	for grew := true; grew; {
		grew = false
		for k := range v.encs {
			e := &v.encs[k]
			if in := e.StartTime.Date(); !counted[k] && e.Setting == "inpatient" && in >= from && in <= by {
				counted[k], grew = true, true
				by += e.EndTime.Date() - in + 1
			}
		}
	}
	return by
}

package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// cause_of_death: a death whose underlying cause is one of the causes
// (ICD-10 codes or their leading characters) and that the record does not
// support: the age at death is in `age`, and/or, with `condition`, a
// condition of the set is active at death (mode with: old age beside a
// disease that explains the death) or was never recorded before it (mode
// without: alcoholic cirrhosis with no alcohol history), and/or, with
// `observation`, the latest reading of its key (or keys: the MRC grades, each
// its own code) in its within_days before the death has a value in its
// range (twenty-second review: MRC grade 1-2 before a death from COPD).
// Counts the deaths from those causes (with an observation test, those with
// such a reading).
func compileCauseOfDeath(x *index, r *datasets.Rule) (evalFunc, error) {
	if len(r.Causes) == 0 {
		return nil, fmt.Errorf("causes needs at least one ICD-10 code")
	}
	if r.Age == nil && r.Condition == nil && r.Observation == nil {
		return nil, fmt.Errorf("needs age, condition (with mode), observation, or more than one")
	}
	var slots []int
	if o := r.Observation; o != nil {
		if !o.Range.Set() || o.WithinDays <= 0 || o.Value != "" || o.OrMissing || o.ForDays != 0 || o.MinReadings != 0 {
			return nil, fmt.Errorf("observation: a key (or keys), a value range and within_days")
		}
		for _, k := range append([]string{o.Key}, o.Keys...) {
			if c, ok := datasets.ObservationByKey(k); !ok || c.Snomed == "" {
				return nil, fmt.Errorf("observation: unknown key %q", k)
			}
			slots = append(slots, x.slot(k))
		}
	}
	if (r.Condition != nil) != (r.Mode != "") || (r.Mode != "" && r.Mode != "with" && r.Mode != "without") {
		return nil, fmt.Errorf("a condition needs mode with or without, and mode needs a condition")
	}
	causes, age := r.Causes, r.Age
	var cond condSet
	if r.Condition != nil {
		cond = x.condSet(*r.Condition)
	}
	with := r.Mode == "with"
	return func(v *view, t *tally) {
		d := v.p.DeathDate
		if v.cause == "" || !matchesCause(v.cause, causes) {
			return
		}
		var last reading
		if o := r.Observation; o != nil {
			found := false
			for _, sl := range slots {
				if rd, ok := v.latest(sl, d, o.WithinDays); ok && rd.has && (!found || rd.at > last.at) {
					last, found = rd, true
				}
			}
			if !found {
				return
			}
		}
		t.count(1)
		if age != nil && !age.Holds(float64(v.age(d))) {
			return
		}
		why := fmt.Sprintf("aged %d", v.age(d))
		if o := r.Observation; o != nil {
			if !o.Range.Holds(last.value) {
				return
			}
			why += fmt.Sprintf(", last reading %g on %s", last.value, last.day)
		}
		if r.Condition != nil {
			if with && cond.activeAt(v, d) == nil {
				return
			}
			if !with {
				for i := range v.conds {
					if c := &v.conds[i]; cond.match(c) && c.onset <= d {
						return
					}
				}
				why += ", no " + cond.label + " recorded"
			} else {
				why += ", " + cond.label + " active"
			}
		}
		t.fail(func() string { return fmt.Sprintf("died %s of %s, %s", d, v.cause, why) })
	}, nil
}

// matchesCause reports whether an ICD-10 code is one of the codes or
// begins with one of them (K70 covers K70.3), ignoring a missing point.
func matchesCause(code string, causes []string) bool {
	code = strings.ReplaceAll(code, ".", "")
	for _, c := range causes {
		if strings.HasPrefix(code, strings.ReplaceAll(c, ".", "")) {
			return true
		}
	}
	return false
}

// observation_before_death: a death in the history window of a patient
// with a condition of the set recorded before it (the palliative care
// register); it fails when an observation of the `observations` keys is
// recorded in the within_days before the death (a blood pressure taken in
// the last weeks of life; twenty-first review). Counts those deaths. With
// `settings`, only an observation recorded at an encounter of those
// settings on or after the condition's onset fails: a GP contact's blood
// pressure once the person is on the register (session 49), not a hospital's
// observations nor the GP's before the care began.
func compileObservationBeforeDeath(x *index, r *datasets.Rule) (evalFunc, error) {
	if r.WithinDays <= 0 || len(r.Observations) == 0 {
		return nil, fmt.Errorf("needs observations and a positive within_days")
	}
	codes := map[string]string{}
	for _, k := range r.Observations {
		o, ok := datasets.ObservationByKey(k)
		if !ok || o.Snomed == "" {
			return nil, fmt.Errorf("observation %q has no SNOMED CT code in observation_codes.csv", k)
		}
		codes[o.Snomed] = k
	}
	cond, within := x.condSet(*r.Condition), models.Date(r.WithinDays)
	var settings map[string]bool
	if len(r.Settings) > 0 {
		settings, _ = settingsOf(r)
	}
	return func(v *view, t *tally) {
		d := v.p.DeathDate
		if d == models.NoDate || d < v.windowStart {
			return
		}
		on, from := false, d
		for i := range v.conds {
			if c := &v.conds[i]; cond.match(c) && c.onset <= d {
				on, from = true, min(from, c.onset)
			}
		}
		if !on {
			return
		}
		if settings == nil {
			from = d - within + 1
		}
		t.count(1)
		for i := range v.all {
			ob := &v.all[i]
			k, ok := codes[ob.SnomedCode]
			if !ok || settings != nil && !settings[encounterSetting(v, ob.EncounterID)] {
				continue
			}
			if ob.EffectiveTime.Date() > d-within && ob.EffectiveTime.Date() >= from && ob.EffectiveTime.Date() <= d {
				t.fail(func() string {
					return fmt.Sprintf("died %s on the %s; %s on %s", d, cond.label, k, ob.EffectiveTime.Date())
				})
				return
			}
		}
	}, nil
}

// drug_at_death: a death in the history window of a patient with a
// condition of the set recorded on or before it (the palliative care
// register); it fails when a prescription of the drug set is active on the
// day of death (a thiazide or metformin taken to the end; h55g). Counts
// those deaths.
func compileDrugAtDeath(x *index, r *datasets.Rule) (evalFunc, error) {
	drug, cond := x.drugSet(*r.Drug), x.condSet(*r.Condition)
	return func(v *view, t *tally) {
		d := v.p.DeathDate
		if d == models.NoDate || d < v.windowStart {
			return
		}
		if !slices.ContainsFunc(v.conds, func(c condRow) bool { return cond.match(&c) && c.onset <= d }) {
			return
		}
		t.count(1)
		for i := range v.rx {
			if rx := &v.rx[i]; drug.match(rx) && rx.start <= d && d < rx.until {
				t.fail(func() string {
					return fmt.Sprintf("died %s on the %s with %s from %s", d, cond.label, x.rxName(rx), rx.start)
				})
				return
			}
		}
	}, nil
}

// death_without_contact: a death in the history window whose underlying
// cause is one of the causes (pneumonia, sepsis, a stroke) with no
// encounter of any setting in the within_days before it, or on its day (a
// stay in progress then counts): an acute illness that killed with nobody having seen it
// (twenty-second review). Counts the deaths from those causes.
func compileDeathWithoutContact(_ *index, r *datasets.Rule) (evalFunc, error) {
	if len(r.Causes) == 0 || r.WithinDays <= 0 {
		return nil, fmt.Errorf("needs causes and a positive within_days")
	}
	causes, within := r.Causes, models.Date(r.WithinDays)
	return func(v *view, t *tally) {
		d := v.p.DeathDate
		if d == models.NoDate || d < v.windowStart || v.cause == "" || !matchesCause(v.cause, causes) {
			return
		}
		t.count(1)
		for i := range v.encs {
			if e := &v.encs[i]; e.StartTime.Date() <= d && e.EndTime.Date() >= d-within {
				return // (a stay that began before and ran into them counts)
			}
		}
		t.fail(func() string {
			return fmt.Sprintf("died %s of %s with no encounter in the %d days before", d, v.cause, within)
		})
	}, nil
}

// encounterSetting is the setting of the patient's encounter id ("" when the
// record has none of that id).
func encounterSetting(v *view, id string) string {
	for i := range v.encs {
		if v.encs[i].EncounterID == id {
			return v.encs[i].Setting
		}
	}
	return ""
}

// drug_stopped_before_death: a death in the history window of a patient
// with a condition of the set (the palliative care register) who had a
// prescription of the drug set running on or after its onset; it fails when
// the last of them ended more than within_days before the death and the
// latest reading of the observation up to the stop (within its
// within_days) does not meet its test: an antihypertensive stopped at the
// register entry of someone with months to live, with no fallen blood
// pressure to stop it for (h56a). Counts those deaths.
func compileDrugStoppedBeforeDeath(x *index, r *datasets.Rule) (evalFunc, error) {
	if r.WithinDays <= 0 {
		return nil, fmt.Errorf("needs a positive within_days (the last weeks before death)")
	}
	drug, cond, obs := x.drugSet(*r.Drug), x.condSet(*r.Condition), x.obsTest(*r.Observation)
	if obs.within <= 0 || !obs.tests() || obs.orMissing {
		return nil, fmt.Errorf("observation needs a value test and within_days")
	}
	within := models.Date(r.WithinDays)
	return func(v *view, t *tally) {
		d := v.p.DeathDate
		if d == models.NoDate || d < v.windowStart {
			return
		}
		from := models.NoDate
		for i := range v.conds {
			if c := &v.conds[i]; cond.match(c) && c.onset <= d && (from == models.NoDate || c.onset < from) {
				from = c.onset
			}
		}
		if from == models.NoDate {
			return
		}
		stop := models.NoDate // the day after the last of the set ran
		for i := range v.rx {
			if rx := &v.rx[i]; drug.match(rx) && rx.until > from && rx.start <= d && (stop == models.NoDate || rx.until > stop) {
				stop = rx.until
			}
		}
		if stop == models.NoDate {
			return
		}
		t.count(1)
		if stop > d-within {
			return
		}
		if hit, _, _ := obs.latestMeets(v, stop); hit {
			return // stopped for a fallen reading
		}
		t.fail(func() string {
			return fmt.Sprintf("died %s on the %s from %s; the last of the drugs ended %s, %d days before", d, cond.label, from, stop-1, d-stop+1)
		})
	}, nil
}

// contact_on_death_day: a death in the history window outside hospital
// with an encounter of the settings (a GP practice's) on the day of death
// that neither records the death (an observation of `observations` coded
// at it: the verification of an expected death, the call about an
// unexpected one) nor sees the illness that killed, a problem that began
// within `within_days` before the death (a sepsis seen that morning). A
// review or a routine consultation is not held on the day someone dies
// (h66c: a surgery consultation about hypothyroidism, with a TSH, on the
// afternoon of a death from pneumonia). Counts those deaths.
func compileContactOnDeathDay(_ *index, r *datasets.Rule) (evalFunc, error) {
	if r.WithinDays < 0 || len(r.Observations) == 0 {
		return nil, fmt.Errorf("needs settings, observations (the keys that record a death) and within_days 0 or more")
	}
	var codes []string
	for _, k := range r.Observations {
		c, ok := datasets.ObservationByKey(k)
		if !ok || c.Snomed == "" {
			return nil, fmt.Errorf("observations: unknown key %q", k)
		}
		codes = append(codes, c.Snomed)
	}
	settings, within := r.Settings, models.Date(r.WithinDays)
	return func(v *view, t *tally) {
		d := v.p.DeathDate
		if d == models.NoDate || d < v.windowStart {
			return
		}
		for _, st := range v.stays {
			if st.start.Date() <= d && st.end.Date() >= d {
				return // died in hospital
			}
		}
		t.count(1)
		for i := range v.encs {
			e := &v.encs[i]
			if e.StartTime.Date() != d || !slices.Contains(settings, e.Setting) {
				continue
			}
			if k := slices.IndexFunc(v.conds, func(c condRow) bool { return c.id == e.ReasonConditionID }); k >= 0 && v.conds[k].onset >= d-within {
				continue // the illness that killed, seen that day
			}
			if slices.ContainsFunc(v.all, func(o models.Observation) bool {
				return o.EncounterID == e.EncounterID && codedAs(&o, codes)
			}) {
				continue // what records the death
			}
			t.fail(func() string {
				return fmt.Sprintf("died %s; a %s encounter (%s) that day about %s", d, e.Setting, e.EncounterID, e.ReasonConditionID)
			})
			return
		}
	}, nil
}

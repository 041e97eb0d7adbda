package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// drug_when_observation: a prescription of the drug set issued (start date)
// when the latest reading of the observation within `within_days` before
// meets the test, or when there is none and `or_missing` is set. Counts
// prescriptions issued in the history window: one issued before it (a
// repeat still in force when the record opens) was judged on readings the
// record does not hold. With `age`, only those issued at an age in its
// range (apixaban 5 mg at 80 or more with a weight of 60 kg or less). With
// `started`, only the issues that start the drug (continuesCourse), judged
// on the readings before their day; a test of or_missing alone (was the
// baseline taken?) counts the sample of the visit that starts it too, and
// so does a value test with `same_day` (the review's own potassium, h58c).
// With `unless`, an issue while a condition of that set is active is not
// counted (metformin in gestational diabetes needs no eGFR first, h66e).
func compileDrugWhenObservation(x *index, r *datasets.Rule) (evalFunc, error) {
	drug, obs := x.drugSet(*r.Drug), x.obsTest(*r.Observation)
	if obs.within <= 0 {
		return nil, fmt.Errorf("observation needs within_days (how old a reading may be at the issue date)")
	}
	if !obs.tests() && !obs.orMissing {
		return nil, fmt.Errorf("observation needs a value test (below, above, ...) or or_missing")
	}
	if obs.forDays > 0 || r.Observation.MinReadings > 0 {
		return nil, fmt.Errorf("for_days and min_readings are for condition_vs_observation")
	}
	if err := optionalAge(r); err != nil {
		return nil, err
	}
	age, started, sameDay, unless := r.Age, r.Started, r.SameDay, x.unlessSet(r)
	if sameDay && !started {
		return nil, fmt.Errorf("same_day goes with started")
	}
	var rank map[string]int // raised: the products' dose order
	if r.Raised {
		if started || len(r.Drug.Products) < 2 {
			return nil, fmt.Errorf("raised needs at least two products (lowest dose first) and no started")
		}
		rank = make(map[string]int, len(r.Drug.Products))
		for i, p := range r.Drug.Products {
			rank[p] = i
		}
	}
	return func(v *view, t *tally) {
		for i := range v.rx {
			rx := &v.rx[i]
			if !drug.match(rx) || rx.start < v.windowStart || age != nil && !age.Holds(float64(v.age(rx.start))) {
				continue
			}
			if unless != nil && unless.activeAt(v, rx.start) != nil {
				continue // an indication that excuses it (metformin in gestational diabetes, h66e)
			}
			seen := rx.start
			if rank != nil && !raisesDose(v, drug, rank, rx) {
				continue
			}
			if started {
				if continuesCourse(v, drug, rx) {
					continue
				}
				if obs.tests() && !sameDay {
					seen-- // the blood taken at the visit that starts it is its baseline, resulted after the decision
				} // else (or_missing alone: was the baseline taken?) the sample of the visit counts (nineteenth review)
			}
			var until models.Timestamp
			if rank != nil {
				// a raise is judged on the readings there were to read when the
				// dose was raised: not one taken later that day at another contact
				// (merge60: a pulse of 54 at an outpatient clinic 20 minutes after
				// the GP review that raised bisoprolol on a pulse of 66)
				until = v.contactEnd(rx)
			}
			t.count(1)
			if hit, rd, found := obs.latestMeetsBy(v, seen, until); hit {
				t.fail(func() string {
					return fmt.Sprintf("%s issued %s; %s", x.rxName(rx), rx.start, obs.describe(rd, found))
				})
			}
		}
	}, nil
}

// drug_with_condition, mode with: a prescription of the drug set active at
// any time while a condition of the set is active. Mode without: a
// prescription issued when no condition of the set is active (no
// indication). Mode for: a prescription issued for a condition of the set
// (its condition_id names one: an antibiotic for a cold). Counts
// prescriptions. grace_days (mode without): an issue no more than that many
// days after a condition of the set ended still has it (the last, tapering
// issue of an antidepressant at the review that codes the depression
// resolved; eighteenth review). Mode since: a prescription active at any
// time from the onset of a condition of the set, ended or not (an NSAID
// after an acute kidney injury; twenty-seventh review); with within_days,
// only from the onset to within_days after it (an NSAID in the 90 days
// after a self-poisoning; brief h53c). Mode late: a
// prescription issued for a condition of the set more than within_days
// after its onset (an antiviral for shingles started more than a week after
// the rash; session 48). With started (mode since only), only the issues
// that start the drug (continuesCourse) on or after the onset count: a
// heart failure medicine begun once on the palliative care register, where
// one running before goes on (session 55).
func compileDrugWithCondition(x *index, r *datasets.Rule) (evalFunc, error) {
	forIt, since, late := r.Mode == "for", r.Mode == "since", r.Mode == "late"
	with, err := mode(r)
	if err != nil && !forIt && !since && !late {
		return nil, fmt.Errorf("mode %q: want with, without, for, since or late", r.Mode)
	}
	if late && r.WithinDays <= 0 || r.WithinDays != 0 && !late && !since {
		return nil, fmt.Errorf("within_days (above 0) is for modes late (which needs it) and since")
	}
	started := r.Started
	if started && !since {
		return nil, fmt.Errorf("started is for mode since")
	}
	forIt = forIt || late
	with = with || since
	if (with || forIt) && r.GraceDays != 0 {
		return nil, fmt.Errorf("grace_days is for mode without")
	}
	grace := models.Date(r.GraceDays)
	drug, cond := x.drugSet(*r.Drug), x.condSet(*r.Condition)
	return func(v *view, t *tally) {
		for i := range v.rx {
			rx := &v.rx[i]
			if !drug.match(rx) {
				continue
			}
			t.count(1)
			if forIt {
				if k := slices.IndexFunc(v.conds, func(c condRow) bool { return c.id == rx.cond }); rx.cond != "" && k >= 0 && cond.match(&v.conds[k]) &&
					(!late || rx.start-v.conds[k].onset > models.Date(r.WithinDays)) {
					t.fail(func() string {
						return fmt.Sprintf("%s issued %s for %s (from %s)", x.rxName(rx), rx.start, cond.label, v.conds[k].onset)
					})
				}
				continue
			}
			if !with {
				if cond.activeAt(v, rx.start) == nil && (grace == 0 || cond.activeAt(v, rx.start-grace) == nil) {
					t.fail(func() string {
						return fmt.Sprintf("%s issued %s with no %s", x.rxName(rx), rx.start, cond.label)
					})
				}
				continue
			}
			if started && continuesCourse(v, drug, rx) {
				continue
			}
			for j := range v.conds {
				c := &v.conds[j]
				if started && rx.start < c.onset {
					continue
				}
				if cond.match(c) && c.onset < rx.until && (since || rx.start < c.until) && (!since || r.WithinDays == 0 || rx.start < c.onset+models.Date(r.WithinDays)) {
					t.fail(func() string {
						if since {
							return fmt.Sprintf("%s from %s, after %s on %s", x.rxName(rx), rx.start, cond.label, c.onset)
						}
						return fmt.Sprintf("%s from %s while %s (from %s)", x.rxName(rx), rx.start, cond.label, c.onset)
					})
					break
				}
			}
		}
	}, nil
}

// drug_age: a prescription of the drug set issued at an age (whole years at
// the start date) within `age`, unless a condition of `unless` is active
// then. With `started`, only the issues that start the drug
// (continuesCourse): amitriptyline started at 75 or over, where a course
// begun younger goes on (nineteenth review). With `sex`, only the
// prescriptions of patients of that sex are read (HRT issued to a man,
// session 48). Counts prescriptions.
func compileDrugAge(x *index, r *datasets.Rule) (evalFunc, error) {
	if !r.Age.Set() {
		return nil, fmt.Errorf("age needs a bound (below, at_least, ...)")
	}
	if r.Sex != "" && r.Sex != "female" && r.Sex != "male" {
		return nil, fmt.Errorf("sex must be female or male")
	}
	drug, age, unless, started, sex := x.drugSet(*r.Drug), *r.Age, x.unlessSet(r), r.Started, r.Sex
	return func(v *view, t *tally) {
		if sex != "" && v.p.Sex != sex {
			return
		}
		for i := range v.rx {
			rx := &v.rx[i]
			// started: a repeat in force as the record opens (no encounter,
			// from the window's first day) began before the record, at an age
			// it does not show (brief h60g: fluoxetine begun at 72, in force
			// at 80 when the record opened)
			if !drug.match(rx) || started && (rx.enc == "" && rx.start <= v.windowStart || continuesCourse(v, drug, rx)) {
				continue
			}
			t.count(1)
			a := v.age(rx.start)
			if !age.Holds(float64(a)) || (unless != nil && unless.activeAt(v, rx.start) != nil) {
				continue
			}
			t.fail(func() string {
				return fmt.Sprintf("%s issued %s at age %d (%d days old)", x.rxName(rx), rx.start, a, rx.start-v.p.BirthDate)
			})
		}
	}, nil
}

// drug_duration: a prescription of the drug set whose supply runs longer
// than within_days, from its start to its last day; one with no end runs
// on. A course the medicine must never outlast: chlordiazepoxide for an
// alcohol withdrawal beyond 14 days (brief h61f). With a condition set,
// only the prescriptions issued for one of its conditions (condition_id);
// with to_last_contact, one with no end runs to the patient's last contact
// in the record: a repeat authorised for more than within_days without a
// review (a DVT's anticoagulant kept on for years; brief h68a). Counts
// prescriptions.
func compileDrugDuration(x *index, r *datasets.Rule) (evalFunc, error) {
	if r.WithinDays <= 0 {
		return nil, fmt.Errorf("within_days must be above 0")
	}
	drug, most := x.drugSet(*r.Drug), models.Date(r.WithinDays)
	var cond *condSet
	if r.Condition != nil {
		c := x.condSet(*r.Condition)
		cond = &c
	}
	return func(v *view, t *tally) {
		last := models.Date(0) // the last contact's day, for to_last_contact
		if r.ToLastContact {
			for i := range v.encs {
				last = max(last, v.encs[i].StartTime.Date())
			}
		}
		for i := range v.rx {
			rx := &v.rx[i]
			if !drug.match(rx) {
				continue
			}
			if cond != nil {
				if k := slices.IndexFunc(v.conds, func(c condRow) bool { return c.id == rx.cond }); rx.cond == "" || k < 0 || !cond.match(&v.conds[k]) {
					continue
				}
			}
			t.count(1)
			until := rx.until
			if r.ToLastContact && until == forever {
				until = max(rx.start, last) + 1
			}
			if until-rx.start <= most {
				continue
			}
			t.fail(func() string {
				if r.ToLastContact && rx.until == forever {
					return fmt.Sprintf("%s issued %s, still in force %d days later with no review", x.rxName(rx), rx.start, until-rx.start)
				}
				if rx.until == forever {
					return fmt.Sprintf("%s issued %s with no end", x.rxName(rx), rx.start)
				}
				return fmt.Sprintf("%s issued %s for %d days", x.rxName(rx), rx.start, rx.until-rx.start)
			})
		}
	}, nil
}

// unlessSet is a rule's optional `unless` condition set (an indication that
// excuses it), nil when the rule has none.
func (x *index) unlessSet(r *datasets.Rule) *condSet {
	if r.Unless == nil {
		return nil
	}
	u := x.condSet(*r.Unless)
	return &u
}

// rxName names a prescription in an example: the medicine and its form.
func (x *index) rxName(rx *rxRow) string {
	if rx.med < 0 {
		return "product " + rx.product
	}
	if g, ok := datasets.RegimenByDMD(rx.product); ok {
		return g.Name
	}
	return x.medKeys[rx.med]
}

// first_drug: a patient whose first prescription of the first drug set was
// issued while a condition of the set was active, when every prescription of
// that set issued on that first day is also in the second set (a
// calcium-channel blocker alone as the first antihypertensive in type 2
// diabetes). Counts patients.
func compileFirstDrug(x *index, r *datasets.Rule) (evalFunc, error) {
	if len(r.Drugs) != 2 {
		return nil, fmt.Errorf("drugs needs two sets: the class whose first issue is read, and the choice that breaks the rule")
	}
	class, wrong, cond := x.drugSet(r.Drugs[0]), x.drugSet(r.Drugs[1]), x.condSet(*r.Condition)
	return func(v *view, t *tally) {
		first := models.NoDate
		for i := range v.rx {
			if rx := &v.rx[i]; class.match(rx) && (first == models.NoDate || rx.start < first) {
				first = rx.start
			}
		}
		if first == models.NoDate || first < v.windowStart || cond.activeAt(v, first) == nil {
			return
		}
		t.count(1)
		var name string
		for i := range v.rx {
			if rx := &v.rx[i]; class.match(rx) && rx.start == first {
				if !wrong.match(rx) {
					return
				}
				name = x.rxName(rx)
			}
		}
		t.fail(func() string {
			return fmt.Sprintf("first %s: %s issued %s with %s", class.label, name, first, cond.label)
		})
	}, nil
}

// restartGapDays: an issue of a drug set within this many days of an
// earlier one running out continues its course (a repeat collected late);
// after a longer gap it starts the drug again. Days in hospital do not
// count: the ward supplies the patient's medicines, and the practice issues
// the next repeat after discharge (a repeat that ran out during a six-week
// stay for a broken hip continues afterwards).
const restartGapDays = 28

// continuesCourse reports whether another prescription of the drug set was
// active in the restartGapDays out of hospital before rx starts.
func continuesCourse(v *view, drug drugSet, rx *rxRow) bool {
	for j := range v.rx {
		o := &v.rx[j]
		if o != rx && drug.match(o) && o.start < rx.start && o.until+v.inHospital(o.until, rx.start) >= rx.start-restartGapDays {
			return true
		}
	}
	return false
}

// raisesDose reports whether issue rx raises the dose: the latest issue of
// the set before it, running to within restartGapDays of its start, is of
// a product ranked lower.
func raisesDose(v *view, drug drugSet, rank map[string]int, rx *rxRow) bool {
	var prev *rxRow
	for j := range v.rx {
		o := &v.rx[j]
		if o != rx && drug.match(o) && o.start < rx.start && o.until+v.inHospital(o.until, rx.start) >= rx.start-restartGapDays && (prev == nil || o.start > prev.start) {
			prev = o
		}
	}
	return prev != nil && rank[prev.product] < rank[rx.product]
}

// inHospital is the number of days from day from to the day before day to
// on which the patient was in an inpatient stay.
func (v *view) inHospital(from, to models.Date) models.Date {
	n := models.Date(0)
	for _, s := range v.stays {
		if a, b := max(from, s.start.Date()), min(to, s.end.Date()+1); b > a {
			n += b - a
		}
	}
	return n
}

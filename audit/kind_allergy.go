package audit

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// drug_after_allergy: a prescription of the drug set issued (start date) on
// or after the onset of an allergy-list entry of the set. The onset is the
// only date the allergies table has, so it stands for the day the entry was
// recorded: from then on the prescriber is warned. A course issued before
// the entry and still running on its day is not counted (it may well be the
// course that caused the reaction). Counts prescriptions.
func compileDrugAfterAllergy(x *index, r *datasets.Rule) (evalFunc, error) {
	drug := x.drugSet(*r.Drug)
	keys := slices.Clone(r.Allergy.Keys)
	return func(v *view, t *tally) {
		for i := range v.rx {
			rx := &v.rx[i]
			if !drug.match(rx) {
				continue
			}
			t.count(1)
			if a := firstAllergy(v.alls, keys, rx.start); a != nil {
				t.fail(func() string {
					return fmt.Sprintf("%s issued %s; %s recorded %s", x.rxName(rx), rx.start, a.Description, a.OnsetDate)
				})
			}
		}
	}, nil
}

// firstAllergy returns the first entry of the list with one of the keys
// recorded on or before d, or nil.
func firstAllergy(alls []models.Allergy, keys []string, d models.Date) *models.Allergy {
	for i := range alls {
		if a := &alls[i]; a.OnsetDate <= d && slices.Contains(keys, a.AllergyKey) {
			return a
		}
	}
	return nil
}

// drug_after_recorded: a prescription of the drug set issued (start date) on
// or after the day an observation with one of the `recorded` SNOMED CT codes,
// as its code or coded value, is on the record: the record says the class is
// contraindicated, then issues it ("ACE inhibitors contraindicated" and
// ramipril after a heart attack). A course issued before the code is not
// counted. With `observation` (a key and a value test), a reading that
// meets it, taken after the latest code and by the issue date, lifts it:
// the potassium back below 5.0 at which the ACE inhibitor stopped for
// hyperkalaemia is re-challenged, and titrated after. Counts prescriptions.
func compileDrugAfterRecorded(x *index, r *datasets.Rule) (evalFunc, error) {
	drug := x.drugSet(*r.Drug)
	codes := slices.Clone(r.Recorded)
	var lift *obsTest
	if r.Observation != nil {
		o := x.obsTest(*r.Observation)
		if !o.tests() || o.within > 0 || o.orMissing {
			return nil, fmt.Errorf("observation (what lifts the code) needs a value test and no within_days or or_missing")
		}
		lift = &o
	}
	return func(v *view, t *tally) {
		for i := range v.rx {
			rx := &v.rx[i]
			if !drug.match(rx) {
				continue
			}
			t.count(1)
			o := firstRecorded(v, codes, rx.start)
			if o != nil && lift != nil && liftedSince(v, lift, lastRecorded(v, codes, rx.start), rx.start) {
				o = nil
			}
			if o != nil {
				t.fail(func() string {
					return fmt.Sprintf("%s issued %s; %s recorded %s", x.rxName(rx), rx.start, cmp.Or(o.ValueDisplay, o.Description), o.EffectiveTime.Date())
				})
			}
		}
	}, nil
}

// firstRecorded returns an observation with one of the codes, as its code
// or coded value, recorded on or before day d, or nil.
func firstRecorded(v *view, codes []string, d models.Date) *models.Observation {
	for i := range v.all {
		if o := &v.all[i]; o.EffectiveTime.Date() <= d && codedAs(o, codes) {
			return o
		}
	}
	return nil
}

// lastRecorded returns the latest observation with one of the codes, as its
// code or coded value, recorded on or before day d, or nil.
func lastRecorded(v *view, codes []string, d models.Date) *models.Observation {
	var last *models.Observation
	for i := range v.all {
		if o := &v.all[i]; o.EffectiveTime.Date() <= d && codedAs(o, codes) && (last == nil || o.EffectiveTime > last.EffectiveTime) {
			last = o
		}
	}
	return last
}

// liftedSince reports whether a reading meeting test t was taken after
// observation o's day and on or before day d.
func liftedSince(v *view, t *obsTest, o *models.Observation, d models.Date) bool {
	for _, rd := range v.obs[t.slot] {
		if rd.day > o.EffectiveTime.Date() && rd.day <= d && t.meets(rd) {
			return true
		}
	}
	return false
}

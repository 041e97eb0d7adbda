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
// counted. Counts prescriptions.
func compileDrugAfterRecorded(x *index, r *datasets.Rule) (evalFunc, error) {
	drug := x.drugSet(*r.Drug)
	codes := slices.Clone(r.Recorded)
	return func(v *view, t *tally) {
		for i := range v.rx {
			rx := &v.rx[i]
			if !drug.match(rx) {
				continue
			}
			t.count(1)
			if o := firstRecorded(v, codes, rx.start); o != nil {
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
		if o := &v.all[i]; o.EffectiveTime.Date() <= d && (slices.Contains(codes, o.ValueCode) || slices.Contains(codes, o.SnomedCode)) {
			return o
		}
	}
	return nil
}

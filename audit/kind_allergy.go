package audit

import (
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

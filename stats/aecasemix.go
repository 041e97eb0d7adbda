package stats

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

type aeEncounterRow struct {
	PatientID         string           `parquet:"patient_id"`
	Setting           string           `parquet:"setting"`
	StartTime         models.Timestamp `parquet:"start_time,timestamp(microsecond:utc)"`
	ReasonConditionID string           `parquet:"reason_condition_id,optional"`
}

type reasonKeyRow struct {
	ConditionID  string `parquet:"condition_id"`
	ConditionKey string `parquet:"condition_key"`
}

// aeCaseMixFigures compares the share of A&E attendances in the history
// window at each target's ages whose reason is the target's presentation
// with the published share (catalogue ae_case_mix). Shown, not checked: a
// share depends on the population's age mix and on what else it has; the
// generator's tests check the verified ones on an England-like population.
func aeCaseMixFigures(rep *Report, cat *datasets.Catalogue, dir string, people map[string]*person, opts Options) error {
	mix := cat.AECaseMix
	if len(mix) == 0 {
		return nil
	}
	wanted := map[string]bool{}
	for _, t := range mix {
		wanted[t.Key] = true
	}
	keyOf := map[string]string{} // only the conditions the targets name
	if err := eachRow(dir, models.TableConditions, func(r *reasonKeyRow) {
		if wanted[r.ConditionKey] {
			keyOf[r.ConditionID] = r.ConditionKey
		}
	}); err != nil {
		return err
	}
	with, all := make([]int64, len(mix)), make([]int64, len(mix))
	err := eachRow(dir, models.TableEncounters, func(r *aeEncounterRow) {
		p := people[r.PatientID]
		if p == nil || r.Setting != "ae" {
			return
		}
		d := r.StartTime.Date()
		if from, to := window(p, opts); d < from || d > to {
			return
		}
		age, key := ageAt(p, d), keyOf[r.ReasonConditionID]
		for i, t := range mix {
			if age >= t.MinAge && age <= t.MaxAge {
				all[i]++
				if key == t.Key {
					with[i]++
				}
			}
		}
	})
	if err != nil {
		return err
	}
	for i, t := range mix {
		ages := agesLabel(t.MinAge, t.MaxAge)
		if t.MinAge == 0 && t.MaxAge >= noUpperAge {
			ages = "all ages"
		}
		rep.add(Figure{Group: "emergency case mix", Name: fmt.Sprintf("%s, share of A&E attendances, %s", t.Key, ages),
			Unit: "%", Value: 100 * float64(with[i]) / float64(max(all[i], 1)), Reference: t.Percent,
			SE: percentSE(with[i], all[i]), N: with[i], Tolerance: tolIf(with[i], t.Tolerance), Advisory: true,
			Status: t.Status, Source: t.Source, Note: aeCaseMixNote})
	}
	return nil
}

// aeCaseMixNote is why the A&E shares are shown, not checked.
const aeCaseMixNote = "shown: a published share for England's age mix and case mix (one hospital or several countries for some), not standardised to this population's"

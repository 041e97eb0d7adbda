package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
)

// encounter_outside_hours: an encounter of `settings` and `classes` whose
// start, in UK local time, is outside `hours` (a GP home visit at 02:00
// with no out-of-hours service modelled; h60f), or, with `working_days`,
// on a day the practice is closed (a weekend or an English bank holiday,
// by the generator's own calendar). Counts encounters.
func compileEncounterOutsideHours(_ *index, r *datasets.Rule) (evalFunc, error) {
	settings, err := settingsOf(r)
	if err != nil {
		return nil, err
	}
	hoursSet := r.Hours != nil && r.Hours.Set()
	if len(r.Classes) == 0 || !hoursSet && !r.WorkingDays {
		return nil, fmt.Errorf("classes, and hours (a range of local hours) or working_days, are needed")
	}
	return func(v *view, t *tally) {
		for i := range v.encs {
			e := &v.encs[i]
			if !settings[e.Setting] || !slices.Contains(r.Classes, e.Class) {
				continue
			}
			t.count(1)
			local := generator.UKLocal(e.StartTime) // the generator's UK clock
			h := float64(local.Hour()) + float64(local.Minute())/60
			day := models.DateFromYMD(local.Year(), local.Month(), local.Day())
			if hoursSet && !r.Hours.Holds(h) || r.WorkingDays && generator.PracticeClosed(day) {
				t.fail(func() string {
					return fmt.Sprintf("%s %s encounter at %s local time (%s)", e.Setting, e.Class, local.Format("2006-01-02 15:04"), local.Weekday())
				})
			}
		}
	}, nil
}

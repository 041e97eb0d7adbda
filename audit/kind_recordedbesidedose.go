package audit

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// recorded_beside_dose: an observation with one of the `recorded` SNOMED CT
// codes (a vaccine declined, as its code or coded value) recorded within
// `within_days` before or after an immunisation of `programmes`: "Influenza
// vaccination declined" in the season its dose was given, which a GP reads
// as a record that contradicts itself (brief h74h: a pregnancy's flu dose
// beside the season's decline). Counts the coded observations.
func compileRecordedBesideDose(_ *index, r *datasets.Rule) (evalFunc, error) {
	if len(r.Programmes) == 0 || r.WithinDays <= 0 {
		return nil, fmt.Errorf("programmes needs at least one programme, within_days a window above zero")
	}
	codes, progs, within := slices.Clone(r.Recorded), slices.Clone(r.Programmes), models.Date(r.WithinDays)
	return func(v *view, t *tally) {
		for i := range v.all {
			o := &v.all[i]
			if !codedAs(o, codes) {
				continue
			}
			t.count(1)
			d := o.EffectiveTime.Date()
			for k := range v.imms {
				m := &v.imms[k]
				if g := m.OccurrenceTime.Date(); slices.Contains(progs, m.Programme) && g >= d-within && g <= d+within {
					t.fail(func() string {
						return fmt.Sprintf("%s recorded %s; %s dose %d given %s", cmp.Or(o.ValueDisplay, o.Description), d, m.VaccineKey, m.DoseNumber, g)
					})
					break
				}
			}
		}
	}, nil
}

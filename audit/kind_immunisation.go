package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// immunisation_interval: an immunisation of one of `programmes` given
// fewer than `within_days` days after the patient's dose before it of the
// same vaccine (in those programmes): a childhood 6-in-1 dose the day after
// the one before, when the Green Book asks for four weeks between them
// (h61a). Counts the doses of the programmes.
func compileImmunisationInterval(_ *index, r *datasets.Rule) (evalFunc, error) {
	if len(r.Programmes) == 0 || r.WithinDays <= 0 {
		return nil, fmt.Errorf("programmes needs at least one programme, within_days a least interval above zero")
	}
	progs, gap := slices.Clone(r.Programmes), models.Date(r.WithinDays)
	return func(v *view, t *tally) {
		for i := range v.imms {
			m := &v.imms[i]
			if !slices.Contains(progs, m.Programme) {
				continue
			}
			t.count(1)
			// the dose before: the latest earlier one of the vaccine (a
			// record lists each course in turn, not in time order)
			var prev *models.Immunisation
			for j := range v.imms {
				o := &v.imms[j]
				if j != i && o.VaccineKey == m.VaccineKey && slices.Contains(progs, o.Programme) &&
					(o.OccurrenceTime < m.OccurrenceTime || o.OccurrenceTime == m.OccurrenceTime && j < i) &&
					(prev == nil || o.OccurrenceTime > prev.OccurrenceTime) {
					prev = o
				}
			}
			if prev == nil {
				continue
			}
			if d, p := m.OccurrenceTime.Date(), prev.OccurrenceTime.Date(); d-p < gap {
				t.fail(func() string {
					return fmt.Sprintf("%s dose %d on %s, %d days after dose %d on %s", m.VaccineKey, m.DoseNumber, d, d-p, prev.DoseNumber, p)
				})
			}
		}
	}, nil
}

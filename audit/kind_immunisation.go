package audit

import (
	"fmt"
	"math"
	"slices"
	"time"

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

// immunisation_point: a child whose record reaches `by_age_days` (5 years)
// with a schedule point (a due age of `point_days`, inside the record:
// registered by then, in the history window, from `from_date`, the
// schedule's start) at which neither a dose of `programmes` nor a coded
// reason (`observation`: not attended, consent not given) is recorded in
// the `within_days` from its due age (h69a: Green Book chapter 11, each
// due immunisation given or its reason coded). Counts the points.
func compileImmunisationPoint(_ *index, r *datasets.Rule) (evalFunc, error) {
	if len(r.Programmes) == 0 || len(r.PointDays) == 0 || r.WithinDays <= 0 || r.ByAgeDays <= 0 || r.Observation == nil {
		return nil, fmt.Errorf("needs programmes, point_days, within_days and by_age_days above zero, and observation (the reasons)")
	}
	reasons := map[string]bool{}
	for _, key := range append([]string{r.Observation.Key}, r.Observation.Keys...) {
		o, ok := datasets.ObservationByKey(key)
		if !ok || o.Snomed == "" {
			return nil, fmt.Errorf("observation %q has no SNOMED CT code in observation_codes.csv", key)
		}
		reasons[o.Snomed] = true
	}
	from := models.Date(math.MinInt32) // from_date: points due before it are not counted
	if r.FromDate != "" {
		d, err := time.Parse("2006-01-02", r.FromDate)
		if err != nil {
			return nil, fmt.Errorf("from_date: %w", err)
		}
		from = models.DateOf(d)
	}
	progs, points, within, by := slices.Clone(r.Programmes), slices.Clone(r.PointDays), models.Date(r.WithinDays), models.Date(r.ByAgeDays)
	return func(v *view, t *tally) {
		b := v.p.BirthDate
		if b+by > v.end {
			return // not yet 5, or died before
		}
		for _, age := range points {
			due := b + models.Date(age)
			if due < from || due < v.windowStart || due < v.p.RegistrationDate {
				continue // before the schedule, or outside the record
			}
			t.count(1)
			in := func(d models.Date) bool { return d >= due && d <= due+within }
			found := slices.ContainsFunc(v.imms, func(m models.Immunisation) bool {
				return slices.Contains(progs, m.Programme) && in(m.OccurrenceTime.Date())
			})
			found = found || slices.ContainsFunc(v.all, func(o models.Observation) bool {
				return reasons[o.SnomedCode] && in(o.EffectiveTime.Date())
			})
			if !found {
				t.fail(func() string {
					return fmt.Sprintf("no dose and no reason in the %d days from the point due at %d days (%s)", within, age, due)
				})
			}
		}
	}, nil
}

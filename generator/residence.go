package generator

import (
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Residence (brief h58e, issue 9): a GP review found the severely frail and
// the very old still coming to the surgery, at any hour, with no care home
// or housebound status anywhere in the record. Catalogue residence holds the
// shares; this file draws who it comes to and when, and codes it.

// planResidence draws, once the death is planned, whether the person comes
// to live in a care home or becomes housebound, and from which day
// (per.atHomeFrom): from then their GP consultations are home visits
// (seenAtHome). A stream of its own keeps every other draw unchanged.
func (w *worker) planResidence(per *person) {
	per.atHomeFrom, per.atHomeCode = 0, ""
	r := w.plan.Cat.Residence
	if r == nil {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeResidence)
	u := s.Float64()
	care, home := r.CareHome.Female, r.Housebound.Female
	if per.sex == sexIndex("male") {
		care, home = r.CareHome.Male, r.Housebound.Male
	}
	code, from := "", models.Date(math.MaxInt32) // none yet
	switch {
	case u < care:
		code = r.CareHome.Observation
	case u < care+home:
		code = r.Housebound.Observation
	}
	if code != "" {
		years := r.WithinYears[0] + s.IntN(r.WithinYears[1]-r.WithinYears[0]+1)
		from = per.birth + models.Date(float64(r.FromAge)*365.25) + models.Date(years*365+s.IntN(365))
	}
	if fc, ff, ok := w.frailResidence(per); ok && ff < from {
		code, from = fc, ff
	}
	if code == "" || from > per.lastDay || per.death != models.NoDate && from >= per.death {
		return // not reached in life
	}
	per.atHomeFrom, per.atHomeCode = max(from, per.firstDay), code
}

// frailResidence draws the status severe frailty brings (catalogue
// residence frail): from the first onset of one of its conditions (a
// dementia held, the severe frailty coded before a death from old age) at
// its age or over, within its years, for its shares. It returns the
// status's observation and first day, and whether it comes. A stream of its
// own keeps the age-alone draw unchanged.
func (w *worker) frailResidence(per *person) (string, models.Date, bool) {
	r := w.plan.Cat.Residence
	f := r.Frail
	if f == nil {
		return "", 0, false
	}
	onset := models.Date(math.MaxInt32) // none yet
	for ci := range per.conds {
		if c := &per.conds[ci]; slices.Contains(f.Conditions, c.plan.Key) {
			onset = min(onset, c.onset)
		}
	}
	for i := per.condFrom; i < len(w.b.Conditions); i++ { // a background cause's diagnosis (old age's severe frailty)
		if c := &w.b.Conditions[i]; slices.Contains(f.Conditions, c.ConditionKey) {
			onset = min(onset, c.OnsetDate)
		}
	}
	if onset == math.MaxInt32 {
		return "", 0, false
	}
	s := per.stream(w.plan.Opts.Seed, purposeResidence, 1)
	u := s.Float64()
	care, home := f.CareHome.Female, f.Housebound.Female
	if per.sex == sexIndex("male") {
		care, home = f.CareHome.Male, f.Housebound.Male
	}
	code := ""
	switch {
	case u < care:
		code = r.CareHome.Observation
	case u < care+home:
		code = r.Housebound.Observation
	default:
		return "", 0, false
	}
	lo, hi := f.WithinYears[0]*365, f.WithinYears[1]*365
	from := max(onset, per.birth+models.Date(float64(f.FromAge)*365.25)) + models.Date(lo+s.IntN(hi-lo+1))
	return code, from, true
}

// residenceStatus codes the person's status (care home or housebound) at the
// first GP contact at home (a home visit or a review there) on or after the
// day it began: the visit that found it.
func (w *worker) residenceStatus(per *person) {
	if per.atHomeFrom == 0 {
		return
	}
	code, ok := datasets.ObservationByKey(per.atHomeCode)
	if !ok {
		return
	}
	first := -1
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		enc := &w.b.Encounters[e]
		if w.plan.atHome(enc) && enc.StartTime.Date() >= per.atHomeFrom && (first < 0 || enc.StartTime < w.b.Encounters[first].StartTime) {
			first = e
		}
	}
	if first < 0 {
		return
	}
	enc := &w.b.Encounters[first]
	w.b.Observations = append(w.b.Observations, w.observation(per, enc.EncounterID, enc.StartTime.AddMinutes(2), &code))
}

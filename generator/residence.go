package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
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
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeResidence)
	u := s.Float64()
	care, home := r.CareHome.Female, r.Housebound.Female
	if per.sex == sexIndex("male") {
		care, home = r.CareHome.Male, r.Housebound.Male
	}
	code := ""
	switch {
	case u < care:
		code = r.CareHome.Observation
	case u < care+home:
		code = r.Housebound.Observation
	default:
		return
	}
	years := r.WithinYears[0] + s.IntN(r.WithinYears[1]-r.WithinYears[0]+1)
	from := per.birth + models.Date(float64(r.FromAge)*365.25) + models.Date(years*365+s.IntN(365))
	if from > per.lastDay || per.death != models.NoDate && from >= per.death {
		return // not reached in life
	}
	per.atHomeFrom, per.atHomeCode = max(from, per.firstDay), code
}

// residenceStatus codes the person's status (care home or housebound) at the
// first GP home visit on or after the day it began: the visit that found it.
func (w *worker) residenceStatus(per *person) {
	if per.atHomeFrom == 0 {
		return
	}
	code, ok := datasets.ObservationByKey(per.atHomeCode)
	if !ok {
		return
	}
	home := w.plan.encTypes[encGPHomeVisit].Code
	first := -1
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		enc := &w.b.Encounters[e]
		if enc.TypeCode == home && enc.StartTime.Date() >= per.atHomeFrom && (first < 0 || enc.StartTime < w.b.Encounters[first].StartTime) {
			first = e
		}
	}
	if first < 0 {
		return
	}
	enc := &w.b.Encounters[first]
	w.b.Observations = append(w.b.Observations, w.observation(per, enc.EncounterID, enc.StartTime.AddMinutes(2), &code))
}

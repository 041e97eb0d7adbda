package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Sepsis is assessed at A&E and on the ward with the vital signs NICE NG51
// asks for and, in adults, the NEWS2 score (catalogue sepsis_vitals;
// twenty-sixth review). Before, a GP read sepsis at A&E and on admission
// with no observation at all.

// sepsisPlan is the catalogue's sepsis_vitals resolved to observation slots.
type sepsisPlan struct {
	*datasets.SepsisVitals
	slots     []int                    // per reading
	score     datasets.ObservationCode // the NEWS2 total
	confusion datasets.ObservationCode // new confusion (ACVPU C)
	oxygen    datasets.ObservationCode // supplemental oxygen
	oxygenAt  int                      // the reading oxygen is given on (a saturation)
	tests     []datasets.ObservationCode
}

// buildSepsisVitals resolves the catalogue's sepsis vitals (checked on load).
func (p *Plan) buildSepsisVitals() {
	sv := p.Cat.SepsisVitals
	if sv == nil {
		return
	}
	sp := &sepsisPlan{SepsisVitals: sv}
	for _, r := range sv.Readings {
		sp.slots = append(sp.slots, p.obsIndex[r.Observation])
	}
	sp.score, _ = datasets.ObservationByKey(sv.Score.Observation)
	sp.confusion, _ = datasets.ObservationByKey(sv.Consciousness.Observation)
	sp.oxygen, _ = datasets.ObservationByKey(sv.Oxygen.Observation)
	sp.oxygenAt = slices.IndexFunc(sv.Readings, func(r datasets.SepsisReading) bool { return r.Observation == sv.Oxygen.Reading })
	for _, t := range sv.Tests {
		code, _ := datasets.ObservationByKey(t.Observation)
		sp.tests = append(sp.tests, code)
	}
	p.sepsis = sp
}

// measures reports whether the sepsis vitals take the readings at an
// encounter in setting about problem key: the contact readings leave those
// contacts to them (a feverish child's temperature is not written twice).
func (sp *sepsisPlan) measures(setting, key string) bool {
	return sp != nil && slices.Contains(sp.Settings, setting) && slices.Contains(sp.Problems, key)
}

// diesOfSepsis reports whether the person dies of one of the sepsis
// problems within the catalogue's days of day d.
func (w *worker) diesOfSepsis(per *person, d models.Date) bool {
	sp := w.plan.sepsis
	if per.death == models.NoDate || per.death < d || int(per.death-d) > sp.Severity.DyingDays || per.causeBackground < 0 {
		return false
	}
	return slices.Contains(sp.Problems, w.plan.Cat.BackgroundCauses[per.causeBackground].RowKey())
}

package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// resolveStoresCare resolves the test for the cause of empty stores and the
// recheck's slots (anaemia.yaml treat; brief h57d).
func (p *Plan) resolveStoresCare(tr *datasets.FerritinTreat) error {
	p.anaemia.storesTest = -1
	if tr == nil {
		return nil
	}
	if iv := tr.Investigate; iv != nil {
		slot, ok := p.obsIndex[iv.Observation]
		if !ok || p.obsModels[slot] == nil {
			return fmt.Errorf("anaemia.yaml: treat investigate %q is not a numeric observation of the catalogue", iv.Observation)
		}
		p.anaemia.storesTest = slot
	}
	if rc := tr.Recheck; rc != nil {
		for _, k := range rc.Observations {
			slot, ok := p.obsIndex[k]
			if !ok || p.obsModels[slot] == nil {
				return fmt.Errorf("anaemia.yaml: treat recheck %q is not a numeric observation of the catalogue", k)
			}
			p.anaemia.storesRecheck = append(p.anaemia.storesRecheck, slot)
		}
	}
	return nil
}

// Iron for empty stores (anaemia.yaml iron_deficiency.treat; brief h52e).
// A ferritin below the level with a normal haemoglobin (non-anaemic iron
// deficiency, nearly always a woman with tiredness) was read and nothing
// followed: 148 people with a ferritin below 15 never had iron (generate -n
// 20000 -s 5). Now it starts the low haemoglobin's oral iron at the same
// contact, for the contact's problem. An anaemic count at the contact is
// answered by answerLowHaemoglobin, which starts the iron, codes the anaemia
// and repeats the count; a ferritin read inside that answer (the add-on of
// confirmferritin.go) or at its repeat is left to it. The course raises no
// haemoglobin (ironCourse.stores); within an iron deficiency episode it
// corrects the episode as any course does. It draws from a stream of its
// own, so no other draw moves.

// treatLowFerritin starts iron for a ferritin v recorded at encounter encID
// at t, below the treat level, when no iron runs and the contact holds no
// anaemic count.
func (w *worker) treatLowFerritin(per *person, encID string, t models.Timestamp, v float64) {
	a := &w.plan.anaemia
	tr := a.deficiency.Treat
	d := t.Date()
	if tr == nil || v >= tr.Below || w.anaemiaAnswering || w.anaemiaRechecking || d < per.firstDay ||
		onIron(per, d) || per.inEndOfLifeCare(d) || w.anaemicAt(per, encID) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeIronStores, uint64(d))
	n := len(w.b.Prescriptions)
	problem := w.bloodsProblem // a practice blood test after a call is about no problem: the episode's
	if w.storesRechecking {
		problem = w.storesProblem // the recheck is about no problem: the first course's
	}
	if problem == "" {
		problem = w.reasonOf(per, encID)
	}
	w.shortCourse(per, &a.iron, encID, problem, d, d+models.Date(a.Problem.Days), &s)
	if len(w.b.Prescriptions) > n {
		per.iron = append(per.iron, ironCourse{from: d, to: d + models.Date(a.iron.Days) - 1, stores: true})
		if !w.storesRechecking { // a recheck still low has a second course, not a second recheck
			w.investigateStores(per, encID, problem, t) // after the course's draws: they stay as they were
			w.recheckStores(per, d, problem, &s)
		}
	}
}

// investigateStores records, at the contact that starts iron for empty
// stores, the test for their cause in a man or a woman past the menopause
// (anaemia.yaml treat investigate; brief h57d): a FIT, read below its level
// (no bleeding found; a cancer's own FIT comes with its route). Not taken
// twice at the contact, nor when the episode was fast-tracked already.
func (w *worker) investigateStores(per *person, encID, problem string, t models.Timestamp) {
	w.ironDeficiencyFIT(per, encID, problem, t, purposeStoresWorkUp)
}

// ironDeficiencyFIT records the FIT for the cause of an iron deficiency at
// contact encID (anaemia.yaml treat investigate): the empty stores' and,
// since brief h70b, an iron deficiency anaemia's under 60. Its draws come
// from the stream of purpose.
func (w *worker) ironDeficiencyFIT(per *person, encID, problem string, t models.Timestamp, purpose uint64) {
	if w.plan.anaemia.deficiency.Treat == nil {
		return
	}
	iv := w.plan.anaemia.deficiency.Treat.Investigate
	slot := w.plan.anaemia.storesTest
	if iv == nil || slot < 0 || !w.plan.inUse(slot, t.Date()) || w.measuredAt(per, encID, slot) ||
		w.episodeReferred(per, problem, w.plan.anaemia.referral.Snomed, encID, t) {
		return // fast-tracked already: the clinic looks for the cause (h58a)
	}
	from := iv.FemaleFrom
	if per.sex == sexIndex("male") {
		from = iv.MaleFrom
	}
	if per.ageOn(t.Date()) < from {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purpose, uint64(t.Date()))
	o := len(w.b.Observations)
	w.observe(per, encID, t.AddMinutes(1), slot, &s)
	if o < len(w.b.Observations) {
		w.holdBelow(&w.b.Observations[o], slot, iv.Below)
	}
}

// recheckStores books the blood test that reads the count and the ferritin
// again after iron for empty stores starts on day d (anaemia.yaml treat
// recheck); a ferritin still low there starts a second course for the
// first's problem (the blood test is about none) but no second recheck or
// work-up (storesRechecking).
func (w *worker) recheckStores(per *person, d models.Date, problem string, s *distributions.Stream) {
	rc := w.plan.anaemia.deficiency.Treat.Recheck
	if rc == nil || len(w.plan.anaemia.storesRecheck) == 0 {
		return
	}
	day := d + models.Date(between(rc.Days, s))
	if day > per.lastDay || per.inEndOfLifeCare(day) {
		return
	}
	id, start, ok := w.gpVisitFor(per, day, encGPConsultation, contactMonitoringBloods, "", s)
	if !ok {
		return
	}
	w.storesRechecking, w.storesProblem = true, problem
	for k, slot := range w.plan.anaemia.storesRecheck {
		if !w.takenAt(per, id, slot) { // a blood test booked that day may hold it already
			w.observeOnce(per, id, start.AddMinutes(5+k), slot, s)
		}
	}
	w.storesRechecking, w.storesProblem = false, ""
}

// storesRise is what iron for empty stores begun on or before day d adds to
// the usual level of observation slot (the ferritin's, on its log scale):
// rising to the treat rise over rise_days from the start, kept until
// lasts_days after the course ends (anaemia.yaml treat; brief h57d). Before,
// a course refilled nothing, so a ferritin read months later was as low as
// the one that started it.
func (w *worker) storesRise(per *person, slot int, d models.Date) float64 {
	a := &w.plan.anaemia
	tr := a.deficiency.Treat
	if slot != a.ferritinSlot || tr == nil || tr.Rise == 0 {
		return 0
	}
	var rise float64
	for _, c := range per.iron {
		if !c.stores || c.from > d || d > c.to+models.Date(tr.LastsDays) {
			continue
		}
		rise = max(rise, tr.Rise*min(1, float64(d-c.from)/float64(tr.RiseDays)))
	}
	return rise
}

// anaemicAt reports whether encounter encID holds a haemoglobin below the
// person's anaemia threshold (its answer starts the iron).
func (w *worker) anaemicAt(per *person, encID string) bool {
	a := &w.plan.anaemia
	code := w.plan.obsCodes[a.slot].Snomed
	for i := len(w.b.Observations) - 1; i >= per.obsFrom; i-- {
		o := &w.b.Observations[i]
		if o.EncounterID == encID && o.SnomedCode == code && o.Value != nil && *o.Value < a.threshold(per) {
			return true
		}
	}
	return false
}

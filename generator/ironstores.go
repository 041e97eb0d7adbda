package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

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
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeIronStores, uint64(d))
	n := len(w.b.Prescriptions)
	problem := w.bloodsProblem // a practice blood test after a call is about no problem: the episode's
	if problem == "" {
		problem = w.reasonOf(per, encID)
	}
	w.shortCourse(per, &a.iron, encID, problem, d, d+models.Date(a.Problem.Days), &s)
	if len(w.b.Prescriptions) > n {
		per.iron = append(per.iron, ironCourse{from: d, to: d + models.Date(a.iron.Days) - 1, stores: true})
	}
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

// Checks for the record around a death (ninth review, docs/clinical-model.md,
// "Fragility fractures and the record around death (ninth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// TestNoVaccineVisitMovedIntoEndOfLifeCare: an influenza vaccine due two
// weeks before end-of-life care began was moved past a run of busy days
// (hospital, home visits) and given 14 days after the palliative care
// register entry (hard rule vaccination-after-end-of-life-care, 1 patient on
// -n 20000 -s 5). A vaccination visit that would fall in end-of-life care
// is not held; another appointment still is.
func TestNoVaccineVisitMovedIntoEndOfLifeCare(t *testing.T) {
	p := testPlan(t, 50, nil)
	w := newWorker(p)
	var b models.Batch
	b.Reset(0)
	w.b = &b
	w.values = make([]float64, 0, 1024)
	for i := int64(0); i < 50; i++ {
		if err := w.patient(i); err != nil {
			t.Fatal(err)
		}
		per := &w.per
		if per.death != models.NoDate || per.lastDay-per.firstDay < 400 {
			continue
		}
		per.stays = per.stays[:0]
		eol := per.lastDay - 100
		per.eolStart = eol
		for d := eol - 20; d <= eol+5; d++ {
			per.gpDays.add(d)
		}
		s := distributions.NewStream(1, uint64(i))
		if _, at, ok := w.gpVisit(per, eol-20, encImmunisation, "", &s); ok {
			t.Fatalf("patient %d: vaccination visit held on %s, end-of-life care from %s", i, at.Date(), eol)
		}
		if _, at, ok := w.gpVisit(per, eol-20, encGPConsultation, "", &s); !ok || at.Date() <= eol+5 {
			t.Fatalf("patient %d: a consultation was not moved to the next free day (%v, %s)", i, ok, at.Date())
		}
		return
	}
	t.Fatal("no living patient with a long enough record")
}

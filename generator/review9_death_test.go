// Checks for the record around a death (ninth review, docs/clinical-model.md,
// "Fragility fractures and the record around death (ninth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
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
	w, _ := newPatientWorker(p)
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

// TestExpectedDeathsOutsideHospitalAreVerified: a woman dying of lung cancer
// at home, on anticipatory medicines, had nothing on the day she died: no
// one verified the death (0 of 553 expected deaths outside hospital,
// -n 20000 -s 5). Each expected death outside hospital now ends with a GP
// home visit on the day recording "On examination - dead - expected"; a
// death in hospital has none, nor (stop 61) one on a weekend or a bank
// holiday, which the out-of-hours service verifies.
func TestExpectedDeathsOutsideHospitalAreVerified(t *testing.T) {
	r := pathwayPopulation(t)
	vc, ok := datasets.ObservationByKey(r.p.Cat.EndOfLife.Verification.Observation)
	if !ok {
		t.Fatal("no death verification observation")
	}
	code := vc.Snomed
	verified := map[string][]*models.Observation{}
	for i := range r.b.Observations {
		if o := &r.b.Observations[i]; o.SnomedCode == code {
			verified[o.PatientID] = append(verified[o.PatientID], o)
		}
	}
	home := 0
	for id, pt := range r.patients {
		if pt.DeathDate == models.NoDate || !r.expectedDeath(id) {
			if len(verified[id]) > 0 {
				t.Fatalf("%s: death verification recorded with no expected death", id)
			}
			continue
		}
		obs := verified[id]
		if r.inSettingOn(id, pt.DeathDate, settingInpatient) {
			if len(obs) > 0 {
				t.Errorf("%s: died in hospital on %s, verified by the GP", id, pt.DeathDate)
			}
			continue
		}
		if ukClock.closed(pt.DeathDate) {
			// a weekend or a bank holiday: the out-of-hours service
			// verifies it, outside the practice record (stop 61)
			if len(obs) > 0 {
				t.Errorf("%s: died on %s, a closed day, verified by the practice", id, pt.DeathDate)
			}
			continue
		}
		home++
		if len(obs) != 1 {
			t.Errorf("%s: expected death outside hospital on %s with %d verifications", id, pt.DeathDate, len(obs))
			continue
		}
		e := r.encs[obs[0].EncounterID]
		if obs[0].EffectiveTime.Date() != pt.DeathDate || e == nil || e.Setting != settingGP || e.TypeDisplay != "Home visit" {
			t.Errorf("%s: died %s, verified %s at %+v", id, pt.DeathDate, obs[0].EffectiveTime.Date(), e)
		}
	}
	enough(t, home, 40, "expected deaths outside hospital")
}

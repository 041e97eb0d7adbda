package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// pregnancyAnalgesia is prescribing.yaml pregnancy's analgesia resolved:
// paracetamol, the analgesic of choice in pregnancy (UKMi, RCOG), in place
// of a course whose first choice (an NSAID) is withheld for the pregnancy,
// and of a weak opioid course that would run into the third trimester.
type pregnancyAnalgesia struct {
	analgesic  *medPlan
	forClasses []string
	opioidDay  int // days from the last period from which no weak opioid is started
}

// buildAnalgesia resolves the rule; none when the analgesic has no product.
func (p *Plan) buildAnalgesia(pp *pregnancyPlan, r *datasets.Prescribing) error {
	if r.Pregnancy.Analgesic == "" {
		return nil
	}
	m := p.medPlans[r.Pregnancy.Analgesic]
	if m == nil {
		return fmt.Errorf("prescribing.yaml pregnancy: analgesic %q has no prescribable medicine", r.Pregnancy.Analgesic)
	}
	pp.analgesia = &pregnancyAnalgesia{analgesic: m, forClasses: r.Pregnancy.AnalgesicFor, opioidDay: r.Pregnancy.WeakOpioidUntilDay}
	return nil
}

// pregnancyDay is the day of the pregnancy known on day d, counted from its
// last period; -1 when none is known then.
func (per *person) pregnancyDay(d models.Date) int {
	for i := range per.pregnancies {
		if pg := &per.pregnancies[i]; d >= pg.confirm && d < pg.end {
			return int(d - pg.lmp)
		}
	}
	return -1
}

// pregnancyAnalgesic is the medicine a short course gives in place of meds
// (its first choice first, before the rules moved it on; meds nil when no
// choice was allowed) from onset to end in a known pregnancy: paracetamol
// when the first choice is of a class the rule names (an NSAID, withheld) or
// meds is a weak opioid whose course would run into the third trimester,
// and every rule allows paracetamol over the course; nil when meds is given.
func (w *worker) pregnancyAnalgesic(per *person, first, meds *medPlan, onset, end models.Date, egfr float64) *medPlan {
	pp := w.plan.pregnancy
	if pp == nil || pp.analgesia == nil || meds == pp.analgesia.analgesic {
		return nil
	}
	a := pp.analgesia
	day := per.pregnancyDay(onset)
	if day < 0 {
		return nil
	}
	withheld := first.notInPregnancy && slices.ContainsFunc(a.forClasses, first.inClass)
	// a weak opioid course that would run into the third trimester
	nearTerm := meds != nil && meds.inClass("weak_opioid") && a.opioidDay > 0 && day+int(end-onset) >= a.opioidDay
	if !withheld && !nearTerm || allergic(per, a.analgesic, onset) || !w.allowedCourse(per, a.analgesic, onset, end, egfr) {
		return nil
	}
	return a.analgesic
}

// analgesicForRepeats issues paracetamol, as a repeat, in place of each
// weak opioid repeat stopForPregnancy stopped (repeats_stopped): from the
// visit that recorded the pregnancy (enc, on day from) or the stopped
// issue's own start when later (its own visit), to the end of its supply or
// the day before the pregnancy ends, whichever is first, where every rule
// allows paracetamol then (an allergy: none).
func (w *worker) analgesicForRepeats(per *person, replaced []stoppedIssue, enc string, from, to models.Date) {
	a := w.plan.pregnancy.analgesia
	if a == nil {
		return
	}
	for _, st := range replaced {
		old := &w.b.Prescriptions[st.rx]
		on, at := from, enc
		if old.StartDate >= from {
			on, at = old.StartDate, old.EncounterID
		}
		end := min(to-1, per.lastDay)
		if st.end != models.NoDate {
			end = min(end, st.end)
		}
		if at == "" || end < on || allergic(per, a.analgesic, on) || !w.allowedCourse(per, a.analgesic, on, end, w.latestEGFR(per, on)) {
			continue
		}
		if end = w.besideAnalgesic(per, a.analgesic, on, end); end < on {
			continue // paracetamol, or co-codamol which holds it, already running
		}
		reg := a.analgesic.regimen(per.ageOn(on), 0)
		if reg == nil {
			continue
		}
		if end == per.lastDay && to > per.lastDay {
			end = models.NoDate // still pregnant when the record ends: the repeat runs on
		}
		w.issue(per, at, old.ConditionID, reg, on, end, models.PrescriptionRepeat)
	}
}

// besideAnalgesic fits a paracetamol repeat m from on to end around the
// issues that hold paracetamol already (no second paracetamol: BNF, no more
// than 4 g a day): an acute paracetamol course starting within it is
// withdrawn (the repeat serves); one of a medicine that holds it
// (co-codamol, a short course before 28 weeks) ends the repeat the day
// before; one running on day on leaves none (an end before on).
func (w *worker) besideAnalgesic(per *person, m *medPlan, on, end models.Date) models.Date {
	holds := func(h *medPlan) bool { return h == m || h != nil && h.triedFirst != nil && h.triedFirst.first == m }
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // (by index: a row is large to copy)
		rx := &w.b.Prescriptions[k]
		if rx.PrescriptionID.IsZero() || rx.StartDate > end || rx.EndDate != models.NoDate && rx.EndDate < on || !holds(w.rxPlan(rx)) {
			continue
		}
		switch {
		case rx.StartDate <= on:
			return on - 1
		case w.rxPlan(rx) == m && rx.Type == models.PrescriptionAcute:
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
		default:
			end = rx.StartDate - 1
		}
	}
	return end
}

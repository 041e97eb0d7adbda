package generator

import (
	"github.com/code4health/cohortgen/models"
)

// The yearly HbA1c after gestational diabetes (brief h69c). Before, the
// fasting glucose at the postnatal check was the last test: 2 of 72 women
// followed for 15 months after the birth had an HbA1c 300-480 days after it
// (generate -n 20000 -s 83). NICE NG3 1.6: a postnatal fasting glucose
// below 6.0 mmol/L, an annual test. pregnancy.yaml gdm annual_hba1c.

// gdmAnnualHbA1c books, for the woman's i-th pregnancy that had gestational
// diabetes and a postnatal glucose at the check (encounter check), an
// HbA1c every every_days after the test before, at a practice blood test
// (no problem its reason: the diabetes of pregnancy resolved), until she holds a condition of until
// (diabetes: its own reviews), her next pregnancy begins or the record
// ends. An HbA1c on the record within its retest interval of the day
// (retest.go: 60 days) is the year's test. Its own stream: no other draw moves.
func (w *worker) gdmAnnualHbA1c(per *person, i int, check string) {
	gp := w.plan.pregnancy.gdm
	if gp == nil || gp.g.AnnualHbA1c == nil || check == "" || per.pregnancies[i].gdm == "" {
		return
	}
	t0, ok := w.encounterStart(check)
	if !ok {
		return
	}
	a := gp.g.AnnualHbA1c
	next := models.NoDate // her next pregnancy's first day
	if i+1 < len(per.pregnancies) {
		next = per.pregnancies[i+1].lmp
	}
	s := per.stream(w.plan.Opts.Seed, purposeGDMRecall, uint64(i))
	slot := w.plan.slots.hba1c
	for last := t0.Date(); ; {
		d := last + models.Date(between(a.EveryDays, &s))
		if d > per.lastDay || (next != models.NoDate && d >= next) || w.holdsAny(per, a.Until, d) {
			return
		}
		if near := w.retestedNear(per, slot, d); near != models.NoDate {
			last = max(near, last+1) // another contact's HbA1c is the year's test
			continue
		}
		// a monitoring blood test with no problem as its reason: the
		// gestational diabetes resolved at the birth (as the recall of a
		// high triglyceride or a low white count)
		enc, t, ok := w.gpVisitFor(per, d, encGPConsultation, contactMonitoringBloods, "", &s)
		if !ok || (next != models.NoDate && t.Date() >= next) {
			return
		}
		w.observe(per, enc, t.AddMinutes(5), slot, &s)
		last = t.Date()
	}
}

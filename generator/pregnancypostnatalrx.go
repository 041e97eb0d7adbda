package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// Hypertension of pregnancy treated after the birth (brief h69c). Before,
// the labetalol of gestational hypertension or pre-eclampsia simply ended
// 14 days after the birth, with no review (87 of 109 births on an
// antihypertensive had none after 2 weeks, 3 a blood pressure 10-21 days
// after), and a postnatal reading of 150/100 or more was not treated
// (generate -n 20000 -s 83). NICE NG133 (2019) postnatal care: start
// treatment at 150/100 or more, reduce it below 130/80, a GP review 2
// weeks after transfer when still treated and at 6-8 weeks.
// pregnancy.yaml raised_bp postnatal treatment.

// postnatalBPReview treats and reviews, for the woman's i-th pregnancy (a
// birth), the hypertension of pregnancy she held at the birth (gestational
// hypertension, pre-eclampsia; her chronic hypertension's medicines restart
// by restartAfterPregnancy): the day 3-5 check (encounter enc, reading at
// time at; enc "" none) starts the treatment at start_systolic /
// start_diastolic or more when none runs, and the GP reviews a treatment
// running review_days after the birth, stopping it below stop_systolic /
// stop_diastolic. It returns the index of the issue still running after
// the review (-1: none), which postnatalBPCheck ends at the 6-8 week check.
// Its own stream: no other draw moves.
func (w *worker) postnatalBPReview(per *person, i int, enc string, at models.Timestamp) int {
	rb := w.plan.pregnancy.raisedBP
	if rb == nil || rb.r.Postnatal == nil || rb.r.Postnatal.Treatment == nil {
		return -1
	}
	tr, pg := rb.r.Postnatal.Treatment, &per.pregnancies[i]
	about := w.problemRowOn(per, rb.held, pg.end)
	if about == "" {
		return -1
	}
	s := per.stream(w.plan.Opts.Seed, purposePostnatalBP, uint64(i))
	review := pg.end + models.Date(between(tr.ReviewDays, &s))
	k := w.gestationalBPIssueOn(per, pg.end)
	if k < 0 && enc != "" && w.bpAtLeast(per, at, tr.StartSystolic, tr.StartDiastolic) {
		if w.issueGestationalBP(per, enc, about, at.Date(), min(review, per.lastDay)) != nil { // pregnancybptreat.go
			k = w.gestationalBPIssueOn(per, at.Date())
		}
	}
	if k < 0 || review > per.lastDay {
		return -1 // untreated, or the record ends first: the issue as written
	}
	sl, ok := w.bookGP(per, review, encGPConsultation, contactGPConsultation, &s)
	if !ok {
		return -1
	}
	w.writeGP(per, &sl, about)
	rat := sl.start.AddMinutes(5)
	w.anyAge = true // as antenatalChecks: an adolescent mother's pressure is taken as an adult's
	w.observe(per, sl.id, rat, w.plan.slots.systolic, &s)
	w.observe(per, sl.id, rat, w.plan.slots.diastolic, &s)
	w.anyAge = false
	rx := &w.b.Prescriptions[k]
	rx.EndDate = sl.start.Date() // stopped at the review, or renewed to the 6-8 week check (postnatalBPCheck)
	if w.bpBelow(per, rat, tr.StopSystolic, tr.StopDiastolic) {
		return -1
	}
	return k
}

// postnatalBPCheck ends the treatment issue k that postnatalBPReview left
// running (k < 0: none): at the 6-8 week check (encounter check), when its
// reading is below the hypertension bar (raised_bp) or none was taken,
// else run_on_days after it. With no check, it ends at the review.
func (w *worker) postnatalBPCheck(per *person, k int, check string) {
	if k < 0 || check == "" {
		return
	}
	e := w.encounterByID(per, check)
	if e == nil {
		return
	}
	rb := w.plan.pregnancy.raisedBP
	rx := &w.b.Prescriptions[k]
	d := e.StartTime.Date()
	if d < rx.EndDate {
		return
	}
	end := d
	if sys, dia, ok := w.bpOfEncounter(per, check); ok && (sys >= rb.r.Systolic || dia >= rb.r.Diastolic) {
		end = d + models.Date(rb.r.Postnatal.Treatment.RunOnDays)
	}
	if end > per.lastDay {
		end = models.NoDate // still on it when the record ends
	}
	m := w.rxPlan(rx)
	if m != nil {
		end = w.untilRuledOut(per, m, rx.StartDate, end) // pregnancyswitch.go
	}
	rx.EndDate = end
}

// gestationalBPIssueOn is the index of an issue of the treatment of
// hypertension of pregnancy (raised_bp treatment's medicines) running on
// day d about a hypertensive problem of pregnancy (-1: none).
func (w *worker) gestationalBPIssueOn(per *person, d models.Date) int {
	rb := w.plan.pregnancy.raisedBP
	for k := len(w.b.Prescriptions) - 1; k >= per.rxFrom; k-- {
		rx := &w.b.Prescriptions[k]
		if rx.PrescriptionID.IsZero() || rx.StartDate > d || (rx.EndDate != models.NoDate && rx.EndDate < d) {
			continue
		}
		c := w.conditionRow(per, rx.ConditionID)
		if c == nil || !slices.Contains(rb.held, c.ConditionKey) {
			continue
		}
		for _, m := range rb.meds {
			if m.issues(rx.DMDCode) {
				return k
			}
		}
	}
	return -1
}

// bpOfEncounter is the systolic and diastolic blood pressure recorded at
// encounter enc (ok false: none).
func (w *worker) bpOfEncounter(per *person, enc string) (sys, dia float64, ok bool) {
	sc, dc := w.plan.obsCodes[w.plan.slots.systolic].Snomed, w.plan.obsCodes[w.plan.slots.diastolic].Snomed
	var hs, hd bool
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		if o.EncounterID != enc || o.Value == nil {
			continue
		}
		switch o.SnomedCode {
		case sc:
			sys, hs = *o.Value, true
		case dc:
			dia, hd = *o.Value, true
		}
	}
	return sys, dia, hs && hd
}

// bpAtLeast reports whether the blood pressure recorded at time at is at or
// above sys or dia; bpBelow whether it is below both.
func (w *worker) bpAtLeast(per *person, at models.Timestamp, sys, dia float64) bool {
	sl := &w.plan.slots
	return per.hasLast[sl.systolic] && per.lastAt[sl.systolic] == at && per.lastVal[sl.systolic] >= sys ||
		per.hasLast[sl.diastolic] && per.lastAt[sl.diastolic] == at && per.lastVal[sl.diastolic] >= dia
}

func (w *worker) bpBelow(per *person, at models.Timestamp, sys, dia float64) bool {
	sl := &w.plan.slots
	return per.hasLast[sl.systolic] && per.lastAt[sl.systolic] == at && per.lastVal[sl.systolic] < sys &&
		per.hasLast[sl.diastolic] && per.lastAt[sl.diastolic] == at && per.lastVal[sl.diastolic] < dia
}

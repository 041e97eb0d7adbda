package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// untreatedReason records, at the first review in the record of a condition
// its holder is not treated for, why: the coded reason (declined,
// contraindicated, not indicated) drawn by the catalogue's weights from the
// person's own stream, so it does not move any other draw. It is written as
// a medication review (the question) with the reason as its coded value.
//
// A gated first line (scoregate.go) not yet due is not declined: its
// not-due code is recorded instead when the catalogue names one (drug
// treatment not indicated in less severe depression), else nothing (a low
// CHA2DS2-VASc). It runs after the review's treatment decision, so that a
// medicine started or running is never beside a "not indicated".
func (w *worker) untreatedReason(per *person, ci int, encID string, t models.Timestamp, read func(int) float64) {
	hc := &per.conds[ci]
	if encID == w.joint.enc && w.joint.reviewed {
		return
	}
	if hc.presentingID != "" && t.Date() < hc.clinicDiagnosed {
		// Referred to be diagnosed (presentsas.go): the specialist who makes
		// the diagnosis decides on the medicine, so the reason is coded from
		// the clinic on (h75b: 11 of 15 untreated epilepsies after a first
		// seizure had "drug declined" coded at the GP contact that referred
		// the seizure, before the diagnosis; generate -n 20000 -s 83).
		return
	}
	if g := gateOf(hc.plan); g != nil && !w.gateDue(per, ci, t.Date(), read) {
		// Not due, and not already taken: someone on the line's drug (started
		// when the score was higher, or for another condition) is treated.
		if !hc.excused && g.NotDue != nil && !lineTaken(per, &hc.plan.lines[0], t.Date()) && !onLineOf(per, ci, t.Date(), false) {
			hc.excused, hc.notDue = true, true
			w.reasonObservation(per, encID, t, g.NotDue)
		}
		return
	}
	// A gate that comes due after "not indicated" was coded asks for the
	// decision again: someone who does not take the line now declined it
	// (thirteenth review: a PHQ-9 that rose to 16 or more, no antidepressant
	// and no reason on the record).
	if hc.excused && !hc.notDue {
		w.declinedAgain(per, ci, encID, t, read) // reoffer.go
		return
	}
	u := hc.plan.Untreated
	// (an untreated person's first line may start when a target is missed)
	if u == nil || lineTaken(per, &hc.plan.lines[0], t.Date()) {
		return
	}
	if hc.treated { // unless a result stopped the line for good (notrestarted.go)
		if r := stoppedForResult(per, &hc.plan.lines[0], t.Date()); r != nil {
			hc.excused, hc.notDue = true, false
			w.reasonObservation(per, encID, t, r)
		}
		return
	}
	r := w.untreatedPick(per, ci, t.Date())
	if !r.RulesOut && onLineOf(per, ci, t.Date(), true) {
		// the first line's if_ruled_out runs in its place (sitagliptin
		// after metformin stopped at an eGFR below 30): nothing declined
		return
	}
	hc.excused, hc.notDue, hc.declinedStep = true, false, t.Date()
	hc.declinedScore = w.declineScore(per, ci, t.Date())
	w.reasonObservation(per, encID, t, r)
}

// untreatedPick is the reason, by the catalogue's weights, that the holder
// of condition ci is not treated, judged on day d: one draw from the
// person's own stream, so the same reason whenever it is asked for (the
// first line's alternative given at the diagnosis for a contraindication,
// ifruledout.go, and the code written at the review).
func (w *worker) untreatedPick(per *person, ci int, d models.Date) *datasets.UntreatedReason {
	hc := &per.conds[ci]
	u := hc.plan.Untreated
	s := per.stream(w.plan.Opts.Seed, purposeUntreated, uint64(hc.plan.idx))
	k := s.PickBy(len(u.Reasons), func(i int) float64 {
		if r := &u.Reasons[i]; !holdsAny(per, r.Without, d) {
			return r.Weight
		}
		return 0
	})
	// its grounds on the record (h67c): "ACE inhibitors contraindicated"
	// beside a raised potassium, else the first reason needing none
	// (linenottaken.go groundedReason); the catalogue check makes sure one is open
	return w.groundedReason(per, u.Reasons, k, d)
}

// holdsAny reports whether the person holds, diagnosed by day d, one of the
// conditions keys names.
func holdsAny(per *person, keys []string, d models.Date) bool {
	for _, k := range keys {
		for i := range per.conds {
			if hc := &per.conds[i]; hc.plan.Key == k && hc.onset <= d {
				return true
			}
		}
	}
	return false
}

// reasonObservation writes a medication review whose coded value is the
// reason for no treatment, unless one is already coded at the encounter: a
// heart failure diagnosis with a slow pulse had "Review of medication" twice,
// once for the bradycardia and once for the declined ACE inhibitor (sixteenth
// review: a built-in scenario met it once the draws moved).
func (w *worker) reasonObservation(per *person, encID string, t models.Timestamp, r *datasets.UntreatedReason) {
	for i := len(w.b.Observations) - 1; i >= per.obsFrom; i-- {
		if o := &w.b.Observations[i]; o.EncounterID == encID && o.SnomedCode == w.plan.medReview.Snomed {
			return
		}
	}
	o := w.observation(per, encID, t.AddMinutes(1), &w.plan.medReview)
	o.ValueCode, o.ValueDisplay = r.Snomed, r.Description
	w.b.Observations = append(w.b.Observations, o)
	w.noteRecordedContraindication(per, r.Snomed, t.Date()) // recordedcontra.go
	if encID == w.joint.enc {
		w.joint.reviewed = true
	}
}

// onLineOf reports whether a medicine of one of condition ci's treatment
// lines (with first, of its first line) runs for it on day d: the
// condition is treated, whatever the first line's own medicines.
func onLineOf(per *person, ci int, d models.Date, first bool) bool {
	for k := range per.courses {
		if c := &per.courses[k]; c.cond == ci && c.line >= 0 && (!first || c.line == 0) && c.running(d) {
			return true
		}
	}
	return false
}

// lineTaken reports whether the person takes one of the line's own
// medicines on day d (for this condition or another). A drug of a class
// that merely rules the line out (an antiplatelet beside a would-be
// anticoagulant) does not count: that person is still untreated.
func lineTaken(per *person, line *linePlan, d models.Date) bool {
	for k := range per.courses {
		c := &per.courses[k]
		if !c.running(d) {
			continue
		}
		for _, m := range line.meds {
			if m != nil && c.med == m.med {
				return true
			}
		}
	}
	return false
}

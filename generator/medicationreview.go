package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// medicationReviewPlan is medication_reviews.yaml resolved: the codes the
// reviews are recorded with and the first day a structured one is booked.
type medicationReviewPlan struct {
	*datasets.MedicationReviews
	done, structured datasets.ObservationCode
	structuredFrom   models.Date
}

func (p *Plan) resolveMedicationReviews() error {
	m, err := datasets.LoadMedicationReviews()
	if err != nil {
		return err
	}
	p.medReviews.MedicationReviews = m
	// both keys were found by the loader's check
	p.medReviews.done, _ = datasets.ObservationByKey(m.Yearly.Observation)
	p.medReviews.structured, _ = datasets.ObservationByKey(m.Structured.Observation)
	p.medReviews.structuredFrom = models.DateOf(m.Structured.Since)
	return nil
}

// repeatMedicines counts the different medicines a person takes on repeat
// on day d: the courses running then, an onset event's time-limited course
// aside.
func repeatMedicines(per *person, d models.Date) int {
	n := 0
	for i := range per.courses {
		cr := &per.courses[i]
		if cr.event || !cr.running(d) {
			continue
		}
		n++
		for j := range i { // the same medicine for two conditions counts once
			if o := &per.courses[j]; o.med == cr.med && !o.event && o.running(d) {
				n--
				break
			}
		}
	}
	return n
}

// medicationReview reviews a person's repeat medicines at a routine review
// of a long-term condition held in the practice (encounter encID, at t, on
// day d), once a year: coded there by whoever holds it, or, for a person
// on as many medicines as the structured review asks for, booked with the
// practice's clinical pharmacist some days later (PCN DES). A GP reading
// the fourteenth review's records found no medication review at all.
func (w *worker) medicationReview(per *person, encID string, t models.Timestamp, d models.Date) {
	mr := &w.plan.medReviews
	if per.medReviewedOn != 0 && d-per.medReviewedOn < models.Date(mr.Yearly.EveryDays) {
		return
	}
	n := repeatMedicines(per, d)
	if n == 0 {
		return
	}
	sm := &mr.Structured
	if d >= mr.structuredFrom && n >= sm.MedicinesAtLeast &&
		(per.structuredOn == 0 || d-per.structuredOn >= models.Date(sm.EveryDays)) && w.structuredReview(per, d) {
		return
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(3), &mr.done))
	per.medReviewedOn = d
}

// structuredReview books the clinical pharmacist's structured medication
// review some days after day d, on a stream of its own keyed by the day
// (the review's draws do not move); false when none can be booked before
// the record ends, or the person is by then in end-of-life care.
func (w *worker) structuredReview(per *person, d models.Date) bool {
	return w.bookStructuredReview(per, d, purposeMedicationReview)
}

// bookStructuredReview books the structured review DaysAfter day d, its
// day drawn from the purpose's stream keyed by d; false when none can be
// booked before the record ends, the person is by then in end-of-life care,
// or no repeat medicine runs that day (nothing for the pharmacist to
// review: a severely frail woman of 83 on none had one yearly, twentieth
// review).
func (w *worker) bookStructuredReview(per *person, d models.Date, purpose uint64) bool {
	sm := &w.plan.medReviews.Structured
	s := per.stream(w.plan.Opts.Seed, purpose, uint64(d))
	day := d + models.Date(s.Range(sm.DaysAfter[0], sm.DaysAfter[1]))
	if day > per.lastDay || per.inEndOfLifeCare(day+eolReviewMargin) || repeatMedicines(per, day) == 0 {
		return false
	}
	encID, start, ok := w.gpVisitFor(per, day, encChronicReview, contactStructuredReview, "", &s)
	if !ok {
		return false
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, start.AddMinutes(5), &w.plan.medReviews.structured))
	per.medReviewedOn, per.structuredOn = start.Date(), start.Date()
	return true
}

// Checks for the fifteenth review: repeat medicines are reviewed once a
// year, and a person on many of them has a structured medication review
// with the practice's clinical pharmacist (medication_reviews.yaml).
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// repeatsOn is the set of medicines a patient's repeat prescriptions cover
// on day d.
func repeatsOn(rxs []*models.Prescription, d models.Date) map[string]bool {
	on := map[string]bool{}
	for _, rx := range rxs {
		if rx.Type == models.PrescriptionRepeat && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
			on[medKey(rx)] = true
		}
	}
	return on
}

// repeatWithin reports whether a repeat prescription of the patient's
// covers a day from from to to.
func repeatWithin(rxs []*models.Prescription, from, to models.Date) bool {
	for _, rx := range rxs {
		if rx.Type == models.PrescriptionRepeat && rx.StartDate <= to && (rx.EndDate == models.NoDate || rx.EndDate >= from) {
			return true
		}
	}
	return false
}

// isReviewOrDiagnosisTest reports whether a code is one recorded with no
// value since the fifteenth review: a medication review or a test at a
// condition's diagnosing visit.
func isReviewOrDiagnosisTest(p *Plan, snomed string) bool {
	if snomed == p.medReviews.done.Snomed || snomed == p.medReviews.structured.Snomed {
		return true
	}
	for ci := range p.conds {
		for _, c := range p.conds[ci].diagTests {
			if c.Snomed == snomed {
				return true
			}
		}
	}
	return false
}

// encountersByPatient lists each patient's encounters.
func encountersByPatient(r *realism) map[string][]*models.Encounter {
	by := map[string][]*models.Encounter{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		by[e.PatientID] = append(by[e.PatientID], e)
	}
	return by
}

// TestRepeatMedicinesReviewedYearly: a GP reading the fourteenth review's
// records found years of repeat medicines and no medication review. Now
// each medication review is coded at a practice contact of a person on a
// repeat medicine that day (or in the 90 days before), no two within the year the schedule gives, and
// nine in ten of the people on repeats who had a routine review at the
// practice in the last year have one coded in the 15 months before the
// population date.
func TestRepeatMedicinesReviewedYearly(t *testing.T) {
	r := pathwayPopulation(t)
	mr := &r.p.medReviews
	last := map[string]models.Date{}
	reviewed := map[string]bool{}
	end := r.p.Opts.Population()
	for _, o := range r.b.Observations {
		if o.SnomedCode != mr.done.Snomed && o.SnomedCode != mr.structured.Snomed {
			continue
		}
		d := o.EffectiveTime.Date()
		if e := r.encs[o.EncounterID]; e == nil || e.Setting != settingGP {
			t.Fatalf("%s: a medication review outside a practice contact", o.PatientID)
		}
		// a repeat running then, or just run out (a review that changes the
		// treatment issues the new one at a later contact)
		// (session 50: a repeat withdrawn for a pregnancy, an NSAID, leaves
		// the review in the pregnancy with nothing issued: not judged)
		if o.SnomedCode == mr.done.Snomed && !repeatWithin(r.rxOf[o.PatientID], d-90, d) && !pregnantOnDay(r, o.PatientID, d) {
			t.Errorf("%s: a medication review on %s with no repeat medicine in the 90 days before", o.PatientID, d)
		}
		// the medicines review on the palliative care register comes when it
		// is due, whenever the last (sixteenth review)
		reg := r.has(o.PatientID, r.p.Cat.EndOfLife.Register.Key)
		eol := reg != nil && d >= reg.OnsetDate
		// the review after a faint on antihypertensives comes when the
		// faint does (medication_reviews.yaml after_faint; h69b), and the
		// review after a fall when the fall does (after_fall; h70g), and
		// the review after a hypoglycaemia when it does (after_hypo; h74a)
		faint := false
		for _, a := range []*datasets.AfterFaintReview{mr.AfterFaint, mr.AfterFall, mr.AfterHypo} {
			if a == nil {
				continue
			}
			for _, c := range r.condsOf[o.PatientID] {
				faint = faint || (slices.Contains(a.Problems, c.ConditionKey) && c.OnsetDate <= d && d <= c.OnsetDate+models.Date(a.WithinDays))
			}
		}
		if l, ok := last[o.PatientID]; ok && d-l < models.Date(mr.Yearly.EveryDays) && !eol && !faint {
			t.Errorf("%s: medication reviews on %s and %s", o.PatientID, l, d)
		}
		if !faint { // the yearly schedule runs from the routine reviews
			last[o.PatientID] = d
		}
		if end-d <= 456 {
			reviewed[o.PatientID] = true
		}
	}
	followUp := r.p.encTypes[encChronicReview].Code
	encsOf := encountersByPatient(r)
	due, done := 0, 0
	for id, pt := range r.patients {
		if pt.DeathDate != models.NoDate {
			continue
		}
		held := false
		for _, e := range encsOf[id] {
			d := e.StartTime.Date()
			held = held || (e.Setting == settingGP && e.TypeCode == followUp && end-d <= 365 && len(repeatsOn(r.rxOf[id], d)) > 0)
		}
		if !held {
			continue
		}
		due++
		if reviewed[id] {
			done++
		}
	}
	enough(t, due, 500, "living people on repeats reviewed at the practice in the last year")
	if float64(done) < 0.9*float64(due) {
		t.Errorf("%d of %d people on repeat medicines with a routine review in the last year have a medication review in 15 months, want 9 in 10", done, due)
	}
	t.Logf("%d of %d on repeats with a routine review this year had a medication review in 15 months", done, due)
}

// TestStructuredMedicationReviewsForManyMedicines: the structured review
// is the clinical pharmacist's, from the DES's start, some days after a
// routine review at which the person was on as many repeat medicines as
// the schedule asks for, or after severe frailty was coded (twentieth
// review).
func TestStructuredMedicationReviewsForManyMedicines(t *testing.T) {
	r := pathwayPopulation(t)
	sm := &r.p.medReviews.Structured
	pharmacist := r.p.workforce.RoleIndex("clinical_pharmacist")
	roles := map[string]int{}
	for _, g := range r.p.practitioners {
		roles[g.PractitionerID] = r.p.workforce.RoleIndex(g.Role)
	}
	followUp := r.p.encTypes[encChronicReview].Code
	encsOf := encountersByPatient(r)
	n := 0
	for _, o := range r.b.Observations {
		if o.SnomedCode != r.p.medReviews.structured.Snomed {
			continue
		}
		n++
		e := r.encs[o.EncounterID]
		d := e.StartTime.Date()
		if roles[e.PractitionerID] != pharmacist || d < r.p.medReviews.structuredFrom {
			t.Errorf("%s: a structured medication review on %s by %s", o.PatientID, d, e.PractitionerID)
		}
		many := 0
		for _, x := range encsOf[o.PatientID] {
			xd := x.StartTime.Date()
			if x.TypeCode == followUp && x.EncounterID != e.EncounterID && xd < d && d-xd <= models.Date(sm.DaysAfter[1]+14) {
				many = max(many, len(cameOn(r.rxOf[o.PatientID], xd)))
			}
		}
		// or after severe frailty was coded (the DES prioritises it too;
		// twentieth review, frailty.go): within the year it holds (coded
		// yearly), since a review booked after it moves past admissions
		// (7c248511 at the stop 61 merge: coded 2024-07-01, three stays in
		// the autumn, the review on 2025-02-10)
		if many < sm.MedicinesAtLeast && !severeFrailtyBefore(r, o.PatientID, d, 366) {
			t.Errorf("%s: a structured medication review on %s after a review on at most %d repeat medicines", o.PatientID, d, many)
		}
	}
	enough(t, n, 5, "structured medication reviews")
}

// cameOn is the repeat medicines a person came to a review on day d on:
// those running the day before and those issued there, as the generator
// counts the courses running at the review (repeatMedicines). Before
// (h59f2), bd79a095's review on 2024-01-12 counted 9 here against the
// generator's 10: the bendroflumethiazide issue ran to 2024-01-11 and was
// not issued again, its course still running (a lapse reported, not fixed
// here; pathwayPopulation).
func cameOn(rxs []*models.Prescription, d models.Date) map[string]bool {
	on := repeatsOn(rxs, d)
	for k := range repeatsOn(rxs, d-1) {
		on[k] = true
	}
	return on
}

// pregnantOnDay reports whether the patient has a pregnancy on the record
// covering day d.
func pregnantOnDay(r *realism, id string, d models.Date) bool {
	for _, c := range r.condsOf[id] {
		if c.ConditionKey == "pregnancy" && c.OnsetDate <= d && (c.ResolvedDate == models.NoDate || d <= c.ResolvedDate) {
			return true
		}
	}
	return false
}

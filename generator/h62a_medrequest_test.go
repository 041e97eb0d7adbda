package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestMedicationRequestsAreIssued: a GP read "Medication requested" on a
// telephone contact about a condition and no prescription that day or in
// the week after, at 48,883 of 51,596 such calls (h62a, generate -n 20000
// -s 83; 50,407 with none for their reason): the repeat ran under a year's
// authorisation. A request is now answered with an issue of the
// condition's repeats at the call, unless a prescriber would review first
// (requestissue.go: the repeat is renewed within two weeks anyway, changed
// at its next review, its monitoring is due, or a renal limit or an
// age-due companion has come since). Most calls are answered; and every
// issue at a call is a repeat of its reason, of a product running the day
// before (a request renews, it never starts or changes a medicine).
func TestMedicationRequestsAreIssued(t *testing.T) {
	r := pathwayPopulation(t)
	code := r.p.medRequested.Snomed
	calls, answered := 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != code {
			continue
		}
		e := r.encs[o.EncounterID]
		if e == nil {
			continue
		}
		calls++
		d := e.StartTime.Date()
		for _, rx := range r.rxOf[o.PatientID] {
			if rx.ConditionID == e.ReasonConditionID && rx.StartDate >= d && rx.StartDate <= d+7 {
				answered++
				break
			}
		}
		for _, rx := range r.rxOf[o.PatientID] {
			if rx.EncounterID != e.EncounterID {
				continue
			}
			before := false
			for _, p := range r.rxOf[o.PatientID] {
				if p.DMDCode == rx.DMDCode && p.DoseText == rx.DoseText && p.EndDate == d-1 {
					before = true
				}
			}
			if rx.Type != models.PrescriptionRepeat || rx.ConditionID != e.ReasonConditionID || !before {
				t.Errorf("%s: %s (%s) issued at a medication request on %s is not a renewal of a repeat of its reason", o.PatientID, rx.Medication, rx.Type, d)
			}
		}
	}
	enough(t, calls, 2000, "medication requests")
	t.Logf("%d of %d medication requests with an issue for their reason that day or in the week after", answered, calls)
	// at least 3 in 5 (h62a: 68% here; 2% at generate -n 20000 -s 83
	// before): the rest are answered at the review that follows (an episode
	// resolved with its antidepressant still authorised is reviewed first)
	if 5*answered < 3*calls {
		t.Errorf("only %d of %d medication requests answered by an issue within a week", answered, calls)
	}
}

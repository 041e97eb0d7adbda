// Checks for brief h74b: a first seizure managed as a clinician manages it.
// A GP review found every first seizure in the record with no ECG, and
// nearly every one started on antiseizure medicine by the first-seizure
// clinic.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestFirstSeizureHasAnECG: a seizure and a cardiac syncope look alike, so
// a 12-lead ECG is taken when a first seizure is suspected (NICE NG217 1.2,
// approx; RCEM first seizure guideline). Every contact that codes a first
// seizure records one (catalogue first_contact_tests); before, 0 of 54 did
// (1 within 30 days; generate -n 20000 -s 83).
func TestFirstSeizureHasAnECG(t *testing.T) {
	r := review5Population(t)
	ecg, _ := datasets.ObservationByKey("ecg_12_lead")
	seen, without := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "first_seizure" {
			continue
		}
		seen++
		has := false
		for _, o := range r.obsByEnc[c.DiagnosisEncounterID] {
			has = has || o.SnomedCode == ecg.Snomed
		}
		if !has {
			without++
			t.Logf("%s: first seizure on %s with no 12-lead ECG at the contact", c.PatientID, c.OnsetDate)
		}
	}
	enough(t, seen, 20, "first seizures in the record")
	t.Logf("%d first seizures, %d without an ECG at the contact that coded them", seen, without)
	if without > 0 {
		t.Errorf("%d of %d first seizures have no 12-lead ECG at the contact that coded them (NICE NG217)", without, seen)
	}
}

// TestFirstSeizureTreatedAtOnceOnlyForHighRisk: antiseizure medicine is
// usually started after a second unprovoked seizure, at once only where
// the risk of recurrence is high (NICE NG217 1.1.3; Berg and Shinnar 1991:
// recurrence 36-47% at 2 years). Before, 43 of 43 people treated after a
// first seizure in the record were started at the first-seizure clinic
// (generate -n 20000 -s 83); catalogue recurrence_first treats 30% at once.
// Of those treated, at most 60% start at the clinic, and none before it.
func TestFirstSeizureTreatedAtOnceOnlyForHighRisk(t *testing.T) {
	r := review5Population(t)
	epilepsy := map[string]string{} // patient -> epilepsy condition id
	seizure := map[string]string{}  // first seizure condition id -> patient
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		switch c.ConditionKey {
		case "epilepsy":
			epilepsy[c.PatientID] = c.ConditionID
		case "first_seizure":
			seizure[c.ConditionID] = c.PatientID
		}
	}
	// The first-seizure clinic's day: the first outpatient attendance about
	// the seizure, or about the epilepsy it diagnoses there for the high
	// risk. (It was the seizure's resolution until fix75c kept the seizure
	// open to the clinic that sees it recur, h75b.)
	hadSeizure := map[string]bool{}
	for _, p := range seizure {
		hadSeizure[p] = true
	}
	clinic := map[string]models.Date{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		p, ok := seizure[e.ReasonConditionID]
		if !ok && e.ReasonConditionID != "" && e.ReasonConditionID == epilepsy[e.PatientID] && hadSeizure[e.PatientID] {
			p, ok = e.PatientID, true
		}
		if !ok || e.Setting != "outpatient" {
			continue
		}
		if d, seen := clinic[p]; !seen || e.StartTime.Date() < d {
			clinic[p] = e.StartTime.Date()
		}
	}
	first := map[string]models.Date{}
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		if _, ok := clinic[rx.PatientID]; !ok || rx.ConditionID != epilepsy[rx.PatientID] {
			continue
		}
		if d, ok := first[rx.PatientID]; !ok || rx.StartDate < d {
			first[rx.PatientID] = rx.StartDate
		}
	}
	atClinic, before := 0, 0
	for p, d := range first {
		switch {
		case d < clinic[p]:
			before++
			t.Logf("%s: antiseizure medicine on %s before the first-seizure clinic on %s", p, d, clinic[p])
		case d == clinic[p]:
			atClinic++
		}
	}
	enough(t, len(first), 15, "people treated after a first seizure in the record")
	t.Logf("%d first seizures, %d treated: %d at the clinic, %d later, %d before it", len(clinic), len(first), atClinic, len(first)-atClinic-before, before)
	if before > 0 {
		t.Errorf("%d people started antiseizure medicine before the first-seizure clinic", before)
	}
	if float64(atClinic) > 0.6*float64(len(first)) {
		t.Errorf("%d of %d people treated after a first seizure started at the first-seizure clinic: most should wait for a second seizure (NICE NG217)", atClinic, len(first))
	}
}

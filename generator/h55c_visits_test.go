// Checks for visits that sit where they should (brief h55c,
// docs/clinical-model.md, "Before the record: medicines, not
// consultations").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNoConsultationBeforeTheRecordOpens: the review that authorised a
// repeat still running when the record opens was written as a GP (or
// paediatric clinic) consultation before the window: 4,868 such encounters
// issuing 7,766 prescriptions (generate -n 20000 -s 83), consultations a
// practice's record of the window does not hold. The repeat is history the
// record carries, dated when it was authorised, with no encounter and no
// prescriber, as a condition diagnosed before the window is. Counts the
// encounters before the window (none), the prescriptions issued at one
// (none) and the repeats carried in with no encounter (each authorised
// before the window and running into it; enough of them that the medicines
// were kept).
func TestNoConsultationBeforeTheRecordOpens(t *testing.T) {
	const n = 3000
	p := testPlan(t, n, nil)
	b := generateAll(t, p, 0, n)
	before := map[string]bool{}
	for _, e := range b.Encounters {
		if e.StartTime.Date() < p.windowStart {
			before[e.EncounterID] = true
		}
	}
	var atBefore, carried, misplaced int
	for _, r := range b.Prescriptions {
		switch {
		case before[r.EncounterID]:
			atBefore++
		case r.EncounterID == "":
			carried++
			if r.StartDate >= p.windowStart || r.Type != models.PrescriptionRepeat || r.PrescriberID != "" ||
				r.EndDate != models.NoDate && r.EndDate < p.windowStart-1 {
				misplaced++
			}
		}
	}
	t.Logf("%d patients: %d encounters before the window, %d prescriptions issued at one, %d repeats carried in with no encounter (%d not in force as the record opens)",
		n, len(before), atBefore, carried, misplaced)
	if len(before) > 0 || atBefore > 0 {
		t.Errorf("%d encounters before the record opens, %d prescriptions issued at them: want none", len(before), atBefore)
	}
	if misplaced > 0 {
		t.Errorf("%d prescriptions with no encounter are not repeats authorised before the record and in force as it opens", misplaced)
	}
	// about 0.39 a patient at -n 20000 -s 83 (7,766): the medicines in force are kept
	if carried < n/10 {
		t.Errorf("only %d repeats in force carried into %d records: the medicines authorised before the record were lost", carried, n)
	}
}

// TestTelephoneAsthmaContactsAskAboutControl: an adult's GP telephone
// contact about asthma recorded nothing (2,110 of 8,327 at generate -n
// 20000 -s 83; the rest a repeat query). It now records what is asked by
// telephone, the Asthma Control Test score and smoking status (catalogue
// asthma reviews by_phone), and never a reading a call cannot take (peak
// flow, blood pressure). Counts adults' telephone contacts about asthma.
func TestTelephoneAsthmaContactsAskAboutControl(t *testing.T) {
	const n = 3000
	p := testPlan(t, n, nil)
	b := generateAll(t, p, 0, n)
	born := map[string]models.Date{}
	for _, pt := range b.Patients {
		born[pt.PatientID] = pt.BirthDate
	}
	asthma := map[string]bool{}
	for _, c := range b.Conditions {
		if c.ConditionKey == "asthma" {
			asthma[c.ConditionID] = true
		}
	}
	act := p.obsCodes[p.obsIndex["asthma_control_test"]].Snomed
	measured := map[string]bool{
		p.obsCodes[p.obsIndex["peak_flow"]].Snomed: true, p.obsCodes[p.slots.systolic].Snomed: true, p.obsCodes[p.slots.diastolic].Snomed: true,
	}
	phone := p.encTypes[encGPTelephone].Code
	calls := map[string]bool{}
	for _, e := range b.Encounters {
		if e.Setting == settingGP && e.TypeCode == phone && asthma[e.ReasonConditionID] && models.YearsBetween(born[e.PatientID], e.StartTime.Date()) >= 18 {
			calls[e.EncounterID] = true
		}
	}
	recorded, withACT := map[string]bool{}, 0
	taken := 0
	for _, o := range b.Observations {
		if !calls[o.EncounterID] {
			continue
		}
		recorded[o.EncounterID] = true
		if o.SnomedCode == act {
			withACT++
		}
		if measured[o.SnomedCode] {
			taken++
		}
	}
	empty := len(calls) - len(recorded)
	t.Logf("%d adults' telephone contacts about asthma: %d record nothing, %d an Asthma Control Test score, %d a peak flow or blood pressure",
		len(calls), empty, withACT, taken)
	if len(calls) < 300 {
		t.Fatalf("only %d telephone contacts about asthma: too few to judge", len(calls))
	}
	// a repeat query records its request; a call about the asthma itself asks about its control
	if float64(empty) > 0.02*float64(len(calls)) {
		t.Errorf("%d of %d adults' telephone contacts about asthma record nothing (want at most 2%%)", empty, len(calls))
	}
	if withACT < len(calls)/10 {
		t.Errorf("only %d of %d telephone contacts about asthma record an Asthma Control Test score", withACT, len(calls))
	}
	if taken > 0 {
		t.Errorf("%d peak flow or blood pressure readings at telephone contacts about asthma", taken)
	}
}

// Checks for brief h75e: an oral NSAID in older people. A GP found naproxen
// issued at 75 or over for a painful joint, back pain or a gout flare (717
// issues on generate -n 20000 -s 83). NICE NG226 offers a topical NSAID
// first and GI adverse reactions rise past 75 (Scottish polypharmacy
// guidance): from 75 the contact ladders give the step's older choice
// (catalogue older: ibuprofen gel for a joint, neck or shoulder, co-codamol
// for back pain and sciatica, colchicine for a gout flare).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
)

// TestNoOralNSAIDForPainFrom75: naproxen issued at 75 or over, for anything
// but rheumatoid arthritis (its NSAID line is a repeat) and chronic low back
// pain (NICE NG59 offers no opioid for it, so the NSAID, with its PPI, is its
// one drug), is none. On main: 892 in the shared population.
func TestNoOralNSAIDForPainFrom75(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	old, older := 0, 0
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		g, ok := datasets.RegimenByDMD(rx.DMDCode)
		if !ok || !datasets.InClass(g.Medicine, "nsaid") {
			continue
		}
		if ageOnDay(r.patients[rx.PatientID], rx.StartDate) < 75 {
			continue
		}
		older++
		if k := keys[rx.ConditionID]; k == "rheumatoid_arthritis" || k == "chronic_low_back_pain" {
			continue
		}
		old++
		if old <= 5 {
			t.Logf("%s at %d for %s: %s %s", rx.PatientID[:8], ageOnDay(r.patients[rx.PatientID], rx.StartDate), keys[rx.ConditionID], rx.StartDate, rx.Medication)
		}
	}
	t.Logf("oral NSAID issues at 75 or over: %d, %d of them not for rheumatoid arthritis or chronic low back pain", older, old)
	if old > 0 {
		t.Errorf("%d oral NSAID issues at 75 or over for pain or gout, want none (a topical NSAID, co-codamol or colchicine instead)", old)
	}
}

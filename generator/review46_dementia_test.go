// Checks for the forty-sixth stop: a dementia diagnosis made at the practice
// carries the brief cognitive test behind it (NICE NG97 1.2). Before, 1 of
// 119 diagnoses had one near it (GP review, generate -n 5000 -s 23).
package generator

import "testing"

// TestPracticeDementiaDiagnosesRecordACognitiveTest: every suspected
// dementia coded at a practice clinician's contact (its presenting memory
// impairment, which the practice refers to the memory service that
// diagnoses it; brief h59g) records the mini-mental state examination at
// that contact.
func TestPracticeDementiaDiagnosesRecordACognitiveTest(t *testing.T) {
	r := review5Population(t)
	fp := &r.p.frailty
	diagnosed, tested := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		e := r.encs[c.DiagnosisEncounterID]
		if c.ConditionKey != "memory_impairment" || e == nil || !fp.clinicianContact(e) {
			continue
		}
		diagnosed++
		for _, o := range r.obsByEnc[e.EncounterID] {
			if o.SnomedCode == "446971008" { // Assessment using mini-mental state examination
				tested++
				break
			}
		}
	}
	enough(t, diagnosed, 100, "suspected dementias at a practice contact")
	if tested != diagnosed {
		t.Errorf("%d of %d suspected dementias at a practice contact record no cognitive test", diagnosed-tested, diagnosed)
	}
}

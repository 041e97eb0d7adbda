// Checks for brief h74g: a hip fracture's bone protection is given or the
// record says why.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestHipFractureScanNotConfirmedSaysWhy: after a fragility fracture at 50
// or over the bone health is assessed and treatment offered or the reason
// recorded (NICE CG146, NOGG 2022; the NHFD audits it for every hip
// fracture). A hip fracture followed up by a DXA scan that did not confirm
// osteoporosis had neither treatment nor a decision: 16 people alive a month
// after a hip fracture at 50+ had neither (generate -n 20000 -s 83). Each
// such scan now codes the decision at it.
func TestHipFractureScanNotConfirmedSaysWhy(t *testing.T) {
	r := review5Population(t)
	dxa, ok := datasets.ObservationByKey("dxa_scan")
	if !ok {
		t.Fatal("observation_codes.csv: no dxa_scan")
	}
	keys := r.conditionKeys()
	treated := map[string]bool{} // patients with a medicine of the osteoporosis register's
	for i := range r.b.Prescriptions {
		if rx := &r.b.Prescriptions[i]; keys[rx.ConditionID] == "osteoporosis" && medKey(rx) != "colecalciferol" {
			treated[rx.PatientID] = true
		}
	}
	scans, without := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if keys[e.ReasonConditionID] != "hip_fracture" || treated[e.PatientID] {
			continue
		}
		scanned, decided := false, false
		for _, o := range r.obsByEnc[e.EncounterID] {
			scanned = scanned || o.SnomedCode == dxa.Snomed
			decided = decided || o.ValueCode == "183966005" || o.ValueCode == "182895007"
		}
		// a scan that confirmed it is followed by the GP's diagnosis up to
		// 28 days later (after_fracture diagnosis_days): one whose
		// diagnosis falls after the record's end is not judged
		last := r.p.Opts.Population()
		if pt := r.patients[e.PatientID]; pt.DeathDate != models.NoDate {
			last = pt.DeathDate
		}
		if !scanned || e.StartTime.Date()+28 >= last {
			continue
		}
		scans++
		if !decided {
			without++
			t.Logf("%s: DXA scan after a hip fracture on %s, no bone protection and no decision", e.PatientID, e.StartTime.Date())
		}
	}
	enough(t, scans, 3, "DXA scans after a hip fracture not followed by bone protection")
	t.Logf("%d scans after a hip fracture with no bone protection, %d with no decision", scans, without)
	if without > 0 {
		t.Errorf("%d of %d DXA scans after a hip fracture not followed by bone protection code no decision (NOGG 2022)", without, scans)
	}
}

// Checks for the second GP reading of the thirteenth review: emergencies
// that come by ambulance are admitted through A&E (docs/clinical-model.md,
// "New hypertension and frequent attenders (thirteenth review, second
// reading)").
package generator

import "testing"

// TestHeartAttacksStrokesAndBrokenHipsComeThroughAandE: 12 of 63 heart
// attacks, 26 of 93 strokes and 13 of 39 hip fractures were admitted "via
// GP" (admission method 22) with no GP contact the day before (generate -n
// 5000 -s 43). Every emergency admission for a presentation with via_ae, or
// for a condition's onset event with via_ae, is now method 21 with its A&E
// attendance.
func TestHeartAttacksStrokesAndBrokenHipsComeThroughAandE(t *testing.T) {
	r := pathwayPopulation(t)
	viaAE := map[string]bool{} // condition keys that come through A&E
	for i := range r.p.presentations {
		if pr := &r.p.presentations[i]; pr.ViaAE {
			viaAE[pr.Key] = true
		}
	}
	for i := range r.p.Cat.Conditions {
		if c := &r.p.Cat.Conditions[i]; c.OnsetEvent != nil && c.OnsetEvent.ViaAE {
			viaAE[c.Key] = true
			viaAE[c.EventKey()] = true
		}
	}
	key := r.conditionKeys()
	n := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingInpatient || (e.AdmissionMethod != "21" && e.AdmissionMethod != "22") || !viaAE[key[e.ReasonConditionID]] {
			continue
		}
		n++
		if e.AdmissionMethod != "21" {
			t.Errorf("%s admitted %s with method %s, want 21 (through A&E)", key[e.ReasonConditionID], e.StartTime.Date(), e.AdmissionMethod)
		}
	}
	enough(t, n, 50, "emergency admissions for heart attacks, strokes and broken hips")
}

package generator

import "testing"

// TestChildBlackoutsInAEHaveABloodPressure: NICE CG109 1.1.2 records the
// blood pressure at the initial assessment of every transient loss of
// consciousness. Before, 254 of 3,562 A&E blackouts had none, every one a
// child's (the pressure was an adult-only reading; generate -n 20000 -s 83).
// A child's is now taken at a child's level (AAP 2017 50th centiles,
// approx): under 13 the systolic averages well under an adult's 120.
func TestChildBlackoutsInAEHaveABloodPressure(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	systolic, diastolic := r.snomed("systolic_bp"), r.snomed("diastolic_bp")
	seen, without, young := 0, 0, 0
	sum := 0.0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		age := ageOnDay(r.patients[e.PatientID], e.StartTime.Date())
		if e.Setting != settingAE || keys[e.ReasonConditionID] != "syncope" || age >= 18 {
			continue
		}
		seen++
		var sys *float64
		hasDia := false
		for _, o := range r.obsByEnc[e.EncounterID] {
			if o.SnomedCode == systolic {
				sys = o.Value
			}
			hasDia = hasDia || o.SnomedCode == diastolic
		}
		if sys == nil || !hasDia {
			without++
			continue
		}
		if age < 13 {
			young++
			sum += *sys
		}
	}
	enough(t, seen, 50, "children's A&E attendances about syncope")
	enough(t, young, 10, "children under 13 with a blood pressure at an A&E blackout")
	mean := sum / float64(young)
	t.Logf("%d children's A&E blackouts, %d without a blood pressure; mean systolic under 13: %.1f (%d)", seen, without, mean, young)
	if without > 0 {
		t.Errorf("%d of %d children's A&E blackouts with no blood pressure (NICE CG109 1.1.2)", without, seen)
	}
	if mean < 90 || mean > 110 {
		t.Errorf("mean systolic of children under 13 at an A&E blackout %.1f, want 90-110 (AAP 2017 50th centiles about 96-105, approx)", mean)
	}
}

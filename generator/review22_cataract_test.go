// Checks for the twenty-second review of hospital care: the cataract
// pathway (catalogue presentation cataract, clinic_attendances).
package generator

import "testing"

// cataractClinicAttendances is the catalogue's clinic_attendances for a
// cataract, written here so the test also runs, and fails, on a catalogue
// without it: a first assessment with biometry, and one further attendance
// (the pre-operative assessment or the post-operative check).
const cataractClinicAttendances = 2

// TestCataractPathwayAttendances: 1,686 of 2,464 cataract clinic episodes
// had 4 or more attendances (generate -n 20000 -s 5). A cataract is
// assessed once, operated on as a day case and checked once after
// (RCOphth cataract commissioning guidance, NICE NG77): now almost no
// episode is seen in clinic more than twice, and most episodes the
// clinic sees are operated on.
func TestCataractPathwayAttendances(t *testing.T) {
	r := pathwayPopulation(t)
	cataract := map[string]bool{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "cataract" {
			cataract[c.ConditionID] = true
		}
	}
	seen, operated := map[string]int{}, map[string]bool{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if !cataract[e.ReasonConditionID] {
			continue
		}
		switch {
		case e.Setting == settingOutpatient:
			seen[e.ReasonConditionID]++
		case e.Setting == settingInpatient && e.AdmissionMethod == "11":
			operated[e.ReasonConditionID] = true
		}
	}
	enough(t, len(seen), 50, "cataract episodes seen in clinic")
	over, ops := 0, 0
	for id, n := range seen {
		if n > cataractClinicAttendances {
			over++
		}
		if operated[id] {
			ops++
		}
	}
	t.Logf("%d of %d cataract clinic episodes seen more than %d times, %d operated", over, len(seen), cataractClinicAttendances, ops)
	if 100*over > 3*len(seen) {
		t.Errorf("%d of %d cataract clinic episodes seen in clinic more than %d times, want under 3%%", over, len(seen), cataractClinicAttendances)
	}
	if 100*ops < 60*len(seen) { // (71% on 6,000 people: listed with share 0.75, some die or the record ends first)
		t.Errorf("%d of %d cataract clinic episodes operated on, want 60%% or more", ops, len(seen))
	}
}

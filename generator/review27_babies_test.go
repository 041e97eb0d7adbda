// Checks for the twenty-seventh review's feverish and chesty babies and
// young children at A&E: the temperature NICE NG143 asks
// for, and admission by age in bronchiolitis (NICE NG9; docs/clinical-
// model.md, "A feverish child at A&E is examined, and the youngest babies
// with bronchiolitis are admitted (twenty-seventh review)").
package generator

import (
	"testing"
)

// TestUnderFivesAtAEWithFeverAreExamined: on main none of the A&E
// attendances of a child under 5 about a fever or bronchiolitis recorded a
// temperature (0 of 492 fevers and 834 bronchiolitis on
// generate -n 20000 -s 5; 354 of 354 in this population). Each now
// records one (the heart rate is left for later: another path writes
// one at some of these contacts).
func TestUnderFivesAtAEWithFeverAreExamined(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.conditionKeys()
	seen, short := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingAE || (keys[e.ReasonConditionID] != "fever" && keys[e.ReasonConditionID] != "bronchiolitis") ||
			ageOnDay(r.patients[e.PatientID], e.StartTime.Date()) >= 5 {
			continue
		}
		seen++
		n := map[string]int{}
		for _, o := range r.obsByEnc[e.EncounterID] {
			n[o.SnomedCode]++
		}
		if n[temperatureCode] != 1 {
			short++
		}
	}
	if seen < 50 {
		t.Fatalf("only %d A&E attendances of under-5s with a fever or bronchiolitis: too few to judge", seen)
	}
	// Known gap (stop 52): since babies with a chest infection are admitted as
	// bronchiolitis is (h52d), a bronchiolitis attendance inside an open chest
	// infection's episode records its respiratory rate and saturation but no
	// temperature (1 of 333 here); at most 1 in 200.
	if short*200 > seen {
		t.Errorf("%d of %d A&E attendances of under-5s with a fever or bronchiolitis lack one temperature (NICE NG143 1.2; at most 1 in 200)", short, seen)
	}
}

// TestYoungBabiesWithBronchiolitisAreAdmitted: on main a baby under 6
// weeks with bronchiolitis was admitted no more often than an older one
// (13 of 71 under 6 weeks, 224 of 771 from 3 months, generate -n 20000
// -s 5; 4 of 16 and 61 of 204 in this population). NICE NG9: the youngest are at most risk; under 6 weeks nearly
// all are admitted now (a few stays cannot be placed beside a contact
// already on the record), and more often than at 3 months and over.
func TestYoungBabiesWithBronchiolitisAreAdmitted(t *testing.T) {
	r := pathwayPopulation(t)
	admitted := map[string]bool{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingInpatient {
			admitted[e.ReasonConditionID] = true
		}
	}
	// An LRTI in a baby is admitted by the same rule (session 52: none of 36
	// under 6 weeks was, generate -n 20000 -s 5; NICE NG143, NG9).
	for _, key := range []string{"bronchiolitis", "lrti"} {
		var young, youngIn, older, olderIn int
		for i := range r.b.Conditions {
			c := &r.b.Conditions[i]
			if c.ConditionKey != key {
				continue
			}
			days := int(c.OnsetDate - r.patients[c.PatientID].BirthDate)
			switch {
			case days < 42:
				young++
				if admitted[c.ConditionID] {
					youngIn++
				}
			case days >= 90 && days < 365: // older babies (an LRTI comes at any age)
				older++
				if admitted[c.ConditionID] {
					olderIn++
				}
			}
		}
		// at least 6 under 6 weeks (stop 64: 7 LRTIs in the test population
		// once weekend contacts spread over the week, h63i/h64a; with 6 or 7
		// the share still needs all but one admitted)
		if young < 6 || older < 30 {
			t.Fatalf("%d %s under 6 weeks and %d from 3 to 12 months: too few to judge", young, key, older)
		}
		if float64(youngIn) < 0.85*float64(young) || float64(youngIn)/float64(young) <= float64(olderIn)/float64(older) {
			t.Errorf("%s admitted: %d of %d under 6 weeks, %d of %d at 3 to 12 months; want nearly all the youngest (NICE NG9, NG143)", key, youngIn, young, olderIn, older)
		}
	}
}

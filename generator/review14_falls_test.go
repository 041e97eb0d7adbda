// Checks for the fourteenth review: an older person's fall at A&E is
// followed up at the GP (catalogue acute fall follow_up).
package generator

import (
	"math"
	"testing"
)

// TestFallsFollowedUpAtTheGP: a GP read 685 falls of people 65 and over
// seen at A&E, with a GP contact about 69 of them and no referral to a
// falls service (generate -n 5000 -s 47). Now, from the follow-up's age,
// the share the catalogue gives is seen at the practice about the fall
// within its days of the attendance, and the recorded share of those is
// referred to the falls service there, each within 4 standard errors; no
// one younger is referred.
func TestFallsFollowedUpAtTheGP(t *testing.T) {
	r := pathwayPopulation(t)
	var a *acutePlan
	for i := range r.p.acute {
		if r.p.acute[i].Key == "fall" {
			a = &r.p.acute[i]
		}
	}
	if a == nil || a.FollowUp == nil {
		t.Fatal("the catalogue's fall has no follow_up")
	}
	f := a.FollowUp
	about := map[string][]int{} // condition id -> the GP contacts about it
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingGP && e.ReasonConditionID != "" {
			about[e.ReasonConditionID] = append(about[e.ReasonConditionID], i)
		}
	}
	falls, seen, referred := 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != a.Key {
			continue
		}
		old := ageOnDay(r.patients[c.PatientID], c.OnsetDate) >= f.MinAge
		gpDays, refers := 0, false
		for _, i := range about[c.ConditionID] {
			e := &r.b.Encounters[i]
			if d := e.StartTime.Date() - c.OnsetDate; int(d) >= f.Days[0] && int(d) <= f.Days[1] {
				gpDays++
			}
			for _, o := range r.obsByEnc[e.EncounterID] {
				refers = refers || o.SnomedCode == a.followUpCode.Snomed
			}
		}
		if !old {
			if refers {
				t.Errorf("a fall at %d referred to the falls service (patient %s)", ageOnDay(r.patients[c.PatientID], c.OnsetDate), c.PatientID)
			}
			continue
		}
		falls++
		if gpDays > 0 {
			seen++
		}
		if refers {
			referred++
		}
	}
	enough(t, falls, 100, "falls at 65 and over")
	within := func(what string, got, n int, p float64) {
		want := p * float64(n)
		if se := math.Sqrt(float64(n) * p * (1 - p)); math.Abs(float64(got)-want) > 4*se+1 {
			t.Errorf("%s: %d of %d, want about %.0f", what, got, n, want)
		}
	}
	// a contact may not be booked (the record ends, a death, end-of-life care) or be moved
	// past the days to a free one: about a tenth
	within("falls at 65+ seen at the GP about the fall", seen, falls, f.Share*0.9)
	within("falls at 65+ referred to the falls service", referred, falls, f.Share*0.9*f.RecordedShare)
	t.Logf("%d falls at 65+, %d seen at the GP about them, %d referred", falls, seen, referred)
}

// Checks for the twenty-second review of the end of life: an acute cause of
// death is seen before the death (catalogue causes_of_death seen_before,
// generator/causeseen.go).
package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// seenBeforeCauses are the ICD-10 codes of the causes of death with
// seen_before (pneumonia, sepsis, stroke), written here so the test also
// runs, and fails, on a catalogue without them.
var seenBeforeCauses = []string{"J18", "A41", "I64"}

// TestAcuteDeathsFollowAContact: 40 of 210 deaths from pneumonia had no
// encounter of any kind (GP, A&E, admission, home visit) in their last 14
// days, and 15 of 71 from stroke (generate -n 20000 -s 5). Most pneumonia
// deaths end an emergency admission; one at home or in a care home follows
// the GP contact that saw it. Now no such death is without a contact in its
// last 14 days, and the cause's problem is diagnosed at one.
func TestAcuteDeathsFollowAContact(t *testing.T) {
	r := pathwayPopulation(t)
	encsOf := map[string][]*models.Encounter{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		encsOf[e.PatientID] = append(encsOf[e.PatientID], e)
	}
	deaths, unseen := 0, 0
	for i := range r.b.Patients {
		pt := &r.b.Patients[i]
		if pt.DeathDate == models.NoDate || pt.DeathDate < r.p.windowStart || !hasPrefix(pt.CauseOfDeathCode, seenBeforeCauses) {
			continue
		}
		deaths++
		seen := false
		for _, e := range encsOf[pt.PatientID] {
			if d := e.StartTime.Date(); d >= pt.DeathDate-14 && d <= pt.DeathDate {
				seen = true
			}
		}
		if !seen {
			unseen++
			if unseen <= 3 {
				t.Logf("patient %s: died of %s on %s with no contact in the 14 days before", pt.PatientID, pt.CauseOfDeath, pt.DeathDate)
			}
		}
	}
	enough(t, deaths, 40, "deaths from pneumonia, sepsis or stroke")
	t.Logf("%d of %d deaths from pneumonia, sepsis or stroke with no contact in the 14 days before", unseen, deaths)
	if unseen > 0 {
		t.Errorf("%d of %d deaths from pneumonia, sepsis or stroke with no contact in the 14 days before, want none", unseen, deaths)
	}
}

// hasPrefix reports whether code begins with one of prefixes.
func hasPrefix(code string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// Checks for the twelfth review's second reading, secondary prevention after
// a heart attack (docs/clinical-model.md, "The twelfth review's second
// reading").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestACEInhibitorAfterHeartAttack: NICE NG185 offers an ACE inhibitor to
// everyone after a myocardial infarction; the model gave ramipril only after
// a beta-blocker, to 153 of 260 people alive 90 days after one (59%,
// generate -n 20000 -s 5). Of the heart attacks in the history window of
// people alive 90 days later, at least two in three have an ACE inhibitor
// or ARB running within those 90 days.
func TestACEInhibitorAfterHeartAttack(t *testing.T) {
	r := pathwayPopulation(t)
	raas := map[string]bool{"ramipril": true, "lisinopril": true, "perindopril": true, "candesartan": true, "losartan": true}
	from, end := r.p.windowStart, r.p.Opts.Population()
	n, with := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		pt := r.patients[c.PatientID]
		if c.SnomedCode != "22298006" || c.OnsetDate < from || c.OnsetDate+90 > end || (pt.DeathDate != models.NoDate && pt.DeathDate <= c.OnsetDate+90) {
			continue
		}
		n++
		for _, rx := range r.rxOf[c.PatientID] {
			if raas[medKey(rx)] && rx.StartDate <= c.OnsetDate+90 && (rx.EndDate == models.NoDate || rx.EndDate >= c.OnsetDate) {
				with++
				break
			}
		}
	}
	enough(t, n, 40, "heart attacks in people alive 90 days later")
	t.Logf("%d of %d heart attacks with an ACE inhibitor or ARB within 90 days", with, n)
	if 3*with < 2*n {
		t.Errorf("%d of %d heart attacks with an ACE inhibitor or ARB within 90 days, want two in three or more (NICE NG185)", with, n)
	}
}

// Checks for brief h75h: where a child's chest infection is first seen.
package generator

import (
	"testing"
)

// TestChildChestInfectionsAreSeenAtTheGP: respiratory tract infections are
// the commonest reason children consult in general practice (TARGET cohort,
// catalogue lrti), where most chest infections of the under-6s are seen; a
// baby under 3 months with one is assessed in hospital (NICE NG143,
// gp_min_age_days 90). Before, every chest infection under 6 was first seen
// at A&E (1,328 of 1,328, the first band's gp weight 0; generate -n 20000
// -s 83). Now at least half of those under 6 are diagnosed at the GP, and
// none under 90 days old there.
func TestChildChestInfectionsAreSeenAtTheGP(t *testing.T) {
	r := review5Population(t)
	total, gp, young := 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		p := r.patients[c.PatientID]
		if c.ConditionKey != "lrti" || p == nil || ageOn(p, c.OnsetDate) >= 6 {
			continue
		}
		e := r.encs[c.DiagnosisEncounterID]
		if e == nil {
			continue
		}
		total++
		if e.Setting != settingGP {
			continue
		}
		gp++
		if days := int(c.OnsetDate - p.BirthDate); days < 90 {
			young++
			t.Logf("%s: a chest infection diagnosed at the GP at %d days old", c.PatientID, days)
		}
	}
	enough(t, total, 200, "chest infections under 6")
	t.Logf("%d of %d chest infections under 6 first seen at the GP", gp, total)
	if 2*gp < total {
		t.Errorf("%d of %d chest infections under 6 first seen at the GP (want half or more: most are seen in general practice)", gp, total)
	}
	if young > 0 {
		t.Errorf("%d chest infections under 3 months diagnosed at the GP (NICE NG143: assessed in hospital)", young)
	}
}

// Checks for brief h70b: iron deficiency anaemia investigated and treated as
// it is. A GP review of generate -n 20000 -s 83 found iron deficiency
// anaemia in men under 60 and women of 50-59 with nothing looked for, a
// haemoglobin that rose 20 g/L in a week on oral iron (not tested here: 4
// of 1,360 such rises before, 3 after, in this population).
package generator

import "testing"

// TestIronDeficiencyAnaemiaUnder60HasAFIT: NICE NG12 (2023) offers a FIT to
// adults under 60 with iron-deficiency anaemia, and BSG 2021 investigates
// men and post-menopausal women for a gastrointestinal cause. The contact
// that codes the anaemia in a man from 18 or a woman from 50 takes the FIT
// (anaemia.yaml treat investigate). Before: 45 of 48 men of 18-59 and 106
// of 128 women of 50-59 had no FIT, referral or endoscopy within 90 days
// (generate -n 20000 -s 83). The referral's exceptions (anaemiaExcepted)
// are left out, and episodes before the FIT came into use.
func TestIronDeficiencyAnaemiaUnder60HasAFIT(t *testing.T) {
	r := review5Population(t)
	ref, tr := r.p.anaemia.Refer, r.p.anaemia.deficiency.Treat
	if ref == nil || tr == nil || tr.Investigate == nil || r.p.anaemia.storesTest < 0 {
		t.Skip("anaemia.yaml has no referral or no FIT")
	}
	fit, slot := r.snomed(tr.Investigate.Observation), r.p.anaemia.storesTest
	checked, without := 0, 0
	for id, pt := range r.patients {
		from := tr.Investigate.FemaleFrom
		if pt.Sex == "male" {
			from = tr.Investigate.MaleFrom
		}
		for _, c := range r.condsOf[id] {
			age := ageOnDay(pt, c.OnsetDate)
			if c.ConditionKey != r.p.anaemia.Problem.Key || age < from || age >= ref.MinAge ||
				!r.p.inUse(slot, c.OnsetDate) || anaemiaExcepted(r, id, c) {
				continue
			}
			checked++
			if !r.readOn(id, fit, c.OnsetDate) && !r.readOn(id, fit, c.OnsetDate+1) {
				if without++; without <= 5 {
					t.Logf("patient %d (%s, %d): iron deficiency anaemia on %v with no FIT", pt.PatientIndex, pt.Sex, age, c.OnsetDate)
				}
			}
		}
	}
	t.Logf("%d iron deficiency anaemias under %d in men from %d and women from %d: %d without a FIT", checked, ref.MinAge, tr.Investigate.MaleFrom, tr.Investigate.FemaleFrom, without)
	enough(t, checked, 10, "iron deficiency anaemias under 60 to judge")
	if without > 0 {
		t.Errorf("%d of %d iron deficiency anaemias under 60 (men, women past the menopause) with no FIT at the contact (NICE NG12 2023, BSG 2021)", without, checked)
	}
}

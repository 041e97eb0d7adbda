package generator

import (
	"testing"
)

// TestScreeningLettersCarryNoBloods: a screening programme's letter filed
// at the practice (no clinician: workforce.yaml screening_result) holds
// the programme's result or non-attendance and nothing else. Before, a
// tiredness call's blood count, ferritin and TSH were taken "at the first
// face-to-face contact after the call" and that contact could be the
// letter: 3 letters of generate -n 4000 -s 7 carried them, one with the
// iron the results called for (.ci/parquet-assertions.sql
// gp_without_clinician; patients 1103, 1516 and 2242 of that run, the first
// 300 for breadth). Fails before on those three.
func TestScreeningLettersCarryNoBloods(t *testing.T) {
	p := testPlan(t, 4000, func(o *Options) { o.Seed = 7 })
	programmeCodes := map[string]bool{}
	for _, pp := range p.programmes {
		if pp.result.Snomed != "" {
			programmeCodes[pp.result.Snomed] = true
		}
		if pp.dna != nil {
			programmeCodes[pp.dna.Snomed] = true
		}
	}
	// and a child not brought to an immunisation visit, filed as the
	// programmes' non-attendance is (h68c, stop 68: immunisations.yaml
	// not_given)
	programmeCodes[obsCode(t, "imm_did_not_attend")] = true
	// and a flu vaccine declined in reply to the invitation, filed as the
	// programmes' answers are (h73f: fludeclined.go)
	programmeCodes[obsCode(t, "flu_vacc_declined")] = true
	// and a missed diabetic eye screen, filed as the programmes' is (h70e)
	if ep := p.eyeScreening; ep != nil && ep.dna != nil {
		programmeCodes[ep.dna.Snomed] = true
	}
	letters, bad := 0, 0
	for _, r := range [][2]int64{{1103, 1104}, {1516, 1517}, {2242, 2243}, {0, 300}} {
		b := generateAll(t, p, r[0], r[1])
		letter := map[string]bool{}
		for _, e := range b.Encounters {
			if e.Setting == settingGP && e.PractitionerID == "" {
				letter[e.EncounterID] = true
				letters++
			}
		}
		for _, o := range b.Observations {
			if letter[o.EncounterID] && !programmeCodes[o.SnomedCode] {
				bad++
				t.Errorf("patient %s: %s at a screening letter filed on %s", o.PatientID, o.Description, o.EffectiveTime.Date())
			}
		}
		for _, rx := range b.Prescriptions {
			if letter[rx.EncounterID] {
				bad++
				t.Errorf("patient %s: %s issued at a screening letter filed on %s", rx.PatientID, rx.Medication, rx.StartDate)
			}
		}
		for _, im := range b.Immunisations {
			if letter[im.EncounterID] {
				bad++
				t.Errorf("patient %s: a vaccine given at a screening letter", im.PatientID)
			}
		}
	}
	enough(t, letters, 20, "screening letters filed")
	if bad > 0 {
		t.Errorf("%d rows at letters no clinician saw", bad)
	}
}

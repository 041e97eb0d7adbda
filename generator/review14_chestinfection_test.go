// Checks for the fourteenth review: chest infections are seen at the GP
// as well as at A&E (datasets/catalogue.yaml, lrti).
package generator

import "testing"

// TestChestInfectionsAreSeenAtTheGP: a GP read every chest infection at
// A&E, with every antibiotic for one issued there (1,969 of 1,969 episodes,
// generate -n 5000 -s 47). Now adults' chest infections are diagnosed at GP
// consultations too, from the age the catalogue gives them there, and
// treated there at the catalogue's antibiotic share (Macfarlane et al. 1997:
// 58% of adults consulting with acute lower respiratory illness): at least
// a tenth of episodes begin at the GP, none of a baby under 3 months (brief
// h75h: a young child's chest infection is seen at the GP too, gp_min_age_days
// 90; before, none under 6), and of those at least half the catalogue's share
// is treated at the consultation.
func TestChestInfectionsAreSeenAtTheGP(t *testing.T) {
	r := pathwayPopulation(t)
	var pr *presPlan
	for pi := range r.p.presentations {
		if r.p.presentations[pi].Key == "lrti" {
			pr = &r.p.presentations[pi]
		}
	}
	if pr == nil || len(pr.Prescribe) == 0 {
		t.Fatal("no lrti presentation with a course in the catalogue")
	}
	share := pr.Prescribe[0].Probability
	treated := map[string]bool{} // condition id -> an antibiotic issued at its diagnosing encounter
	episodes, atGP, treatedAtGP := 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != pr.Key {
			continue
		}
		episodes++
		e := r.encs[c.DiagnosisEncounterID]
		if e == nil || e.Setting != settingGP {
			continue
		}
		atGP++
		if days := int(c.OnsetDate - r.patients[c.PatientID].BirthDate); days < 90 {
			t.Errorf("a chest infection diagnosed at the GP at %d days old (patient %s): a baby under 3 months is seen in hospital (NICE NG143)", days, c.PatientID)
		}
		for _, rx := range r.rxOf[c.PatientID] {
			if rx.ConditionID == c.ConditionID && rx.EncounterID == c.DiagnosisEncounterID {
				treated[c.ConditionID] = true
			}
		}
		if treated[c.ConditionID] {
			treatedAtGP++
		}
	}
	enough(t, episodes, 200, "chest infection episodes")
	if atGP*10 < episodes {
		t.Errorf("%d of %d chest infections diagnosed at the GP: want at least a tenth", atGP, episodes)
	}
	if float64(treatedAtGP) < 0.5*share*float64(atGP) {
		t.Errorf("%d of %d chest infections diagnosed at the GP treated there: want at least half the catalogue's share %.2f", treatedAtGP, atGP, share)
	}
	t.Logf("%d chest infections, %d diagnosed at the GP, %d of those given an antibiotic there", episodes, atGP, treatedAtGP)
}

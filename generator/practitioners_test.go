package generator

import (
	"regexp"
	"testing"
)

// TestPractitioners: every practice has minGPs to maxGPs GPs with unique ids
// and never-issued professional numbers; the pool does not depend on the
// seed; every GP encounter names a GP of its practice (the usual GP most of
// the time), no hospital encounter names one, and a prescription's
// prescriber is its encounter's practitioner.
func TestPractitioners(t *testing.T) {
	p := testPlan(t, 400, nil)
	other := testPlan(t, 400, func(o *Options) { o.Seed = 99 })
	if len(p.Practitioners()) != len(other.Practitioners()) || p.Practitioners()[0] != other.Practitioners()[0] {
		t.Fatal("practitioners depend on the seed")
	}
	number := regexp.MustCompile(`^ZZ[0-9]{7}$`)
	ids, numbers := map[string]bool{}, map[string]bool{}
	for _, g := range p.Practitioners() {
		if ids[g.PractitionerID] || numbers[g.ProfessionalNumber] || !number.MatchString(g.ProfessionalNumber) ||
			g.GivenName == "" || g.FamilyName == "" || g.Role != RoleGP {
			t.Fatalf("bad or repeated practitioner %+v", g)
		}
		ids[g.PractitionerID], numbers[g.ProfessionalNumber] = true, true
	}
	for _, pr := range p.Practices() {
		if n := len(p.practicePractitioners[pr.PracticeID]); n < minGPs || n > maxGPs {
			t.Fatalf("practice %s has %d GPs", pr.PracticeID, n)
		}
	}
	b := generateAll(t, p, 0, 400)
	gpEncs, usual := 0, 0
	byEnc := map[string]string{}
	for _, e := range b.Encounters {
		byEnc[e.EncounterID] = e.PractitionerID
		if e.Setting != settingGP {
			if e.PractitionerID != "" {
				t.Fatalf("%s encounter %s has practitioner %s", e.Setting, e.EncounterID, e.PractitionerID)
			}
			continue
		}
		gps := p.practicePractitioners[e.PracticeID]
		found := false
		for _, g := range gps {
			found = found || g.PractitionerID == e.PractitionerID
		}
		if !found {
			t.Fatalf("encounter %s: practitioner %q is not of practice %s", e.EncounterID, e.PractitionerID, e.PracticeID)
		}
		gpEncs++
		if gps[hash64(e.PracticeID, e.PatientID)%uint64(len(gps))].PractitionerID == e.PractitionerID {
			usual++
		}
	}
	if share := float64(usual) / float64(gpEncs); gpEncs < 1000 || share < 0.75 || share > 0.9 {
		t.Errorf("%d of %d GP encounters with the usual GP", usual, gpEncs)
	}
	for _, rx := range b.Prescriptions {
		if rx.PrescriberID != byEnc[rx.EncounterID] {
			t.Fatalf("prescription %s: prescriber %q, encounter's practitioner %q", rx.PrescriptionID, rx.PrescriberID, byEnc[rx.EncounterID])
		}
	}
}

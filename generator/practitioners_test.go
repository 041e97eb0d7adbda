package generator

import (
	"regexp"
	"testing"
)

// TestPractitioners: every practice has each workforce.yaml staff role in
// its min to max, with unique ids and never-issued professional numbers; the
// pool does not depend on the seed; every GP-practice encounter names a
// clinician of its practice (a GP's consultation the usual GP most of the
// time), no hospital encounter names one, and a prescription's prescriber is
// its encounter's practitioner when that is a GP, else a GP of the practice.
func TestPractitioners(t *testing.T) {
	p := testPlan(t, 400, nil)
	other := testPlan(t, 400, func(o *Options) { o.Seed = 99 })
	if len(p.Practitioners()) != len(other.Practitioners()) || p.Practitioners()[0] != other.Practitioners()[0] {
		t.Fatal("practitioners depend on the seed")
	}
	number := regexp.MustCompile(`^ZZ[0-9]{7}$`)
	ids, numbers := map[string]bool{}, map[string]bool{}
	role := map[string]string{}
	for _, g := range p.Practitioners() {
		r := p.workforce.RoleIndex(g.Role)
		if ids[g.PractitionerID] || numbers[g.ProfessionalNumber] || !number.MatchString(g.ProfessionalNumber) ||
			g.GivenName == "" || g.FamilyName == "" || r < 0 || g.RoleCode != p.workforce.Staff[r].Code {
			t.Fatalf("bad or repeated practitioner %+v", g)
		}
		ids[g.PractitionerID], numbers[g.ProfessionalNumber] = true, true
		role[g.PractitionerID] = g.Role
	}
	for i := range p.practices {
		for r, sr := range p.workforce.Staff {
			if n := len(p.practiceStaff[&p.practices[i]][r]); n < sr.Min || n > sr.Max {
				t.Fatalf("practice %s has %d of %s", p.practices[i].PracticeID, n, sr.Role)
			}
		}
	}
	gps := func(practice string) []string {
		var out []string
		for _, g := range p.practicePractitioners[practice] {
			if g.Role == RoleGP {
				out = append(out, g.PractitionerID)
			}
		}
		return out
	}
	b := generateAll(t, p, 0, 400)
	// a screening programme's letter filed is the one GP record no one sees
	// the patient at (workforce.yaml screening_result)
	programmeCodes := map[string]bool{}
	for _, pp := range p.programmes {
		programmeCodes[pp.result.Snomed] = pp.result.Snomed != ""
		if pp.dna != nil {
			programmeCodes[pp.dna.Snomed] = true
		}
	}
	// and a child not brought to an immunisation visit, filed as the
	// programmes' non-attendance is (h68c, stop 68: immunisations.yaml
	// not_given)
	programmeCodes[obsCode(t, "imm_did_not_attend")] = true
	// and a missed diabetic eye screen, the programme's notice filed as the
	// other programmes' non-attendance is (h70e: screening.yaml diabetic_eye
	// did_not_attend; the patient did not come, so no one saw them)
	if ep := p.eyeScreening; ep != nil && ep.dna != nil {
		programmeCodes[ep.dna.Snomed] = true
	}
	// a declined flu vaccine is coded at a clinician's contact in the
	// season or, failing one, as the invitation's reply filed by no one
	// (h73f: fludeclined.go): either may hold it
	declined, eitherWay := obsCode(t, "flu_vacc_declined"), map[string]bool{}
	letters := map[string]bool{}
	for _, o := range b.Observations {
		if programmeCodes[o.SnomedCode] {
			letters[o.EncounterID] = true
		}
		if o.SnomedCode == declined {
			eitherWay[o.EncounterID] = true
		}
	}
	for _, c := range b.Conditions { // an aneurysm found: the letter codes the problem only
		for _, pp := range p.programmes {
			if c.ConditionKey == pp.p.FollowUp.Problem.Key {
				letters[c.DiagnosisEncounterID] = true
			}
		}
	}
	gpEncs, usual, filed := 0, 0, 0
	byEnc := map[string]string{}
	for _, e := range b.Encounters {
		byEnc[e.EncounterID] = e.PractitionerID
		if e.Setting != settingGP {
			if e.PractitionerID != "" {
				t.Fatalf("%s encounter %s has practitioner %s", e.Setting, e.EncounterID, e.PractitionerID)
			}
			continue
		}
		if letters[e.EncounterID] != (e.PractitionerID == "") && !eitherWay[e.EncounterID] {
			t.Fatalf("GP encounter %s: practitioner %q, a screening letter %v: only a letter is seen by no one", e.EncounterID, e.PractitionerID, letters[e.EncounterID])
		}
		if e.PractitionerID == "" {
			filed++
			continue
		}
		found := false
		for _, g := range p.practicePractitioners[e.PracticeID] {
			found = found || g.PractitionerID == e.PractitionerID
		}
		if !found {
			t.Fatalf("encounter %s: practitioner %q is not of practice %s", e.EncounterID, e.PractitionerID, e.PracticeID)
		}
		if role[e.PractitionerID] != RoleGP || e.TypeCode != p.encTypes[encGPProblem].Code {
			continue
		}
		gpEncs++
		g := gps(e.PracticeID)
		if g[hash64(e.PracticeID, e.PatientID)%uint64(len(g))] == e.PractitionerID {
			usual++
		}
	}
	if share := float64(usual) / float64(gpEncs); gpEncs < 1000 || share < 0.75 || share > 0.9 {
		t.Errorf("%d of %d GP consultations with the usual GP", usual, gpEncs)
	}
	enough(t, filed, 20, "screening letters filed")
	for _, rx := range b.Prescriptions {
		by := byEnc[rx.EncounterID]
		if (by == "") != (rx.PrescriberID == "") || (by != "" && role[rx.PrescriberID] != RoleGP) || (role[by] == RoleGP && rx.PrescriberID != by) {
			t.Fatalf("prescription %s: prescriber %q (%s), encounter's practitioner %q", rx.PrescriptionID, rx.PrescriberID, role[rx.PrescriberID], by)
		}
	}
}

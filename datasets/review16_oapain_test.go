// Checks for the sixteenth review: the medicines and data of osteoarthritis
// pain relief at the GP (catalogue contact_ladder).
package datasets

import (
	"strings"
	"testing"
)

// TestOsteoarthritisPainMedicines: ibuprofen 5% gel carries the dm+d VMP id
// seen with its VMP name in the gm-sde code sets (330202001, not the typed
// product concept 41740811000001103); it is a topical NSAID, outside the
// oral NSAID rules, but an NSAID allergy rules it out, as a codeine one
// rules out co-codamol.
func TestOsteoarthritisPainMedicines(t *testing.T) {
	if m, ok := MedicineByKey("ibuprofen_gel"); !ok || m.DMDCode != "330202001" || m.Name != "Ibuprofen 5% gel" {
		t.Fatalf("ibuprofen_gel = %+v, %v", m, ok)
	}
	if InClass("ibuprofen_gel", "nsaid") || !InClass("ibuprofen_gel", "topical_nsaid") || !InClass("co_codamol", "weak_opioid") {
		t.Error("ibuprofen gel must be a topical NSAID only, co-codamol a weak opioid")
	}
	a, err := LoadAllergies()
	if err != nil {
		t.Fatal(err)
	}
	avoids := map[string]string{"nsaid": "ibuprofen_gel", "codeine": "co_codamol"}
	for _, m := range a.Allergies {
		if want, ok := avoids[m.Key]; ok {
			if !m.Avoids(want) {
				t.Errorf("allergy %s does not rule out %s", m.Key, want)
			}
			delete(avoids, m.Key)
		}
	}
	if len(avoids) > 0 {
		t.Errorf("allergy entries missing: %v", avoids)
	}
}

// TestContactLadderChecks: the knee and hip osteoarthritis ladders load, and
// a ladder with no source, a step_up beyond 1 or an unknown drug does not.
func TestContactLadderChecks(t *testing.T) {
	c, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, pr := range c.Presentations {
		if pr.ContactLadder != nil && (pr.Key == "knee_osteoarthritis" || pr.Key == "hip_osteoarthritis") {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d osteoarthritis presentations with a contact ladder, want 2", n)
	}
	const row = "  - {key: zz, snomed: \"1\", icd10: R05, description: x, gp: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], contact_ladder: %s}\n"
	for name, l := range map[string]string{
		"no source":    "{steps: [{drug: naproxen, probability: 0.5, days: 14}], step_up: 0.5}",
		"step_up":      "{steps: [{drug: naproxen, probability: 0.5, days: 14}], step_up: 1.5, source: x}",
		"unknown drug": "{steps: [{drug: unobtainium, probability: 0.5, days: 14}], step_up: 0.5, source: x}",
		"no days":      "{steps: [{drug: naproxen, probability: 0.5}], step_up: 0.5, source: x}",
	} {
		doc := strings.Replace(string(catalogueYAML), "\npresentations:\n", "\npresentations:\n"+strings.Replace(row, "%s", l, 1), 1)
		if _, err := ParseCatalogue([]byte(doc)); err == nil {
			t.Errorf("%s: catalogue loaded", name)
		}
	}
}

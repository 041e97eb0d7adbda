// Checks for fxa: the nasal flu vaccine's "first" label.
package generator

import "testing"

// TestNasalFluFirstDoseIsCodedOnce: a child's nasal flu vaccine was coded
// "Administration of first intranasal seasonal influenza vaccination" in
// every season (1,802 children more than once at generate -n 20000 -s 83);
// a later season's dose now takes the generic seasonal code
// (immunisations.yaml flu_live_nasal): no child reads "first" twice.
func TestNasalFluFirstDoseIsCodedOnce(t *testing.T) {
	r := review5Population(t)
	firsts := map[string]int{}
	later := 0
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		if m.VaccineKey != "flu_live_nasal" {
			continue
		}
		if m.ProcedureCode == "884861000000100" {
			firsts[m.PatientID]++
		} else {
			later++
		}
	}
	twice := 0
	for _, n := range firsts {
		if n > 1 {
			twice++
		}
	}
	t.Logf("children with a first nasal dose %d, coded first more than once %d; later seasons' doses %d", len(firsts), twice, later)
	enough(t, len(firsts), 500, "children given the nasal flu vaccine")
	if twice > 0 {
		t.Errorf("%d children coded a first intranasal flu vaccination more than once", twice)
	}
}

package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestPrescriptionTypes: a course for an acute problem is an acute issue and
// a long-term medicine a repeat, as GP systems record them (every
// MedicationRequest had said "continuous long term therapy", a five-day
// antibiotic course included).
func TestPrescriptionTypes(t *testing.T) {
	r := newRealism(t, 3000)
	want := map[string]string{"amoxicillin": models.PrescriptionAcute, "nitrofurantoin": models.PrescriptionAcute,
		"metformin": models.PrescriptionRepeat, "atorvastatin": models.PrescriptionRepeat}
	seen := map[string]int{}
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		if rx.Type != models.PrescriptionAcute && rx.Type != models.PrescriptionRepeat {
			t.Fatalf("%s: prescription type %q", rx.Medication, rx.Type)
		}
		reg, ok := datasets.RegimenByDMD(rx.DMDCode)
		if w, checked := want[reg.Medicine]; ok && checked {
			if rx.Type != w {
				t.Fatalf("%s issued as %s, want %s", rx.Medication, rx.Type, w)
			}
			seen[reg.Medicine]++
		}
	}
	for med := range want {
		if seen[med] == 0 {
			t.Errorf("no %s prescription at all: the test tests nothing for it", med)
		}
	}
}

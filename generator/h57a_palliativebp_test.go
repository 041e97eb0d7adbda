package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNoRoutineBloodPressureAtPalliativeHomeVisits: once on the palliative
// care register a GP home visit does not take the routine blood pressure
// and pulse (NICE NG31: observations only where they change the care).
// The blood pressure the antihypertensives are judged on is read at the
// register review (fewer_drugs stop_below) and a contact whose illness
// calls for it reads its own. Before, 3,737 home-visit systolics on the
// register came at visits that recorded nothing else (28% of 13,490 such
// visits; 213 of them 160 or more, with nothing done; generate -n 20000 -s
// 83). Want at most 1% of register home visits with a blood pressure and
// nothing else, and fewer than 1 in 10 with a blood pressure at all.
func TestNoRoutineBloodPressureAtPalliativeHomeVisits(t *testing.T) {
	r := review5Population(t)
	home := r.p.encTypes[encGPHomeVisit].Code
	exam := map[string]bool{r.snomed("systolic_bp"): true, r.snomed("diastolic_bp"): true, r.snomed("heart_rate"): true}
	sys := r.snomed("systolic_bp")
	register := r.p.Cat.EndOfLife.Register.Snomed
	onRegister := map[string]models.Date{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.SnomedCode == register {
			if d, ok := onRegister[c.PatientID]; !ok || c.OnsetDate < d {
				onRegister[c.PatientID] = c.OnsetDate
			}
		}
	}
	visits, withBP, bpOnly, high := 0, 0, 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if d, ok := onRegister[e.PatientID]; e.TypeCode != home || !ok || d > e.StartTime.Date() {
			continue
		}
		visits++
		bp, other := false, false
		for _, o := range r.obsByEnc[e.EncounterID] {
			if o.SnomedCode == sys {
				bp = true
				if o.Value != nil && *o.Value >= 160 {
					high++
				}
			}
			other = other || !exam[o.SnomedCode]
		}
		if bp {
			withBP++
			if !other {
				bpOnly++
				if testing.Verbose() {
					t.Logf("%s: a blood pressure and nothing else at a home visit on %s, on the register from %s", e.PatientID, e.StartTime.Date(), onRegister[e.PatientID])
				}
			}
		}
	}
	enough(t, visits, 2000, "home visits on the palliative care register")
	t.Logf("%d home visits on the register: %d with a blood pressure (%d systolics of 160 or more), %d with nothing else", visits, withBP, high, bpOnly)
	if bpOnly*100 > visits {
		t.Errorf("%d of %d home visits on the register took a blood pressure and recorded nothing else (want at most 1%%: the routine examination is not taken on the register)", bpOnly, visits)
	}
	if withBP*10 > visits {
		t.Errorf("%d of %d home visits on the register took a blood pressure (want fewer than 1 in 10: at the register review, or for an illness)", withBP, visits)
	}
}

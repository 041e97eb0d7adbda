package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestRescuePackStartedAtExacerbation: NICE NG115 (rescue packs for
// self-management): a COPD rescue pack kept at home is started at the onset
// of an exacerbation, the practice told, and the pack replaced. Before
// (brief h75i, generate -n 20000 -s 83), the packs were issued after the
// exacerbations were written: 963 GP issues of fresh prednisolone for a COPD
// exacerbation fell within a year after a pack, and no pack was ever issued
// at an exacerbation. Now no GP exacerbation is given fresh prednisolone
// with a pack issued in the year before, and the contacts that find one
// re-issue it.
func TestRescuePackStartedAtExacerbation(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	isPack := func(rx *models.Prescription) bool { return strings.HasPrefix(rx.DoseText, "Keep at home") }
	packsOf := map[string][]models.Date{}
	exacerbationDay := map[string]map[models.Date]bool{}
	for _, c := range r.b.Conditions {
		if keys[c.ConditionID] == "copd_exacerbation" {
			if exacerbationDay[c.PatientID] == nil {
				exacerbationDay[c.PatientID] = map[models.Date]bool{}
			}
			exacerbationDay[c.PatientID][c.OnsetDate] = true
		}
	}
	packs, atExacerbation := 0, 0
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		if isPack(rx) && medKey(rx) == "prednisolone" {
			packs++
			packsOf[rx.PatientID] = append(packsOf[rx.PatientID], rx.StartDate)
			if exacerbationDay[rx.PatientID][rx.StartDate] {
				atExacerbation++
			}
		}
	}
	fresh, afterPack := 0, 0
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		if keys[rx.ConditionID] != "copd_exacerbation" || medKey(rx) != "prednisolone" || isPack(rx) {
			continue
		}
		if e := r.encs[rx.EncounterID]; e == nil || e.Setting != "gp" {
			continue
		}
		fresh++
		for _, d := range packsOf[rx.PatientID] {
			if d < rx.StartDate && rx.StartDate-d <= 365 {
				afterPack++
				if afterPack <= 5 {
					t.Logf("%s: fresh prednisolone on %s with a pack issued on %s", rx.PatientID, rx.StartDate, d)
				}
				break
			}
		}
	}
	t.Logf("%d pack issues, %d at an exacerbation; %d fresh GP courses, %d within a year after a pack", packs, atExacerbation, fresh, afterPack)
	if packs == 0 || fresh == 0 {
		t.Fatal("no rescue packs or no GP exacerbation courses to judge")
	}
	if afterPack > 0 {
		t.Errorf("%d GP exacerbation courses of fresh prednisolone with a rescue pack issued in the year before", afterPack)
	}
	if atExacerbation == 0 {
		t.Error("no rescue pack re-issued at the exacerbation that started one")
	}
}

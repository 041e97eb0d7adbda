// Checks for brief h75b: levetiracetam titrated as the product information
// says. A GP review found it issued at 250 mg twice a day for years (57
// people, 665 issues at generate -n 20000 -s 83), the lower starting dose,
// never raised.
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestLevetiracetamIsRaisedFromItsStartingDose: 250 mg twice a day is a
// starting dose, raised to 500 mg twice a day after two weeks and on by
// response (levetiracetam SmPC; BNF). No issue of the 250 mg tablets at one
// tablet twice a day runs past 28 days, and each start of the tablets in
// the record begins with the 14-day starter, the next issue within three
// weeks at a higher dose, or at 500 mg twice a day (the SmPC's initial
// therapeutic dose, when the follow-up comes before the starter ends).
func TestLevetiracetamIsRaisedFromItsStartingDose(t *testing.T) {
	r := review5Population(t)
	const tablets = "323055006" // Levetiracetam 250mg tablets (medicines.csv)
	long, starts, wrong, people := 0, 0, 0, 0
	for id, p := range r.patients {
		var lev []*models.Prescription
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "levetiracetam" {
				lev = append(lev, rx)
			}
		}
		if !slices.ContainsFunc(lev, func(rx *models.Prescription) bool { return rx.DMDCode == tablets }) {
			continue
		}
		people++
		slices.SortFunc(lev, func(a, b *models.Prescription) int { return int(a.StartDate - b.StartDate) })
		for _, rx := range lev {
			if rx.DoseText == "Take ONE tablet twice a day" && (rx.EndDate == models.NoDate || rx.EndDate-rx.StartDate > 28) {
				long++
				t.Logf("%s: levetiracetam 250 mg twice a day from %s to %s", id, rx.StartDate, rx.EndDate)
			}
		}
		first := lev[0]
		if first.EncounterID == "" || first.DMDCode != tablets || models.YearsBetween(p.BirthDate, first.StartDate) < 12 {
			continue // running as the record opens, or a child's oral solution
		}
		starts++
		starter := len(lev) > 1 && first.EndDate != models.NoDate && first.EndDate-first.StartDate <= 21 && lev[1].StartDate-first.StartDate <= 21 && lev[1].DoseText != first.DoseText
		if !starter && first.DoseText != "Take TWO tablets twice a day" { // (or begun at 500 mg twice a day, as the SmPC allows)
			wrong++
			t.Logf("%s: levetiracetam started %s as %q to %s", id, first.StartDate, first.DoseText, first.EndDate)
		}
	}
	enough(t, people, 20, "people on levetiracetam tablets")
	t.Logf("%d people on levetiracetam tablets: %d issues at 250 mg twice a day past 28 days; %d starts in the record, %d not raised after two weeks", people, long, starts, wrong)
	if long > 0 {
		t.Errorf("%d issues of levetiracetam 250 mg twice a day run past 28 days: a starting dose, raised after two weeks (SmPC, BNF)", long)
	}
	if wrong > 0 {
		t.Errorf("%d of %d levetiracetam starts neither begun at 250 mg twice a day for two weeks and then raised, nor at 500 mg twice a day", wrong, starts)
	}
}

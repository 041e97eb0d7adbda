package generator

import (
	"sort"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestBetaBlockerAfterALowEjectionFractionStartsLow: bisoprolol first
// issued within 60 days after an ejection fraction of 40% or less (the
// echocardiogram of a heart attack's stay, or of a heart failure
// diagnosis) is the heart failure ladder's first dose, 1.25 mg, whichever
// condition it is issued for, and is raised no sooner than a week later.
// h64b read 4a4d4621 (-n 3000 -s 31): EF 15% after an MI, bisoprolol begun at
// 5 mg for the coronary heart disease (45 of 111 such starts at 5 mg,
// generate -n 20000 -s 83). Bisoprolol SmPC / BNF, heart failure: 1.25 mg
// once daily for 1 week, then 2.5 mg for 1 week, 3.75 mg, 5 mg, 7.5 mg and
// 10 mg; NICE NG106 1.4: start low, go slow. Bound: none otherwise (the
// start is the model's rule, heldladder.go), and enough starts to see it.
func TestBetaBlockerAfterALowEjectionFractionStartsLow(t *testing.T) {
	r := pathwayPopulation(t)
	ef := r.snomed("lvef")
	checked := 0
	for id := range r.patients {
		var bis []*models.Prescription
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "bisoprolol" {
				bis = append(bis, rx)
			}
		}
		if len(bis) == 0 {
			continue
		}
		sort.Slice(bis, func(i, j int) bool { return bis[i].StartDate < bis[j].StartDate })
		first := bis[0]
		low := false
		for _, o := range r.values(id, ef) {
			d := o.EffectiveTime.Date()
			low = low || *o.Value <= 40 && d <= first.StartDate && first.StartDate-d <= 60
		}
		if !low {
			continue
		}
		checked++
		g, _ := datasets.RegimenByDMD(first.DMDCode)
		if g.Ladder != "heart_failure" || g.Step != 0 {
			t.Errorf("%s: bisoprolol begun on %s at %q after an ejection fraction of 40%% or less", id, first.StartDate, first.Medication)
			continue
		}
		for _, rx := range bis[1:] {
			if rx.DMDCode != first.DMDCode && rx.StartDate-first.StartDate < 7 {
				t.Errorf("%s: bisoprolol 1.25 mg of %s raised to %q after %d days", id, first.StartDate, rx.Medication, rx.StartDate-first.StartDate)
			}
		}
	}
	enough(t, checked, 5, "bisoprolol starts after a low ejection fraction")
	t.Logf("%d bisoprolol starts after an ejection fraction of 40%% or less", checked)
}

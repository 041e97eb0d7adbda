// Checks for h63a (issue 9): a GP read a woman on methotrexate who conceived
// with no contraception on the record and the methotrexate issued up to the
// pregnancy (generate -n 3000 -s 31). A woman on a medicine of teratogenic
// potential (methotrexate, valproate) has contraception from the diagnosis
// that starts it to 55, long-acting methods first (MHRA Drug Safety Update,
// March 2019), and few pregnancies begin while she takes it (pregnancy.yaml
// teratogen). Before, at -n 20000 -s 83: 275 of 326 issues to women aged
// 12-54 with no hormonal contraception running, and 3 of 40 such women
// conceived on it or within 3 months of its last supply.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// teratogenRx reports whether the prescription is of a class of
// pregnancy.yaml teratogen.
func teratogenRx(r *realism, rx *models.Prescription) bool {
	for _, cls := range r.p.pregnancy.p.Teratogen.Classes {
		if datasets.InClass(medKey(rx), cls) {
			return true
		}
	}
	return false
}

// TestTeratogenIssuedWithContraception: an issue of methotrexate or
// valproate at a visit to a woman aged 12-54 has hormonal contraception
// running that day, 75 in 100 or more (88 in 100 on seed 83; before, 16).
// The rest: an implant or intrauterine system fitted before the record's
// window is not shown until its replacement (the record writes no
// contraception issued before its window), and a method a condition rules
// out with nothing else to give (hormonecourse.go).
func TestTeratogenIssuedWithContraception(t *testing.T) {
	r := review5Population(t)
	issues, covered := 0, 0
	for id, rxs := range r.rxOf {
		pt := r.patients[id]
		if pt.Sex != "female" {
			continue
		}
		for _, rx := range rxs {
			if rx.EncounterID == "" || !teratogenRx(r, rx) {
				continue
			}
			if a := ageOnDay(pt, rx.StartDate); a < 12 || a >= 55 {
				continue
			}
			issues++
			if inClassOn(rxs, "hormonal_contraceptive", rx.StartDate) {
				covered++
			}
		}
	}
	t.Logf("%d of %d teratogen issues to women aged 12-54 with hormonal contraception running", covered, issues)
	if issues < 40 {
		t.Fatalf("only %d issues: too few to judge", issues)
	}
	if covered*100 < 75*issues {
		t.Errorf("%d of %d issues with contraception running, want 75%% or more", covered, issues)
	}
}

// TestFewPregnanciesBeginOnATeratogen: pregnancies whose last period
// (taken as 7 weeks before the practice confirms it: confirm_weeks 6-8)
// falls while a teratogen issue runs, or within 90 days of its end, are
// under a quarter of those expected at the population's rate for each year of age
// 15-49 over the days she takes it (kept_pct 15, long-acting methods
// averting all). Before, the pregnancies were drawn whatever she took: 2
// begun on it at seed 11. Judged only where 2 or more are expected.
func TestFewPregnanciesBeginOnATeratogen(t *testing.T) {
	r := review5Population(t)
	from, to := r.p.windowStart, r.p.Opts.AsOf
	const lo, hi = 15, 50
	var days, births [hi]float64 // woman-days and pregnancies by age at the last period
	onDays := [hi]float64{}
	observed := 0
	for id, pt := range r.patients {
		if pt.Sex != "female" {
			continue
		}
		on := map[models.Date]bool{}
		for _, rx := range r.rxOf[id] {
			if !teratogenRx(r, rx) {
				continue
			}
			end := rx.EndDate
			if end == models.NoDate {
				end = to
			}
			for d := max(rx.StartDate, from); d <= min(end, to); d++ {
				on[d] = true
			}
		}
		for d := from; d < to; d += 7 { // a week a step: woman-weeks, as days
			if a := ageOnDay(pt, d); a >= lo && a < hi {
				days[a] += 7
			}
		}
		for d := range on {
			if a := ageOnDay(pt, d); a >= lo && a < hi {
				onDays[a]++
			}
		}
		for _, c := range r.condsOf[id] {
			if c.ConditionKey != "pregnancy" || c.OnsetDate < from+49 {
				continue
			}
			lmp := c.OnsetDate - 49
			a := ageOnDay(pt, lmp)
			if a < lo || a >= hi {
				continue
			}
			births[a]++
			for d := lmp - 90; d <= lmp; d++ { // on it at the last period, or stopped within 90 days before
				if on[d] {
					observed++
					break
				}
			}
		}
	}
	expected, onYears := 0.0, 0.0
	for a := lo; a < hi; a++ {
		if days[a] > 0 {
			expected += onDays[a] * births[a] / days[a]
		}
		onYears += onDays[a] / 365.25
	}
	t.Logf("%d pregnancies begun on a teratogen in %.0f woman-years on one aged 15-49; %.1f expected at the population's rates by age", observed, onYears, expected)
	if expected < 2 {
		t.Fatalf("only %.1f pregnancies expected on a teratogen: too few to judge", expected)
	}
	// h64j: measured 0 of 3.1 expected (seed 11), 0 of 9.4 (83), 0 of 4.4
	// (97) at 20000; the model keeps kept_pct 15 in 100 of those drawn
	// and none on a long-acting method (most of the methods begun), so a
	// quarter still leaves room for a pill user's pregnancy
	if float64(observed)*4 >= expected {
		t.Errorf("%d pregnancies begun on a teratogen, want under a quarter of the %.1f expected", observed, expected)
	}
}

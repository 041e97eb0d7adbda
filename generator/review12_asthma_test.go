// Checks for the twelfth review's asthma steps (docs/clinical-model.md,
// "Asthma stepping and anticipatory medicines (twelfth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// martStep is the step of the asthma MART ladder (regimens.csv
// beclometasone_formoterol, ladder asthma) a prescription is issued at, -1
// when it is not one of them.
func martStep(rx *models.Prescription) int {
	if medKey(rx) != "beclometasone_formoterol" {
		return -1
	}
	for _, g := range datasets.LadderRegimens("beclometasone_formoterol", "asthma") {
		if g.DMDCode == rx.DMDCode && g.DoseText == rx.DoseText {
			return g.Step
		}
	}
	return -1
}

// asthmaStepUp reports whether a prescription is a step above the first
// inhaled corticosteroid: moderate-dose MART or montelukast.
func asthmaStepUp(rx *models.Prescription) bool {
	return martStep(rx) > 0 || medKey(rx) == "montelukast"
}

// TestAdultAsthmaStepsToModerateMARTBeforeMontelukast: NICE NG245 (2024)
// steps adults from low-dose MART to moderate-dose MART before an add-on
// (a leukotriene receptor antagonist or LAMA). Before the twelfth review
// montelukast was the only step above the inhaled corticosteroid (no
// moderate-dose MART was ever issued); now an adult without COPD who starts
// montelukast in the record has had moderate-dose MART first, and adults
// start on the low dose.
func TestAdultAsthmaStepsToModerateMARTBeforeMontelukast(t *testing.T) {
	r := review5Population(t)
	starters, afterMART, low, firstMART := 0, 0, 0, 0
	for id, pt := range r.patients {
		if r.has(id, "asthma") == nil || r.has(id, "copd") != nil {
			continue
		}
		ltra := r.firstIssue(id, func(k string) bool { return k == "montelukast" })
		moderate, first := models.NoDate, models.NoDate
		var firstRx *models.Prescription
		for _, rx := range r.rxOf[id] {
			if martStep(rx) == 1 && (moderate == models.NoDate || rx.StartDate < moderate) {
				moderate = rx.StartDate
			}
			if medKey(rx) == "beclometasone_formoterol" && (first == models.NoDate || rx.StartDate < first) {
				first, firstRx = rx.StartDate, rx
			}
		}
		// a first combination inhaler issued in the record to an adult (not a repeat in force)
		if firstRx != nil && first > r.p.windowStart+365 && models.YearsBetween(pt.BirthDate, first) >= 18 {
			firstMART++
			if martStep(firstRx) == 0 {
				low++
			}
		}
		if ltra == models.NoDate || ltra < r.p.windowStart+365 || models.YearsBetween(pt.BirthDate, ltra) < 19 {
			continue
		}
		starters++
		if moderate != models.NoDate && moderate <= ltra {
			afterMART++
		}
	}
	enough(t, starters, 30, "adults without COPD starting montelukast in the record")
	enough(t, firstMART, 30, "adults whose first combination inhaler is issued in the record")
	t.Logf("%d of %d adults starting montelukast had moderate-dose MART first; %d of %d first combination inhalers at the low MART dose", afterMART, starters, low, firstMART)
	if float64(afterMART) < 0.8*float64(starters) {
		t.Errorf("%d of %d adults starting montelukast had moderate-dose MART before it, want 80%% or more (NG245)", afterMART, starters)
	}
	if float64(low) < 0.8*float64(firstMART) {
		t.Errorf("%d of %d adults' first combination inhalers are low-dose MART, want 80%% or more", low, firstMART)
	}
}

// TestMontelukastShareOfAsthma: with a dose step before it and a trial that
// stops it when it has not helped, montelukast is issued in the last full
// year of the record to a plausible share of people with asthma (36% before
// the twelfth review on generate -n 20000 -s 5; about 5-15% in UK
// prescribing, docs), and many montelukast courses started in the record
// end within the trial (none did before).
func TestMontelukastShareOfAsthma(t *testing.T) {
	r := review5Population(t)
	end := r.p.Opts.Population()
	y0, y1 := end-365, end
	people, on := 0, 0
	started, stopped := 0, 0
	for id, pt := range r.patients {
		c := r.has(id, "asthma")
		if c == nil || c.OnsetDate > y0 || (pt.DeathDate != models.NoDate && pt.DeathDate < y1) {
			continue
		}
		people++
		first, last := models.NoDate, models.NoDate
		inYear := false
		for _, rx := range r.rxOf[id] {
			if medKey(rx) != "montelukast" {
				continue
			}
			if first == models.NoDate || rx.StartDate < first {
				first = rx.StartDate
			}
			last = max(last, rx.StartDate)
			inYear = inYear || rx.StartDate >= y0
		}
		if inYear {
			on++
		}
		if first != models.NoDate && first > r.p.windowStart+30 && first+365 < end {
			started++
			if last-first <= 84 {
				stopped++
			}
		}
	}
	enough(t, people, 300, "people with asthma through the last year")
	enough(t, started, 30, "montelukast courses started in the record")
	share := float64(on) / float64(people)
	t.Logf("%d of %d people with asthma (%.0f%%) issued montelukast in the last year; %d of %d courses started in the record end within 12 weeks", on, people, 100*share, stopped, started)
	if share > 0.2 {
		t.Errorf("%.0f%% of people with asthma issued montelukast in the last year, want 20%% or less", 100*share)
	}
	if float64(stopped) < 0.3*float64(started) || float64(stopped) > 0.7*float64(started) {
		t.Errorf("%d of %d montelukast courses end within the 12-week trial, want about half (catalogue trial continues 0.5)", stopped, started)
	}
}

// TestNoSeparateRelieverOnMART: maintenance and reliever therapy is its own
// reliever (NICE NG245), yet 956 of 1,044 adults on MART went on being
// issued salbutamol for asthma (generate -n 20000 -s 5). After a person's
// first MART issue for asthma, no salbutamol is issued for it.
func TestNoSeparateRelieverOnMART(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.conditionKeys()
	martFrom := map[string]models.Date{} // asthma condition id -> first MART issue
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		if keys[rx.ConditionID] != "asthma" || martStep(rx) < 0 {
			continue
		}
		if d, ok := martFrom[rx.ConditionID]; !ok || rx.StartDate < d {
			martFrom[rx.ConditionID] = rx.StartDate
		}
	}
	enough(t, len(martFrom), 100, "people with asthma on MART")
	after := 0
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		if d, ok := martFrom[rx.ConditionID]; ok && medKey(rx) == "salbutamol" && rx.StartDate > d {
			after++
			if after <= 3 {
				t.Errorf("%s: salbutamol for asthma issued %v, on MART from %v", rx.PatientID, rx.StartDate, d)
			}
		}
	}
	if after > 0 {
		t.Errorf("%d salbutamol issues for asthma after MART began, in %d people on MART", after, len(martFrom))
	}
}

// TestAdultAsthmaAttackPrednisoloneAt40mg: an adult's asthma attack had
// prednisolone 30 mg, the COPD dose (398 courses, generate -n 5000 -s 37;
// BNF: 40-50 mg). Every adult's prednisolone for an asthma attack is the
// regimens.csv row of the catalogue course's step.
func TestAdultAsthmaAttackPrednisoloneAt40mg(t *testing.T) {
	r := pathwayPopulation(t)
	step := -1
	for _, pr := range r.p.presentations {
		for _, c := range pr.Prescribe {
			if pr.Key == "asthma_attack" && c.Drug == "prednisolone" && c.MinAge >= 18 {
				step = c.Step
			}
		}
	}
	want := map[string]bool{}
	for _, g := range datasets.Regimens("prednisolone") {
		if g.Step == step && g.MinAge >= 18 {
			want[g.DoseText] = true
		}
	}
	if step < 1 || len(want) == 0 {
		t.Fatalf("the adult asthma attack course takes prednisolone step %d, rows %v", step, want)
	}
	keys := r.conditionKeys()
	n := 0
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		if keys[rx.ConditionID] != "asthma_attack" || medKey(rx) != "prednisolone" || models.YearsBetween(r.patients[rx.PatientID].BirthDate, rx.StartDate) < 18 {
			continue
		}
		n++
		if !want[rx.DoseText] {
			t.Errorf("%s: adult asthma attack given prednisolone %q", rx.PatientID, rx.DoseText)
		}
	}
	enough(t, n, 100, "adults' prednisolone courses for asthma attacks")
}

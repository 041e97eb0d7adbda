// Checks for the eleventh review's asthma attacks and COPD exacerbations
// (docs/clinical-model.md, "Asthma and COPD attacks, and heart failure
// starting doses (eleventh review)").
package generator

import (
	"sort"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// secondInAYear is the day of the first exacerbation (condition key) that
// follows another within 365 days, with whether either of the two was an
// emergency admission; NoDate when none does.
func (r *realism) secondInAYear(id, key string, admitted map[string]bool) (models.Date, bool) {
	var rows []*models.Condition
	for _, c := range r.condsOf[id] {
		if c.ConditionKey == key {
			rows = append(rows, c)
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].OnsetDate < rows[j].OnsetDate })
	for i := 1; i < len(rows); i++ {
		if rows[i].OnsetDate-rows[i-1].OnsetDate <= 365 && rows[i].OnsetDate > rows[i-1].OnsetDate {
			return rows[i].OnsetDate, admitted[rows[i].ConditionID] || admitted[rows[i-1].ConditionID]
		}
	}
	return models.NoDate, false
}

// admittedReasons is the set of conditions an emergency admission names.
func (r *realism) admittedReasons() map[string]bool {
	out := map[string]bool{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingInpatient && e.ReasonConditionID != "" {
			out[e.ReasonConditionID] = true
		}
	}
	return out
}

// firstIssue is the first issue of a medicine matching in(key) to the
// patient, NoDate when none.
func (r *realism) firstIssue(id string, in func(key string) bool) models.Date {
	first := models.NoDate
	for _, rx := range r.rxOf[id] {
		if in(medKey(rx)) && (first == models.NoDate || rx.StartDate < first) {
			first = rx.StartDate
		}
	}
	return first
}

// TestAsthmaAttacksTreatedAnywhereStepUp: asthma attacks treated by the GP
// or in A&E were drawn after the care simulation and never counted towards
// stepping treatment up, only admissions did (19 of 262 people with two
// attacks in a year, not on montelukast by the second, started it within 6
// months on generate -n 20000 -s 5; 3 of 218 whose two were neither
// admitted in this test's population). NICE NG245: an attack needing oral
// steroids is a sign of poor control that prompts a review of treatment.
// Each attack now misses the care target at the next review, two in a year
// step up there (catalogue care_target exacerbations), and emergency care is
// followed up within days (NICE QS25): of people aged 6 or more without
// COPD whose two attacks in a year were neither admitted, many more start
// montelukast (the step after the inhaled steroid) within 6 months of the
// second (79 of 185 of all with two attacks on the same dataset; 51 of 142
// here). Since the twelfth review adults step to moderate-dose MART first,
// which counts as the step.
func TestAsthmaAttacksTreatedAnywhereStepUp(t *testing.T) {
	r := review5Population(t)
	admitted := r.admittedReasons()
	end := r.p.Opts.Population()
	people, stepped := 0, 0
	for id, pt := range r.patients {
		if r.has(id, "copd") != nil {
			continue
		}
		d2, adm := r.secondInAYear(id, "asthma_attack", admitted)
		if d2 == models.NoDate || adm || d2 < r.p.windowStart || d2+183 > end || models.YearsBetween(pt.BirthDate, d2) < 6 ||
			(pt.DeathDate != models.NoDate && pt.DeathDate < d2+183) {
			continue
		}
		// a step above the first inhaled steroid: montelukast, or moderate-dose
		// MART (twelfth review)
		first := models.NoDate
		for _, rx := range r.rxOf[id] {
			if asthmaStepUp(rx) && (first == models.NoDate || rx.StartDate < first) {
				first = rx.StartDate
			}
		}
		if first != models.NoDate && first <= d2 {
			continue // stepped up already
		}
		people++
		if first != models.NoDate && first <= d2+183 {
			stepped++
		}
	}
	// 41 on 48b02a4e, 39 once asthma was diagnosed at spirometry after a
	// suspected contact (h66h): a floor that reads a fifth to within a few
	enough(t, people, 30, "people with two asthma attacks in a year, neither admitted, not on montelukast")
	t.Logf("%d of %d people with two asthma attacks in a year (neither admitted) step up (montelukast or moderate-dose MART) within 6 months of the second", stepped, people)
	if float64(stepped) < 0.2*float64(people) {
		t.Errorf("%d of %d people with two asthma attacks in a year treated outside hospital stepped up within 6 months, want a fifth or more", stepped, people)
	}
}

// TestCOPDExacerbationsTreatedAnywhereStepUp: the same for COPD, where NICE
// NG115 steps up after a severe exacerbation (admitted) or two moderate ones
// in a year. Before, 26 of 228 people with two in a year and no triple
// therapy by the second started a maintenance inhaler they were not on
// within 6 months (generate -n 20000 -s 5, admitted or not; 18 of 154
// whose two were neither admitted here); those treated by the GP or in A&E
// now count (70 of 238 on the dataset; 52 of 165 here).
func TestCOPDExacerbationsTreatedAnywhereStepUp(t *testing.T) {
	r := review5Population(t)
	admitted := r.admittedReasons()
	end := r.p.Opts.Population()
	maintenance := func(k string) bool {
		return k == "umeclidinium_vilanterol" || k == "beclometasone_formoterol" || k == "fluticasone_furoate_umeclidinium_vilanterol"
	}
	people, stepped := 0, 0
	for id, pt := range r.patients {
		d2, adm := r.secondInAYear(id, "copd_exacerbation", admitted)
		if d2 == models.NoDate || adm || d2 < r.p.windowStart || d2+183 > end || (pt.DeathDate != models.NoDate && pt.DeathDate < d2+183) {
			continue
		}
		if f := r.firstIssue(id, func(k string) bool { return k == "fluticasone_furoate_umeclidinium_vilanterol" }); f != models.NoDate && f <= d2 {
			continue // on the last line already
		}
		people++
		before := map[string]bool{}
		for _, rx := range r.rxOf[id] {
			if k := medKey(rx); maintenance(k) && rx.StartDate <= d2 {
				before[k] = true
			}
		}
		for _, rx := range r.rxOf[id] {
			if k := medKey(rx); maintenance(k) && !before[k] && rx.StartDate > d2 && rx.StartDate <= d2+183 {
				stepped++
				break
			}
		}
	}
	enough(t, people, 40, "people with two COPD exacerbations in a year, neither admitted, not on triple therapy")
	t.Logf("%d of %d people with two COPD exacerbations in a year (neither admitted) start a new maintenance inhaler within 6 months of the second", stepped, people)
	if float64(stepped) < 0.2*float64(people) {
		t.Errorf("%d of %d people with two COPD exacerbations in a year treated outside hospital stepped up within 6 months, want a fifth or more", stepped, people)
	}
}

// TestAsthmaWithCOPDNotGivenMontelukast: COPD lowers the peak flow, which
// read as uncontrolled asthma and started montelukast in people with asthma
// and COPD (30 of 36 montelukast users with COPD started it after the COPD
// diagnosis on generate -n 20000 -s 5; 22 of 76 people with both in this
// test's population started it in the record after the diagnosis). NICE NG115 treats COPD with
// asthmatic features with an inhaled corticosteroid (COPD's own lines), so
// asthma's target no longer steps up people with COPD (care_target
// not_with): no montelukast starts in the record on or after a COPD
// diagnosis.
func TestAsthmaWithCOPDNotGivenMontelukast(t *testing.T) {
	r := review5Population(t)
	withCOPD, after := 0, 0
	for id := range r.patients {
		copd := r.has(id, "copd")
		if copd == nil || r.has(id, "asthma") == nil {
			continue
		}
		withCOPD++
		first := r.firstIssue(id, func(k string) bool { return k == "montelukast" })
		// an issue in the record's first year may continue one started before it
		if first != models.NoDate && first >= copd.OnsetDate && first >= r.p.windowStart+365 {
			if after++; after <= 3 {
				t.Logf("%s: COPD from %s, montelukast first issued %s", id, copd.OnsetDate, first)
			}
		}
	}
	enough(t, withCOPD, 20, "people with asthma and COPD")
	if after > 0 {
		t.Errorf("%d of %d people with asthma and COPD started montelukast after the COPD diagnosis", after, withCOPD)
	}
}

// TestAsthmaAttackInEmergencyCareFollowedUp: NICE QS25 statement 4, people
// treated in an emergency care setting for an asthma attack are followed up
// by their general practice within 2 working days of discharge. Before, no
// review followed (the next was the annual one: 28 of 739 such attacks had a
// peak flow in the week after in this test's population; 519 of 684 now). Now most such attacks in
// the record, aged 6 or more, have an asthma review (its peak flow) 1-4
// days after the attendance or discharge, unless another review was near.
func TestAsthmaAttackInEmergencyCareFollowedUp(t *testing.T) {
	r := review5Population(t)
	code := r.snomed("peak_flow")
	attacks, followed := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingAE && e.Setting != settingInpatient {
			continue
		}
		var attack *models.Condition
		for _, c := range r.condsOf[e.PatientID] {
			if c.ConditionID == e.ReasonConditionID && c.ConditionKey == "asthma_attack" {
				attack = c
			}
		}
		pt := r.patients[e.PatientID]
		out := e.EndTime.Date()
		if attack == nil || out+14 > r.p.Opts.Population() || (pt.DeathDate != models.NoDate && pt.DeathDate < out+14) ||
			models.YearsBetween(pt.BirthDate, out) < 6 || r.has(e.PatientID, "copd") != nil {
			continue
		}
		attacks++
		for _, o := range r.values(e.PatientID, code) {
			if d := o.EffectiveTime.Date(); d > out && d <= out+7 {
				followed++
				break
			}
		}
	}
	enough(t, attacks, 40, "asthma attacks treated in A&E or admitted")
	t.Logf("%d of %d asthma attacks treated in emergency care have a peak flow recorded in the week after", followed, attacks)
	if float64(followed) < 0.6*float64(attacks) {
		t.Errorf("%d of %d asthma attacks treated in emergency care followed up with a peak flow within a week, want most", followed, attacks)
	}
}

// TestChildProductOutgrown: a repeat kept the product chosen at its start,
// so montelukast 5 mg chewable tablets (BNFC: 6-14 years) ran on into adult
// life (34 issues to 8 people aged 16 or more on generate -n 20000 -s 5,
// 248 to 36 once more children were stepped up). The review that reissues a
// course now moves it to the product for the age (10 mg tablets from 15):
// none is issued at 16 or over (a year's grace for the review after the
// birthday).
func TestChildProductOutgrown(t *testing.T) {
	r := review5Population(t)
	issued, old := 0, 0
	for id, pt := range r.patients {
		for _, rx := range r.rxOf[id] {
			if rx.Medication != "Montelukast 5mg chewable tablets sugar free" {
				continue
			}
			issued++
			if age := models.YearsBetween(pt.BirthDate, rx.StartDate); age >= 16 {
				if old++; old <= 3 {
					t.Logf("%s: %s issued on %s at %d", id, rx.Medication, rx.StartDate, age)
				}
			}
		}
	}
	enough(t, issued, 20, "issues of montelukast 5 mg chewable tablets")
	if old > 0 {
		t.Errorf("%d of %d issues of montelukast 5 mg chewable tablets at 16 or over", old, issued)
	}
}

// Checks for the findings of the ninth GP review (docs/clinical-model.md,
// "Fragility fractures and the record around death (ninth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestFragilityFractureLeadsToBoneCare: 243 people aged 50+ broke a hip and
// none went on the osteoporosis register or took a bisphosphonate (30,000
// patients, seed 5). A hip fracture at 75 or over is now followed, at the
// practice's share, by the diagnosis and alendronic acid without a scan; at
// 50-74 by a clinic attendance for the fracture (the DXA scan) before any
// diagnosis. The share treated within 6 months at 75+ is near the NHFD's
// 50.8% on treatment by discharge.
func TestFragilityFractureLeadsToBoneCare(t *testing.T) {
	r := pathwayPopulation(t)
	c, _ := r.p.Cat.Condition("osteoporosis")
	af := c.AfterFracture
	if af == nil {
		t.Fatal("osteoporosis has no after_fracture")
	}
	old, oldTreated, young, youngDiagnosed := 0, 0, 0, 0
	for id, pt := range r.patients {
		var hf *models.Condition
		for _, k := range r.condsOf[id] {
			if k.ConditionKey == "hip_fracture" && (hf == nil || k.OnsetDate < hf.OnsetDate) {
				hf = k
			}
		}
		if hf == nil || ageOnDay(pt, hf.OnsetDate) < af.MinAge || hf.OnsetDate < r.p.windowStart {
			continue
		}
		if ost := r.has(id, "osteoporosis"); ost != nil && ost.OnsetDate <= hf.OnsetDate {
			continue // on the register before the fracture
		}
		end := r.p.Opts.Population()
		if pt.DeathDate != models.NoDate {
			end = pt.DeathDate
		}
		if hf.OnsetDate+183 > end {
			continue // not followed for 6 months
		}
		ost := r.has(id, "osteoporosis")
		if !af.Fracture("hip_fracture").Scanned(ageOnDay(pt, hf.OnsetDate)) {
			old++
			for _, rx := range r.rxOf[id] {
				if datasets.InClass(medKey(rx), "bisphosphonate") && rx.StartDate > hf.OnsetDate && rx.StartDate <= hf.OnsetDate+183 {
					if ost == nil || ost.OnsetDate > rx.StartDate {
						t.Fatalf("%s: bisphosphonate %s with no osteoporosis diagnosis before it", id, rx.StartDate)
					}
					oldTreated++
					break
				}
			}
			continue
		}
		young++
		if ost == nil {
			continue
		}
		youngDiagnosed++
		scanned := false
		for _, e := range r.b.Encounters {
			if e.PatientID == id && e.Setting == settingOutpatient && e.ReasonConditionID == hf.ConditionID && e.StartTime.Date() <= ost.OnsetDate {
				scanned = true
			}
		}
		if !scanned {
			t.Errorf("%s: osteoporosis diagnosed %s at %d after a hip fracture %s with no clinic assessment (DXA) before it",
				id, ost.OnsetDate, ageOnDay(pt, hf.OnsetDate), hf.OnsetDate)
		}
	}
	enough(t, old, 15, "hip fractures at 75+ followed for 6 months")
	enough(t, young, 1, "hip fractures at 50-74 followed for 6 months")
	t.Logf("75+: %d of %d on a bisphosphonate within 6 months; 50-74: %d of %d diagnosed", oldTreated, old, youngDiagnosed, young)
	if share := float64(oldTreated) / float64(old); share < 0.3 || share > 0.8 {
		t.Errorf("75+: %d of %d (%.0f%%) on a bisphosphonate within 6 months of a hip fracture, want near the NHFD's 50.8%%", oldTreated, old, 100*share)
	}
}

// ageOnDay is a patient's age in whole years on day d.
func ageOnDay(pt *models.Patient, d models.Date) int {
	b, t := pt.BirthDate.Time(), d.Time()
	a := t.Year() - b.Year()
	if t.Month() < b.Month() || (t.Month() == b.Month() && t.Day() < b.Day()) {
		a--
	}
	return a
}

// TestNoNewDiagnosesInAFatalDecline: obesity was newly coded months after a
// fatal cancer's diagnosis (2 on 30,000); dementia, AF, diabetes, COPD and
// others were coded after the diagnosis of a cancer that killed within the
// year (38 on 20,000, seed 5). No long-term condition is newly diagnosed once
// the fatal decline (the wasting from a cancer's diagnosis) or end-of-life
// care has begun; the cause itself and acute-onset conditions (a stroke) may.
func TestNoNewDiagnosesInAFatalDecline(t *testing.T) {
	r := pathwayPopulation(t)
	reg := r.p.Cat.EndOfLife.Register.Key
	checked := 0
	for id, pt := range r.patients {
		if pt.DeathDate == models.NoDate {
			continue
		}
		first := map[string]models.Date{}
		for _, k := range r.condsOf[id] {
			if d, ok := first[k.ConditionKey]; !ok || k.OnsetDate < d {
				first[k.ConditionKey] = k.OnsetDate
			}
		}
		from := models.NoDate
		if d, ok := first[reg]; ok {
			from = d
		}
		if d, ok := first["cancer"]; ok && pt.DeathDate-d <= 365 && len(pt.CauseOfDeathCode) > 0 && pt.CauseOfDeathCode[0] == 'C' {
			from = min(from, d)
		}
		if from == models.NoDate {
			continue
		}
		checked++
		for key, d := range first {
			c, ok := r.p.Cat.Condition(key)
			if !ok || key == reg || key == "cancer" || c.OnsetEvent != nil || d <= from {
				continue
			}
			t.Errorf("%s (died %s, cause %s): %s newly diagnosed %s, after the fatal decline began %s", id, pt.DeathDate, pt.CauseOfDeathCode, key, d, from)
		}
	}
	enough(t, checked, 40, "deaths after a fatal decline")
}

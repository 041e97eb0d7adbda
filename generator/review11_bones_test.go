// Checks for the eleventh review's bone care after a wrist fracture
// (docs/clinical-model.md, "Acute infections, bone care after a wrist
// fracture and onset dates (eleventh review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestWristFractureLeadsToAScan: a wrist fracture at 50 or over is a
// fragility fracture (QOF OST004, NICE CG146, NOGG 2021) but led to no bone
// care (2 of 493 people followed a year came onto the osteoporosis
// register, none had a scan; -n 20000 -s 5). Where a fracture liaison
// service finds it (0.086 of them, catalogue after_fracture) a DXA scan is
// coded at a clinic attendance for the fracture, and only a scan that
// confirms osteoporosis (0.3) brings the diagnosis and its treatment, so
// the register stays near QOF's size (everyone followed up was put on it
// in an earlier attempt, 3.8 times QOF's register).
func TestWristFractureLeadsToAScan(t *testing.T) {
	r := pathwayPopulation(t)
	cp := &r.p.conds[r.p.condIndex["osteoporosis"]]
	af, scan := cp.AfterFracture, cp.scan
	if af == nil || af.Fracture("wrist_fracture") == nil || scan == nil {
		t.Fatal("osteoporosis has no after_fracture for a wrist fracture with a scan code")
	}
	end := r.p.Opts.Population()
	followed, scanned, diagnosed := 0, 0, 0
	for id, pt := range r.patients {
		var wf *models.Condition
		hip := false
		for _, k := range r.condsOf[id] {
			if k.ConditionKey == "wrist_fracture" && ageOnDay(pt, k.OnsetDate) >= af.MinAge && (wf == nil || k.OnsetDate < wf.OnsetDate) {
				wf = k
			}
			hip = hip || k.ConditionKey == "hip_fracture"
		}
		if wf == nil || wf.OnsetDate < r.p.windowStart || hip {
			continue
		}
		if ost := r.has(id, "osteoporosis"); ost != nil && ost.OnsetDate <= wf.OnsetDate {
			continue // on the register before the fracture
		}
		last := end
		if pt.DeathDate != models.NoDate {
			last = min(last, pt.DeathDate)
		}
		if wf.OnsetDate+365 > last {
			continue // not followed for a year
		}
		followed++
		var scannedOn models.Date
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == scan.Snomed && o.EffectiveTime.Date() > wf.OnsetDate && o.EffectiveTime.Date() <= wf.OnsetDate+365 {
				e := r.encs[o.EncounterID]
				if e != nil && e.Setting == settingOutpatient && conditionKeyOf(r.condsOf[id], e.ReasonConditionID) == "cancer" {
					continue // the bone scan of an aromatase inhibitor's start (NICE NG101; hormone.go), not the fracture's
				}
				if e == nil || e.Setting != settingOutpatient || !wristFractureOf(r.condsOf[id], e.ReasonConditionID) { // (a second wrist fracture's clinic may order it)
					t.Errorf("%s: DXA scan %s not at a clinic attendance for the wrist fracture (%+v)", id, o.EffectiveTime.Date(), e)
				}
				scannedOn = o.EffectiveTime.Date()
			}
		}
		if scannedOn != 0 {
			scanned++
		}
		if ost := r.has(id, "osteoporosis"); ost != nil && ost.OnsetDate <= wf.OnsetDate+365 {
			diagnosed++
			if scannedOn == 0 || scannedOn > ost.OnsetDate {
				t.Errorf("%s: osteoporosis diagnosed %s after a wrist fracture %s at %d with no DXA scan before it",
					id, ost.OnsetDate, wf.OnsetDate, ageOnDay(pt, wf.OnsetDate))
			}
		}
	}
	enough(t, followed, 80, "wrist fractures at 50+ followed for a year")
	t.Logf("%d wrist fractures at 50+ followed a year: %d scanned, %d diagnosed with osteoporosis", followed, scanned, diagnosed)
	if scanned == 0 || scanned > followed/4 {
		t.Errorf("%d of %d wrist fractures at 50+ scanned within a year, want some and near 0.086", scanned, followed)
	}
	if diagnosed > scanned {
		t.Errorf("%d osteoporosis diagnoses after %d scans", diagnosed, scanned)
	}
}

// isBoneScan reports whether snomed is the code an after_fracture records
// at its scan (a procedure with no value).
func isBoneScan(p *Plan, snomed string) bool {
	for ci := range p.conds {
		if sc := p.conds[ci].scan; sc != nil && sc.Snomed == snomed {
			return true
		}
	}
	return false
}

// wristFractureOf reports whether condition id is one of the wrist
// fractures among conds.
func wristFractureOf(conds []*models.Condition, id string) bool {
	return conditionKeyOf(conds, id) == "wrist_fracture"
}

// conditionKeyOf is the key of the condition row id among conds ("" when
// none).
func conditionKeyOf(conds []*models.Condition, id string) string {
	for _, c := range conds {
		if c.ConditionID == id {
			return c.ConditionKey
		}
	}
	return ""
}

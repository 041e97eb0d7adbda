// Checks for the twenty-fifth review's next choice when a treatment line's
// medicines are all ruled out (catalogue if_ruled_out; ifruledout.go;
// docs/clinical-model.md, "The next choice when the first medicine is
// barred").
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestBarredRAASStartGetsTheLinesAlternative: hypertension diagnosed with a
// latest potassium above the level that bars an ACE inhibitor or ARB start
// (prescribing.yaml result_stops start_above) was left with no
// antihypertensive, often for years, with "ACE inhibitors contraindicated"
// coded: with the alternative switched off, as on main, this test found 6
// of 60 such people with no antihypertensive in the 180 days after the
// diagnosis (4 of 71 ACE-inhibitor-contraindicated on generate -n 20000 -s 5). Now
// the first line's if_ruled_out (amlodipine, NICE NG136) starts: everyone
// diagnosed so, alive 180 days on and not coded as having declined (or not
// needing) treatment, has an antihypertensive in those 180 days (stage 1
// hypertension's lifestyle advice waits at most 150). From 80 (h55g) stage 1
// starts a drug only above the target at the age (NICE NG136 1.4.12), so
// diagnoses at 80 or over are not counted.
func TestBarredRAASStartGetsTheLinesAlternative(t *testing.T) {
	r := review5Population(t)
	c, _ := r.p.Cat.Condition("hypertension")
	if len(c.Treatment) == 0 || len(c.Treatment[0].IfRuledOut) == 0 {
		t.Fatal("hypertension's first line has no if_ruled_out")
	}
	bar := raasStartBar(t)
	excused := map[string]bool{}
	for _, x := range c.Untreated.Reasons {
		excused[x.Snomed] = true
	}
	k := r.snomed("potassium")
	barred, untreated := 0, 0
	for i := range r.b.Conditions {
		h := &r.b.Conditions[i]
		id := h.PatientID
		pt := r.patients[id]
		if h.ConditionKey != "hypertension" || h.DiagnosisEncounterID == "" || h.OnsetDate > r.p.Opts.AsOf-365 ||
			pt.DeathDate != models.NoDate && pt.DeathDate <= h.OnsetDate+180 {
			continue
		}
		if ageOn(pt, h.OnsetDate) >= 80 {
			continue // stage 1 from 80 starts only above the target at the age (lifestyle_first target_from_80, h55g)
		}
		latest := potassiumBefore(r.obsOf[id], k, h.OnsetDate+1)
		if latest <= bar || slices.ContainsFunc(r.obsOf[id], func(o *models.Observation) bool { return excused[o.ValueCode] }) {
			continue
		}
		barred++
		if !slices.ContainsFunc(r.rxOf[id], func(rx *models.Prescription) bool {
			return inClassRx(rx, "antihypertensive") && rx.StartDate <= h.OnsetDate+180 && (rx.EndDate == models.NoDate || rx.EndDate >= h.OnsetDate)
		}) {
			if untreated++; untreated <= 3 {
				t.Logf("patient %s: hypertension %s at a potassium of %.1f, no antihypertensive in 180 days", id, h.OnsetDate, latest)
			}
		}
	}
	enough(t, barred, 20, "hypertension diagnoses at a potassium above the start bar")
	if untreated > 0 {
		t.Errorf("%d of %d hypertension diagnoses at a potassium above %.1f had no antihypertensive in 180 days", untreated, barred, bar)
	}
}

// TestRulesOutReasonGetsTheLinesAlternative: 12 of 335 new strokes alive at
// 30 days had "Clopidogrel contraindicated" coded and no antiplatelet or
// anticoagulant (generate -n 20000 -s 5); with the alternative switched off, as on
// main, this test found 36 of 43 such codes with none running on their day. Now, for each
// condition with a rules_out untreated reason, the review that codes it
// gives the first line's if_ruled_out (dipyridamole with aspirin, NICE
// TA210): a medicine of its classes, or of a class that rules them out (an
// anticoagulant), runs on the day the reason is coded.
func TestRulesOutReasonGetsTheLinesAlternative(t *testing.T) {
	r := review5Population(t)
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, c := range r.p.Cat.Conditions {
		u := c.Untreated
		if u == nil {
			continue
		}
		for _, reason := range u.Reasons {
			if !reason.RulesOut {
				continue
			}
			var classes []string
			for _, m := range c.Treatment[0].IfRuledOut {
				for _, cls := range datasets.MedicineClasses(m) {
					if !slices.Contains(classes, cls) {
						classes = append(classes, cls)
					}
				}
			}
			for _, ci := range rules.Contraindications {
				if ci.ClassRunning != "" && slices.Contains(classes, ci.Class) && !slices.Contains(classes, ci.ClassRunning) {
					classes = append(classes, ci.ClassRunning) // the alternative is ruled out by what already treats
				}
			}
			coded, without := 0, 0
			for id, obs := range r.obsOf {
				if r.has(id, c.Key) == nil {
					continue
				}
				for _, o := range obs {
					if o.ValueCode != reason.Snomed {
						continue
					}
					coded++
					d := o.EffectiveTime.Date()
					if !slices.ContainsFunc(r.rxOf[id], func(rx *models.Prescription) bool {
						return runsOn(rx, d) && slices.ContainsFunc(classes, func(cls string) bool { return inClassRx(rx, cls) })
					}) {
						if without++; without <= 3 {
							t.Logf("patient %s: %s coded %s with no %v running", id, reason.Description, d, classes)
						}
					}
				}
			}
			checked++
			enough(t, coded, 10, c.Key+" "+reason.Description+" codes")
			if without > 0 {
				t.Errorf("%s: %d of %d %q codes with no %v running on their day", c.Key, without, coded, reason.Description, classes)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no untreated reason with rules_out in the catalogue")
	}
}

// raasStartBar is the latest potassium above which an ACE inhibitor or ARB
// is not started (prescribing.yaml result_stops start_above).
func raasStartBar(t *testing.T) float64 {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	for _, rs := range rules.ResultStops {
		if rs.StartAbove > 0 && slices.Contains(rs.StartClasses, "raas_blocker") {
			return rs.StartAbove
		}
	}
	t.Fatal("prescribing.yaml: no start_above for raas_blocker")
	return 0
}

// potassiumBefore is the value of the latest reading of the code before day
// d (0 when none).
func potassiumBefore(obs []*models.Observation, code string, d models.Date) float64 {
	var of []*models.Observation
	for _, o := range obs {
		if o.SnomedCode == code && o.Value != nil {
			of = append(of, o)
		}
	}
	if o := latestBefore(of, d-1); o != nil { // review16_gout_test.go
		return *o.Value
	}
	return 0
}

package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Briefs fx65a, h66b: labetalol in pregnancy stayed at 100 mg twice a day whatever
// the readings (11 of 11 issues at generate -n 3000 -s 41; at -n 20000 -s 83
// on the base, 154 "Antenatal care" readings above 135/85 in 39 women on
// it, none followed by a higher dose). NICE NG133: target 135/85; the
// labetalol SmPC raises it at weekly intervals by 100 mg twice daily.

// TestAntenatalLabetalolIsRaisedAboveTarget: at every "Antenatal care"
// reading above 135/85 of a woman on labetalol whose dose is unchanged for
// raise_every_days and below the ladder's top, a higher step of labetalol
// starts that day. A reading whose dose a later-dated check moved first (an
// issue of it starting after the dose in use, other than today) is not
// read. The bound is none: a reading above the target is acted on (no
// draw), but not at a slow pulse (a beta-blocker is not raised below 60,
// slowheartraise.go). On the base (a ladder of one step, so no top known)
// every such reading fails: 39 of 39 in the pathway population.
func TestAntenatalLabetalolIsRaisedAboveTarget(t *testing.T) {
	r := pathwayPopulation(t)
	rb := &pregnancyModel(t).RaisedBP
	tr := rb.Treatment
	steps := map[string]int{} // dose text -> ladder step
	top := 0
	for _, g := range datasets.LadderRegimens(tr.Medicine, "") {
		steps[g.DoseText] = g.Step
		top = max(top, g.Step)
	}
	sys, dia := r.snomed("systolic_bp"), r.snomed("diastolic_bp")
	fe := &firstErrors{t: t}
	defer fe.done()
	checked, slow := 0, 0
	for enc, obs := range r.obsByEnc {
		e := r.encs[enc]
		if e == nil || e.TypeCode != rb.Assessment.Snomed {
			continue
		}
		first := models.Timestamp(0) // antenatalChecks' reading (a repeat comes after)
		for _, o := range obs {
			if (o.SnomedCode == sys || o.SnomedCode == dia) && o.Value != nil && (first == 0 || o.EffectiveTime < first) {
				first = o.EffectiveTime
			}
		}
		above := false
		for _, o := range obs {
			if o.EffectiveTime == first && o.Value != nil &&
				(o.SnomedCode == sys && *o.Value > tr.TargetSystolic || o.SnomedCode == dia && *o.Value > tr.TargetDiastolic) {
				above = true
			}
		}
		if first == 0 || !above {
			continue
		}
		d := first.Date()
		var prev, today *models.Prescription
		moved := false
		for _, rx := range r.rxOf[e.PatientID] {
			if medKey(rx) != tr.Medicine {
				continue
			}
			switch {
			case rx.StartDate == d:
				today = rx
			case rx.StartDate < d && (rx.EndDate == models.NoDate || rx.EndDate >= d-1):
				prev = rx
			}
		}
		if prev == nil {
			continue
		}
		for _, rx := range r.rxOf[e.PatientID] {
			if medKey(rx) == tr.Medicine && rx.StartDate > prev.StartDate && rx.StartDate != d {
				moved = true
			}
		}
		step, ok := steps[prev.DoseText]
		if moved || !ok || top > 0 && step >= top || d-prev.StartDate < models.Date(tr.RaiseEveryDays) {
			continue
		}
		if slowPulseBarsRaise(t, r, e.PatientID, e.EndTime) {
			slow++
			continue
		}
		checked++
		if today == nil || steps[today.DoseText] <= step {
			fe.errorf("patient %d: antenatal reading above %v/%v on %s on %q since %s, not raised that day",
				r.patients[e.PatientID].PatientIndex, tr.TargetSystolic, tr.TargetDiastolic, d, prev.DoseText, prev.StartDate)
		}
	}
	t.Logf("%d antenatal readings above the target on labetalol below its top dose (%d more at a slow pulse)", checked, slow)
	if checked == 0 {
		t.Fatal("no antenatal reading above the target on labetalol: the test reads nothing")
	}
}

// TestAntenatalLabetalolStaysInItsLicence: every labetalol issue is a step
// of its ladder (at most 200 mg three times a day here, under the SmPC's
// 2,400 mg a day), and a woman's issues in one run never overlap (the dose
// in use ends the day before the raised one starts).
func TestAntenatalLabetalolStaysInItsLicence(t *testing.T) {
	r := pathwayPopulation(t)
	tr := pregnancyModel(t).RaisedBP.Treatment
	steps := map[string]bool{}
	for _, g := range datasets.LadderRegimens(tr.Medicine, "") {
		steps[g.DoseText] = true
	}
	fe := &firstErrors{t: t}
	defer fe.done()
	n := 0
	for id, rxs := range r.rxOf {
		var mine []*models.Prescription
		for _, rx := range rxs {
			if medKey(rx) == tr.Medicine {
				mine = append(mine, rx)
			}
		}
		for i, a := range mine {
			n++
			if !steps[a.DoseText] {
				fe.errorf("patient %d: labetalol %q is no step of its ladder", r.patients[id].PatientIndex, a.DoseText)
			}
			for _, b := range mine[i+1:] {
				if overlapsIssue(a, b) {
					fe.errorf("patient %d: labetalol %s-%v and %s-%v overlap", r.patients[id].PatientIndex, a.StartDate, endOf(a.EndDate), b.StartDate, endOf(b.EndDate))
				}
			}
		}
	}
	t.Logf("%d labetalol issues", n)
	if n == 0 {
		t.Fatal("no labetalol issue: the test reads nothing")
	}
}

// runEnd is the end of the course an issue of medicine key starts: the
// issue's end, or that of the issues of key each starting the day after
// the one before ends (a dose raised at an antenatal reading, fx65a).
func runEnd(rxs []*models.Prescription, first *models.Prescription, key string) models.Date {
	end := first.EndDate
	for moved := true; moved && end != models.NoDate; {
		moved = false
		for _, rx := range rxs {
			if rx.StartDate == end+1 && medKey(rx) == key {
				end, moved = rx.EndDate, true
				break
			}
		}
	}
	return end
}

// slowPulseBarsRaise reports whether a beta-blocker's dose may not be raised
// at time at for a slow pulse (prescribing.yaml slow_heart): the latest heart
// rate dated up to then below raise_below, or one in the raise_clear_days
// before below the rule's limit.
func slowPulseBarsRaise(t *testing.T, r *realism, id string, at models.Timestamp) bool {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	hr := r.snomed("heart_rate")
	for _, sh := range rules.SlowHeart {
		if sh.Class != "beta_blocker" {
			continue
		}
		var latest *models.Observation
		for _, o := range r.obsOf[id] {
			if o.SnomedCode != hr || o.Value == nil || o.EffectiveTime > at {
				continue
			}
			if latest == nil || o.EffectiveTime > latest.EffectiveTime || o.EffectiveTime == latest.EffectiveTime && *o.Value < *latest.Value {
				latest = o
			}
			if sh.RaiseClearDays > 0 && o.EffectiveTime.Date() >= at.Date()-models.Date(sh.RaiseClearDays) && *o.Value < sh.Below {
				return true
			}
		}
		if latest != nil && *latest.Value < max(sh.Below, sh.RaiseBelow) {
			return true
		}
	}
	return false
}

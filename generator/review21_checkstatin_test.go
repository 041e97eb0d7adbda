// Checks for the twenty-first review: the statin offered after an NHS
// Health Check. A score of 10% or more at a check, in someone no
// condition's pathway offers a statin, is followed by atorvastatin 20 mg or
// "Statin declined" (NICE NG238 1.5); about one in five takes it (Patel et
// al., BMJ Open 2020: 20.3%); the statin belongs to the risk the check
// found (raised_cvd_risk), its lipids are checked at 3 months and it is
// never started in end-of-life care.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// statinPathways are the conditions whose own pathway offers a statin: the
// health check's offer leaves their people to it.
var statinPathways = append([]string{"hypertension"}, cvdRiskExcluded...)

// TestHealthCheckScoreBringsAStatinOffer: everyone with no condition of a
// statin pathway (held or diagnosed later) whose first score of 10% or more
// is at least 90 days before the end is started on a statin or has "Statin
// declined" coded within 90 days of it. Before, none was (0 of 894 on
// generate -n 20000 -s 5): a course needed a condition.
func TestHealthCheckScoreBringsAStatinOffer(t *testing.T) {
	r := review5Population(t)
	qrisk := qriskCode(t)
	declined := r.p.cvd.Statin.DeclinedCode
	end := r.p.Opts.Population()
	due, answered, taken := 0, 0, 0
	for id, obs := range r.obsOf {
		if r.heldBy(id, end+36500, statinPathways...) {
			continue
		}
		var first models.Date
		for _, o := range obs {
			if o.SnomedCode == qrisk && o.Value != nil && *o.Value >= 10 && (first == 0 || o.EffectiveTime.Date() < first) {
				first = o.EffectiveTime.Date()
			}
		}
		pt := r.patients[id]
		if first == 0 || first > end-90 || (pt.DeathDate != models.NoDate && pt.DeathDate < first+90) {
			continue
		}
		if pc := r.has(id, "palliative_care"); pc != nil && pc.OnsetDate <= first+90 {
			continue // end-of-life care: no preventive medicine started
		}
		due++
		ok := false
		for _, rx := range r.rxOf[id] {
			if r.p.medPlans[medKey(rx)] != nil && r.p.medPlans[medKey(rx)].inClass("statin") && rx.StartDate >= first && rx.StartDate <= first+90 {
				ok = true
				taken++
				break
			}
		}
		for _, o := range obs {
			d := o.EffectiveTime.Date()
			ok = ok || (o.SnomedCode == declined && d >= first && d <= first+90)
		}
		if ok {
			answered++
		}
	}
	enough(t, due, 300, "people with no statin pathway scoring 10% or more at a health check")
	t.Logf("%d scoring 10%% or more with no statin pathway: %d offered within 90 days, %d took a statin", due, answered, taken)
	if answered < due*95/100 {
		t.Errorf("only %d of %d offered a statin (started or declined) within 90 days of a score of 10%% or more", answered, due)
	}
	// Patel et al. 2020: 20.3% of attendees at 10% or more prescribed a statin
	if share := float64(taken) / float64(max(due, 1)); share < 0.12 || share > 0.32 {
		t.Errorf("%.0f%% took a statin after the check, want about 20%%", 100*share)
	}
}

// TestHealthCheckStatinBelongsToTheRisk: every statin the check brought is
// atorvastatin 20 mg (raised to 80 mg at the earliest 60 days on, when the
// 3-month non-HDL fell short of 40%: h57b) for the risk the check found (raised_cvd_risk), whose
// diagnosis follows a score of 10% or more by 1-5 weeks (4, and a bank holiday), in someone with no
// condition of a statin pathway then; never started on the palliative care
// register; and its cholesterol is checked 2-4 months after the start in
// nearly all (prescribing.yaml monitoring) and again in the year after.
func TestHealthCheckStatinBelongsToTheRisk(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	qrisk := qriskCode(t)
	chol := r.snomed("total_cholesterol")
	end := r.p.Opts.Population()
	starts, checked, followed := 0, 0, 0
	for id, rxs := range r.rxOf {
		var start, first20 models.Date
		for _, rx := range rxs {
			if keys[rx.ConditionID] == "raised_cvd_risk" && rx.DMDCode == r.rxDMD(id, "atorvastatin", 0) && (first20 == 0 || rx.StartDate < first20) {
				first20 = rx.StartDate
			}
		}
		for _, rx := range rxs {
			if keys[rx.ConditionID] != "raised_cvd_risk" {
				continue
			}
			// 20 mg, or 80 mg after it: the dose raised when the 3-month non-HDL fell short of 40% (h57b, NICE NG238)
			raised := rx.DMDCode == r.rxDMD(id, "atorvastatin", 1) && first20 != 0 && first20+60 <= rx.StartDate
			if medKey(rx) != "atorvastatin" || (rx.DMDCode != r.rxDMD(id, "atorvastatin", 0) && !raised) {
				t.Errorf("%s: %s for the health check's risk, want atorvastatin 20 mg (80 mg only after it)", id, rx.Medication)
			}
			if start == 0 || rx.StartDate < start {
				start = rx.StartDate
			}
		}
		if start == 0 {
			continue
		}
		starts++
		dx := r.has(id, "raised_cvd_risk")
		if dx == nil || dx.OnsetDate != start {
			t.Errorf("%s: the statin started on %s, not at the risk's diagnosis", id, start)
			continue
		}
		if r.heldBy(id, start, statinPathways...) {
			t.Errorf("%s: the health check's statin started on %s with a statin pathway's condition held", id, start)
		}
		if pc := r.has(id, "palliative_care"); pc != nil && pc.OnsetDate <= start {
			t.Errorf("%s: the health check's statin started on %s, on the palliative care register from %s", id, start, pc.OnsetDate)
		}
		scored := false
		at3, atYear := false, false
		for _, o := range r.obsOf[id] {
			d := o.EffectiveTime.Date()
			scored = scored || (o.SnomedCode == qrisk && o.Value != nil && *o.Value >= 10 && d >= start-35 && d <= start-7) // (a bank holiday moves the appointment on)
			at3 = at3 || (o.SnomedCode == chol && d >= start+60 && d <= start+130)
			atYear = atYear || (o.SnomedCode == chol && d > start+130 && d <= start+500)
		}
		if !scored {
			t.Errorf("%s: the risk coded on %s with no score of 10%% or more 1-5 weeks before", id, start)
		}
		pt := r.patients[id]
		if start > end-500 || (pt.DeathDate != models.NoDate && pt.DeathDate < start+500) {
			continue
		}
		followed++
		if at3 {
			checked++
		}
		if !atYear {
			t.Logf("%s: no cholesterol in the year after the health check's statin began on %s", id, start)
		}
	}
	enough(t, starts, 100, "statins started after a health check")
	t.Logf("%d statins after a health check; %d of %d followed for a year and more had their lipids checked at 3 months", starts, checked, followed)
	if checked < followed*90/100 {
		t.Errorf("only %d of %d health-check statins had a cholesterol 2-4 months after the start", checked, followed)
	}
}

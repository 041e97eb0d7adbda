package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// h62d (issue 9): asthma attacks that change treatment and settle. BTS/SIGN
// 158 and NICE NG245 (2024): after an asthma attack the practice reviews
// within 2 working days (of discharge, when admitted), checks technique and
// adherence and considers a step up; NICE QS25 statement 4 (emergency care
// followed up within 2 working days).

// attackSeenFrom is the day an asthma attack's follow-up is counted from:
// its first day, or the end of the emergency stay it was admitted for.
func (r *realism) attackSeenFrom(c *models.Condition) models.Date {
	from := c.OnsetDate
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingInpatient && e.ReasonConditionID == c.ConditionID && e.EndTime.Date() > from {
			from = e.EndTime.Date()
		}
	}
	return from
}

// asthmaAttacks are the asthma attack problems in the record whose next
// days (after) are in it too, of people alive then, not in end-of-life care
// and, unless copd, without COPD (whose pathway steps up the airways).
func (r *realism) asthmaAttacks(after models.Date, copd bool) []*models.Condition {
	end := r.p.Opts.Population()
	var out []*models.Condition
	for id, pt := range r.patients {
		if !copd && r.has(id, "copd") != nil {
			continue
		}
		eol := r.has(id, "palliative_care")
		for _, c := range r.condsOf[id] {
			if c.ConditionKey != "asthma_attack" || c.OnsetDate < r.p.windowStart || c.OnsetDate+after > end ||
				(pt.DeathDate != models.NoDate && pt.DeathDate < c.OnsetDate+after) || (eol != nil && eol.OnsetDate <= c.OnsetDate+after) {
				continue
			}
			out = append(out, c)
		}
	}
	return out
}

// Every asthma attack is followed up by the practice (a contact of any
// kind: the review, its telephone call or a visit) within 2 working days of
// the attack or of discharge. Before, follow-ups were booked 1-4 calendar
// days on (so a Thursday's attack was seen the next week) and not at all
// when the annual review was due within 4 weeks: 65% of attacks had a GP
// contact within 2 working days (1,603 of 2,454, generate -n 20000 -s 83);
// after, 97%. Some stay later: a day fully booked moves the visit on, and a
// stay or other appointment can take the day (bound 90%).
func TestAsthmaAttackReviewedWithinTwoWorkingDays(t *testing.T) {
	r := review5Population(t)
	gpDays := map[string][]models.Date{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingGP {
			gpDays[e.PatientID] = append(gpDays[e.PatientID], e.StartTime.Date())
		}
	}
	attacks, seen := 0, 0
	for _, c := range r.asthmaAttacks(14, true) {
		from := r.attackSeenFrom(c)
		due := workingDaysAfter(from, 2)
		if due+7 > r.p.Opts.Population() {
			continue
		}
		attacks++
		ok := false
		for _, d := range gpDays[c.PatientID] {
			ok = ok || d > from && d <= due
		}
		if ok {
			seen++
		} else if attacks-seen <= 5 {
			t.Logf("patient %d: asthma attack on %v (seen from %v) with no practice contact by %v", r.patients[c.PatientID].PatientIndex, c.OnsetDate, from, due)
		}
	}
	enough(t, attacks, 500, "asthma attacks")
	t.Logf("%d of %d asthma attacks followed up by the practice within 2 working days", seen, attacks)
	if float64(seen) < 0.9*float64(attacks) {
		t.Errorf("%d of %d asthma attacks followed up within 2 working days, want 90%% or more", seen, attacks)
	}
}

// asthmaPreventer reports whether rx is an asthma maintenance medicine (the
// inhaled steroid or MART, montelukast, tiotropium).
func asthmaPreventer(rx *models.Prescription) bool {
	switch medKey(rx) {
	case "beclometasone", "beclometasone_formoterol", "montelukast", "tiotropium":
		return true
	}
	return false
}

// An attack treated in emergency care on the step taken changes the
// maintenance treatment. Of attacks seen in A&E (aged 6 or more, without
// COPD) that came 90 days or more after the last change of preventer and
// below the last step (no tiotropium yet: after it the person is referred),
// a new preventer or dose is issued within 90 days for most (catalogue
// asthma care_target exacerbations on_step). Before, one attack raised only
// a dose of the MART line taken, so a child on the inhaled steroid or an
// adult on moderate-dose MART waited for a second: 60% were (166 of 276,
// generate -n 20000 -s 83; 69% of adults, 27% of children); after, 75%
// (205 of 274; the rest: the target's inertia, declines). An attack treated
// by the GP alone is left to one_titrates and the recheck.
func TestAsthmaAttackOnTheStepTakenStepsUp(t *testing.T) {
	r := review5Population(t)
	firstOf := map[string]map[string]models.Date{} // patient -> product|dose -> first issue
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			if !asthmaPreventer(rx) {
				continue
			}
			if firstOf[id] == nil {
				firstOf[id] = map[string]models.Date{}
			}
			k := rx.DMDCode + "|" + rx.DoseText
			if f, ok := firstOf[id][k]; !ok || rx.StartDate < f {
				firstOf[id][k] = rx.StartDate
			}
		}
	}
	inAE := map[string]bool{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingAE && e.ReasonConditionID != "" {
			inAE[e.ReasonConditionID] = true
		}
	}
	checked, stepped := 0, 0
	for _, c := range r.asthmaAttacks(90, false) {
		id, d := c.PatientID, c.OnsetDate
		if !inAE[c.ConditionID] || ageOnDay(r.patients[id], d) < 6 || d < r.p.windowStart+400 {
			continue
		}
		recent, top, after := false, false, false
		for k, f := range firstOf[id] {
			recent = recent || f > d-90 && f <= d
			top = top || strings.HasPrefix(k, tiotropiumDMD(r, id)) && f <= d
			after = after || f > d && f <= d+90
		}
		if recent || top {
			continue
		}
		checked++
		if after {
			stepped++
		}
	}
	enough(t, checked, 120, "asthma attacks in A&E on a settled step")
	t.Logf("%d of %d asthma attacks in A&E on a settled step below the last followed by a new preventer or dose within 90 days", stepped, checked)
	if float64(stepped) < 0.7*float64(checked) {
		t.Errorf("%d of %d attacks in A&E on the step taken changed the preventer within 90 days, want 70%% or more", stepped, checked)
	}
}

// tiotropiumDMD is the product code of the person's tiotropium, if any.
func tiotropiumDMD(r *realism, id string) string {
	for _, rx := range r.rxOf[id] {
		if medKey(rx) == "tiotropium" {
			return rx.DMDCode + "|"
		}
	}
	return "\x00" // matches no key
}

// An asthma attack settles: its problem is resolved within 30 days, the
// oral prednisolone of an adult without COPD is 40 mg for 5 days (BNF: 40-50 mg daily for at
// least 5 days) and a child's for 3 days (BNFC, BTS/SIGN 158), and an
// adult's peak flow read after the attack day is above the attack day's.
func TestAsthmaAttacksSettle(t *testing.T) {
	r := review5Population(t)
	pf := r.snomed("peak_flow")
	attacks, open, adultRx, adultBad, childRx, childBad, paired, recovered := 0, 0, 0, 0, 0, 0, 0, 0
	for _, c := range r.asthmaAttacks(30, true) {
		attacks++
		if c.ResolvedDate == models.NoDate || c.ResolvedDate > c.OnsetDate+30 {
			if open++; open <= 3 {
				t.Logf("patient %d: asthma attack from %v resolved %v", r.patients[c.PatientID].PatientIndex, c.OnsetDate, c.ResolvedDate)
			}
		}
		adult := ageOnDay(r.patients[c.PatientID], c.OnsetDate) >= 18
		for _, rx := range r.rxOf[c.PatientID] {
			if r.has(c.PatientID, "copd") != nil {
				break // a COPD exacerbation's 30 mg course may be the one running
			}
			if medKey(rx) != "prednisolone" || rx.StartDate < c.OnsetDate-1 || rx.StartDate > c.OnsetDate+2 {
				continue
			}
			if adult {
				adultRx++
				if !strings.Contains(rx.DoseText, "(40 mg)") || !strings.Contains(rx.DoseText, "for 5 days") {
					adultBad++
				}
			} else {
				childRx++
				if !strings.Contains(rx.DoseText, "for 3 days") {
					childBad++
				}
			}
		}
		if !adult {
			continue
		}
		first, later := -1.0, -1.0
		var laterDay models.Date
		for _, o := range r.values(c.PatientID, pf) {
			od := o.EffectiveTime.Date()
			if od == c.OnsetDate && (first < 0 || *o.Value < first) {
				first = *o.Value
			}
			if od > c.OnsetDate && od <= c.OnsetDate+30 && (later < 0 || od < laterDay) {
				later, laterDay = *o.Value, od
			}
		}
		if first >= 0 && later >= 0 {
			paired++
			if later > first {
				recovered++
			}
		}
	}
	enough(t, attacks, 500, "asthma attacks")
	enough(t, adultRx, 300, "adults' prednisolone courses for an attack")
	enough(t, paired, 200, "adults' attacks with a peak flow on the day and after")
	t.Logf("%d attacks: %d not resolved within 30 days; prednisolone %d adult (%d not 40 mg for 5 days), %d child (%d not 3 days); peak flow higher after in %d of %d", attacks, open, adultRx, adultBad, childRx, childBad, recovered, paired)
	if open > 0 {
		t.Errorf("%d asthma attacks not resolved within 30 days", open)
	}
	if adultBad > 0 || childBad > 0 {
		t.Errorf("prednisolone for an attack off the BNF course: %d adult, %d child", adultBad, childBad)
	}
	if float64(recovered) < 0.9*float64(paired) {
		t.Errorf("peak flow recovered after the attack day in %d of %d adults' attacks, want 90%% or more", recovered, paired)
	}
}

// Checks for brief h61b (issue 9): treated hypertension above its target
// for a year has a step or a coded reason, and untreated hypertension
// reading 160 or more is offered treatment again (docs/clinical-model.md,
// "A reason for a year above target (h61b)").
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// clinicSystolic is a clinic systolic at a GP contact, and whether the
// contact is a review of the condition asked about.
type clinicSystolic struct {
	day    models.Date
	v      float64
	review bool
}

// gpSystolics are the patient's clinic systolics at GP contacts from day
// from, in time order, review marking those at a review of condition cond.
func (r *realism) gpSystolics(id, sbp, cond string, from models.Date) []clinicSystolic {
	var out []clinicSystolic
	for _, o := range r.obsOf[id] {
		if e := r.encs[o.EncounterID]; o.SnomedCode != sbp || o.Value == nil || e == nil || e.Setting != settingGP || o.EffectiveTime.Date() < from {
			continue
		}
		review := r.encs[o.EncounterID].ReasonConditionID == cond && r.encs[o.EncounterID].TypeDisplay == "Follow-up encounter"
		out = append(out, clinicSystolic{o.EffectiveTime.Date(), *o.Value, review})
	}
	slices.SortFunc(out, func(a, b clinicSystolic) int { return int(a.day - b.day) })
	return out
}

// pathwayDrugs is how many of the hypertension pathway's drugs are issued
// for condition cond on day d.
func (r *realism) pathwayDrugs(id, cond string, drugs map[string]bool, d models.Date) int {
	on := map[string]bool{}
	for _, rx := range r.rxOf[id] {
		if drugs[medKey(rx)] && rx.ConditionID == cond && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
			on[medKey(rx)] = true
		}
	}
	return len(on)
}

// newPathwayProduct reports whether a new drug or dose of the pathway
// started between from (exclusive) and to (inclusive).
func (r *realism) newPathwayProduct(id string, drugs map[string]bool, from, to models.Date) bool {
	for _, rx := range r.rxOf[id] {
		if drugs[medKey(rx)] && rx.StartDate > from && rx.StartDate <= to && !r.productRunning(id, rx, drugs) {
			return true
		}
	}
	return false
}

// htnReasonCoded reports whether a reason for no (further) treatment is
// coded between from and to: declined, or not indicated.
func (r *realism) htnReasonCoded(id string, from, to models.Date) bool {
	return r.htnDeclinedBetween(id, from, to) || r.valueCodedBetween(id, "183966005", from, to)
}

// htnDeclinedBetween reports whether an antihypertensive step's decline is
// coded between from and to: "Hypertension treatment refused" or, since
// h69b, the declined class of the next line (prescribing.yaml
// declined_classes: ACE inhibitor, ARB, calcium-channel blocker, diuretic).
func (r *realism) htnDeclinedBetween(id string, from, to models.Date) bool {
	p, err := datasets.LoadPrescribing()
	if err != nil {
		panic(err)
	}
	for _, dc := range p.DeclinedClasses {
		if r.valueCodedBetween(id, dc.Snomed, from, to) {
			return true
		}
	}
	// a step whose class refusal names a class the person takes
	// (declinedclass.go): the target's general reason
	if g := r.p.conds[r.p.condIndex["hypertension"]].CareTarget.DeclinedByClass; g != nil {
		return r.valueCodedBetween(id, g.Snomed, from, to)
	}
	return false
}

// thiazideBarredByHyponatraemia reports whether the patient's record holds
// hyponatraemia coded on or before day d with no thiazide running then
// (h68g: a sodium below 130 stops the thiazide and bars it, so the step a
// thiazide would be is not taken: the coded hyponatraemia is the reason on
// the record; resultstop.go, prescribing.yaml result_stops).
func (r *realism) thiazideBarredByHyponatraemia(id string, d models.Date) bool {
	hypo := false
	for _, c := range r.condsOf[id] {
		if c.ConditionKey == "hyponatraemia" && c.OnsetDate <= d {
			hypo = true
		}
	}
	if !hypo {
		return false
	}
	for _, rx := range r.rxOf[id] {
		if k := medKey(rx); (k == "bendroflumethiazide" || k == "indapamide") && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
			return false
		}
	}
	return true
}

// TestTreatedHypertensionAboveTargetHasAReason: a GP read a year of
// readings above the target on the same antihypertensives, with no step
// and nothing coded, as inertia (generate -n 20000 -s 83: 225 of 256
// hypertension reviews on one to three drugs reading above target a year
// after another reading above target, with none at target between and no
// new drug or dose, had no coded reason in that year; 50 of 248 after). Every step due and not taken is now coded, at most once a year
// (catalogue hypertension care_target declined 1.0, declined_frail_code).
// Hyponatraemia coded with no thiazide running counts as the reason (h68g:
// the sodium below 130 bars the thiazide step; merge of stop 68: 77 of 201
// unanswered, 15 of them in people with hyponatraemia and no thiazide;
// 62 of 201 with this reason counted).
func TestTreatedHypertensionAboveTargetHasAReason(t *testing.T) {
	r := review5Population(t)
	drugs := r.lineDrugs(t, "hypertension")
	sbp := r.snomed("systolic_bp")
	judged, unanswered := 0, 0
	for id, pt := range r.patients {
		h := r.has(id, "hypertension")
		if h == nil {
			continue
		}
		if p := r.has(id, "palliative_care"); p != nil {
			continue // end-of-life care relaxes the target
		}
		above := func(b clinicSystolic) bool {
			limit := 140.0
			if ageOnDay(pt, b.day) >= 80 {
				limit = 150
			}
			return b.v > limit && r.pathwayDrugs(id, h.ConditionID, drugs, b.day) > 0
		}
		rs := r.gpSystolics(id, sbp, h.ConditionID, h.OnsetDate)
		for j, a := range rs {
			// judged at its own review (contacts about other things decide
			// nothing yet), on one to three drugs: on four the specialist's
			// advice is the step (referral again_after_years)
			if !a.review || !above(a) || r.pathwayDrugs(id, h.ConditionID, drugs, a.day) >= 4 {
				continue
			}
			for i := j - 1; i >= 0; i-- {
				b := rs[i]
				if !above(b) {
					break // at target (or off treatment) between: not a year above it
				}
				if a.day-b.day < 330 {
					continue
				}
				if a.day-b.day <= 450 && !r.newPathwayProduct(id, drugs, b.day, a.day) {
					judged++
					if !r.htnReasonCoded(id, b.day, a.day) && !r.thiazideBarredByHyponatraemia(id, a.day) {
						unanswered++
					}
				}
				break
			}
		}
	}
	enough(t, judged, 100, "hypertension reviews above target a year after another reading above it with no step between")
	t.Logf("%d of %d hypertension reviews above target a year after another reading above it, no step between: no reason coded", unanswered, judged)
	if unanswered*100 > judged*35 {
		t.Errorf("%d of %d hypertension reviews on one to three drugs above target a year after another reading above it, with no new drug or dose between, had no coded reason in the year (want 35%% or fewer, against 88%% before: NICE NG136 1.4.15-1.4.16)", unanswered, judged)
	}
}

// TestUntreatedHighBloodPressureIsOfferedAgain: untreated hypertension
// whose decline was coded years before read 160 or more at its review and
// was never offered treatment again (generate -n 20000 -s 83: 182 readings
// of 160 or more in 57 people, none treated within 90 days, no reason
// coded in the year). The high band now offers the first line again
// (care_target high untreated) and codes a decline not taken.
func TestUntreatedHighBloodPressureIsOfferedAgain(t *testing.T) {
	r := review5Population(t)
	drugs := r.lineDrugs(t, "hypertension")
	sbp := r.snomed("systolic_bp")
	_, end := r.observationSpan()
	judged, unanswered := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingGP || e.TypeDisplay != "Follow-up encounter" {
			continue
		}
		id, d := e.PatientID, e.StartTime.Date()
		h := r.has(id, "hypertension")
		if h == nil || e.ReasonConditionID != h.ConditionID || d+90 > lastDay(r.patients[id], end) {
			continue // a hypertension review with three months after it in the record
		}
		if p := r.has(id, "palliative_care"); p != nil && p.OnsetDate <= d+90 {
			continue
		}
		v, ok := r.valueAt(e.EncounterID, sbp)
		if !ok || v < 160 || r.onAnyPathwayDrug(id, drugs, d) || !r.htnReasonCoded(id, h.OnsetDate, d-180) {
			continue // untreated, with its reason coded half a year before or more
		}
		judged++
		if !r.newPathwayProduct(id, drugs, d-1, d+90) && !r.htnReasonCoded(id, d-365, d+30) {
			unanswered++
		}
	}
	// At least 10 judged: the 10% bound then fails on a second review not
	// offered treatment again, where before none was (182 readings in 57
	// people). 12 was the count measured when the test was written (brief
	// h65a: 10 on fxa's population, 0 of them left, as 0 of 12 before).
	enough(t, judged, 10, "untreated hypertension reviews reading 160 or more after a reason coded half a year before or more")
	t.Logf("%d of %d untreated hypertension reviews reading 160 or more: not offered again", unanswered, judged)
	if unanswered*100 > judged*10 {
		t.Errorf("%d of %d reviews of untreated hypertension reading 160 or more, a reason coded half a year before or more, had no drug within 90 days and no reason coded again (want 10%% or fewer: NICE NG136 1.4.13, offer treatment again at review)", unanswered, judged)
	}
}

// onAnyPathwayDrug reports whether one of the pathway's drugs runs on day
// d, for any condition (amlodipine for angina treats the blood pressure).
func (r *realism) onAnyPathwayDrug(id string, drugs map[string]bool, d models.Date) bool {
	for _, rx := range r.rxOf[id] {
		if drugs[medKey(rx)] && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
			return true
		}
	}
	return false
}

// TestHighBloodPressureOutsideReviewIsReadAgain: a systolic of 160 or more
// at a GP check-up or a contact about another problem, in diagnosed
// hypertension, triggered nothing: only reviews decided (generate -n 20000
// -s 83: 658 of 1,759 such readings had no other reading within 6 weeks,
// 73 of 98 at 180 or more none within 2 weeks). It is now read again at a
// check booked within weeks, days at 180 or more (care_target high
// repeat_days, bprepeat.go). A reading that is itself such a repeat (a high
// reading outside a review in the 8 weeks before) is not judged: what
// follows it is the next review's.
func TestHighBloodPressureOutsideReviewIsReadAgain(t *testing.T) {
	r := review5Population(t)
	sbp := r.snomed("systolic_bp")
	_, end := r.observationSpan()
	judged, unanswered := 0, 0
	for id := range r.patients {
		h := r.has(id, "hypertension")
		if h == nil {
			continue
		}
		pal := r.has(id, "palliative_care")
		var outside []clinicSystolic
		for _, o := range r.obsOf[id] {
			e := r.encs[o.EncounterID]
			if o.SnomedCode != sbp || o.Value == nil || e == nil || e.Setting != settingGP || e.TypeDisplay == "Follow-up encounter" || o.EffectiveTime.Date() < h.OnsetDate {
				continue
			}
			outside = append(outside, clinicSystolic{day: o.EffectiveTime.Date(), v: *o.Value})
		}
		rs := r.gpSystolics(id, sbp, h.ConditionID, h.OnsetDate)
		for _, a := range outside {
			within := models.Date(42)
			if a.v >= 180 {
				within = 14
			}
			if a.v < 160 || a.day+within > lastDay(r.patients[id], end) || pal != nil && pal.OnsetDate <= a.day+within {
				continue
			}
			repeat := false
			for _, b := range outside {
				repeat = repeat || b.v >= 160 && b.day < a.day && b.day >= a.day-56
			}
			if repeat {
				continue
			}
			judged++
			again := false
			for _, b := range rs {
				again = again || b.day > a.day && b.day <= a.day+within
			}
			if !again {
				unanswered++
			}
		}
	}
	enough(t, judged, 300, "systolics of 160 or more outside a review in diagnosed hypertension")
	t.Logf("%d of %d systolics of 160 or more outside a review: not read again in time", unanswered, judged)
	if unanswered*100 > judged*15 {
		t.Errorf("%d of %d systolics of 160 or more at a check-up or problem contact in diagnosed hypertension had no reading within 6 weeks (2 at 180 or more) (want 15%% or fewer, against 37%% before: NICE NG136 1.5, 1.4.15-1.4.16)", unanswered, judged)
	}
}

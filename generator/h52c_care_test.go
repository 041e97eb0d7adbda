// Checks for brief h52c (docs/clinical-model.md, "Care that responds to the
// numbers (h52c)"): a severe blood pressure on treatment is acted on at the
// review that reads it, and type 2 diabetes from 40 is offered the statin
// at its reviews, with a declined offer coded. (The HbA1c's severe reading
// has no test: on the shared population main already acted on 8 of 9.)
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// newProductFor reports whether a prescription for condition condID starts
// between from and to (inclusive) on a product and dose (metformin 500 mg
// tablets keep their product as the dose rises) that no issue running the
// day before from held: a step up or a change, not a repeat.
func (r *realism) newProductFor(id, condID string, from, to models.Date) bool {
	for _, rx := range r.rxOf[id] {
		if rx.ConditionID != condID || rx.StartDate < from || rx.StartDate > to {
			continue
		}
		held := false
		for _, p := range r.rxOf[id] {
			if p.DMDCode == rx.DMDCode && p.DoseText == rx.DoseText && p.StartDate < from && p.EndDate >= from-1 {
				held = true
				break
			}
		}
		if !held {
			return true
		}
	}
	return false
}

// newLineDrug reports whether a medicine of the set, not running the day
// before from, starts between from and to (inclusive) for any condition.
func (r *realism) newLineDrug(id string, from, to models.Date, set map[string]bool) bool {
	for _, rx := range r.rxOf[id] {
		if !set[medKey(rx)] || rx.StartDate < from || rx.StartDate > to {
			continue
		}
		held := false
		for _, p := range r.rxOf[id] {
			if medKey(p) == medKey(rx) && p.StartDate < from && p.EndDate >= from-1 {
				held = true
				break
			}
		}
		if !held {
			return true
		}
	}
	return false
}

// onLastLine reports whether a drug of hypertension's fourth line
// (spironolactone, or doxazosin when the potassium rules it out: h55g) runs
// on day d or the day before (an issue starting on d continues one), for
// condition condID or for another (fix72f: spironolactone given for heart
// failure is the fourth drug already taken; the model counts the line as
// reached, lineCovered in care.go, and the next step is the referral).
func (r *realism) onLastLine(t *testing.T, id, condID string, d models.Date) bool {
	last := r.lastLineDrugs(t, "hypertension")
	for _, rx := range r.rxOf[id] {
		if last[medKey(rx)] && rx.StartDate <= d && rx.EndDate >= d-1 {
			return true
		}
	}
	return false
}

// lastLineDrugs is the set of medicines the last treatment line of
// condition key may give, its if_ruled_out alternatives included.
func (r *realism) lastLineDrugs(t *testing.T, key string) map[string]bool {
	lines := r.condPlan(t, key).Treatment
	if len(lines) == 0 {
		t.Fatalf("%s has no treatment lines", key)
	}
	set := map[string]bool{}
	l := lines[len(lines)-1]
	for _, o := range l.Options {
		set[o.Drug] = true
	}
	for _, k := range l.IfRuledOut {
		set[k] = true
	}
	return set
}

// lineDrugs is the set of medicines the treatment lines of condition key
// may give, their if_ruled_out alternatives included (not its
// co-prescriptions: a statin is not a glucose-lowering drug).
func (r *realism) lineDrugs(t *testing.T, key string) map[string]bool {
	set := map[string]bool{}
	for _, l := range r.condPlan(t, key).Treatment {
		for _, o := range l.Options {
			set[o.Drug] = true
		}
		for _, k := range l.IfRuledOut {
			set[k] = true
		}
	}
	return set
}

// drugsFor is the number of distinct medicines of the set running for
// condition condID on day d.
func (r *realism) drugsFor(id, condID string, d models.Date, set map[string]bool) int {
	seen := map[string]bool{}
	for _, rx := range r.rxOf[id] {
		if k := medKey(rx); rx.ConditionID == condID && set[k] && rx.StartDate <= d && rx.EndDate >= d {
			seen[k] = true
		}
	}
	return len(seen)
}

// TestSevereBloodPressureOnTreatmentIsActedOn: NICE NG136 1.5 repeats a
// clinic reading of 180/120 or more within 7 days and treats promptly; on
// treatment, 1.4.15-1.4.16 step up when the target is missed. A hypertension
// review reading 180 or more in someone on an antihypertensive for it, with
// the fourth drug (spironolactone or doxazosin, h55g) not yet running (then the referral is the
// step: TestUncontrolledOnFourDrugsIsReferred), gets a new drug or dose
// within 28 days. On main a first severe reading waited for a second miss
// about three months on, and then for the escalate chance (0.5; 0.1 from
// 80): 1 of 14 acted on (the shared population of 20,000); now 8 of 9.
func TestSevereBloodPressureOnTreatmentIsActedOn(t *testing.T) {
	r := review5Population(t)
	review := r.p.encTypes[encChronicReview].Code
	sbp := r.snomed("systolic_bp")
	lines := r.lineDrugs(t, "hypertension")
	// (h60b: the reviews whose blood pressure the hypertension review acts
	// on at their appointment count too: care_target high at_other_reviews)
	at := map[string]bool{}
	if f := r.condPlan(t, "hypertension").Diagnosis.Found; f != nil && r.condPlan(t, "hypertension").CareTarget.High.AtOtherReviews {
		for _, k := range f.AtReviewsOf {
			at[k] = true
		}
	}
	rows := r.conditionByID()
	judged, acted := 0, 0
	for id := range r.patients {
		htn := r.has(id, "hypertension")
		if htn == nil {
			continue
		}
		for _, o := range r.values(id, sbp) {
			e := r.encs[o.EncounterID]
			d := o.EffectiveTime.Date()
			if *o.Value < 180 || e == nil || e.TypeCode != review || d > r.p.Opts.AsOf-28 || d < htn.OnsetDate {
				continue
			}
			if c := rows[e.ReasonConditionID]; e.ReasonConditionID != htn.ConditionID && (c == nil || !at[c.ConditionKey]) {
				continue
			}
			if r.drugsFor(id, htn.ConditionID, d-1, lines) == 0 || r.drugsFor(id, htn.ConditionID, d, lines) == 0 || r.onLastLine(t, id, htn.ConditionID, d) {
				continue // not on treatment (or all of it stopped that day), or on the last line
			}
			judged++
			// (fix72f: a drug of hypertension's lines started within the 28
			// days for another condition lowers the pressure too and is the
			// step: candesartan and spironolactone begun for heart failure
			// diagnosed 3 days after a reading of 183)
			if r.newProductFor(id, htn.ConditionID, d, d+28) || r.newLineDrug(id, d, d+28, lines) {
				acted++
			} else if testing.Verbose() {
				var meds []string
				for _, rx := range r.rxOf[id] {
					if rx.StartDate <= d && rx.EndDate >= d {
						meds = append(meds, rx.Medication)
					}
				}
				t.Logf("%s: systolic %.0f at a hypertension review on %s, no new drug or dose within 28 days; running %v", id, *o.Value, d, meds)
			}
		}
	}
	// 6 or more: the stop 55 merge moved the shared population's draws and
	// h55g treats stage 1 from 80 less (9 such reviews before, 6 after); the
	// rate below still fails on one miss in 6. 4 or more (h58c): the first
	// systolic of 160 or more on treatment is now acted on at its review, so
	// fewer treated people go on to read 180 (6 -> 4 such reviews here); the
	// rate still fails on two misses in 4. h60b: a CHD, diabetes or CKD
	// review reading 160 or more now steps treatment up there, so fewer
	// reach 180 at a hypertension review (2 here): those reviews count too.
	// 2 or more (stop 61, h61b): a 160 or more at a check-up or another
	// problem's contact is now read again within weeks and a step up due and
	// not taken is coded, so fewer treated people reach 180 at a review
	// (4 -> 2 here); the rate still fails on two misses in 2
	enough(t, judged, 2, "hypertension reviews reading 180 or more on treatment")
	t.Logf("%d of %d reviews reading 180 or more on hypertension treatment changed it within 28 days", acted, judged)
	if acted < judged*85/100 {
		t.Errorf("%d of %d hypertension reviews reading a systolic of 180 or more on treatment changed it within 28 days (want 85%% or more: NICE NG136 1.5, 1.4.15)", acted, judged)
	}
}

// codedBetween reports whether code is recorded for the patient between from
// and to (inclusive).
func (r *realism) codedBetween(id, code string, from, to models.Date) bool {
	for _, o := range r.obsOf[id] {
		if d := o.EffectiveTime.Date(); o.SnomedCode == code && d >= from && d <= to {
			return true
		}
	}
	return false
}

// TestType2DiabetesFrom40OfferedAStatin: NICE CG181/NG238 offer
// atorvastatin 20 mg for primary prevention in type 2 diabetes (nearly
// everyone from 40 scores 10% or more), and QOF NM162 counts those 40 and
// over without CVD on a statin, a declined or unsuitable statin excepted.
// Of the people alive at the record's end, 40 and over, with type 2
// diabetes coded a year or more and no CHD, stroke/TIA or PAD, few have no
// statin issued in the last year and nothing coded to say why ("Statin
// declined", "Lipid lowering therapy contraindicated"). On main about one in
// five (129 of 592 on generate -n 20000 -s 5; 34 of 182 here): the
// diagnosis gave it by a chance, and it was never offered again.
func TestType2DiabetesFrom40OfferedAStatin(t *testing.T) {
	r := pathwayPopulation(t)
	end := r.p.Opts.AsOf
	judged, none := 0, 0
	for id, pt := range r.patients {
		dm := r.has(id, "type2_diabetes")
		if dm == nil || dm.OnsetDate > end-365 || pt.DeathDate != models.NoDate && pt.DeathDate <= end || models.YearsBetween(pt.BirthDate, end) < 40 {
			continue
		}
		if r.has(id, "chd") != nil || r.has(id, "stroke_tia") != nil || r.has(id, "pad") != nil {
			continue
		}
		judged++
		onStatin := false
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "atorvastatin" && rx.EndDate >= end-365 {
				onStatin = true
				break
			}
		}
		if onStatin || r.codedBetween(id, "134396000", models.Date(-1<<30), end) || r.codedBetween(id, "135822005", models.Date(-1<<30), end) {
			continue
		}
		none++
		if testing.Verbose() {
			t.Logf("%s: type 2 diabetes since %s, %d at the end, no statin in the last year and no reason coded", id, dm.OnsetDate, models.YearsBetween(pt.BirthDate, end))
		}
	}
	enough(t, judged, 50, "people 40 and over with type 2 diabetes and no CVD")
	t.Logf("%d of %d people 40+ with type 2 diabetes and no CVD have no statin in the last year and no reason coded", none, judged)
	if none*100 > judged*8 {
		t.Errorf("%d of %d people 40 and over with type 2 diabetes and no CVD have no statin in the last year and no reason coded (want 8%% or fewer: NICE NG238, QOF NM162)", none, judged)
	}
}

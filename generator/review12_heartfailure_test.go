// Checks for the twelfth review's heart failure treatment (docs/clinical-model.md,
// "Heart failure treated as NICE NG106 says (twelfth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"

	"github.com/code4health/cohortgen/models"
)

// hfFollowed calls f with each patient diagnosed with heart failure in the
// record and followed (alive, in the record) for at least days after it,
// with the diagnosis day.
func (r *realism) hfFollowed(days models.Date, f func(id string, onset models.Date)) {
	for id, pt := range r.patients {
		hf := r.has(id, "heart_failure")
		if hf == nil || hf.OnsetDate < r.p.windowStart {
			continue
		}
		last := r.p.Opts.AsOf
		if pt.DeathDate != models.NoDate && pt.DeathDate < last {
			last = pt.DeathDate
		}
		if last-hf.OnsetDate >= days {
			f(id, hf.OnsetDate)
		}
	}
}

// issuedBetween reports whether the patient has an issue of medicine med
// (any condition) starting on days from to to.
func (r *realism) issuedBetween(id, med string, from, to models.Date) bool {
	for _, rx := range r.rxOf[id] {
		if medKey(rx) == med && rx.StartDate >= from && rx.StartDate <= to {
			return true
		}
	}
	return false
}

// lowPressureHeld reports whether a systolic under prescribing.yaml
// low_pressure_raise's limit for the age (the rule that holds a raise) was
// recorded for the patient on days from to to.
func (r *realism) lowPressureHeld(lp *datasets.LowPressureRaise, id string, from, to models.Date) bool {
	if lp == nil {
		return false
	}
	sbp := r.snomed(lp.Observation)
	for _, o := range r.obsOf[id] {
		if o.SnomedCode != sbp || o.Value == nil {
			continue
		}
		if d := o.EffectiveTime.Date(); d >= from && d <= to && *o.Value < lp.LimitAt(yearsOn(r.patients[id].BirthDate, d)) {
			return true
		}
	}
	return false
}

// TestHeartFailureLoopDiureticFromDiagnosis: furosemide followed the
// beta-blocker by half a year on average, and never came when no
// beta-blocker did (the lines were one chain). NICE NG106 1.5: a diuretic
// for the congestion heart failure presents with, in any type of heart
// failure. It now starts at the diagnosis by its own chance (from_diagnosis),
// beta-blocker or not.
func TestHeartFailureLoopDiureticFromDiagnosis(t *testing.T) {
	r := review5Population(t)
	n, early, noBB, noBBLoop := 0, 0, 0, 0
	r.hfFollowed(180, func(id string, onset models.Date) {
		n++
		if r.issuedBetween(id, "furosemide", onset-365, onset+60) {
			early++
		}
		if !r.issuedBetween(id, "bisoprolol", onset-3650, onset+180) {
			noBB++
			if r.issuedBetween(id, "furosemide", onset, onset+180) {
				noBBLoop++
			}
		}
	})
	enough(t, n, 80, "people diagnosed with heart failure in the record, followed half a year")
	t.Logf("furosemide by 60 days after the diagnosis: %d of %d; with no beta-blocker: furosemide in %d of %d", early, n, noBBLoop, noBB)
	if float64(early) < 0.5*float64(n) {
		t.Errorf("furosemide by 60 days after a heart failure diagnosis in %d of %d, want half or more", early, n)
	}
	if noBB >= 5 && float64(noBBLoop) < 0.4*float64(noBB) {
		t.Errorf("heart failure with no beta-blocker: furosemide in %d of %d, want 40%% or more", noBBLoop, noBB)
	}
}

// TestHeartFailureLadderReachesTargetWithinAYear: an ACE inhibitor, ARB or
// beta-blocker started for heart failure at the ladder's first dose is
// titrated at reviews 2-4 weeks apart (NICE NG106 1.4), but a line started
// at a follow-up (furosemide, spironolactone) took that follow-up's step and
// asked for no other: candesartan 4 mg ran for a year, until the annual
// review. A step not yet due now asks for the next titration review.
// Forty-eighth review: with heart failure diagnosed in a heart attack's stay,
// its titration review joined the coronary heart disease's first review,
// held days after the start (too soon for a step), and asked for no other:
// candesartan 18 of 22, ramipril 33 of 42. A titration review is now held on
// its day (due): 22 of 22, 41 of 42, bisoprolol 34 of 70. h70g: no dose is
// raised while the latest systolic is under prescribing.yaml
// low_pressure_raise's limit (100, 110 from 80); a person with such a
// reading in the titration year is left out (lowPressureHeld).
func TestHeartFailureLadderReachesTargetWithinAYear(t *testing.T) {
	r := review5Population(t)
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	lp := rules.LowPressureRaise
	for _, tc := range []struct {
		med         string
		first, last float64
		want        float64 // the share at the target within a year, at least
	}{
		// on main at b170a61 (this test population): candesartan 25 of 37, ramipril
		// not on its ladder, bisoprolol 57 of 132; now 41 of 43, 96 of 100, 109 of 138
		// (a slow heart holds bisoprolol lower)
		// h66f: the MRA follows the first drugs within a mean 3 months (was 6), during
		// the titration, and its potassium rise halves one more person's candesartan
		// (13 of 16; 14 on main): 0.8, a sample of 16 (one person is 6 points)
		{"candesartan", 4, 32, 0.8},
		{"ramipril", 1.25, 10, 0.85},
		// fifteenth review: not raised at a pulse under 60 (slow_heart raise_below),
		// which held 55 of 138 below 10 mg (McGinlay et al.: 61% of a heart failure
		// cohort on 5 mg or more)
		// seventeenth review: only a reduced ejection fraction starts it, 55 people in
		// this population (was 138), 25 at 10 mg within a year; 0.4 is 0.5 less about
		// one and a half standard errors of sampling
		{"bisoprolol", 1.25, 10, 0.4},
	} {
		started, top, held := 0, 0, 0
		var stuck []string
		r.hfFollowed(365, func(id string, onset models.Date) {
			rxs := r.heartFailureIssues(id, tc.med)
			if len(rxs) == 0 || strengthMg(rxs[0].Medication) != tc.first || rxs[0].StartDate > onset+60 {
				return
			}
			started++
			for _, rx := range rxs {
				if strengthMg(rx.Medication) == tc.last && rx.StartDate <= rxs[0].StartDate+365 {
					top++
					return
				}
			}
			if r.lowPressureHeld(lp, id, rxs[0].StartDate, rxs[0].StartDate+365) {
				held++
				return
			}
			stuck = append(stuck, id)
		})
		t.Logf("%s for heart failure from %.2f mg: %d of %d at %.0f mg within a year, %d held at a low systolic (not: %v)", tc.med, tc.first, top, started, tc.last, held, stuck[:min(len(stuck), 4)])
		// 15: since the seventeenth review only a reduced ejection fraction starts them;
		// 12 (h58c): heart clinics that discharge to the practice moved the shared
		// population's draws (candesartan starts 15 -> 14)
		enough(t, started, 12, tc.med+" started for heart failure at its first dose")
		// h70g: a systolic under low_pressure_raise's limit holds the raise (NICE NG106,
		// McGinlay et al.: titrated while the pressure allows); those people are left
		// out of the share (merge70, seed 11: candesartan 3 of 14, ramipril 7 of 28,
		// bisoprolol 10 of 52, every candesartan and ramipril not at the target)
		if titrated := started - held; float64(top) < tc.want*float64(titrated) {
			t.Errorf("%s for heart failure: %d of %d started at %.2f mg (%d more held at a low systolic) reached %.0f mg within a year, want %.0f%% or more", tc.med, top, titrated, tc.first, held, tc.last, 100*tc.want)
		}
	}
}

// TestHeartFailureRamiprilStartsAt1_25: ramipril for heart failure started at
// 2.5 mg, its hypertension dose, since the eleventh review's merge (its
// heart failure ladder was held back: a course running for hypertension
// covered the line on a plan of its own and was not stepped up). With that
// course now taken onto the ladder, a new start is 1.25 mg (BNF).
func TestHeartFailureRamiprilStartsAt1_25(t *testing.T) {
	r := review5Population(t)
	first, low := 0, 0
	r.hfFollowed(0, func(id string, onset models.Date) {
		rxs := r.heartFailureIssues(id, "ramipril")
		if len(rxs) == 0 {
			return
		}
		first++
		if strengthMg(rxs[0].Medication) == 1.25 {
			low++
		}
	})
	enough(t, first, 20, "people diagnosed with heart failure in the record with ramipril for it")
	t.Logf("first ramipril for heart failure at 1.25 mg: %d of %d", low, first)
	if float64(low) < 0.9*float64(first) { // a renal cap is the only other first dose
		t.Errorf("first ramipril for heart failure at 1.25 mg in %d of %d, want nearly all", low, first)
	}
}

// TestRunningACEInhibitorTakenOntoHeartFailureLadder: at the heart failure
// diagnosis, ramipril 2.5 mg running for hypertension moves onto heart
// failure's ladder at the same product (step 1 of 1.25, 2.5, 5, 10 mg) and
// steps up from there; candesartan 8 mg likewise (step 1 of 4, 8, 16,
// 32 mg). Bisoprolol 5 mg for angina or AF likewise (thirteenth review:
// step 3 of 1.25, 2.5, 3.75, 5, 7.5, 10 mg; before, no take_over kept it at
// 5 mg).
func TestRunningACEInhibitorTakenOntoHeartFailureLadder(t *testing.T) {
	p := testPlan(t, 10, nil)
	w := newWorker(p)
	// the slow-heart bar reads the person's pulses (h59b)
	w.b = &models.Batch{}
	hf := &heldCondition{plan: &p.conds[p.condIndex["heart_failure"]], forced: -2} // a reduced ejection fraction: every line's needs met
	d := p.Opts.AsOf - 365
	for _, tc := range []struct {
		med        string
		step       int     // the ladder step of the running dose
		next       float64 // the dose after one step up
		takenOnto  bool
		ladderName string
	}{
		{"ramipril", 1, 5, true, "heart_failure"},
		{"candesartan", 1, 16, true, "heart_failure"},
		{"bisoprolol", 3, 7.5, true, "heart_failure"},
	} {
		usual := p.medPlans[tc.med]
		per := &person{birth: d - 70*366, death: models.NoDate, readings: newReadingIndex(len(p.obsCodes))}
		reg := usual.regimen(70, 0)
		per.courses = append(per.courses, course{med: usual.med, meds: usual, reg: reg, cond: p.condIndex["hypertension"],
			line: 0, start: d - 400, stop: models.NoDate, lastRx: -1})
		w.takeOver(per, hf, d)
		cr := &per.courses[0]
		if (cr.meds != usual) != tc.takenOnto || cr.meds.ladder != tc.ladderName {
			t.Fatalf("%s running for hypertension at a heart failure diagnosis: on ladder %q, want %q", tc.med, cr.meds.ladder, tc.ladderName)
		}
		if cr.reg.DMDCode != reg.DMDCode || cr.reg.Step != tc.step {
			t.Errorf("%s taken onto the heart failure ladder: %s (step %d), want %s at step %d", tc.med, cr.reg.Name, cr.reg.Step, reg.Name, tc.step)
		}
		if !tc.takenOnto {
			continue
		}
		if !titratesHere(hf, cr.meds) || !w.stepUp(per, 0, d+14, 80) {
			t.Fatalf("%s taken onto the heart failure ladder is not stepped up by heart failure", tc.med)
		}
		if got := strengthMg(per.courses[len(per.courses)-1].reg.Name); got != tc.next {
			t.Errorf("%s stepped up from %s to %.2f mg, want %.2f mg", tc.med, reg.Name, got, tc.next)
		}
	}
}

// TestHyperkalaemiaEpisodeBeginsWithItsFirstResult: results are written out
// of time order (a monitoring test scheduled ahead before a later-processed
// review on an earlier day). A potassium of 6.2 at a titration review found
// the Hyperkalaemia episode coded at a test five days later and took it as
// covering, leaving the result with no problem active on its day (hard rule
// potassium-6-without-hyperkalaemia, seen in audit's 100,000 patients once
// heart failure's titration reviews came sooner). The episode now begins
// with the earlier result.
func TestHyperkalaemiaEpisodeBeginsWithItsFirstResult(t *testing.T) {
	p := testPlan(t, 10, nil)
	w := newWorker(p)
	w.b = &models.Batch{}
	rs := p.stopOf[p.obsIndex["potassium"]]
	if rs == nil || rs.Problem == nil {
		t.Fatal("potassium has no result_stops problem")
	}
	d := p.Opts.AsOf - 400
	per := &person{id: "p", birth: d - 70*366, death: models.NoDate, lastDay: p.Opts.AsOf}
	later := w.codeResultProblem(per, rs.Problem, "later", d+5)
	earlier := w.codeResultProblem(per, rs.Problem, "earlier", d)
	if earlier != later || len(w.b.Conditions) != 1 {
		t.Fatalf("two results five days apart: %d episodes (%q, %q), want one", len(w.b.Conditions), later, earlier)
	}
	if c := w.b.Conditions[0]; c.OnsetDate != d || c.DiagnosisEncounterID != "earlier" || c.ResolvedDate < d+5 {
		t.Errorf("episode from %s (at %s) to %s, want from %s at the earlier result, past the later one", c.OnsetDate, c.DiagnosisEncounterID, c.ResolvedDate, d)
	}
}

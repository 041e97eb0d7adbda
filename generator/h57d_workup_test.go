// Checks for brief h57d (issue 9): symptoms that get their work-up. A GP
// review of generate -n 5000 -s 7 found children's UTIs with no urine test,
// a change in bowel habit with no FIT (and none of it under 60), and people
// on a DOAC for more than a year never given a blood count or liver tests.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestChildUTIHasAUrineTest: a UTI in a child of 3-15 has the urine tested
// with a dipstick at the contact that diagnoses it (NICE CG54 / NG224).
// Before, 515 of 515 episodes had no urine test (generate -n 20000 -s 83).
func TestChildUTIHasAUrineTest(t *testing.T) {
	r := review5Population(t)
	dip := obsCode(t, "urine_dipstick")
	rows, missing := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		pt := r.patients[c.PatientID]
		if c.ConditionKey != "uti" || pt == nil || r.encs[c.DiagnosisEncounterID] == nil {
			continue
		}
		if age := ageOnDay(pt, c.OnsetDate); age < 3 || age > 15 {
			continue
		}
		rows++
		// a urine is no blood test: after a call it is the sample brought in
		// that day, coded at the contact (as an adult's urine culture is)
		if !holdsAll(r, c.DiagnosisEncounterID, []string{dip}) {
			missing++
		}
	}
	enough(t, rows, 200, "UTIs at 3-15")
	t.Logf("%d of %d UTIs at 3-15 had no urine dipstick at the contact that diagnosed them", missing, rows)
	if float64(missing) > 0.02*float64(rows) {
		t.Errorf("%d of %d UTIs at 3-15 had no urine dipstick at their first contact (want 2%% at most: NICE CG54)", missing, rows)
	}
}

// TestChangeInBowelHabitHasAFIT: every adult change in bowel habit has a
// FIT and a blood count at its first contact (NICE DG30 / DG56, NG12), and
// the FIT agrees with the referral made there: 10 ug/g or more beside a
// suspected colorectal cancer referral, below 10 without one. Before, no
// episode had a FIT: at 60+ 391 of 1,121 had neither a FIT nor a fast-track
// referral within 42 days, under 60 1,646 of 1,646 no test (generate -n
// 20000 -s 83).
func TestChangeInBowelHabitHasAFIT(t *testing.T) {
	r := review5Population(t)
	fit, referral := obsCode(t, "fit_quantitative"), obsCode(t, "fast_track_colorectal")
	// an episode fast-tracked on the call that first saw it has its blood
	// count at the practice after and no FIT: the referral is the episode's
	// (h58a, episodereferral.go)
	hb, bloods := obsCode(t, "haemoglobin"), r.bloodsContacts()
	rows, missing, called := 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		pt := r.patients[c.PatientID]
		if c.ConditionKey != "change_in_bowel_habit" || r.encs[c.DiagnosisEncounterID] == nil || pt == nil || ageOnDay(pt, c.OnsetDate) < 18 || r.bloodsAfterEnd(c, bloods) {
			continue
		}
		rows++
		codes := []string{fit, hb}
		if !r.p.inUse(r.p.obsIndex["fit_quantitative"], c.OnsetDate) {
			codes = codes[1:] // h59e: a blood count only before the FIT came into use (catalogue in_use_from)
		}
		if at := testedAt(c, bloods); at != c.DiagnosisEncounterID && holdsAll(r, c.DiagnosisEncounterID, []string{referral}) {
			codes = []string{hb}
			called++
		}
		if !holdsAll(r, testedAt(c, bloods), codes) && !r.takenLater(c, bloods, codes) {
			missing++
		}
	}
	enough(t, rows, 500, "changes in bowel habit at 18 and over")
	t.Logf("%d of %d changes in bowel habit had no FIT and blood count at their first contact (%d fast-tracked on the call: a blood count only)", missing, rows, called)
	if float64(missing) > 0.02*float64(rows) {
		t.Errorf("%d of %d changes in bowel habit lacked a FIT or blood count at their first contact (want 2%% at most)", missing, rows)
	}
	diagnosing := map[string]bool{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "change_in_bowel_habit" {
			diagnosing[c.DiagnosisEncounterID] = true
		}
	}
	read, disagree := 0, 0
	for enc := range diagnosing {
		referred := false
		var value *float64
		for _, o := range r.obsByEnc[enc] {
			switch o.SnomedCode {
			case referral:
				referred = true
			case fit:
				value = o.Value
			}
		}
		if value == nil {
			continue
		}
		read++
		if referred != (*value >= 10) {
			disagree++
		}
	}
	enough(t, read, 500, "FITs at the first contact about a change in bowel habit")
	t.Logf("%d of %d FITs disagree with the referral made beside them", disagree, read)
	if float64(disagree) > 0.02*float64(read) {
		t.Errorf("%d of %d FITs disagree with the referral beside them (want 2%% at most: NICE DG56 refers at 10 ug/g or more)", disagree, read)
	}
}

// TestDOACsHaveTheirBloods: people alive at the end of the record on a DOAC
// for atrial fibrillation started more than 13 months before have had a blood
// count and an ALT in the last 13 months (NICE CKS anticoagulation - oral:
// at least yearly, 6-monthly from 75). Before, 166 of 302 people on a DOAC
// for more than 13 months never had a blood count while on it and 184 no
// liver test (generate -n 20000 -s 83).
func TestDOACsHaveTheirBloods(t *testing.T) {
	r := review5Population(t)
	end := r.p.Opts.Population()
	hb, alt := r.snomed("haemoglobin"), r.snomed("alt")
	on, tested := 0, 0
	for id, pt := range r.patients {
		if pt.DeathDate != models.NoDate || pt.RegistrationDate > end-730 {
			continue
		}
		first, running := models.NoDate, false
		for _, rx := range r.rxOf[id] {
			if !inClass(rx, "doac") || rx.Type != models.PrescriptionRepeat {
				continue
			}
			if first == models.NoDate || rx.StartDate < first {
				first = rx.StartDate
			}
			if rx.StartDate <= end && (rx.EndDate == models.NoDate || rx.EndDate >= end-90) && r.forCondition(id, rx, "atrial_fibrillation") {
				running = true
			}
		}
		if !running || first > end-396 {
			continue
		}
		on++
		if r.readBetween(id, hb, end-396, end) && r.readBetween(id, alt, end-396, end) {
			tested++
		}
	}
	enough(t, on, 100, "people on a DOAC for atrial fibrillation for more than 13 months")
	t.Logf("%d of %d people on a DOAC for atrial fibrillation had a blood count and an ALT in the last 13 months", tested, on)
	if float64(tested) < 0.95*float64(on) {
		t.Errorf("only %d of %d people on a DOAC for atrial fibrillation had a blood count and an ALT in the last 13 months (want 95%% or more)", tested, on)
	}
}

// forCondition reports whether prescription rx of patient id is for a
// condition row of key.
func (r *realism) forCondition(id string, rx *models.Prescription, key string) bool {
	for _, c := range r.condsOf[id] {
		if c.ConditionID == rx.ConditionID {
			return c.ConditionKey == key
		}
	}
	return false
}

// TestEmptyIronStoresAreWorkedUp: a ferritin below the treat level (30
// ug/L) beside a normal count, at a GP contact from 18 with iron started
// there, is looked into: a man or a woman of 50 or more has a FIT at that
// contact, and the ferritin is read again 12-16 weeks on (anaemia.yaml
// treat; NICE CKS anaemia - iron deficiency, BSG 2021). Before, 2,010 of
// 2,330 such readings under 60 and 297 of 325 at 60 and over had no iron
// within 90 days, and none a FIT (generate -n 20000 -s 83).
func TestEmptyIronStoresAreWorkedUp(t *testing.T) {
	r := review5Population(t)
	tr := r.p.anaemia.deficiency.Treat
	if tr == nil || tr.Recheck == nil || tr.Investigate == nil {
		t.Fatal("anaemia.yaml iron_deficiency treat has no recheck or investigate")
	}
	fer, hb, fit := r.snomed("serum_ferritin"), r.snomed("haemoglobin"), r.snomed(tr.Investigate.Observation)
	drug := r.p.anaemia.Treatment.Drug
	_, end := r.observationSpan()
	started, older, tested, rechecked := 0, 0, 0, 0
	for id, pt := range r.patients {
		for _, o := range r.values(id, fer) {
			d := o.EffectiveTime.Date()
			e := r.encs[o.EncounterID]
			if *o.Value >= tr.Below || e == nil || e.Setting != settingGP || ageOnDay(pt, d) < 18 || d+models.Date(tr.Recheck.Days[1])+14 > end ||
				(pt.DeathDate != models.NoDate && pt.DeathDate < d+183) || !r.issuedBetween(id, drug, d, d) || r.issuedBetween(id, drug, d-120, d-1) {
				continue
			}
			normal := true
			for _, h := range r.values(id, hb) {
				if h.EncounterID == o.EncounterID && *h.Value < 130 {
					normal = false
				}
			}
			if !normal {
				continue
			}
			started++
			if r.readBetween(id, fer, d+models.Date(tr.Recheck.Days[0]), d+models.Date(tr.Recheck.Days[1])+14) {
				rechecked++
			}
			// h59e: no FIT before it came into use (catalogue in_use_from)
			if !r.p.inUse(r.p.obsIndex[tr.Investigate.Observation], d) {
				continue
			}
			if pt.Sex == "male" && ageOnDay(pt, d) >= tr.Investigate.MaleFrom || pt.Sex == "female" && ageOnDay(pt, d) >= tr.Investigate.FemaleFrom {
				older++
				if r.readBetween(id, fit, d, d) {
					tested++
				}
			}
		}
	}
	enough(t, started, 300, "iron started for a low ferritin beside a normal count")
	enough(t, older, 100, "of them men, or women of 50 and over")
	t.Logf("%d of %d iron starts for empty stores rechecked; %d of %d men and women of 50+ had a FIT", rechecked, started, tested, older)
	if float64(rechecked) < 0.9*float64(started) {
		t.Errorf("only %d of %d iron starts for empty stores had the ferritin read again 12-16 weeks on (want 90%% or more)", rechecked, started)
	}
	if float64(tested) < 0.95*float64(older) {
		t.Errorf("only %d of %d men and women of 50+ started on iron for empty stores had a FIT (want 95%% or more)", tested, older)
	}
}

// TestPersistingJointPainInChildrenHasBloods: a child's joint pain seen face
// to face at the practice 6 weeks or more after it began has a CRP and a
// white cell count by that contact (catalogue persisting_tests; NICE CKS).
// Before, 228 of 229 children's joint pain episodes seen over more than 6
// weeks had no blood test (generate -n 20000 -s 83).
func TestPersistingJointPainInChildrenHasBloods(t *testing.T) {
	r := review5Population(t)
	pt := r.p.Cat.PersistingTests
	if pt == nil {
		t.Fatal("catalogue has no persisting_tests")
	}
	crp, wbc := obsCode(t, "crp"), r.snomed("wbc") // crp: a coded test with a test_results.yaml value (h57b), no slot
	phone := r.p.encTypes[encGPTelephone].Code
	episodes, tested := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		p := r.patients[c.PatientID]
		if c.ConditionKey != "joint_pain" || p == nil || ageOnDay(p, c.OnsetDate) > 15 {
			continue
		}
		last := models.NoDate
		for j := range r.b.Encounters {
			e := &r.b.Encounters[j]
			if e.ReasonConditionID == c.ConditionID && e.Setting == settingGP && e.TypeCode != phone && e.StartTime.Date() >= c.OnsetDate+models.Date(pt.Days) {
				last = max(last, e.StartTime.Date())
			}
		}
		if last == models.NoDate || ageOnDay(p, last) > 15 {
			continue
		}
		episodes++
		from := c.OnsetDate + models.Date(pt.Days)
		if r.readBetween(c.PatientID, crp, from, last) && r.readBetween(c.PatientID, wbc, from, last) {
			tested++
		}
	}
	enough(t, episodes, 50, "children's joint pain seen face to face 6 weeks or more after it began")
	t.Logf("%d of %d children's joint pain episodes seen after 6 weeks had a CRP and a white count", tested, episodes)
	if float64(tested) < 0.95*float64(episodes) {
		t.Errorf("only %d of %d children's joint pain episodes seen after 6 weeks had a CRP and a white count (want 95%% or more)", tested, episodes)
	}
}

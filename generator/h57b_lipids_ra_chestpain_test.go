// Checks for brief h57b (issue 9): the lipid profile beside every
// cholesterol, rheumatoid arthritis diagnosed on serology and inflammatory
// markers, and chest pain at 40 and over seen with an ECG and, in a person
// at cardiovascular risk, referred to the rapid access chest pain clinic.
package generator

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestCholesterolComesWithTheLipidProfile: total cholesterol was the only
// lipid recorded (0 of 3,136 statin users with a cholesterol had an HDL,
// generate -n 20000 -s 83). NICE NG238 reads the full profile: every
// cholesterol sample reports the HDL, non-HDL, triglycerides and calculated
// LDL at the same time, the non-HDL being the total less the HDL and the LDL
// the Friedewald calculation; and a statin lowers the non-HDL by about 40%
// from the profile before it, leaving the HDL.
func TestCholesterolComesWithTheLipidProfile(t *testing.T) {
	r := pathwayPopulation(t)
	tc, hdl, non, tg, ldl := r.snomedCode(t, "total_cholesterol"), r.snomedCode(t, "hdl_cholesterol"),
		r.snomedCode(t, "non_hdl_cholesterol"), r.snomedCode(t, "triglycerides"), r.snomedCode(t, "ldl_cholesterol")
	var n, missing, offNon, offLDL int
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != tc || o.Value == nil {
			continue
		}
		n++
		got := map[string]float64{}
		for _, x := range r.obsByEnc[o.EncounterID] {
			if x.EffectiveTime == o.EffectiveTime && x.Value != nil {
				got[x.SnomedCode] = *x.Value
			}
		}
		h, ok1 := got[hdl]
		nh, ok2 := got[non]
		g, ok3 := got[tg]
		l, ok4 := got[ldl]
		// h59c: the laboratory withholds a calculation it cannot make: the
		// LDL above triglycerides of 4.5 (Friedewald), or either below its
		// reporting floor
		if ok1 && ok3 && !ok4 && (g > 4.5 || *o.Value-h-g/2.2 < 0.15) {
			l, ok4 = *o.Value-h-g/2.2, true
		}
		if ok1 && !ok2 && *o.Value-h < 0.45 {
			nh, ok2 = *o.Value-h, true
		}
		if !ok1 || !ok2 || !ok3 || !ok4 {
			missing++
			continue
		}
		if math.Abs(*o.Value-h-nh) > 0.051 && nh > 0.5 { // one decimal each; 0.5 is non-HDL's floor
			offNon++
		}
		if math.Abs(*o.Value-h-g/2.2-l) > 0.15 && l > 0.2 { // LDL rounded from unrounded parts; 0.2 its floor
			offLDL++
		}
	}
	if n < 2000 {
		t.Fatalf("only %d cholesterol readings: the population no longer tests this", n)
	}
	t.Logf("%d cholesterol readings: %d without the profile, %d non-HDL not total-HDL, %d LDL not Friedewald", n, missing, offNon, offLDL)
	if missing > 0 || offNon > n/200 || offLDL > n/200 {
		t.Errorf("cholesterol readings: %d of %d without HDL, non-HDL, triglycerides and LDL at the same sample (want 0); %d non-HDL and %d LDL disagreeing with the total (want under 0.5%%)", missing, n, offNon, offLDL)
	}
	// The statin's effect, read as the GP reads it: the non-HDL at about 3 months
	// against the last one in the year before the start.
	var falls, hdlMoves []float64
	for id := range r.patients {
		start := models.NoDate
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "atorvastatin" && (start == models.NoDate || rx.StartDate < start) {
				start = rx.StartDate
			}
		}
		if start == models.NoDate {
			continue
		}
		var before, after, hBefore, hAfter float64
		var beforeDay models.Date
		for _, o := range r.obsOf[id] {
			d := o.EffectiveTime.Date()
			switch {
			case o.Value == nil:
			case o.SnomedCode == non && d <= start && d > start-365 && d >= beforeDay:
				before, beforeDay = *o.Value, d
			case o.SnomedCode == non && d >= start+60 && d <= start+120 && after == 0:
				after = *o.Value
			}
		}
		for _, o := range r.obsOf[id] {
			d := o.EffectiveTime.Date()
			if o.SnomedCode == hdl && o.Value != nil && d == beforeDay {
				hBefore = *o.Value
			}
			if o.SnomedCode == hdl && o.Value != nil && d >= start+60 && d <= start+120 && hAfter == 0 {
				hAfter = *o.Value
			}
		}
		if before > 0 && after > 0 {
			falls = append(falls, 1-after/before)
			hdlMoves = append(hdlMoves, hAfter-hBefore)
		}
	}
	if len(falls) < 40 {
		t.Fatalf("only %d statin starts with a non-HDL before and at 3 months", len(falls))
	}
	fall, move := medianOf(falls), medianOf(hdlMoves)
	t.Logf("%d statin starts: median non-HDL fall %.2f, median HDL change %.2f", len(falls), fall, move)
	if fall < 0.3 || fall > 0.6 {
		t.Errorf("median non-HDL fall at 3 months on atorvastatin %.2f: want 0.3-0.6 (about 40%%, NICE NG238)", fall)
	}
	if math.Abs(move) > 0.1 {
		t.Errorf("median HDL change at 3 months on atorvastatin %.2f: want within 0.1 (a statin leaves HDL)", move)
	}
}

// TestRheumatoidArthritisDiagnosedOnSerology: every RA diagnosis was made
// with no rheumatoid factor, anti-CCP, CRP or ESR (80 of 80, generate -n
// 20000 -s 83). NICE NG100: the consultation that suspects it and refers
// takes them all, and about three quarters of people with RA are
// seropositive; their CRP and ESR are raised more often than not.
func TestRheumatoidArthritisDiagnosedOnSerology(t *testing.T) {
	r := pathwayPopulation(t)
	keys := []string{"rheumatoid_factor", "anti_ccp", "crp", "esr"}
	codes := make([]string, len(keys))
	for i, k := range keys {
		codes[i] = r.snomedCode(t, k)
	}
	var n, missing, seropositive, raisedCRP int
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		enc := r.encs[c.DiagnosisEncounterID]
		if c.ConditionKey != "rheumatoid_arthritis" || enc == nil || enc.Setting != settingGP {
			continue
		}
		n++
		got := map[string]float64{}
		for _, o := range r.obsByEnc[c.DiagnosisEncounterID] {
			if o.Value != nil {
				got[o.SnomedCode] = *o.Value
			}
		}
		if len(got) == 0 {
			missing++
			continue
		}
		for _, code := range codes {
			if _, ok := got[code]; !ok {
				missing++
				break
			}
		}
		if got[codes[0]] >= 14 || got[codes[1]] >= 7 {
			seropositive++
		}
		if got[codes[2]] >= 10 {
			raisedCRP++
		}
	}
	if n < 10 {
		t.Fatalf("only %d RA diagnoses at the GP in the record", n)
	}
	pos, crp := float64(seropositive)/float64(n), float64(raisedCRP)/float64(n)
	t.Logf("%d RA diagnoses: %d without RF, anti-CCP, CRP and ESR; seropositive %.2f, CRP 10 or more %.2f", n, missing, pos, crp)
	if missing > 0 {
		t.Errorf("%d of %d RA diagnoses without rheumatoid factor, anti-CCP, CRP and ESR at the diagnosing consultation (want 0)", missing, n)
	}
	if pos < 0.6 || pos > 0.97 {
		t.Errorf("seropositive (RF 14 or more, or anti-CCP 7 or more) at %.2f of RA diagnoses: want 0.6-0.97 (about three quarters, NICE NG100)", pos)
	}
	if crp < 0.5 {
		t.Errorf("CRP of 10 mg/L or more at %.2f of RA diagnoses: want at least half (raised in active RA)", crp)
	}
}

// TestChestPainAt40SeenWithAnECG: 2,764 of 2,796 first GP contacts about
// chest pain at 40 and over had no ECG or troponin within 30 days, and the
// GP referred 30% whatever the person's risks (generate -n 20000 -s 83).
// NICE CG95: a resting 12-lead ECG, and a referral to the rapid access
// chest pain clinic of suspected angina: nearly every first contact has an
// ECG within two weeks, and a person with hypertension or diabetes is
// referred far more often than the 30% of others.
func TestChestPainAt40SeenWithAnECG(t *testing.T) {
	r := pathwayPopulation(t)
	ecg := r.snomedCode(t, "ecg_12_lead")
	clinicFor := map[string]bool{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingOutpatient && e.ReasonConditionID != "" {
			clinicFor[e.ReasonConditionID] = true
		}
	}
	var n, without, risky, riskyReferred int
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		enc := r.encs[c.DiagnosisEncounterID]
		if c.ConditionKey != "chest_pain" || enc == nil || enc.Setting != settingGP {
			continue
		}
		pt := r.patients[c.PatientID]
		d := enc.StartTime.Date()
		if ageOn(pt, d) < 40 || d+14 > r.p.Opts.AsOf {
			continue
		}
		n++
		seen := false
		for _, o := range r.obsOf[c.PatientID] {
			if od := o.EffectiveTime.Date(); o.SnomedCode == ecg && od >= d && od <= d+14 {
				seen = true
				break
			}
		}
		if !seen {
			without++
		}
		atRisk := false
		for _, k := range []string{"hypertension", "type2_diabetes", "type1_diabetes"} {
			if h := r.has(c.PatientID, k); h != nil && h.OnsetDate <= d {
				atRisk = true
			}
		}
		if atRisk {
			risky++
			if clinicFor[c.ConditionID] {
				riskyReferred++
			}
		}
	}
	if n < 200 || risky < 50 {
		t.Fatalf("only %d first GP contacts about chest pain at 40 and over (%d at risk)", n, risky)
	}
	share := float64(riskyReferred) / float64(risky)
	t.Logf("%d first GP contacts at 40+: %d with no ECG in 14 days; %d at risk, %.2f seen in clinic", n, without, risky, share)
	if without > n/20 {
		t.Errorf("%d of %d first GP contacts about chest pain at 40 and over with no ECG within 14 days: want under 5%% (NICE CG95)", without, n)
	}
	if share < 0.6 {
		t.Errorf("chest pain at 40 and over with hypertension or diabetes seen in clinic at %.2f: want at least 0.6 (suspected angina, rapid access chest pain clinic)", share)
	}
}

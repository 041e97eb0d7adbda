// Checks for brief h59c (issue 9): lipid profiles whose parts add up, with
// the HDL and triglycerides of the person's state, the statin's fall taken
// off the LDL, and QRISK3 reading the person's own total:HDL ratio.
package generator

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// lipidProfile is one sample's lipid readings (0: not reported).
type lipidProfile struct {
	patient             string
	day                 models.Date
	total, hdl, tg, ldl float64
}

// lipidProfiles gathers every cholesterol sample's profile.
func lipidProfiles(t *testing.T, r *realism) []lipidProfile {
	tc, hdl, tg, ldl := r.snomedCode(t, "total_cholesterol"), r.snomedCode(t, "hdl_cholesterol"),
		r.snomedCode(t, "triglycerides"), r.snomedCode(t, "ldl_cholesterol")
	var out []lipidProfile
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != tc || o.Value == nil {
			continue
		}
		lp := lipidProfile{patient: o.PatientID, day: o.EffectiveTime.Date(), total: *o.Value}
		for _, x := range r.obsByEnc[o.EncounterID] {
			if x.EffectiveTime != o.EffectiveTime || x.Value == nil {
				continue
			}
			switch x.SnomedCode {
			case hdl:
				lp.hdl = *x.Value
			case tg:
				lp.tg = *x.Value
			case ldl:
				lp.ldl = *x.Value
			}
		}
		out = append(out, lp)
	}
	return out
}

// onAtorvastatin reports whether an atorvastatin issue runs on day d.
func onAtorvastatin(r *realism, patient string, d models.Date) bool {
	for _, rx := range r.rxOf[patient] {
		if medKey(rx) == "atorvastatin" && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
			return true
		}
	}
	return false
}

// TestLipidProfilesAddUp: the HDL was drawn apart from the total and the
// statin's fraction came off the total above a fixed HDL of 1.4, so 25% of
// calculated LDLs on atorvastatin were under 1.0 (some 0.2, written at the
// floor and no longer adding up: 1,141 of 43,488 profiles), and no reading
// was above the triglycerides of 4.5 where Friedewald fails (generate -n
// 20000 -s 83). Now total = LDL + HDL + TG/2.2 holds for every reported
// LDL, none is calculated above triglycerides of 4.5 (a few in a hundred
// samples are), and an LDL under 1.0 is uncommon on atorvastatin and rare
// off it.
func TestLipidProfilesAddUp(t *testing.T) {
	r := pathwayPopulation(t)
	var n, withLDL, offSum, highTG, ldlAtHighTG, on, onLow, off, offLow int
	for _, lp := range lipidProfiles(t, r) {
		n++
		if lp.tg > 4.5 {
			highTG++
			if lp.ldl > 0 {
				ldlAtHighTG++
			}
		}
		if lp.ldl == 0 {
			continue
		}
		withLDL++
		if math.Abs(lp.total-lp.ldl-lp.hdl-lp.tg/2.2) > 0.1 { // each reported to 0.1
			offSum++
		}
		if onAtorvastatin(r, lp.patient, lp.day) {
			on++
			if lp.ldl < 1 {
				onLow++
			}
		} else {
			off++
			if lp.ldl < 1 {
				offLow++
			}
		}
	}
	if n < 2000 || on < 300 || off < 300 {
		t.Fatalf("%d profiles (%d on atorvastatin, %d off): the population no longer tests this", n, on, off)
	}
	t.Logf("%d profiles, %d with an LDL: %d not adding up; %d with triglycerides above 4.5, %d of them with an LDL; LDL under 1.0: %d of %d on atorvastatin, %d of %d off",
		n, withLDL, offSum, highTG, ldlAtHighTG, onLow, on, offLow, off)
	if offSum > 0 {
		t.Errorf("%d of %d LDLs do not add up with the HDL and triglycerides/2.2 to the total (want 0: the laboratory's calculation)", offSum, withLDL)
	}
	if ldlAtHighTG > 0 {
		t.Errorf("%d LDLs calculated at triglycerides above 4.5 (want 0: Friedewald does not hold there)", ldlAtHighTG)
	}
	if share := float64(highTG) / float64(n); share < 0.002 || share > 0.05 {
		t.Errorf("%.2f%% of samples with triglycerides above 4.5: want 0.2-5%% (a right-skewed distribution, HSE approx)", 100*share)
	}
	if share := float64(onLow) / float64(on); share > 0.15 {
		t.Errorf("%.1f%% of LDLs on atorvastatin under 1.0: want at most 15%% (the statin takes 40-50%% off the LDL, not the HDL)", 100*share)
	}
	if share := float64(offLow) / float64(off); share > 0.01 {
		t.Errorf("%.1f%% of LDLs off atorvastatin under 1.0: want at most 1%% (an untreated LDL under 1.2 is rare)", 100*share)
	}
}

// TestDiabetesLowersHDLAndRaisesTriglycerides: diabetic dyslipidaemia. The
// HDL and triglycerides were drawn apart from the person's state: men with
// type 2 diabetes had a mean HDL of 1.22 against 1.24 and triglycerides of
// 1.91 against 1.88 (generate -n 20000 -s 83).
func TestDiabetesLowersHDLAndRaisesTriglycerides(t *testing.T) {
	r := pathwayPopulation(t)
	var sumHDL, sumTG, count [2]float64 // by diabetes
	for _, lp := range lipidProfiles(t, r) {
		if r.patients[lp.patient].Sex != "male" || lp.hdl == 0 || lp.tg == 0 {
			continue
		}
		k := 0
		if c := r.has(lp.patient, "type2_diabetes"); c != nil && c.OnsetDate <= lp.day {
			k = 1
		}
		sumHDL[k] += lp.hdl
		sumTG[k] += math.Log(lp.tg)
		count[k]++
	}
	if count[0] < 200 || count[1] < 200 {
		t.Fatalf("men's profiles: %v without and with diabetes, too few", count)
	}
	hdl := [2]float64{sumHDL[0] / count[0], sumHDL[1] / count[1]}
	tg := [2]float64{math.Exp(sumTG[0] / count[0]), math.Exp(sumTG[1] / count[1])}
	t.Logf("men: mean HDL %.2f without diabetes, %.2f with; geometric mean triglycerides %.2f, %.2f", hdl[0], hdl[1], tg[0], tg[1])
	if hdl[0]-hdl[1] < 0.08 {
		t.Errorf("men's mean HDL %.2f without diabetes and %.2f with: want at least 0.08 lower with it", hdl[0], hdl[1])
	}
	if tg[1]/tg[0] < 1.15 {
		t.Errorf("men's triglycerides %.2f without diabetes and %.2f with: want at least 15%% higher with it", tg[0], tg[1])
	}
}

// TestQRISKReadsTheProfilesRatio: QRISK3 divided the usual total by a
// fixed HDL of 1.4. The score reads the latest profile on the record up to
// its day: the total and HDL of one sample, a later one not yet taken.
func TestQRISKReadsTheProfilesRatio(t *testing.T) {
	p := testPlan(t, 10, nil)
	if p.cvd == nil {
		t.Skip("no cvd_risk in the catalogue")
	}
	w := newWorker(p)
	w.b = &models.Batch{}
	per := &person{}
	day := models.CivilDate(2020, 3, 2)
	at := func(slot int, d models.Date, minute int, v float64) {
		w.b.Observations = append(w.b.Observations, models.Observation{SnomedCode: p.obsCodes[slot].Snomed, EffectiveTime: d.Start().AddMinutes(minute), Value: &v})
	}
	at(p.cvd.chol, day-400, 600, 5.0) // an older profile
	at(p.cvd.hdl, day-400, 600, 1.0)
	at(p.cvd.chol, day, 600, 6.0) // the review's
	at(p.cvd.hdl, day, 600, 2.0)
	at(p.cvd.hdl, day, 700, 0.8)   // an HDL with no total from its sample
	at(p.cvd.chol, day+30, 600, 4) // after the day
	at(p.cvd.hdl, day+30, 600, 1)
	if got := w.cholHDLRatio(per, day); math.Abs(got-3) > 1e-9 {
		t.Errorf("ratio on the review's day %.3f: want 3.0 (6.0 / 2.0, not 6.0 / 1.4)", got)
	}
	if got := w.cholHDLRatio(per, day-1); math.Abs(got-5) > 1e-9 {
		t.Errorf("ratio the day before %.3f: want 5.0 (the older profile)", got)
	}
}

// Checks for brief h60c: atrial fibrillation's rate control follows NICE
// NG196 (a beta-blocker, else diltiazem, digoxin for the very old; no
// rate-limiting calcium-channel blocker in heart failure, no verapamil
// beside a beta-blocker), and a slow pulse no medicine explains is
// investigated.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// rateSlowing reports whether the issue is of a medicine that slows the
// heart (a beta-blocker, a rate-limiting calcium-channel blocker, digoxin).
func rateSlowing(rx *models.Prescription) bool {
	k := medKey(rx)
	return datasets.InClass(k, "beta_blocker") || datasets.InClass(k, "rate_limiting_ccb") || datasets.InClass(k, "cardiac_glycoside")
}

// listedOn reports whether condition c is on the problem list on day d.
func listedOn(c *models.Condition, d models.Date) bool {
	return c != nil && c.OnsetDate <= d && (c.ResolvedDate == models.NoDate || c.ResolvedDate > d)
}

// TestAFRateControlFollowsNG196: before, bisoprolol was AF's only rate
// control: 19 of 33 people with AF and asthma took it for their AF, and no
// diltiazem or digoxin was ever issued (generate -n 20000 -s 83). Now a
// person with asthma when rate control starts is given diltiazem (digoxin
// in heart failure or from 80), never a beta-blocker for the AF; diltiazem
// or verapamil never runs while heart failure is on the problem list, and
// verapamil never beside a beta-blocker (BNF: asystole, heart block).
func TestAFRateControlFollowsNG196(t *testing.T) {
	r := pathwayPopulation(t)
	started, others, asthmaBB, ccbHF, veraBB := 0, 0, 0, 0, 0
	for id := range r.patients {
		af := r.has(id, "atrial_fibrillation")
		hf := r.has(id, "heart_failure")
		for _, rx := range r.rxOf[id] {
			k := medKey(rx)
			if datasets.InClass(k, "rate_limiting_ccb") && hf != nil && (rx.EndDate == models.NoDate || rx.EndDate >= hf.OnsetDate) && (hf.ResolvedDate == models.NoDate || rx.StartDate < hf.ResolvedDate) {
				ccbHF++
				t.Logf("%s: %s from %s beside heart failure from %s", id, rx.Medication, rx.StartDate, hf.OnsetDate)
			}
			if k == "verapamil" {
				for _, o := range r.rxOf[id] {
					if datasets.InClass(medKey(o), "beta_blocker") && activeOn(o, rx.StartDate) || activeOn(rx, o.StartDate) {
						veraBB++
					}
				}
			}
			if af == nil || rx.ConditionID != af.ConditionID || !rateSlowing(rx) {
				continue
			}
			started++
			if !datasets.InClass(k, "beta_blocker") {
				others++
			}
			if datasets.InClass(k, "beta_blocker") && listedOn(r.has(id, "asthma"), rx.StartDate) {
				asthmaBB++
				t.Logf("%s: %s for AF from %s with asthma", id, rx.Medication, rx.StartDate)
			}
		}
	}
	enough(t, started, 50, "rate-control issues for AF")
	if others == 0 {
		t.Errorf("none of %d rate-control issues for AF is diltiazem or digoxin (NG196: a rate-limiting CCB, or digoxin for the sedentary)", started)
	}
	if asthmaBB > 0 {
		t.Errorf("%d beta-blocker issues for AF to people with asthma (want 0: diltiazem or digoxin instead)", asthmaBB)
	}
	if ccbHF > 0 {
		t.Errorf("%d rate-limiting calcium-channel blocker issues running beside heart failure (want 0)", ccbHF)
	}
	if veraBB > 0 {
		t.Errorf("%d verapamil issues overlapping a beta-blocker (want 0)", veraBB)
	}
}

// TestSlowPulseOnNoRateDrugIsInvestigated: before, 506 of 514 GP pulses
// under 50 on no beta-blocker, rate-limiting calcium-channel blocker or
// digoxin had no ECG within 30 days (generate -n 20000 -s 83). A GP
// records a 12-lead ECG and a TSH at the contact,
// unless an ECG was taken in the year before.
func TestSlowPulseOnNoRateDrugIsInvestigated(t *testing.T) {
	r := pathwayPopulation(t)
	code := func(key string) string { // the ECG is a code of its own, not a catalogue observation
		c, ok := datasets.ObservationByKey(key)
		if !ok {
			t.Fatalf("no observation code %s", key)
		}
		return c.Snomed
	}
	hr, ecg, tsh := code("heart_rate"), code("ecg_12_lead"), code("tsh")
	var last models.Date
	for i := range r.b.Encounters {
		last = max(last, r.b.Encounters[i].StartTime.Date())
	}
	slow, noECG, noTSH := 0, 0, 0
	for id, obs := range r.obsOf {
		for _, o := range obs {
			d := o.EffectiveTime.Date()
			e := r.encs[o.EncounterID]
			if o.SnomedCode != hr || o.Value == nil || *o.Value >= 50 || e == nil || e.Setting != settingGP || d+30 > last {
				continue
			}
			on := false
			for _, rx := range r.rxOf[id] {
				on = on || rateSlowing(rx) && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d)
			}
			if on || codedBetween(obs, ecg, d-365, d-1) {
				continue
			}
			slow++
			if !codedBetween(obs, ecg, d, d+30) {
				noECG++
				if noECG <= 5 {
					t.Logf("%s: heart rate %g on %s (%s) on no rate-slowing medicine, no ECG in 30 days", id, *o.Value, d, e.TypeDisplay)
				}
			}
			if !codedBetween(obs, tsh, d, d+30) {
				noTSH++
			}
		}
	}
	enough(t, slow, 20, "GP pulses under 50 on no rate-slowing medicine")
	// a reading the person's death or the record's end cuts short aside,
	// every one is worked up at its contact
	if float64(noECG) > 0.05*float64(slow) || float64(noTSH) > 0.05*float64(slow) {
		t.Errorf("of %d GP pulses under 50 on no rate-slowing medicine, %d had no ECG and %d no TSH within 30 days (want 5%% at most)", slow, noECG, noTSH)
	}
}

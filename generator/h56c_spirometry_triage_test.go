// Checks for brief h56c (issue 9): COPD diagnosed on spirometry, people
// breathless at MRC grade 3 or more offered pulmonary rehabilitation, and
// the triage observations of every A&E attendance.
package generator

import (
	"math"
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// valueAt is the value of the first observation of code at encounter enc,
// and whether there is one.
func (r *realism) valueAt(enc, code string) (float64, bool) {
	for _, o := range r.obsByEnc[enc] {
		if o.SnomedCode == code && o.Value != nil {
			return *o.Value, true
		}
	}
	return 0, false
}

// TestCOPDDiagnosedOnSpirometry: every COPD diagnosis in the record had an
// FEV1 and no FVC or FEV1/FVC ratio (generate -n 20000 -s 83: 391 of 391).
// NICE NG115 1.1 diagnoses COPD on a post-bronchodilator FEV1/FVC ratio
// below 0.7: the diagnosing visit records the FEV1, the FVC and the ratio,
// the ratio below 0.7, the three in agreement, and the ratio lower where
// the FEV1 is lower (obstruction deepening).
func TestCOPDDiagnosedOnSpirometry(t *testing.T) {
	r := pathwayPopulation(t)
	fev1, fvc, ratio := r.snomedCode(t, "fev1"), r.snomedCode(t, "fvc"), r.snomedCode(t, "fev1_fvc_ratio")
	var n, missing, high, disagree int
	var lowFEV1, highFEV1 []float64 // ratios at an FEV1 under 1.2 L and of 2 L or more
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "copd" || c.DiagnosisEncounterID == "" || r.encs[c.DiagnosisEncounterID] == nil {
			continue
		}
		n++
		f, ok1 := r.valueAt(c.DiagnosisEncounterID, fev1)
		v, ok2 := r.valueAt(c.DiagnosisEncounterID, fvc)
		q, ok3 := r.valueAt(c.DiagnosisEncounterID, ratio)
		if !ok1 || !ok2 || !ok3 {
			missing++
			continue
		}
		if q >= 0.7 {
			high++
		}
		if math.Abs(f/v-q) > 0.02 { // each value rounded to 2 decimals
			disagree++
		}
		switch {
		case f < 1.2:
			lowFEV1 = append(lowFEV1, q)
		case f >= 2:
			highFEV1 = append(highFEV1, q)
		}
	}
	if n < 60 {
		t.Fatalf("only %d COPD diagnoses in the record: the population no longer tests this", n)
	}
	t.Logf("%d diagnoses: %d without the three readings, %d ratio 0.7 or more, %d FEV1/FVC not the ratio", n, missing, high, disagree)
	if missing > 0 || high > 0 || disagree > 0 {
		t.Errorf("COPD diagnoses: %d of %d without FEV1, FVC and ratio, %d with a ratio of 0.7 or more, %d whose FEV1/FVC is not the ratio (want 0 each)", missing, n, high, disagree)
	}
	if len(lowFEV1) < 10 || len(highFEV1) < 10 {
		t.Fatalf("too few diagnoses at FEV1 under 1.2 L (%d) or 2 L or more (%d)", len(lowFEV1), len(highFEV1))
	}
	lo, hi := medianOf(lowFEV1), medianOf(highFEV1)
	t.Logf("median ratio at FEV1 under 1.2 L %.2f (%d), at 2 L or more %.2f (%d)", lo, len(lowFEV1), hi, len(highFEV1))
	if lo > hi-0.05 {
		t.Errorf("median FEV1/FVC at an FEV1 under 1.2 L %.2f, at 2 L or more %.2f: want deeper obstruction (at least 0.05 lower) where the FEV1 is lower", lo, hi)
	}
}

// TestMRC3OfferedPulmonaryRehabilitation: half the people graded MRC 3 or
// more were never referred to pulmonary rehabilitation (generate -n 20000
// -s 83: 177 of 362 first graded 3+ from 2016). NICE NG115 offers it to
// everyone functionally limited by breathlessness: a person first graded 3
// or more in the record more than a year before its end has been referred
// (a referral in the year before the grade counts: an admission's).
func TestMRC3OfferedPulmonaryRehabilitation(t *testing.T) {
	r := pathwayPopulation(t)
	grade3 := []string{r.snomedCode(t, "mrc_grade_3"), r.snomedCode(t, "mrc_grade_4"), r.snomedCode(t, "mrc_grade_5")}
	referral := r.snomedCode(t, "pulmonary_rehab_referral")
	var end models.Date
	for i := range r.b.Encounters {
		end = max(end, r.b.Encounters[i].StartTime.Date())
	}
	var people, referred int
	for id, obs := range r.obsOf {
		first := models.Date(math.MaxInt32)
		for _, o := range obs {
			if slices.Contains(grade3, o.SnomedCode) {
				first = min(first, o.EffectiveTime.Date())
			}
		}
		if first > end-400 {
			continue
		}
		people++
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == referral && o.EffectiveTime.Date() >= first-365 {
				referred++
				break
			}
		}
	}
	if people < 50 {
		t.Fatalf("only %d people graded MRC 3 or more: the population no longer tests this", people)
	}
	share := float64(referred) / float64(people)
	t.Logf("%d of %d people graded MRC 3+ referred (%.0f%%)", referred, people, 100*share)
	// 85%: 8 in 10 accept the first offer, most of the rest a later one; a
	// few reach the palliative care register or die first
	if share < 0.85 {
		t.Errorf("%d of %d people graded MRC 3 or more referred to pulmonary rehabilitation (%.0f%%), want at least 85%%", referred, people, 100*share)
	}
}

// TestAEAttendancesRecordTriage: stroke, heart failure, injury and fall
// attendances in A&E recorded no observation at all, and a fatal pneumonia
// seen there no saturation or breathing rate (generate -n 20000 -s 83:
// stroke 370 of 370, heart failure 414 of 414, fatal pneumonia 136 of 136).
// Every attendance (the sepsis ones have their own NEWS2 set) records the
// NEWS2 readings: pulse, respiratory rate, saturation, temperature and, in
// adults, blood pressure; and they follow the problem: a stroke's systolic
// above an injury's, a fatal pneumonia hypoxic and breathing fast.
func TestAEAttendancesRecordTriage(t *testing.T) {
	r := pathwayPopulation(t)
	conds := r.conditionByID()
	keys := []string{"heart_rate", "respiratory_rate", "oxygen_saturation", "temperature"}
	sbp, sat, rr := r.snomedCode(t, "systolic_bp"), r.snomedCode(t, "oxygen_saturation"), r.snomedCode(t, "respiratory_rate")
	var n, short int
	var stroke, injury, pneuSat, pneuRR []float64
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		c := conds[e.ReasonConditionID]
		if e.Setting != settingAE || c == nil || c.ConditionKey == "sepsis" || c.ConditionKey == "cause_sepsis" {
			continue
		}
		n++
		adult := ageOnDay(r.patients[e.PatientID], e.StartTime.Date()) >= 18
		want := keys
		if adult {
			want = append(slices.Clip(keys), "systolic_bp")
		}
		for _, k := range want {
			if _, ok := r.valueAt(e.EncounterID, r.snomedCode(t, k)); !ok {
				short++
				break
			}
		}
		v, ok := r.valueAt(e.EncounterID, sbp)
		switch {
		case ok && adult && c.ConditionKey == "stroke_tia":
			stroke = append(stroke, v)
		case ok && adult && (c.ConditionKey == "laceration" || c.ConditionKey == "contusion"):
			injury = append(injury, v)
		case c.ConditionKey == "cause_pneumonia":
			if s, ok := r.valueAt(e.EncounterID, sat); ok {
				pneuSat = append(pneuSat, s)
			}
			if b, ok := r.valueAt(e.EncounterID, rr); ok {
				pneuRR = append(pneuRR, b)
			}
		}
	}
	if n < 2000 {
		t.Fatalf("only %d A&E attendances: the population no longer tests this", n)
	}
	t.Logf("%d of %d A&E attendances without the whole triage set", short, n)
	if float64(short) > 0.01*float64(n) {
		t.Errorf("%d of %d A&E attendances lack part of the triage set (want at most 1%%)", short, n)
	}
	if len(stroke) < 10 || len(injury) < 100 {
		t.Fatalf("too few adults' stroke (%d) or injury (%d) attendances", len(stroke), len(injury))
	}
	s, j := medianOf(stroke), medianOf(injury)
	t.Logf("median systolic: stroke %.0f (%d), laceration or contusion %.0f (%d)", s, len(stroke), j, len(injury))
	if s < j+15 {
		t.Errorf("median systolic at a stroke attendance %.0f, at an injury %.0f: want a stroke at least 15 mmHg higher", s, j)
	}
	if len(pneuSat) >= 5 {
		ms, mr := medianOf(pneuSat), medianOf(pneuRR)
		t.Logf("fatal pneumonia in A&E (%d): median saturation %.0f%%, respiratory rate %.0f", len(pneuSat), ms, mr)
		if ms > 92 || mr < 24 {
			t.Errorf("fatal pneumonia in A&E: median saturation %.0f%%, rate %.0f; want 92%% or less and 24 or more", ms, mr)
		}
	}
}

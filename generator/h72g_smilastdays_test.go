// Checks for brief h72g: severe mental illness and the last days of life. A
// GP review found midazolam 10 mg over 24 hours in the syringe driver at any
// age and kidney function, a relapse of schizophrenia or bipolar disorder
// that changed no medicine, and no weight, glucose or lipids 12 weeks after
// an antipsychotic started.
package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestMidazolamIsLowerInOlderPeopleAndPoorKidneys: midazolam in the last
// days is 10 mg over 24 hours by syringe driver and 2.5-5 mg when required,
// but 5 mg over 24 hours and 2.5 mg when required in older or frail people
// and at an eGFR below 30, where it and its active metabolite accumulate
// (community end-of-life symptom guidance, BMJ 2020, as quoted; regimens.csv
// midazolam, prescribing.yaml renal). Before, all 1,297 midazolam issues were
// at the full dose, 1,075 of them at 75 and over (generate -n 20000 -s 83;
// 1,052 of 1,052 here); after, 0 of 1,052.
func TestMidazolamIsLowerInOlderPeopleAndPoorKidneys(t *testing.T) {
	r := review5Population(t)
	egfr, _ := datasets.ObservationByKey("egfr")
	lower, full := 0, 0
	for id, rxs := range r.rxOf {
		p := r.patients[id]
		for _, rx := range rxs {
			if medKey(rx) != "midazolam" {
				continue
			}
			v, _, seen := r.latestValue(id, egfr.Snomed, rx.StartDate)
			if ageOn(p, rx.StartDate) < 75 && (!seen || v >= 30) {
				continue
			}
			lower++
			if strings.Contains(rx.DoseText, "10 mg over 24 hours") || strings.Contains(rx.DoseText, "2.5 mg to 5 mg") {
				full++
				t.Logf("%s: %s at %d, latest eGFR %.0f (seen %v) on %s", id, rx.DoseText, ageOn(p, rx.StartDate), v, seen, rx.StartDate)
			}
		}
	}
	t.Logf("%d of %d midazolam issues at 75 and over or at an eGFR below 30 at the full adult dose", full, lower)
	enough(t, lower, 100, "midazolam issues at 75 and over or at an eGFR below 30")
	if full > 0 {
		t.Errorf("%d of %d midazolam issues at 75 and over or at an eGFR below 30 at the full adult dose (10 mg over 24 hours or 2.5-5 mg when required)", full, lower)
	}
}

// TestRelapseAdmissionChangesTheAntipsychotic: an emergency admission for
// schizophrenia or bipolar disorder is a relapse, and the medicine is
// reviewed: adherence checked and the dose raised or the drug changed (NICE
// CG178 1.4, CG185 1.7, approx). Of the admissions of people on an oral
// antipsychotic below its top dose (regimens.csv), the practice issues a new
// dose or another drug within 60 days of the admission in at least 80%
// (the rest: the record ends or the person dies first, or the review is the
// routine one after 60 days). Before, 0 of 29 admissions on any medicine
// changed it (generate -n 20000 -s 83); on this population 3 of 9, the
// changes a routine review made.
func TestRelapseAdmissionChangesTheAntipsychotic(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	top := map[string]string{
		"olanzapine": "Take TWO tablets at night", "aripiprazole": "Take TWO tablets daily",
		"risperidone": "Take ONE tablet in the morning and TWO tablets at night", "quetiapine": "Take ONE AND A HALF tablets twice a day",
	}
	_, end := r.contactSpan()
	admissions, changed := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingInpatient || (keys[e.ReasonConditionID] != "smi" && keys[e.ReasonConditionID] != "bipolar") {
			continue
		}
		d := e.StartTime.Date()
		var last *models.Prescription
		for _, rx := range r.rxOf[e.PatientID] {
			if rx.Type == models.PrescriptionRepeat && rx.StartDate < d && (last == nil || rx.StartDate > last.StartDate) {
				if _, oral := top[medKey(rx)]; oral {
					last = rx
				}
			}
		}
		p := r.patients[e.PatientID]
		if last == nil || last.EndDate < d || last.DoseText == top[medKey(last)] || (p.DeathDate != models.NoDate && p.DeathDate <= d+60) || d+60 > end {
			continue
		}
		admissions++
		after := false
		for _, rx := range r.rxOf[e.PatientID] {
			after = after || rx.StartDate >= d && rx.StartDate <= d+60 && (rx.DMDCode != last.DMDCode || rx.DoseText != last.DoseText)
		}
		if after {
			changed++
		} else {
			t.Logf("%s: admitted for %s on %s on %s %q, nothing changed in 60 days", e.PatientID, keys[e.ReasonConditionID], d, last.Medication, last.DoseText)
		}
	}
	t.Logf("%d of %d relapse admissions on an oral antipsychotic below its top dose changed it within 60 days", changed, admissions)
	enough(t, admissions, 8, "relapse admissions on an oral antipsychotic below its top dose")
	if float64(changed) < 0.8*float64(admissions) {
		t.Errorf("%d of %d relapse admissions changed the antipsychotic within 60 days, want at least 80%% (NICE CG178 1.4)", changed, admissions)
	}
}

// TestAntipsychoticStartHasTwelveWeekChecks: NICE CG178 1.3.6.3 (as quoted
// in Br J Psychiatry 2017;211:194): weight, blood pressure, HbA1c or
// glucose and lipids at 12 weeks after an antipsychotic starts. Of the
// starts in the record with 4 months to follow (the baseline weight taken,
// start_tests), at least 90% have a weight, an HbA1c and a cholesterol 70-110
// days after. Before, 0 of 33 had an HbA1c or a cholesterol then
// (generate -n 20000 -s 83).
func TestAntipsychoticStartHasTwelveWeekChecks(t *testing.T) {
	r := review5Population(t)
	codes := map[string]string{}
	for _, k := range []string{"weight", "hba1c", "total_cholesterol"} {
		oc, ok := datasets.ObservationByKey(k)
		if !ok {
			t.Fatalf("observation_codes.csv: no %s", k)
		}
		codes[k] = oc.Snomed
	}
	anti := map[string]bool{"olanzapine": true, "aripiprazole": true, "risperidone": true, "quetiapine": true, "paliperidone": true}
	_, end := r.contactSpan()
	starts, checked := 0, 0
	for id, rxs := range r.rxOf {
		var first *models.Prescription
		for _, rx := range rxs {
			if anti[medKey(rx)] && rx.Type == models.PrescriptionRepeat && (first == nil || rx.StartDate < first.StartDate) {
				first = rx
			}
		}
		if first == nil || first.StartDate+120 > end || !r.sampledBetween(id, codes["weight"], first.StartDate-90, first.StartDate) {
			continue
		}
		if p := r.patients[id]; p.DeathDate != models.NoDate && p.DeathDate < first.StartDate+120 {
			continue
		}
		starts++
		all := true
		for _, c := range codes {
			all = all && r.sampledBetween(id, c, first.StartDate+70, first.StartDate+110)
		}
		if all {
			checked++
		} else {
			t.Logf("%s: %s started %s, no 12-week weight, HbA1c and cholesterol", id, first.Medication, first.StartDate)
		}
	}
	t.Logf("%d of %d antipsychotic starts with a 12-week weight, HbA1c and cholesterol", checked, starts)
	enough(t, starts, 10, "antipsychotic starts in the record with 4 months to follow")
	if float64(checked) < 0.9*float64(starts) {
		t.Errorf("%d of %d antipsychotic starts had the 12-week checks, want at least 90%% (NICE CG178 1.3.6.3)", checked, starts)
	}
}

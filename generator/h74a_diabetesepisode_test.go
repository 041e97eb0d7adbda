// Checks for brief h74a: diabetes care that responds to the episode. A GP
// review found new type 1 diabetes waiting a week for insulin after the
// admission that diagnosed it, no glucose at the GP contact that diagnosed
// it, and the same insulin and no review after a hypoglycaemia that reached
// A&E or a ward.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestType1InsulinFollowsTheDiagnosingDischarge: insulin starts at the
// diagnosis of type 1 diabetes (NICE NG17; NG18 1.1: the paediatric team
// starts it), so a person diagnosed in hospital leaves on it and the first
// issue in the record follows the discharge letter (catalogue onset_event
// from_discharge_days, 1-2 days; a weekend puts it on the Monday, so 4 at
// most). Before, the first insulin came 2-8 days after the discharge, 5 or
// more in 17 of 19 (generate -n 20000 -s 83).
func TestType1InsulinFollowsTheDiagnosingDischarge(t *testing.T) {
	r := review5Population(t)
	seen, late := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "type1_diabetes" || c.DiagnosisEncounterID == "" {
			continue
		}
		if e := r.encs[c.DiagnosisEncounterID]; e == nil || (e.Setting != settingAE && e.Setting != settingInpatient) {
			continue
		}
		discharged := models.NoDate
		for _, e := range r.encsOf(c.PatientID) {
			if d := e.StartTime.Date(); e.Setting == settingInpatient && d >= c.OnsetDate && d <= c.OnsetDate+1 {
				discharged = e.EndTime.Date()
				break
			}
		}
		if discharged == models.NoDate || discharged+7 > r.p.Opts.AsOf {
			continue
		}
		first := models.NoDate
		for _, rx := range r.rxOf[c.PatientID] {
			if k := medKey(rx); (k == "insulin_glargine" || k == "insulin_aspart") && (first == models.NoDate || rx.StartDate < first) {
				first = rx.StartDate
			}
		}
		seen++
		if first == models.NoDate || first > discharged+4 {
			late++
			t.Logf("%s: type 1 diabetes diagnosed in hospital on %s, discharged %s, first insulin %s", c.PatientID, c.OnsetDate, discharged, first)
		}
	}
	enough(t, seen, 8, "type 1 diagnoses made in hospital")
	t.Logf("%d type 1 diagnoses made in hospital, %d with no insulin within 4 days of the discharge", seen, late)
	if late > 0 {
		t.Errorf("%d of %d people diagnosed with type 1 diabetes in hospital had no insulin within 4 days of the discharge (NICE NG17/NG18: insulin from diagnosis)", late, seen)
	}
}

// TestType1DiagnosedAtTheGPHasAGlucose: a person with symptoms of diabetes
// has a same-day glucose at the practice (NICE NG17 1.1, NG18 1.1), above
// 11.0 mmol/L in hyperglycaemia (catalogue first_contact_tests). Before, 18
// of 18 GP contacts that diagnosed type 1 diabetes had none (generate -n
// 20000 -s 83).
func TestType1DiagnosedAtTheGPHasAGlucose(t *testing.T) {
	r := review5Population(t)
	glucose, _ := datasets.ObservationByKey("blood_glucose")
	seen, without, low := 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "type1_diabetes" || c.DiagnosisEncounterID == "" {
			continue
		}
		if e := r.encs[c.DiagnosisEncounterID]; e == nil || e.Setting != settingGP {
			continue
		}
		seen++
		found := false
		for _, o := range r.obsByEnc[c.DiagnosisEncounterID] {
			if o.SnomedCode == glucose.Snomed && o.Value != nil {
				found = true
				if *o.Value <= 11 {
					low++
				}
			}
		}
		if !found {
			without++
			t.Logf("%s: type 1 diabetes diagnosed at the GP on %s with no glucose", c.PatientID, c.OnsetDate)
		}
	}
	enough(t, seen, 8, "type 1 diagnoses made at the GP")
	t.Logf("%d type 1 diagnoses at the GP: %d without a glucose, %d at 11 or under", seen, without, low)
	if without > 0 || low*10 > seen {
		t.Errorf("%d of %d type 1 diagnoses at the GP had no glucose, %d one of 11 or under (NICE NG17/NG18)", without, seen, low)
	}
}

// TestHypoglycaemiaOnInsulinIsReviewed: after a hypoglycaemia bad enough to
// reach A&E or a ward, the diabetes medicines are reviewed and the insulin
// dose considered for a 10-20% cut (JBDS-IP 2018; medication_reviews.yaml
// after_hypo). An adult's episode on a repeat of insulin with a GP contact
// after it and within 28 days has a medication review coded in that time. Before, 8 of 88
// adults' episodes had one within 28 days (generate -n 20000 -s 83).
func TestHypoglycaemiaOnInsulinIsReviewed(t *testing.T) {
	r := review5Population(t)
	done, _ := datasets.ObservationByKey("medication_review_done")
	smr, _ := datasets.ObservationByKey("structured_medication_review")
	seen, missed := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		d := c.OnsetDate
		pt := r.patients[c.PatientID]
		if c.ConditionKey != "hypoglycaemia" || pt == nil || ageOn(pt, d) < 18 || d+28 > r.p.Opts.AsOf || !r.onInsulin(c.PatientID, d) {
			continue
		}
		encs := r.encsOf(c.PatientID)
		var end models.Timestamp // the end of its A&E attendance or stay
		for _, e := range encs {
			if e.ReasonConditionID == c.ConditionID && e.Setting != settingGP {
				end = max(end, e.EndTime)
			}
		}
		contact := false
		for _, e := range encs {
			if e.Setting == settingGP && e.ReasonConditionID != "" && e.StartTime >= end && e.StartTime.Date() <= d+28 {
				contact = true
			}
		}
		if !contact {
			continue
		}
		seen++
		reviewed := false // after the episode: a review earlier that day did not know of it
		for _, o := range r.obsOf[c.PatientID] {
			reviewed = reviewed || (o.SnomedCode == done.Snomed || o.SnomedCode == smr.Snomed) && o.EffectiveTime >= end && o.EffectiveTime.Date() <= d+28
		}
		if !reviewed {
			missed++
			t.Logf("%s: hypoglycaemia on %s on insulin, seen at the GP, no medication review in 28 days", c.PatientID, d)
		}
	}
	enough(t, seen, 20, "adults' hypoglycaemia episodes on insulin with a GP contact within 28 days")
	t.Logf("%d adults' hypoglycaemia episodes on insulin with a GP contact in 28 days, %d without a medication review", seen, missed)
	if missed > 0 {
		t.Errorf("%d of %d hypoglycaemia episodes on insulin had no medication review within 28 days (JBDS-IP)", missed, seen)
	}
}

// onInsulin reports whether a repeat of insulin runs for the patient on day d.
func (r *realism) onInsulin(id string, d models.Date) bool {
	for _, rx := range r.rxOf[id] {
		if k := medKey(rx); (k == "insulin_glargine" || k == "insulin_aspart") && rx.Type == models.PrescriptionRepeat &&
			rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate > d) {
			return true
		}
	}
	return false
}

// encsOf is the patient's encounters.
func (r *realism) encsOf(id string) []*models.Encounter {
	var out []*models.Encounter
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.PatientID == id {
			out = append(out, e)
		}
	}
	return out
}

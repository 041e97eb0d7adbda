// Checks for brief h75a: new type 1 diabetes starts insulin in specialist
// hands. A GP review found the first insulin after a ketoacidosis admission
// issued by the GP or a clinic 1-3 days after the discharge (16 of 16), DKA
// stays under 36 hours (9 of 17), and adults diagnosed at the practice
// started on basal-bolus by the GP with the first diabetes clinic about 80
// days later (16 of 16; generate -n 20000 -s 83).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// isInsulin reports whether the prescription is one of type 1 diabetes's
// insulins.
func isInsulin(rx *models.Prescription) bool {
	k := medKey(rx)
	return k == "insulin_glargine" || k == "insulin_aspart"
}

// firstInsulin is the person's earliest insulin issue on or after day d.
func (r *realism) firstInsulin(id string, d models.Date) *models.Prescription {
	var first *models.Prescription
	for _, rx := range r.rxOf[id] {
		if isInsulin(rx) && rx.StartDate >= d && (first == nil || rx.StartDate < first.StartDate) {
			first = rx
		}
	}
	return first
}

// TestType1InsulinStartsOnTheWard: type 1 diabetes diagnosed in hospital (in
// ketoacidosis, or a child sent in the same day) leaves on insulin: the
// first issue is the admission's, dated the discharge (catalogue
// onset_event started_on_ward; NICE NG17, NG18, JBDS-IP DKA), and a
// ketoacidosis stay lasts days (stay_days, median 2.6), rarely under 36
// hours.
func TestType1InsulinStartsOnTheWard(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	seen, elsewhere, dka, short := 0, 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "type1_diabetes" || c.OnsetDate < r.p.Opts.AsOf-6*365 {
			continue
		}
		var adm *models.Encounter
		for _, e := range r.encsOf(c.PatientID) {
			if d := e.StartTime.Date(); e.Setting == settingInpatient && d >= c.OnsetDate && d <= c.OnsetDate+1 {
				adm = e
				break
			}
		}
		if adm == nil || adm.EndTime.Date() >= r.p.Opts.AsOf {
			continue
		}
		if keys[adm.ReasonConditionID] == "type1_diabetes_event" {
			dka++
			if adm.EndTime < adm.StartTime.AddMinutes(36*60) {
				short++
			}
		}
		seen++
		rx := r.firstInsulin(c.PatientID, c.OnsetDate)
		if rx == nil || rx.EncounterID != adm.EncounterID || rx.StartDate != adm.EndTime.Date() {
			elsewhere++
			if elsewhere <= 5 {
				t.Logf("%s: type 1 diabetes admitted %s to %s, first insulin %+v", c.PatientID, adm.StartTime.Date(), adm.EndTime.Date(), rx)
			}
		}
	}
	enough(t, seen, 8, "type 1 diagnoses admitted")
	enough(t, dka, 5, "ketoacidosis admissions")
	t.Logf("%d type 1 diagnoses admitted (%d in ketoacidosis, %d of them under 36 hours); %d with the first insulin not the ward's", seen, dka, short, elsewhere)
	if elsewhere > 0 {
		t.Errorf("%d of %d people admitted at the diagnosis of type 1 diabetes had their first insulin from someone other than the ward at discharge", elsewhere, seen)
	}
	if 4*short > dka {
		t.Errorf("%d of %d ketoacidosis stays under 36 hours (JBDS-IP DKA; median about 2.6 days)", short, dka)
	}
}

// TestAdultType1ReferredToTheDiabetesTeam: an adult diagnosed with type 1
// diabetes at the practice is referred the same day to the diabetes team
// (coded "Referral to diabetologist" at the diagnosis), whose clinic the next
// working day starts the insulin (catalogue referral at_diagnosis, line 1
// started_in_clinic): the GP starts none.
func TestAdultType1ReferredToTheDiabetesTeam(t *testing.T) {
	r := review5Population(t)
	referral, _ := datasets.ObservationByKey("diabetologist_referral")
	seen, uncoded, byGP, late := 0, 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "type1_diabetes" || c.DiagnosisEncounterID == "" || c.OnsetDate+7 > r.p.Opts.AsOf {
			continue
		}
		dx := r.encs[c.DiagnosisEncounterID]
		if dx == nil || dx.Setting != settingGP || ageOn(r.patients[c.PatientID], c.OnsetDate) < 18 {
			continue
		}
		seen++
		coded := false
		for _, o := range r.obsByEnc[dx.EncounterID] {
			coded = coded || o.SnomedCode == referral.Snomed
		}
		if !coded {
			uncoded++
		}
		rx := r.firstInsulin(c.PatientID, c.OnsetDate)
		switch {
		case rx == nil:
			late++
		case r.encs[rx.EncounterID] == nil || r.encs[rx.EncounterID].Setting == settingGP:
			byGP++
			if byGP <= 5 {
				t.Logf("%s: type 1 diabetes diagnosed at the practice %s, insulin started there %s", c.PatientID, c.OnsetDate, rx.StartDate)
			}
		case rx.StartDate > c.OnsetDate+4: // a weekend puts the clinic on the Monday
			late++
			t.Logf("%s: diagnosed %s, first insulin %s", c.PatientID, c.OnsetDate, rx.StartDate)
		}
	}
	enough(t, seen, 8, "adults diagnosed with type 1 diabetes at the practice")
	t.Logf("%d adults diagnosed at the practice: %d with no referral coded, %d started on insulin by the GP, %d with none from a clinic within 4 days", seen, uncoded, byGP, late)
	if uncoded+byGP+late > 0 {
		t.Errorf("of %d adults diagnosed with type 1 diabetes at the practice, %d had no referral coded, %d had insulin started by the GP, %d had none from the diabetes team within 4 days (NICE NG17: same-day referral, insulin from diagnosis)", seen, uncoded, byGP, late)
	}
}

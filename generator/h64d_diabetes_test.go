// Checks for brief h64d: the sulfonylurea stops when prandial insulin starts.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestSulfonylureaStopsWithPrandialInsulin: a GP found gliclazide issued
// beside insulin aspart in 5 of 5 people (generate -n 3000 -s 31): a
// sulfonylurea and mealtime insulin add up to hypoglycaemia, and the
// sulfonylurea stops when the prandial insulin starts (catalogue
// type2_diabetes line 5 replaces). In people with type 2 diabetes given
// both: no gliclazide issue starts on or after the first aspart issue, nor
// runs more than a day past it; and a gliclazide issue ending at that start
// has "Drug therapy discontinued" coded that day. On the shared 20,000
// before: 26 of 27 people on both had gliclazide going on beside it (after:
// 0 of 20, 19 stops coded).
func TestSulfonylureaStopsWithPrandialInsulin(t *testing.T) {
	r := review5Population(t)
	stopped := r.snomedCode(t, "drug_therapy_discontinued")
	both, beside, stops, uncoded := 0, 0, 0, 0
	for id, rxs := range r.rxOf {
		if r.has(id, "type2_diabetes") == nil {
			continue
		}
		start := models.NoDate
		for _, rx := range rxs {
			if medKey(rx) == "insulin_aspart" && (start == models.NoDate || rx.StartDate < start) {
				start = rx.StartDate
			}
		}
		if start == models.NoDate {
			continue
		}
		on, past, endsAt := false, false, false
		for _, rx := range rxs {
			if medKey(rx) != "gliclazide" {
				continue
			}
			on = true
			end := rx.EndDate
			if rx.StartDate >= start || end == models.NoDate || end > start {
				past = true
			}
			endsAt = endsAt || end == start-1 || end == start
		}
		if !on {
			continue
		}
		both++
		if past {
			beside++
		}
		if endsAt && !past {
			stops++
			if !r.codedBetween(id, stopped, start, start) {
				uncoded++
			}
		}
	}
	enough(t, both, 5, "people with type 2 diabetes given gliclazide and insulin aspart")
	t.Logf("%d of %d people given gliclazide and insulin aspart had gliclazide beside it; %d of %d stops at its start uncoded", beside, both, uncoded, stops)
	if beside > 0 {
		t.Errorf("%d of %d people with type 2 diabetes had gliclazide issued beside insulin aspart (want none: the sulfonylurea stops when prandial insulin starts, hypoglycaemia)", beside, both)
	}
	if uncoded > 0 {
		t.Errorf("%d of %d gliclazide stops at the start of insulin aspart had no \"Drug therapy discontinued\" coded that day", uncoded, stops)
	}
}

// TestAbnormalFootCheckIsReferred: a GP found 235 abnormal diabetic foot
// examinations in 38 people and no referral (generate -n 3000 -s 31). NICE
// NG19 sends a foot at moderate or high risk to the foot protection service:
// the first abnormal examination of a person has "Referral to podiatrist"
// coded at its encounter (catalogue coded_observations foot_check refer).
// On the shared 20,000 before: none of the people with an abnormal check
// was referred (the code was not in the model); after: 235 of 235.
func TestAbnormalFootCheckIsReferred(t *testing.T) {
	r := review5Population(t)
	foot, referral := r.snomedCode(t, "foot_check"), r.snomedCode(t, "podiatrist_referral")
	abnormal := ""
	for _, v := range r.p.Cat.CodedObservations["foot_check"] {
		if v.Refer == "podiatrist_referral" {
			abnormal = v.Code
		}
	}
	if abnormal == "" {
		t.Fatal("catalogue foot_check has no value referred to the podiatrist")
	}
	people, unreferred := 0, 0
	for _, os := range r.obsOf {
		var first *models.Observation
		for _, o := range os {
			if o.SnomedCode == foot && o.ValueCode == abnormal && (first == nil || o.EffectiveTime < first.EffectiveTime) {
				first = o
			}
		}
		if first == nil {
			continue
		}
		people++
		referred := false
		for _, o := range os {
			referred = referred || o.SnomedCode == referral && (o.EncounterID == first.EncounterID || o.EffectiveTime <= first.EffectiveTime)
		}
		if !referred {
			unreferred++
		}
	}
	enough(t, people, 50, "people with an abnormal diabetic foot examination")
	t.Logf("%d of %d people with an abnormal diabetic foot examination not referred to the podiatrist at the first", unreferred, people)
	if unreferred > 0 {
		t.Errorf("%d of %d people with an abnormal diabetic foot examination had no referral to the podiatrist at the first (NICE NG19: moderate or high risk to the foot protection service)", unreferred, people)
	}
}

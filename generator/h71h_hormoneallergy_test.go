// Checks for brief h71h: prescribing a pharmacist would stop. A GP review of
// generate -n 20000 -s 83 found oestrogen given despite a contraindication
// (the combined pill after a DVT, oral HRT after a pulmonary embolism, HRT
// after an endometrial cancer) and NSAIDs given despite an aspirin allergy
// (aspirin despite an NSAID one).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// runsFrom reports whether the prescription is issued on or after day d, or
// still runs on it.
func runsFrom(rx *models.Prescription, d models.Date) bool {
	return rx.StartDate >= d || rx.EndDate == models.NoDate || rx.EndDate >= d
}

// issuesFromEvent counts, among the people with an event (eventOf: its day,
// NoDate for none), those who took a medicine barred by it (barred, by
// medicine key) at any time, and the issues of one running on or after the
// event, logging each.
func issuesFromEvent(t *testing.T, r *realism, eventOf func([]*models.Condition) models.Date, barred func(string) bool, event string) (people, after int) {
	for id, conds := range r.condsOf {
		d := eventOf(conds)
		if d == models.NoDate {
			continue
		}
		took := false
		for _, rx := range r.rxOf[id] {
			if !barred(medKey(rx)) {
				continue
			}
			took = true
			if runsFrom(rx, d) {
				after++
				t.Logf("%s: %s %s to %s, %s on %s", id, rx.Medication, rx.StartDate, rx.EndDate, event, d)
			}
		}
		if took {
			people++
		}
	}
	return people, after
}

// TestNoOestrogenAfterVTE: a past or current DVT or PE is UKMEC category 4
// for the combined pill, and NICE NG23 1.5 moves HRT to the transdermal
// route at raised VTE risk (prescribing.yaml contraception_eligibility vte).
// Neither is issued or running from the day of the VTE: the pill stops and
// the progestogen-only pill follows, the tablet moves to the patch. Before,
// 2 women had the pill after a DVT and 2 oral HRT after a PE (generate -n
// 20000 -s 83, audit chc-after-vte, oral-hrt-after-vte).
func TestNoOestrogenAfterVTE(t *testing.T) {
	r := review5Population(t)
	women, after := issuesFromEvent(t, r, func(conds []*models.Condition) models.Date {
		vte := models.NoDate
		for _, c := range conds {
			if (c.ConditionKey == "dvt" || c.ConditionKey == "pulmonary_embolism") && (vte == models.NoDate || c.OnsetDate < vte) {
				vte = c.OnsetDate
			}
		}
		return vte
	}, func(k string) bool {
		return datasets.InClass(k, "combined_hormonal_contraceptive") || datasets.InClass(k, "oral_hrt")
	}, "VTE")
	t.Logf("%d women with a VTE took the combined pill or oral HRT at some time; %d issues from the VTE on", women, after)
	enough(t, women, 3, "women with a VTE who took the combined pill or oral HRT")
	if after > 0 {
		t.Errorf("%d combined pill or oral HRT issues ran on or after a DVT or PE (UKMEC 4; NICE NG23 1.5)", after)
	}
}

// TestNoHRTAfterEndometrialCancer: an endometrial cancer is oestrogen
// dependent, a contraindication to HRT in its data sheets (BNF, approx), so
// HRT by any route ends at the diagnosis and is not started after it
// (prescribing.yaml contraception_eligibility cancer_site endometrium).
// Before, 3 women had HRT after one, one of them for 9 years (generate -n
// 20000 -s 83, audit hrt-after-endometrial-cancer).
func TestNoHRTAfterEndometrialCancer(t *testing.T) {
	r := review5Population(t)
	women, after := issuesFromEvent(t, r, func(conds []*models.Condition) models.Date {
		dx := models.NoDate
		for _, c := range conds {
			if c.ConditionKey == "cancer" && c.SnomedCode == "254878006" {
				dx = c.OnsetDate
			}
		}
		return dx
	}, func(k string) bool { return datasets.InClass(k, "hormone_replacement_therapy") }, "endometrial cancer")
	t.Logf("%d women with an endometrial cancer took HRT at some time; %d issues from the diagnosis on", women, after)
	enough(t, women, 2, "women with an endometrial cancer who took HRT")
	if after > 0 {
		t.Errorf("%d HRT issues ran on or after an endometrial cancer", after)
	}
}

// TestAspirinAndNSAIDAllergiesCrossTheClass: BNF NSAIDs and aspirin are
// contra-indicated after hypersensitivity to aspirin or any other NSAID
// (allergies.yaml avoid_classes). Nothing of either (oral NSAID, topical
// NSAID, aspirin or a product holding it) starts on or after either entry.
// Before, 15 people with an aspirin allergy were given naproxen and 2 with
// an NSAID reaction aspirin (generate -n 20000 -s 83).
func TestAspirinAndNSAIDAllergiesCrossTheClass(t *testing.T) {
	r := review5Population(t)
	since := map[string]models.Date{} // the first aspirin or NSAID entry
	for i := range r.b.Allergies {
		a := &r.b.Allergies[i]
		if a.AllergyKey != "aspirin" && a.AllergyKey != "nsaid" {
			continue
		}
		if d, ok := since[a.PatientID]; !ok || a.OnsetDate < d {
			since[a.PatientID] = a.OnsetDate
		}
	}
	people, after := 0, 0
	for id, d := range since {
		took := false
		for _, rx := range r.rxOf[id] {
			k := medKey(rx)
			if !datasets.InClass(k, "nsaid") && !datasets.InClass(k, "topical_nsaid") && !datasets.InClass(k, "salicylate") {
				continue
			}
			took = true
			if rx.StartDate >= d {
				after++
				t.Logf("%s: %s started %s, aspirin or NSAID allergy recorded %s", id, rx.Medication, rx.StartDate, d)
			}
		}
		if took {
			people++
		}
	}
	t.Logf("%d people with an aspirin or NSAID allergy took one of either at some time; %d started after the entry", people, after)
	enough(t, people, 5, "people with an aspirin or NSAID allergy who took aspirin or an NSAID")
	if after > 0 {
		t.Errorf("%d aspirin or NSAID issues started after an aspirin or NSAID allergy (BNF)", after)
	}
}

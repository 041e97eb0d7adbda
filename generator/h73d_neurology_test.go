// Checks for brief h73d: neurology. A GP review found epilepsy and
// Parkinson's disease coded at the GP contact that referred them, before any
// specialist had seen the person, and lamotrigine begun at 25 mg once a day
// for three months, then 100 mg twice a day.
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestEpilepsyAndParkinsonsAreDiagnosedAtTheClinic: NICE NG217 1.2.1-1.2.4
// (a suspected first seizure is seen by a specialist within 2 weeks, who
// makes the diagnosis) and NG71 1.1.1-1.1.2 (suspected Parkinson's disease
// is referred untreated to a specialist, who diagnoses it). Before, 54 of 54
// epilepsy and 42 of 42 Parkinson's diagnoses dated at a contact were coded
// at a GP contact (generate -n 20000 -s 83). Each is now coded at the
// outpatient clinic, after a GP contact about the seizure or the tremor.
func TestEpilepsyAndParkinsonsAreDiagnosedAtTheClinic(t *testing.T) {
	r := pathwayPopulation(t)
	seen, atGP, noPresenting := 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if (c.ConditionKey != "epilepsy" && c.ConditionKey != "parkinsons") || c.DiagnosisEncounterID == "" {
			continue
		}
		e := r.encs[c.DiagnosisEncounterID]
		if e == nil {
			continue
		}
		seen++
		if e.Setting == settingGP {
			atGP++
			t.Logf("%s: %s coded at a GP contact on %s", c.PatientID, c.ConditionKey, c.OnsetDate)
			continue
		}
		want := map[string]string{"epilepsy": "first_seizure", "parkinsons": "tremor"}[c.ConditionKey]
		presented := false
		for _, o := range r.condsOf[c.PatientID] {
			presented = presented || (o.ConditionKey == want && o.ResolvedDate == c.OnsetDate && o.DiagnosisEncounterID != "" && r.encs[o.DiagnosisEncounterID] != nil && r.encs[o.DiagnosisEncounterID].Setting == settingGP)
		}
		if !presented {
			noPresenting++
			t.Logf("%s: %s diagnosed at the clinic on %s with no GP contact coding the %s", c.PatientID, c.ConditionKey, c.OnsetDate, want)
		}
	}
	t.Logf("%d epilepsy and Parkinson's diagnoses at a contact: %d at the GP, %d with no presenting problem coded", seen, atGP, noPresenting)
	enough(t, seen, 10, "epilepsy and Parkinson's diagnoses dated at a contact")
	if atGP > 0 || noPresenting > 0 {
		t.Errorf("%d of %d epilepsy and Parkinson's diagnoses coded at the GP, %d with no presenting seizure or tremor (NICE NG217 1.2, NG71 1.1)", atGP, seen, noPresenting)
	}
}

// TestLamotrigineIsTitratedAsTheBNFSays: the BNF starts lamotrigine
// monotherapy at 25 mg once a day for 14 days, then 50 mg once a day for 14
// days, then raises it by up to 100 mg every 7-14 days to 100-200 mg a day.
// Before, every start was 25 mg once a day until the follow-up about three
// months on (19 of 19 at generate -n 20000 -s 83). Each start in the record
// now begins with the 28-day titration of 25 mg tablets, and the next dose
// follows within 5 weeks.
func TestLamotrigineIsTitratedAsTheBNFSays(t *testing.T) {
	r := pathwayPopulation(t)
	starts, wrong := 0, 0
	for id := range r.patients {
		var lam []*models.Prescription
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "lamotrigine" {
				lam = append(lam, rx)
			}
		}
		if len(lam) < 2 {
			continue
		}
		slices.SortFunc(lam, func(a, b *models.Prescription) int { return int(a.StartDate - b.StartDate) })
		first := lam[0]
		if first.EncounterID == "" {
			continue // running as the record opens: titrated before it
		}
		starts++
		tooLong := first.EndDate == models.NoDate || first.EndDate-first.StartDate > 35
		if first.DMDCode != "42130911000001102" || tooLong || lam[1].StartDate-first.StartDate > 35 {
			wrong++
			t.Logf("%s: lamotrigine started %s as %s %q to %s, next issue %s", id, first.StartDate, first.Medication, first.DoseText, first.EndDate, lam[1].StartDate)
		}
	}
	t.Logf("%d lamotrigine starts in the record, %d not titrated as the BNF says", starts, wrong)
	enough(t, starts, 3, "lamotrigine starts in the record")
	if wrong > 0 {
		t.Errorf("%d of %d lamotrigine starts not titrated 25 mg then 50 mg over 28 days (BNF)", wrong, starts)
	}
}

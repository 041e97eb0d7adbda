// Checks for the findings of the eighth GP review (docs/clinical-model.md,
// "Eighth review (2026-12-01): the record around a death, clinic follow-up,
// kidneys and bones").
package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNoVaccinesInTheLastWeeksOfLife: a man dying of oesophageal cancer at
// home, on anticipatory medicines, had a COVID-19 booster recorded on the
// day he died; 59 vaccines fell in the last six weeks of life and 61 after
// the palliative care register entry (5,000 patients, seed 5). Care in the
// last weeks is for comfort: no vaccine is given once end-of-life care has
// begun.
func TestNoVaccinesInTheLastWeeksOfLife(t *testing.T) {
	r := pathwayPopulation(t)
	immOf := map[string][]int{}
	for i := range r.b.Immunisations {
		immOf[r.b.Immunisations[i].PatientID] = append(immOf[r.b.Immunisations[i].PatientID], i)
	}
	palliative, checked := 0, 0
	for id := range r.patients {
		pc := r.has(id, "palliative_care")
		if pc == nil {
			continue
		}
		palliative++
		for _, i := range immOf[id] {
			im := &r.b.Immunisations[i]
			checked++
			if d := im.OccurrenceTime.Date(); d >= pc.OnsetDate {
				t.Fatalf("patient %s: %s on %s, after going on the palliative care register on %s", id, im.ProductDisplay, d, pc.OnsetDate)
			}
		}
	}
	enough(t, palliative, 40, "patients on the palliative care register")
	enough(t, checked, 200, "vaccines of patients on the palliative care register")
}

// TestCKDRenalProtectionNeedsAlbuminuria: a woman of 91 with CKD G3a, a
// urine ACR of 1.1 and a systolic of 112 was started on ramipril for her
// kidneys and stepped up at a systolic of 117; of 574 ACE inhibitor or ARB
// starts for CKD, 58 met NICE NG203's indication (30,000 patients, seed 5).
// An ACE inhibitor or ARB for CKD is for albuminuria: the first line's gate
// waits for the ACR of the catalogue's thresholds (lower with diabetes or
// hypertension). Read at the review that started it.
func TestCKDRenalProtectionNeedsAlbuminuria(t *testing.T) {
	r := review5Population(t) // 20,000: the 6,000 of pathwayPopulation held 8 to 10 such starts
	c, _ := r.p.Cat.Condition("ckd")
	g := c.Treatment[0].Gate
	if g == nil || g.Observation != "urine_acr" {
		t.Fatal("the CKD first line has no urine ACR gate")
	}
	acr := r.snomed("urine_acr")
	first := map[string]bool{}
	starts, indicated := 0, 0
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		if m := medKey(rx); (m != "ramipril" && m != "losartan") || first[rx.PatientID] || r.keyOfCondition(rx.PatientID, rx.ConditionID) != "ckd" {
			continue
		}
		first[rx.PatientID] = true
		if rx.StartDate < r.p.windowStart+400 {
			continue // a course begun before the record shows at its first review in it
		}
		v := -1.0
		for _, o := range r.obsByEnc[rx.EncounterID] {
			if o.SnomedCode == acr && o.Value != nil {
				v = *o.Value
			}
		}
		if v < 0 {
			continue // a decision carried from before the record window
		}
		day := r.encs[rx.EncounterID].StartTime.Date()
		has := func(key string) bool { h := r.has(rx.PatientID, key); return h != nil && h.OnsetDate <= day }
		starts++
		if v >= g.OfferFor(has) {
			indicated++
		} else {
			t.Logf("patient %s: %s started on %s at an ACR of %g (offer at %g)", rx.PatientID, rx.Medication, rx.StartDate, v, g.OfferFor(has))
		}
	}
	// 34 on this population at the twenty-fourth review; 17 at stop 61,
	// when hypertension's steps (h61b: re-offered, declines coded) start
	// more people on one before their CKD is coded. Every start must be
	// indicated, so 15 still tests the rule
	enough(t, starts, 15, "ACE inhibitor or ARB starts for CKD")
	t.Logf("%d of %d ACE inhibitor or ARB starts for CKD at an ACR that calls for one", indicated, starts)
	if indicated < starts {
		t.Fatalf("%d of %d CKD starts of an ACE inhibitor or ARB without the albuminuria NICE NG203 asks for", starts-indicated, starts)
	}
}

// TestMostLongTermConditionsStayInGeneralPractice: every holder of a
// condition a clinic can follow up was followed up there, so 79% of people
// with asthma, 74% with COPD and 72% with CKD attended a clinic for it,
// several times each (30,000 patients, seed 5; most of their care is in
// general practice). Now the catalogue's clinic_share decides who is under
// a clinic, and CKD is followed there only after its referral rule (eGFR
// below 30) has sent the person.
func TestMostLongTermConditionsStayInGeneralPractice(t *testing.T) {
	r := pathwayPopulation(t)
	holders := map[string]map[string]bool{}
	seen := map[string]map[string]bool{}
	for id, conds := range r.condsOf {
		for _, c := range conds {
			if holders[c.ConditionKey] == nil {
				holders[c.ConditionKey], seen[c.ConditionKey] = map[string]bool{}, map[string]bool{}
			}
			holders[c.ConditionKey][id] = true
		}
	}
	egfr := r.snomed("egfr")
	ckd, _ := r.p.Cat.Condition("ckd")
	limit := *ckd.Referral[0].Below
	ckdVisits, afterLow := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != "outpatient" || e.ReasonConditionID == "" {
			continue
		}
		key := r.keyOfCondition(e.PatientID, e.ReasonConditionID)
		if seen[key] != nil {
			seen[key][e.PatientID] = true
		}
		if key != "ckd" {
			continue
		}
		ckdVisits++
		for _, o := range r.obsOf[e.PatientID] {
			if o.SnomedCode == egfr && o.Value != nil && *o.Value < limit && o.EffectiveTime <= e.StartTime {
				afterLow++
				break
			}
		}
	}
	// asthma 25%: 63 of 358 (17.6%) on this population at stop 61, 74 (20.7%)
	// at stop 62, when adult attack rates rose to Bloom et al. 2018 and an
	// attack in A&E steps treatment up (h62d): more people reach the top step
	// and the referral after repeated attacks (NICE NG245). Still far below
	// the 79% this test was written against.
	for key, most := range map[string]float64{"asthma": 0.25, "copd": 0.3} {
		c, _ := r.p.Cat.Condition(key)
		n, k := len(holders[key]), len(seen[key])
		enough(t, n, 100, "people with "+key)
		t.Logf("%s: %d of %d holders attended a clinic for it (clinic_share %.2f)", key, k, n, c.ClinicShare)
		if float64(k) > most*float64(n) {
			t.Errorf("%s: %d of %d holders attended a clinic for it, want at most %.0f%%", key, k, n, 100*most)
		}
	}
	enough(t, ckdVisits, 20, "CKD clinic attendances")
	t.Logf("%d of %d CKD clinic attendances follow an eGFR below %g", afterLow, ckdVisits, limit)
	if 100*afterLow < 90*ckdVisits {
		t.Errorf("%d of %d CKD clinic attendances follow an eGFR below %g, want 90%% or more", afterLow, ckdVisits, limit)
	}
}

// TestDepressionDiagnosedOnAScoreThatShowsIt: 57 of 1,340 depression
// diagnoses were made at a PHQ-9 of 0-4, which is no depression (30,000
// patients, seed 5). The reading taken at a diagnosing visit now falls on
// the side of the catalogue's diagnosed_at threshold.
func TestDepressionDiagnosedOnAScoreThatShowsIt(t *testing.T) {
	r := pathwayPopulation(t)
	c, _ := r.p.Cat.Condition("depression")
	at := c.DiagnosedAt
	if at == nil || at.AtLeast == nil {
		t.Fatal("depression has no diagnosed_at threshold")
	}
	code := r.snomed(at.Observation)
	read := 0
	for i := range r.b.Conditions {
		d := &r.b.Conditions[i]
		if d.ConditionKey != "depression" || d.DiagnosisEncounterID == "" {
			continue
		}
		for _, o := range r.obsByEnc[d.DiagnosisEncounterID] {
			if o.SnomedCode != code || o.Value == nil {
				continue
			}
			read++
			if *o.Value < *at.AtLeast {
				t.Fatalf("patient %s: depression diagnosed on %s at a %s of %g (below %g)", d.PatientID, d.OnsetDate, at.Observation, *o.Value, *at.AtLeast)
			}
		}
	}
	enough(t, read, 100, "depression diagnoses with a score")
}

// TestOsteoporosisIsTreatedWithABisphosphonate: the osteoporosis register's
// only treatment was vitamin D, and its product had no dm+d id, so nobody
// with osteoporosis was treated at all (30,000 patients, seed 5). Now
// alendronic acid is the first line (NICE TA464), with vitamin D.
func TestOsteoporosisIsTreatedWithABisphosphonate(t *testing.T) {
	r := pathwayPopulation(t)
	c, _ := r.p.Cat.Condition("osteoporosis")
	holders, treated := 0, 0
	for id := range r.patients {
		if r.has(id, "osteoporosis") == nil {
			continue
		}
		holders++
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "alendronic_acid" {
				treated++
				break
			}
		}
	}
	enough(t, holders, 20, "people with osteoporosis")
	t.Logf("%d of %d people with osteoporosis on alendronic acid (treated_share %.2f)", treated, holders, c.TreatedShare)
	if float64(treated) < 0.5*float64(holders) {
		t.Fatalf("%d of %d people with osteoporosis on alendronic acid, want half or more", treated, holders)
	}
}

// TestReferredAtDiagnosis: a man of 54 with coronary disease was diagnosed
// with heart failure by his GP and never saw a cardiologist or had an
// echocardiogram; no first seizure was seen in a first-seizure clinic and
// no dementia in a memory service. A referral rule with at_diagnosis now
// books the clinic within its days of every new diagnosis (NICE NG106,
// NG217, NG97).
func TestReferredAtDiagnosis(t *testing.T) {
	r := pathwayPopulation(t)
	clinicOf := map[string][]*models.Encounter{} // outpatient attendances by reason
	for j := range r.b.Encounters {
		if e := &r.b.Encounters[j]; e.Setting == settingOutpatient && e.ReasonConditionID != "" {
			clinicOf[e.ReasonConditionID] = append(clinicOf[e.ReasonConditionID], e)
		}
	}
	for _, key := range []string{"heart_failure", "epilepsy", "dementia"} {
		c, _ := r.p.Cat.Condition(key)
		var days [2]int
		for _, ref := range c.Referral {
			if ref.AtDiagnosis {
				days = ref.Days
			}
		}
		if days[1] == 0 {
			t.Fatalf("%s has no at_diagnosis referral with days", key)
		}
		diagnosed, seen := 0, 0
		for i := range r.b.Conditions {
			d := &r.b.Conditions[i]
			if d.ConditionKey != key || d.OnsetDate < r.p.windowStart+365 || d.OnsetDate > r.p.windowStart+8*365 {
				continue // diagnosed in the record, with time to be seen before it ends
			}
			diagnosed++
			for _, e := range clinicOf[d.ConditionID] {
				if gap := e.StartTime.Date() - d.OnsetDate; gap >= 0 && gap <= models.Date(days[1]+28) {
					seen++
					break
				}
			}
		}
		enough(t, diagnosed, 10, "new diagnoses of "+key)
		t.Logf("%s: %d of %d new diagnoses seen in clinic within %d days", key, seen, diagnosed, days[1]+28)
		if 100*seen < 90*diagnosed {
			t.Errorf("%s: %d of %d new diagnoses seen in clinic within %d days, want 90%% or more", key, seen, diagnosed, days[1]+28)
		}
	}
}

// TestClinicAttendancesOfAPresentation: a surgical clinic saw one woman's
// gallstones six times in four months, with no operation. A presentation's
// clinic_attendances caps how often a clinic sees one episode (gallstones
// now 2, as chest pain, otitis media and eczema); another pathway may add
// the odd one.
func TestClinicAttendancesOfAPresentation(t *testing.T) {
	r := pathwayPopulation(t)
	limit := map[string]int{}
	for _, pr := range r.p.Cat.Presentations {
		if pr.ClinicAttendances > 0 {
			limit[pr.Key] = pr.ClinicAttendances
		}
	}
	if limit["gallstones"] == 0 {
		t.Fatal("gallstones have no clinic_attendances cap")
	}
	keyOf := map[string]string{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; limit[c.ConditionKey] > 0 {
			keyOf[c.ConditionID] = c.ConditionKey
		}
	}
	seen, flares := map[string]int{}, r.eczemaContacts()
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingOutpatient && keyOf[e.ReasonConditionID] != "" {
			seen[episodeOf(flares, e)]++ // (an eczema row: by flare)
		}
	}
	episodes, over := map[string]int{}, map[string]int{}
	for ep, n := range seen {
		id, _, _ := strings.Cut(ep, "@")
		k := keyOf[id]
		episodes[k]++
		if n > limit[k] {
			over[k]++
		}
	}
	enough(t, episodes["gallstones"], 10, "gallstone episodes seen in clinic")
	for k, n := range episodes {
		t.Logf("%s: %d of %d episodes seen in clinic more than %d times", k, over[k], n, limit[k])
		if 100*over[k] > 3*n {
			t.Errorf("%s: %d of %d episodes seen in clinic more than %d times, want under 3%%", k, over[k], n, limit[k])
		}
	}
}

// TestChildrenWithAUTIAreTreated: a girl of four with a urinary tract
// infection had no antibiotic, as had every child under 12 (the only
// product, nitrofurantoin capsules, is from 12). NICE NG109: trimethoprim
// (or nitrofurantoin) for a lower UTI in a child from 3 months; a younger
// baby goes to hospital the same day (NICE NG224).
func TestChildrenWithAUTIAreTreated(t *testing.T) {
	r := pathwayPopulation(t)
	treated := map[string]bool{}
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		treated[rx.ConditionID] = true
		if medKey(rx) == "trimethoprim" {
			if age := rx.StartDate - r.patients[rx.PatientID].BirthDate; age < 90 {
				t.Fatalf("patient %s: trimethoprim at %d days old", rx.PatientID, age)
			}
		}
	}
	children, got := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "uti" || c.DiagnosisEncounterID == "" {
			continue
		}
		if e := r.encs[c.DiagnosisEncounterID]; e == nil || e.Setting != settingGP {
			continue
		}
		if age := models.YearsBetween(r.patients[c.PatientID].BirthDate, c.OnsetDate); age < 1 || age > 11 {
			continue
		}
		children++
		if treated[c.ConditionID] {
			got++
		}
	}
	enough(t, children, 50, "children's UTIs seen by a GP")
	t.Logf("%d of %d children's UTIs seen by a GP treated with an antibiotic", got, children)
	if 100*got < 70*children {
		t.Fatalf("%d of %d children's UTIs seen by a GP treated with an antibiotic, want 70%% or more", got, children)
	}
}

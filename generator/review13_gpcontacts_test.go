// Checks for the thirteenth review's GP contacts for stable long-term
// conditions and reason-less telephone contacts (docs/clinical-model.md,
// "GP contacts for stable conditions and telephone queries (thirteenth
// review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestStableHypertensionSeenAboutYearly: a person whose hypertension was
// diagnosed over a year before is reviewed about once a year (QOF; NICE
// NG136 once at target). On main 27% of such person-years had 6 or more
// face-to-face GP contacts about it (generate -n 20000 -s 5): every
// contact with nothing to see was a blood pressure check about it, and a
// contact drawn for a condition went to it however stable it was. Now a
// stable condition takes such a contact with chance stable_share, and a
// blood pressure check is due only when the condition is unsettled or the
// reading's interval has passed: under 15%.
func TestStableHypertensionSeenAboutYearly(t *testing.T) {
	r := pathwayPopulation(t)
	phone := r.p.encTypes[encGPTelephone].Code
	type condYear struct {
		id   string
		year int
	}
	years := map[condYear]int{} // established hypertension's person-years: face-to-face contacts about it
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "hypertension" {
			continue
		}
		p := r.patients[c.PatientID]
		for y := 2016; y <= 2024; y++ {
			from, to := models.CivilDate(y, 1, 1), models.CivilDate(y, 12, 31)
			if c.OnsetDate > from-365 || (c.ResolvedDate != models.NoDate && c.ResolvedDate <= to) ||
				(p.DeathDate != models.NoDate && p.DeathDate <= to) || to > r.p.Opts.Population() {
				continue
			}
			years[condYear{c.ConditionID, y}] += 0
		}
	}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingGP || e.ReasonConditionID == "" || e.TypeCode == phone {
			continue
		}
		y, _, _ := e.StartTime.Date().YMD()
		k := condYear{e.ReasonConditionID, y}
		if _, ok := years[k]; ok {
			years[k]++
		}
	}
	often := 0
	for _, n := range years {
		if n >= 6 {
			often++
		}
	}
	enough(t, len(years), 1000, "person-years of established hypertension")
	share := float64(often) / float64(len(years))
	t.Logf("%d of %d person-years of established hypertension (%.1f%%) with 6 or more face-to-face GP contacts about it", often, len(years), 100*share)
	if share >= 0.15 {
		t.Errorf("%.1f%% of person-years of established hypertension have 6 or more face-to-face GP contacts about it; want under 15%%", 100*share)
	}
}

// TestTelephoneContactsHaveAReasonOrACode: an adult's GP contact with
// nothing to see was a telephone contact with no reason and nothing coded:
// 225,475 of 1,046,112 GP contacts (generate -n 20000 -s 5), 2.3 a year
// for adults with no condition and up to 28 in a year for one person, and
// the telephone 39.5% of GP contacts against 23.8-28% published (NHS
// England Appointments in General Practice). Now every telephone contact
// has a reason or a coded entry (a query about a repeat medicine, coded
// "Medication requested", or an administrative contact, coded "Telephone
// consultation"), a person has at most one administrative telephone
// contact in query_gap_days, and the telephone share is near the
// published one.
func TestTelephoneContactsHaveAReasonOrACode(t *testing.T) {
	r := pathwayPopulation(t)
	used := r.encountersWithRecords()
	phone := r.p.encTypes[encGPTelephone].Code
	gap := models.Date(r.p.Cat.Activity.GPConditionState.QueryGapDays)
	admin := r.p.phoneConsult.Snomed
	gp, phones, bare, near := 0, 0, 0, 0
	last := map[string]models.Date{} // the patient's latest administrative telephone contact so far
	for i := range r.b.Encounters {  // in time order within each patient
		e := &r.b.Encounters[i]
		if e.Setting != settingGP {
			continue
		}
		gp++
		if e.TypeCode != phone {
			continue
		}
		phones++
		if e.ReasonConditionID == "" && !used[e.EncounterID] {
			bare++
			if bare <= 5 {
				t.Errorf("%s: telephone contact on %s with no reason and nothing coded", e.PatientID, e.StartTime.Date())
			}
		}
		isAdmin := false // (a later referral may give an administrative contact a reason: then it is the referral's)
		for _, o := range r.obsByEnc[e.EncounterID] {
			isAdmin = isAdmin || o.SnomedCode == admin
		}
		if !isAdmin || e.ReasonConditionID != "" {
			continue
		}
		d := e.StartTime.Date()
		if prev, ok := last[e.PatientID]; ok && d-prev < gap {
			near++
		}
		last[e.PatientID] = d
	}
	enough(t, gp, 10000, "GP contacts")
	share := float64(phones) / float64(gp)
	t.Logf("%d GP contacts, %d by telephone (%.1f%%), %d with no reason and nothing coded, %d administrative ones within %d days of the one before", gp, phones, 100*share, bare, near, gap)
	if bare > 0 || near > 0 {
		t.Errorf("%d telephone contacts with no reason and nothing coded, %d administrative ones within %d days of another; want none", bare, near, gap)
	}
	if share < 0.2 || share > 0.32 {
		t.Errorf("telephone share of GP contacts %.1f%%; want 20-32%% (23.8-28%% published)", 100*share)
	}
}

// TestMedicationQueriesAreAboutARepeat: a telephone query coded
// "Medication requested" is about a condition with a repeat medicine for
// it in force on the day (its issue running, or ended within a 28-day
// cycle).
func TestMedicationQueriesAreAboutARepeat(t *testing.T) {
	r := pathwayPopulation(t)
	code := r.p.medRequested.Snomed
	keys := r.conditionKeys() // a staged condition's rows share its key
	queries, without := 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != code {
			continue
		}
		queries++
		e := r.encs[o.EncounterID]
		d := o.EffectiveTime.Date()
		found := false
		for _, rx := range r.rxOf[o.PatientID] {
			if e != nil && keys[rx.ConditionID] == keys[e.ReasonConditionID] && rx.Type == models.PrescriptionRepeat && rx.StartDate <= d && (rx.EndDate == models.NoDate || d <= rx.EndDate+28) {
				found = true
				break
			}
		}
		if !found {
			without++
			if without <= 5 {
				t.Logf("%s: medication query on %s with no repeat for its reason in force", o.PatientID, d)
			}
		}
	}
	enough(t, queries, 500, "medication queries")
	t.Logf("%d medication queries, %d without a repeat for their reason", queries, without)
	if 1000*without > queries {
		t.Errorf("%d of %d medication queries without a repeat for their reason in force; want under 1 in 1,000", without, queries)
	}
}

// TestNewHypertensionNotSeenTwiceAWeek: a frequent attender's every GP
// contact in the year after a hypertension diagnosis was about it, 52 in a
// year with blood pressures of 119-153 (second reading of the thirteenth
// review, generate -n 5000 -s 43); 1.8% of hypertensive person-years had 20
// or more GP contacts about it (generate -n 20000 -s 5). Unsettled now ends
// 90 days after the diagnosis, and an unsettled blood pressure is checked
// at most fortnightly: under 0.8% of person-years may have 20 or more.
func TestNewHypertensionNotSeenTwiceAWeek(t *testing.T) {
	r := pathwayPopulation(t)
	isHTN := map[string]bool{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "hypertension" {
			isHTN[c.ConditionID] = true
		}
	}
	type personYear struct {
		patient string
		year    int
	}
	contacts := map[personYear]int{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingGP && isHTN[e.ReasonConditionID] {
			contacts[personYear{e.PatientID, e.StartTime.Date().Time().Year()}]++
		}
	}
	many := 0
	for _, n := range contacts {
		if n >= 20 {
			many++
		}
	}
	enough(t, len(contacts), 2000, "person-years with a GP contact about hypertension")
	t.Logf("%d of %d person-years with 20 or more GP contacts about hypertension", many, len(contacts))
	if float64(many) > 0.008*float64(len(contacts)) {
		t.Errorf("%d of %d person-years with 20 or more GP contacts about hypertension, want under 0.8%%", many, len(contacts))
	}
}

// Checks for Parkinson's disease (session 52, h52f): a common condition of
// old age that no record held before. It is coded about as often as CPRD
// finds it, rising steeply with age; the GP refers it untreated and the
// specialist clinic diagnoses it and starts levodopa, which the practice
// continues as a repeat (NICE NG71).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestParkinsonsIsRecordedAsPublished: among people living on the population
// date, Parkinson's disease is coded in about 0.2% of everyone (0.23% of
// registered people in CPRD GOLD in 2016, Chen et al. 2024) and in about 1%
// from 70 (self-reported 0.7% at 65-75 and 1.4% at 75-85, MRC CFAS), almost
// never under 50. Before session 52 no record held it.
func TestParkinsonsIsRecordedAsPublished(t *testing.T) {
	r := review5Population(t)
	pop := r.p.Opts.Population()
	var all, coded, old, oldCoded, young, youngCoded int
	for i := range r.b.Patients {
		pt := &r.b.Patients[i]
		if pt.DeathDate != models.NoDate && pt.DeathDate <= pop {
			continue
		}
		has := false
		for _, c := range r.condsOf[pt.PatientID] {
			has = has || c.ConditionKey == "parkinsons" && c.OnsetDate <= pop
		}
		age := models.YearsBetween(pt.BirthDate, pop)
		all++
		if age >= 70 {
			old++
		}
		if age < 50 {
			young++
		}
		if !has {
			continue
		}
		coded++
		if age >= 70 {
			oldCoded++
		}
		if age < 50 {
			youngCoded++
		}
	}
	enough(t, coded, 20, "living people with Parkinson's disease")
	t.Logf("Parkinson's disease: %d of %d living people, %d of %d from 70, %d of %d under 50", coded, all, oldCoded, old, youngCoded, young)
	if share := float64(coded) / float64(all); share < 0.0012 || share > 0.0040 {
		t.Errorf("Parkinson's disease coded in %.2f%% of living people, want 0.12-0.40%% (0.23%%, CPRD GOLD 2016)", 100*share)
	}
	if share := float64(oldCoded) / float64(old); share < 0.005 || share > 0.022 {
		t.Errorf("Parkinson's disease coded in %.2f%% of people of 70 or more (%d of %d), want 0.5-2.2%% (about 1%%, MRC CFAS)", 100*share, oldCoded, old)
	}
	if share := float64(youngCoded) / float64(young); share > 0.0005 {
		t.Errorf("Parkinson's disease coded in %.3f%% of people under 50 (%d), want almost none (young-onset disease is rare)", 100*share, youngCoded)
	}
}

// TestParkinsonsDiagnosedByTheClinicAndContinuedByTheGP: a diagnosis made in
// the record is referred to a specialist clinic (NICE NG71: refer quickly and
// untreated), which makes it (h73d: the GP codes the tremor); levodopa is never issued before that clinic has seen the person,
// the clinic starts it, and every issue is a repeat the practice continues.
// Most people diagnosed take it a year on.
func TestParkinsonsDiagnosedByTheClinicAndContinuedByTheGP(t *testing.T) {
	r := review5Population(t)
	pop := r.p.Opts.Population()
	clinicOf := map[string]models.Date{} // condition id -> first outpatient attendance for it
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != "outpatient" || e.ReasonConditionID == "" {
			continue
		}
		if d, ok := clinicOf[e.ReasonConditionID]; !ok || e.StartTime.Date() < d {
			clinicOf[e.ReasonConditionID] = e.StartTime.Date()
		}
	}
	var diagnosed, seen, yearOn, treated, early, notRepeat, withoutPD int
	for id := range r.patients {
		pd := r.has(id, "parkinsons")
		var first models.Date = models.NoDate
		for _, rx := range r.rxOf[id] {
			if medKey(rx) != "co_beneldopa" {
				continue
			}
			if pd == nil {
				withoutPD++
				continue
			}
			if rx.Type != models.PrescriptionRepeat {
				notRepeat++
			}
			if first == models.NoDate || rx.StartDate < first {
				first = rx.StartDate
			}
		}
		if pd == nil || pd.DiagnosisEncounterID == "" || pd.OnsetDate < r.p.windowStart {
			continue
		}
		pt := r.patients[id]
		end := pop
		if pt.DeathDate != models.NoDate && pt.DeathDate < end {
			end = pt.DeathDate
		}
		clinic, ok := clinicOf[pd.ConditionID]
		if first != models.NoDate && (!ok || first < clinic) {
			early++
			t.Logf("%s: levodopa issued %v, before the clinic (%v) for Parkinson's diagnosed %v", id, first, clinic, pd.OnsetDate)
		}
		if end-pd.OnsetDate < 120 {
			continue
		}
		diagnosed++
		if ok && clinic >= pd.OnsetDate { // h73d: the clinic makes the diagnosis (presents_as), on its day
			seen++
		}
		if end-pd.OnsetDate >= 365 {
			yearOn++
			if first != models.NoDate && first <= pd.OnsetDate+365 {
				treated++
			}
		}
	}
	enough(t, diagnosed, 15, "diagnoses of Parkinson's disease in the record with 4 months after them")
	t.Logf("%d diagnoses in the record: %d seen in clinic after; %d of %d a year on treated within the year", diagnosed, seen, treated, yearOn)
	if early > 0 {
		t.Errorf("%d people issued levodopa before a specialist clinic saw them for Parkinson's (NICE NG71: refer untreated)", early)
	}
	if notRepeat > 0 || withoutPD > 0 {
		t.Errorf("%d levodopa issues not a repeat, %d to people without Parkinson's disease", notRepeat, withoutPD)
	}
	if share := float64(seen) / float64(diagnosed); share < 0.85 {
		t.Errorf("%d of %d diagnoses seen in a specialist clinic after the diagnosis (%.0f%%), want 85%% or more (NICE NG71)", seen, diagnosed, 100*share)
	}
	if share := float64(treated) / float64(yearOn); yearOn > 0 && (share < 0.6 || share > 0.98) {
		t.Errorf("%d of %d people diagnosed a year or more before on levodopa within the year (%.0f%%), want 60-98%% (treated_share 0.85)", treated, yearOn, 100*share)
	}
}

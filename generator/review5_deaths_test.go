// Checks for the fifth GP review's findings on deaths (docs/clinical-model.md,
// "Fixed after the fifth review: hospital care and deaths").
package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestDeathsFollowTheDisease: a GP review found alcohol and drug deaths at
// 8.3% of deaths (England about 2.3%), cirrhosis deaths with no liver
// disease recorded first, and COPD deaths at a good FEV1 with no
// exacerbation and no maintenance inhaler.
func TestDeathsFollowTheDisease(t *testing.T) {
	r := review5Population(t)
	deaths, alcoholDrug, copd, mildCOPD := 0, 0, 0, 0
	for i := range r.b.Patients {
		p := &r.b.Patients[i]
		if p.DeathDate == models.NoDate {
			continue
		}
		deaths++
		switch p.CauseOfDeathCode {
		case "X42":
			alcoholDrug++
		case "K70.3":
			alcoholDrug++
			liver := false
			for _, c := range r.condsOf[p.PatientID] {
				liver = liver || c.ConditionKey == "alcoholic_liver_disease" && c.OnsetDate <= p.DeathDate-365
			}
			if !liver {
				t.Errorf("%s died of alcoholic cirrhosis with no liver disease diagnosed a year or more before", p.PatientID)
			}
		case "J44.9":
			copd++
			if mildCOPDDeath(r, p) {
				mildCOPD++
			}
		}
	}
	if deaths < 500 || copd < 20 {
		t.Fatalf("only %d deaths, %d from COPD", deaths, copd)
	}
	t.Logf("%d deaths: %d from alcohol or drugs, %d from COPD (%d mild, no exacerbation, no maintenance inhaler)", deaths, alcoholDrug, copd, mildCOPD)
	// ONS 2022: drug poisoning 4,907 and alcohol-specific deaths ~1.5% of deaths, ~2.3% together
	if share := float64(alcoholDrug) / float64(deaths); share > 0.035 {
		t.Errorf("%d of %d deaths from alcohol or drugs (%.1f%%), want about 2.3%% (at most 3.5%%)", alcoholDrug, deaths, 100*share)
	}
	if share := float64(mildCOPD) / float64(copd); share > 0.1 {
		t.Errorf("%d of %d COPD deaths at FEV1 1.5 L or more with no exacerbation and no maintenance inhaler (%.0f%%), want at most 10%%", mildCOPD, copd, 100*share)
	}
}

// mildCOPDDeath reports whether a death from COPD came with a latest FEV1 of
// 1.5 L or more, no exacerbation and no maintenance inhaler.
func mildCOPDDeath(r *realism, p *models.Patient) bool {
	var latest *models.Observation
	for _, o := range r.obsOf[p.PatientID] {
		if o.Description == "Forced expired volume in 1 second" && (latest == nil || o.EffectiveTime > latest.EffectiveTime) {
			latest = o
		}
	}
	if latest == nil || latest.Value == nil || *latest.Value < 1.5 {
		return false
	}
	for _, c := range r.condsOf[p.PatientID] {
		if c.ConditionKey == "copd_exacerbation" {
			return false
		}
	}
	for _, x := range r.rxOf[p.PatientID] {
		// a LABA by name, or a combination inhaler named by brand (Trelegy holds vilanterol)
		if m := strings.ToLower(x.Medication); strings.Contains(m, "formoterol") || strings.Contains(m, "vilanterol") ||
			datasets.InClass(medKey(x), "ics_laba_lama") || datasets.InClass(medKey(x), "lama_laba") {
			return false
		}
	}
	return true
}

// TestDeathSoonAfterCancerIsFromCancer: a GP read a lung cancer diagnosed
// five months before death, with palliative care, certified as a stroke 18
// months old. Most deaths within a year of a cancer diagnosis are from the
// cancer (catalogue cause_of_death recent): 94 of 101 on this population,
// 81 without the recent factor.
func TestDeathSoonAfterCancerIsFromCancer(t *testing.T) {
	r := review5Population(t)
	soon, fromCancer := 0, 0
	for i := range r.b.Patients {
		p := &r.b.Patients[i]
		if p.DeathDate == models.NoDate {
			continue
		}
		recent := false
		for _, c := range r.condsOf[p.PatientID] {
			recent = recent || c.ConditionKey == "cancer" && c.OnsetDate <= p.DeathDate && p.DeathDate-c.OnsetDate < 365
		}
		if !recent {
			continue
		}
		soon++
		if strings.HasPrefix(p.CauseOfDeathCode, "C") {
			fromCancer++
		}
	}
	t.Logf("%d deaths within a year of a cancer diagnosis, %d from cancer", soon, fromCancer)
	if soon < 20 || float64(fromCancer) < 0.87*float64(soon) {
		t.Errorf("%d deaths within a year of a cancer diagnosis, %d from cancer; want at least 87%%", soon, fromCancer)
	}
}

// TestAccidentalDeathsInHospitalFollowAnInjury: a GP read an accidental
// death at the end of an admission for gallstones (16 of 33 accidental
// deaths ended a medical admission). An accidental death in hospital ends
// an admission for an injury (causes_of_death admitted_with).
func TestAccidentalDeathsInHospitalFollowAnInjury(t *testing.T) {
	r := review5Population(t)
	keyOf := r.conditionKeys()
	inHospital, injured := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		p := r.patients[e.PatientID]
		if e.Setting != settingInpatient || p.CauseOfDeathCode != "X59" || e.EndTime.Date() != p.DeathDate || e.StartTime.Date() < p.DeathDate-2 {
			continue
		}
		inHospital++
		switch keyOf[e.ReasonConditionID] {
		case "head_injury", "hip_fracture":
			injured++
		default:
			t.Errorf("accidental death at the end of an admission for %q", keyOf[e.ReasonConditionID])
		}
	}
	t.Logf("%d accidental deaths ending an admission of the last days, %d for an injury", inHospital, injured)
	if inHospital < 10 {
		t.Errorf("only %d accidental deaths in hospital", inHospital)
	}
}

package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestShinglesHappensAndTheVaccinePreventsIt (session 48, issue 9): the
// model gave the shingles vaccine but nobody had shingles. Measured on the
// shared 20,000-patient population (seed 11, 10 years):
//   - incidence from 50 in person-time with no shingles dose: Gauthier et
//     al. 2009 (UK GPRD) 5.23 per 1,000 person-years; within 3-8;
//   - 70-79: person-time after a shingles dose has fewer episodes than
//     person-time without one (Zostavax ~51% waning, Shingrix ~90%: a rate
//     ratio below 0.75);
//   - every antiviral for shingles starts within a week of the rash (NICE
//     CKS: within 72 hours, up to one week for those at high risk), and
//     most people of 50 and over are given one (CKS: treat from 50 within
//     72 hours; at least 55%, most presenting within three days);
//   - postherpetic neuralgia follows 8-25% of episodes from 60 (Gauthier:
//     13.7% at 3 months from 50, more at older ages), more than under 50.
//
// On main: no shingles at all.
func TestShinglesHappensAndTheVaccinePreventsIt(t *testing.T) {
	r := review5Population(t)
	z := r.p.Cat.HerpesZoster
	if z == nil {
		t.Fatal("catalogue: no herpes_zoster")
	}
	asOf, from := r.p.Opts.AsOf, r.p.windowStart
	firstDose := map[string]models.Date{}
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		if d, ok := firstDose[m.PatientID]; m.Programme == progShingles && (!ok || m.OccurrenceTime.Date() < d) {
			firstDose[m.PatientID] = m.OccurrenceTime.Date()
		}
	}
	// person-years by (vaccinated, age), a day at a time would be slow: a
	// year of age at a time, split at the first dose.
	var pyUnvac50, pyUnvac70, pyVac70 float64
	for id, pt := range r.patients {
		end := asOf
		if pt.DeathDate != models.NoDate && pt.DeathDate < end {
			end = pt.DeathDate
		}
		start := max(from, pt.BirthDate)
		dose, vac := firstDose[id]
		by, bm, bd := pt.BirthDate.YMD()
		for a := 0; a < 110; a++ {
			lo, hi := max(start, models.CivilDate(by+a, bm, bd)), min(end, models.CivilDate(by+a+1, bm, bd))
			if hi <= lo {
				continue
			}
			unvac := float64(hi-lo) / 365.25
			if vac && dose < hi {
				unvac = float64(max(dose-lo, 0)) / 365.25
			}
			if a >= 50 {
				pyUnvac50 += unvac
			}
			if a >= 70 && a < 80 {
				pyUnvac70 += unvac
				pyVac70 += float64(hi-lo)/365.25 - unvac
			}
		}
	}
	var nUnvac50, nUnvac70, nVac70, over50, over50Treated, phn60, ep60, phnYoung, epYoung int
	antivirals := map[string]*models.Prescription{}
	for _, rx := range r.b.Prescriptions {
		if medKey(&rx) == "aciclovir" {
			antivirals[rx.ConditionID] = &rx
		}
	}
	phnOf := map[string]bool{}
	for _, c := range r.b.Conditions {
		if c.ConditionKey == z.PHN.Key {
			phnOf[c.PatientID] = true
		}
	}
	for _, c := range r.b.Conditions {
		if c.ConditionKey != z.Key || c.OnsetDate < from {
			continue
		}
		pt := r.patients[c.PatientID]
		age := models.YearsBetween(pt.BirthDate, c.OnsetDate)
		dose, vac := firstDose[c.PatientID]
		vac = vac && dose <= c.OnsetDate
		switch {
		case age >= 70 && age < 80 && vac:
			nVac70++
		case age >= 70 && age < 80:
			nUnvac70++
		}
		if age >= 50 && !vac {
			nUnvac50++
		}
		if rx := antivirals[c.ConditionID]; rx != nil && rx.StartDate-c.OnsetDate > 7 {
			t.Errorf("%s: aciclovir from %s for shingles from %s", c.PatientID, rx.StartDate, c.OnsetDate)
		}
		if age >= 50 {
			over50++
			if antivirals[c.ConditionID] != nil {
				over50Treated++
			}
		}
		switch {
		case age >= 60:
			ep60++
			if phnOf[c.PatientID] {
				phn60++
			}
		case age < 50:
			epYoung++
			if phnOf[c.PatientID] {
				phnYoung++
			}
		}
	}
	enough(t, nUnvac70+nVac70, 60, "episodes of shingles at 70-79")
	inc50 := 1000 * float64(nUnvac50) / pyUnvac50
	rUnvac, rVac := float64(nUnvac70)/pyUnvac70, float64(nVac70)/pyVac70
	t.Logf("50+ unvaccinated: %d in %.0f person-years = %.2f per 1,000 (Gauthier 5.23)", nUnvac50, pyUnvac50, inc50)
	t.Logf("70-79: unvaccinated %d in %.0f py (%.2f/1,000), vaccinated %d in %.0f py (%.2f/1,000), ratio %.2f",
		nUnvac70, pyUnvac70, 1000*rUnvac, nVac70, pyVac70, 1000*rVac, rVac/rUnvac)
	t.Logf("50+: %d of %d episodes with aciclovir; PHN after %d of %d episodes from 60, %d of %d under 50",
		over50Treated, over50, phn60, ep60, phnYoung, epYoung)
	if inc50 < 3 || inc50 > 8 {
		t.Errorf("incidence from 50, unvaccinated: %.2f per 1,000 person-years, want 3-8 (Gauthier 2009: 5.23)", inc50)
	}
	if pyVac70 < 1000 || rVac/rUnvac > 0.75 {
		t.Errorf("70-79: rate ratio vaccinated/unvaccinated %.2f over %.0f vaccinated person-years, want below 0.75", rVac/rUnvac, pyVac70)
	}
	if share := float64(over50Treated) / float64(max(over50, 1)); share < 0.55 {
		t.Errorf("aciclovir for %.0f%% of episodes from 50, want at least 55%% (NICE CKS)", 100*share)
	}
	if share := float64(phn60) / float64(max(ep60, 1)); share < 0.08 || share > 0.25 || phnYoung*ep60 >= phn60*max(epYoung, 1) {
		t.Errorf("postherpetic neuralgia after %.0f%% of episodes from 60 (want 8-25%%), %d of %d under 50", 100*share, phnYoung, epYoung)
	}
}

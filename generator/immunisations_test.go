package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestAllergiesGovernPrescribing: no course of a medicine an allergy-list
// entry rules out starts on or after the entry's onset, and allergic
// patients with a penicillin-treated infection get the course's alternative.
func TestAllergiesGovernPrescribing(t *testing.T) {
	r := review5Population(t) // the shared 20,000 (same plan as newRealism(t, 20000))
	a, err := datasets.LoadAllergies()
	if err != nil {
		t.Fatal(err)
	}
	model := map[string]*datasets.AllergyModel{}
	for i := range a.Allergies {
		model[a.Allergies[i].Key] = &a.Allergies[i]
	}
	byPatient := map[string][]*models.Allergy{}
	for i := range r.b.Allergies {
		al := &r.b.Allergies[i]
		byPatient[al.PatientID] = append(byPatient[al.PatientID], al)
	}
	medByDMD := map[string]string{}
	for _, m := range datasets.Medicines() {
		medByDMD[m.DMDCode] = m.Key
	}
	for k, rs := range r.p.medPlans {
		for _, reg := range rs.regimens {
			medByDMD[reg.DMDCode] = k
		}
	}
	alternatives := 0
	for pid, rxs := range r.rxOf {
		for _, rx := range rxs {
			key := medByDMD[rx.DMDCode]
			for _, al := range byPatient[pid] {
				if model[al.AllergyKey].Avoids(key) && rx.StartDate >= al.OnsetDate {
					t.Fatalf("%s started %s for a patient with %s recorded on %s", rx.Medication, rx.StartDate, al.Description, al.OnsetDate)
				}
				if al.AllergyKey == "penicillin" && key == "clarithromycin" && rx.StartDate >= al.OnsetDate {
					alternatives++
				}
			}
		}
	}
	if alternatives == 0 {
		t.Fatal("no penicillin-allergic patient was given the alternative antibiotic")
	}
	// Penicillin labels among adults alive at the end: near the calibrated 5.9%.
	adults, labelled := 0, 0
	for i := range r.b.Patients {
		p := &r.b.Patients[i]
		if p.DeathDate != models.NoDate || models.YearsBetween(p.BirthDate, r.p.Opts.AsOf) < 18 {
			continue
		}
		adults++
		for _, al := range byPatient[p.PatientID] {
			if al.AllergyKey == "penicillin" {
				labelled++
			}
		}
	}
	if got := 100 * float64(labelled) / float64(adults); got < 4.9 || got > 6.9 {
		t.Fatalf("penicillin labels in %.2f%% of %d adults, want about 5.9%%", got, adults)
	}
}

// TestInfantDosesShareVisits: doses due at the same age are given at one
// visit, inside the window every dose has its visit, and no dose falls
// before birth or after the last day.
func TestInfantDosesShareVisits(t *testing.T) {
	r := newRealism(t, 5000)
	perVisit := map[string]int{}
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		p := r.patients[m.PatientID]
		d := m.OccurrenceTime.Date()
		if d < p.BirthDate || (p.DeathDate != models.NoDate && d > p.DeathDate) || d > r.p.Opts.AsOf {
			t.Fatalf("%s on %s for a patient born %s", m.VaccineKey, d, p.BirthDate)
		}
		// given at school, or at a COVID-19 vaccination site, and reported to the practice
		away := m.Programme == progSchool || m.Programme == progCovid || (m.VaccineKey == "flu_live_nasal" && models.YearsBetween(p.BirthDate, d) >= 4)
		if d >= r.p.windowStart && m.EncounterID == "" && !away {
			t.Fatalf("%s on %s inside the window without a visit", m.VaccineKey, d)
		}
		if m.EncounterID != "" {
			e := r.encs[m.EncounterID]
			if e == nil || e.PatientID != m.PatientID || e.StartTime.Date() != d {
				t.Fatalf("%s: its visit is missing, another patient's or another day's", m.VaccineKey)
			}
			perVisit[m.EncounterID]++
		}
	}
	shared := 0
	for _, n := range perVisit {
		if n >= 3 {
			shared++
		}
	}
	if shared == 0 {
		t.Fatal("no visit gave three vaccines: the 8-week doses are not given together")
	}
}

// TestAdolescentVaccinesAtSchool checks the school programme as a school
// nurse's report reaches the GP record: no GP visit, given in school years
// 8-10 (with catch-up to the end of year 10), HPV only to girls before boys
// were offered it in September 2019; and that no infant gets an influenza
// vaccine before the age the vaccine is licensed from.
func TestAdolescentVaccinesAtSchool(t *testing.T) {
	r := review5Population(t) // the shared 20,000 (same plan as newRealism(t, 20000))
	boysFrom := models.DateFromYMD(2019, 9, 1)
	minFlu := models.Date(r.p.imm.flu.MinAgeMonths * 30)
	var school, boysHPV int
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		p := r.patients[m.PatientID]
		d := m.OccurrenceTime.Date()
		switch m.Programme {
		case progSchool:
			school++
			if m.EncounterID != "" {
				t.Fatalf("%s at school has a GP visit", m.VaccineKey)
			}
			if age := float64(d-p.BirthDate) / 365.25; age < 12.5 || age > 16 {
				t.Fatalf("%s at %.1f years: outside school years 8-10", m.VaccineKey, age)
			}
			if m.VaccineKey == "hpv" && p.Sex == "male" {
				boysHPV++
				if due := p.BirthDate + 4750; due < boysFrom {
					t.Fatalf("HPV for a boy due on %s, before boys were offered it", due)
				}
			}
		case progInfluenza:
			if d < p.BirthDate+minFlu {
				t.Fatalf("influenza vaccine %d days after birth", d-p.BirthDate)
			}
		}
	}
	if school == 0 || boysHPV == 0 {
		t.Fatalf("%d school doses, %d HPV doses for boys: the adolescent programme is missing", school, boysHPV)
	}
}

// TestInfantCoursesHangTogether: vaccines due at one visit go together (no
// rotavirus, primary MenB or infant PCV for a baby who never had the 6-in-1 or 5-in-1:
// the Green Book gives them at the same 8/12/16-week visits), no dose
// of a vaccine is given twice under the same number (the PCV schedule change
// is by birth date), and rotavirus keeps its upper age limits.
func TestInfantCoursesHangTogether(t *testing.T) {
	r := review5Population(t) // the shared 20,000 (same plan as newRealism(t, 20000))
	type kid struct{ combined, rota, menb, pcv bool }
	kids := map[string]*kid{}
	seen := map[string]bool{}
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		if m.Programme != progChildhood {
			continue
		}
		p := r.patients[m.PatientID]
		if seen[m.PatientID+m.VaccineKey+string(rune('0'+m.DoseNumber))] {
			t.Fatalf("%s dose %d given twice to a child born %s", m.VaccineKey, m.DoseNumber, p.BirthDate)
		}
		seen[m.PatientID+m.VaccineKey+string(rune('0'+m.DoseNumber))] = true
		k := kids[m.PatientID]
		if k == nil {
			k = &kid{}
			kids[m.PatientID] = k
		}
		age := int(m.OccurrenceTime.Date() - p.BirthDate)
		switch m.VaccineKey {
		case "dtap_ipv_hib_hepb", "dtap_ipv_hib":
			k.combined = true
		case "rotavirus":
			k.rota = true
			if limit := map[int64]int{1: 105, 2: 168}[m.DoseNumber]; age > limit {
				t.Fatalf("rotavirus dose %d at %d days (limit %d)", m.DoseNumber, age, limit)
			}
		case "menb":
			k.menb = k.menb || m.DoseNumber <= 2 // the primary doses; the booster is its own series
		case "pcv":
			k.pcv = k.pcv || age < 365 // the infant doses; the one-year dose is its own visit
		}
	}
	rota := 0
	for id, k := range kids {
		if (k.rota || k.menb || k.pcv) && !k.combined {
			t.Fatalf("patient %s had rotavirus, MenB or an infant PCV but never the 6-in-1 given at the same visits", id)
		}
		if k.rota {
			rota++
		}
	}
	if rota == 0 {
		t.Fatal("no rotavirus given at all")
	}
}

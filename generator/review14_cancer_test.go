// Checks for the fourteenth review, cancer pathways
// (docs/clinical-model.md, "Cancer pathways and children's planned care (fourteenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNothingAboutACancerBeforeItsClinic: a GP found cancers coded at a
// GP home visit, an admission or a prescription days before the clinic
// that diagnosed them (32 of 208, generate -n 5000 -s 43): the admissions
// were drawn before the clinic was booked, and end-of-life care began at
// the GP's urgent referral. NICE NG12: the GP refers the suspected cancer,
// the clinic diagnoses it. No encounter, prescription or problem-list date
// about a cancer the clinic diagnosed may come before that clinic's day.
func TestNothingAboutACancerBeforeItsClinic(t *testing.T) {
	r := pathwayPopulation(t)
	clinic := map[string]models.Date{} // cancer condition id -> its diagnosing clinic's day
	for id := range r.patients {
		for _, c := range r.condsOf[id] {
			if dx := r.encs[c.DiagnosisEncounterID]; c.ConditionKey == "cancer" && dx != nil && dx.Setting == "outpatient" {
				clinic[c.ConditionID] = dx.StartTime.Date()
				if c.OnsetDate < dx.StartTime.Date() {
					t.Errorf("%s: %s dated %s, before the clinic that diagnosed it %s", id, c.Description, c.OnsetDate, dx.StartTime.Date())
				}
			}
		}
	}
	enough(t, len(clinic), 100, "cancers diagnosed in clinic")
	early := map[string]bool{}
	for _, e := range r.encs {
		if day, ok := clinic[e.ReasonConditionID]; ok && e.StartTime.Date() < day {
			early[e.ReasonConditionID] = true
			t.Errorf("%s: %s %s about a cancer on %s, before its diagnosing clinic", e.PatientID, e.Setting, e.TypeDisplay, e.StartTime.Date())
		}
	}
	for _, rxs := range r.rxOf {
		for _, x := range rxs {
			if day, ok := clinic[x.ConditionID]; ok && x.StartDate < day {
				early[x.ConditionID] = true
				t.Errorf("%s: %s for a cancer on %s, before its diagnosing clinic", x.PatientID, x.Medication, x.StartDate)
			}
		}
	}
	t.Logf("%d cancers diagnosed in clinic, %d with a contact or prescription about them before it", len(clinic), len(early))
}

// TestProstateCancerRareUnderFifty: a GP found prostate cancer diagnosed
// under 50 in 5 of 34 men (generate -n 5000 -s 43): the sites were drawn
// by their shares of people living with cancer at any age, so a man of 45
// with cancer had prostate cancer 4 times in 10. Prostate cancer is rare
// below 50 (CRUK: more than 75% of cases over 65). Among the catalogue's
// sites for a man of 45, prostate weighs less than 1 in 10; in the
// population at most 1 prostate cancer in 20 is diagnosed under 50.
func TestProstateCancerRareUnderFifty(t *testing.T) {
	r := pathwayPopulation(t)
	cancer := r.condPlan(t, "cancer")
	share := func(age int) float64 {
		total, prostate := 0.0, 0.0
		for k := range cancer.sites {
			w := cancer.sites[k].SiteWeight(1, age)
			total += w
			if cancer.sites[k].Snomed == prostateCancerCode {
				prostate += w
			}
		}
		return prostate / total
	}
	if s := share(45); s >= 0.1 {
		t.Errorf("prostate cancer weighs %.2f of a man's cancers at 45 (want under 0.1)", s)
	}
	if s := share(72); s < 0.3 {
		t.Errorf("prostate cancer weighs %.2f of a man's cancers at 72 (want at least 0.3)", s)
	}
	n, young := 0, 0
	for id, pt := range r.patients {
		for _, c := range r.condsOf[id] {
			if c.SnomedCode != prostateCancerCode {
				continue
			}
			n++
			if models.YearsBetween(pt.BirthDate, c.OnsetDate) < 50 {
				young++
			}
		}
	}
	enough(t, n, 30, "prostate cancers")
	t.Logf("%d of %d prostate cancers diagnosed under 50", young, n)
	if 20*young > n {
		t.Errorf("%d of %d prostate cancers diagnosed under 50 (want at most 1 in 20)", young, n)
	}
}

// TestGoserelinStartsWithFlareCover: a GP found goserelin started with no
// anti-androgen (generate -n 5000 -s 43). The first implant of an LHRH
// agonist raises testosterone for about two weeks, which can flare the
// tumour; bicalutamide 50 mg daily is given with it (BC Cancer; NICE
// NG131, approx). Every goserelin course the clinic starts in the record
// has bicalutamide 50 mg issued at that clinic, from that day, for two to
// five weeks; bicalutamide 50 mg is given for nothing else.
func TestGoserelinStartsWithFlareCover(t *testing.T) {
	r := pathwayPopulation(t)
	started, covered := 0, 0
	for id := range r.patients {
		var first *models.Prescription
		var cover []*models.Prescription
		for _, rx := range r.rxOf[id] {
			switch medKey(rx) {
			case "goserelin":
				if first == nil || rx.StartDate < first.StartDate {
					first = rx
				}
			case "bicalutamide_50mg":
				cover = append(cover, rx)
			}
		}
		if first == nil {
			if len(cover) > 0 {
				t.Errorf("%s: bicalutamide 50 mg without goserelin", id)
			}
			continue
		}
		if e := r.encs[first.EncounterID]; e == nil || e.Setting != "outpatient" {
			continue // a course started before the record opened
		}
		started++
		for _, c := range cover {
			if c.EncounterID != first.EncounterID || c.StartDate != first.StartDate {
				t.Errorf("%s: bicalutamide 50 mg issued %s, goserelin started %s at another attendance", id, c.StartDate, first.StartDate)
				continue
			}
			if days := c.EndDate - c.StartDate; c.EndDate == models.NoDate || days < 14 || days > 35 {
				t.Errorf("%s: bicalutamide 50 mg flare cover runs %s to %s", id, c.StartDate, c.EndDate)
				continue
			}
			covered++
		}
	}
	enough(t, started, 5, "goserelin courses started at clinic")
	t.Logf("%d goserelin courses started at clinic, %d with flare cover", started, covered)
	if covered < started {
		t.Errorf("%d of %d goserelin courses started at clinic with bicalutamide 50 mg flare cover (want all)", covered, started)
	}
}

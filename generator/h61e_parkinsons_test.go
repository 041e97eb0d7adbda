// Checks for Parkinson's disease care that follows the disease (h61e, issue
// 9): levodopa stayed at 25/100 three times a day for up to 10 years and no
// specialist adjusted it. The specialist now reviews every 9-13 months
// (NICE NG71 1.1.3), raises levodopa as the disease's years pass and adds an
// adjunct for wearing-off; a dementia is diagnosed by the memory service
// unless the person lives in a care home (NG97 1.2.10, DiADeM).
package generator

import (
	"slices"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// progressionDoses is the set of co-beneldopa products and dose texts of the
// progression steps (prescribing.yaml progression_steps): the specialist's.
func progressionDoses(t *testing.T) map[string]bool {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	doses := map[string]bool{}
	for _, ps := range rules.ProgressionSteps {
		for _, g := range datasets.Regimens(ps.Medicine) {
			if g.Step == ps.Step {
				doses[g.Name+"|"+g.DoseText] = true
			}
		}
	}
	if len(doses) == 0 {
		t.Fatal("no progression step doses in regimens.csv")
	}
	return doses
}

// TestParkinsonsLevodopaRaisedByTheSpecialist: among people issued
// levodopa over 3 years or more of the record, few have had one dose
// throughout (before h61e: 29 of 29 at -n 20000 -s 83), and every rise to a
// progression step's dose is first issued at an outpatient attendance about
// the Parkinson's disease (the specialist's decision, not the practice's).
func TestParkinsonsLevodopaRaisedByTheSpecialist(t *testing.T) {
	r := review5Population(t)
	steps := progressionDoses(t)
	var long, unchanged, rises, atClinic int
	for id := range r.patients {
		pd := r.has(id, "parkinsons")
		if pd == nil {
			continue
		}
		var rxs []*models.Prescription
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "co_beneldopa" {
				rxs = append(rxs, rx)
			}
		}
		if len(rxs) == 0 {
			continue
		}
		slices.SortFunc(rxs, func(a, b *models.Prescription) int { return int(a.StartDate - b.StartDate) })
		dose := func(rx *models.Prescription) string { return rx.Medication + "|" + rx.DoseText }
		seen := map[string]bool{}
		for i, rx := range rxs {
			k := dose(rx)
			if i > 0 && !seen[k] && steps[k] {
				rises++
				if e := r.encs[rx.EncounterID]; e != nil && e.Setting == "outpatient" && e.ReasonConditionID == pd.ConditionID {
					atClinic++
				} else {
					t.Logf("%s: %s first issued %v not at a clinic about Parkinson's", id, k, rx.StartDate)
				}
			}
			seen[k] = true
		}
		first, last := rxs[0].StartDate, rxs[len(rxs)-1].StartDate
		if last-first < 3*365 {
			continue
		}
		long++
		one := true
		for _, rx := range rxs {
			if rx.StartDate >= first+180 && dose(rx) != dose(rxs[len(rxs)-1]) {
				one = false
			}
		}
		if one {
			unchanged++
		}
	}
	enough(t, long, 10, "people issued levodopa over 3 years or more")
	t.Logf("levodopa over 3 years or more: %d people, %d on one dose throughout; %d rises to a progression step, %d at the Parkinson's clinic", long, unchanged, rises, atClinic)
	if share := float64(unchanged) / float64(long); share > 0.25 {
		t.Errorf("%d of %d people issued levodopa over 3 years or more had one dose throughout (%.0f%%), want 25%% or fewer (NICE NG71: the specialist adjusts it as the disease progresses; only the top of the ladder stays)", unchanged, long, 100*share)
	}
	if rises == 0 || atClinic < rises {
		t.Errorf("%d of %d rises of levodopa to a progression step first issued at an outpatient attendance about Parkinson's disease, want all (and some)", atClinic, rises)
	}
}

// TestParkinsonsSeenBySpecialistAndAdjunctsStartedThere: people followed
// for 2 years or more of the record after their Parkinson's disease is
// diagnosed are seen in clinic about it at least once a year on average
// (NICE NG71 1.1.3: every 6-12 months; before h61e, 26 of 70 had at most
// one attendance), and an adjunct (entacapone, rasagiline) is given only
// with Parkinson's disease, first issued at such an attendance, entacapone
// only beside levodopa.
func TestParkinsonsSeenBySpecialistAndAdjunctsStartedThere(t *testing.T) {
	r := review5Population(t)
	pop := r.p.Opts.Population()
	visits := map[string]int{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == "outpatient" && e.ReasonConditionID != "" {
			visits[e.ReasonConditionID]++
		}
	}
	var people, attended int
	var years float64
	var adjuncts, withoutPD, notClinic, noLevodopa int
	for id, pt := range r.patients {
		pd := r.has(id, "parkinsons")
		for _, rx := range r.rxOf[id] {
			adj := strings.HasPrefix(rx.Medication, "Entacapone") || strings.HasPrefix(rx.Medication, "Rasagiline")
			if !adj {
				continue
			}
			adjuncts++
			if pd == nil {
				withoutPD++
				continue
			}
			if strings.HasPrefix(rx.Medication, "Entacapone") && !runningOn(r.rxOf[id], "co_beneldopa", rx.StartDate) {
				noLevodopa++
			}
		}
		if pd == nil {
			continue
		}
		notClinic += firstAdjunctNotAtClinic(r, id, pd.ConditionID)
		from := max(pd.OnsetDate, r.p.windowStart)
		end := pop
		if pt.DeathDate != models.NoDate && pt.DeathDate < end {
			end = pt.DeathDate
		}
		if end-from < 2*365 || pt.RegistrationDate > from {
			continue
		}
		people++
		years += float64(end-from) / 365.25
		attended += visits[pd.ConditionID]
	}
	enough(t, people, 15, "people with Parkinson's disease followed 2 years or more")
	enough(t, adjuncts, 5, "issues of entacapone or rasagiline")
	perYear := float64(attended) / years
	t.Logf("%d people, %.0f person-years, %d clinic attendances about Parkinson's (%.2f a year); %d adjunct issues", people, years, attended, perYear, adjuncts)
	if perYear < 1 || perYear > 3 {
		t.Errorf("%.2f clinic attendances a person-year about Parkinson's disease, want 1-3 (NICE NG71 1.1.3: specialist review every 6-12 months)", perYear)
	}
	if withoutPD > 0 || notClinic > 0 || noLevodopa > 0 {
		t.Errorf("adjuncts: %d issues without Parkinson's disease, %d people whose first issue was not at the Parkinson's clinic, %d entacapone issues with no levodopa running", withoutPD, notClinic, noLevodopa)
	}
}

// runningOn reports whether a prescription of medicine key runs on day d.
func runningOn(rxs []*models.Prescription, key string, d models.Date) bool {
	for _, rx := range rxs {
		if medKey(rx) == key && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
			return true
		}
	}
	return false
}

// firstAdjunctNotAtClinic is 1 when the person's first adjunct issue, made
// in the record at a consultation, was not at an outpatient attendance
// about their Parkinson's disease (condition id pd).
func firstAdjunctNotAtClinic(r *realism, id, pd string) int {
	var first *models.Prescription
	for _, rx := range r.rxOf[id] {
		if (strings.HasPrefix(rx.Medication, "Entacapone") || strings.HasPrefix(rx.Medication, "Rasagiline")) && (first == nil || rx.StartDate < first.StartDate) {
			first = rx
		}
	}
	if first == nil || first.EncounterID == "" || first.StartDate < r.p.windowStart+28 {
		return 0 // none, or running as the record opens
	}
	if e := r.encs[first.EncounterID]; e != nil && e.Setting == "outpatient" && e.ReasonConditionID == pd {
		return 0
	}
	return 1
}

// TestDementiaDiagnosedByTheMemoryServiceUnlessInACareHome: a dementia
// diagnosed in the record at a GP contact belongs to a care home resident
// (coded living in a care home by the diagnosis), whose GP may diagnose it
// (DiADeM); the rest are diagnosed by the memory service (NICE NG97
// 1.2.10). Before h61e: 15 of 19 GP diagnoses were not in a care home
// (-n 20000 -s 83).
func TestDementiaDiagnosedByTheMemoryServiceUnlessInACareHome(t *testing.T) {
	r := review5Population(t)
	careHome, _ := datasets.ObservationByKey("lives_in_care_home")
	var diagnosed, atGP, notCareHome int
	for _, c := range r.b.Conditions {
		if c.ConditionKey != "dementia" || c.OnsetDate < r.p.windowStart || c.DiagnosisEncounterID == "" {
			continue
		}
		e := r.encs[c.DiagnosisEncounterID]
		if e == nil {
			continue
		}
		diagnosed++
		if e.Setting != "gp" {
			continue
		}
		atGP++
		in := false
		for _, o := range r.obsOf[c.PatientID] {
			in = in || o.SnomedCode == careHome.Snomed && o.EffectiveTime.Date() <= c.OnsetDate
		}
		if !in {
			notCareHome++
			t.Logf("%s: dementia coded at a GP contact %v, not in a care home", c.PatientID, c.OnsetDate)
		}
	}
	enough(t, diagnosed, 100, "dementias diagnosed in the record")
	t.Logf("%d dementias diagnosed in the record, %d at a GP contact, %d of them not in a care home", diagnosed, atGP, notCareHome)
	if share := float64(notCareHome) / float64(diagnosed); share > 0.01 {
		t.Errorf("%d of %d dementias (%.1f%%) coded at a GP contact outside a care home, want 1%% or fewer (NICE NG97 1.2.10: the memory service diagnoses it)", notCareHome, diagnosed, 100*share)
	}
}

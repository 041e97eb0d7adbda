// Checks for the findings of the eighth GP review, children's records
// (docs/clinical-model.md, "Children's records (eighth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// firstErrors reports the first few failures of a check and counts the
// rest, so a broken record does not flood the test log.
type firstErrors struct {
	t *testing.T
	n int
}

func (f *firstErrors) errorf(format string, args ...any) {
	f.t.Helper()
	if f.n++; f.n <= 5 {
		f.t.Errorf(format, args...)
	}
}

func (f *firstErrors) done() {
	f.t.Helper()
	if f.n > 5 {
		f.t.Errorf("... %d failures in all", f.n)
	}
}

// childReviews are the child health reviews of the population: GP
// encounters with a growth measurement of the review schedule, at an age
// the schedule reaches (a child's other GP visits record no measurements).
func (r *realism) childReviews() []*models.Encounter {
	codes := map[string]bool{}
	for _, c := range r.p.child.codes {
		codes[c.Snomed] = true
	}
	var out []*models.Encounter
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingGP || e.StartTime.Date()-r.patients[e.PatientID].BirthDate > models.Date(r.p.child.lastDay) {
			continue
		}
		for _, o := range r.obsByEnc[e.EncounterID] {
			if codes[o.SnomedCode] {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// TestChildHealthReviewsCarryNoReferredProblem: a GP read otitis media coded
// at a new-birth visit at 12 days old and then followed six times in clinic;
// on 5,000 patients (seed 5) 209 of 1,683 reviews carried a problem the
// clinic then saw. A review is the programme's check, not a consultation
// that opens a problem and refers it.
func TestChildHealthReviewsCarryNoReferredProblem(t *testing.T) {
	r := pathwayPopulation(t)
	clinic := map[string]bool{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingOutpatient && e.ReasonConditionID != "" {
			clinic[e.ReasonConditionID] = true
		}
	}
	reviews := r.childReviews()
	enough(t, len(reviews), 300, "child health reviews")
	referred, withReason := 0, 0
	for _, e := range reviews {
		if e.ReasonConditionID == "" {
			continue
		}
		withReason++
		if clinic[e.ReasonConditionID] {
			referred++
			if referred <= 5 {
				t.Errorf("%s: the review on %s (%d days old) raises %s, then seen in clinic", e.PatientID, e.StartTime.Date(),
					e.StartTime.Date()-r.patients[e.PatientID].BirthDate, r.keyOfCondition(e.PatientID, e.ReasonConditionID))
			}
		}
	}
	t.Logf("%d child health reviews, %d with a problem, %d of them referred", len(reviews), withReason, referred)
	if referred > 0 {
		t.Fatalf("%d child health reviews raise a problem the clinic then sees", referred)
	}
}

// TestRecurrentProblemsBeforeAClinic: no otitis media in the first four
// weeks of life (a febrile neonate goes to hospital, NICE NG143). A single
// episode of otitis media or a first flare of eczema is managed by the GP:
// only a recurrent one (catalogue refer_after_episodes, counted in the
// record by onset) is seen in clinic, at most clinic_attendances times,
// unless it is the problem of a planned operation (grommets, referred
// before it). Before: otitis media at 1 day old, 20% of its episodes seen
// in clinic, up to 8 times, most of them first episodes; an infant on an
// emollient alone referred to dermatology at the first flare, seen six times.
// Eczema's flares share one row (brief h49a): its episodes are its flares
// (eczemaFlares), and a clinic attendance follows up the flare before it.
func TestRecurrentProblemsBeforeAClinic(t *testing.T) {
	r := pathwayPopulation(t)
	flares := r.eczemaContacts()
	clinic, operated, firstClinic := map[string]int{}, map[string]bool{}, map[string]models.Date{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		switch {
		case e.Setting == settingOutpatient:
			ep := episodeOf(flares, e)
			clinic[ep]++
			if d, ok := firstClinic[ep]; !ok || e.StartTime.Date() < d {
				firstClinic[ep] = e.StartTime.Date()
			}
		case e.Setting == settingInpatient && e.AdmissionMethod == "11":
			operated[e.ReasonConditionID] = true
		}
	}
	refer := map[string]*datasets.Presentation{}
	for i := range r.p.Cat.Presentations {
		if pr := &r.p.Cat.Presentations[i]; pr.ReferAfterEpisodes > 0 {
			refer[pr.Key] = pr
		}
	}
	if refer["otitis_media"] == nil || refer["eczema"] == nil {
		t.Fatalf("otitis media and eczema are referred at any episode (want refer_after_episodes)")
	}
	otitis, seen := 0, map[string]int{}
	fe := &firstErrors{t: t}
	defer fe.done()
	for id, conds := range r.condsOf {
		birth := r.patients[id].BirthDate
		for _, c := range conds {
			if c.ConditionKey == "otitis_media" {
				otitis++
				if age := c.OnsetDate - birth; age < 28 {
					fe.errorf("%s: otitis media at %d days old", id, age)
				}
			}
			pr := refer[c.ConditionKey]
			if pr == nil {
				continue
			}
			eps := []string{c.ConditionID} // the row's episodes: each flare of an eczema row
			if pr.OneProblem != nil {
				eps = eps[:0]
				for _, f := range flares[id] {
					if f.cond == c {
						eps = append(eps, c.ConditionID+"@"+f.day.String())
					}
				}
			}
			for _, ep := range eps {
				n := clinic[ep]
				if n == 0 {
					continue
				}
				seen[pr.Key]++
				if n > pr.ClinicAttendances {
					fe.errorf("%s: %s from %s seen %d times in clinic (want at most %d)", id, pr.Key, c.OnsetDate, n, pr.ClinicAttendances)
				}
				before := 0 // episodes of it the GP had seen by the first clinic attendance
				if pr.OneProblem != nil {
					for _, f := range flares[id] {
						if f.day <= firstClinic[ep] {
							before++
						}
					}
				} else {
					for _, o := range conds {
						if o.ConditionKey == pr.Key && o.OnsetDate <= firstClinic[ep] {
							before++
						}
					}
				}
				if before < pr.ReferAfterEpisodes && !operated[c.ConditionID] {
					fe.errorf("%s: %s from %s seen in clinic after %d episodes (want %d or more)", id, pr.Key, c.OnsetDate, before, pr.ReferAfterEpisodes)
				}
			}
		}
	}
	enough(t, otitis, 500, "otitis media episodes")
	enough(t, seen["otitis_media"], 10, "otitis media episodes seen in clinic")
	enough(t, seen["eczema"], 10, "eczema episodes seen in clinic")
	t.Logf("%d otitis media episodes; seen in clinic: %v", otitis, seen)
}

// TestNoAntibioticForACold: NICE CG69 and NG120 advise no antibiotic for a
// common cold (URTI) or an acute cough; before, 35% of URTIs had amoxicillin,
// a 2-day-old among them. No baby under 28 days is given an antibiotic by
// the GP: BNFC's 125 mg amoxicillin is from 1 month, and a neonate with an
// infection is treated in hospital (regimens.csv min_age_days).
func TestNoAntibioticForACold(t *testing.T) {
	r := pathwayPopulation(t)
	keyOf := map[string]string{}
	colds := 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		keyOf[c.ConditionID] = c.ConditionKey
		if c.ConditionKey == "uri" {
			colds++
		}
	}
	enough(t, colds, 500, "URTI episodes")
	antibiotics, infants := 0, 0
	fe := &firstErrors{t: t}
	defer fe.done()
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		if !datasets.InClass(medKey(rx), "antibacterial") {
			continue
		}
		antibiotics++
		if k := keyOf[rx.ConditionID]; k == "uri" || k == "cough" {
			fe.errorf("%s: %s issued %s for %s", rx.PatientID, rx.Medication, rx.StartDate, k)
		}
		age := rx.StartDate - r.patients[rx.PatientID].BirthDate
		if age < 365 {
			infants++
		}
		if age < 28 {
			fe.errorf("%s: %s issued at %d days old", rx.PatientID, rx.Medication, age)
		}
	}
	enough(t, antibiotics, 200, "antibiotic prescriptions")
	enough(t, infants, 5, "antibiotics for babies")
}

// TestTeenagersCovidSecondDoseAsAdvised: 16-17 and 12-15 year olds not at
// risk were offered one dose from August and September 2021 and a second
// only after the JCVI advice of November 2021, 12 weeks or more after the
// first; before, 16-17 year olds had their second dose from October 2021,
// 8 weeks after. No child under 12 is vaccinated (no offer is modelled).
func TestTeenagersCovidSecondDoseAsAdvised(t *testing.T) {
	r := pathwayPopulation(t)
	waves := r.p.imm.covid.waves
	first := map[string]*models.Immunisation{}
	checked := 0
	fe := &firstErrors{t: t}
	defer fe.done()
	for i := range r.b.Immunisations {
		m := &r.b.Immunisations[i]
		if m.Programme != progCovid {
			continue
		}
		birth := r.patients[m.PatientID].BirthDate
		if age := models.YearsBetween(birth, m.OccurrenceTime.Date()); age < 12 {
			fe.errorf("%s: COVID-19 vaccine dose %d at %d", m.PatientID, m.DoseNumber, age)
		}
		switch m.DoseNumber {
		case 1:
			first[m.PatientID] = m
		case 2:
			f := first[m.PatientID]
			if f == nil || f.ReasonConditionID != "" {
				continue // first dose before the record, or given for a risk group
			}
			for _, w := range waves { // the age group that called them
				if models.YearsBetween(birth, w.opens) < w.fromAge {
					continue
				}
				if w.secondOpens != 0 {
					checked++
					d1, d2 := f.OccurrenceTime.Date(), m.OccurrenceTime.Date()
					if d2 < w.secondOpens || d2-d1 < models.Date(w.secondMin) {
						fe.errorf("%s: second dose %s, %d days after the first, in the group from %d (from %s, at %d days or more)",
							m.PatientID, d2, d2-d1, w.fromAge, w.secondOpens, w.secondMin)
					}
				}
				break
			}
		}
	}
	enough(t, checked, 20, "teenagers' second doses")
}

// attackSteroids counts the asthma attacks of children aged from to to at
// onset and the prednisolone issues for them, calling f with each issue
// (the child's id and birth date beside it).
func attackSteroids(r *realism, from, to int, f func(id string, birth models.Date, rx *models.Prescription)) (attacks, treated int) {
	for id, conds := range r.condsOf {
		birth := r.patients[id].BirthDate
		for _, c := range conds {
			if age := models.YearsBetween(birth, c.OnsetDate); c.ConditionKey != "asthma_attack" || age < from || age > to {
				continue
			}
			attacks++
			for _, rx := range r.rxOf[id] {
				if rx.ConditionID == c.ConditionID && medKey(rx) == "prednisolone" {
					treated++
					f(id, birth, rx)
				}
			}
		}
	}
	return attacks, treated
}

// TestChildAsthmaAttackHasOralSteroid: a child's asthma attack had no oral
// steroid (the course was for adults only); BTS/SIGN 158 gives children
// prednisolone (20 mg at 2-5 years, 30-40 mg over 5) for up to 3 days. Most
// attacks of 5-17 year olds now have it (soluble tablets under 12), for 3
// days, never the adult 5-day course.
func TestChildAsthmaAttackHasOralSteroid(t *testing.T) {
	r := pathwayPopulation(t)
	fe := &firstErrors{t: t}
	defer fe.done()
	attacks, treated := attackSteroids(r, 5, 17, func(id string, birth models.Date, rx *models.Prescription) {
		if days := rx.EndDate - rx.StartDate + 1; days != 3 {
			fe.errorf("%s: prednisolone for %d days at %d (want 3)", id, days, models.YearsBetween(birth, rx.StartDate))
		}
	})
	enough(t, attacks, 30, "asthma attacks at 5-17")
	t.Logf("%d of %d asthma attacks at 5-17 have prednisolone", treated, attacks)
	if 2*treated < attacks {
		t.Fatalf("%d of %d asthma attacks at 5-17 have prednisolone (want most)", treated, attacks)
	}
}

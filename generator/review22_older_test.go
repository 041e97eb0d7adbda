// Checks for the twenty-second review: prescribing pain relief and hypnotics
// for older people.
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// starts calls f for each issue in the history window of a medicine of the
// class that starts it: no issue of the class ended within 28 days before
// (the audit's continuesCourse).
func (r *realism) starts(class string, f func(id string, rx *models.Prescription)) {
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			d := rx.StartDate
			if !datasets.InClass(medKey(rx), class) || d < r.p.windowStart || slices.ContainsFunc(rxs, func(o *models.Prescription) bool {
				return o != rx && datasets.InClass(medKey(o), class) && o.StartDate < d && (o.EndDate == models.NoDate || o.EndDate >= d-28)
			}) {
				continue
			}
			f(id, rx)
		}
	}
}

// TestOralNSAIDStartsInOlderPeople: a GP read naproxen started at 87 with no
// eGFR on the record (648 of 1,307 oral NSAID starts at 75+ on generate -n
// 20000 -s 5) and NSAIDs started beside an ACE inhibitor or ARB and a
// diuretic (335). Now every start at 75+ has an eGFR from the year before or
// the visit, none is made beside both, and osteoarthritis at 75+ is given
// paracetamol rather than an oral NSAID (prescribing.yaml start_tests and
// contraindications; catalogue osteoarthritis ladders, older).
//
// Stop 75 (h75e): oral NSAIDs from 75 now give the contact ladder step's
// older choice (ibuprofen gel, co-codamol, colchicine; NICE NG226, NG59,
// NG219), leaving chronic low back pain's naproxen and rheumatoid
// arthritis's repeat line: 134 starts at 75+ in the shared seed-11
// population, under the 200 this test needs. It reads the seed-83
// population too (h64jPopulation) rather than lower its bar.
func TestOralNSAIDStartsInOlderPeople(t *testing.T) {
	old, oaParacetamol := 0, 0
	for _, r := range []*realism{review5Population(t), h64jPopulation(t)} {
		keys := r.conditionKeys()
		egfr := r.snomed("egfr")
		r.starts("nsaid", func(id string, rx *models.Prescription) {
			d := rx.StartDate
			if r.classRunning(id, "raas_blocker", d) && (r.classRunning(id, "thiazide", d) || r.classRunning(id, "loop_diuretic", d)) {
				t.Errorf("%s: %s started on %s beside a RAAS blocker and a diuretic", id, rx.Medication, d)
			}
			if ageOnDay(r.patients[id], d) < 75 {
				return
			}
			old++
			if !slices.ContainsFunc(r.obsOf[id], func(o *models.Observation) bool {
				od := o.EffectiveTime.Date()
				return o.SnomedCode == egfr && od <= d && d-od < 365
			}) {
				t.Errorf("%s: %s started at %d on %s with no eGFR in the year before", id, rx.Medication, ageOnDay(r.patients[id], d), d)
			}
			if k := keys[rx.ConditionID]; k == "knee_osteoarthritis" || k == "hip_osteoarthritis" {
				t.Errorf("%s: %s started at 75+ on %s for %s", id, rx.Medication, d, k)
			}
		})
		for id, rxs := range r.rxOf {
			for _, rx := range rxs {
				if k := keys[rx.ConditionID]; medKey(rx) == "paracetamol" && (k == "knee_osteoarthritis" || k == "hip_osteoarthritis") && ageOnDay(r.patients[id], rx.StartDate) >= 75 {
					oaParacetamol++
				}
			}
		}
	}
	enough(t, old, 200, "oral NSAID starts at 75+")
	enough(t, oaParacetamol, 10, "paracetamol courses for osteoarthritis at 75+")
}

// TestHypnoticsNotStartedInTheVeryOldOrFrail: a GP read zopiclone started
// at 80 and over (252 starts on generate -n 20000 -s 5) and for people with
// moderate or severe frailty coded (149), and insomnia episodes seen at 5 or
// more GP contacts (2,231 of 4,424). Now no hypnotic is started from 80 nor
// (but for a start made before a deficit written later in generation moved
// the category) with moderate or severe frailty coded in the 15 months
// before, and an episode's GP contacts are a first contact, up to three
// follow-ups (catalogue insomnia max_follow_ups), and the review that starts
// a repeat hypnotic with its authorisations.
func TestHypnoticsNotStartedInTheVeryOldOrFrail(t *testing.T) {
	r := review5Population(t)
	frail := map[string]bool{observationCode(t, "moderate_frailty"): true, observationCode(t, "severe_frailty_category"): true}
	older, frailStarts := 0, 0
	r.starts("hypnotic", func(id string, rx *models.Prescription) {
		d := rx.StartDate
		age := ageOnDay(r.patients[id], d)
		if age >= 80 {
			t.Errorf("%s: %s started at %d on %s", id, rx.Medication, age, d)
		}
		if age < 65 {
			return
		}
		older++
		latest := r.latestFrailty(t, id, d)
		if latest != nil && frail[latest.SnomedCode] {
			frailStarts++
			t.Logf("%s: %s started at %d on %s after %s coded on %s", id, rx.Medication, age, d, latest.Description, latest.EffectiveTime.Date())
		}
	})
	enough(t, older, 150, "hypnotic starts at 65-79")
	if frailStarts*100 > older {
		t.Errorf("%d of %d hypnotic starts at 65+ with moderate or severe frailty the latest category coded, want at most 1%%", frailStarts, older)
	}
	contacts := map[string]int{}
	keys := r.conditionKeys()
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingGP && keys[e.ReasonConditionID] == "insomnia" {
			contacts[e.ReasonConditionID]++
		}
	}
	many := 0
	for id, n := range contacts {
		if n >= 10 {
			t.Errorf("insomnia episode %s: %d GP contacts", id, n)
		}
		if n >= 5 {
			many++
		}
	}
	enough(t, len(contacts), 1000, "insomnia episodes seen at the GP")
	if many*4 > len(contacts) {
		t.Errorf("%d of %d insomnia episodes with 5 or more GP contacts, want at most a quarter", many, len(contacts))
	}
}

// isFrailtyCategory reports whether code is one of the eFI category codes.
// latestFrailty is person id's latest frailty category coded on or before
// day d, within the 456 days before it (a yearly review's, and some), or nil.
func (r *realism) latestFrailty(t *testing.T, id string, d models.Date) *models.Observation {
	var latest *models.Observation
	for _, o := range r.obsOf[id] {
		if od := o.EffectiveTime.Date(); od <= d && d-od < 456 && (latest == nil || od > latest.EffectiveTime.Date()) && isFrailtyCategory(t, o.SnomedCode) {
			latest = o
		}
	}
	return latest
}

func isFrailtyCategory(t *testing.T, code string) bool {
	for _, k := range []string{"mild_frailty", "moderate_frailty", "severe_frailty_category"} {
		if observationCode(t, k) == code {
			return true
		}
	}
	return false
}

// TestWeakOpioidAfterParacetamolInTheVeryOld: a GP read co-codamol started
// at 97 with nothing before it (339 weak-opioid starts at 85+ on generate
// -n 20000 -s 5, none after paracetamol). Now every start at 85+ follows a
// paracetamol course begun in the 90 days before (prescribing.yaml
// tried_first), and paracetamol is given in its place at the first contact.
func TestWeakOpioidAfterParacetamolInTheVeryOld(t *testing.T) {
	r := review5Population(t)
	old, paracetamol := 0, 0
	r.starts("weak_opioid", func(id string, rx *models.Prescription) {
		d := rx.StartDate
		if ageOnDay(r.patients[id], d) < 85 {
			return
		}
		old++
		if !slices.ContainsFunc(r.rxOf[id], func(o *models.Prescription) bool {
			return medKey(o) == "paracetamol" && o.StartDate < d && d-o.StartDate <= 90
		}) {
			t.Errorf("%s: %s started at %d on %s with no paracetamol course in the 90 days before", id, rx.Medication, ageOnDay(r.patients[id], d), d)
		}
	})
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			if medKey(rx) == "paracetamol" && ageOnDay(r.patients[id], rx.StartDate) >= 85 {
				paracetamol++
			}
		}
	}
	enough(t, old, 40, "weak-opioid starts at 85+")
	enough(t, paracetamol, 150, "paracetamol courses at 85+")
}

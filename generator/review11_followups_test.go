// Checks for the eleventh review of GP contacts: what a contact sees, how
// long short problems stay open, and who comes most (docs/clinical-model.md,
// "GP contacts that see what is really open (eleventh review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestShortProblemsEndWithinTheirFollowUp: every GP contact that opened no
// new problem went to the latest problem begun in the year before and kept
// it open to that day: a quarter of urinary infections, conjunctivitis and
// abdominal pains lasted over 180 days (generate -n 20000 -s 5), a UTI ran
// from October to September. An acute problem the GP alone sees (no clinic,
// no admission about it) now ends by the later of its duration and
// reconsult_days after its onset (its own, else catalogue
// activity.gp_new_problem's), a day more when a follow-up falls on the last
// day.
func TestShortProblemsEndWithinTheirFollowUp(t *testing.T) {
	r := pathwayPopulation(t)
	w := newWorker(r.p)
	window := map[string]models.Date{}
	for i := range r.p.presentations {
		if pr := &r.p.presentations[i]; pr.DurationDays > 0 && pr.OneProblem == nil { // (eczema's row runs from flare to flare)
			// (an episode of a duration_range lasts up to its longest)
			window[pr.Key] = models.Date(max(pr.DurationDays, pr.DurationRange[1], w.reconsultDays(i)) + 1)
		}
	}
	hospital := map[string]bool{} // problems a clinic or a ward saw
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting != settingGP && e.ReasonConditionID != "" {
			hospital[e.ReasonConditionID] = true
		}
	}
	fe := &firstErrors{t: t}
	checked, long := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		most, ok := window[c.ConditionKey]
		if !ok || c.Chronic || c.ResolvedDate == models.NoDate || hospital[c.ConditionID] {
			continue
		}
		checked++
		if c.ResolvedDate-c.OnsetDate > 180 {
			long++
		}
		if c.ResolvedDate-c.OnsetDate > most {
			fe.errorf("%s: %s %s open %s to %s, longer than %d days", c.PatientID, c.ConditionKey, c.ConditionID, c.OnsetDate, c.ResolvedDate, most)
		}
	}
	fe.done()
	enough(t, checked, 5000, "acute problems seen only at the GP")
	t.Logf("%d acute problems seen only at the GP, %d open over 180 days", checked, long)
}

// TestGPContactsRiseWithConditions: an adult's GP contacts rose only 12% per
// long-term condition held, so people with two or more came 1.96 times as
// often as the rest (generate -n 20000 -s 5) and a person with nothing on
// record came nearly as often as one with a condition. In CPRD (Salisbury
// et al., BJGP 2011) the 16% of adults with two or more QOF conditions had
// 32% of consultations: 2.5 times the rate of the rest. Adults' GP contacts
// in the window's last year, by the conditions held at its start: those
// with two or more must come at least 2.2 times as often as the rest.
//
// Salisbury's conditions are QOF's; a problem-list entry the model writes
// for a course of care (contraception, menopausal symptoms while HRT runs,
// a quit attempt) is not one: counting them put 108 more women with one
// condition and HRT among those with two (forty-eighth session).
func TestGPContactsRiseWithConditions(t *testing.T) {
	r := pathwayPopulation(t)
	to := r.p.Opts.Population()
	from := to - 365
	held := map[string]int{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.Chronic && c.OnsetDate <= from && !careCourseEntry[c.ConditionKey] {
			held[c.PatientID]++
		}
	}
	contacts := map[string]int{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingGP && e.StartTime.Date() > from && e.StartTime.Date() <= to {
			contacts[e.PatientID]++
		}
	}
	var people, visits [2]int // [0]: fewer than two conditions, [1]: two or more
	for id, p := range r.patients {
		if p.DeathDate != models.NoDate || ageOnDay(p, from) < 18 || p.BirthDate > from {
			continue
		}
		k := 0
		if held[id] >= 2 {
			k = 1
		}
		people[k]++
		visits[k] += contacts[id]
	}
	enough(t, people[1], 300, "adults with two or more conditions")
	enough(t, people[0], 1000, "adults with fewer than two conditions")
	rate := func(k int) float64 { return float64(visits[k]) / float64(people[k]) }
	ratio := rate(1) / rate(0)
	t.Logf("GP contacts a year: %.2f with two or more conditions (%d adults), %.2f with fewer (%d): %.2f times", rate(1), people[1], rate(0), people[0], ratio)
	if ratio < 2.2 {
		t.Errorf("adults with two or more conditions have %.2f times the GP contacts of the rest, want at least 2.2 (Salisbury et al. 2011: 2.5)", ratio)
	}
}

// careCourseEntry names the problem-list entries written for a course of
// care rather than a long-term condition.
var careCourseEntry = map[string]bool{"contraception": true, "menopausal_symptoms": true, "smoking_cessation": true, "pregnancy": true}

package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// Brief h53c: after self-harm, and depression that does not respond.

// TestNoNSAIDWithin90DaysOfSelfPoisoning: an oral NSAID is neither issued
// nor running in the 90 days after the first day of a self-poisoning
// (NICE NG225: weigh the toxicity in overdose, limit what is supplied, and
// review the medicines at the follow-up), and the bar ends: NSAIDs are
// issued again later (a bar for life left back pain untreated; brief
// h52e). Before, on generate -n 20000 -s 5, 44 NSAID issues ran within 90
// days of a self-poisoning (in this population, the test failed on each).
func TestNoNSAIDWithin90DaysOfSelfPoisoning(t *testing.T) {
	r := review5Population(t)
	episodes, within, later := 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "self_poisoning" {
			continue
		}
		episodes++
		for _, rx := range r.rxOf[c.PatientID] {
			if !inClass(rx, "nsaid") {
				continue
			}
			end := rx.EndDate
			if end == models.NoDate {
				end = r.p.Opts.Population()
			}
			if end >= c.OnsetDate && rx.StartDate < c.OnsetDate+90 {
				within++
				t.Errorf("%s: %s %v to %v, within 90 days of a self-poisoning on %v", c.PatientID, rx.Medication, rx.StartDate, rx.EndDate, c.OnsetDate)
			} else if rx.StartDate >= c.OnsetDate+90 {
				later++
			}
		}
	}
	enough(t, episodes, 200, "episodes of self-poisoning")
	t.Logf("%d episodes: %d NSAID issues within 90 days, %d later", episodes, within, later)
	if later == 0 {
		t.Errorf("no NSAID issued more than 90 days after any self-poisoning: the bar is for 90 days, not for life")
	}
}

// TestDepressionReassessedAfterSelfPoisoning: the GP follow-up of a
// self-poisoning in someone whose depression is open scores it (PHQ-9):
// NICE NG225 asks primary care to care for coexisting mental health
// problems at the follow-up. Before, 11 of 83 such episodes in this
// population had a PHQ-9 within 14 days, now 74; the follow-up is made for
// 85% (catalogue gp_follow_up share).
func TestDepressionReassessedAfterSelfPoisoning(t *testing.T) {
	r := review5Population(t)
	phq9 := r.snomed("phq9")
	episodes, scored := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "self_poisoning" || ageOnDay(r.patients[c.PatientID], c.OnsetDate) < 18 {
			continue
		}
		open := false
		for _, d := range r.condsOf[c.PatientID] {
			if d.ConditionKey == "depression" && d.OnsetDate < c.OnsetDate && (d.ResolvedDate == models.NoDate || d.ResolvedDate > c.OnsetDate+14) {
				open = true
			}
		}
		if !open || c.OnsetDate+14 > r.p.Opts.Population() {
			continue
		}
		episodes++
		if len(r.readingsBetween(c.PatientID, phq9, c.OnsetDate, c.OnsetDate+14)) > 0 {
			scored++
		}
	}
	enough(t, episodes, 40, "self-poisonings with a depression open")
	t.Logf("%d of %d self-poisonings with a depression open had a PHQ-9 within 14 days", scored, episodes)
	if scored < episodes/2 {
		t.Errorf("%d of %d self-poisonings with a depression open had a PHQ-9 within 14 days; the follow-up (85%%) scores it", scored, episodes)
	}
}

// TestSertralineSteppedUpWhenPHQ9StaysHigh: a PHQ-9 of 15 or more at a
// review 8 weeks or more into sertraline, still on the starting dose, is
// answered by a step (the dose raised, or a switch) within 4 weeks at most
// such reviews: NICE NG222 1.9, no response after 4-8 weeks, increase the
// dose or switch. Before, 67 of 219 such readings were in this population
// (a second reading in a row was waited for), now 82 of 138; escalate 0.75
// leaves a quarter to the person's choice or watchful waiting, and a
// review in the last weeks before a step is due is not yet acted on.
func TestSertralineSteppedUpWhenPHQ9StaysHigh(t *testing.T) {
	r := review5Population(t)
	phq9 := r.snomed("phq9")
	readings, stepped := 0, 0
	for id, all := range r.rxOf {
		var rxs []*models.Prescription // the antidepressant issues, by start
		for _, rx := range all {
			if inClass(rx, "antidepressant") {
				rxs = append(rxs, rx)
			}
		}
		if len(rxs) == 0 {
			continue
		}
		slices.SortFunc(rxs, func(a, b *models.Prescription) int { return int(a.StartDate - b.StartDate) })
		for _, o := range r.values(id, phq9) {
			d := o.EffectiveTime.Date()
			if *o.Value < 15 || d+28 > r.p.Opts.Population() {
				continue
			}
			j := -1 // the latest issue before the reading
			for k, rx := range rxs {
				if rx.StartDate < d {
					j = k
				}
			}
			if j < 0 || medKey(rxs[j]) != "sertraline" || rxs[j].EndDate != models.NoDate && rxs[j].EndDate < d-28 {
				continue
			}
			// the course on this dose began with the first issue of an
			// unbroken run of the same product and dose
			from := j
			for from > 0 && medKey(rxs[from-1]) == "sertraline" && rxs[from-1].DoseText == rxs[j].DoseText &&
				rxs[from-1].EndDate != models.NoDate && rxs[from-1].EndDate >= rxs[from].StartDate-28 {
				from--
			}
			if from > 0 && rxs[from-1].EndDate >= rxs[from].StartDate-28 || d < rxs[from].StartDate+56 {
				continue // not the starting dose (raised to it, or switched), or too soon to judge
			}
			readings++
			for _, rx := range rxs[j+1:] {
				if rx.StartDate <= d+28 && (medKey(rx) != "sertraline" || rx.DoseText != rxs[j].DoseText) {
					stepped++
					break
				}
			}
		}
	}
	enough(t, readings, 40, "PHQ-9 readings of 15 or more on sertraline's starting dose")
	t.Logf("%d of %d PHQ-9 readings of 15 or more, 8 weeks or more into sertraline on its starting dose, stepped up within 4 weeks", stepped, readings)
	if stepped*2 < readings {
		t.Errorf("%d of %d PHQ-9 readings of 15 or more on sertraline's starting dose were stepped up within 4 weeks; NICE NG222 1.9: increase the dose or switch", stepped, readings)
	}
}

// TestNSAIDsNotStartedInModerateFrailty: an oral NSAID is not started
// while the person lives with moderate or severe frailty (prescribing.yaml
// contraindications frailty; NSAIDs cautioned over 75 for the gut and over
// 65 for the kidneys, Scottish polypharmacy guidance). Before, 71 of 859
// NSAID starts at 75 or over in this population came with moderate or
// severe frailty the latest category coded, now 7 of 759. A few remain where the
// model's category on the day differs from the one last coded (a deficit
// written later in generation), as for hypnotics.
//
// Stop 75 (h75e): oral NSAIDs from 75 now give the contact ladder step's
// older choice (ibuprofen gel, co-codamol, colchicine; NICE NG226, NG59,
// NG219), so only chronic low back pain's naproxen and rheumatoid
// arthritis's repeat line start one at 75+: 134 starts in the shared
// seed-11 population, under the 200 this test needs. The test reads the
// seed-83 population too (h64jPopulation) rather than lower its bar.
func TestNSAIDsNotStartedInModerateFrailty(t *testing.T) {
	frail := map[string]bool{observationCode(t, "moderate_frailty"): true, observationCode(t, "severe_frailty_category"): true}
	older, frailStarts := 0, 0
	for _, r := range []*realism{review5Population(t), h64jPopulation(t)} {
		r.starts("nsaid", func(id string, rx *models.Prescription) {
			d := rx.StartDate
			if ageOnDay(r.patients[id], d) < 75 {
				return
			}
			older++
			latest := r.latestFrailty(t, id, d)
			if latest != nil && frail[latest.SnomedCode] {
				frailStarts++
			}
		})
	}
	enough(t, older, 200, "NSAID starts at 75 or over")
	t.Logf("%d of %d NSAID starts at 75 or over with moderate or severe frailty the latest category coded", frailStarts, older)
	if frailStarts*100 > older*4 {
		t.Errorf("%d of %d NSAID starts at 75 or over with moderate or severe frailty the latest category coded, want at most 4%%", frailStarts, older)
	}
}

// Checks for the sixteenth review: GP contacts about one acute problem are
// capped by its duration (catalogue gp_new_problem.follow_ups).
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestAcuteProblemFollowUpsAreCapped: a GP review found a frequent
// attender's urinary infection seen 4-11 times in a week and children's
// fevers with 5-11 contacts (89,374 of 489,078 contacts about an acute
// problem beyond two plus one a month of its length, generate -n 20000 -s
// 5), as every background contact went to the latest open problem. Now an
// acute problem has at most follow_ups.base + days/per_days follow-ups, and
// an episode of infection is seen about as often as the Fourth National
// Morbidity Survey found (1.2 GP consultations per episode).
func TestAcuteProblemFollowUpsAreCapped(t *testing.T) {
	r := pathwayPopulation(t)
	f := r.p.Cat.Activity.GPNewProblem.FollowUps
	gp := map[string]int{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingGP && e.ReasonConditionID != "" {
			gp[e.ReasonConditionID]++
		}
	}
	infections := map[string]bool{"uti": true, "otitis_media": true, "acute_tonsillitis": true, "fever": true, "conjunctivitis": true, "uri": true, "cellulitis": true}
	episodes, over, infEpisodes, infContacts := 0, 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.Chronic || c.ResolvedDate == models.NoDate {
			continue
		}
		episodes++
		days := int(c.ResolvedDate - c.OnsetDate)
		if n := gp[c.ConditionID]; n > 1+f.Allowed(days) {
			over++
			if over <= 5 {
				t.Logf("%s: %s from %s, %d days, seen %d times by the GP", c.PatientID, c.ConditionKey, c.OnsetDate, days, n)
			}
		}
		if infections[c.ConditionKey] {
			infEpisodes++
			infContacts += gp[c.ConditionID]
		}
	}
	enough(t, infEpisodes, 2000, "episodes of infection")
	if float64(over) > 0.01*float64(episodes) {
		t.Errorf("%d of %d acute episodes seen by the GP more often than their follow-ups allow (want under 1%%)", over, episodes)
	}
	if per := float64(infContacts) / float64(infEpisodes); per > 1.5 {
		t.Errorf("an episode of infection has %.2f GP contacts on average; the Fourth National Morbidity Survey found 1.2", per)
	}
}

// TestAcuteEpisodesKeepApart: a GP read two upper respiratory infections a
// week apart and fevers whose episodes overlapped (3,879 of 311,234 acute
// episodes overlapped the one before, 2,084 began within a week of its end,
// generate -n 20000 -s 5): a year's contacts are drawn in no order of their
// days. Now a new episode keeps activity.episode_gap_days from the others.
func TestAcuteEpisodesKeepApart(t *testing.T) {
	r := pathwayPopulation(t)
	gap := models.Date(r.p.Cat.Activity.EpisodeGapDays)
	type key struct{ patient, problem string }
	byProblem := map[key][]*models.Condition{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; !c.Chronic && c.ResolvedDate != models.NoDate {
			k := key{c.PatientID, c.ConditionKey}
			byProblem[k] = append(byProblem[k], c)
		}
	}
	episodes, close := 0, 0
	for _, eps := range byProblem {
		slices.SortFunc(eps, func(a, b *models.Condition) int { return int(a.OnsetDate - b.OnsetDate) })
		episodes += len(eps)
		for j := 1; j < len(eps); j++ {
			if eps[j].OnsetDate <= eps[j-1].ResolvedDate+gap {
				close++
				if close <= 5 {
					t.Logf("%s: %s from %s to %s, again from %s", eps[j].PatientID, eps[j].ConditionKey, eps[j-1].OnsetDate, eps[j-1].ResolvedDate, eps[j].OnsetDate)
				}
			}
		}
	}
	enough(t, episodes, 20000, "acute episodes")
	if float64(close) > 0.005*float64(episodes) {
		t.Errorf("%d of %d acute episodes begin within %d days of the end of the one before (want under 0.5%%)", close, episodes, gap)
	}
}

package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// NICE NG12 (1.6.4): refer people aged 45 and over on a suspected cancer
// pathway with unexplained visible haematuria without a urinary tract
// infection, or visible haematuria that persists or recurs after successful
// treatment of one (catalogue haematuria refer_unless_explained;
// twenty-seventh review). Before, the GP referred each episode at a share
// by age (0.5-0.6 from 45) whatever explained it: 440 of 1,011 episodes at
// 45 and over had no referral (generate -n 20000 -s 5).

// refersEpisode reports whether the GP refers the new episode id of
// presentation pi, first seen at GP consultation encID on day d. With the
// rule, the urine is sent for culture at every age (Scottish referral
// guidelines: a culture for anyone presenting with haematuria); from its
// age a first episode is explained by the infection at its share (coded
// and treated then: explainEpisode) and not referred; any other is
// referred at refer_shares (1 from that age). Without the rule, or
// younger, the complaint's refer share decides (gpRefers).
func (w *worker) refersEpisode(per *person, pi int, id, encID string, d models.Date) bool {
	u := w.plan.presentations[pi].ReferUnlessExplained
	if u != nil {
		w.sendTest(per, encID, u.Test)
	}
	if u == nil || per.ageOn(d) < u.FromAge || per.episodes[pi].count > 1 {
		return w.gpRefers(per, pi, d) // a recurrence is referred: refer_shares are 1 from the age
	}
	s := per.stream(w.plan.Opts.Seed, purposeExplained, uint64(pi), uint64(d))
	if !s.Bernoulli(u.ExplainedShare) {
		return w.gpRefers(per, pi, d)
	}
	w.explainEpisode(per, pi, id, encID, d, u, &s)
	return false
}

// sendTest records the coded test key (no value: a urine sent for
// culture) at consultation encID, a few minutes in.
func (w *worker) sendTest(per *person, encID, key string) {
	code, ok := datasets.ObservationByKey(key)
	if !ok {
		return
	}
	if start, ok := w.encounterStart(encID); ok {
		w.b.Observations = append(w.b.Observations, w.observation(per, encID, start.AddMinutes(4), &code))
	}
}

// explainEpisode records the infection that explains episode id of
// presentation pi at consultation encID, coded and treated as a new
// episode of it would be (presentingCondition; an infection already open
// is that one). The episode then lasts as long as the infection, so no
// contact about it after the infection has cleared leaves a persisting
// symptom unreferred.
func (w *worker) explainEpisode(per *person, pi int, id, encID string, d models.Date, u *datasets.ReferUnlessExplained, s *distributions.Stream) {
	by := slices.IndexFunc(w.plan.presentations, func(pp presPlan) bool { return pp.Key == u.By })
	if by < 0 || !w.presAllowed(per, by, presGP, per.ageOn(d), d) {
		return
	}
	inf := w.conditionRow(per, w.presentingCondition(per, by, presGP, d, encID, s))
	row := w.conditionRow(per, id)
	if inf == nil || row == nil {
		return
	}
	row.ResolvedDate = inf.ResolvedDate
	per.episodes[pi].until, per.episodes[pi].days = per.episodes[by].until, per.episodes[by].days
}

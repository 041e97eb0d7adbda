package generator

import (
	"github.com/code4health/cohortgen/models"
)

// injuryFollowUps books the practice's contact after A&E for a broken
// wrist or a head injury of an older person, as the catalogue books one
// after a fall at A&E (frailty.yaml injury_follow_up like: the fall's
// follow_up gives the age, share, days and referral to the falls service;
// NICE NG249): most such injuries at 65 and over come from a fall, and the
// falls risk assessment is made at the first contact about it. Before, at
// 65 and over 39 of 542 broken wrists and 51 of 1,152 head injuries were
// assessed (generate -n 20000 -s 5; forty-seventh stop). Days count from
// the attendance or the discharge; none when a GP contact about the injury
// already follows in those days, in end-of-life care or before the
// window. The draws are a stream of their own keyed by the injury's day.
func (w *worker) injuryFollowUps(per *person) {
	fp := &w.plan.frailty
	a := fp.injuryLike
	f := a.FollowUp
	b := w.b
	n := len(b.Conditions) // rows are not added here, but booking may move them
	for r := per.condFrom; r < n; r++ {
		c := b.Conditions[r] // a copy
		if !fp.injuryAfter[c.ConditionKey] || c.OnsetDate < per.firstDay || per.ageOn(c.OnsetDate) < f.MinAge {
			continue
		}
		out := w.dischargeAfter(per, &c)
		if w.contactAbout(per, c.ConditionID, c.OnsetDate.Start(), out+models.Date(f.Days[1])) {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeInjuryFollowUp, uint64(c.OnsetDate))
		if !s.Bernoulli(f.Share) {
			continue
		}
		day := out + models.Date(between(f.Days, &s))
		if day > per.lastDay || day < w.plan.windowStart || per.inEndOfLifeCare(day+eolReviewMargin) {
			continue
		}
		encID, start, ok := w.gpVisit(per, day, encGPProblem, c.ConditionID, &s)
		if !ok {
			continue
		}
		if row := w.conditionRow(per, c.ConditionID); row != nil && row.ResolvedDate != models.NoDate && row.ResolvedDate < start.Date() {
			row.ResolvedDate = start.Date() // seen about it to then (as acuteFollowUp keeps an episode open)
		}
		if f.Recorded != "" && s.Bernoulli(f.RecordedShare) {
			b.Observations = append(b.Observations, w.observation(per, encID, start.AddMinutes(5), &a.followUpCode))
		}
	}
}

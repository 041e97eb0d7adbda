package generator

import "github.com/code4health/cohortgen/models"

// A GP contact's known problem (gpKnownProblem) is chosen from the person's
// episodes, most of them long past by the time of the contact. Deciding that
// an old one is past its window (followedUpOn) read the presentation's plan
// (a long struct per presentation) twice per episode per contact: about 1%
// of the generator (issue 17, stop 57). A compact bound per presentation
// lets an old episode be passed over from the episode alone, with the
// answer followedUpOn would give.

// followUpBounds is, by presentation, the longest its episode's follow-up
// window can be (followedUpOn), leaving out the episode's own drawn
// duration (episode.days), which the reader adds: for an acute problem its
// duration or its reconsult days, whichever is longer; for a long-standing
// one (no duration) gp_new_problem's recurrence_days.
func (p *Plan) followUpBounds() []models.Date {
	g := &p.Cat.Activity.GPNewProblem
	bounds := make([]models.Date, len(p.presentations))
	for pi := range p.presentations {
		pr := &p.presentations[pi]
		reconsult := g.ReconsultDays
		if pr.ReconsultDays > 0 {
			reconsult = pr.ReconsultDays
		}
		bound := g.RecurrenceDays
		if pr.DurationDays > 0 {
			bound = max(pr.DurationDays, reconsult)
		}
		bounds[pi] = models.Date(bound)
	}
	return bounds
}

package generator

import "github.com/code4health/cohortgen/models"

// A declined flu vaccine is coded (immunisations.yaml influenza declined;
// brief h72c). A GP found people eligible with no flu vaccine for four
// years and more and nothing coded (generate -n 20000 -s 83). Uptake is a
// person's trait (person_correlation): one whose own propensity is past
// the group's uptake mostly never has it, and in each season such a
// person is eligible for and goes without (not a school year's: the
// school-aged service offers that one), the practice codes the decline
// at a nurse's contact, in the season's vaccination months. One who
// mostly has it and missed a season has nothing coded. The day draws from
// a stream of its own, so no vaccination moves.

// fluDeclined codes the decline of the season opening on day open (year y).
func (w *worker) fluDeclined(per *person, open models.Date, y int) {
	ip := &w.plan.imm
	if ip.fluDecline == nil {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeFluDeclined, uint64(y))
	day := open + models.Date(s.IntN(ip.flu.VaccinateByDay))
	if per.inEndOfLifeCare(day + eolReviewMargin) {
		return // care is for comfort: no vaccine is offered
	}
	// Coded by the nurse at the practice's vaccination contact, with her
	// as its practitioner (as a declined childhood dose is,
	// immunisationrecall.go), never on a letter filed by no one (brief
	// fix72b: 16 declines at screening letters in TestScreeningLettersCarryNoBloods).
	w.immunisationNotGivenCode(per, day, encGPConsultation, contactImmunisation, ip.fluDecline, &s)
}

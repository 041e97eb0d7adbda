package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A declined flu vaccine is coded (immunisations.yaml influenza declined;
// brief h72c). A GP found people eligible with no flu vaccine for four
// years and more and nothing coded (generate -n 20000 -s 83). Uptake is a
// person's trait (person_correlation): one whose own propensity is past
// the group's uptake mostly never has it, and in each season such a
// person is eligible for and goes without (not a school year's: the
// school-aged service offers that one), the practice codes the decline.
// One who mostly has it and missed a season has nothing coded. The draws
// come from a stream of their own, so no vaccination moves.
//
// Where it is coded (brief h73f): the practice invites the eligible, and
// the decline is taken where it is heard: at a contact with a clinician
// the person has in the season's vaccination months (offered there), or
// else as the reply to the invitation, filed at the practice with no
// clinician's time (as a screening programme's letter is). Before, every
// decline was a 10-20 minute nurse check-up booked for it alone: 13,858
// at 3,220 people at generate -n 20000 -s 83.

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
	if w.declineAtSeasonContact(per, open, open+models.Date(ip.flu.VaccinateByDay), &s) {
		return
	}
	w.immunisationNotGivenCode(per, day, encGPConsultation, contactScreeningResult, ip.fluDecline, &s)
}

// declineAtSeasonContact codes the decline at one of the person's GP
// contacts with a clinician from open to before by (one drawn), and says
// whether there was one.
func (w *worker) declineAtSeasonContact(per *person, open, by models.Date, s *distributions.Stream) bool {
	var at []int
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		x := &w.b.Encounters[e]
		if d := x.StartTime.Date(); x.Setting == settingGP && x.PractitionerID != "" && d >= open && d < by && d >= per.firstDay && d <= per.lastDay {
			at = append(at, e)
		}
	}
	if len(at) == 0 {
		return false
	}
	x := &w.b.Encounters[at[s.IntN(len(at))]]
	code := w.plan.imm.fluDecline
	o := w.observation(per, x.EncounterID, x.StartTime.AddMinutes(1), code)
	o.ValueCode, o.ValueDisplay = code.Snomed, code.Term // the finding, coded as present
	w.b.Observations = append(w.b.Observations, o)
	return true
}

// fluDeclinedInSeason reports whether a flu vaccine decline is coded for the
// person in the season that opens on day open. A woman who declines it in a
// season is not vaccinated in her pregnancy in it (brief h74h: 12 declines
// came after a pregnancy's dose in the same season and 13 doses after a
// decline with nothing to say she changed her mind, generate -n 20000 -s 83;
// her trait, mostly declining, holds through the pregnancy; the Green Book
// chapter 19 offer in pregnancy is the same vaccine she declined).
func (w *worker) fluDeclinedInSeason(per *person, open models.Date) bool {
	code := w.plan.imm.fluDecline
	if code == nil {
		return false
	}
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		if d := o.EffectiveTime.Date(); o.SnomedCode == code.Snomed && d >= open && d < open+365 {
			return true
		}
	}
	return false
}

// fluDoseInSeason reports whether the person has an influenza dose written in
// the season that opens on day open (her rows are the last written).
func (w *worker) fluDoseInSeason(per *person, open models.Date) bool {
	for i := len(w.b.Immunisations) - 1; i >= 0 && w.b.Immunisations[i].PatientID == per.id; i-- {
		im := &w.b.Immunisations[i]
		if d := im.OccurrenceTime.Date(); im.Programme == progInfluenza && d >= open && d < open+365 {
			return true
		}
	}
	return false
}

package generator

import (
	"slices"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// causeSeenBeforeDeath writes the GP contact that sees an acute cause of
// death outside hospital (catalogue causes_of_death seen_before: pneumonia,
// sepsis, a stroke): some days before the death, a home visit from the age
// people in their last illness are seen at home (end_of_life
// home_visits_from_age), else a consultation. The cause's problem begins
// there and that contact diagnoses it. Before (twenty-second review), 40
// of 210 pneumonia deaths had no contact of any kind in their last 14 days
// (generate -n 20000 -s 5). It runs once the stays are known (a death in
// hospital ends the admission that saw it), before the other GP contacts
// are booked.
func (w *worker) causeSeenBeforeDeath(per *person) {
	if per.causeBackground < 0 || per.causeID == "" || per.expectedDeath || per.death == models.NoDate || per.death > per.lastDay || diedInHospital(per) {
		return
	}
	sb := w.plan.Cat.BackgroundCauses[per.causeBackground].SeenBefore
	if sb == nil {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeCauseSeen)
	first := max(per.firstDay, per.birth)
	day := max(per.death-models.Date(between(sb.Days, &s)), first)
	for day > first && nextWorkingDay(day) > per.death {
		day-- // the practice sees no one at the weekend: the working day before
	}
	kind := encGPProblem
	if eol := w.plan.Cat.EndOfLife; eol != nil && per.ageOn(day) >= eol.HomeVisitsFromAge {
		kind = encGPHomeVisit
	}
	enc, start, ok := w.gpVisit(per, day, kind, per.causeID, &s)
	if !ok {
		return
	}
	for i := len(w.b.Conditions) - 1; i >= per.condFrom; i-- {
		if c := &w.b.Conditions[i]; c.ConditionID == per.causeID {
			c.OnsetDate, c.DiagnosisEncounterID = start.Date(), enc
			per.causeOnset = start.Date()
			w.treatCauseSeen(per, sb.TreatedAs, enc, c.ConditionID, start.Date(), &s)
			w.homeDecisions(per, enc, start) // pneumoniahome.go
			return
		}
	}
}

// treatCauseSeen issues, at the GP contact enc that saw the cause (problem
// condID, day d), the first-contact courses of presentation key (seen_before
// treated_as): amoxicillin for a pneumonia, clarithromycin or doxycycline in
// a penicillin allergy (NICE NG138), each through shortCourse's allergy and
// safety bars, ending at the death. Before (h66c), none of the pneumonias
// the GP diagnosed before a death at home had an antibiotic (0 of 16,
// generate -n 5000 -s 11). Its draws come last on the contact's own stream.
func (w *worker) treatCauseSeen(per *person, key, enc, condID string, d models.Date, s *distributions.Stream) {
	if key == "" {
		return
	}
	pi := slices.IndexFunc(w.plan.presentations, func(pp presPlan) bool { return pp.Key == key })
	if pi < 0 {
		return // checked by the loader
	}
	pr := &w.plan.presentations[pi]
	for k := range pr.courses {
		if c := &pr.courses[k]; c.AfterEpisodes == 0 && !c.IfSeenAgain && c.AtReviewDays == [2]int{} {
			w.shortCourse(per, c, enc, condID, d, per.death, s)
		}
	}
}

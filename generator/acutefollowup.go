package generator

import (
	"github.com/code4health/cohortgen/models"
)

// acuteFollowUp books the GP contact about A&E episode condID (onset on
// day onset) that its catalogue entry asks for (follow_up): an older
// person seen at A&E after a fall is seen at the practice some days later,
// and some are referred to the falls service there (NICE NG249). Before
// the fourteenth review a GP read 685 falls of people 65 and over with a
// GP contact about 69 of them and no falls referral at all (generate -n
// 5000 -s 47). Its draws are its own stream's, keyed by the day, so the
// episodes drawn after it do not move.
func (w *worker) acuteFollowUp(per *person, a *acutePlan, condID string, onset models.Date) {
	f := a.FollowUp
	if per.ageOn(onset) < f.MinAge {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeAcuteFollowUp, uint64(onset))
	if !s.Bernoulli(f.Share) {
		return
	}
	day := onset + models.Date(f.Days[0]+s.IntN(f.Days[1]-f.Days[0]+1))
	if day > per.lastDay || per.inEndOfLifeCare(day) {
		return // in end-of-life care the home visits are about what the person is dying of
	}
	row := len(w.b.Conditions) - 1 // the episode's, just written (acuteEpisode)
	encID, start, ok := w.gpVisit(per, day, encGPProblem, condID, &s)
	if !ok {
		return
	}
	// a contact moved past the episode's end (a busy day) keeps it open to then
	if c := &w.b.Conditions[row]; c.ConditionID == condID && c.ResolvedDate != models.NoDate && c.ResolvedDate < start.Date() {
		c.ResolvedDate = start.Date()
	}
	if f.Recorded != "" && s.Bernoulli(f.RecordedShare) {
		w.b.Observations = append(w.b.Observations, w.observation(per, encID, start.AddMinutes(5), &a.followUpCode))
	}
}

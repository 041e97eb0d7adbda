package generator

import (
	"github.com/code4health/cohortgen/models"
)

// trialStop decides, when course k starts line li of condition ci on day d,
// whether a trial line's drug helps (catalogue `trial`): if not, the course
// stops at the review that judges it, some weeks later, and the line stays
// reached, so the pathway does not start it again (NICE NG245: a
// leukotriene receptor antagonist for uncontrolled asthma is a trial,
// stopped when it has not helped). Before, every montelukast started went on
// for good and 36% of people with asthma were on it in 2024. A stream of its
// own, keyed by the condition and the day, leaves every other draw unchanged.
func (w *worker) trialStop(per *person, k, ci, li int, d models.Date) {
	t := per.conds[ci].plan.lines[li].Trial
	if t == nil || k < 0 || per.courses[k].forced { // a scenario's drug goes on
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeTrial, uint64(per.conds[ci].plan.idx), uint64(d))
	cr := &per.courses[k]
	if s.Bernoulli(t.Continues) {
		// it helped: withdrawn once the attacks have settled, when the
		// trial says so (migraine prevention is not for life: before
		// session 50 propranolol for migraine was issued to 93 at
		// -n 20000 -s 5); a stream of its own leaves the trial's draws as
		// they were
		if wd := t.Withdrawn; wd[1] > 0 {
			ws := per.stream(w.plan.Opts.Seed, purposeTrialWithdrawal, uint64(per.conds[ci].plan.idx), uint64(d))
			if stop := cr.start + models.Date(between(wd, &ws)); cr.stop == models.NoDate || stop < cr.stop {
				cr.stop = stop
			}
		}
		return
	}
	cr.stop = cr.start + models.Date(t.Days[0]+s.IntN(t.Days[1]-t.Days[0]+1))
}

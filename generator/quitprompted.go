package generator

import "github.com/code4health/cohortgen/models"

// promptedAttempts adds to att[:n] the failed quit attempts of a smoker
// with a condition smoking worsens (catalogue smoking.quit_support
// prompted: COPD), from its diagnosis to end, the last day a failed attempt
// may begin: NICE NG209 (and NG115 for COPD) offer the smoker help to stop
// at every opportunity, the annual review included, and some take the
// medicine (h71d: 137 of 183 people with COPD recorded as smokers had no
// attempt, generate -n 20000 -s 83). The quits stay the smoking history's,
// so these fail. Their days come from a stream of their own, so the other
// attempts' days do not move; the courses of all attempts are then drawn
// in day order from the quit stream, so a prompted attempt moves the draws
// of later courses (of people with COPD only). It returns the new n.
func (w *worker) promptedAttempts(per *person, att []quitAttempt, n int, from, end models.Date) int {
	qp := w.plan.quit
	if len(qp.prompted) == 0 {
		return n
	}
	s := per.stream(w.plan.Opts.Seed, purposeQuitPrompted)
	for _, ci := range qp.prompted {
		k := heldIndex(per, ci)
		if k < 0 {
			continue
		}
		a := max(from, per.conds[k].onset)
		if end <= a {
			continue
		}
		for m := s.Poisson(qp.q.Prompted.PerYear * float64(end-a) / 365.25); m > 0 && n < len(att); m-- {
			att[n], n = quitAttempt{day: a + models.Date(s.IntN(int(end-a)))}, n+1
		}
	}
	return n
}

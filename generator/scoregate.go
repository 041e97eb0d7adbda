package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Risk-score gates (catalogue `score:` on a treatment line): a line, such as
// anticoagulation in AF, starts only when a risk score added up from what
// the record holds on the day calls for it (CHA2DS2-VASc, NICE NG196). The
// score is only computed for people with the condition, at its decisions.

// gated reports whether the condition's first line waits for a risk score.
func gated(c *condPlan) bool {
	return len(c.lines) > 0 && c.lines[0].Score != nil
}

// scoreDue reports whether line li of the person's k-th held condition may
// start on day d: it has no gate, a scenario forces it, or the score on d
// calls for it. The borderline band (men at CHA2DS2-VASc 1) is decided by
// the person's own draw, the same at every review.
func (w *worker) scoreDue(per *person, k, li int, d models.Date) bool {
	hc := &per.conds[k]
	g := hc.plan.lines[li].Score
	if g == nil || hc.forced >= li {
		return true
	}
	sc := w.plan.Cat.Scores[g.Score]
	female := per.sex == sexIndex("female")
	n := sc.Points(per.ageOn(d), female, func(key string) bool {
		j := heldIndex(per, w.plan.condIndex[key])
		return j >= 0 && per.conds[j].onset <= d
	})
	consider := 1.0
	if n < g.OfferAt && n >= g.ConsiderAt {
		s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeScoreConsider, uint64(hc.plan.idx))
		consider = s.Float64()
	}
	return g.Due(n, female, consider)
}

// startWhenDue starts a waiting gated first line once its score is due, at
// a review after the diagnosis (the score rose with age or a new condition).
func (w *worker) startWhenDue(per *person, k int, d models.Date, egfr float64, s *distributions.Stream) {
	hc := &per.conds[k]
	if !hc.waiting || !w.scoreDue(per, k, 0, d) {
		return
	}
	hc.waiting = false
	w.startLine(per, k, 0, d, egfr, s)
}

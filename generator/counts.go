package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/scenario"
)

// countPlan is a scenario condition count compiled: a member has from lo to
// hi of the conditions in of.
type countPlan struct {
	of     []int // condition indexes
	lo, hi int
}

// compileCounts adds a cohort's condition counts. A counted condition the
// cohort is made to have is always counted; one it rules out never is.
func (p *Plan) compileCounts(cp *cohortPlan, counts []scenario.ConditionCount) error {
	for _, c := range counts {
		cnt := countPlan{lo: c.AtLeast, hi: c.AtMost}
		for _, key := range c.Of {
			ci, ok := p.condIndex[key]
			if !ok {
				return fmt.Errorf("unknown condition %q", key)
			}
			cnt.of = append(cnt.of, ci)
		}
		if cnt.lo > cnt.hi || cnt.hi > len(cnt.of) {
			return fmt.Errorf("count %d-%d of %d conditions", cnt.lo, cnt.hi, len(cnt.of))
		}
		cp.counts = append(cp.counts, cnt)
	}
	return nil
}

// countProbs fills q with each counted condition's chance at sex s and age
// a (0 where the model gives it to nobody, or the cohort rules it out) and
// returns how many are held for sure (required, or a medicine's indication).
func (p *Plan) countProbs(cp *cohortPlan, cnt *countPlan, s, a int, q []float64) ([]float64, int) {
	q = q[:0]
	have := 0
	for _, ci := range cnt.of {
		c := &p.conds[ci]
		switch {
		case cp.force[ci]:
			have++
		case cp.block[ci] || a < c.Onset.MinAge:
			q = append(q, 0)
		default:
			q = append(q, min(c.base[s][a]*c.correction, 0.95))
		}
	}
	return q, have
}

// exactly returns r with r[i][j] the chance that exactly j of q[i:] hold,
// the conditions drawn independently (a Poisson-binomial table).
func exactly(q []float64) [][]float64 {
	n := len(q)
	r := make([][]float64, n+1)
	r[n] = make([]float64, n+1)
	r[n][0] = 1
	for i := n - 1; i >= 0; i-- {
		r[i] = make([]float64, n+1)
		for j := 0; j <= n-i; j++ {
			r[i][j] = (1 - q[i]) * r[i+1][j]
			if j > 0 {
				r[i][j] += q[i] * r[i+1][j-1]
			}
		}
	}
	return r
}

// countWeight is the chance that someone of sex s and age a has a count
// in range: the factor the cohort's sex/age sampler is weighted by, as it
// is by each required condition's chance.
func (p *Plan) countWeight(cp *cohortPlan, s, a int) float64 {
	w := 1.0
	var q []float64
	for k := range cp.counts {
		cnt := &cp.counts[k]
		var have int
		q, have = p.countProbs(cp, cnt, s, a, q)
		r := exactly(q)
		sum := 0.0
		for j := max(cnt.lo-have, 0); j <= cnt.hi-have && j <= len(q); j++ {
			sum += r[0][j]
		}
		w *= sum
	}
	return w
}

// chooseCounted decides, for a member, which counted conditions they have:
// the number is drawn from its distribution given the count's range, then
// the conditions one by one given that number (exact conditioning on
// independent draws, no rejection). mark[ci] becomes 1 for a chosen
// condition and -1 for one of the list not chosen.
func (g *worker) chooseCounted(per *person, mark []int8) {
	p := g.plan
	cp := per.cohort
	s := per.stream(p.Opts.Seed, purposeConditions, 1)
	a := min(per.ageAtEnd, maxAge)
	var q []float64
	for k := range cp.counts {
		cnt := &cp.counts[k]
		var have int
		q, have = p.countProbs(cp, cnt, per.sex, a, q)
		r := exactly(q)
		lo, hi := max(cnt.lo-have, 0), min(cnt.hi-have, len(q))
		total := 0.0
		for j := lo; j <= hi; j++ {
			total += r[0][j]
		}
		want := lo
		if total > 0 {
			u := s.Float64() * total
			for want = lo; want < hi && u >= r[0][want]; want++ {
				u -= r[0][want]
			}
		}
		j := 0 // position among the conditions that are not forced
		for _, ci := range cnt.of {
			if cp.force[ci] {
				continue
			}
			take := false
			if want > 0 && r[j][want] > 0 {
				take = s.Float64() < q[j]*r[j+1][want-1]/r[j][want]
			}
			for x := range mark { // never two conditions that exclude each other
				if take && (mark[x] == 1 || cp.force[x]) && p.excludes(x, ci) {
					take = false
				}
			}
			if take {
				mark[ci] = 1
				want--
				for x := range p.conds { // nor drawn beside it

					if mark[x] == 0 && p.excludes(x, ci) {
						mark[x] = -1
					}
				}
			} else {
				mark[ci] = -1
			}
			j++
		}
	}
}

// excludes reports whether conditions a and b exclude each other.
func (p *Plan) excludes(a, b int) bool {
	for _, x := range p.conds[a].excludes {
		if x == b {
			return true
		}
	}
	for _, x := range p.conds[b].excludes {
		if x == a {
			return true
		}
	}
	return false
}

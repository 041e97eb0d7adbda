package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// seasonPlan is a presentation's seasons.yaml month weighting (brief h72d):
// months, January to December, average 1; peak is the largest.
type seasonPlan struct {
	name   string
	months [12]float64
	peak   float64
}

// in is the weight of day d's month.
func (sp *seasonPlan) in(d models.Date) float64 {
	_, m, _ := d.YMD()
	return sp.months[m-1]
}

// resolveSeasons gives each presentation and acute episode of seasons.yaml
// its season, lists those drawn for contacts (no required condition) in
// catalogue order and sums presAgeWeights.
// Before (generate -n 20000 -s 83), every acute presentation was spread
// evenly over the year: 50.2% of bronchiolitis in October-March, 32.7% of
// hay fever in November-February.
func (p *Plan) resolveSeasons() error {
	seasons, err := datasets.LoadSeasons()
	if err != nil {
		return err
	}
	byKey, acuteByKey := map[string]int{}, map[string]int{}
	for i := range p.presentations {
		byKey[p.presentations[i].Key] = i
	}
	for i := range p.acute {
		acuteByKey[p.acute[i].Key] = i
	}
	for _, s := range seasons {
		sp := &seasonPlan{name: s.Name, months: s.Months}
		for _, m := range s.Months {
			sp.peak = max(sp.peak, m)
		}
		for _, k := range s.Presentations {
			i, ok := byKey[k]
			a, isAcute := acuteByKey[k]
			switch {
			case ok:
				p.presentations[i].season = sp
			case isAcute:
				p.acute[a].season = sp
			default:
				return fmt.Errorf("seasons.yaml: %s: %q is neither a presentation nor an acute episode of the catalogue", s.Name, k)
			}
		}
	}
	for i := range p.presentations {
		if p.presentations[i].season != nil && p.presentations[i].requires < 0 {
			p.presSeasonal = append(p.presSeasonal, i)
		}
	}
	p.presAgeWeights()
	return nil
}

// seasonAges is the oldest age in whole years presAtAge holds; older ages
// use it.
const seasonAges = 120

// presAgeWeights sums, per setting, sex and age in whole years, the weight
// of the presentations without a required condition that the age allows
// (min_age, max_age): presentation redraws a pick the age rules out, so a
// seasonal presentation's share of what an infant is seen for is its
// weight over these, not over the band's (bronchiolitis is the band 0-5's
// but only under 2).
func (p *Plan) presAgeWeights() {
	for set := range p.presAtAge {
		for sx := range p.presAtAge[set] {
			for age := 0; age <= seasonAges; age++ {
				band := p.Cat.BandOf(age)
				t := &p.presOpen[set][band][sx]
				var sum float64
				for _, i := range t.index {
					pr := &p.presentations[i]
					if age >= pr.MinAge && (pr.MaxAge == 0 || age <= pr.MaxAge) {
						sum += pr.weights[sx][set][band]
					}
				}
				p.presAtAge[set][sx][age] = sum + t.uncoded
			}
		}
	}
}

// inSeason moves the presentation drawn for a contact on day d (pi, or
// presentation's answer for none) between months by the seasons, keeping
// each one's expected number over the year. Out of its season (a month's
// weight r under 1) a seasonal pick stands with chance r, else the contact
// is about another problem drawn as presentation draws; in its season (r
// above 1) a seasonal presentation of share p of the setting's weight at
// the person's age (presAgeWeights) replaces the pick with chance p(r-1)/(1-p), so that it is drawn with
// chance p·r in that month. Its draws come from a stream of its own, so
// presentation's stream does not move.
func (w *worker) inSeason(per *person, setting, age int, d models.Date, pi int) int {
	p := w.plan
	if len(p.presSeasonal) == 0 {
		return pi
	}
	s := per.stream(p.Opts.Seed, purposeSeason, uint64(d), uint64(setting))
	if pi >= 0 {
		if pr := &p.presentations[pi]; pr.season != nil && pr.requires < 0 && pr.season.in(d) < 1 {
			if s.Bernoulli(pr.season.in(d)) {
				return pi
			}
			return w.outOfSeason(per, setting, age, d, pi, &s)
		}
	}
	band := p.Cat.BandOf(age)
	all := p.presAtAge[setting][per.sex][min(max(age, 0), seasonAges)]
	for _, si := range p.presSeasonal {
		pr := &p.presentations[si]
		r, wt := pr.season.in(d), pr.weights[per.sex][setting]
		if si == pi || r <= 1 || wt == nil || wt[band] == 0 || wt[band] >= all {
			continue
		}
		share := wt[band] / all
		if s.Bernoulli(share*(r-1)/(1-share)) && w.fitsOnDay(per, si, setting, age, d, &s) {
			return si
		}
	}
	return pi
}

// outOfSeason draws another problem for a contact whose seasonal pick pi
// stood down (out of its season) from the problems open to everyone, as
// drawPresentation's first branch does (an exacerbation or an uncoded
// contact is not drawn here; a baby's age turns a pick down, not the
// contact); -1 when none fits in four draws.
func (w *worker) outOfSeason(per *person, setting, age int, d models.Date, pi int, s *distributions.Stream) int {
	open := &w.plan.presOpen[setting][w.plan.Cat.BandOf(age)][per.sex]
	if open.pick == nil {
		return -1
	}
	for k := 0; k < 4; k++ {
		pj := open.index[open.pick.Sample(s)]
		if pj == pi {
			continue
		}
		if sp := w.plan.presentations[pj].season; sp != nil && sp.in(d) < 1 && !s.Bernoulli(sp.in(d)) {
			continue // out of its season too
		}
		if w.fitsOnDay(per, pj, setting, age, d, s) {
			return pj
		}
	}
	return -1
}

// fitsOnDay applies drawPresentation's checks to a problem drawn by the
// seasons: the person's age and episodes, a baby's age in days
// (keptAtInfantAge) and the CRB65 setting.
func (w *worker) fitsOnDay(per *person, pi, setting, age int, d models.Date, s *distributions.Stream) bool {
	return w.presAllowed(per, pi, setting, age, d) && w.apartFromEpisode(per, pi, d) &&
		w.keptAtInfantAge(per, pi, setting, d, s) && w.keptForCRB65(per, pi, setting, age, d, s)
}

// seasonalDay draws the day of an episode drawn at a yearly rate between
// from and to (an acute episode, activity.go; an exacerbation,
// exacerbations.go): dayIn, then, with a season sp, drawn again from a
// stream of its own (keyed by the first day and key) until a day stands
// with its month's weight over the season's peak (at most 64 redraws; the
// last day drawn stands then), so that the days follow the season and the
// year's number is unchanged.
func (w *worker) seasonalDay(per *person, sp *seasonPlan, key uint64, from, to models.Date, s *distributions.Stream) models.Date {
	d := dayIn(from, to, s)
	if sp == nil {
		return d
	}
	own := per.stream(w.plan.Opts.Seed, purposeSeason, uint64(d), key, 1)
	for try := 0; try < 64 && !own.Bernoulli(sp.in(d)/sp.peak); try++ {
		d = dayIn(from, to, &own)
	}
	return d
}

package stats

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// covidFigures measures the verified booster uptake figures of
// immunisations.yaml covid: of the people in an age band on the day the
// campaign opened and alive when the next one opened (the published figure
// counts those alive at the campaign's end), the share with a booster (a
// third or later dose) in between. A campaign not over by the as-of date is
// not measured.
func covidFigures(rep *Report, im *datasets.Immunisations, people map[string]*person, boosters map[string][]models.Date, asOf models.Date) {
	bs := im.Covid.Boosters
	for i := range bs {
		b := &bs[i]
		opens := b.Opens.Date()
		ends := asOf + 1
		if i+1 < len(bs) {
			ends = bs[i+1].Opens.Date()
		}
		if ends > asOf+1 {
			continue
		}
		for k, u := range b.Uptake {
			if u.Status != "verified" {
				continue
			}
			var den, num int64
			for id, p := range people {
				a := ageAt(p, opens)
				if a < u.FromAge || (k > 0 && a >= b.Uptake[k-1].FromAge) || (p.death != models.NoDate && p.death < ends) {
					continue
				}
				den++
				for _, d := range boosters[id] {
					if d >= opens && d < ends {
						num++
						break
					}
				}
			}
			band := fmt.Sprintf("aged %d and over", u.FromAge)
			if k > 0 {
				band = fmt.Sprintf("aged %d-%d", u.FromAge, b.Uptake[k-1].FromAge-1)
			}
			rep.add(immunisationFigure("adult immunisation", "COVID-19 "+b.Name+" booster, "+band, num, den, u.Pct, b.Source, u.Status))
		}
	}
}

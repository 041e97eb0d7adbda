package stats

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Indirect standardisation. A published figure (QOF prevalence, activity per
// person-year) describes all of England. A scenario population that is only
// 65 and over, or has its own age bands, should not be compared with it: the
// reference is what the published age/sex pattern predicts for the
// population's own age and sex mix,
//
//	expected = published × mean(pattern over the dataset's mix) / mean(pattern over ONS England)
//
// so a dataset with England's mix gets the published figure itself. The
// catalogue has no regional variation in prevalence or activity, so a
// region's mix changes no expectation (region is not a factor here).

// maxAge is the last single year of age the ONS weights spread 90+ over.
const maxAge = 105

// ageSexMix counts people (or person-years) by sex (0 female, 1 male) and
// single year of age.
type ageSexMix [2][]float64

func newMix() ageSexMix {
	return ageSexMix{make([]float64, maxAge+1), make([]float64, maxAge+1)}
}

func (m ageSexMix) add(male bool, age int, w float64) {
	s := 0
	if male {
		s = 1
	}
	m[s][min(max(age, 0), maxAge)] += w
}

// onsMix is England's population, ONS mid-2023.
func onsMix() ageSexMix { return ageSexMix(datasets.PopulationByAge(maxAge)) }

// mean is the average of pattern over the mix, among ages in; ok is false
// when the mix has no one there.
func (m ageSexMix) mean(pattern func(s, age int) float64, in func(age int) bool) (v float64, ok bool) {
	var num, den float64
	for s := range m {
		for a, n := range m[s] {
			if n == 0 || !in(a) {
				continue
			}
			num += n * pattern(s, a)
			den += n
		}
	}
	if den == 0 {
		return 0, false
	}
	return num / den, true
}

// standardise returns published moved to the mix by pattern (see above).
// It returns published unchanged when the pattern predicts nothing for
// England or the mix has no one in the ages.
func standardise(published float64, pattern func(s, age int) float64, in func(age int) bool, mix, ons ageSexMix) float64 {
	got, ok := mix.mean(pattern, in)
	want, _ := ons.mean(pattern, in)
	if !ok || want == 0 {
		return published
	}
	return published * got / want
}

// livingMix is the age/sex mix of living people on asOf.
func livingMix(alive []*person, asOf models.Date) ageSexMix {
	m := newMix()
	for _, p := range alive {
		m.add(p.male, ageAt(p, asOf), 1)
	}
	return m
}

// personYearsMix is the mix of person-years lived in the history window,
// each year of a person's life counted at the age they were in it.
func personYearsMix(people []*person, opts Options) ageSexMix {
	m := newMix()
	for _, p := range people {
		eachYear(p, opts, func(age int, years float64) { m.add(p.male, age, years) })
	}
	return m
}

// eachYear splits the part of the history window a person lived into
// years, giving each its length in years and the person's age in its middle.
func eachYear(p *person, opts Options, fn func(age int, years float64)) {
	from, to := window(p, opts)
	for t := from; t <= to; t += 365 {
		end := min(t+364, to)
		fn(models.YearsBetween(p.birth, t+(end-t)/2), float64(end-t+1)/365.25)
	}
}

// bySexPattern reads a catalogue curve by band and sex as a pattern.
func bySexPattern(cat *datasets.Catalogue, b datasets.BySex) func(s, age int) float64 {
	return func(s, age int) float64 {
		return b.For([2]string{"female", "male"}[s])[cat.BandOf(age)]
	}
}

// referenceCurves are, per catalogue condition, its reference prevalence
// (a share) by sex and single year of age: the published age/sex shape
// scaled so that over ONS England, within the register's ages, it gives the
// published total (capped at 95%, zero below the onset age). The generator
// starts from the same curve.
func referenceCurves(cat *datasets.Catalogue) [][2][]float64 {
	pop := datasets.PopulationByAge(maxAge)
	out := make([][2][]float64, len(cat.Conditions))
	for ci, c := range cat.Conditions {
		var num, den float64
		for s, sex := range []string{"female", "male"} {
			shape := c.Shape.For(sex)
			for age, n := range pop[s] {
				if c.TargetDenominator == "all" || age >= c.RegisterMinAge {
					den += n
				}
				if age >= c.RegisterMinAge {
					num += n * shape[cat.BandOf(age)]
				}
			}
		}
		scale := c.Target / 100 * den / max(num, 1e-12)
		for s, sex := range []string{"female", "male"} {
			shape := c.Shape.For(sex)
			out[ci][s] = make([]float64, maxAge+1)
			for age := c.Onset.MinAge; age <= maxAge; age++ {
				out[ci][s][age] = min(0.95, scale*shape[cat.BandOf(age)])
			}
		}
	}
	return out
}

package stats

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// comorbidityFigures shows, among the living, the share of people with one
// condition who have another, beside the published share, and the lift over
// people without the index condition (1 would mean independence).
func comorbidityFigures(rep *Report, cat *datasets.Catalogue, alive []*person, asOf models.Date) {
	bit := map[string]uint64{}
	for i, c := range cat.Conditions {
		bit[c.Key] = 1 << i
	}
	for _, t := range cat.ComorbidityTargets {
		ib, cb := bit[t.Index], bit[t.Comorbid]
		var with, both, without, comorbidOnly int64
		for _, p := range alive {
			if p.conds&ib != 0 {
				with++
				if p.conds&cb != 0 {
					both++
				}
			} else if ageAt(p, asOf) >= 18 {
				without++
				if p.conds&cb != 0 {
					comorbidOnly++
				}
			}
		}
		share := 100 * float64(both) / float64(max(with, 1))
		lift := share / max(100*float64(comorbidOnly)/float64(max(without, 1)), 1e-9)
		rep.add(Figure{Group: "comorbidity", Name: fmt.Sprintf("%s among %s (lift %.1fx vs adults without)", t.Comorbid, t.Index, lift),
			Unit: "%", Value: share, Reference: t.Percent, N: with, Lift: lift, Source: t.Source})
	}
	var all uint64
	for _, b := range bit {
		all |= b
	}
	for _, t := range cat.MultimorbidityTargets {
		var den, num int64
		for _, p := range alive {
			if a := ageAt(p, asOf); a >= t.MinAge && a <= t.MaxAge {
				den++
				if bits.OnesCount64(p.conds&all) >= 2 {
					num++
				}
			}
		}
		name := fmt.Sprintf("2+ catalogue conditions, ages %d-%d", t.MinAge, t.MaxAge)
		if t.MaxAge >= 200 {
			name = fmt.Sprintf("2+ catalogue conditions, ages %d+", t.MinAge)
		}
		rep.add(Figure{Group: "multimorbidity", Name: name, Unit: "%", Value: 100 * float64(num) / float64(max(den, 1)),
			Reference: t.Percent, N: den, Source: t.Source})
	}
}

// window returns the part of the history window a patient lived in.
func window(p *person, opts Options) (from, to models.Date) {
	start := models.DateOf(opts.AsOf.Time().AddDate(-opts.HistoryYears, 0, 0))
	from, to = max(start, p.birth), opts.AsOf
	if p.death != models.NoDate {
		to = min(to, p.death)
	}
	return from, to
}

// activityFigures compares encounters per person-year in the history window
// with the published English rates.
func activityFigures(rep *Report, cat *datasets.Catalogue, dir string, people map[string]*person, opts Options) error {
	var personYears float64
	for _, p := range people {
		from, to := window(p, opts)
		if to >= from {
			personYears += float64(to-from+1) / 365.25
		}
	}
	counts := map[string]int64{}
	err := eachRow(dir, models.TableEncounters, func(r *encounterRow) {
		switch {
		case r.Setting == "gp":
			counts["gp"]++
		case r.Class == "EMER":
			counts["ae"]++
		case r.Setting == "outpatient":
			counts["outpatient"]++
		case r.Setting == "inpatient" && len(r.AdmissionMethod) > 0 && r.AdmissionMethod[0] == '2':
			counts["emergency_admission"]++
		case r.Setting == "inpatient":
			counts["elective_admission"]++
		}
	})
	if err != nil {
		return err
	}
	for _, t := range cat.Activity.Targets {
		rep.add(Figure{Group: "activity", Name: t.Name + " per person-year", Unit: "/yr",
			Value: float64(counts[t.Key]) / max(personYears, 1e-9), Reference: t.PerPersonYear, N: counts[t.Key],
			SE:        math.Sqrt(float64(counts[t.Key])) / max(personYears, 1e-9),
			Tolerance: tolIf(counts[t.Key], activityTolerance), Source: t.Source})
	}
	return nil
}

// mortalityFigures compares deaths per person-year by age band with the ONS
// life table, weighted by the ONS population within each band.
func mortalityFigures(rep *Report, people map[string]*person, opts Options) {
	bands := []struct{ lo, hi int }{{0, 44}, {45, 64}, {65, 74}, {75, 84}, {85, 200}}
	bandOf := func(age int) int {
		for i, b := range bands {
			if age <= b.hi {
				return i
			}
		}
		return len(bands) - 1
	}
	years := make([]float64, len(bands))
	deaths := make([]int64, len(bands))
	for _, p := range people {
		from, to := window(p, opts)
		for t := from; t <= to; t += 365 {
			end := min(t+364, to)
			mid := t + (end-t)/2
			years[bandOf(models.YearsBetween(p.birth, mid))] += float64(end-t+1) / 365.25
		}
		if p.death != models.NoDate && p.death >= from {
			deaths[bandOf(models.YearsBetween(p.birth, p.death))]++
		}
	}
	// Reference: life-table qx averaged over each band with ONS weights
	// (the 90+ group spread over single years as the generator does).
	refNum := make([]float64, len(bands))
	refDen := make([]float64, len(bands))
	pop := datasets.PopulationByAge(105)
	for s, sex := range []string{"female", "male"} {
		for age, n := range pop[s] {
			b := bandOf(age)
			refNum[b] += n * datasets.DeathProbability(age, sex)
			refDen[b] += n
		}
	}
	for i, b := range bands {
		name := fmt.Sprintf("deaths per 1,000 person-years, ages %d-%d", b.lo, b.hi)
		if b.hi >= 200 {
			name = fmt.Sprintf("deaths per 1,000 person-years, ages %d+", b.lo)
		}
		rep.add(Figure{Group: "mortality", Name: name, Unit: "/1000/yr",
			Value: 1000 * float64(deaths[i]) / max(years[i], 1e-9), Reference: 1000 * refNum[i] / refDen[i],
			SE: 1000 * math.Sqrt(float64(deaths[i])) / max(years[i], 1e-9),
			N:  deaths[i], Tolerance: tolIf(deaths[i], mortalityTolerance), Source: "ONS national life tables 2020-22 (approx qx)"})
	}
}

// ageBands for prevalence by age.
var ageBands = []struct{ lo, hi int }{{0, 15}, {16, 44}, {45, 64}, {65, 74}, {75, 84}, {85, 200}}

// prevalenceByAgeFigures shows each condition's prevalence by age band beside
// the catalogue's reference curve for that band: the published age/sex shape
// scaled to the published total, averaged over the ONS population in the band.
func prevalenceByAgeFigures(rep *Report, cat *datasets.Catalogue, alive []*person, asOf models.Date) {
	pop := datasets.PopulationByAge(105)
	for ci, c := range cat.Conditions {
		// scale the shape to the target over the register ages
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
		scale := c.Target / 100 * den / num
		for _, b := range ageBands {
			var refNum, refDen float64
			for s, sex := range []string{"female", "male"} {
				shape := c.Shape.For(sex)
				for age := b.lo; age <= min(b.hi, 105); age++ {
					refDen += pop[s][age]
					if age >= c.Onset.MinAge {
						refNum += pop[s][age] * min(0.95, scale*shape[cat.BandOf(age)])
					}
				}
			}
			var n, have int64
			for _, p := range alive {
				if a := ageAt(p, asOf); a >= b.lo && a <= b.hi {
					n++
					if p.conds&(1<<ci) != 0 {
						have++
					}
				}
			}
			name := fmt.Sprintf("%s, ages %d-%d", c.Key, b.lo, b.hi)
			if b.hi >= 200 {
				name = fmt.Sprintf("%s, ages %d+", c.Key, b.lo)
			}
			rep.add(Figure{Group: "prevalence by age", Name: name, Unit: "%",
				Value: 100 * float64(have) / float64(max(n, 1)), SE: percentSE(have, n),
				Reference: 100 * refNum / max(refDen, 1), N: have, Source: c.Source})
		}
	}
}

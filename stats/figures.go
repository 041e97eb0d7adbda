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
			Unit: "%", Value: share, Reference: t.Percent, N: with, Lift: lift, Source: t.Source,
			SE: percentSE(both, with), Tolerance: tolIf(both, shownTolerance), Advisory: true, Note: comorbidityNote})
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
			Reference: t.Percent, N: den, Source: t.Source, SE: percentSE(num, den),
			Tolerance: tolIf(num, shownTolerance), Advisory: true, Note: multimorbidityNote})
	}
}

// window returns the part of the history window a patient lived in.
func window(p *person, opts Options) (from, to models.Date) {
	start := opts.HistoryStart
	if start == models.NoDate {
		start = models.DateOf(opts.AsOf.Time().AddDate(-opts.HistoryYears, 0, 0))
	}
	from, to = max(start, p.birth), opts.AsOf
	if p.death != models.NoDate {
		to = min(to, p.death)
	}
	return from, to
}

// activityPattern is the catalogue's expected rate, per person-year, of one
// activity target's encounters at each sex and age: the background rate,
// raised by the chronic conditions expected at that age (referenceCurves)
// as the generator raises it, plus chronic reviews and acute episodes for
// GP and A&E, and the emergency admissions that arrive through A&E. Only its
// shape matters: standardise scales it to the published England figure. It
// is the model's age gradient (approx), as no age breakdown is published
// beside the totals.
func activityPattern(cat *datasets.Catalogue, curves [][2][]float64, key string) (func(s, age int) float64, bool) {
	act := &cat.Activity
	held := func(s, age int) (n, reviews float64) {
		for ci, c := range cat.Conditions {
			n += curves[ci][s][age]
			reviews += curves[ci][s][age] * float64(c.Reviews.PerYear)
		}
		return n, reviews
	}
	acute := func(setting string, age int) float64 {
		v := 0.0
		for _, a := range cat.Acute {
			if a.Setting == setting {
				v += a.Rate[cat.BandOf(age)]
			}
		}
		return v
	}
	rate := func(b datasets.BySex, s, age int) float64 { return bySexPattern(cat, b)(s, age) }
	switch key {
	case "gp":
		return func(s, age int) float64 {
			n, reviews := held(s, age)
			return rate(act.GPOther, s, age)*(1+act.GPPerConditionMultiplier*n) + reviews + acute("gp", age)
		}, true
	case "outpatient":
		return func(s, age int) float64 {
			n, _ := held(s, age)
			return rate(act.Outpatient, s, age) * (1 + act.PerConditionMultiplier*n)
		}, true
	case "ae":
		return func(s, age int) float64 {
			return rate(act.AEOther, s, age) + acute("ae", age) + act.EmergencyViaAE*rate(act.EmergencyAdmission, s, age)
		}, true
	case "emergency_admission":
		return bySexPattern(cat, act.EmergencyAdmission), true
	case "elective_admission":
		return bySexPattern(cat, act.ElectiveAdmission), true
	}
	return nil, false
}

// activityFigures compares encounters per person-year in the history window
// with the published English rates, moved to the population's age/sex mix
// of person-years.
func activityFigures(rep *Report, cat *datasets.Catalogue, curves [][2][]float64, dir string, people map[string]*person,
	everyone []*person, opts Options) error {
	mix, ons := personYearsMix(everyone, opts), onsMix()
	var personYears float64
	for s := range mix {
		for _, y := range mix[s] {
			personYears += y
		}
	}
	counts := map[string]int64{}
	err := eachRow(dir, models.TableEncounters, func(r *encounterRow) {
		p := people[r.PatientID]
		if p == nil {
			return // a scenario cohort member
		}
		if from, _ := window(p, opts); r.StartTime.Date() < from {
			return // the review before the window that authorised repeats in force when it opened
		}
		switch {
		case r.Setting == "gp" && r.PractitionerID == "":
			// a screening programme's letter filed: no one saw the patient,
			// not an appointment (workforce.yaml screening_result)
		case r.Setting == "gp":
			counts["gp"]++
		case r.Class == "EMER":
			counts["ae"]++
		case r.Setting == "outpatient":
			counts["outpatient"]++
		case r.Setting == "inpatient" && len(r.AdmissionMethod) > 0 && r.AdmissionMethod[0] == '2':
			counts["emergency_admission"]++
		case r.Setting == "inpatient" && len(r.AdmissionMethod) > 0 && r.AdmissionMethod[0] == '3':
			// a maternity admission (NHS Data Dictionary 31/32): neither
			// elective nor emergency in NHS England's counts
			counts["maternity_admission"]++
		case r.Setting == "inpatient":
			counts["elective_admission"]++
		}
	})
	if err != nil {
		return err
	}
	allAges := func(int) bool { return true }
	for _, t := range cat.Activity.Targets {
		f := Figure{Group: "activity", Name: t.Name + " per person-year", Unit: "/yr",
			Value: float64(counts[t.Key]) / max(personYears, 1e-9), N: counts[t.Key],
			SE:        math.Sqrt(float64(counts[t.Key])) / max(personYears, 1e-9),
			Tolerance: tolIf(counts[t.Key], activityTolerance), Source: t.Source}
		expected := t.PerPersonYear
		if pattern, ok := activityPattern(cat, curves, t.Key); ok {
			expected = standardise(t.PerPersonYear, pattern, allAges, mix, ons)
		}
		if t.Shown != "" {
			f.Tolerance, f.Note = 0, t.Shown
		} else if opts.Population != nil {
			// England's figure is a total: moved to a population of some
			// ages only, it rests on the model's age gradient alone
			// (activityPattern, approx), so it is shown, not checked, as
			// every approx reference is (stop 70: frailty-polypharmacy's
			// 65+ read 16% above it as the model's care added contacts)
			f.Advisory, f.Note = true, "shown, not checked: a population of some ages only is compared through the model's age gradient (approx; no age breakdown is published)"
		}
		f.setExpected(t.PerPersonYear, expected)
		rep.add(f)
	}
	return nil
}

// mortalityFigures compares deaths per person-year by age band with the ONS
// life table, weighted by the ONS population within each band.
func mortalityFigures(rep *Report, people []*person, opts Options) {
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
		eachYear(p, opts, func(age int, y float64) { years[bandOf(age)] += y })
		if from, _ := window(p, opts); p.death != models.NoDate && p.death >= from {
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
// the catalogue's reference curve for that band (referenceCurves), averaged
// over the population's own people in the band.
func prevalenceByAgeFigures(rep *Report, cat *datasets.Catalogue, curves [][2][]float64, alive []*person, asOf models.Date) {
	mix := livingMix(alive, asOf)
	bit := map[string]int{}
	for i, c := range cat.Conditions {
		bit[c.Key] = i
	}
	for ci, c := range cat.Conditions {
		if c.FromHealthCheck {
			continue // no reference curve: a health check brings it, not a prevalence
		}
		var excluded uint64 // held with a condition that rules it out: not on its register (as prevalenceFigures)
		for _, x := range c.Excludes {
			excluded |= 1 << bit[x]
		}
		for _, b := range ageBands {
			inBand := func(age int) bool { return age >= b.lo && age <= b.hi }
			ref, ok := mix.mean(func(s, age int) float64 { return curves[ci][s][age] }, inBand)
			if !ok {
				continue // no one of these ages
			}
			var n, have int64
			for _, p := range alive {
				if a := ageAt(p, asOf); a >= b.lo && a <= b.hi {
					n++
					if p.conds&(1<<ci) != 0 && p.conds&excluded == 0 {
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
				Reference: 100 * ref, N: have, Source: c.Source,
				Tolerance: tolIf(have, shownTolerance), Advisory: true, Note: byAgeNote})
		}
	}
}

// Figures that are shown, not checked, are still compared with a tolerance
// so that a reader (and the summary line) sees how far off they are. They
// cannot fail, for the reasons in their notes.
const (
	shownTolerance     = 0.10
	byAgeNote          = "shown, not checked: the age/sex shapes behind the by-age references are approx (only each register's total is published)"
	comorbidityNote    = "shown, not checked: the published shares are approx, from audits and cohort studies rather than all of England's registers"
	multimorbidityNote = "shown, not checked: the published studies count other and more conditions than the catalogue holds (approx)"
)

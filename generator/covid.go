package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// progCovid is the programme column of COVID-19 vaccinations.
const progCovid = "covid19"

// covidPlan is immunisations.yaml covid resolved once per run: dates as
// days and uptakes as thresholds on the person's latent propensity.
type covidPlan struct {
	c         *datasets.Covid
	start     models.Date
	waves     []covidWave
	riskOpens models.Date
	zRisk     float64
	pSecond   float64
	rho       float64
	immuno    []bool // by condition index: stands for immunosuppression
	products  []covidProduct
	def       covidProduct
	boosters  []covidBooster
	primaryZ  []float64 // every primary course threshold a person can have
}

type covidWave struct {
	fromAge int
	opens   models.Date
	z       float64
	// second dose: not before secondOpens, at least secondMin days after
	// the first (0: the programme's interval)
	secondOpens models.Date
	secondMin   int
}

type covidProduct struct {
	codes       vaccineCodes // product only: the procedure follows the dose number
	from, until models.Date
	minAge      int
	share       float64
	primaryOnly bool
}

type covidBooster struct {
	b     *datasets.CovidBooster
	opens models.Date
	// z[g][k] is the threshold for uptake band k (len(b.Uptake): the risk
	// uptake) of a person whose primary course threshold was primaryZ[g].
	z [][]float64
}

func (p *Plan) buildCovid(im *datasets.Immunisations) {
	c := &im.Covid
	cp := &p.imm.covid
	*cp = covidPlan{c: c, start: c.ProgrammeStart.Date(), riskOpens: c.RiskOpens.Date(), zRisk: probit(c.RiskUptake),
		pSecond: c.SecondDose / 100, rho: math.Sqrt(c.PersonCorrelation)}
	for _, w := range c.Waves {
		cw := covidWave{fromAge: w.FromAge, opens: w.Opens.Date(), z: probit(w.Uptake), secondMin: w.SecondMinDays}
		if !w.SecondOpens.IsZero() {
			cw.secondOpens = w.SecondOpens.Date()
		}
		cp.waves = append(cp.waves, cw)
	}
	cp.immuno = make([]bool, len(p.conds))
	for _, k := range c.ImmunosuppressedWith {
		cp.immuno[p.condIndex[k]] = true
	}
	product := func(key string) vaccineCodes {
		v := im.Vaccines[key]
		return codesOf(key, &v, 1, false)
	}
	cp.def = covidProduct{codes: product(c.DefaultProduct), share: 100}
	for _, pr := range c.Products {
		cp.products = append(cp.products, covidProduct{codes: product(pr.Vaccine), from: pr.From.Date(), until: pr.Until.Date(),
			minAge: pr.MinAge, share: pr.Share, primaryOnly: pr.PrimaryOnly})
	}
	// A person's primary course threshold is their group's, the risk
	// group's, or the higher of the two.
	for _, w := range cp.waves {
		cp.primaryZ = append(cp.primaryZ, w.z, max(w.z, cp.zRisk))
	}
	cp.primaryZ = append(cp.primaryZ, cp.zRisk)
	corr := c.PersonCorrelation // of two draws sharing the propensity
	// Most pairs of a primary threshold and an uptake recur (a wave's
	// threshold is often also its risk-group one, and campaigns repeat their
	// uptakes), and each solve is a fixed cost of every run (1.2% of a
	// 20,000-patient run's CPU, stop 58): solved once a pair.
	solved := map[[2]float64]float64{}
	zFor := func(za, pct float64) float64 {
		z, ok := solved[[2]float64{za, pct}]
		if !ok {
			z = boosterZ(za, pct, corr, cp.pSecond)
			solved[[2]float64{za, pct}] = z
		}
		return z
	}
	for i := range c.Boosters {
		b := &c.Boosters[i]
		cb := covidBooster{b: b, opens: b.Opens.Date()}
		for _, za := range cp.primaryZ {
			row := make([]float64, len(b.Uptake)+1)
			for k, u := range b.Uptake {
				row[k] = zFor(za, u.Pct)
			}
			row[len(b.Uptake)] = zFor(za, b.RiskUptake)
			cb.z = append(cb.z, row)
		}
		cp.boosters = append(cp.boosters, cb)
	}
}

// primaryIndex is the index of z in primaryZ.
func (cp *covidPlan) primaryIndex(z float64) int {
	for g, x := range cp.primaryZ {
		if x == z {
			return g
		}
	}
	return len(cp.primaryZ) - 1
}

// covidVaccination gives the primary course to a person in the priority
// group their age (or clinical risk) puts them in, then the boosters of
// the campaigns they are eligible for. Whether a person comes forward is a
// habit: one propensity, correlated from dose to dose.
func (w *worker) covidVaccination(per *person) {
	cp := &w.plan.imm.covid
	if per.lastDay < cp.start {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeCovid)
	own := s.Normal()
	comes := func(z float64) bool { return cp.rho*own+math.Sqrt(1-cp.rho*cp.rho)*s.Normal() < z }

	var opens models.Date
	var group *covidWave // the age group that called the person, nil: the risk group
	z, reason := math.Inf(-1), ""
	for i, wv := range cp.waves { // the first group whose age the person has reached when it opens
		if per.ageOn(wv.opens) >= wv.fromAge {
			opens, z, group = wv.opens, wv.z, &cp.waves[i]
			break
		}
	}
	if r := w.fluRisk(per, cp.riskOpens); r != "" && per.ageOn(cp.riskOpens) >= cp.c.RiskMinAge && (opens == 0 || cp.riskOpens < opens) {
		opens, z, reason, group = cp.riskOpens, max(z, cp.zRisk), r, nil
	}
	doses, last, g := 0, models.Date(0), cp.primaryIndex(z)
	if opens != 0 && comes(z) {
		day := opens + models.Date(s.IntN(cp.c.SpreadDays))
		prod := cp.product(per.ageOn(day), day, true, &s)
		if d, ok := w.giveCovid(per, day, 1, prod, reason, &s); ok {
			doses, last = 1, d
			if s.Bernoulli(cp.pSecond) {
				gap := cp.c.SecondDoseMinDays + s.IntN(cp.c.SecondDoseMaxDays-cp.c.SecondDoseMinDays+1)
				second := last + models.Date(gap)
				if group != nil && group.secondOpens != 0 { // a teenager's second dose waited for the advice
					second = max(last+models.Date(group.secondMin+gap-cp.c.SecondDoseMinDays), group.secondOpens+models.Date(s.IntN(cp.c.SpreadDays)))
				}
				if d, ok := w.giveCovid(per, second, 2, prod, reason, &s); ok {
					doses, last = 2, d
				}
			}
		}
	}
	for i := range cp.boosters {
		b := &cp.boosters[i]
		age := per.ageOn(b.opens)
		band, why := -1, ""
		if age >= b.b.MinAge && (b.b.MaxAge == 0 || age <= b.b.MaxAge) {
			band = b.b.BandAt(age)
		} else if r := w.fluRisk(per, b.opens); b.b.Risk && r != "" && age >= cp.c.RiskMinAge {
			band, why = len(b.b.Uptake), r
		} else if r := w.immunosuppressed(per, b.opens); b.b.Immunosuppressed && r != "" && age >= cp.c.RiskMinAge {
			band, why = len(b.b.Uptake), r
		}
		// A booster follows the primary course: those who did not finish it
		// are not called for one.
		if band < 0 || doses < 2 || !comes(b.z[g][band]) {
			continue
		}
		day := max(b.opens+models.Date(s.IntN(cp.c.CampaignDays)), last+models.Date(b.b.MinGapDays))
		if d, ok := w.giveCovid(per, day, doses+1, cp.product(age, day, false, &s), why, &s); ok {
			doses, last = doses+1, d
		}
	}
}

// product picks the vaccine given on day to a person of age: the first
// rule in force wins its share of doses, the rest have the default.
func (cp *covidPlan) product(age int, day models.Date, primary bool, s *distributions.Stream) *covidProduct {
	for i := range cp.products {
		p := &cp.products[i]
		if (p.primaryOnly && !primary) || day < p.from || (p.until != 0 && day >= p.until) || age < p.minAge {
			continue
		}
		if s.Float64()*100 < p.share {
			return p
		}
	}
	return &cp.def
}

// giveCovid records dose n of the product on day (the next working day, or
// the day after a hospital stay that day falls in) and returns the day it
// was given. The doses were given by the primary care network's vaccination
// site, a pharmacy or a vaccination centre and reported to the practice, not
// at a practice appointment (NHS England's GP appointment figures leave
// them out), so the record has no GP visit for them. A dose before the
// history window was given but is not in the record; one after the last day
// was not given.
func (w *worker) giveCovid(per *person, day models.Date, n int, prod *covidProduct, reason string, s *distributions.Stream) (models.Date, bool) {
	day = nextWorkingDay(day)
	for stayOn(per, day) {
		day = nextWorkingDay(day + 1)
	}
	if day > per.lastDay {
		return 0, false
	}
	if day < per.firstDay {
		return day, true
	}
	cv := w.plan.imm.covid.c
	c := prod.codes
	c.proc, c.procDisp = cv.Procedure[0], cv.Procedure[1]
	if n <= len(cv.DoseProcedures) {
		c.proc, c.procDisp = cv.DoseProcedures[n-1][0], cv.DoseProcedures[n-1][1]
	}
	w.giveVaccineAt(per, day, progCovid, c, int64(n), reason, true, s)
	return day, true
}

// immunosuppressed returns the problem-list row of a condition standing for
// immunosuppression held on day d, or "".
func (w *worker) immunosuppressed(per *person, d models.Date) string {
	for k := range per.conds {
		c := &per.conds[k]
		if w.plan.imm.covid.immuno[c.plan.idx] && c.onset <= d && c.id != "" {
			return c.id
		}
	}
	return ""
}

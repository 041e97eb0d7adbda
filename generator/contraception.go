package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// contraceptionPlan is contraception.yaml with the UKMEC criteria of
// prescribing.yaml, resolved once per run.
type contraceptionPlan struct {
	c         *datasets.Contraception
	course    *issuedCourse
	startPick *distributions.Alias // the band of the starting age
}

// buildContraception resolves the methods against the medicine plans.
func (p *Plan) buildContraception() error {
	c, err := datasets.ContraceptionModel()
	if err != nil {
		return err
	}
	hc, err := p.buildHormoneCourse("contraception.yaml", c.Methods, c.SwitchTo, contactPillCheck)
	if err != nil {
		return err
	}
	cp := &contraceptionPlan{c: c, course: hc}
	w := make([]float64, len(c.StartAges))
	for i, b := range c.StartAges {
		w[i] = b.Pct
	}
	cp.startPick = distributions.NewAlias(w)
	p.contraception = cp
	return nil
}

// drawContraception draws a woman's episode of practice-prescribed hormonal
// contraception, if she has one: from a drawn starting age for a drawn
// number of years, the method first chosen. Drawn before her pregnancies
// (none begins on a long-acting method: pregnancy.go), written later
// (contraception). Draws from a stream of its own.
func (w *worker) drawContraception(per *person) {
	cp := w.plan.contraception
	if cp == nil || per.sex != sexIndex("female") {
		return
	}
	c := cp.c
	s := per.stream(w.plan.Opts.Seed, purposeContraception)
	if s.Float64()*100 >= c.EverPct {
		return
	}
	per.ageOn(per.firstDay) // the birthday table
	band := cp.startPick.Sample(&s)
	hi := c.StartUntilAge
	if band+1 < len(c.StartAges) {
		hi = c.StartAges[band+1].FromAge
	}
	from, to := per.birthday(c.StartAges[band].FromAge), per.birthday(hi)
	start := from + models.Date(s.IntN(int(to-from)))
	end := start + models.Date(min(s.LogNormal(math.Log(c.YearsMedian), c.YearsLogSD), c.YearsMax)*365.25)
	k := cp.course.pick.Sample(&s)
	if start > per.lastDay || end < per.firstDay {
		return
	}
	per.contra = contraDraw{ok: true, start: start, end: end, k: k, s: s}
}

// contraception writes the woman's episode of contraception drawn
// (drawContraception): a method issued at a visit that records its checks
// (blood pressure and BMI before the combined pill), each issue allowed
// only if UKMEC and the product's age limit allow it on the day; a method
// ruled out (the combined pill at 50, for a smoker from 35, at a BMI of 35
// or a blood pressure of 140/90, with cardiovascular disease) is switched to
// the progestogen-only pill at the visit that finds it (hormonecourse.go).
// A pregnancy stops it from her last period to the postnatal check, or the
// weeks after a loss (pregnancy.go), when it starts again with a first
// supply; the visit that restarts it after a birth is her postnatal check.
func (w *worker) contraception(per *person) {
	cd := &per.contra
	if !cd.ok {
		return
	}
	cp := w.plan.contraception
	c := cp.c
	start, end := cd.start, cd.end
	problem := func(visit models.Date, encID string) int {
		return w.courseProblem(per, &c.Indication, start, visit, encID)
	}
	condRow, lastRx, from, check := -1, -1, start, -1
	run := func(to models.Date) { // from to to; the first visit is pregnancy check's postnatal check
		if to <= from {
			return
		}
		e0 := len(w.b.Encounters)
		row, rx := w.course(per, cp.course, cd.k, from, to, 0, condRow, problem, &cd.s)
		condRow = row
		if rx >= 0 {
			lastRx = rx
		}
		if check >= 0 && len(w.b.Encounters) > e0 && w.b.Encounters[e0].Setting == settingGP {
			per.pregnancies[check].checkEnc = w.b.Encounters[e0].EncounterID
		}
	}
	// pregnancies and long-acting methods issued for another reason pause
	// it (contraceptionpause.go)
	for _, g := range w.contraGaps(per) {
		if g.from >= end {
			break
		}
		if g.to <= from {
			continue
		}
		run(min(g.from, end))
		from, check = max(from, g.to), g.check
		if g.open {
			from = end // still pregnant on the last day
		}
	}
	run(end)
	w.resolveAfterCourse(per, condRow, lastRx)
	w.resolveAfterLastVisit(per, condRow)
}

// resolveAfterLastVisit keeps a resolved episode open to its last visit: a
// run after a pause (a pregnancy or a device fitted for another reason,
// contraceptionpause.go) can book a visit about the method that issues
// nothing (the method no longer allowed), after the last issue that
// resolved it (a visit about contraception five years after it ended:
// TestVisitsFollowTheirReason, fx65c at the merge).
func (w *worker) resolveAfterLastVisit(per *person, condRow int) {
	if condRow < 0 {
		return
	}
	c := &w.b.Conditions[condRow]
	if c.ResolvedDate == models.NoDate {
		return
	}
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if e := &w.b.Encounters[i]; e.ReasonConditionID == c.ConditionID {
			if d := e.StartTime.Date(); d >= c.ResolvedDate {
				c.ResolvedDate = d + 1
				if c.ResolvedDate > per.lastDay || per.death != models.NoDate && c.ResolvedDate >= per.death {
					c.ResolvedDate = models.NoDate // still open when the record ends
					return
				}
			}
		}
	}
}

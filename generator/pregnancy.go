package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// pregnancyPlan is pregnancy.yaml resolved once per run: the contraception
// methods no pregnancy begins on (the medicines never issued in a pregnancy,
// prescribing.yaml pregnancy, are marked on their plans: notInPregnancy).
type pregnancyPlan struct {
	p          *datasets.Pregnancy
	longActing []int             // contraception methods (index) during which no pregnancy begins
	checks     []int             // observation slots the postnatal check records
	nearTerm   *nearTermSwap     // a medicine avoided at term and its alternative (pregnancynearterm.go)
	courses    []pregnancyCourse // short courses with days of their own in pregnancy (pregnancycourse.go)
	// restartBars: a medicine stopped for a pregnancy is not started again
	// after it while its latest reading is above a start bar
	// (prescribing.yaml result_stops start_above: an ACE inhibitor at a
	// potassium above 5.0)
	restartBars  []restartBar
	vaccines     []pregnancyVaccine      // the vaccines offered in pregnancy (pregnancycare.go)
	analgesia    *pregnancyAnalgesia     // paracetamol in place of an NSAID or a weak opioid near term (pregnancyanalgesia.go)
	restart      *pregnancyRestart       // the repeats stopped for a pregnancy issued again after it (pregnancyrestart.go)
	antenatal    []antenatalVisit        // the booking and the scans, with their checks (pregnancymidwife.go)
	midwife      []antenatalVisit        // the midwife's appointments after the booking
	midwifeOrder []int                   // midwife indices in the order of their weeks (pregnancymidwife.go)
	medicines    []riskMedicine          // issued in a pregnancy at raised risk
	raisedBP     *raisedBPPlan           // a raised antenatal blood pressure answered (pregnancybp.go); nil: not
	switchBP     *antihypertensiveSwitch // labetalol for an antihypertensive stopped for the pregnancy (pregnancyswitch.go); nil: none
	teratogen    *teratogenPlan          // contraception beside methotrexate or valproate (teratogen.go); nil: none
	gdm          *gdmPlan                // gestational diabetes screened and treated (pregnancygdm.go); nil: none
}

// restartBar is a result_stops start bar of a medicine kept from pregnancy.
type restartBar struct {
	m      *medPlan
	snomed string
	above  float64
}

// pregnancy is one of a woman's pregnancies, drawn before her care is
// written (the medicines issued must know of it), recorded after.
type pregnancy struct {
	lmp      models.Date // the first day of the last period: weeks are counted from it
	confirm  models.Date // planned confirmation at the practice
	end      models.Date // the birth or the loss (may lie past the last day: ongoing)
	loss     bool
	resume   models.Date         // contraception may restart (the postnatal check, or after a loss)
	stay     [2]models.Timestamp // the maternity stay (a birth by the last day)
	recorded models.Date         // the day the practice coded it (the visit), NoDate until written
	checkEnc string              // the contraception visit that was the postnatal check
	gdm      string              // the gestational diabetes problem row ("" none: pregnancygdm.go)
}

// contraDraw is a woman's episode of contraception as drawn (contraception.go),
// kept for the pregnancies (none begins on a long-acting method) and the
// issues written later, which go on from the stream where the draw left it.
type contraDraw struct {
	ok         bool
	start, end models.Date
	k          int
	s          distributions.Stream
	// usual: for an episode stretched or begun beside a teratogen
	// (teratogen.go), the day it would end without one; NoDate otherwise.
	usual models.Date
}

// buildPregnancy resolves pregnancy.yaml against the contraception methods
// and the medicine plans.
func (p *Plan) buildPregnancy() error {
	c, err := datasets.PregnancyModel()
	if err != nil {
		return err
	}
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		return err
	}
	pp := &pregnancyPlan{p: c}
	if cp := p.contraception; cp != nil {
		for _, key := range c.LongActing {
			k := slices.IndexFunc(cp.c.Methods, func(m datasets.ContraceptiveMethod) bool { return m.Medicine == key })
			if k < 0 {
				return fmt.Errorf("pregnancy.yaml: long_acting %q is not a contraception.yaml method", key)
			}
			pp.longActing = append(pp.longActing, k)
		}
	}
	for _, k := range c.PostnatalChecks {
		pp.checks = append(pp.checks, p.obsIndex[k])
	}
	for _, cls := range rules.Pregnancy.Classes {
		found := false
		for _, m := range p.medPlans {
			if m.inClass(cls) {
				found, m.notInPregnancy, m.stopInPregnancy = true, true, true
			}
		}
		if !found {
			return fmt.Errorf("prescribing.yaml pregnancy: class %q has no prescribable medicine", cls)
		}
	}
	for _, key := range rules.Pregnancy.Medicines {
		m := p.medPlans[key]
		if m == nil {
			return fmt.Errorf("prescribing.yaml pregnancy: medicine %q has no prescribable medicine", key)
		}
		m.notInPregnancy, m.stopInPregnancy = true, true
	}
	for _, cls := range rules.Pregnancy.RepeatsStopped {
		found := false
		for _, m := range p.medPlans {
			if m.inClass(cls) {
				found, m.repeatStoppedInPregnancy = true, true
			}
		}
		if !found || rules.Pregnancy.Analgesic == "" {
			return fmt.Errorf("prescribing.yaml pregnancy: repeats_stopped %q has no prescribable medicine, or no analgesic to give instead", cls)
		}
	}
	for _, key := range rules.Pregnancy.AlsoStop {
		m := p.medPlans[key]
		if m == nil {
			return fmt.Errorf("prescribing.yaml pregnancy: also_stop %q has no prescribable medicine", key)
		}
		m.stopInPregnancy = true
	}
	for _, r := range rules.ResultStops {
		if r.StartAbove <= 0 {
			continue
		}
		for _, m := range p.medPlans {
			if !m.notInPregnancy || !(slices.Contains(r.StartMedicines, m.med.Key) || slices.ContainsFunc(r.StartClasses, m.inClass)) {
				continue
			}
			pp.restartBars = append(pp.restartBars, restartBar{m: m, snomed: p.obsCodes[p.obsIndex[r.Observation]].Snomed, above: r.StartAbove})
		}
	}
	if err := p.buildSwitch(pp); err != nil {
		return err
	}
	if err := p.buildMidwife(pp); err != nil {
		return err
	}
	if err := p.buildRaisedBP(pp); err != nil {
		return err
	}
	if err := pp.buildVaccines(); err != nil {
		return err
	}
	if err := p.checkAfterCancer(pp); err != nil {
		return err
	}
	if err := p.buildAnalgesia(pp, rules); err != nil {
		return err
	}
	if err := p.buildNearTerm(pp, rules); err != nil {
		return err
	}
	if err := p.buildPregnancyCourses(pp, rules); err != nil {
		return err
	}
	if err := p.buildRestart(pp, rules); err != nil {
		return err
	}
	if err := p.buildTeratogen(pp); err != nil {
		return err
	}
	if err := p.buildGDM(pp); err != nil {
		return err
	}
	p.pregnancy = pp
	return nil
}

// drawRate is the yearly chance of a birth drawn for a woman free to
// conceive, for a published rate of births per woman: the published rate
// counts every woman, and one already pregnant, or within gap_days of her
// last pregnancy's end, conceives no other (pregnancyFits). A woman is kept
// from conceiving for about f = rate x (the years each birth holds her, with
// the miscarriages beside it) of each year; the draw is rate / (1 - f), so
// that births per woman-year come out at the published rate.
func (pp *pregnancyPlan) drawRate(rate float64) float64 {
	c := pp.p
	year := 365.25
	birth := (3.5*float64(c.DeliveryWeeks[0]+c.DeliveryWeeks[1]) + float64(c.GapDays)) / year
	loss := (3.5*float64(c.MiscarriageWeeks[0]+c.MiscarriageWeeks[1]) + float64(c.GapDays)) / year
	f := rate * (birth + loss*c.MiscarriagePct/(100-c.MiscarriagePct))
	return rate / (1 - f)
}

// pregnantOn reports whether a pregnancy the practice knows of (from its
// confirmation to its end) is under way on day d.
func (per *person) pregnantOn(d models.Date) bool {
	for i := range per.pregnancies {
		if pg := &per.pregnancies[i]; d >= pg.confirm && d < pg.end {
			return true
		}
	}
	return false
}

// withoutPeriodsOn reports whether day d falls in a pregnancy from its last
// period until periods may return (the postnatal check, or a loss's
// resumption): no heavy periods then.
func (per *person) withoutPeriodsOn(d models.Date) bool {
	for i := range per.pregnancies {
		if pg := &per.pregnancies[i]; d >= pg.lmp && d < max(pg.resume, pg.end) {
			return true
		}
	}
	return false
}

// planPregnancies draws a woman's pregnancies in the record: for each year of
// her age from 15 to 49 a birth at the published rate for her age (on a day
// of that year) and a miscarriage at the rate that makes it one in eight known
// pregnancies. A pregnancy is kept when the practice would confirm it inside
// the record, it begins at 15 or over, gap_days after the last one ended, not
// on a long-acting method, and it ends before a death or end-of-life care;
// a birth by the last day books its maternity stay now, before the other
// stays are written around it. Draws from a stream of its own, keyed by the
// woman and the year of her age.
func (w *worker) planPregnancies(per *person) {
	pp := w.plan.pregnancy
	if pp == nil || per.sex != sexIndex("female") {
		return
	}
	c := pp.p
	per.ageOn(per.firstDay) // the birthday table
	lastEnd := models.NoDate
	for age := c.BirthsPer1000[0].FromAge; age < c.UntilAge; age++ {
		from, to := per.birthday(age), per.birthday(age+1)
		if to <= per.firstDay || from > per.lastDay+models.Date(7*c.DeliveryWeeks[1]) {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposePregnancy, uint64(age))
		rate := w.plan.pregnancy.drawRate(c.RateAt(age) / 1000)
		var cands []pregnancy
		if s.Float64() < rate {
			end := from + models.Date(s.IntN(int(to-from)))
			lmp := end - models.Date(7*between(c.DeliveryWeeks, &s)+s.IntN(7))
			cands = append(cands, pregnancy{lmp: lmp, end: end,
				confirm: lmp + models.Date(7*between(c.ConfirmWeeks, &s)+s.IntN(7)),
				resume:  end + models.Date(between(c.PostnatalDays, &s))})
		}
		if s.Float64() < rate*c.MiscarriagePct/(100-c.MiscarriagePct) {
			end := from + models.Date(s.IntN(int(to-from)))
			cw := 7*between(c.ConfirmWeeks, &s) + s.IntN(7)
			lw := max(7*between(c.MiscarriageWeeks, &s)+s.IntN(7), cw+7)
			lmp := end - models.Date(lw)
			cands = append(cands, pregnancy{lmp: lmp, end: end, loss: true, confirm: lmp + models.Date(cw),
				resume: end + models.Date(between(c.PostnatalDays, &s))})
		}
		if len(cands) == 2 && cands[1].lmp < cands[0].lmp {
			cands[0], cands[1] = cands[1], cands[0]
		}
		for _, pg := range cands {
			if !w.pregnancyFits(per, &pg, lastEnd) || (!pg.loss && !w.bookBirth(per, &pg, &s)) {
				continue
			}
			pg.recorded = models.NoDate
			per.pregnancies = append(per.pregnancies, pg)
			lastEnd = pg.end
		}
	}
}

// pregnancyFits reports whether pregnancy pg may be recorded for the woman,
// the last one having ended on lastEnd (NoDate: none).
func (w *worker) pregnancyFits(per *person, pg *pregnancy, lastEnd models.Date) bool {
	c := w.plan.pregnancy.p
	switch {
	case pg.confirm < per.firstDay || pg.confirm > per.lastDay || per.ageOn(pg.lmp) < c.BirthsPer1000[0].FromAge:
		return false
	case lastEnd != models.NoDate && pg.lmp < lastEnd+models.Date(c.GapDays):
		return false
	case per.death != models.NoDate && pg.end >= per.death, per.eolStart != 0 && pg.end >= per.eolStart:
		return false
	case w.afterCancer(per, pg.lmp): // pregnancyaftercancer.go
		return false
	case w.teratogenAverts(per, pg): // teratogen.go
		return false
	}
	if cd := &per.contra; cd.ok && slices.Contains(w.plan.pregnancy.longActing, cd.k) && pg.lmp < cd.end && pg.end > cd.start {
		return false // on an implant, injection or intrauterine system
	}
	return true
}

// bookBirth books the maternity stay of a birth by the last day: admitted in
// labour at any hour, home stay_days later (moved a day on, up to a week,
// when another stay is in the way). It reports false when none fits.
func (w *worker) bookBirth(per *person, pg *pregnancy, s *distributions.Stream) bool {
	if pg.end > per.lastDay {
		return true // still pregnant on the last day
	}
	c := w.plan.pregnancy.p
	minutes := s.IntN(24 * 60)
	stay := between(c.StayDays, s)
	for d := pg.end; d < pg.end+7 && d <= per.lastDay; d++ {
		start := d.Start().AddMinutes(minutes)
		end := w.discharged(per, start, start.AddMinutes(stay*24*60))
		if end >= endOfLife(per) {
			return false
		}
		if addStay(per, start, end) {
			pg.end, pg.stay = d, [2]models.Timestamp{start, end}
			return true
		}
	}
	return false
}

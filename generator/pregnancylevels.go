package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Levels through a pregnancy (prescribing.yaml pregnancy_levels; brief
// h71b, issue 9). Four pregnancies recorded while lithium ran had one
// lithium level each in 8 months (generate -n 20000 -s 83). NICE CG192
// asks for the level every 4 weeks in pregnancy and weekly from 36 weeks,
// the dose following it: renal clearance rises through pregnancy and falls
// at the birth. From the visit that records the pregnancy to the day
// before it ends, a blood test of its own takes the level at those
// intervals while the medicine runs, unless one was taken in the days
// before. The visits draw from a stream of their own.

// pregnancyLevelPlan is a resolved datasets.PregnancyLevel.
type pregnancyLevelPlan struct {
	datasets.PregnancyLevel
	slot int
}

// resolvePregnancyLevels resolves the observation of each pregnancy level.
func (p *Plan) resolvePregnancyLevels(rules *datasets.Prescribing) error {
	for _, l := range rules.PregnancyLevels {
		slot, ok := p.obsIndex[l.Observation]
		if !ok {
			return fmt.Errorf("prescribing.yaml: pregnancy_levels: %q is not an observation of the catalogue", l.Observation)
		}
		p.pregnancyLevels = append(p.pregnancyLevels, pregnancyLevelPlan{PregnancyLevel: l, slot: slot})
	}
	return nil
}

// pregnancyLevels books the levels of each recorded pregnancy.
func (w *worker) pregnancyLevels(per *person) {
	for li := range w.plan.pregnancyLevels {
		l := &w.plan.pregnancyLevels[li]
		for pi := range per.pregnancies {
			pg := &per.pregnancies[pi]
			if pg.recorded == models.NoDate {
				continue
			}
			s := per.stream(w.plan.Opts.Seed, purposePregnancyLevel, uint64(li), uint64(pi))
			weekly := pg.end // no weekly levels (levothyroxine's TSH)
			if l.WeeklyFromWeek > 0 {
				weekly = pg.lmp + models.Date(7*l.WeeklyFromWeek)
			}
			last := min(pg.end-1, per.lastDay)
			for d := pg.recorded + models.Date(l.EveryDays); d <= last; {
				step := models.Date(l.EveryDays)
				if d >= weekly {
					step = models.Date(l.WeeklyDays)
				}
				k := w.runningOf(per, l.Medicine, d)
				if k >= 0 && !per.inEndOfLifeCare(d) && !w.recordedWithin(per, l.slot, d, int(step)/2) {
					if id, start, ok := w.gpVisitFor(per, d, encGPConsultation, contactMonitoringBloods, per.conds[per.courses[k].cond].id, &s); ok {
						w.observeOnce(per, id, start.AddMinutes(5), l.slot, &s)
					}
				}
				next := d + step
				if d < weekly && next > weekly {
					next = weekly // the weekly levels begin at 36 weeks
				}
				d = next
			}
		}
	}
}

// runningOf is the index of a long-term course of medicine key running on
// day d for a condition, or -1.
func (w *worker) runningOf(per *person, key string, d models.Date) int {
	for k := range per.courses {
		if c := &per.courses[k]; c.med.Key == key && c.running(d) && c.cond >= 0 {
			return k
		}
	}
	return -1
}

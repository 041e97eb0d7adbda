package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Start tests (prescribing.yaml start_tests; nineteenth review): the blood
// tests a medicine needs before it starts (baseline lipids, ALT and eGFR
// before a statin; kidney function before an ACE inhibitor, a diuretic,
// metformin or alendronic acid), taken at the review that starts it unless
// the record holds a recent reading, and those read once more at a review
// in its first year (ALT about 12 months into a statin). Before this, 0.7%
// of statin starts had a baseline ALT and half of the alendronic acid
// starts no eGFR in the year before.

// startTestPlan is the resolved start_tests of one medicine (the entries
// naming it or a class of it, merged).
type startTestPlan struct {
	slots     []int       // taken before the first issue
	within    models.Date // unless a reading is this recent
	firstYear []int       // read again at a review in the first year
	fyDays    [2]models.Date
	fromAge   int // taken only for a start at this age or over (0: any), at a GP contact too (contactstarttests.go)
}

func (p *Plan) resolveStartTests(rules *datasets.Prescribing) error {
	slotsOf := func(keys []string) ([]int, error) {
		var out []int
		for _, key := range keys {
			slot, ok := p.obsIndex[key]
			if !ok || p.obsModels[slot] == nil {
				return nil, fmt.Errorf("prescribing.yaml: start_tests: %q is not a numeric observation of the catalogue", key)
			}
			out = append(out, slot)
		}
		return out, nil
	}
	for _, st := range rules.StartTests {
		slots, err := slotsOf(st.Observations)
		if err != nil {
			return err
		}
		var fy []int
		if st.FirstYear != nil {
			if fy, err = slotsOf(st.FirstYear.Observations); err != nil {
				return err
			}
		}
		for key, mp := range p.medPlans {
			if !st.AppliesTo(key) && !slices.ContainsFunc(mp.classes, st.AppliesTo) {
				continue
			}
			if mp.startTests == nil {
				mp.startTests = &startTestPlan{within: models.Date(st.WithinDays), fromAge: st.FromAge}
			}
			tp := mp.startTests
			tp.fromAge = min(tp.fromAge, st.FromAge)
			tp.within = min(tp.within, models.Date(st.WithinDays))
			for _, s := range slots {
				if !slices.Contains(tp.slots, s) {
					tp.slots = append(tp.slots, s)
				}
			}
			if st.FirstYear != nil {
				tp.firstYear = append(tp.firstYear, fy...)
				tp.fyDays = [2]models.Date{models.Date(st.FirstYear.Days[0]), models.Date(st.FirstYear.Days[1])}
			}
		}
	}
	return nil
}

// startTests takes, at the review (encID at t) about condition ci, before
// the day's issues: the start tests of each medicine started today that the
// record holds no recent reading of, and the first-year tests of the
// condition's medicines due at this review. An eGFR so taken below the
// renal stop (or start_below) of a medicine started today stops it before
// its first issue.
func (w *worker) startTests(per *person, ci int, encID string, t models.Timestamp) {
	d := t.Date()
	var s *distributions.Stream
	take := func(slot int) {
		if s == nil {
			st := per.stream(w.plan.Opts.Seed, purposeStartTests, uint64(d))
			s = &st
		}
		w.observeOnce(per, encID, t.AddMinutes(3), slot, s)
	}
	egfrTaken := false
	for k := range per.courses {
		cr := &per.courses[k]
		tp := cr.meds.startTests
		if tp == nil || !cr.running(d) {
			continue
		}
		from := monitorFrom(per, cr, d)
		if startsAt(per, cr, d) {
			if per.ageOn(d) < tp.fromAge {
				continue
			}
			for _, slot := range tp.slots {
				if !w.recordedWithin(per, slot, d, int(tp.within)) {
					take(slot)
					egfrTaken = egfrTaken || slot == w.plan.slots.egfr
				}
			}
			continue
		}
		if cr.cond != ci || len(tp.firstYear) == 0 {
			continue
		}
		// a dose change continues the medicine as a new course: its 12
		// months run from the medicine's first issue, not the change (h58h:
		// atorvastatin raised to 80 mg at 3 months had its 12-month ALT
		// looked for 9-15 months after the raise)
		if cr.issued > 0 && cr.issued < from {
			from = cr.issued
		}
		if since := d - from; since >= tp.fyDays[0] && since <= tp.fyDays[1] {
			for _, slot := range tp.firstYear {
				// not since the window opened: neither the 3-month test nor
				// one 3 months after a dose change (about 6 months in) is the
				// 12-month one (h58h: of the starts with no ALT at 9-15
				// months, most had one at 6)
				if !w.recordedWithin(per, slot, d, int(since-tp.fyDays[0])+1) {
					take(slot)
				}
			}
		}
	}
	if !egfrTaken {
		return
	}
	v := w.latestEGFR(per, d)
	for k := range per.courses {
		cr := &per.courses[k]
		if r := cr.meds.renal; r != nil && cr.meds.startTests != nil && v < max(r.StopBelow, r.StartBelow) && cr.running(d) && startsAt(per, cr, d) {
			w.stopCourse(per, k, d) // ruled out by its baseline: not issued
		}
	}
}

// startIssueDays: a course not yet issued that began this few days before a
// review starts at it (a start drawn for the day a review was due, held on
// the next working day or joined to another's appointment).
const startIssueDays = 28

// startsAt reports whether course cr starts at the review on day d: its
// first issue in the record is today's (monitorFrom), or it has not been
// issued yet and began in the days just before.
func startsAt(per *person, cr *course, d models.Date) bool {
	return monitorFrom(per, cr, d) == d || cr.issued == models.NoDate && cr.start <= d && d-cr.start < startIssueDays && cr.start >= per.firstDay
}

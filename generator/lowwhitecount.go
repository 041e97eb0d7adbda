package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A low white cell count repeated (anaemia.yaml low_white_count; brief
// h51d). A full blood count taken for tiredness, heavy periods or a
// dementia diagnosis could read 3.1 and nothing followed. Now an
// unexplained low count is repeated weeks later at a blood test of its own
// (contactMonitoringBloods, as a medicine's monitoring sample), read from
// the person's own level. A medicine whose result stop reads the count
// (methotrexate) repeats it itself (resultstop.go). The repeat's day and
// reading come from a stream of their own, so no other draw moves.

// lowWhitePlan is low_white_count resolved: slot -1 when not modelled.
type lowWhitePlan struct {
	datasets.LowWhiteCount
	slot int
	// followUp: the tests that follow a second low count in a row (a count
	// with a blood film), nil: none
	followUp []followUpTest
}

// followUpTest is one test of a persistent low count's follow-up: a
// numeric observation's slot, or (slot -1) a code recorded alone (the film).
type followUpTest struct {
	slot int
	code datasets.ObservationCode
}

// resolveLowWhiteCount resolves the rule's observation slot and the tests
// of its persistent follow-up.
func (p *Plan) resolveLowWhiteCount(lw datasets.LowWhiteCount) {
	p.lowWhite = lowWhitePlan{LowWhiteCount: lw, slot: -1}
	if slot, ok := p.obsIndex[lw.Observation]; ok && lw.Observation != "" {
		p.lowWhite.slot = slot
	}
	if lw.Persistent == nil {
		return
	}
	for _, key := range lw.Persistent.Observations {
		if slot, ok := p.obsIndex[key]; ok && p.obsModels[slot] != nil {
			p.lowWhite.followUp = append(p.lowWhite.followUp, followUpTest{slot: slot})
		} else if code, ok := datasets.ObservationByKey(key); ok { // (the loader checked the key)
			p.lowWhite.followUp = append(p.lowWhite.followUp, followUpTest{slot: -1, code: code})
		}
	}
}

// repeatLowWhiteCount books the repeat of a white cell count v recorded at
// encounter encID at t, when it is below the rule's level and unexplained.
func (w *worker) repeatLowWhiteCount(per *person, encID string, t models.Timestamp, v float64) {
	lw := &w.plan.lowWhite
	d := t.Date()
	if v >= lw.Below || w.whiteRepeating || d < per.firstDay || per.inEndOfLifeCare(d) || w.countWatched(per, lw.slot, d) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeLowWhiteCount, uint64(d))
	day := d + models.Date(between(lw.RepeatDays, &s))
	if day > per.lastDay || per.inEndOfLifeCare(day) {
		return
	}
	// no problem named: the first count's (tiredness) has ended weeks before
	id, start, ok := w.gpVisitFor(per, day, encGPConsultation, contactMonitoringBloods, "", &s)
	if !ok {
		return
	}
	w.whiteRepeating = true
	if !w.takenAt(per, id, lw.slot) { // a blood test booked that day took a count already (h57d: a tiredness call's bloods)
		w.observe(per, id, start.AddMinutes(5), lw.slot, &s)
	}
	if v, ok := w.readAt(per, id, lw.slot); ok && v < lw.Below {
		w.followLowWhiteCount(per, start.Date(), &s)
	}
	w.whiteRepeating = false
}

// followLowWhiteCount: a repeat count still low on day d (persistent
// leucopenia) is followed up at a blood test of its own days later, a
// count with a blood film (anaemia.yaml low_white_count persistent; brief
// h56d). Before, nothing followed a second low count: 182 of 193 people
// with two in a row had no test or referral in the 8 weeks after
// (generate -n 20000 -s 83). The count taken there is not itself repeated
// (whiteRepeating holds): the film is the answer to the pair.
func (w *worker) followLowWhiteCount(per *person, d models.Date, s *distributions.Stream) {
	lw := &w.plan.lowWhite
	if len(lw.followUp) == 0 {
		return
	}
	day := d + models.Date(between(lw.Persistent.Days, s))
	if day > per.lastDay || per.inEndOfLifeCare(day) {
		return
	}
	id, start, ok := w.gpVisitFor(per, day, encGPConsultation, contactMonitoringBloods, "", s)
	if !ok {
		return
	}
	for k, f := range lw.followUp {
		t := start.AddMinutes(5 + k)
		if f.slot >= 0 {
			w.observeOnce(per, id, t, f.slot, s)
			continue
		}
		w.b.Observations = append(w.b.Observations, w.observation(per, id, t, &f.code))
	}
}

// countWatched reports whether a medicine with a result stop that reads
// observation slot (methotrexate's white cell count) runs on day d, or was
// stopped in the watchDays before it (withheld on this count, or on one
// before): its own monitoring and rechallenge repeat a low count.
func (w *worker) countWatched(per *person, slot int, d models.Date) bool {
	rs := w.plan.stopOf[slot]
	if rs == nil {
		return false
	}
	for k := range per.courses {
		cr := &per.courses[k]
		if cr.start > d || cr.stop != models.NoDate && cr.stop < d-watchDays {
			continue
		}
		if slices.Contains(rs.Medicines, cr.meds.med.Key) || slices.ContainsFunc(rs.Classes, cr.meds.inClass) {
			return true
		}
	}
	return false
}

// watchDays: a medicine withheld on a low count is watched by its own
// rechallenge for this long (model: its recheck and review days).
const watchDays = 90

package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A reading past the band of a condition held is repeated (catalogue
// band_repeat; brief h71f). Non-diabetic hyperglycaemia is an HbA1c of
// 42-47; one of 48 or more at its review in someone not developing
// diabetes waited for the next year's review (26 readings with no repeat
// within 90 days and no diabetes after, generate -n 20000 -s 83), and two
// such a year apart stood without a diagnosis. WHO 2011 / NICE NG28: a
// single HbA1c of 48 or more without symptoms is repeated, and two make
// diabetes. Someone developing diabetes is found by the reading itself
// (type2_diabetes found on_reading); anyone else's repeat, days later at
// a blood test about the condition, reads from the usual level (below 48:
// keepUndiagnosed) held inside the band, as a diagnosing reading is. The
// repeat's day and reading come from a stream of their own. Fix71h: nor is
// one booked for someone developing it, or diagnosed by 14 days after the
// repeat: held at 45-47 it stood days before the diabetes's diagnosis on a
// reading of 48 or more (6 of 225 diagnoses, seed 11), which the diagnosis
// finds by its own path.

// bandRepeatPlan is a condition's band_repeat resolved.
type bandRepeatPlan struct {
	slot int
	days [2]int
	hold datasets.Threshold // below the band's upper end: held there as a diagnosing reading
}

// resolveBandRepeat resolves the condition's band_repeat, if any (checked
// on load: defined_by under is set).
func (p *Plan) resolveBandRepeat(cp *condPlan) {
	br := cp.BandRepeat
	if br == nil {
		return
	}
	d := cp.DefinedBy
	slot := p.obsIndex[d.Observation]
	cp.bandRepeat = &bandRepeatPlan{slot: slot, days: br.Days, hold: datasets.Threshold{Observation: d.Observation, Below: d.Under}}
	if len(p.bandSlots) <= slot {
		p.bandSlots = append(p.bandSlots, make([]bool, slot+1-len(p.bandSlots))...)
	}
	p.bandSlots[slot] = true
}

// repeatPastBand books the repeat of reading v of slot at t (encounter
// encID), past the upper end of the band of a condition the person holds,
// unless the person holds or is developing a condition that rules it out
// (its own route finds it: found.go codes the diabetes on the repeat it
// books; two people developing diabetes read 48 with no repeat and were
// diagnosed over a year later, generate -n 20000 -s 83), or the reading is
// itself a repeat or one that diagnoses a condition defined by it.
func (w *worker) repeatPastBand(per *person, encID string, slot int, t models.Timestamp, v float64) {
	if w.bandRepeating || w.diagnosing != nil && w.plan.obsIndex[w.diagnosing.Observation] == slot {
		return // a repeat, or the reading that diagnoses a condition on it
	}
	d := t.Date()
	for ci := range per.conds {
		hc := &per.conds[ci]
		br := hc.plan.bandRepeat
		if br == nil || br.slot != slot || v < *br.hold.Below || hc.onset > d || hc.row < 0 {
			continue
		}
		if developingAny(per, hc.plan.excludes, d) || d < per.firstDay || per.inEndOfLifeCare(d) {
			return
		}
		s := per.stream(w.plan.Opts.Seed, purposeBandRepeat, uint64(d))
		day := d + models.Date(between(br.days, &s))
		if day > per.lastDay || per.inEndOfLifeCare(day) || w.readAfter(per, slot, d, day) || excludedDiagnosedBy(per, hc.plan.excludes, day+14) {
			return
		}
		id, start, ok := w.gpVisitFor(per, day, encGPConsultation, contactMonitoringBloods, hc.id, &s)
		if !ok {
			return
		}
		// written days ahead of the review that read v: that review still
		// reads its own result as the last (as newlowegfr.go's repeat)
		lv, la, lh := per.lastVal[slot], per.lastAt[slot], per.hasLast[slot]
		diagnosing := w.diagnosing // another condition's, diagnosed at the contact that read v
		w.bandRepeating, w.diagnosing = true, &br.hold
		if !w.takenAt(per, id, slot) {
			w.observe(per, id, start.AddMinutes(5), slot, &s)
		}
		w.bandRepeating, w.diagnosing = false, diagnosing
		per.lastVal[slot], per.lastAt[slot], per.hasLast[slot] = lv, la, lh
		return
	}
}

// readAfter reports whether a reading of slot is on the record after day
// d and within the slot's retest interval of day: written already (the
// record is not written in time order), it stands for the repeat, which
// would fall too close to it (retest.go).
func (w *worker) readAfter(per *person, slot int, d, day models.Date) bool {
	m := w.plan.obsModels[slot]
	if m == nil || m.Retest == nil {
		return false
	}
	gap := models.Date(m.Retest.MinDays)
	for _, r := range per.retested {
		if r.slot == slot && r.day > d && r.day < day+gap {
			return true
		}
	}
	return false
}

// excludedDiagnosedBy reports whether one of the conditions (plan indices) the
// person holds or develops is diagnosed by day: the diagnosing contact reads
// its own HbA1c, which stands for the repeat. A repeat held inside the band
// days before it (an HbA1c of 47 a day before the diabetes is diagnosed)
// contradicts the diagnosis and is not booked (fix71h).
func excludedDiagnosedBy(per *person, idx []int, day models.Date) bool {
	for i := range per.conds {
		if hc := &per.conds[i]; slices.Contains(idx, hc.plan.idx) && hc.onset <= day {
			return true
		}
	}
	return false
}

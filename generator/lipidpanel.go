package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// The lipid profile (h57b, issue 9): a GP review found total cholesterol
// the only lipid ever recorded, with no HDL, non-HDL, LDL or
// triglycerides (3,136 statin users with a cholesterol and none with an
// HDL, generate -n 20000 -s 83), though NICE NG238 reads the response to a
// statin and the secondary-prevention target from the non-HDL. Now every
// cholesterol sample reports the profile (catalogue total_cholesterol
// panel): the HDL and triglycerides are the person's own levels, the
// non-HDL the total less the HDL, and the LDL the Friedewald calculation
// (difference), so a statin that lowers the total lowers the non-HDL and
// LDL and leaves the HDL.

// Lipids that add up (h59c, issue 9): a GP review found 16.7% of 43,283
// calculated LDLs under 1.0 mmol/L (some 0.2) in people not on a
// high-intensity statin, and LDLs calculated at triglycerides above 4.5
// (generate -n 20000 -s 83). The statin took its fraction off the total
// above a fixed HDL of 1.4, so in a person whose own HDL and VLDL
// (triglycerides/2.2) were above it the fall came out of the LDL alone and
// more than all of it. Now the statin's fraction comes off the LDL part of
// the person's own usual total (above their own HDL and triglycerides/2.2:
// catalogue drug_ratio above_levels), as the trials measured it, so total =
// LDL + HDL + TG/2.2 holds for every reported LDL with each part
// plausible; and the LDL is not calculated above triglycerides of 4.5
// (difference not_above), as laboratories withhold it there.

// basePart is one own level a drug_ratio observation's medicines leave,
// times its share.
type basePart struct {
	slot  int
	share float64
}

// buildPanels resolves each observation's panel, the own levels of its
// drug_ratio and its difference's not_above into slots.
func (p *Plan) buildPanels() {
	p.panelSlots = make([][]int, len(p.obsModels))
	p.ratioBase = make([][]basePart, len(p.obsModels))
	p.notAboveSlot = make([]int, len(p.obsModels))
	for slot, m := range p.obsModels {
		p.notAboveSlot[slot] = -1
		if m == nil {
			continue
		}
		for _, k := range m.Panel { // checked by the catalogue
			p.panelSlots[slot] = append(p.panelSlots[slot], p.obsIndex[k])
		}
		if m.DrugRatio != nil {
			for _, l := range m.DrugRatio.AboveLevels {
				p.ratioBase[slot] = append(p.ratioBase[slot], basePart{slot: p.obsIndex[l.Observation], share: l.Share})
			}
		}
		if m.Difference != nil && m.Difference.NotAbove != nil {
			p.notAboveSlot[slot] = p.obsIndex[m.Difference.NotAbove.Observation]
		}
	}
}

// ratioAbove is the part of slot's level on the day that its medicines'
// fractions leave: the person's own usual levels of the drug_ratio's
// above_levels (HDL and triglycerides/2.2 for total cholesterol), or its
// fixed above. above is that part without the medicines' own effects on
// those levels (the base the untreated LDL part is measured from), left as
// the medicines leave it (h60d: atorvastatin lowers the triglycerides, so
// the VLDL cholesterol, as well as the LDL).
func (w *worker) ratioAbove(per *person, slot int, day models.Date) (above, left float64) {
	base := w.plan.ratioBase[slot]
	if len(base) == 0 {
		a := w.plan.obsModels[slot].DrugRatio.Above
		return a, a
	}
	for _, b := range base {
		l := w.usualLevel(per, b.slot, day)
		u := l - medicineEffects(w.plan.Opts.Seed, per, b.slot, levelDay(per, b.slot, day))
		if w.plan.obsModels[b.slot].LogScale { // triglycerides: the level in its units
			l, u = math.Exp(l), math.Exp(u)
		}
		above += b.share * u
		left += b.share * l
	}
	return above, left
}

// ratioLeft is ratioAbove's left alone, for a caller with no use for the
// untreated part (panelreading.go): no medicine effects to add up.
func (w *worker) ratioLeft(per *person, slot int, day models.Date) (left float64) {
	for _, b := range w.plan.ratioBase[slot] {
		l := w.usualLevel(per, b.slot, day)
		if w.plan.obsModels[b.slot].LogScale {
			l = math.Exp(l)
		}
		left += b.share * l
	}
	return left
}

// withheld reports whether the laboratory withholds calculated slot from
// the sample at t: its not_above reading is above the value (an LDL at
// triglycerides above 4.5), or the calculation comes out below the
// observation's minimum (a rounded-down LDL or non-HDL the parts' visit
// spreads took under it, which written at the minimum would not add up).
// The readings are the panel's own, already drawn.
func (w *worker) withheld(per *person, slot int, t models.Timestamp, s *distributions.Stream) bool {
	m := w.plan.obsModels[slot]
	if m == nil || m.Difference == nil {
		return false
	}
	if na := w.plan.notAboveSlot[slot]; na >= 0 && w.numericValue(per, na, t, s) > m.Difference.NotAbove.Value {
		return true
	}
	return w.differenceValue(per, slot, t, s) < m.Min-0.5/w.plan.obsScale[slot]
}

// observePanel records the members of slot's panel from the sample just
// taken at t (each at most once there).
func (w *worker) observePanel(per *person, encID string, t models.Timestamp, slot int, s *distributions.Stream) {
	panel := w.plan.panelSlots[slot]
	if len(panel) > 64 { // (no catalogue panel is near this)
		for _, ps := range panel {
			if !w.codedAt(per, encID, w.plan.obsCodes[ps].Snomed) && !w.withheld(per, ps, t, s) {
				w.observe(per, encID, t, ps, s)
			}
		}
		return
	}
	from := len(w.b.Observations)
	coded := w.panelCodedAt(encID, panel, per.obsFrom, from)
	for k, ps := range panel {
		if coded&(1<<k) != 0 || w.panelCodedAt(encID, panel[k:k+1], from, len(w.b.Observations)) != 0 || w.withheld(per, ps, t, s) {
			continue
		}
		w.observe(per, encID, t, ps, s)
	}
}

// panelCodedAt marks (bit k) each member k of panel coded at encounter encID
// in the observations [from, end): one scan of the person's rows for the
// whole panel, not one a member (codedAt a member was 1.4% of the CPU,
// stop 59). Rows written while the panel is recorded are scanned apart.
func (w *worker) panelCodedAt(encID string, panel []int, from, end int) uint64 {
	var coded uint64
	for i := from; i < end; i++ {
		o := &w.b.Observations[i]
		if !sameRowID(o.EncounterID, encID) {
			continue
		}
		for k, ps := range panel {
			if sameCode(o.SnomedCode, w.plan.obsCodes[ps].Snomed) {
				coded |= 1 << k
			}
		}
	}
	return coded
}

// differenceValue is the reading of slot's difference at t: its Of reading
// less each Less reading times its share at the same visit (numericValue
// caches each by time, so the profile's values agree with one another).
func (w *worker) differenceValue(per *person, slot int, t models.Timestamp, s *distributions.Stream) float64 {
	d := w.plan.obsModels[slot].Difference
	v := w.numericValue(per, w.plan.obsIndex[d.Of], t, s)
	for _, l := range d.Less {
		v -= l.Share * w.numericValue(per, w.plan.obsIndex[l.Observation], t, s)
	}
	return v
}

// ownReadingStream is the stream an own_stream reading's visit spread is
// drawn from, keyed by the person, the slot and the time. It is a value, not
// a pointer, so that it stays on the caller's stack (as a new pointer it
// escaped to the heap: one allocation a reading, 9% of a run's objects).
func (w *worker) ownReadingStream(per *person, slot int, t models.Timestamp) distributions.Stream {
	return per.stream(w.plan.Opts.Seed, purposeOwnReading, uint64(slot), uint64(t))
}

// ownStream reports whether m draws its visit spread from its own stream.
func ownStream(m *datasets.ObsModel) bool { return m != nil && m.OwnStream }

// repeatPanel records the rest of slot's profile from a repeat sample at t
// in encounter encID. observePanel skips a member the encounter already
// holds (one profile a visit), so a ward's or A&E's second potassium lacked
// its sodium (TestUAndEReportsSodium after fix71p's repeats): a member not
// coded at t itself is recorded now. Where observePanel wrote them all,
// nothing is drawn.
func (w *worker) repeatPanel(per *person, encID string, t models.Timestamp, slot int, s *distributions.Stream) {
	for _, ps := range w.plan.panelSlots[slot] {
		if !w.codedAtTime(per, encID, w.plan.obsCodes[ps].Snomed, t) && !w.withheld(per, ps, t, s) {
			w.observe(per, encID, t, ps, s)
		}
	}
}

// codedAtTime reports whether snomed is coded at encounter encID at t.
func (w *worker) codedAtTime(per *person, encID, snomed string, t models.Timestamp) bool {
	for i := len(w.b.Observations) - 1; i >= per.obsFrom; i-- {
		if o := &w.b.Observations[i]; o.EffectiveTime == t && o.SnomedCode == snomed && sameRowID(o.EncounterID, encID) {
			return true
		}
	}
	return false
}

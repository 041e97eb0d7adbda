package generator

import (
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

// buildPanels resolves each observation's panel into slots.
func (p *Plan) buildPanels() {
	p.panelSlots = make([][]int, len(p.obsModels))
	for slot, m := range p.obsModels {
		if m == nil {
			continue
		}
		for _, k := range m.Panel { // checked by the catalogue
			p.panelSlots[slot] = append(p.panelSlots[slot], p.obsIndex[k])
		}
	}
}

// observePanel records the members of slot's panel from the sample just
// taken at t (each at most once there).
func (w *worker) observePanel(per *person, encID string, t models.Timestamp, slot int, s *distributions.Stream) {
	panel := w.plan.panelSlots[slot]
	if len(panel) > 64 { // (no catalogue panel is near this)
		for _, ps := range panel {
			if !w.codedAt(per, encID, w.plan.obsCodes[ps].Snomed) {
				w.observe(per, encID, t, ps, s)
			}
		}
		return
	}
	from := len(w.b.Observations)
	coded := w.panelCodedAt(encID, panel, per.obsFrom, from)
	for k, ps := range panel {
		if coded&(1<<k) != 0 || w.panelCodedAt(encID, panel[k:k+1], from, len(w.b.Observations)) != 0 {
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
			if o.SnomedCode == w.plan.obsCodes[ps].Snomed {
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
// drawn from, keyed by the person, the slot and the time.
func (w *worker) ownReadingStream(per *person, slot int, t models.Timestamp) *distributions.Stream {
	own := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeOwnReading, uint64(slot), uint64(t))
	return &own
}

// ownStream reports whether m draws its visit spread from its own stream.
func ownStream(m *datasets.ObsModel) bool { return m != nil && m.OwnStream }

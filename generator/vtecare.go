package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// The care around a VTE's anticoagulant (brief h59e, issue 9): a GP found
// no bloods before the first issue (0 of 100 pulmonary emboli, 2 of 99
// DVTs; generate -n 20000 -s 83) and no blood count after it in 8 of 12
// courses run beyond 6 months, while an atrial fibrillation's DOAC has
// both. The DOAC's own start tests and monitoring bloods (prescribing.yaml
// start_tests and monitoring) are taken here, with the clotting screen the
// catalogue's vte asks for, and the course is reviewed at 3 months. All of
// it draws on a stream of its own (purposeVTECare, keyed by the diagnosis
// day), so no other draw moves.

// vteBaselineBloods takes, at the attendance (encID at t) before the first
// issue, the start tests of the DOAC the catalogue chooses first that the
// record holds no recent reading of, and the clotting screen, read in its
// normal range (no anticoagulant on board yet).
func (w *worker) vteBaselineBloods(per *person, encID string, t models.Timestamp, s *distributions.Stream) {
	v := w.plan.vte
	if tp := v.meds[0].startTests; tp != nil {
		for _, slot := range tp.slots {
			if !w.recordedWithin(per, slot, t.Date(), int(tp.within)) {
				w.observeOnce(per, encID, t, slot, s)
			}
		}
	}
	code, ok := datasets.ObservationByKey(v.Clotting.Test)
	if !ok {
		return // the catalogue check found it
	}
	lo, hi := v.Clotting.Normal[0], v.Clotting.Normal[1]
	o := w.observation(per, encID, t, &code)
	o.Value, o.Unit = w.value(math.Round((lo+s.Float64()*(hi-lo))*10)/10), code.Unit
	w.b.Observations = append(w.b.Observations, o)
}

// vteFollowUp books, for the anticoagulant m issued from day d to end
// (NoDate: open), the GP review about the clot (condID) on day r, in the
// days before a 3-month course would end (NoDate: booked already, with the
// yearly reviews of a long-term course), and the DOAC's monitoring bloods
// every interval while it runs (the blood count, kidney and liver function
// of its monitoring entry), each at a practice blood test about the clot.
func (w *worker) vteFollowUp(per *person, m *medPlan, condID string, d, end, r models.Date, s *distributions.Stream) {
	last := end
	if last == models.NoDate || last > per.lastDay {
		last = per.lastDay
	}
	if r != models.NoDate && r <= last {
		w.gpVisit(per, r, encGPProblem, condID, s)
	}
	mp := m.monitor
	if mp == nil || mp.every <= 0 {
		return
	}
	for at := d; ; {
		next := at + mp.every + models.Date(s.IntN(15)-7)
		if next > last || per.monitoringStops(next) {
			return
		}
		id, start, ok := w.gpVisitFor(per, next, encGPConsultation, contactMonitoringBloods, condID, s)
		if !ok {
			return
		}
		for _, slot := range mp.slots {
			w.observeOnce(per, id, start.AddMinutes(5), slot, s)
		}
		at = start.Date()
	}
}

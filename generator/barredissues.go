package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// A class a coded contraindication bars (recordedcontra.go) is issued
// again only after a re-challenge: the result that stopped it back in range
// (rechallenge.go liftBar). The re-challenge reads the person's running
// results; a pass later in the order can write the code again, or the
// restart's own sample can read high, so that on the written record the
// restart follows the latest code with no result back in range after it.
// A merged-tree population (100,000 patients, seed 1) had ramipril started
// again on a potassium of 5.8, ten months after the reason was coded a
// second time beside a potassium of 4.7 (stop 57). So the last safety step
// (pastlimits.go) reads the written codes and results as a prescriber reading
// the whole record would: an issue of a barred class on or after the latest
// code stands only when a result of the rule that codes it (prescribing.yaml
// result_stops not_restarted), taken after that code and on or before the
// issue, is back in range (its rechallenge). Nothing is drawn.

// barredCode is a written recorded-contraindication code and its day.
type barredCode struct {
	code string
	day  models.Date
}

// withdrawBarredIssues withdraws every issue of a class a code on the
// written record bars and no later result lifts, with its companion.
func (w *worker) withdrawBarredIssues(per *person) {
	codes := w.pastCodes[:0]
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		if o.ObservationID.IsZero() {
			continue
		}
		for _, c := range [2]string{o.SnomedCode, o.ValueCode} {
			if c == "" { // most results carry no value code: no lookup
				continue
			}
			if _, ok := w.plan.barsByCode[c]; ok {
				codes = append(codes, barredCode{code: c, day: o.EffectiveTime.Date()})
			}
		}
	}
	w.pastCodes = codes
	if len(codes) == 0 {
		return
	}
	lifts := w.liftReadings(per, codes) // read once for the person, not once an issue
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		m := w.rxPlan(rx)
		if rx.PrescriptionID.IsZero() || m == nil {
			continue
		}
		for _, c := range codes {
			if c.day <= rx.StartDate && w.barsMedicine(c.code, m) && !lifted(c, rx.StartDate, codes, lifts) {
				rx.PrescriptionID = models.ID{}
				w.withdrawn = true
				w.withdrawCompanion(per, rx)
				break
			}
		}
	}
}

// barsMedicine reports whether code bars one of medicine m's classes.
func (w *worker) barsMedicine(code string, m *medPlan) bool {
	return slices.ContainsFunc(w.plan.barsByCode[code], m.inClass)
}

// liftReading is a written result back in range by the re-challenge of a
// rule that codes code.
type liftReading struct {
	code string
	day  models.Date
}

// liftReadings are the written results that lift the codes the person
// holds: those of each result rule whose not_restarted reason is one of
// the codes, back in range by its rechallenge.
func (w *worker) liftReadings(per *person, codes []barredCode) []liftReading {
	out := w.pastLifts[:0]
	for _, rs := range w.plan.stopOf {
		if rs == nil || rs.NotRestarted == nil || rs.NotRestarted.Rechallenge == nil ||
			!slices.ContainsFunc(codes, func(c barredCode) bool { return c.code == rs.NotRestarted.Reason.Snomed }) {
			continue
		}
		results := w.writtenReadings(per, rs.slot, w.pastResults[:0])
		w.pastResults = results
		for _, r := range results {
			if rs.NotRestarted.Rechallenge.Recovered(r.value) {
				out = append(out, liftReading{code: rs.NotRestarted.Reason.Snomed, day: r.day})
			}
		}
	}
	w.pastLifts = out
	return out
}

// lifted reports whether an issue on day d, on or after code c, is clear
// of it: a later code of the same kind stands nearer d (judged on its
// own), or a result lifting c was taken after it, on or before d.
func lifted(c barredCode, d models.Date, codes []barredCode, lifts []liftReading) bool {
	for _, o := range codes {
		if o.code == c.code && o.day > c.day && o.day <= d {
			return true // the latest code decides
		}
	}
	return slices.ContainsFunc(lifts, func(l liftReading) bool { return l.code == c.code && l.day > c.day && l.day <= d })
}

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
			if _, ok := w.plan.barsByCode[c]; ok && c != "" {
				codes = append(codes, barredCode{code: c, day: o.EffectiveTime.Date()})
			}
		}
	}
	w.pastCodes = codes
	if len(codes) == 0 {
		return
	}
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		m := w.rxPlan(rx)
		if rx.PrescriptionID.IsZero() || m == nil {
			continue
		}
		for _, c := range codes {
			if w.barsMedicine(c.code, m) && !w.liftedAfter(per, c, rx.StartDate, codes) {
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

// liftedAfter reports whether an issue on day d is clear of code c: c is
// after d, or a later code of the same kind stands nearer d (judged on its
// own), or a result of a rule coding c, taken after the latest such code on
// or before d, is back in range.
func (w *worker) liftedAfter(per *person, c barredCode, d models.Date, codes []barredCode) bool {
	if c.day > d {
		return true
	}
	for _, o := range codes {
		if o.code == c.code && o.day > c.day && o.day <= d {
			return true // the latest code decides
		}
	}
	for _, rs := range w.plan.stopOf {
		if rs == nil || rs.NotRestarted == nil || rs.NotRestarted.Rechallenge == nil || rs.NotRestarted.Reason.Snomed != c.code {
			continue
		}
		results := w.writtenReadings(per, rs.slot, w.pastResults[:0])
		w.pastResults = results
		for _, r := range results {
			if r.day > c.day && r.day <= d && rs.NotRestarted.Rechallenge.Recovered(r.value) {
				return true
			}
		}
	}
	return false
}

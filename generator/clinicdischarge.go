package generator

import (
	"github.com/code4health/cohortgen/models"
)

// A cardiology, stroke or vascular clinic sees stable coronary heart
// disease, stroke, AF and PAD through the acute episode and its early
// reviews, then discharges the person to the practice, whose yearly
// register reviews go on (catalogue clinic_discharge). Before (h58c, issue
// 9), a background outpatient attendance could name such a condition for
// life: on generate -n 20000 -s 83, 418 of 652 people seen in clinic for
// CHD (3,175 attendances) and 263 of 431 for stroke were still seen more
// than three years after onset, and no attendance for stroke, AF or PAD
// recorded anything.

// avgMonthDays converts a clinic's months of follow-up into days.
const avgMonthDays = 30.44

// dischargedFromClinic reports whether the clinic that follows the
// condition up has discharged the person by day d.
func (hc *heldCondition) dischargedFromClinic(d models.Date) bool {
	cd := hc.plan.ClinicDischarge
	return cd != nil && d > hc.clinicFrom+models.Date(float64(cd.Months)*avgMonthDays)
}

// clinicAttendanceReadings records at a clinic attendance about a condition
// what the clinic measures there (clinic_discharge readings: blood pressure
// and pulse), from a stream of its own keyed by the attendance, so that no
// other draw moves.
func (w *worker) clinicAttendanceReadings(per *person, encID, reason string, t models.Timestamp, seq uint64) {
	k := heldRow(per, reason)
	if k < 0 || len(per.conds[k].plan.clinicReads) == 0 {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeClinicReadings, seq)
	cp := per.conds[k].plan
	for i, slot := range cp.clinicReads {
		n := len(w.b.Observations)
		w.observe(per, encID, t, slot, &s)
		if least := cp.clinicLeast[i]; least > 0 && len(w.b.Observations) > n {
			if o := &w.b.Observations[n]; o.Value != nil && *o.Value < least {
				v := 2*least - *o.Value // a pulse no one could act on (clinic_discharge least)
				o.Value = &v
			}
		}
	}
}

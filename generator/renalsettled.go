package generator

import "github.com/code4health/cohortgen/models"

// A renal ceiling marked settled (allopurinol's maximum by CKD stage:
// prescribing.yaml renal) is raised past only on a settled eGFR: read on the
// latest result alone, readings either side of 45 lowered and raised the
// dose at each monthly urate check (brief h67f: 44 -> 300 mg, 51 and 50 ->
// 400 mg, 44 -> 300 mg, over a year). As CKD is staged on results more than
// 3 months apart (NICE NG203 1.1), a raise (or a start) reads the lowest of
// the results of the 90 days up to the latest and the last one before them,
// so the results must clear the band across at least 3 months. A lowering
// still reads the latest result (no issue above the ceiling of the latest
// eGFR: TestAllopurinolWithinTheRenalCeiling). With no result the eGFR the
// caller read (the usual level) stands.

// settledSpanDays is the span of results a settled raise reads (NG203's
// more than 3 months).
const settledSpanDays = 90

// ceilingRaiseEGFR is the eGFR a raise or start of medicine m reads on day d
// against its renal ceiling; egfr is the latest (latestEGFR).
func ceilingRaiseEGFR(per *person, m *medPlan, d models.Date, egfr float64) float64 {
	if m.renal == nil || !m.renal.Settled {
		return egfr
	}
	return min(egfr, egfrSettledLow(per, d))
}

// egfrSettledLow is the lowest eGFR result on or before day d (at most
// egfrSeenDays old) within settledSpanDays of the latest, and the latest
// result before that span; noEGFR when there is none.
func egfrSettledLow(per *person, d models.Date) float64 {
	latest := models.NoDate
	for _, r := range per.egfrSeen {
		if r.day <= d && d-r.day <= egfrSeenDays && (latest == models.NoDate || r.day > latest) {
			latest = r.day
		}
	}
	if latest == models.NoDate {
		return noEGFR
	}
	low, beforeAt, before := noEGFR, models.NoDate, noEGFR
	for _, r := range per.egfrSeen {
		switch {
		case r.day > d || d-r.day > egfrSeenDays:
		case latest-r.day <= settledSpanDays:
			low = min(low, r.value)
		case beforeAt == models.NoDate || r.day > beforeAt || r.day == beforeAt && r.value < before:
			beforeAt, before = r.day, r.value
		}
	}
	return min(low, before)
}

package generator

import (
	"github.com/code4health/cohortgen/models"
)

// A culture's growth is recorded when the laboratory reports it (brief
// h75c, test_results.yaml reported). The model writes a culture at the
// contact its sample is taken at, and every step that reads it (the
// result call, the switch, the stop on no growth, the infant's scan) keys
// on that contact and day; once they have run, the row is split: the
// sample is coded at the contact (its own code, no value), and the growth
// is timed at the report. It stays the contact's row (the report answers
// that contact's request, as a FHIR Observation's encounter is the one it
// was requested in). A urine's is timed at the start of the contact about
// the episode that gives its result (culturedecision.go, cultureresult.go,
// nogrowthstop.go); with no such contact, and for a blood culture, at the
// sample's hour on the report's day. A report past the end of the record
// (after the day of death, or after a death in hospital that day) is not
// in it. Before,
// 8,791 urine growths were timed 4 minutes into the sampling visit, and a
// blood culture's "No growth" a minute after it was taken (generate -n
// 20000 -s 83).

// cultureReports splits each culture of the person's record into its
// sample, at its contact, and its growth, at the report.
func (w *worker) cultureReports(per *person) {
	// the few tests a laboratory reports later, found once per worker
	// rather than among all the tests for every coded observation
	if w.reportedTests == nil {
		w.reportedTests = []*testResultPlan{}
		for k := range w.plan.testResults {
			if w.plan.testResults[k].report != nil {
				w.reportedTests = append(w.reportedTests, &w.plan.testResults[k])
			}
		}
	}
	reported := w.reportedTests
	n := len(w.b.Observations)
	for i := per.obsFrom; i < n; i++ {
		o := &w.b.Observations[i]
		if o.ValueCode == "" || o.ObservationID.IsZero() {
			continue
		}
		var tp *testResultPlan
		for _, r := range reported {
			if r.snomed == o.SnomedCode {
				tp = r
			}
		}
		if tp == nil {
			continue
		}
		r := tp.report
		days := r.GrownDays
		if o.ValueCode == r.NoGrowth {
			days = r.NoGrowthDays
		}
		sample := w.observation(per, o.EncounterID, o.EffectiveTime, &tp.sample)
		at := o.EffectiveTime.AddMinutes(days * 24 * 60)
		if cp := w.plan.cultureResult; cp != nil && o.SnomedCode == cp.culture.Snomed {
			if start, ok := w.resultCallOf(per, o.EncounterID, o.EffectiveTime.Date()); ok {
				at = start
			}
		}
		if at.Date() > per.lastDay || diedBefore(per, at) {
			o.ObservationID = models.ID{} // reported after the record ends
			w.obsWithdrawn = true
		}
		o.EffectiveTime = at
		w.b.Observations = append(w.b.Observations, sample)
	}
}

// diedBefore reports whether the patient died in hospital at the end of a
// stay on the day of death before t: the record ends at that moment, not
// at the day's end, and a laboratory report later that day is not in it
// (fix75b: 2 reports of seed 7's 4,000 written hours after a death on the
// ward, TestNoRecordAfterADeathInHospital).
func diedBefore(per *person, t models.Timestamp) bool {
	for _, st := range per.stays {
		if afterDeathIn(per, st, t) {
			return true
		}
	}
	return false
}

// resultCallOf finds the first GP contact after day, about the problem of
// contact encID, that gives a urine culture's result (codes it given),
// within the week after the report that the result calls keep to
// (uticulture.yaml act_within_days): its start.
func (w *worker) resultCallOf(per *person, encID string, day models.Date) (models.Timestamp, bool) {
	cp := w.plan.cultureResult
	visit := w.encounterByID(per, encID)
	if cp == nil || visit == nil || visit.ReasonConditionID == "" {
		return 0, false
	}
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		x := &w.b.Encounters[e]
		d := x.StartTime.Date()
		if x.Setting != settingGP || x.ReasonConditionID != visit.ReasonConditionID || d <= day || d > day+models.Date(cp.ReportDays[1]+cp.ActWithin) {
			continue
		}
		for i := per.obsFrom; i < len(w.b.Observations); i++ {
			if o := &w.b.Observations[i]; o.EncounterID == x.EncounterID && o.SnomedCode == cp.informed.Snomed {
				return x.StartTime, true
			}
		}
	}
	return 0, false
}

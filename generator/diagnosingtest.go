package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// The test a cancer's diagnosis rests on (brief h56b). A cancer referred
// urgently was coded at the first clinic attendance, a few days after the
// referral, with no colonoscopy, scan or biopsy before it. Now that clinic
// books the site's defining investigation (cancer_routes.yaml
// investigation), a day case or a scan typed by its procedure, and the
// cancer is diagnosed at the clinic that gives the result. The days come
// from a stream of the cancer's own (routeDiagnosis), drawn up front, so
// diagnosisDue can foresee the diagnosis day before the pathway is booked
// and the pathway's other draws (the treatments) do not move.

// diagnosisGaps are the days from the first clinic to the test and from the
// test to the result's clinic for held condition hc; false when its site
// has no investigation.
func (w *worker) diagnosisGaps(per *person, hc *heldCondition) (test, results models.Date, s distributions.Stream, ok bool) {
	if hc.site == nil || hc.site.route == nil || hc.site.route.investigation == nil {
		return 0, 0, s, false
	}
	t := hc.site.route.timing
	s = w.routeStream(per, hc, routeDiagnosis)
	test = models.Date(between(t.TestDays, &s))
	results = models.Date(between(t.ResultsDays, &s))
	return test, results, s, true
}

// diagnosisDay foresees the day held condition hc will be diagnosed when
// its first clinic is asked for on day clinic: the result's clinic after
// its test, or that clinic itself when the site has no test; on a working
// day.
func (w *worker) diagnosisDay(per *person, hc *heldCondition, clinic models.Date) models.Date {
	if test, results, _, ok := w.diagnosisGaps(per, hc); ok {
		clinic += test + results
	}
	return nextWorkingDay(clinic)
}

// diagnosingTest books, after the first clinic on day first, held
// condition hc's investigation (about its symptom: hc.symptomID, the
// clinic's reason) and the clinic that gives its result, and
// returns that clinic (the diagnosing encounter); when no result clinic
// fits, the test itself; false when no test fits (the first clinic
// diagnoses, as before).
func (w *worker) diagnosingTest(per *person, hc *heldCondition, first models.Date) (string, models.Timestamp, bool) {
	gap, results, s, ok := w.diagnosisGaps(per, hc)
	if !ok {
		return "", 0, false
	}
	enc, at, ok := w.investigation(per, hc.symptomID, hc.site.route.investigation, first+gap, &s)
	if !ok {
		return "", 0, false
	}
	w.scanFirst(per, hc, first, at.Date()) // only before a test that is written (its reason, the symptom, is kept then)
	if d := at.Date() + results; testable(per, d) {
		if renc, rat, ok := w.outpatientAt(per, d, hc.id, &s); ok {
			return renc, rat, true
		}
	}
	return enc, at, true
}

// testable reports whether the test or its result's clinic can be booked
// on day d: in the record. Unlike a planned attendance (planned), not kept
// off the weeks before end-of-life care: a cancer found late is still
// scanned or biopsied before it is diagnosed, and end-of-life care then
// begins after the diagnosis (urgentPathways).
func testable(per *person, d models.Date) bool { return d <= per.lastDay }

// investigation writes test inv about problem reason on day d or the first
// day after it that fits within a week: a day case (an endoscopy, a
// biopsy) or an outpatient attendance (a scan), typed by its procedure. A
// day case is not planned in the weeks before end-of-life care (the
// audit's elective-after-end-of-life-care): there the test is an
// outpatient attendance. Nor over a contact already written: a referral
// that finds no cancer books its test once the GP's contacts are
// (ruledout.go), and no visit starts inside a stay or on its day
// (TestNoGPContactOnAPlannedOperationDay).
func (w *worker) investigation(per *person, reason string, inv *datasets.Investigation, d models.Date, s *distributions.Stream) (string, models.Timestamp, bool) {
	if !inv.DayCase || !planned(per, d) { // no planned admission in end-of-life care: the test in clinic
		if !testable(per, d) {
			return "", 0, false
		}
		enc, at, ok := w.outpatientAt(per, d, reason, s)
		if ok {
			e := &w.b.Encounters[len(w.b.Encounters)-1]
			e.TypeCode, e.TypeDisplay = inv.Snomed, inv.Display
		}
		return enc, at, ok
	}
	for tries := 0; tries < 7; tries, d = tries+1, d+1 {
		day, _ := clinicStart(d, s) // (the start: dayCaseTimes)
		if !planned(per, day) {
			return "", 0, false
		}
		_ = s.IntN(4) // the draw that timed it before, so the stream stays as it was
		start, end := w.dayCaseTimes(per, day, dayCaseInvestigation)
		if w.encounterStartsIn(per, start, end) || w.gpContactOn(per, day) >= 0 || !addStay(per, start, end) {
			d = day
			continue
		}
		enc := w.addEncounter(per, encDayCase, settingInpatient, start, end, reason, "11")
		e := &w.b.Encounters[len(w.b.Encounters)-1]
		e.TypeCode, e.TypeDisplay = inv.Snomed, inv.Display
		return enc, start, true
	}
	return "", 0, false
}

// symptomReasonsKept gives the clinic and test of a cancer whose referring
// consultation was never written (so no symptom problem either: the record
// ends, or a stay took the day) the cancer as their reason, as before: no
// encounter names a problem the record does not hold. notAfterContacts
// then dates the cancer back to that clinic.
func (w *worker) symptomReasonsKept(per *person) {
	for k := range per.conds {
		hc := &per.conds[k]
		if hc.symptomID == "" || hc.symptomWritten {
			continue
		}
		w.renameReason(per, hc.symptomID, hc.id)
	}
}

// codeNoTreatment records, at clinic enc (start) that diagnosed held
// condition hc or decided its care after an emergency, the decision its
// site's cancers take when no surgery, chemotherapy or radiotherapy
// follows (cancer_routes.yaml no_treatment). Before (brief h56b), 168 of
// 661 cancers diagnosed through the urgent pathway had neither a treatment
// nor a palliative care register entry within 90 days, and nothing on the
// record said why (generate -n 20000 -s 83). A man old enough to be
// watched at the practice (markers.go watchedAtPractice) has watchful
// waiting coded, not active surveillance (brief h75f: 0 of 118 prostate
// cancers diagnosed in the record were coded watchful waiting, 21 men of
// 80 and over coded active surveillance, generate -n 20000 -s 83).
func (w *worker) codeNoTreatment(per *person, hc *heldCondition, enc string, start models.Timestamp) {
	if hc.site == nil || hc.site.route == nil || hc.site.route.noTreatment == nil {
		return
	}
	code := hc.site.route.noTreatment
	if r := hc.site.route; r.watchful != nil && hc.site.marker.watchedAtPractice(per, start.Date()) {
		code = r.watchful
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, enc, start.AddMinutes(10), code))
	if d := start.Date(); hc.site.route.untreated == datasets.UntreatedSupportiveCare && (per.supportiveFrom == 0 || d < per.supportiveFrom) {
		per.supportiveFrom = d // best supportive care: routine screening stops (person.go screeningStopped)
	}
}

// problemCodedAt is the id of the person's problem coded snomed at one of
// the encounters encs ("": none).
func (w *worker) problemCodedAt(per *person, snomed string, encs ...string) string {
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		if c := &w.b.Conditions[k]; c.SnomedCode == snomed && slices.Contains(encs, c.DiagnosisEncounterID) {
			return c.ConditionID
		}
	}
	return ""
}

// renameReason makes the person's encounters about problem from about
// problem to.
func (w *worker) renameReason(per *person, from, to string) {
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if e := &w.b.Encounters[i]; e.ReasonConditionID == from {
			e.ReasonConditionID = to
		}
	}
}

// encounterStartsIn reports whether one of the person's encounters starts
// strictly inside (start, end): a day case there would hold it.
func (w *worker) encounterStartsIn(per *person, start, end models.Timestamp) bool {
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if t := w.b.Encounters[i].StartTime; t > start && t < end {
			return true
		}
	}
	return false
}

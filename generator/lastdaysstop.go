package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The last days with no syringe driver (h73g, issue 9). A GP review found
// the people dying at home on the register with no syringe driver taking
// apixaban, bisoprolol, furosemide and ramipril to the day of death (with
// one, every oral medicine ends the day before it: syringedriver.go). When
// the person is recognised as dying the medicines are reviewed and those
// not providing symptomatic benefit stop (NICE NG31; catalogue end_of_life
// syringe_driver without_driver): at a GP home visit in the same last days
// the oral medicines of its classes stop. The opioid, the laxative and the
// rest go on.

// lastDaysReview is that review, for a planned death at home (the people
// the syringe driver is drawn for) who had none, on the palliative care
// register (regID). Its day and visit draw from a stream of their own, so
// no other record moves.
func (w *worker) lastDaysReview(per *person, regID string) {
	sd := w.plan.Cat.EndOfLife.SyringeDriver
	if sd == nil || sd.WithoutDriver == nil || regID == "" || per.death == models.NoDate || per.syringeSet != 0 || inStayOn(per, per.death) {
		return
	}
	if _, planned := w.homeDeathPlanned(per); !planned {
		return
	}
	if per.cohort != nil && len(per.cohort.drugs) > 0 { // a scenario's named medicines run to the end (as syringeDay)
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeLastDaysReview)
	lo, hi := sd.DaysBefore[0], sd.DaysBefore[1]
	d := per.death - models.Date(lo+s.IntN(hi-lo+1))
	for ; ukClock.closed(d) && d > per.death-models.Date(hi+3); d-- {
	}
	if ukClock.closed(d) || d < per.eolStart || d < per.firstDay {
		return
	}
	for x := d; x <= per.death; x++ {
		if inStayOn(per, x) {
			return
		}
	}
	enc, start := w.lastDaysHomeVisit(per, d, &s)
	if enc == "" {
		return
	}
	d = start.Date()
	if repeatMedicines(per, d) > 0 && !w.medReviewAt(per, enc) {
		w.b.Observations = append(w.b.Observations, w.observation(per, enc, start.AddMinutes(3), &w.plan.medReviews.done))
		per.medReviewedOn = d
	}
	for k := range per.courses {
		c := &per.courses[k]
		if !c.forced && c.running(d) && c.reg != nil && oralForm(c.reg.Form) && lastDaysClass(c.meds, sd.WithoutDriver) {
			w.stopCourse(per, k, d)
		}
	}
	per.lastDaysStop = d
}

// lastDaysClass reports whether medicine m is of a class the review stops.
func lastDaysClass(m *medPlan, wd *datasets.LastDaysStop) bool {
	return m != nil && slices.ContainsFunc(wd.Classes, m.inClass)
}

// medReviewAt reports whether a medication review is coded at encounter
// enc already.
func (w *worker) medReviewAt(per *person, enc string) bool {
	code := w.plan.medReviews.done.Snomed
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		if o := &w.b.Observations[i]; o.EncounterID == enc && o.SnomedCode == code {
			return true
		}
	}
	return false
}

// oralEndsAtLastDays ends, the day before the review of the last days, the
// other issues of its classes taken by mouth that run on its day (an
// anticoagulant's repeat issued outside the courses); one begun on or
// after it is withdrawn. Run once every issue is written.
func (w *worker) oralEndsAtLastDays(per *person) {
	d := per.lastDaysStop
	if d == 0 {
		return
	}
	wd := w.plan.Cat.EndOfLife.SyringeDriver.WithoutDriver
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.PatientID != per.id || rx.PrescriptionID.IsZero() || (rx.EndDate != models.NoDate && rx.EndDate < d) || !lastDaysClass(w.rxPlan(rx), wd) {
			continue
		}
		if g, ok := datasets.RegimenByDMD(rx.DMDCode); !ok || !oralForm(g.Form) {
			continue
		}
		if rx.StartDate >= d {
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
			continue
		}
		rx.EndDate = d - 1
	}
}

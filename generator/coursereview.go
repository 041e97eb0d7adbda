package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A long course of some medicines is reviewed after so many years of it
// (catalogue reviews.course_review): oral alendronic acid is reassessed
// after 5 years, with a repeat DXA scan, to decide on a drug holiday or
// going on (NOGG 2022). h57f: 25 people had taken it more than 5 years
// (generate -n 20000 -s 83) and none had a scan in the year after the
// fifth.
// The review is held at the condition's own review in the weeks after the
// day, else at one booked then; its day comes from a stream of its own, so
// no other record moves. The medication review follows its yearly schedule
// (medicationreview.go). The scan's T-score is written with every test's
// (testresults.go, which runs after this pass).

// courseReviews records the review of each course of a condition's
// course_review medicine that has run its after_days inside the record.
func (w *worker) courseReviews(per *person) {
	for ci := range per.conds {
		hc := &per.conds[ci]
		cr := hc.plan.Reviews.CourseReview
		if cr == nil || hc.row < 0 {
			continue
		}
		for k := range per.courses {
			c := &per.courses[k]
			if c.cond != ci || c.med == nil || c.med.Key != cr.Medicine {
				continue
			}
			due := c.start + models.Date(cr.AfterDays)
			if due < per.firstDay || due > per.lastDay || (c.stop != models.NoDate && c.stop <= due) || per.inEndOfLifeCare(due) {
				continue
			}
			w.reviewCourse(per, hc, cr, due)
		}
	}
}

// reviewCourse records cr's observations at the condition's review held
// within cr.Days of due, or at a review booked in that span.
func (w *worker) reviewCourse(per *person, hc *heldCondition, cr *datasets.CourseReview, due models.Date) {
	from, to := due+models.Date(cr.Days[0]), due+models.Date(cr.Days[1])
	enc, at := "", models.Timestamp(0)
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		e := &w.b.Encounters[i]
		if d := e.StartTime.Date(); e.ReasonConditionID == hc.id && e.Setting == settingGP && d >= from && d <= to && (enc == "" || e.StartTime < at) {
			enc, at = e.EncounterID, e.StartTime
		}
	}
	if enc == "" {
		s := per.stream(w.plan.Opts.Seed, purposeCourseReview, uint64(hc.plan.idx), uint64(due))
		day := from + models.Date(s.IntN(int(to-from)+1))
		if day > per.lastDay || per.inEndOfLifeCare(day) {
			return
		}
		id, start, ok := w.gpVisit(per, day, encChronicReview, hc.id, &s)
		if !ok || start.Date() > per.lastDay {
			return
		}
		enc, at = id, start
		// a review of the condition like any other: its review readings too
		// (an osteoporosis review weighs, merge of stop 57)
		for _, slot := range hc.plan.reviewSlots(per.ageOn(day)) {
			if !w.monitoringStopped(per, slot, day) {
				w.observeOnce(per, id, start, slot, &s)
			}
		}
	}
	w.courseScan(per, hc, cr, due, at)
	// the medicines are reviewed there too, on the yearly medication
	// review's own schedule (medicationreview.go: not twice in a year)
	w.medicationReview(per, enc, at, at.Date())
}

// courseScan records the course review's scans (the DXA) at a hospital
// attendance scan_before_days before the review (at), which reads them.
// h69f: a DXA is a radiology test, never done in a GP room, on the telephone
// or at a home visit; on main 36 of 207 DXA scans (generate -n 20000 -s 83)
// were coded at the GP review itself, one at a home visit. The day comes
// from a stream of its own; none when no clinic slot fits.
// fix69a: the scan is a test, not a clinic follow-up (osteoporosis has none,
// TestClinicsFollowUpSpecialistConditionsOnly): its attendance is typed as
// the scan, as investigation() types a test's. It is booked from the 5-year
// anniversary (due) on, never before it (11 of 25 courses had their scan
// before the anniversary the review is for), and before the review.
func (w *worker) courseScan(per *person, hc *heldCondition, cr *datasets.CourseReview, due models.Date, at models.Timestamp) {
	review := at.Date()
	s := per.stream(w.plan.Opts.Seed, purposeCourseScan, uint64(hc.plan.idx), uint64(review))
	d := max(review-models.Date(between(cr.ScanBefore, &s)), due)
	if d < per.firstDay || !planned(per, d) || len(hc.plan.courseCodes) == 0 {
		return
	}
	// outpatientAt's slot, booked only when it falls before the review
	// (which reads the scan)
	d, start, end, ok := clinicSlot(per, d, hc.id, &s)
	if !ok || end > at {
		return
	}
	enc := w.clinicAt(per, d, start, end, hc.id)
	e := &w.b.Encounters[len(w.b.Encounters)-1]
	scan := &hc.plan.courseCodes[0]
	e.TypeCode, e.TypeDisplay = scan.Snomed, scan.Term
	for i := range hc.plan.courseCodes {
		w.b.Observations = append(w.b.Observations, w.observation(per, enc, start.AddMinutes(5+i), &hc.plan.courseCodes[i]))
	}
}

// resolveCourseReviews looks up the codes each course_review records
// (observation_codes.csv) and checks its medicine and days.
func (p *Plan) resolveCourseReviews() error {
	for ci := range p.conds {
		cr := p.conds[ci].Reviews.CourseReview
		if cr == nil {
			continue
		}
		where := p.conds[ci].Key + " reviews.course_review"
		if _, ok := datasets.MedicineByKey(cr.Medicine); !ok {
			return fmt.Errorf("catalogue: %s: medicine %q is not in medicines.csv", where, cr.Medicine)
		}
		if cr.AfterDays <= 0 || cr.Days[0] < 0 || cr.Days[1] < cr.Days[0] || cr.ScanBefore[1] < cr.ScanBefore[0] || len(cr.Observations) == 0 || cr.Source == "" {
			return fmt.Errorf("catalogue: %s needs after_days above 0, days [least, most], observations and a source", where)
		}
		for _, k := range cr.Observations {
			code, ok := datasets.ObservationByKey(k)
			if !ok {
				return fmt.Errorf("catalogue: %s: observation %q is not in observation_codes.csv", where, k)
			}
			p.conds[ci].courseCodes = append(p.conds[ci].courseCodes, code)
		}
	}
	return nil
}
